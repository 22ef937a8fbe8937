"""The HTML report opens from disk in a real headless Chromium (Debian's package) and every chart loads."""

import shutil
from pathlib import Path

import pytest

from builder.report import build_report

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def image_sizes(page_path: Path) -> tuple[str, list, list[str]]:
    """Open a page from disk in headless Chromium: its h1, each image's (name, complete, width, height), failures."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; "
                    ".ci/install-studio.sh does it in CI)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            page = browser.new_page()
            failed: list[str] = []
            page.on("requestfailed", lambda r: failed.append(r.url[:80]))
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            sizes = page.eval_on_selector_all(
                "img", "imgs => imgs.map(i => [i.dataset.name, i.complete, i.naturalWidth, i.naturalHeight])")
            heading = page.inner_text("h1")
        finally:
            browser.close()
    return heading, sizes, failed


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
