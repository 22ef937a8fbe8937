"""The fast paths of cleaning compute the same thing as the plain algorithms they replace.

Each plain algorithm is written out here (as it was before the speed-up) and compared with the module's result on
random texts made of seed-article lines, every rule's own examples, and awkward characters.
"""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from builder.ingest import boilerplate, encoding, metadata, personal_data

SEEDS = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))
ODD_BITS = ["\u00a0", "\u2009", "\t", "\u00ad", "\u200b", "\ufeff", "\x07", "\x85", "\r\n", "\r", "e\u0301",
            "A\u030a", "  ", " \n", "\n ", "\n\n\n", "İstanbul", "ſie", "K", "²", "٣", "Ÿ", "µ", "ΟΔΟΣ'Α", "😀",
            "The government said it would not", "le gouvernement et les gens", "„Wir“, sagte sie.", "—", "…"]


def _examples() -> list[str]:
    out = []
    for rule in boilerplate.load_rules():
        out += [rule.catches, rule.keeps]
    for rule in personal_data.load_pii_rules():
        out += [rule.catches, rule.keeps]
    return out


def _random_texts(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    lines = [line for p in SEEDS for line in p.read_text(encoding="utf-8").split("\n")]
    pieces = lines + _examples() + ODD_BITS
    texts = []
    for _ in range(n):
        parts = [rng.choice(pieces) for _ in range(rng.randint(1, 30))]
        texts.append("".join(p + rng.choice(["\n", "\n\n", " ", ". ", "\t", ""]) for p in parts))
    return texts


TEXTS = _random_texts(400) + [p.read_text(encoding="utf-8") for p in SEEDS]


def _normalise_plain(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = encoding._DROP.sub("", text)
    text = encoding._SPACES.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = encoding._EDGE_SPACES.sub("\n", text)
    text = encoding._BLANKS.sub("\n\n", text)
    return text.strip()


def test_ingest_fast_normalise_same_as_every_step():
    for text in TEXTS:
        assert encoding.normalise(text) == _normalise_plain(text)


def test_ingest_fast_normalise_odd_characters_are_exactly_those_the_steps_change():
    odd = {chr(c) for c in range(sys.maxunicode + 1) if encoding._ODD.match(chr(c))}
    changed = {chr(c) for c in range(sys.maxunicode + 1)
               if encoding._DROP.match(chr(c)) or (encoding._SPACES.match(chr(c)) and chr(c) != " ")}
    assert odd == changed


def _boilerplate_plain(text: str, rules) -> list[boilerplate.Cut]:
    """Every rule on every line (``Rule.matches_line``), as before the combined pre-tests."""
    spans = boilerplate._lines(text.split("\n"))
    lines = [text[s:e] for s, e in spans]
    words = [len(line.split()) for line in lines]
    n = len(lines)
    head_end = next((i for i, w in enumerate(words) if w >= boilerplate.BODY_WORDS), n)
    half = len(text) / 2
    marks = [None] * n

    def allowed(rule, i):
        return i < head_end if rule.where == "head" else spans[i][0] >= half if rule.where == "tail" else True

    for i, line in enumerate(lines):
        if not line or marks[i] is not None:
            continue
        for rule in (r for r in rules if r.kind in ("line", "line_and_next")):
            if allowed(rule, i) and rule.matches_line(line):
                marks[i] = rule
                if rule.kind == "line_and_next":
                    j = i + 1
                    while j < n and not lines[j]:
                        j += 1
                    if j < n and words[j] <= boilerplate.TEASER_WORDS and marks[j] is None:
                        marks[j] = rule
                break
    for rule in (r for r in rules if r.kind == "trailer"):
        start = next((i for i in range(n) if lines[i] and allowed(rule, i) and rule.matches_line(lines[i])), None)
        if start is None:
            continue
        first = start
        while first > 0 and (not lines[first - 1] or (words[first - 1] <= boilerplate.HEADING_WORDS
                                                      and not lines[first - 1].endswith(boilerplate._FINAL_PUNCT))):
            first -= 1
        for i in range(first, n):
            if lines[i] and marks[i] is None:
                marks[i] = rule
        break
    inline = [boilerplate.Cut(spans[i][0] + m.start(), spans[i][0] + m.end(), rule.ident, rule.reason)
              for rule in rules if rule.kind == "inline"
              for i, line in enumerate(lines)
              if line and marks[i] is None and allowed(rule, i) and len(line.split()) <= rule.max_words
              for m in rule.regex.finditer(line) if m.end() > m.start()]
    cuts = []
    for i, rule in enumerate(marks):
        if rule is None:
            continue
        s, e = spans[i]
        prev = cuts[-1] if cuts else None
        if prev and prev.rule == rule.ident and not text[prev.end:s].strip():
            cuts[-1] = boilerplate.Cut(prev.start, e, rule.ident, rule.reason)
        else:
            cuts.append(boilerplate.Cut(s, e, rule.ident, rule.reason))
    return sorted(cuts + inline, key=lambda c: c.start)


def test_ingest_fast_boilerplate_same_as_every_rule_on_every_line():
    rules = boilerplate.load_rules()
    for text in TEXTS:
        norm = encoding.normalise(text)
        assert boilerplate.find_boilerplate(norm) == _boilerplate_plain(norm, rules)
        assert boilerplate.find_boilerplate(norm, normalised=True) == _boilerplate_plain(norm, rules)
        assert boilerplate.find_boilerplate(norm[5:], normalised=True) == _boilerplate_plain(norm[5:], rules)


def test_ingest_fast_boilerplate_inline_rule_and_rule_subsets():
    rules = boilerplate.load_rules()
    inline = boilerplate.Rule(name="x_inline", version=1, reason="boilerplate:test", kind="inline", where="anywhere",
                              max_words=20, regex=re.compile(r"\(dpa\)|\[mehr\]"), catches="", keeps="")
    for subset in (rules[:3], rules[5:], (inline,), rules + (inline,)):
        for text in TEXTS[:100] + ["Berlin (dpa) Der Rat tagte. [mehr]\nFoto: dpa"]:
            norm = encoding.normalise(text)
            assert boilerplate.find_boilerplate(norm, subset) == _boilerplate_plain(norm, subset)


@pytest.mark.parametrize("sample", [5000, 40])
def test_ingest_fast_language_counts_same_as_regex_tokens(sample):
    every_byte = bytes(b for b in range(256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)).decode("cp1252")
    for text in TEXTS + [every_byte, every_byte.upper(), "DIE DER UND " * 5 + every_byte]:
        fast = metadata._token_counts(text[:sample])
        if fast is not None:
            assert fast == metadata._token_counts_slow(text[:sample])


def test_ingest_fast_language_byte_table_is_used():
    assert metadata._byte_table() is not None
    assert metadata._token_counts("Die Regierung hat am Montag ein Gesetz beschlossen.") is not None


PII_BITS = ["IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX", "DE89370400440532013000", "GB82 WEST 1234 5698 7654 32",
            "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "Tel. +49 (0)30 1234-567",
            "Fax:\n030/12345678", "0171 2345678", "+43 664 1234567", "0049 30 123456", "a.b@example.com", "x@y.de.",
            "HTTPS://WWW.PAYPAL.ME/x", "paypal.me", "www.patreon.com/x?y", "Paypal.com", "ko-fi.com/abc", "cash.app/$x",
            "0x52908400098527886E0F7030069857D2E4169EE7", "BIC: COBADEFFXXX", "SWIFT-Code DEUTDEFF", "2000 Euro", "00"]


def test_ingest_fast_personal_data_same_without_anchors():
    """``starts_at``, ``contains`` and ``within`` only skip text: the rules without them find the same."""
    import dataclasses

    rules = personal_data.load_pii_rules()
    assert any(r.starts_at for r in rules) and any(r.contains for r in rules) and any(r.within for r in rules)
    plain = tuple(dataclasses.replace(r, starts_at=None, contains=None, within=None) for r in rules)
    rng = random.Random(1)
    texts = TEXTS + ["".join(rng.choice(PII_BITS + [" ", "\n", ", ", "Text "]) for _ in range(40)) for _ in range(300)]
    for text in texts:
        spans = [(0, len(text) // 3), (len(text) // 2, len(text))]
        scans: dict[str, list[int]] = {}  # shared by two calls on one text, as article_from_text does
        assert personal_data.find_personal_data(text, scans=scans) == personal_data.find_personal_data(text, rules=plain)
        assert (personal_data.find_personal_data(text, spans, scans=scans)
                == personal_data.find_personal_data(text, spans, rules=plain))


def _published_plain(text: str) -> str | None:
    for m in metadata.DATE.finditer(text, 0, min(len(text), metadata.DATE_WINDOW)):
        if m.group("nd") or m.group("gd") or m.group("id"):
            return metadata._iso(m)
    return None


def test_ingest_fast_published_same_as_scanning_from_the_start():
    dates = ["12. Februar 2025", "Feb. 2025", "12.02.2025", "2025-02-12", "September\n\n 2024", "3.  März 2024",
             "Stand: 1. Jan 2020", "2025", "Mai 2023-05-04", "am 3.3.2003", "31.September 2020", "3.\n\n März\n 2024",
             "12.05.", "19", "20", "1999", "xMärz 2020", "Sept.    2021", "٣.٣.٢٠٢٠"]
    rng = random.Random(2)
    texts = TEXTS + ["".join(rng.choice(dates + ["Text ", " ", "\n", "x", "Dezember ", "7"]) for _ in range(30))
                     for _ in range(500)]
    for text in texts:
        assert metadata.find_published(text) == _published_plain(text)
        assert metadata.find_published(text[200:]) == _published_plain(text[200:])


def test_ingest_fast_utf8_check_only_skips_text_with_nothing_to_do():
    every_char = "".join(map(chr, range(0x250))) + "\ufffd\u2013\u20ac\u2122€ÃÂâ"
    rng = random.Random(3)
    texts = TEXTS + ["".join(rng.choice(every_char) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    for text in texts:
        raw = text.encode("utf-8", "surrogatepass")
        if encoding._plain_utf8(raw):
            assert not encoding._CONTROLS.search(text) and not encoding._MOJIBAKE.search(text)
    assert encoding._plain_utf8("Grüße «aus» Köln – 5 €".encode())
    assert not encoding._plain_utf8("a\x85b".encode())


def test_ingest_fast_normalise_plain_text_stays_plain_under_nfc():
    """NFC never turns a character that normalising keeps into one it removes or rewrites (so cleaned pieces of
    normalised text can skip that test: ``normalise(..., plain=True)``)."""
    odd = encoding._ODD
    for c in range(sys.maxunicode + 1):
        ch = chr(c)
        if not odd.match(ch) and not 0xD800 <= c <= 0xDFFF:
            assert odd.search(unicodedata.normalize("NFC", ch)) is None, hex(c)
    for text in TEXTS:
        norm = encoding.normalise(text)
        assert odd.search(norm) is None
        joined = norm[: len(norm) // 3] + "[IBAN]" + norm[len(norm) // 2:]
        assert encoding.normalise(joined, plain=True) == _normalise_plain(joined)


def test_ingest_fast_apply_same_as_normalising_the_joined_text():
    from builder.ingest import _apply

    rng = random.Random(4)
    for text in TEXTS:
        norm = encoding.normalise(text)
        if len(norm) < 10:
            continue
        for _ in range(5):
            points = sorted(rng.sample(range(len(norm)), min(len(norm), 6)))
            cuts = [boilerplate.Cut(a, b, "r@1", "x", rng.choice(["", "", "[IBAN]", " ", "\n", "a\u0301"]))
                    for a, b in zip(points[::2], points[1::2])]
            joined = "".join(norm[p:c.start] + c.replacement for p, c in zip([0] + [c.end for c in cuts], cuts))
            joined += norm[cuts[-1].end:] if cuts else norm
            assert _apply(norm, cuts) == _normalise_plain(joined)
