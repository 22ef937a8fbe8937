"""Stances: the claimant's position (favor / against / neutral) toward the target a claim is about."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from builder.annotate.context import Context
from builder.annotate.lexicon import load
from builder.annotate.registry import Candidate, labeling_function


@dataclass
class StanceCues:
    against: re.Pattern
    negatable: re.Pattern
    favor: re.Pattern
    negator: re.Pattern


@cache
def stance_cues() -> StanceCues:
    """Compile ``stance.yaml``."""
    lex = load("stance.yaml")

    def alt(items: list[str]) -> re.Pattern:
        return re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{p})" for p in items) + r")(?![\w-])", re.I)

    return StanceCues(alt(lex["against"]), alt(lex["against_negatable"]), alt(lex["favor"]), alt(lex["negators"]))


def _negated(text: str, pos: int) -> bool:
    """True when a negator stands within the three words before ``pos``."""
    words = text[max(0, pos - 40):pos].split()[-3:]
    return any(stance_cues().negator.fullmatch(w.strip(",.;:")) for w in words)


def stance_of(content: str, verb_polarity: str = "neutral") -> tuple[str, float]:
    """Stance label and score of a claim's content, given the polarity of its verb of saying.

    An against cue ("unrealistisch", "aufgeben", "keine US-Truppen") or a negated positive word
    ("nicht realistisch") gives against; a favor cue ("fordert", "müsse", "sofort") gives favor; a negator
    before a favor cue flips it. The verb's polarity (forderte → favor, warnte → against) decides when the
    content has no cue.
    """
    cues = stance_cues()
    score = 0
    for m in cues.against.finditer(content):
        score += 1 if _negated(content, m.start()) and not m.group().lower().startswith(("nicht", "kein")) else -1
    for m in cues.negatable.finditer(content):
        if _negated(content, m.start()):
            score -= 1
    for m in cues.favor.finditer(content):
        score += -1 if _negated(content, m.start()) else 1
    if score < 0:
        return "against", min(0.9, 0.6 + 0.1 * -score)
    if verb_polarity != "neutral" and score == 0:
        return verb_polarity, 0.6
    if score > 0:
        return ("against", 0.6) if verb_polarity == "against" else ("favor", min(0.9, 0.55 + 0.1 * score))
    return "neutral", 0.5


@labeling_function("stance_cues", 1, "stance")
def stance_cues_lf(ctx: Context) -> Iterator[Candidate]:
    """Stance of an attributed claim toward its target from cue words in its content, with negation.

    Catches: "Ministerin Erika Sommerfeld sagte, ein Waffenstillstand sei nicht realistisch." (against ceasefire).
    Must not: "Ministerin Erika Sommerfeld sagte, das Wetter sei schön." (no target, no stance).
    """
    text = ctx.text
    for c in ctx.cache.get("claims", []):
        if not c.target or not c.claimant_actor_id:
            continue
        label, score = stance_of(text[c.start:c.end], c.polarity)
        yield Candidate(rule=stance_cues_lf.rule, layer="stance", start=c.start, end=c.end, label=label, score=score,
                        data={"claim_key": (c.start, c.end), "target": c.target, "actor_id": c.claimant_actor_id})
