"""Metadata heuristics: header, headline, publication date, language — each with the examples its docstring gives."""

from __future__ import annotations

import json

import pytest

from builder.ingest import article_from_text
from builder.ingest.metadata import detect_language, find_published, find_title, parse_date, read_header


@pytest.mark.parametrize("value, iso", [
    ("2025-02", "2025-02"), ("2025-02-12", "2025-02-12"), ("2025", "2025"), ("12. Februar 2025", "2025-02-12"),
    ("Feb. 2025", "2025-02"), ("12.02.2025", "2025-02-12"), ("3. Jänner 2024", "2024-01-03"), ("morgen", None),
    ("2025-13", None),
])
def test_ingest_parse_date_keeps_precision(value, iso):
    assert parse_date(value) == iso


def test_ingest_header_docstring_examples():
    header = read_header("date 2025-02 US-Präsident Donald Trump hat …")
    assert header.fields == {"published": "2025-02"} and header.end == len("date 2025-02 ")
    assert read_header("Datum und Uhrzeit des Treffens stehen fest.").end == 0


def test_ingest_header_lines_become_metadata_not_text():
    raw = ("Titel: Neue Brücke eröffnet\nQuelle: Beispielzeitung\nDatum: 3. März 2025\n\n"
           "Die neue Brücke über den Main ist am Montag für den Verkehr freigegeben worden.")
    article = article_from_text(raw, "b.txt")
    assert article.text == "Die neue Brücke über den Main ist am Montag für den Verkehr freigegeben worden."
    assert (article.title, article.outlet, article.published) == ("Neue Brücke eröffnet", "Beispielzeitung",
                                                                  "2025-03-03")
    assert [(r.reason, r.start) for r in article.removals] == [("metadata:header", 0)]


def test_ingest_title_docstring_examples():
    assert find_title("Trump und Putin: Durchbruch in den Ukraine-Verhandlungen?\n\nDer Text.") == \
        "Trump und Putin: Durchbruch in den Ukraine-Verhandlungen?"
    assert find_title("Trump hat mit Putin telefoniert.\n\nDer Text.") is None
    assert find_title("Nur eine Zeile ohne Text danach") is None


def test_ingest_published_docstring_examples():
    assert find_published("Am 12. Februar 2025 führte US-Präsident Donald Trump ein Telefongespräch.") == "2025-02-12"
    assert find_published("Der Krieg dauert seit Februar 2022 an.") is None


def test_ingest_language_docstring_examples():
    de = "Die Regierung hat am Montag ein neues Gesetz beschlossen, das die Mieten in den Städten begrenzen soll."
    en = "The government said on Monday that it would introduce a new law to limit the rents in the cities."
    fr = "Le gouvernement a annoncé lundi une nouvelle loi pour limiter les loyers dans les grandes villes du pays."
    assert (detect_language(de), detect_language(en), detect_language(fr)) == ("de", "en", "fr")
    assert detect_language("Merkel Scholz Merz") == "und"


def test_ingest_jsonl_metadata_wins_over_text(read):
    line = {"id": 7, "text": "Am 1. März 2024 stimmte der Rat zu.\n\nDer Rat hat dem Haushalt mit großer Mehrheit "
                              "zugestimmt, die Opposition stimmte dagegen.",
            "title": "Rat stimmt Haushalt zu", "url": "https://example.org/rat", "outlet": "Beispielblatt",
            "published": "2024-03-02T10:00:00+01:00"}
    articles, report = read({"feed.jsonl": json.dumps(line)})
    (a,) = articles
    assert a.text == line["text"]
    assert a.raw_sha256 == __import__("hashlib").sha256(json.dumps(line).encode()).hexdigest()
    assert (a.source_id, a.title, a.url, a.outlet, a.published) == (
        "7", "Rat stimmt Haushalt zu", "https://example.org/rat", "Beispielblatt", "2024-03-02")


def test_ingest_config_outlet_fills_in(read):
    from tests.ingest.conftest import GOOD_TEXT

    articles, _ = read({"a.txt": GOOD_TEXT}, outlet="Stadtanzeiger")
    assert articles[0].outlet == "Stadtanzeiger"
