"""Quality report: rule analysis, pre-annotation quality, inter-annotator agreement, stance network, charts.

Entry points: :func:`build_report` (compute and write the files), :func:`make_report` (compute over an
in-memory corpus), :class:`ReportBuilder` (compute article by article, for a streaming build),
:func:`report_corpus` (the whole thing over a build config, for ``claimset report``). Modules:
``rules`` (per labeling function), ``quality`` (P/R/F1 against humans), ``agreement`` (Krippendorff's alpha,
span F1, review queue), ``network`` (GraphML / CSV), ``charts`` (PNG), ``card`` (Markdown / HTML).
"""

from builder.report.core import (
    FILES, QualityReport, ReportBuilder, build_report, dataset_view, make_report, write_report,
)
from builder.report.run import report_corpus

__all__ = [
    "FILES", "QualityReport", "ReportBuilder", "build_report", "dataset_view", "make_report", "report_corpus",
    "write_report",
]
