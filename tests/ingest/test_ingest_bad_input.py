"""Every bad input is skipped with a reason naming the file (and line), and the other articles still come through."""

from __future__ import annotations

import json

import pytest

from builder.errors import InputError
from tests.ingest.conftest import GOOD_TEXT, skip_of

OTHER = GOOD_TEXT.replace("Radwegenetz", "Busnetz")


def _sources(articles):
    return [a.source_file for a in articles]


def test_ingest_empty_file_is_skipped(read):
    articles, report = read({"a_empty.txt": b"", "b_good.txt": GOOD_TEXT})
    skip = skip_of(report, "a_empty.txt")
    assert (skip.reason, skip.detail) == ("empty", "file is empty")
    assert _sources(articles) == ["b_good.txt"]


def test_ingest_whitespace_only_file_is_skipped(read):
    articles, report = read({"a_blank.txt": " \n\t\r\n\u00a0 \n", "b_good.txt": GOOD_TEXT})
    skip = skip_of(report, "a_blank.txt")
    assert (skip.reason, skip.detail) == ("empty", "file has only whitespace")
    assert _sources(articles) == ["b_good.txt"]


@pytest.mark.parametrize("content, detail", [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "binary data (PNG), not text"),
    (bytes(range(256)) * 8, "binary data, not text"),
])
def test_ingest_binary_file_is_skipped(read, content, detail):
    articles, report = read({"a_bin.txt": content, "b_good.txt": GOOD_TEXT})
    skip = skip_of(report, "a_bin.txt")
    assert skip.reason == "binary"
    assert skip.detail.startswith(detail)
    assert _sources(articles) == ["b_good.txt"]


def test_ingest_file_over_size_limit_is_skipped(read):
    big = GOOD_TEXT * 40
    articles, report = read({"a_big.txt": big, "b_good.txt": GOOD_TEXT}, max_file_bytes=2000)
    skip = skip_of(report, "a_big.txt")
    assert skip.reason == "too_large"
    assert skip.detail == f"file has {len(big.encode()):,} bytes, over the limit of 2,000 (max_file_bytes)"
    assert _sources(articles) == ["b_good.txt"]


def test_ingest_truncated_utf8_keeps_text_and_warns(read):
    cut = (GOOD_TEXT.strip() + " Weitere Gespräche folgen im März").encode("utf-8")[:-3]  # cuts "ä" in half
    articles, report = read({"a_cut.txt": cut, "b_good.txt": OTHER})
    assert _sources(articles) == ["a_cut.txt", "b_good.txt"]
    assert articles[0].text.endswith("Weitere Gespräche folgen im M")
    assert report.warnings == ["a_cut.txt: truncated UTF-8: incomplete last character (1 byte(s) at byte "
                               f"{len(cut) - 1}) dropped"]


def test_ingest_mixed_encodings_decode_stray_bytes_as_cp1252(read):
    mixed = GOOD_TEXT.encode("utf-8") + "Die Bürgerinitiative begrüßt das.\n".encode("cp1252")
    articles, report = read({"a_mixed.txt": mixed, "b_good.txt": OTHER})
    assert _sources(articles) == ["a_mixed.txt", "b_good.txt"]
    assert articles[0].text.endswith("Die Bürgerinitiative begrüßt das.")
    assert len(report.warnings) == 1
    assert report.warnings[0].startswith("a_mixed.txt: mixed encodings: UTF-8 with 3 Windows-1252 byte(s)")


def test_ingest_html_without_article_text_is_skipped(read):
    page = "<html><head><title>Start</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    articles, report = read({"a_page.html": page, "b_good.txt": GOOD_TEXT})
    skip = skip_of(report, "a_page.html")
    assert (skip.reason, skip.detail) == ("no_text", "HTML page has no article text")
    assert _sources(articles) == ["b_good.txt"]


def test_ingest_broken_jsonl_line_is_reported_and_other_lines_read(read):
    lines = [json.dumps({"id": "x1", "text": GOOD_TEXT}), '{"id": "x2", "text": "kaputt', "",
             json.dumps({"id": "x3", "text": OTHER}), json.dumps(["no", "object"]), json.dumps({"id": "x5"})]
    articles, report = read({"feed.jsonl": "\n".join(lines) + "\n"})
    assert [a.source_id for a in articles] == ["x1", "x3"]
    assert [a.source_file for a in articles] == ["feed.jsonl:1", "feed.jsonl:4"]
    assert skip_of(report, "feed.jsonl:2").detail.startswith("line 2 is not valid JSON: Unterminated string")
    assert skip_of(report, "feed.jsonl:5").detail == "line 5 is not a JSON object"
    assert skip_of(report, "feed.jsonl:6").detail == "line 6 has no 'text' string"
    assert {s.reason for s in report.skipped} == {"broken_jsonl"}


