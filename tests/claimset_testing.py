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


def make_doc(text: str, mentions=(), claims=(), stances=(), *, article_id: str = "art_0000000000000001",
             source_file: str = "t.txt", source_id: str | None = None, title: str | None = "Titel"):
    """A predicted :class:`~builder.document.Document` built from quotes of ``text``.

    mentions: ``(quote, type, actor_id)``; claims: ``(quote, kind, cue quote | None, mention index | None,
    target | None)``; stances: ``(claim index, label)`` (holder and target from the claim).
    """
    from builder.document import Document
    from schemas import ActorMention, Article, Claim, Stance, predicted

    article = Article(article_id=article_id, source_file=source_file, source_id=source_id, title=title, text=text,
                      raw_sha256="0" * 64)

    def at(quote: str) -> tuple[int, int]:
        i = text.index(quote)
        return i, i + len(quote)

    ms = []
    for quote, kind, actor in mentions:
        s, e = at(quote)
        ms.append(ActorMention(article_id=article_id, start=s, end=e, text=quote, type=kind, actor_id=actor,
                               provenance=predicted("actor_names@1", 0.9)))
    cs = []
    for quote, kind, cue, claimant, target in claims:
        s, e = at(quote)
        data = dict(article_id=article_id, start=s, end=e, text=quote, kind=kind, target=target,
                    provenance=predicted("claims_speech@1", 0.7))
        if cue:
            c0, c1 = at(cue)
            data.update(cue_start=c0, cue_end=c1, cue_text=cue)
        if claimant is not None:
            data.update(claimant_mention_id=ms[claimant].mention_id, claimant_actor_id=ms[claimant].actor_id)
        cs.append(Claim(**data))
    ss = [Stance(article_id=article_id, actor_id=cs[i].claimant_actor_id, target=cs[i].target, label=label,
                 claim_id=cs[i].claim_id, provenance=predicted("stance_lex@1", 0.6)) for i, label in stances]
    return Document(article=article, mentions=ms, claims=cs, stances=ss)
