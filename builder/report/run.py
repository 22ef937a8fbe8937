"""The report over a configured corpus, as ``claimset report`` runs it: predict, merge, analyse, write.

Reads the articles of ``config.input`` and the human versions in ``config.annotations`` the way the build does
(:mod:`builder.pipeline`), so the figures describe exactly what a release would hold, and streams every article
through a :class:`~builder.report.core.ReportBuilder`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from builder.buildreport import BuildReport
from builder.config import BuildConfig
from builder.document import Document
from builder.report.core import QualityReport, ReportBuilder, write_report


def report_corpus(
    config: BuildConfig,
    out_dir: Path | None = None,
    *,
    candidates: bool = True,
    charts: bool = True,
    workers: int | None = None,
    progress: Callable[[Iterable[Document]], Iterable[Document]] | None = None,
    build_report: BuildReport | None = None,
) -> QualityReport:
    """Compute the quality report of a configured corpus and, when ``out_dir`` is given, write its files there.

    Args:
        config: The build config (input folder, annotations folder, ...).
        out_dir: Folder for ``report.html``, ``report.json``, ``report.md``, ``charts/``, ``network.*``; ``None``
            writes nothing.
        candidates: Also run the labeling functions' raw pass (``builder.annotate.apply_functions``) so the rule
            figures count every candidate, including those that lost a conflict; this runs the rules twice.
        charts: Whether to render the charts.
        workers: Processes for reading and annotating (default: the config's, else the number of cores).
        progress: Wraps the document stream, e.g. with a progress bar.
        build_report: Receives skipped inputs and merge warnings (a fresh one when not given).

    Raises:
        ClaimsetError: Unreadable input or annotations (one line naming the file), or a broken candidate.
    """
    from builder import pipeline
    from builder.annotate import apply_functions

    skips = build_report if build_report is not None else BuildReport()
    human = pipeline.load_human(config.annotations)
    builder = ReportBuilder(candidates=candidates)
    seen: set[str] = set()
    documents: Iterable[Document] = pipeline.predict(config, skips, workers)
    for doc in progress(documents) if progress else documents:
        versions = human.get(doc.article_id, [])
        merged = pipeline.merge_human(doc, human, skips)
        raw = apply_functions(doc.article) if candidates else None
        builder.add(doc, versions, raw, merged)
        seen.add(doc.article_id)
    for article_id in sorted(human.keys() - seen):
        builder.add_unmatched(human[article_id])
    report = builder.finish(charts)
    if out_dir is not None:
        write_report(report, out_dir)
    return report
