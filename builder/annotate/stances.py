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
        score += 1 if _negated(content, m.start()) and not m.group().lower().startswith(("nicht", "kein")) else -2
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
        if not c.targets or not c.claimant_actor_id:
            continue
        windows: set[tuple[int, int]] = set()
        for hit in c.targets:
            window = _clause(text, c.start, c.end, hit.start, hit.end) if c.start <= hit.start < c.end else (c.start, c.end)
            if window in windows:
                continue  # a second target in the same clause only qualifies the first ("… Ergebnis einer Verhandlungslösung")
            windows.add(window)
            label, score = stance_of(text[window[0]:window[1]], c.polarity)
            if label == "neutral" and window != (c.start, c.end):
                label, score = stance_of(text[c.start:c.end], c.polarity)
            if hit.opposite and label != "neutral":
                label = "favor" if label == "against" else "against"
            yield Candidate(rule=stance_cues_lf.rule, layer="stance", start=c.start, end=c.end, label=label,
                            score=score, data={"claim_key": (c.start, c.end), "target": hit.target,
                                               "actor_id": c.claimant_actor_id})


_CLAUSE_BREAK = re.compile(r",\s+(?:und|oder|aber|doch|sondern|während|ohne|um|weil|da|wenn|als)?\b|;|\s[–—]\s|\sund\s+(?=[a-zäöü]+\s)")


def _clause(text: str, start: int, end: int, hit_start: int, hit_end: int) -> tuple[int, int]:
    """The clause of the claim content that holds the target match (between commas or clause-joining "und")."""
    a, b = start, end
    for m in _CLAUSE_BREAK.finditer(text, start, end):
        if m.end() <= hit_start:
            a = m.start() if text[m.start():m.end()].strip(", ").startswith("ohne") else m.end()
        elif m.start() >= hit_end:
            b = m.start() if b == end else b
            break
    return a, b
