"""The name runs of lexicon_name and unknown_name found from the chunks where a kept run may open are those of a
scan of the whole text, also where a run opening at an earlier word swallows such a chunk."""

from __future__ import annotations

import random
import re
from pathlib import Path

from builder.annotate import actors
from builder.annotate.context import Context, chunk_cap_words

ARTICLES = Path(__file__).resolve().parent / "articles"

#: Words that open kept runs, words that open runs dropped, and pieces that end or join words in odd ways.
_PIECES = [
    "Okonkwo", "Siemens", "Kowalczyk", "Brandauer", "Xyzer", "Velocar", "Haus", "Wasser", "Die", "Der", "Hamburg",
    "Moskau", "Anna", "Jonas", "Weidenfeller", "O'Neill", "D’Angelo", "Mc", "Anna-Lena", "Müller-", "Koch-Instituts",
    "Anna2", "×ber", "Ödegaard", "BASF", "AfD", "sagte", "der", "und", "von", "x", "1.", "2025", "-", "–", ",", ".",
    ":", "„", "“", "(", ")", "'", "’", "s", "Über", "Éric", "Zoë",
]
_SEPS = [" ", " ", " ", "  ", "\n", "\u00a0", "\t", ", ", ". ", "-", "'", "’", ""]


def _random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) + rng.choice(_SEPS) for _ in range(rng.randint(1, 30))) for _ in range(n)]


def _ctx(text: str) -> Context:
    return Context(article=None, text=text, spans=[(0, len(text))], starts=[0])



def _name_runs_plain(ctx: Context) -> list[tuple[int, int, tuple[str, ...]]]:
    """``actors._name_runs`` by a scan of the whole text (the reference)."""
    return [(m.start(), m.end(), words) for m in actors._name_run().finditer(ctx.text)
            if (words := actors._run_words(m.group())) is not None]


def test_actors_name_runs_equal_the_whole_text_scan():
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?“])\s+", t)]
    rng = random.Random(7)
    texts += [" ".join(rng.sample(sentences, 6)) for _ in range(40)]
    texts += _random_texts(3000, 11) + ["", " ", "Okonkwo", " Okonkwo Okonkwo Okonkwo Okonkwo Okonkwo "]
    for text in texts:
        assert actors._name_runs(_ctx(text)) == _name_runs_plain(_ctx(text)), text


def test_actors_run_offsets_are_the_run_starts_whose_first_word_passes():
    for text in _random_texts(1000, 13):
        for chunk in text.split():
            expected = tuple(off for off, _ in chunk_cap_words(chunk)
                             if (m := actors._name_run().match(chunk, off)) and actors._run_words(m.group()) is not None)
            assert actors._run_offsets(chunk) == expected, chunk
