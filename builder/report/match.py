"""Span matching and precision / recall / F1, shared by the rule, quality and agreement figures.

Every annotation layer is turned into :class:`Item` s: a ``[start, end)`` span (the claim span for stances
and claimant links), a *key* that must be equal for two items to be compared at all (actor and target for
stances), and a *label* (actor type, claim kind, stance label, claimant). Two spans match

- ``exact``: same start and end;
- ``overlap``: they share at least one character (greedy one-to-one, largest overlap first).

Items without a span (a stance resting on no claim) have ``start == end`` and match only an item with the
same empty span in both modes.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from builder.document import Document

#: The span matching modes, in report order.
MODES = ("exact", "overlap")

#: The record layers the quality figures cover, in report order.
LAYERS = ("mention", "claim", "claimant", "stance")

#: Figures are rounded to this many decimals in every output, so files are stable across platforms.
DECIMALS = 4


def rnd(x: float | None) -> float | None:
    """Round a figure for output (``None`` stays ``None``)."""
    return None if x is None else round(float(x), DECIMALS)


@dataclass(frozen=True)
class Item:
    """One annotation as the matcher sees it.

    Attributes:
        start: Span start (claim span for stances and claimant links).
        end: Span end (exclusive); equal to ``start`` when the item has no span.
        key: Must be equal for two items to be compared (``()`` when any two items may match).
        label: What the annotator or rule said about the span.
        rule: The rule (``name@version``) that produced it, if any.
        status: Provenance status (predicted / accepted / corrected / added / rejected).
        ref: The record id, for listing.
    """

    start: int
    end: int
    key: Hashable = ()
    label: Any = None
    rule: str | None = None
    status: str = "predicted"
    ref: str = ""
    extra: Any = field(default=None, compare=False)


def overlap(a: Item, b: Item) -> int:
    """Characters shared by two spans (``0`` when disjoint)."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def spans_match(a: Item, b: Item, mode: str) -> bool:
    """Whether two spans match under ``mode`` (see the module docstring)."""
    if a.start == a.end or b.start == b.end or mode == "exact":
        return a.start == b.start and a.end == b.end
    return overlap(a, b) > 0


def match(pred: Sequence[Item], gold: Sequence[Item], mode: str) -> list[tuple[int, int]]:
    """Pair predicted with gold items one-to-one; returns ``(pred index, gold index)`` pairs, sorted.

    Only items with equal ``key`` are paired. ``exact`` pairs equal spans in order; ``overlap`` takes
    candidate pairs by largest shared characters first (ties: earlier items first), each item at most once.
    """
    if mode not in MODES:
        raise ValueError(f"unknown match mode {mode!r}; use one of {', '.join(MODES)}")
    by_key: dict[Hashable, list[int]] = defaultdict(list)
    for j in sorted(range(len(gold)), key=lambda j: (gold[j].start, gold[j].end)):
        by_key[gold[j].key].append(j)
    index = {
        key: ([gold[j].start for j in js], max(gold[j].end - gold[j].start for j in js)) for key, js in by_key.items()
    }
    candidates: list[tuple[int, int, int]] = []
    for i, p in enumerate(pred):
        js = by_key.get(p.key)
        if not js:
            continue
        starts, longest = index[p.key]
        # only gold spans starting in [p.start - longest, p.end] can overlap or equal p
        lo = bisect.bisect_left(starts, p.start - longest)
        hi = bisect.bisect_right(starts, p.end)
        for j in js[lo:hi]:
            g = gold[j]
            if spans_match(p, g, mode):
                candidates.append((-(overlap(p, g) if p.start != p.end else 1), i, j))
    candidates.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


@dataclass
class PRF:
    """Counts behind precision, recall and F1; the ratios are ``None`` when undefined (0/0)."""

    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def add(self, other: "PRF") -> None:
        self.tp += other.tp
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold

    @property
    def precision(self) -> float | None:
        return self.tp / self.n_pred if self.n_pred else None

    @property
    def recall(self) -> float | None:
        return self.tp / self.n_gold if self.n_gold else None

    @property
    def f1(self) -> float | None:
        total = self.n_pred + self.n_gold
        return 2 * self.tp / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp, "n_pred": self.n_pred, "n_gold": self.n_gold,
            "precision": rnd(self.precision), "recall": rnd(self.recall), "f1": rnd(self.f1),
        }


