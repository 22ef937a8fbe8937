"""The build's merge of human work (``annotations/``) over the predicted records of one article.

Rules, in order:

1. **Main version.** Of an article's human versions, only submitted ones count (skipped or cancelled ones are
   never chosen). The main version is the one marked ground truth; among several marked ones, or when none is,
   the latest ``updated_at`` (then the highest annotation id) wins. All versions stay in ``annotations/``.
2. **Human wins.** Every record of the main version enters the dataset with its status — ``accepted``,
   ``corrected``, ``added`` or ``rejected`` (rejected records stay, so users can filter or study them).
   A predicted record is left out when the main version has it (same id), replaced it (a correction), or has a
   record of the same layer overlapping its span (for stances: on the same claim) — such predictions are
   *superseded* and listed in the report. Other predictions (new since the review) stay ``predicted``.
3. **Changed text.** When the article's text is not the text the annotator saw (the hashes differ), every human
   span is found again by :func:`relocate` from its quoted text and context. A span that cannot be found is
   reported as a warning and left out of this build only; its file in ``annotations/`` is never touched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import NamedTuple

from builder.document import Document, HumanAnnotation
from builder.store import context_of, cue_key, seen_sha256
from schemas import Actor, ActorMention, Claim, Stance
from schemas.base import CONTEXT_CHARS

#: Version states a main version may be chosen from.
CHOOSABLE = ("submitted",)


@dataclass
class MergeReport:
    """What a merge did, for the build report.

    Attributes:
        chosen: The main version (``None``: no usable human version; predictions kept as they are).
        warnings: One line per human span that could not be placed in the current text (and similar problems).
        superseded: Ids of predicted records left out because the main version covers them.
        relocated: How many human spans were moved to new offsets because the text changed.
    """

    chosen: HumanAnnotation | None = None
    warnings: list[str] = field(default_factory=list)
    superseded: list[str] = field(default_factory=list)
    relocated: int = 0


def _when(value: str | None) -> datetime:
    if not value:
        return datetime.min.replace(tzinfo=timezone.utc)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def choose_main(human: list[HumanAnnotation]) -> HumanAnnotation | None:
    """The main version: ground truth first, then the latest ``updated_at``, then the highest annotation id.

    Skipped and cancelled versions are never chosen; ``None`` when no version is submitted.
    """
    usable = [h for h in human if h.state in CHOOSABLE]
    if not usable:
        return None
    return max(usable, key=lambda h: (h.ground_truth, _when(h.updated_at), h.annotation_id or 0, h.annotator))


# --- relocation ----------------------------------------------------------------------------------------------


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _occurrences(text: str, quoted: str) -> list[tuple[int, int]]:
    found = []
    i = text.find(quoted)
    while i != -1:
        found.append((i, i + len(quoted)))
        i = text.find(quoted, i + 1)
    if found:
        return found
    # Cleaning may have changed whitespace inside the span: match its words with any whitespace between them.
    words = quoted.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def relocate(text: str, quoted: str, before: str, after: str, hint: int | None = None) -> tuple[int, int] | None:
    """Find a span again in a changed text, from its quoted text and the context around it.

    Every occurrence of ``quoted`` (exact, else with any whitespace between its words) is scored by how many
    characters of ``before`` end right before it plus how many of ``after`` start right after it; the best
    score wins, then the occurrence nearest ``hint`` (the old start offset).

    Returns:
        ``(start, end)`` in ``text``, or ``None`` when the quoted text no longer occurs.
    """
    if not quoted:
        return None
    best: tuple[int, int, int, int] | None = None
    for start, end in _occurrences(text, quoted):
        score = _common_suffix(text[max(0, start - len(before)):start], before) + \
            _common_prefix(text[end:end + len(after)], after)
        distance = abs(start - hint) if hint is not None else 0
        key = (score, -distance, start, end)
        if best is None or key[:2] > best[:2]:
            best = key
    return None if best is None else (best[2], best[3])


# --- merge ---------------------------------------------------------------------------------------------------


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


class _Anchor:
    """Moves the main version's spans into the current text (or leaves them where they are)."""

    def __init__(self, ann: HumanAnnotation, text: str, report: MergeReport) -> None:
        self.ann, self.text, self.report = ann, text, report
        self.moved = seen_sha256(ann) != _sha(text)
        self.context: dict[str, tuple[str, str]] = dict(getattr(ann, "context", {}) or {})
        old = ann.document.article
        self.old_text = old.text if old.text and old.text_sha256 == seen_sha256(ann) else None

    def place(self, key: str, start: int, end: int, quoted: str, what: str) -> tuple[int, int] | None:
        if not self.moved:
            if self.text[start:end] == quoted:
                return start, end
        before, after = self.context.get(key) or (
            context_of(self.old_text, start, end, CONTEXT_CHARS) if self.old_text else ("", ""))
        found = relocate(self.text, quoted, before, after, hint=start)
        where = f"annotations/{self.ann.document.article_id}.yaml (annotation {self.ann.annotation_id}, " \
                f"{self.ann.annotator})"
        if found is None:
            self.report.warnings.append(
                f"{where}: {what} {key} {quoted!r} at [{start}, {end}) is not in the current text; "
                "left out of this build, kept in annotations/")
            return None
        if found != (start, end):
            self.report.relocated += 1
        return found


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _anchored(ann: HumanAnnotation, text: str, report: MergeReport) -> Document:
    """The main version's records placed in ``text``, with ids recomputed where offsets moved."""
    anchor = _Anchor(ann, text, report)
    doc = ann.document
    mention_ids: dict[str, str] = {}
    mentions: list[ActorMention] = []
    for m in doc.mentions:
        span = anchor.place(m.mention_id, m.start, m.end, m.text, "mention")
        if span is None:
            continue
        new = m if span == (m.start, m.end) else ActorMention.model_validate(
            {**m.model_dump(exclude={"mention_id"}), "start": span[0], "end": span[1]})
        mention_ids[m.mention_id] = new.mention_id
        mentions.append(new)
    claim_ids: dict[str, str] = {}
    claims: list[Claim] = []
    for c in doc.claims:
        span = anchor.place(c.claim_id, c.start, c.end, c.text, "claim")
        if span is None:
            continue
        data = c.model_dump(exclude={"claim_id"})
        data.update(start=span[0], end=span[1])
        if c.cue_start is not None and c.cue_end is not None and c.cue_text is not None:
            cue = anchor.place(cue_key(c.claim_id), c.cue_start, c.cue_end, c.cue_text, "cue of claim")
            if cue is None:
                data.update(cue_start=None, cue_end=None, cue_text=None)
            else:
                data.update(cue_start=cue[0], cue_end=cue[1])
        if c.claimant_mention_id is not None:
            if c.claimant_mention_id in mention_ids:
                data["claimant_mention_id"] = mention_ids[c.claimant_mention_id]
            elif any(m.mention_id == c.claimant_mention_id for m in doc.mentions):
                data["claimant_mention_id"] = None  # its mention could not be placed; the actor id stays
        new = c if data == c.model_dump(exclude={"claim_id"}) else Claim.model_validate(data)
        claim_ids[c.claim_id] = new.claim_id
        claims.append(new)
    stances: list[Stance] = []
    for s in doc.stances:
        if s.claim_id is not None and s.claim_id not in claim_ids and any(c.claim_id == s.claim_id for c in doc.claims):
            report.warnings.append(
                f"annotations/{doc.article_id}.yaml (annotation {ann.annotation_id}): stance {s.stance_id} rests on "
                "a claim that is not in the current text; left out of this build")
            continue
        new_claim = claim_ids.get(s.claim_id or "", s.claim_id)
        stances.append(s if new_claim == s.claim_id else Stance.model_validate(
            {**s.model_dump(exclude={"stance_id"}), "claim_id": new_claim}))
    return Document(article=doc.article, mentions=mentions, claims=claims, stances=stances)


