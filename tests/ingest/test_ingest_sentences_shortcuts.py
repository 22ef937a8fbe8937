"""The sentence splitter's shortcuts compute what the readable reference does."""

from __future__ import annotations

import random
import re

from builder.ingest import sentences


def _tails() -> list[str]:
    abbreviations = sorted(sentences._abbreviations()[0])
    words = ["Der", "Rat", "tagte", "am", "3", "Montag", "Weber", "(", "„", "-", "/", "ab", "Str", "tr", "z", "B"]
    rng = random.Random(7)
    tails = []
    for _ in range(4000):
        parts = [rng.choice(abbreviations + words) for _ in range(rng.randint(1, 4))]
        joins = [rng.choice([" ", "", "(", "„", "\n", "\u00a0", "-", "x"]) for _ in parts]
        tail = "".join(j + p for j, p in zip(joins, parts))
        tail += rng.choice(["", "", ".", "\n", " "])
        tails.append(tail[-rng.randint(1, 16):])
    return tails + abbreviations + [a[1:] for a in abbreviations] + ["", ".", "\n", "S.\n", "(S.", "xS."]


def test_ingest_sentences_shortcuts_abbreviation_end_same_as_regex():
    reference = sentences._rules()[0]
    for tail in _tails():
        assert sentences._ends_with_abbreviation(tail) == (reference.search(tail) is not None), repr(tail)


def test_ingest_sentences_shortcuts_special_characters_cover_odd_and_other_space():
    other_space = re.compile(r"[^\S \n]")
    for code in range(0x110000):
        ch = chr(code)
        expected = sentences._ODD.match(ch) is not None or other_space.match(ch) is not None
        assert (sentences._SPECIAL.match(ch) is not None) == expected, hex(code)


def test_ingest_sentences_shortcuts_text_with_special_characters_same_as_per_line():
    text = ("Der Rat tagte.\u00a0Er kam am 3. Mai.\nDie Sitzung\u200b endete. Dann ging er.\n\n"
            "Ein neues\nRadwegenetz wurde beschlossen. Es kostet 3,5 Mio. Euro.\tGut so.")
    expected = []
    for bs, be in sentences._blocks(text):
        expected.extend((s + bs, e + bs) for s, e in sentences._merge(text[bs:be], sentences.split_fast(text[bs:be])))
    assert sentences.split_sentences(text) == expected
    plain = text.replace("\u00a0", " ").replace("\u200b", "").replace("\t", " ")
    expected = []
    for bs, be in sentences._blocks(plain):
        expected.extend((s + bs, e + bs) for s, e in sentences._merge(plain[bs:be], sentences.split_fast(plain[bs:be])))
    assert sentences.split_sentences(plain) == expected


def test_ingest_sentences_shortcuts_missed_end_hint_holds_every_match():
    missed_end, hint = sentences._rules()[3], sentences._missed_end_hint()
    words = ["Platz", "3", "IV", "Inc", "GmbH", "Iran", "Der", "Die", "Über", "Heute", "er", "„Wir", "»Das", "ab",
             "Dr", "z. B", "12", "Japan", "Italien", "und"]
    rng = random.Random(11)
    found = 0
    for _ in range(5000):
        line = "".join(rng.choice(words) + rng.choice([" ", ". ", ".  ", ".\n", ", ", "."]) for _ in range(rng.randint(2, 8)))
        s = rng.randint(0, len(line) // 2)
        e = rng.randint(s, len(line))
        if missed_end.search(line, s, e) is not None:
            found += 1
            assert hint.search(line, s, e) is not None, (line, s, e)
    assert found > 200


def test_ingest_sentences_shortcuts_missed_ends_same_as_finditer():
    missed_end, hint = sentences._rules()[3], sentences._missed_end_hint()
    words = ["Platz", "3", "12", "IV", "Inc", "GmbH", "Iran", "Der", "Die", "Über", "Heute", "er", "„Wir", "»Das",
             "(Japan", "Italien", "x3", "a.Iran", "Iran.Iran", "3.3", "ÄÖÜßen", "Nr", "und"]
    rng = random.Random(12)
    found = 0
    for _ in range(6000):
        line = "".join(rng.choice(words) + rng.choice([" ", ". ", ".  ", ".\n", ". \u00a0", ".\t", ", ", "."])
                       for _ in range(rng.randint(2, 9)))
        s = rng.randint(0, len(line) // 2)
        e = rng.randint(s, len(line))
        expected = [m.span() for m in missed_end.finditer(line, s, e)]
        found += bool(expected)
        got = [m.span() for m in sentences._missed_ends(line, s, e, missed_end, hint)]
        assert got == expected, (line, s, e)
    assert found > 300


def test_ingest_sentences_shortcuts_alignment_with_compiled_patterns_same_offsets():
    import regex
    from somajo import alignment

    sentences._somajo()
    patched = alignment.re
    assert isinstance(patched, sentences._PrecompiledSub)
    for text in ["a b", "a\u00a0b\tc\n d", "", "\u2028x\u3000"]:
        assert patched.sub(r"\s", " ", text) == regex.sub(r"\s", " ", text)
    lines = ["Der Rat tagte am 3. Mai.\u00a0Er kam. Dann ging er.", "Es waren 15,5. Dann ging er.",
             "Mail an max [at] example [dot] de. Danach: 5 km. Ende!", "Straße\u0308 hier. „Wir“ – sagt er 😀. Ja."]
    try:
        alignment.re = regex
        expected = [sentences.split_somajo(line) for line in lines]
    finally:
        alignment.re = patched
    assert [sentences.split_somajo(line) for line in lines] == expected


def test_ingest_sentences_shortcuts_unmatched_patterns_skipped_same_tokens():
    somajo = sentences._somajo()
    tokenizer = somajo._tokenizer
    patched = tokenizer.__dict__["_split_matches"]
    lines = ["Der Rat tagte am 3. Mai 2025 um 10:30 Uhr.\u00a0Er kam. Dann ging er.", "Es waren 15,5. Dann ging er :-)",
             "Mail an max [at] example [dot] de oder info@example.org, siehe www.example.de/a?b=1. #Tag @Paul",
             "ISBN 3-931155-14-5, S. 579 ff., z.B. 3,5 km/h und 1970er – „Wir“ sagt er 😀. Ja!!", "1.000,50 € (ca. 5%)"]

    def tokens():
        return [[(t.text, t.character_offset, t.token_class) for t in sentence]
                for line in lines for sentence in somajo.tokenize_text([line])]

    try:
        del tokenizer._split_matches  # the class's own method
        expected = tokens()
    finally:
        tokenizer._split_matches = patched
    assert tokens() == expected
