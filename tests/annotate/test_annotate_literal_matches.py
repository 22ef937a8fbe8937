"""Speed paths of coreference: literal word matching gives re.finditer's matches; the role pre-check never hides one."""

from __future__ import annotations

import random
import re

from builder.annotate import actors
from builder.annotate.lexicon import LOWER, alternation


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


def test_annotate_role_precheck_is_true_whenever_the_role_pattern_matches_after_the_holder():
    rng = random.Random(11)
    forms = {"Minister", "Ministerin"}
    pattern = re.compile(rf"(?:der|die|dem|den|des|Der|Die)\s+(?:[{LOWER}]+e[nrs]?\s+)?(?P<role>"
                         rf"{alternation(list(forms))})(?:s|n|en)?{actors._E}")
    pieces = ["der ", "die ", "neue ", "Minister", "Ministerin", " ", "  ", "sagte ", "Der", "x", ".", "Erika "]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))
        lo = rng.randint(0, len(text))
        if any(m.start() >= lo for m in pattern.finditer(text)):
            assert actors._role_may_recur(text, forms, [lo]), (text, lo)


def test_annotate_role_precheck_skips_an_article_naming_the_role_only_as_title():
    text = "Ministerin Erika Sommerfeld kam. Sie sprach lange."
    assert not actors._role_may_recur(text, {"Ministerin"}, [0])
    assert actors._role_may_recur(text + " Die Ministerin ging.", {"Ministerin"}, [0])
