"""HTML pages: main text and metadata by trafilatura, then the same cleaning as plain text."""

from __future__ import annotations

PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Hafen bekommt neues Terminal | Nordkurier Beispiel</title>
<meta property="og:site_name" content="Nordkurier Beispiel">
<meta property="article:published_time" content="2025-03-04T08:00:00+01:00">
<link rel="canonical" href="https://example.org/hafen-terminal">
</head><body>
<nav><a href="/">Startseite</a> <a href="/politik">Politik</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Hafen bekommt neues Terminal</h1>
<p>Der Hafen der Stadt bekommt für 80 Millionen Euro ein neues Containerterminal. Das hat der Aufsichtsrat am Montag beschlossen.</p>
<p>„Das ist ein wichtiger Tag für die Region“, sagte die Hafenchefin. Der Bau soll im Sommer beginnen und zwei Jahre dauern.</p>
<p>Kritik kommt von Umweltverbänden, die eine Vertiefung der Fahrrinne befürchten. Fragen an presse@example.org.</p>
</article>
<footer>© 2025 Nordkurier Beispiel · Impressum · Datenschutz</footer>
</body></html>"""


def test_ingest_html_main_text_and_metadata(read):
    articles, report = read({"hafen.html": PAGE})
    assert report.skipped == []
    (a,) = articles
    assert "Containerterminal" in a.text and "wichtiger Tag für die Region" in a.text
    assert "Impressum" not in a.text and "Startseite" not in a.text
    assert "[EMAIL]" in a.text and "presse@example.org" not in a.text
    assert a.published == "2025-03-04"
    assert a.outlet == "Nordkurier Beispiel"
    assert a.url == "https://example.org/hafen-terminal"
    assert a.title == "Hafen bekommt neues Terminal"
    assert a.language == "de"
