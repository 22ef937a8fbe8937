"""The report over a configured corpus (builder.report.run), through the real ingest and rules."""

from pathlib import Path

import pytest

from builder.config import BuildConfig
from builder.report.run import report_corpus

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.mark.slow
def test_report_corpus_on_the_seeds_counts_rule_candidates(tmp_path):
    config = BuildConfig(input=SEEDS, annotations=tmp_path / "no-annotations")
    report = report_corpus(config, tmp_path / "out", candidates=True, charts=False, workers=1)
    assert report.corpus["articles"] == 5
    assert report.rules.source == "candidates"
    assert report.rules.rules and all(r.articles_total == 5 for r in report.rules.rules)
    assert sum(r.outputs for r in report.rules.rules) >= report.corpus["records"]["mentions"]
    assert report.quality.articles == 0 and report.corpus["unreviewed_share"] == 1.0
    assert (tmp_path / "out" / "report.json").is_file() and not list((tmp_path / "out" / "charts").iterdir())