def derive_actors(doc: Document, known: list[Actor]) -> list[Actor]:
    """``known`` actors, plus one for every actor id the records use that ``known`` lacks.

    A new actor takes the longest text of its mentions as name and their most frequent type (``other`` when it
    only appears as a claimant or stance holder).
    """
    have = {a.actor_id for a in known}
    names: dict[str, list[ActorMention]] = {}
    for m in doc.mentions:
        if m.provenance.status != "rejected":
            names.setdefault(m.actor_id, []).append(m)
    used = set(names)
    used |= {c.claimant_actor_id for c in doc.claims if c.claimant_actor_id and c.provenance.status != "rejected"}
    used |= {s.actor_id for s in doc.stances if s.provenance.status != "rejected"}
    extra = []
    for actor_id in sorted(used - have):
        mentions = names.get(actor_id, [])
        if mentions:
            name = max((m.text for m in mentions), key=lambda t: (len(t), t))
            types = [m.type for m in mentions]
            kind = max(sorted(set(types)), key=types.count)
        else:
            name, kind = actor_id, "other"
        extra.append(Actor(actor_id=actor_id, name=name, type=kind))
    return list(known) + extra


def _link(claims: list[Claim], mentions: list[ActorMention], stances: list[Stance], replaces: dict[str, str],
          report: MergeReport, predicted: Document) -> tuple[list[Claim], list[Stance]]:
    """Make every claimant and claim reference point at a record in the merged document.

    A reference to a predicted record that a human record replaced follows the replacement; one that leads
    nowhere is cleared (the actor id stays) and reported.
    """
    successor = {old: new for new, old in replaces.items()}
    mention_ids = {m.mention_id for m in mentions}
    fixed_claims: list[Claim] = []
    renamed: dict[str, str] = {}
    for c in claims:
        ref = c.claimant_mention_id
        if ref is not None and ref not in mention_ids:
            new_ref = successor.get(ref) if successor.get(ref) in mention_ids else None
            if new_ref is None:
                report.warnings.append(f"{predicted.article_id}: claim {c.claim_id} names claimant mention {ref}, "
                                       "which is not in the merged document; the link is cleared")
            fixed = Claim.model_validate({**c.model_dump(exclude={"claim_id"}), "claimant_mention_id": new_ref})
            renamed[c.claim_id] = fixed.claim_id
            c = fixed
        fixed_claims.append(c)
    claim_ids = {c.claim_id for c in fixed_claims}
    fixed_stances: list[Stance] = []
    for s in stances:
        ref = s.claim_id
        if ref is not None and ref not in claim_ids:
            new_ref = renamed.get(ref) or successor.get(ref)
            if new_ref not in claim_ids:
                report.warnings.append(f"{predicted.article_id}: stance {s.stance_id} rests on claim {ref}, which "
                                       "is not in the merged document; the link is cleared")
                new_ref = None
            s = Stance.model_validate({**s.model_dump(exclude={"stance_id"}), "claim_id": new_ref})
        fixed_stances.append(s)
    return fixed_claims, fixed_stances


