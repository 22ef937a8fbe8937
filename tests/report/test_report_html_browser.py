"""The HTML report opens from disk in a real headless Chromium (Debian's package) and every chart loads."""

import shutil
from pathlib import Path

import pytest

from builder.report import build_report
from claimset_testing import image_sizes

def assert_all_loaded(heading: str, sizes: list, failed: list[str]) -> None:
    assert heading == "Quality report"
    assert len(sizes) == 5
    for name, complete, width, height in sizes:
        assert complete and width > 0 and height > 0, name
    assert failed == []


@pytest.mark.integration
def test_report_html_images_load_in_chromium(make, text, tmp_path):
    doc = make.doc(text, "a", title="Radweg")
    berger = make.mention(doc, "Anna Berger", actor_id="act_anna_berger")
    claim = make.claim(doc, "der neue Radweg sei sicher", claimant=berger)
    make.stance(doc, claim, "act_anna_berger", "radweg", "favor")
    build_report([doc], {}, tmp_path / "report")
    # the page must not need anything beside it: move it away from its folder before opening
    page_path = tmp_path / "alone" / "report.html"
    page_path.parent.mkdir()
    shutil.copy(tmp_path / "report" / "report.html", page_path)
    assert_all_loaded(*image_sizes(page_path))


@pytest.mark.integration
@pytest.mark.slow
def test_report_on_the_seed_corpus_opens_in_chromium(tmp_path):
    from builder.buildreport import BuildReport
    from builder.config import BuildConfig
    from builder.pipeline import predict

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    docs = list(predict(BuildConfig(input=seeds), BuildReport(), workers=1))
    report = build_report(docs, {}, tmp_path)
    assert report.corpus["articles"] == 5 and report.corpus["records"]["mentions"] > 0
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "No article of the 5 has a human version yet" in md
    assert_all_loaded(*image_sizes(tmp_path / "report.html"))
