"""The string-search fast paths of the sentence splitter find what their regular expressions find."""

from __future__ import annotations

import random
import re

import pytest

from builder.ingest import sentences

_ALPHABET = "ab .!?…\n„“»«”Z1"


@pytest.mark.parametrize("seed", range(5))
def test_ingest_sentences_runs_equal_the_run_pattern(seed):
    rng = random.Random(seed)
    lines = ["", ".", "...", "a.", ".a", "Er kam. Sie ging... Warum?! Nun…. Ja."]
    lines += ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(2000)]
    lines += ["".join(rng.choice("x. ") for _ in range(rng.randint(0, 40))) for _ in range(2000)]
    for line in lines:
        assert sentences._runs(line) == [m.span() for m in sentences._RUN.finditer(line)], line


@pytest.mark.parametrize("length", [1, 3, 7, 400])
def test_ingest_sentences_long_token_check_equals_the_pattern(monkeypatch, length):
    monkeypatch.setattr(sentences, "_LONG", length)
    pattern = re.compile(r"(?<!\S)\S{%d}" % length)
    rng = random.Random(length)
    texts = ["", "x" * length, "x" * (length - 1), " " + "x" * length + "\n", "\n" * length]
    for _ in range(3000):
        size = rng.randint(0, 3 * length + 5)
        texts.append("".join(rng.choice(("x", "x", "x", "ä", " ", "\n")) for _ in range(size)))
    for text in texts:
        assert sentences._has_long_token(text) == (pattern.search(text) is not None), text


@pytest.mark.parametrize("seed", range(3))
def test_ingest_sentences_quote_marks_equal_the_quote_pattern(seed):
    rng = random.Random(seed)
    lines = ["", "„Ja“, sagte er.", "»Nein«", "“So”"]
    lines += ["".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for line in lines:
        expected = [(m.start(), m.group()) for m in sentences._QUOTE_CHARS.finditer(line)]
        assert sentences._quote_marks(line) == expected, line
        assert sentences._has_quote(line) == bool(expected), line
