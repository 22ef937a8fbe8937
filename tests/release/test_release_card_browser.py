"""The seed release's dataset card, rendered to HTML, shows its charts in a real headless Chromium."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from builder import pipeline
from claimset_testing import image_sizes


@pytest.mark.integration
@pytest.mark.slow
def test_release_card_html_shows_every_chart_in_chromium(config):
    result = pipeline.build(config)
    card = (result.path / "README.md").read_text(encoding="utf-8")
    body = card.split("---\n", 2)[2]  # without the YAML front matter, as the Hub shows it
    html = MarkdownIt("commonmark").enable("table").render(body)
    page = result.path / "card.html"
    page.write_text(f"<!doctype html><meta charset='utf-8'><title>card</title>{html}", encoding="utf-8")
    heading, sizes, failed = image_sizes(page)
    assert heading == "claimset-de — version 1.0.0"
    charts = sorted(p.name for p in (result.path / "report" / "charts").glob("*.png"))
    assert len(charts) >= 4 and len(sizes) == len(charts)
    for name, complete, width, height in sizes:
        assert complete and width > 0 and height > 0, name
    assert failed == []
    assert "<table>" in html and "| rule |" not in html  # tables rendered, not left as text
