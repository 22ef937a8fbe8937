"""No rule may take more than linear-ish time on adversarial input (long digit, letter and dot runs)."""

from __future__ import annotations

import time

import pytest

from builder.ingest import article_from_text
from builder.ingest.boilerplate import find_boilerplate
from builder.ingest.personal_data import find_personal_data

N = 3000
NASTY = [
    "Tel +49 30 " + "1" * N + "x",
    "0171 " + "2" * N + "y",
    "DE89" + "3" * N + "z",
    "a" * N + "@" + "b" * N + "." * N,
    "x." * N + "de",
    "bc1" + "q" * N + "x " + "0x" + "f" * N,
    "Web: 1" * 200,
    "Startseite > " * 200,
    "Teilen " * 300,
    "„" * N + "Wort. " * 300,
    "A" * N + ". Der Satz.",
]


@pytest.mark.parametrize("text", NASTY, ids=range(len(NASTY)))
def test_ingest_rules_finish_fast_on_adversarial_text(text):
    start = time.perf_counter()
    find_personal_data(text)
    find_boilerplate(text)
    find_boilerplate(text.replace(" ", "\n"))
    assert time.perf_counter() - start < 1.0


def test_ingest_whole_article_with_adversarial_lines_finishes():
    start = time.perf_counter()
    article_from_text("Titel\n\n" + "\n".join(NASTY[:6]) + "\nDer Rat hat beschlossen, das Gesetz zu ändern.", "x.txt")
    assert time.perf_counter() - start < 5.0
