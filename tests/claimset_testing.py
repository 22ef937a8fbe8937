"""Helpers shared by tests (importable as ``claimset_testing``; fixtures live in ``tests/conftest.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run Python code in a fresh interpreter, offline (no hub access), and return the finished process."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(cwd / "hf-home")}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def image_sizes(page_path: Path) -> tuple[str, list, list[str]]:
    """Open a page from disk in Debian's headless Chromium: its h1, each image's (name, complete, width, height),
    and the URLs of failed requests. Fails (never skips) when chromium is not installed."""
    import pytest

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; "
                    ".ci/install.sh does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            failed: list[str] = []
            page.on("requestfailed", lambda r: failed.append(r.url[:80]))
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            sizes = page.eval_on_selector_all(
                "img", "imgs => imgs.map(i => [i.dataset.name || i.getAttribute('src').slice(0, 60), i.complete, "
                "i.naturalWidth, i.naturalHeight])")
            heading = page.inner_text("h1")
        finally:
            browser.close()
    return heading, sizes, failed
