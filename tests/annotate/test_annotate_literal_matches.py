"""Speed paths of coreference: literal word matching gives re.finditer's matches."""

from __future__ import annotations

import random
import re

from builder.annotate import actors
from builder.annotate.lexicon import alternation


def test_annotate_literal_matches_equal_finditer_of_the_compiled_alternation():
    rng = random.Random(7)
    suffixes = ("s", "’", "'")
    for _ in range(3000):
        words = list({"".join(rng.choice("abX") for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(1, 4))})
        text = "".join(rng.choice("ab-s’' .Xé") for _ in range(rng.randint(0, 30)))
        pattern = re.compile(rf"{actors._B}(?:{alternation(words)})(?:s|’|')?{actors._E_GEN}")
        expected = [(m.start(), m.end()) for m in pattern.finditer(text)]
        assert list(actors._literal_matches(text, words, suffixes, actors._AT_B, actors._AT_E_GEN)) == expected


def test_annotate_literal_matches_on_german_surnames():
    text = "Jonas Weidenfeller gewann. Weidenfellers Team jubelte, Weidenfeller-Fans auch. Danach sprach Weidenfeller."
    found = [text[a:b] for a, b in actors._literal_matches(text, ["Weidenfeller"], ("s", "’", "'"),
                                                           actors._AT_B, actors._AT_E_GEN)]
    assert found == ["Weidenfeller", "Weidenfellers", "Weidenfeller"]  # not the head of "Weidenfeller-Fans"



def test_annotate_kind_heads_found_from_the_article_matches_equal_finditer():
    """:func:`actors._kind_alone` tries heads that are no capitalised word ("3M", "e.V.") only at the matches
    of its article pattern."""
    rng = random.Random(3)
    pieces = ["der ", "Der ", "den  ", "des\n", "die ", "3M", "3Ms", "Bank", "-", "x", "der", "e.V.", "e.V.s", " ",
              "Den\t", "Das ", "dem "]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        heads = rng.sample(["3M", "Bank", "e.V."], rng.randint(1, 3))
        pattern = re.compile(rf"{actors._KIND_ARTICLE.pattern}(?P<head>{alternation(heads)})(?:s|es)?{actors._E}")
        expected = [(m.start(), m.start("head"), m.end(), m.group("head")) for m in pattern.finditer(text)]
        starts = [m.start() for m in actors._KIND_ARTICLE.finditer(text)]
        got = list(actors._prefixed_literals(text, starts, (actors._KIND_ARTICLE,), heads, ("s", "es"), actors._AT_E))
        assert got == expected, (text, heads)
