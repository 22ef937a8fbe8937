"""The five seed articles: cleaned text equals the reviewed golden text; no boilerplate or personal data is left."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.buildreport import BuildReport
from builder.config import BuildConfig
from builder.ingest import article_from_text, read_articles
from claimset_testing import SEEDS

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
STEMS = sorted(p.stem for p in SEEDS.glob("*.txt"))

#: Page furniture seen in the seeds; none of it may survive cleaning.
BOILERPLATE = ["EuropaPolitikRusslandUkraineUngarn", "Dark Mode", "Pixabay", "Add a comment", "Kommentar",
               "E-Mail-Adresse", "Previous Post", "Next Post", "Referenz", "Quellen gesamt", "Social:",
               "vollständigen Artikel", "Bilder:", "Unterstützung angewiesen", "Kontonummer", "Betreff",
               "Patreon", "Paypal", "Bitcoin", "date 2025"]
PERSONAL = {
    "iban": re.compile(r"\b[A-Z]{2}\d{2}(?: ?\d{4}){4}"),
    "bic": re.compile(r"\bNTSBDEBTXX\b"),
    "email": re.compile(r"\S+@\S+\.\w+"),
    "payment link": re.compile(r"patreon\.com|paypal\.me", re.I),
    "wallet": re.compile(r"\bbc1[a-z0-9]{20,}|\b0x[0-9a-fA-F]{40}"),
}


def test_ingest_golden_files_exist_for_every_seed():
    assert STEMS and sorted(p.stem for p in GOLDEN.glob("*.txt")) == STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_ingest_seed_cleaned_text_matches_golden(stem):
    article = article_from_text((SEEDS / f"{stem}.txt").read_bytes(), f"{stem}.txt")
    golden = (GOLDEN / f"{stem}.txt").read_text(encoding="utf-8").removesuffix("\n")
    assert article.text == golden


@pytest.mark.parametrize("stem", STEMS)
def test_ingest_seed_has_no_boilerplate_or_personal_data(stem):
    text = article_from_text((SEEDS / f"{stem}.txt").read_bytes(), f"{stem}.txt").text
    assert [b for b in BOILERPLATE if b in text] == []
    assert [kind for kind, rx in PERSONAL.items() if rx.search(text)] == []


def test_ingest_seed_removals_are_all_in_the_build_report():
    report = BuildReport()
    articles = list(read_articles(BuildConfig(input=SEEDS), report))
    assert len(articles) == 5 and report.skipped == []
    total = sum(len(a.removals) for a in articles)
    assert sum(report.removed.values()) + sum(report.redacted.values()) == total
    assert dict(report.redacted) == {"iban": 1, "bic": 1, "email": 1, "payment_link": 1, "wallet": 2}
    for reason in ("boilerplate:breadcrumb", "boilerplate:theme_switch", "boilerplate:image_credit",
                   "boilerplate:comment_form", "boilerplate:previous_next", "boilerplate:reference_list",
                   "boilerplate:source_counter", "boilerplate:donation_appeal", "boilerplate:read_more"):
        assert report.removed[reason] >= 1, reason


def test_ingest_seed_metadata():
    articles = {a.source_file[:3]: a for a in read_articles(BuildConfig(input=SEEDS), BuildReport())}
    assert articles["000"].title == "Trump und Putin: Durchbruch in den Ukraine-Verhandlungen?"
    assert articles["000"].published == "2025-02-12"
    assert (articles["001"].title, articles["001"].published) == (None, "2025-02")
    assert articles["002"].title.startswith("Nach Putin-Telefonat: Trump kündigt")
    assert articles["003"].title is None and articles["003"].published is None
    assert articles["004"].title == "Trump-Putin-Telefonat – Startschuss für Friedensverhandlungen im Ukraine-Krieg?"
    assert {a.language for a in articles.values()} == {"de"}


def test_ingest_seed_removal_spans_point_into_the_normalised_raw_text():
    from builder.ingest.encoding import decode_bytes, normalise

    raw = (SEEDS / "004_c4cc16edea66bf0e.txt").read_bytes()
    norm = normalise(decode_bytes(raw, "x").text)
    article = article_from_text(raw, "x")
    by_reason = {r.reason: norm[r.start:r.end] for r in article.removals}
    assert by_reason["pii:iban"] == "DE61 1001 1001 2620 3569 10"
    assert by_reason["boilerplate:image_credit"].startswith("Bilder: ")
    assert all(r.rule.count("@") == 1 for r in article.removals)
