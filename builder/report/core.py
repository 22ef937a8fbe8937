"""The quality report: compute every figure once, then render it as JSON, Markdown (for the card) and HTML.

:func:`make_report` is pure (documents in, :class:`QualityReport` out); :func:`write_report` writes the files;
:func:`build_report` does both. The same inputs give the same bytes in every file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.document import Document, HumanAnnotation
from builder.errors import ClaimsetError
from builder.report import card
from builder.report.agreement import Agreement, agreement
from builder.report.charts import all_charts
from builder.report.limitations import known_limitations
from builder.report.match import rnd
from builder.report.network import StanceNetwork, stance_network, write_network
from builder.report.quality import QualityFigures, pre_annotation_quality, reference, usable
from builder.report.rules import RuleAnalysis, analyse_rules

#: Files :func:`write_report` writes into its folder (charts go to ``charts/``).
FILES = ("report.html", "report.json", "report.md", "network.graphml", "network_edges.csv")


@dataclass
class QualityReport:
    """Every figure of the report, and the rendered charts.

    Attributes:
        corpus: Counts of articles, records, labels, human versions and review status.
        rules: Per labeling function: coverage, overlaps, conflicts, precision, review outcomes.
        quality: P/R/F1 of the pre-annotation against the human reference versions.
        agreement: Inter-annotator agreement and the review queue.
        network: The stance network.
        limitations: The generated "known limitations" sentences.
        charts: Chart file name → PNG bytes.
    """

    corpus: dict[str, Any]
    rules: RuleAnalysis
    quality: QualityFigures
    agreement: Agreement
    network: StanceNetwork
    limitations: list[str] = field(default_factory=list)
    charts: dict[str, bytes] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """All figures as plain JSON-ready data."""
        return {
            "corpus": self.corpus,
            "rules": self.rules.to_dict(),
            "pre_annotation": self.quality.to_dict(),
            "agreement": self.agreement.to_dict(),
            "network": self.network.to_dict(),
            "known_limitations": self.limitations,
            "charts": sorted(self.charts),
        }

    def to_json(self) -> str:
        """``report.json``: the figures, keys sorted, two-space indent, trailing newline."""
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

    def to_markdown(self, chart_dir: str | None = "charts", heading_level: int = 2) -> str:
        """The report as Markdown for the dataset card.

        Args:
            chart_dir: Folder of the chart PNGs relative to the Markdown file, or ``None`` to leave images out.
            heading_level: Level of the report's top heading (sections are one deeper).
        """
        return card.to_markdown(card.blocks(self), chart_dir, heading_level)

    def to_html(self) -> str:
        """A self-contained HTML page (charts embedded as data URIs) that opens from disk."""
        return card.to_html(card.blocks(self), self.charts)


def _by_id(documents: Iterable[Document], what: str) -> dict[str, Document]:
    out: dict[str, Document] = {}
    for doc in documents:
        if doc.article_id in out:
            raise ClaimsetError(f"{what}: article {doc.article_id} appears twice")
        out[doc.article_id] = doc
    return out


def dataset_view(predicted: Mapping[str, Document], references: Mapping[str, Document]) -> dict[str, Document]:
    """What the dataset holds when no merged documents are given: the human reference where there is one.

    The reference version's records replace the predictions of its article (records it rejected stay,
    marked rejected); its actors fall back to the predicted ones when it lists none.
    """
    out = {}
    for aid, doc in predicted.items():
        ref = references.get(aid)
        if ref is None:
            out[aid] = doc
        else:
            out[aid] = Document(article=doc.article, mentions=list(ref.mentions), actors=list(ref.actors or doc.actors),
                                claims=list(ref.claims), stances=list(ref.stances))
    return out


def _corpus(view: Mapping[str, Document], versions: Mapping[str, list[HumanAnnotation]], left_out: Counter,
            human_articles: int) -> dict[str, Any]:
    docs = [view[a] for a in sorted(view)]
    layers = {
        "mentions": [m for d in docs for m in d.mentions],
        "claims": [c for d in docs for c in d.claims],
        "stances": [s for d in docs for s in d.stances],
    }
    labels = {
        "mentions": Counter(m.type for m in layers["mentions"]),
        "claims": Counter(c.kind for c in layers["claims"]),
        "stances": Counter(s.label for s in layers["stances"]),
    }
    status = {name: Counter(r.provenance.status for r in records) for name, records in layers.items()}
    total = sum(len(r) for r in layers.values())
    predicted = sum(s["predicted"] for s in status.values())
    actors = {a.actor_id for d in docs for a in d.actors} | {m.actor_id for m in layers["mentions"]}
    return {
        "articles": len(docs),
        "sentences": sum(len(d.article.sentences) for d in docs),
        "actors": len(actors),
        "records": {name: len(r) for name, r in layers.items()},
        "labels": {name: dict(sorted(c.items())) for name, c in labels.items()},
        "status": {name: dict(sorted(c.items())) for name, c in status.items()},
        "unreviewed_share": rnd(predicted / total) if total else None,
        "articles_with_human_version": human_articles,
        "articles_with_several_annotators": sum(1 for v in versions.values() if len(v) >= 2),
        "human_versions_used": sum(len(v) for v in versions.values()),
        "annotations_left_out": dict(sorted(left_out.items())),
    }


def make_report(
    documents: Iterable[Document],
    human: Mapping[str, Sequence[HumanAnnotation]],
    candidates: Mapping[str, Iterable[Any]] | None = None,
    merged: Iterable[Document] | None = None,
    queue_size: int = 20,
    charts: bool = True,
) -> QualityReport:
    """Compute the quality report.

    Args:
        documents: The predicted documents (records as the rules made them), one per article.
        human: The human versions of each article, by article id (as ``builder.store.read_annotations`` gives).
        candidates: The labeling functions' raw candidates by article id, when available; rule figures then
            count every candidate instead of the records' ``provenance.rule``.
        merged: The documents as released (predictions merged with human versions). Charts, label counts and the
            network describe these; when not given, :func:`dataset_view` stands in.
        queue_size: How many articles the review queue lists.
        charts: Whether to render the charts (``claimset rules`` needs only the figures).

    Raises:
        ClaimsetError: An article appears twice among the documents, or a candidate lacks a field.
    """
    predicted = _by_id(documents, "documents")
    left_out: Counter = Counter()
    versions: dict[str, list[HumanAnnotation]] = {}
    for aid in sorted(human):
        if aid not in predicted:
            left_out["article_not_in_corpus"] += len(human[aid])
            continue
        ok, skipped = usable(human[aid])
        left_out.update(skipped)
        if ok:
            versions[aid] = ok
    references = {aid: reference(vs).document for aid, vs in versions.items()}
    view = _by_id(merged, "merged documents") if merged is not None else dataset_view(predicted, references)
    view_docs = [view[a] for a in sorted(view)]

    rules = analyse_rules(predicted, references, versions, candidates)
    quality = pre_annotation_quality(predicted, references)
    titles = {aid: d.article.title for aid, d in predicted.items()}
    agree = agreement(versions, titles, queue_size)
    net = stance_network(view_docs)
    corpus = _corpus(view, versions, left_out, len(references))
    limitations = known_limitations(rules, quality, agree, corpus)
    rendered = all_charts(view_docs, net) if charts else {}
    return QualityReport(corpus, rules, quality, agree, net, limitations, rendered)


def write_report(report: QualityReport, out_dir: Path) -> list[Path]:
    """Write the report's files into ``out_dir`` (created if missing); returns the paths written, sorted."""
    out_dir = Path(out_dir)
    (out_dir / "charts").mkdir(parents=True, exist_ok=True)
    written = []
    for name, png in report.charts.items():
        path = out_dir / "charts" / name
        path.write_bytes(png)
        written.append(path)
    for name, text in (("report.json", report.to_json()), ("report.md", report.to_markdown("charts")),
                       ("report.html", report.to_html())):
        path = out_dir / name
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    written += write_network(report.network, out_dir)
    return sorted(written)


def build_report(
    documents: Iterable[Document],
    human: Mapping[str, Sequence[HumanAnnotation]],
    out_dir: Path,
    candidates: Mapping[str, Iterable[Any]] | None = None,
    merged: Iterable[Document] | None = None,
) -> QualityReport:
    """Compute the report and write ``report.html``, ``report.json``, ``report.md``, ``charts/*.png``,
    ``network.graphml`` and ``network_edges.csv`` into ``out_dir``. See :func:`make_report` for the arguments."""
    report = make_report(documents, human, candidates, merged)
    write_report(report, out_dir)
    return report
