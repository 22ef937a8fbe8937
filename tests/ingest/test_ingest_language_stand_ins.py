"""Language detection counts tokens of text the byte codec cannot encode as the regex path does."""

from __future__ import annotations

import random

from builder.ingest import metadata

# Letters and other characters cp1252 cannot encode: Turkish, Polish, Greek (final sigma), Cyrillic, a Kelvin sign
# and a capital sharp s (lower case that cp1252 can encode), ligatures, superscripts, other digits, combining
# marks, dashes, emoji, a lone surrogate.
ODD = "ğĞıİşŞłŁćĆőŐΣσςΑβЖжK\u1e9eﬁﬂ⁴₂٣\u0301\u0308−→€…„“😀\ud800ǅ"
WORDS = ["der", "die", "und", "DIE", "Der", "the", "and", "le", "la", "de", "het", "il", "y", "kein", "Straße"]


def test_ingest_language_stand_ins_same_counts_as_regex_tokens():
    rng = random.Random(5)
    alphabet = ODD + "abcdeßäöüÄÖÜ ABC.,-_1 \n"
    for _ in range(3000):
        parts = []
        for _ in range(rng.randint(1, 12)):
            if rng.random() < 0.5:
                parts.append(rng.choice(WORDS))
            else:
                parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))))
        text = "".join(p + rng.choice([" ", "", "-", ", "]) for p in parts)
        assert metadata._token_counts(text) == metadata._token_counts_slow(text), repr(text)


def test_ingest_language_stand_ins_every_character_alone():
    for code in list(range(0x3000)) + [0x1E9E, 0x212A, 0xFB01, 0x1F600, 0xD800]:
        ch = chr(code)
        text = f"der {ch}der {ch} und{ch}die"
        assert metadata._token_counts(text) == metadata._token_counts_slow(text), hex(code)