def test_ingest_duplicate_id_is_skipped_naming_the_first(read):
    lines = [json.dumps({"id": "a-1", "text": GOOD_TEXT}), json.dumps({"id": "a-1", "text": OTHER})]
    articles, report = read({"a.jsonl": "\n".join(lines), "b_good.txt": OTHER.replace("Busnetz", "Tramnetz")})
    skip = skip_of(report, "a.jsonl:2")
    assert (skip.reason, skip.detail) == ("duplicate_id", "same id 'a-1' as a.jsonl:1; first one kept")
    assert _sources(articles) == ["a.jsonl:1", "b_good.txt"]


def test_ingest_same_article_under_two_names_is_skipped(read):
    # Same article text; the copy differs only in boilerplate, so raw bytes (and ids) differ.
    copy = "Startseite > Lokales > Verkehr\n\n" + GOOD_TEXT + "\nTeilen Facebook Twitter E-Mail\n"
    articles, report = read({"a_first.txt": GOOD_TEXT, "b_copy.txt": copy, "c_other.txt": OTHER})
    skip = skip_of(report, "b_copy.txt")
    assert skip.reason == "duplicate_text"
    assert skip.detail == "same article text as a_first.txt (same cleaned-text hash); first one kept"
    assert _sources(articles) == ["a_first.txt", "c_other.txt"]


def test_ingest_identical_files_are_one_article(read):
    articles, report = read({"a.txt": GOOD_TEXT, "b.txt": GOOD_TEXT})
    assert _sources(articles) == ["a.txt"]
    assert skip_of(report, "b.txt").reason == "duplicate_text"


def test_ingest_non_german_article_is_skipped_unless_allowed(read):
    english = ("City council approves new cycle network\n\nThe city council on Thursday approved a new network of "
               "cycle paths. The plans include 40 kilometres of new paths, which are to be built by 2028.\n")
    articles, report = read({"a_en.txt": english, "b_good.txt": GOOD_TEXT})
    skip = skip_of(report, "a_en.txt")
    assert (skip.reason, skip.detail) == ("language", "language is 'en', not one of the configured languages (de)")
    assert _sources(articles) == ["b_good.txt"]
    articles, report = read({"a_en.txt": english, "b_good.txt": GOOD_TEXT}, languages=["de", "en"])
    assert [a.language for a in articles] == ["en", "de"]
    assert report.skipped == []


def test_ingest_unsupported_file_type_is_listed(read):
    articles, report = read({"a_notes.md": "# Notizen", "b_good.txt": GOOD_TEXT})
    assert skip_of(report, "a_notes.md").reason == "unsupported_type"
    assert _sources(articles) == ["b_good.txt"]


def test_ingest_missing_folder_is_an_input_error(tmp_path):
    from builder.buildreport import BuildReport
    from builder.config import BuildConfig
    from builder.ingest import read_articles

    with pytest.raises(InputError, match=r"input folder not found$"):
        list(read_articles(BuildConfig(input=tmp_path / "nope"), BuildReport()))
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("x")
    with pytest.raises(InputError, match=r"empty: no article files \(\.txt, \.jsonl, \.html, \.htm\) found$"):
        list(read_articles(BuildConfig(input=tmp_path / "empty"), BuildReport()))


def test_ingest_article_from_text_raises_document_error(tmp_path):
    from builder.errors import DocumentError
    from builder.ingest import article_from_text

    with pytest.raises(DocumentError, match="^x.txt: file has only whitespace$"):
        article_from_text(b"  \n ", "x.txt")
    with pytest.raises(DocumentError, match="^x.txt: no article text left after removing boilerplate$"):
        article_from_text("Teilen Facebook Twitter\nAnzeige\n", "x.txt")


def test_ingest_jsonl_whitespace_text_and_utf16_file(read):
    lines = [json.dumps({"id": "w", "text": " \n "}), json.dumps({"id": "g", "text": GOOD_TEXT}, ensure_ascii=False)]
    articles, report = read({"feed.jsonl": "\n".join(lines).encode("utf-16")})
    assert [a.source_id for a in articles] == ["g"]
    assert articles[0].text.startswith("Stadtrat beschließt")
    skip = skip_of(report, "feed.jsonl:1")
    assert (skip.reason, skip.detail) == ("empty", "'text' has only whitespace")


def test_ingest_empty_jsonl_file_is_skipped(read):
    articles, report = read({"a.jsonl": b"", "b_good.txt": GOOD_TEXT})
    assert (skip_of(report, "a.jsonl").detail, _sources(articles)) == ("file is empty", ["b_good.txt"])