def same_label(a: Item, b: Item, mode: str) -> bool:
    """Default label comparison: equal labels."""
    return a.label == b.label


def same_claimant(a: Item, b: Item, mode: str) -> bool:
    """Claimant links agree when the claimant actor ids are equal or the claimant mention spans match."""
    (a_span, a_actor), (b_span, b_actor) = a.label, b.label
    if a_actor is not None and a_actor == b_actor:
        return True
    if a_span is None or b_span is None:
        return False
    return spans_match(Item(*a_span), Item(*b_span), mode)


#: How labels are compared per layer.
LABEL_EQUAL: dict[str, Callable[[Item, Item, str], bool]] = {"claimant": same_claimant}


@dataclass
class LayerScore:
    """One layer under one mode: span P/R/F1, labelled P/R/F1 and the label accuracy on matched spans."""

    spans: PRF = field(default_factory=PRF)
    labelled: PRF = field(default_factory=PRF)

    @property
    def label_accuracy(self) -> float | None:
        return self.labelled.tp / self.spans.tp if self.spans.tp else None

    def add(self, other: "LayerScore") -> None:
        self.spans.add(other.spans)
        self.labelled.add(other.labelled)

    def to_dict(self) -> dict[str, Any]:
        return {"spans": self.spans.to_dict(), "labelled": self.labelled.to_dict(),
                "label_accuracy": rnd(self.label_accuracy)}


def score(pred: Sequence[Item], gold: Sequence[Item], mode: str, layer: str = "") -> LayerScore:
    """Score predicted against gold items of one layer under one mode."""
    pairs = match(pred, gold, mode)
    equal = LABEL_EQUAL.get(layer, same_label)
    agree = sum(1 for i, j in pairs if equal(pred[i], gold[j], mode))
    return LayerScore(PRF(len(pairs), len(pred), len(gold)), PRF(agree, len(pred), len(gold)))


def items(doc: Document, layer: str, keep_rejected: bool = True) -> list[Item]:
    """The items of one layer of a document, in span order.

    Args:
        doc: The document.
        layer: ``mention``, ``claim``, ``claimant`` (claims that name a claimant) or ``stance``.
        keep_rejected: Whether records with status ``rejected`` are kept (a human version keeps the
            predictions its annotator deleted as rejected; as gold they must be left out).
    """
    out: list[Item] = []

    def ok(record: Any) -> bool:
        return keep_rejected or record.provenance.status != "rejected"

    if layer == "mention":
        for m in doc.mentions:
            if ok(m):
                out.append(Item(m.start, m.end, (), m.type, m.provenance.rule, m.provenance.status, m.mention_id))
    elif layer == "claim":
        for c in doc.claims:
            if ok(c):
                out.append(Item(c.start, c.end, (), c.kind, c.provenance.rule, c.provenance.status, c.claim_id))
    elif layer == "claimant":
        mention_span = {m.mention_id: (m.start, m.end) for m in doc.mentions}
        mention_actor = {m.mention_id: m.actor_id for m in doc.mentions}
        for c in doc.claims:
            if not ok(c) or (c.claimant_mention_id is None and c.claimant_actor_id is None):
                continue
            actor = c.claimant_actor_id or mention_actor.get(c.claimant_mention_id or "")
            label = (mention_span.get(c.claimant_mention_id or ""), actor)
            out.append(Item(c.start, c.end, (), label, c.provenance.rule, c.provenance.status, c.claim_id))
    elif layer == "stance":
        claim_span = {c.claim_id: (c.start, c.end) for c in doc.claims}
        for s in doc.stances:
            if ok(s):
                start, end = claim_span.get(s.claim_id or "", (0, 0))
                out.append(Item(start, end, (s.actor_id, s.target), s.label, s.provenance.rule,
                                s.provenance.status, s.stance_id))
    else:
        raise ValueError(f"unknown layer {layer!r}; use one of {', '.join(LAYERS)}")
    out.sort(key=lambda it: (it.start, it.end, str(it.key), str(it.label), it.ref))
    return out


def counts_by(values: Iterable[Any]) -> dict[str, int]:
    """Count values, as a dict sorted by key (stable JSON)."""
    out: dict[str, int] = defaultdict(int)
    for v in values:
        out[str(v)] += 1
    return dict(sorted(out.items()))
