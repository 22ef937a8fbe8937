"""The literal pre-check of the stance-target search never hides a match of the target patterns."""

from __future__ import annotations

import re
from pathlib import Path

from builder.annotate import claims
from builder.annotate.context import Context
from builder.ingest import article_from_text

ARTICLES = Path(__file__).resolve().parent / "articles"


def _ctx(text: str) -> Context:
    return Context(article=None, text=text, spans=[(0, len(text))], starts=[0])


def test_annotate_target_literals_exist_and_skip_a_sentence_without_one():
    assert claims._target_literals()  # the shipped targets all have literals: the pre-check is in use
    assert not claims._may_hold_target(_ctx("Das Wetter war schön."), 0, 21)
    text = "Die WAFFENRUHE hält."
    assert claims._may_hold_target(_ctx(text), 0, len(text))


def test_annotate_every_target_match_holds_a_literal():
    lits = claims._target_literals()
    texts = [article_from_text(p.read_bytes(), p.name).text for p in sorted(ARTICLES.glob("*.txt"))]
    texts.append("Grenzen vor der Annexion, Rückkehr zu den alten Grenzen, US-Truppen, Nato-Beitritt, Feuerpause.")
    matches = [m.group() for t in texts for m in claims._all_targets().finditer(t)]
    assert matches
    for match in matches:
        assert any(lit in match.lower() for lit in lits), match


def test_annotate_only_the_odd_characters_break_lower_casing_of_literal_letters():
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    odd = set()
    for ch in set("".join(claims._target_literals())):
        odd |= {t for t in (m.group() for m in re.finditer(re.escape(ch), every, re.I)) if t.lower() != ch}
    odd |= {t for t in every if len(t.lower()) != 1}
    assert odd <= {"\u0130", "\u0131", "\u017f"}
    assert claims._lower_text(_ctx("İstanbul")) is None  # such an article runs every target pattern
