"""Quality report: rule analysis, pre-annotation quality, inter-annotator agreement, stance network, charts.

The one entry point is :func:`build_report`; :func:`make_report` computes without writing. Modules:
``rules`` (per labeling function), ``quality`` (P/R/F1 against humans), ``agreement`` (Krippendorff's alpha,
span F1, review queue), ``network`` (GraphML / CSV), ``charts`` (PNG), ``card`` (Markdown / HTML).
"""

from builder.report.core import FILES, QualityReport, build_report, dataset_view, make_report, write_report

__all__ = ["FILES", "QualityReport", "build_report", "dataset_view", "make_report", "write_report"]
