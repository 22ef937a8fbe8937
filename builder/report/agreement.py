"""Inter-annotator agreement on articles that several annotators annotated.

- Krippendorff's alpha (nominal, computed by the ``krippendorff`` package) for actor type, claim kind and
  stance label. The units are the spans that at least two annotators annotated with exactly the same
  offsets (for stances: the same actor, target and claim span); each annotator's label is their value.
- Span F1 between each pair of annotators for mentions and claims, exact and overlap matching, pooled
  over articles and pairs (F1 = 2·matched / (|A| + |B|), symmetric).
- A review queue: the articles ranked by the share of items the annotators differ on (one has a span the
  other lacks, or they label a shared span differently), for adjudication.

Every figure carries the number of items it rests on. Records an annotator rejected are not counted.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import krippendorff
import numpy as np

from builder.document import HumanAnnotation
from builder.report.match import MODES, PRF, Item, items, match, rnd

#: Categorical fields alpha is computed for: name → (layer, what the label is).
ALPHA_FIELDS = {"actor_type": "mention", "claim_kind": "claim", "stance_label": "stance"}

#: Layers span F1 between annotators is computed for.
SPAN_LAYERS = ("mention", "claim")

#: Layers whose differences make up an article's disagreement score.
QUEUE_LAYERS = ("mention", "claim", "stance")


@dataclass
class Alpha:
    """Krippendorff's alpha for one field, with what it rests on.

    Attributes:
        alpha: The coefficient, or ``None`` when undefined (see ``note``).
        units: Units with values from at least two annotators (the others carry no information).
        values: Values in those units (the pairable values, Krippendorff's *n*).
        annotators: Annotators with at least one such value.
        note: Why alpha is undefined, else empty.
    """

    alpha: float | None
    units: int
    values: int
    annotators: int
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"alpha": rnd(self.alpha), "units": self.units, "values": self.values,
                "annotators": self.annotators, "note": self.note}


def nominal_alpha(units: Mapping[Hashable, Mapping[str, Hashable]]) -> Alpha:
    """Krippendorff's alpha for nominal data.

    Args:
        units: For each unit, the value each annotator gave it (annotators who gave none are left out).

    Returns:
        Alpha over the units that have at least two values.
    """
    acc = AlphaCounts()
    for values in units.values():
        acc.add(values)
    return acc.alpha()


class AlphaCounts:
    """Accumulates units for nominal alpha in bounded memory.

    Nominal alpha depends on a unit only through how many times each value occurs in it, so units are
    kept as a count of their value patterns (``(("favor", 1), ("against", 1))`` → how many such units);
    :meth:`alpha` expands the patterns into the units × values matrix the ``krippendorff`` package takes.
    """

    def __init__(self) -> None:
        self.patterns: Counter = Counter()
        self.coders: set[str] = set()

    def add(self, values: Mapping[str, Hashable]) -> None:
        """Add one unit: annotator → value. Units with fewer than two values carry no information."""
        if len(values) < 2:
            return
        self.coders.update(values)
        self.patterns[tuple(sorted(Counter(str(v) for v in values.values()).items()))] += 1

    def alpha(self) -> Alpha:
        units = sum(self.patterns.values())
        values = sum(n * sum(c for _, c in pattern) for pattern, n in self.patterns.items())
        labels = sorted({label for pattern in self.patterns for label, _ in pattern})
        if not units:
            return Alpha(None, 0, 0, 0, "no unit has values from two annotators")
        if len(labels) < 2:
            return Alpha(None, units, values, len(self.coders),
                         "all values are equal: alpha is undefined (no expected disagreement)")
        column = {label: i for i, label in enumerate(labels)}
        patterns = sorted(self.patterns)
        rows = np.zeros((len(patterns), len(labels)))
        for r, pattern in enumerate(patterns):
            for label, count in pattern:
                rows[r, column[label]] = count
        counts = np.repeat(rows, [self.patterns[p] for p in patterns], axis=0)
        a = float(krippendorff.alpha(value_counts=counts, level_of_measurement="nominal"))
        if math.isnan(a):
            return Alpha(None, units, values, len(self.coders), "alpha is undefined for these data")
        return Alpha(a, units, values, len(self.coders))


@dataclass
class QueueEntry:
    """An article in the adjudication queue."""

    article_id: str
    title: str | None
    annotators: list[str]
    items: int
    differing: int

    @property
    def disagreement(self) -> float:
        return self.differing / self.items if self.items else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "title": self.title, "annotators": self.annotators,
                "items": self.items, "differing": self.differing, "disagreement": rnd(self.disagreement)}


@dataclass
class Agreement:
    """All agreement figures of a corpus."""

    articles: int = 0
    annotators: list[str] = field(default_factory=list)
    alpha: dict[str, Alpha] = field(default_factory=dict)
    span_f1: dict[str, dict[str, PRF]] = field(default_factory=dict)
    pairs: dict[tuple[str, str], dict[str, dict[str, PRF]]] = field(default_factory=dict)
    queue: list[QueueEntry] = field(default_factory=list)
    queue_total: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "annotators": self.annotators,
            "alpha": {k: v.to_dict() for k, v in self.alpha.items()},
            "span_f1": {layer: {mode: _pair_dict(p) for mode, p in modes.items()}
                        for layer, modes in self.span_f1.items()},
            "pairs": [
                {"annotators": list(pair),
                 "span_f1": {layer: {mode: _pair_dict(p) for mode, p in modes.items()} for layer, modes in v.items()}}
                for pair, v in sorted(self.pairs.items())
            ],
            "review_queue": [q.to_dict() for q in self.queue],
            "review_queue_total": self.queue_total,
        }


def _pair_dict(p: PRF) -> dict[str, Any]:
    """Span agreement between two annotators: matched spans, the spans of each side, and F1."""
    return {"matched": p.tp, "spans_a": p.n_pred, "spans_b": p.n_gold, "f1": rnd(p.f1)}


class AgreementCounts:
    """Accumulates agreement article by article (:meth:`add`), then :meth:`result`."""

    def __init__(self, queue_size: int = 20) -> None:
        self.queue_size = queue_size
        self.figures = Agreement(span_f1={layer: {mode: PRF() for mode in MODES} for layer in SPAN_LAYERS})
        self.alpha = {name: AlphaCounts() for name in ALPHA_FIELDS}
        self.annotators: set[str] = set()
        self.queue: list[tuple[float, int, str, QueueEntry]] = []  # a min-heap of the worst articles

    def add(self, article_id: str, versions: Sequence[HumanAnnotation], title: str | None = None) -> None:
        """Add one article's usable versions (one per annotator); fewer than two annotators add nothing."""
        vs = sorted(versions, key=lambda v: v.annotator)
        if len({v.annotator for v in vs}) < 2:
            return
        result = self.figures
        result.articles += 1
        self.annotators.update(v.annotator for v in vs)
        layer_items = {v.annotator: {layer: items(v.document, layer, keep_rejected=False) for layer in QUEUE_LAYERS}
                       for v in vs}
        for name, layer in ALPHA_FIELDS.items():
            units: dict[Hashable, dict[str, Hashable]] = defaultdict(dict)
            for annotator, by_layer in layer_items.items():
                for it in by_layer[layer]:
                    units[(it.key, it.start, it.end)].setdefault(annotator, it.label)
            for key in sorted(units, key=repr):
                self.alpha[name].add(units[key])
        n_items = differing = 0
        for a, b in combinations(sorted(layer_items), 2):
            pair = result.pairs.setdefault((a, b), {layer: {mode: PRF() for mode in MODES} for layer in SPAN_LAYERS})
            for layer in SPAN_LAYERS:
                for mode in MODES:
                    left, right = layer_items[a][layer], layer_items[b][layer]
                    p = PRF(len(match(left, right, mode)), len(left), len(right))
                    pair[layer][mode].add(p)
                    result.span_f1[layer][mode].add(p)
            for layer in QUEUE_LAYERS:
                n, d = _differences(layer_items[a][layer], layer_items[b][layer])
                n_items += n
                differing += d
        if differing:
            entry = QueueEntry(article_id, title, [v.annotator for v in vs], n_items, differing)
            result.queue_total += 1
            # heap order: the least urgent entry on top, so it is the one dropped when the queue is full
            key = (entry.disagreement, entry.differing, _desc(article_id), entry)
            if len(self.queue) < self.queue_size:
                heapq.heappush(self.queue, key)
            elif key[:3] > self.queue[0][:3]:
                heapq.heapreplace(self.queue, key)

    def result(self) -> Agreement:
        result = self.figures
        result.annotators = sorted(self.annotators)
        result.alpha = {name: acc.alpha() for name, acc in self.alpha.items()}
        ranked = sorted(self.queue, key=lambda k: (-k[0], -k[1], k[3].article_id))
        result.queue = [k[3] for k in ranked]
        return result


def _desc(s: str) -> tuple[int, ...]:
    """A key that orders strings in reverse, so that on ties the earlier article id ranks first."""
    return tuple(-ord(c) for c in s) + (1,)


def agreement(versions: Mapping[str, Sequence[HumanAnnotation]], titles: Mapping[str, str | None] | None = None,
              queue_size: int = 20) -> Agreement:
    """Agreement figures over the articles with at least two usable human versions.

    Args:
        versions: The usable human versions of each article (one per annotator).
        titles: Article titles for the review queue, by article id.
        queue_size: How many articles the review queue lists (``queue_total`` says how many qualify).
    """
    titles = titles or {}
    acc = AgreementCounts(queue_size)
    for aid in sorted(versions):
        acc.add(aid, versions[aid], titles.get(aid))
    return acc.result()


def _differences(left: Sequence[Item], right: Sequence[Item]) -> tuple[int, int]:
    """Items in the union of two annotators' spans (overlap matching), and how many of them differ."""
    pairs = match(left, right, "overlap")
    union = len(left) + len(right) - len(pairs)
    agreeing = sum(1 for i, j in pairs if (left[i].start, left[i].end, left[i].label) ==
                   (right[j].start, right[j].end, right[j].label))
    return union, union - agreeing
