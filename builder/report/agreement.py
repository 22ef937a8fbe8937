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

import math
from collections import defaultdict
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
    pairable = {u: v for u, v in units.items() if len(v) >= 2}
    coders = sorted({c for v in pairable.values() for c in v})
    labels = sorted({str(x) for v in pairable.values() for x in v.values()})
    values = sum(len(v) for v in pairable.values())
    if not pairable:
        return Alpha(None, 0, 0, 0, "no unit has values from two annotators")
    if len(labels) < 2:
        return Alpha(None, len(pairable), values, len(coders), "all values are equal: alpha is undefined (no expected disagreement)")
    code = {label: float(i) for i, label in enumerate(labels)}
    keys = sorted(pairable, key=repr)
    data = np.full((len(coders), len(keys)), np.nan)
    row = {c: i for i, c in enumerate(coders)}
    for col, key in enumerate(keys):
        for coder, value in pairable[key].items():
            data[row[coder], col] = code[str(value)]
    a = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal",
                                 value_domain=list(code.values())))
    if math.isnan(a):
        return Alpha(None, len(pairable), values, len(coders), "alpha is undefined for these data")
    return Alpha(a, len(pairable), values, len(coders))


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


def agreement(versions: Mapping[str, Sequence[HumanAnnotation]], titles: Mapping[str, str | None] | None = None,
              queue_size: int = 20) -> Agreement:
    """Agreement figures over the articles with at least two usable human versions.

    Args:
        versions: The usable human versions of each article (one per annotator).
        titles: Article titles for the review queue, by article id.
        queue_size: How many articles the review queue lists (``queue_total`` says how many qualify).
    """
    titles = titles or {}
    result = Agreement(span_f1={layer: {mode: PRF() for mode in MODES} for layer in SPAN_LAYERS})
    units: dict[str, dict[Hashable, dict[str, Hashable]]] = {name: defaultdict(dict) for name in ALPHA_FIELDS}
    annotators: set[str] = set()
    queue: list[QueueEntry] = []
    for aid in sorted(versions):
        vs = sorted(versions[aid], key=lambda v: v.annotator)
        if len({v.annotator for v in vs}) < 2:
            continue
        result.articles += 1
        annotators.update(v.annotator for v in vs)
        layer_items = {v.annotator: {layer: items(v.document, layer, keep_rejected=False) for layer in QUEUE_LAYERS}
                       for v in vs}
        for name, layer in ALPHA_FIELDS.items():
            for annotator, by_layer in layer_items.items():
                for it in by_layer[layer]:
                    units[name][(aid, it.key, it.start, it.end)].setdefault(annotator, it.label)
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
            queue.append(QueueEntry(aid, titles.get(aid), [v.annotator for v in vs], n_items, differing))
    result.annotators = sorted(annotators)
    result.alpha = {name: nominal_alpha(units[name]) for name in ALPHA_FIELDS}
    queue.sort(key=lambda q: (-q.disagreement, -q.differing, q.article_id))
    result.queue = queue[:queue_size]
    result.queue_total = len(queue)
    return result


def _differences(left: Sequence[Item], right: Sequence[Item]) -> tuple[int, int]:
    """Items in the union of two annotators' spans (overlap matching), and how many of them differ."""
    pairs = match(left, right, "overlap")
    union = len(left) + len(right) - len(pairs)
    agreeing = sum(1 for i, j in pairs if (left[i].start, left[i].end, left[i].label) ==
                   (right[j].start, right[j].end, right[j].label))
    return union, union - agreeing
