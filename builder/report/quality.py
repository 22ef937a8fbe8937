"""How good the pre-annotation is: P/R/F1 per record type against the human version of each article.

For each article with a usable human version (see :func:`usable`), the *reference* is the version the merge
makes the main one: the ground-truth annotation if one is marked, else the most recently updated one. Records the
annotator rejected are not gold. The predicted records are scored against the reference per layer
(mentions, claims, claimant links, stances) under exact and overlap span matching, micro-averaged over
articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from builder.document import Document, HumanAnnotation
from builder.report.match import LAYERS, MODES, LayerScore, items, score


def usable(versions: Sequence[HumanAnnotation]) -> tuple[list[HumanAnnotation], Counter]:
    """Split an article's human versions into the usable ones and counts of the others by reason.

    A version is usable when it was submitted and its text is not stale; skipped or cancelled tasks and
    stale versions are counted as ``state:<state>`` or ``stale``. One annotator's several versions of an
    article count once: the latest (by ``updated_at``) is used, the others are counted as ``superseded``.
    """
    left_out: Counter = Counter()
    latest: dict[str, HumanAnnotation] = {}
    for v in versions:
        if v.state != "submitted":
            left_out[f"state:{v.state}"] += 1
        elif v.stale:
            left_out["stale"] += 1
        elif v.annotator in latest:
            left_out["superseded"] += 1
            if (v.updated_at or "") > (latest[v.annotator].updated_at or ""):
                latest[v.annotator] = v
        else:
            latest[v.annotator] = v
    return [latest[a] for a in sorted(latest)], left_out


def reference(versions: Sequence[HumanAnnotation]) -> HumanAnnotation | None:
    """The version predictions are scored against: the one the merge makes the main version
    (:func:`builder.merge.choose_main`: ground truth first, then the latest, then the highest annotation id)."""
    from builder.merge import choose_main

    return choose_main(list(versions)) if versions else None


@dataclass
class QualityFigures:
    """P/R/F1 of the pre-annotation per layer and mode, and the number of articles they rest on."""

    scores: dict[str, dict[str, LayerScore]] = field(default_factory=dict)
    articles: int = 0

    @classmethod
    def empty(cls) -> "QualityFigures":
        return cls(scores={layer: {mode: LayerScore() for mode in MODES} for layer in LAYERS})

    def add(self, predicted: Document, reference: Document) -> None:
        """Score one article's predicted document against its human reference and add the counts."""
        self.articles += 1
        for layer in LAYERS:
            pred = items(predicted, layer)
            gold = items(reference, layer, keep_rejected=False)
            for mode in MODES:
                self.scores[layer][mode].add(score(pred, gold, mode, layer))

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "layers": {layer: {mode: s.to_dict() for mode, s in modes.items()} for layer, modes in self.scores.items()},
        }


def pre_annotation_quality(
    predicted: Mapping[str, Document], references: Mapping[str, Document]
) -> QualityFigures:
    """Score predicted documents against the human reference documents of the same articles.

    Args:
        predicted: Predicted documents by article id.
        references: The human reference document by article id (articles without one are not scored).

    Returns:
        Micro-averaged figures per layer and mode over the articles in both mappings.
    """
    figures = QualityFigures.empty()
    for aid in sorted(set(predicted) & set(references)):
        figures.add(predicted[aid], references[aid])
    return figures
