"""Literal pre-checks (builder.annotate.prefilter) never hide a match of the pattern they guard."""

from __future__ import annotations

import random
import re
from pathlib import Path

from builder.annotate import actors, claims, prefilter
from builder.annotate.context import Context
from builder.ingest import article_from_text

ARTICLES = Path(__file__).resolve().parent / "articles"


def _ctx(text: str) -> Context:
    return Context(article=None, text=text, spans=[(0, len(text))], starts=[0])


def test_annotate_prefilter_target_literals_skip_a_sentence_without_one():
    targets = claims._all_targets()
    assert prefilter.literals(targets)  # the shipped targets all have literals: the pre-check is in use
    assert not prefilter.may_match(targets, _ctx("Das Wetter war schön."))
    assert prefilter.may_match(targets, _ctx("Die WAFFENRUHE hält."))  # case-insensitive pattern


def test_annotate_prefilter_literals_of_simple_patterns():
    assert prefilter.literals(re.compile(r"(?<!\w)(?:Laut|Gemäß)\s+\w+")) == ("Gemäß", "Laut")
    assert prefilter.literals(re.compile(r"[A-Z]\w+ (?:GmbH|AG)\b")) == ("AG", "GmbH")
    assert prefilter.literals(re.compile(r"\w+(?:er)?")) is None  # nothing mandatory and literal
    assert prefilter.literals(re.compile(r"x(?i:Laut)")) == ("x",)  # a case-changing group is not used


def test_annotate_prefilter_every_match_of_the_guarded_patterns_holds_a_literal():
    texts = [article_from_text(p.read_bytes(), p.name).text for p in sorted(ARTICLES.glob("*.txt"))]
    texts.append("Grenzen vor der Annexion, Rückkehr zu den alten Grenzen, US-Truppen, Nato-Beitritt, Feuerpause.")
    p, cp = actors.patterns(), claims.claim_patterns()
    guarded = [claims._all_targets(), actors._source_pattern()[0], p.legal, p.head_name, p.adj_org, p.club,
               cp.zufolge, cp.demnach]
    for pattern in guarded:
        lits = prefilter.literals(pattern)
        assert lits, pattern.pattern[:60]
        for text in texts:
            for m in pattern.finditer(text):
                found = m.group().lower() if pattern.flags & re.I else m.group()
                assert any(lit in found for lit in lits), (pattern.pattern[:60], m.group())


def test_annotate_prefilter_random_texts_agree_with_the_pattern():
    rng = random.Random(5)
    pattern = re.compile(r"(?:Nach|Laut)\s+(?:Angaben|dem)\s+\w+|(?i:zufolge)|GmbH", re.UNICODE)
    for _ in range(3000):
        text = " ".join(rng.choice(["Nach", "Laut", "Angaben", "dem", "Bund", "zufolge", "ZUFOLGE", "GmbH", "x"])
                        for _ in range(rng.randint(0, 5)))
        if pattern.search(text):
            assert prefilter.may_match(pattern, _ctx(text)), text


def test_annotate_prefilter_only_the_odd_characters_break_lower_casing_of_literal_letters():
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    odd = set()
    for ch in set("".join(prefilter.literals(claims._all_targets()))):
        odd |= {t for t in (m.group() for m in re.finditer(re.escape(ch), every, re.I)) if t.lower() != ch}
    odd |= {t for t in every if len(t.lower()) != 1}
    assert odd <= {"\u0130", "\u0131", "\u017f"}
    assert prefilter.lower_text(_ctx("İstanbul")) is None  # such an article runs every case-insensitive pattern
    assert prefilter.may_match(claims._all_targets(), _ctx("İstanbul"))


def test_annotate_prefilter_windows_never_hide_a_target_match():
    rng = random.Random(9)
    targets = claims._all_targets()
    words = ["Waffenruhe", "Ende", "des", "Krieges", "Krieg", "Verhandlungen", "über", "Frieden", "x", "Nato-Beitritt"]
    for _ in range(1500):
        ctx = _ctx(" ".join(rng.choice(words) for _ in range(rng.randint(1, 8))))
        a = rng.randint(0, len(ctx.text))
        b = rng.randint(a, len(ctx.text))
        if targets.search(ctx.text, a, b):
            assert prefilter.may_match(targets, ctx, a, b), (ctx.text, a, b)
