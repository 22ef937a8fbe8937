"""Fixtures for the ingest tests: write hand-built input files and read them as the pipeline does."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.buildreport import BuildReport
from builder.config import BuildConfig
from builder.ingest import read_articles

#: A short German article written for these tests (not from the seeds), long enough to be recognised as German.
GOOD_TEXT = (
    "Stadtrat beschließt neues Radwegenetz\n\n"
    "Der Stadtrat hat am Donnerstag ein neues Radwegenetz beschlossen. Die Pläne sehen 40 Kilometer neue Wege "
    "vor, die bis 2028 gebaut werden sollen. Die Opposition kritisierte die Kosten von rund 25 Millionen Euro.\n"
)


@pytest.fixture
def read(tmp_path: Path):
    """Write ``files`` ({name: bytes|str}) into a fresh input folder and read it; returns (articles, report)."""

    def run(files: dict[str, bytes | str], **overrides):
        folder = tmp_path / "input"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        config = BuildConfig(input=folder, **overrides)
        report = BuildReport()
        articles = list(read_articles(config, report))
        return articles, report

    return run


def skip_of(report: BuildReport, source: str):
    """The one skip recorded for ``source`` (fails the test if there is none or several)."""
    found = [s for s in report.skipped if s.source == source]
    assert len(found) == 1, f"expected one skip for {source}, got {report.skipped}"
    return found[0]
