"""The string-search fast paths of the sentence splitter find what their regular expressions find."""

from __future__ import annotations

import random

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