class Merged(NamedTuple):
    """The result of :func:`merge`: unpack as ``document, warnings = merge(...)``."""

    document: Document
    warnings: list[str]


def merge(predicted: Document, human: list[HumanAnnotation], report: MergeReport | None = None) -> Merged:
    """Merge the human versions of one article over its predicted records (see the module doc for the rules).

    Args:
        predicted: The article as built now, with the rules' records.
        human: All human versions of this article (from :func:`builder.store.read_annotations`).
        report: Receives the chosen version, the warnings and the superseded prediction ids.

    Returns:
        ``(document, warnings)``: a new document with the main version's records (every status, rejected
        included) and the predictions it does not cover, sorted by position; and one line per human span that
        could not be placed in the current text.
    """
    report = report if report is not None else MergeReport()
    return Merged(_merge(predicted, human, report), report.warnings)


def _merge(predicted: Document, human: list[HumanAnnotation], report: MergeReport) -> Document:
    for h in human:
        if h.document.article_id != predicted.article_id:
            raise ValueError(f"annotation {h.annotation_id} is for article {h.document.article_id}, "
                             f"not {predicted.article_id}")
    main = choose_main(human)
    report.chosen = main
    if main is None:
        return Document(article=predicted.article, mentions=list(predicted.mentions), actors=list(predicted.actors),
                        claims=list(predicted.claims), stances=list(predicted.stances))
    mine = _anchored(main, predicted.article.text, report)
    replaced = set((getattr(main, "replaces", {}) or {}).values())
    mention_ids = {m.mention_id for m in mine.mentions}
    claim_ids = {c.claim_id for c in mine.claims}
    stance_ids = {s.stance_id for s in mine.stances}

    def covered(rec_id: str, start: int, end: int, spans: list) -> bool:
        return rec_id in replaced or any(_overlaps(start, end, r.start, r.end) for r in spans)

    mentions = list(mine.mentions)
    kept_mentions: dict[str, str] = {}
    for m in predicted.mentions:
        if m.mention_id in mention_ids:
            kept_mentions[m.mention_id] = m.mention_id
        elif covered(m.mention_id, m.start, m.end, mine.mentions):
            report.superseded.append(m.mention_id)
            same = next((h for h in mine.mentions if (h.start, h.end) == (m.start, m.end)), None)
            if same is not None:
                kept_mentions[m.mention_id] = same.mention_id
        else:
            mentions.append(m)
            kept_mentions[m.mention_id] = m.mention_id
    claims = list(mine.claims)
    reviewed_claims = set(claim_ids) | replaced
    for c in predicted.claims:
        if c.claim_id in claim_ids:
            continue
        if covered(c.claim_id, c.start, c.end, mine.claims):
            report.superseded.append(c.claim_id)
            reviewed_claims.add(c.claim_id)
            continue
        if c.claimant_mention_id and kept_mentions.get(c.claimant_mention_id) != c.claimant_mention_id:
            c = Claim.model_validate({**c.model_dump(exclude={"claim_id"}),
                                      "claimant_mention_id": kept_mentions.get(c.claimant_mention_id)})
        claims.append(c)
    stances = list(mine.stances)
    for s in predicted.stances:
        if s.stance_id in stance_ids:
            continue
        if s.stance_id in replaced or (s.claim_id is not None and s.claim_id in reviewed_claims):
            report.superseded.append(s.stance_id)
            continue
        stances.append(s)
    claims, stances = _link(claims, mentions, stances, getattr(main, "replaces", {}) or {}, report, predicted)
    position = {c.claim_id: (c.start, c.end) for c in claims}
    merged = Document(
        article=predicted.article,
        mentions=sorted(mentions, key=lambda m: (m.start, m.end, m.mention_id)),
        claims=sorted(claims, key=lambda c: (c.start, c.end, c.claim_id)),
        stances=sorted(stances, key=lambda s: (position.get(s.claim_id or "", (-1, -1)), s.stance_id)),
    )
    merged.actors = derive_actors(merged, list(predicted.actors))
    return merged
