"""The quality report: compute every figure once, then render it as JSON, Markdown (for the card) and HTML.

:class:`ReportBuilder` takes the corpus one article at a time (a streaming build adds each document as it
passes); :func:`make_report` is the same over an in-memory corpus; :func:`write_report` writes the files;
:func:`build_report` computes and writes. The same inputs give the same bytes in every file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.document import Document, HumanAnnotation
from builder.errors import ClaimsetError
from builder.report import card
from builder.report.agreement import Agreement, AgreementCounts
from builder.report.charts import all_charts
from builder.report.corpus import CorpusStats
from builder.report.limitations import known_limitations
from builder.report.network import NetworkCounts, StanceNetwork, write_network
from builder.report.quality import QualityFigures, reference, usable
from builder.report.rules import RuleAnalysis, RuleCounts

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

    def to_markdown(self, chart_dir: str | None = "charts", heading_level: int = 2,
                    sections: Sequence[str] | None = None) -> str:
        """The report as Markdown for the dataset card.

        Args:
            chart_dir: Folder of the chart PNGs relative to the Markdown file, or ``None`` to leave images out.
            heading_level: Level of the report's top heading (sections are one deeper).
            sections: Only these sections (e.g. ``["Labeling functions"]`` for ``claimset rules``).

        Raises:
            ValueError: An unknown section name (the message lists the sections).
        """
        parts = card.blocks(self)
        if sections is not None:
            parts = card.select(parts, sections)
        return card.to_markdown(parts, chart_dir, heading_level)

    def to_html(self) -> str:
        """A self-contained HTML page (charts embedded as data URIs) that opens from disk."""
        return card.to_html(card.blocks(self), self.charts)


def dataset_view(predicted: Document, reference: Document | None) -> Document:
    """What the dataset holds for an article when no merged document is given: the human reference, if any.

    The reference version's records replace the predictions (records it rejected stay, marked rejected);
    its actors fall back to the predicted ones when it lists none.
    """
    if reference is None:
        return predicted
    return Document(article=predicted.article, mentions=list(reference.mentions),
                    actors=list(reference.actors or predicted.actors), claims=list(reference.claims),
                    stances=list(reference.stances))


class ReportBuilder:
    """Builds the report one article at a time, so a streaming build need not hold the corpus in memory.

    Memory grows with the number of rules, actors, targets and favor/against stances, not with the text.

    Args:
        candidates: Whether :meth:`add` receives the labeling functions' raw candidates (then the rule figures
            count candidates; otherwise the records' ``provenance.rule``).
        queue_size: How many articles the review queue lists.

    Example:
        >>> builder = ReportBuilder()                                       # doctest: +SKIP
        >>> for predicted, merged in pairs:                                 # doctest: +SKIP
        ...     builder.add(predicted, human.get(predicted.article_id, []), merged=merged)
        >>> report = builder.finish()                                       # doctest: +SKIP
    """

    def __init__(self, candidates: bool = False, queue_size: int = 20) -> None:
        self.corpus = CorpusStats()
        self.rules = RuleCounts(from_candidates=candidates)
        self.quality = QualityFigures.empty()
        self.agreement = AgreementCounts(queue_size)
        self.network = NetworkCounts()
        self.seen: set[str] = set()

    def add(self, predicted: Document, versions: Sequence[HumanAnnotation] = (),
            candidates: Iterable[Any] | None = None, merged: Document | None = None) -> None:
        """Add one article.

        Args:
            predicted: The predicted document (records as the rules made them).
            versions: Every human version of the article (unusable ones are counted, not used).
            candidates: The labeling functions' raw candidates on this article (when the builder counts them).
            merged: The document as released; when not given, :func:`dataset_view` stands in.

        Raises:
            ClaimsetError: The article was added before, or ``merged`` is another article.
        """
        aid = predicted.article_id
        if aid in self.seen:
            raise ClaimsetError(f"documents: article {aid} appears twice")
        if merged is not None and merged.article_id != aid:
            raise ClaimsetError(f"merged document {merged.article_id} given for article {aid}")
        self.seen.add(aid)
        ok, skipped = usable(versions)
        self.corpus.left_out.update(skipped)
        chosen = reference(ok)
        ref = chosen.document if chosen is not None else None
        self.rules.add(predicted, ref, ok, candidates)
        if ref is not None:
            self.quality.add(predicted, ref)
            self.corpus.articles_with_human_version += 1
            self.corpus.human_versions_used += len(ok)
        if len(ok) >= 2:
            self.corpus.articles_with_several_annotators += 1
        self.agreement.add(aid, ok, predicted.article.title)
        view = merged if merged is not None else dataset_view(predicted, ref)
        self.corpus.add(view)
        self.network.add(view)

    def add_unmatched(self, versions: Sequence[HumanAnnotation]) -> None:
        """Count human versions whose article is not in the corpus (they are not used)."""
        self.corpus.left_out["article_not_in_corpus"] += len(versions)

    def finish(self, charts: bool = True) -> QualityReport:
        """The report over every article added (charts rendered unless ``charts`` is false)."""
        rules = self.rules.result()
        agree = self.agreement.result()
        net = self.network.result()
        corpus = self.corpus.to_dict()
        limitations = known_limitations(rules, self.quality, agree, corpus)
        rendered = all_charts(self.corpus, net) if charts else {}
        return QualityReport(corpus, rules, self.quality, agree, net, limitations, rendered)


def make_report(
    documents: Iterable[Document],
    human: Mapping[str, Sequence[HumanAnnotation]],
    candidates: Mapping[str, Iterable[Any]] | None = None,
    merged: Iterable[Document] | None = None,
    queue_size: int = 20,
    charts: bool = True,
) -> QualityReport:
    """Compute the quality report over an in-memory corpus (see :class:`ReportBuilder` for streaming).

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
        ClaimsetError: An article appears twice, merged documents or candidates name an unknown article, or a
            candidate lacks a field.
    """
    predicted: dict[str, Document] = {}
    for doc in documents:
        if doc.article_id in predicted:
            raise ClaimsetError(f"documents: article {doc.article_id} appears twice")
        predicted[doc.article_id] = doc
    released: dict[str, Document] = {}
    for doc in merged or ():
        if doc.article_id in released:
            raise ClaimsetError(f"merged documents: article {doc.article_id} appears twice")
        if doc.article_id not in predicted:
            raise ClaimsetError(f"merged documents: article {doc.article_id} is not among the documents")
        released[doc.article_id] = doc
    if candidates is not None:
        unknown = sorted(set(candidates) - set(predicted))
        if unknown:
            raise ClaimsetError(f"candidates of article {unknown[0]}, which is not among the documents")
    builder = ReportBuilder(candidates is not None, queue_size)
    for aid in sorted(predicted):
        builder.add(predicted[aid], human.get(aid, ()), candidates.get(aid, []) if candidates is not None else None,
                    released.get(aid) if merged is not None else None)
    for aid in sorted(set(human) - set(predicted)):
        builder.add_unmatched(human[aid])
    return builder.finish(charts)


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
