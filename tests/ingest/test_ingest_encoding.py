"""Decoding and normalisation: BOMs, UTF-16, legacy encodings (detected), CRLF, NFC, control characters."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from builder.errors import DocumentError
from builder.ingest import article_from_text
from builder.ingest.encoding import decode_bytes, normalise

TEXT = "Die Bürgerinnen und Bürger in Köln begrüßen die Entscheidung über das „Straßenfest“ sehr."


@pytest.mark.parametrize("raw, encoding", [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8 with BOM"),
    (TEXT.encode("utf-16"), "utf-16"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    (TEXT.encode("cp1252"), "cp1252"),
    (TEXT.encode("utf-16-le"), "utf-16-le (no BOM)"),
    (TEXT.encode("utf-16-be"), "utf-16-be (no BOM)"),
])
def test_ingest_encoding_is_detected(raw, encoding):
    decoded = decode_bytes(raw, "f.txt")
    assert decoded.text == TEXT
    assert decoded.encoding == encoding
    assert decoded.notes == []


def test_ingest_encoding_latin1_without_cp1252_punctuation_reads_right():
    raw = "Größere Städte in Österreich melden Überschüsse.".encode("latin-1")
    assert decode_bytes(raw, "f.txt").text == "Größere Städte in Österreich melden Überschüsse."


# Own sentences, each with German letters whose legacy bytes another legacy encoding reads as other characters.
LEGACY_TEXTS = [
    "Öffentliche Ausschreibung für Straßenbau in München – Kosten 3 Mio. €",
    "Die Gemeinderätin äußerte Zweifel an der Übernahme des Klärwerks.",
    "Rückfragen zur Förderung beantwortet das Büro täglich ab 9 Uhr.",
    "„Wir machen weiter“, sagte er – und ging.",  # no umlaut: the marks decide
    "Die Kosten stiegen um 5 € auf 20 €.",
    "Das kostet … nun ja, 5 €.",
]


@pytest.mark.parametrize("text", LEGACY_TEXTS)
@pytest.mark.parametrize("encoding", ["cp1252", "cp850", "mac_roman", "iso8859_15"])
def test_ingest_encoding_legacy_german_text_reads_right(text, encoding):
    """The legacy reading with the most German letters and marks wins: Windows-1252 text is not read as Mac Roman
    (charset-normalizer's pick for the first sentence, "÷ffentliche ... f¸r Straﬂenbau"), nor DOS text as
    Windows-1252."""
    raw = text.encode(encoding, errors="replace")
    expected = raw.decode(encoding)  # without what the encoding lacks (cp850 has no "–" and no "€")
    decoded = decode_bytes(raw, "f.txt")
    assert decoded.text == expected
    assert decoded.notes == []


def test_ingest_encoding_legacy_tie_is_windows_1252():
    raw = b"Die Kosten \xa9 2025 stiegen um 5 Prozent."  # no German letter in any reading
    decoded = decode_bytes(raw, "f.txt")
    assert (decoded.encoding, decoded.text) == ("cp1252", "Die Kosten © 2025 stiegen um 5 Prozent.")


def test_ingest_encoding_bad_utf16_is_invalid_encoding():
    with pytest.raises(DocumentError, match="^f.txt: starts with a utf-16 byte-order mark but is not valid utf-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "f.txt")


def test_ingest_normalise_line_ends_nfc_controls_and_spaces():
    decomposed = unicodedata.normalize("NFD", "Übergang")
    raw = f"Titel\r\n\r\n\r\n{decomposed}\x00 im\u00a0Jahr\x07 2025\u00ad.\t \rZeile"
    assert normalise(raw) == "Titel\n\nÜbergang im Jahr 2025.\nZeile"


def test_ingest_raw_hash_and_id_come_from_raw_bytes_not_cleaned_text():
    raw = ("Anzeige\n\n" + TEXT).encode("cp1252")
    article = article_from_text(raw, "f.txt")
    import hashlib

    assert article.raw_sha256 == hashlib.sha256(raw).hexdigest()
    assert article.article_id == "art_" + hashlib.sha256(raw).hexdigest()[:16]
    assert article.text == TEXT
    assert article.text_sha256 == hashlib.sha256(TEXT.encode()).hexdigest()


def test_ingest_no_clean_keeps_boilerplate_and_personal_data():
    raw = "Anzeige\n\nSpenden an DE89 3704 0044 0532 0130 00 helfen der Redaktion sehr."
    article = article_from_text(raw, "f.txt", clean=False)
    assert article.text == raw
    assert article.removals == []


def test_ingest_encoding_mojibake_is_repaired_with_a_note():
    raw = "Die Bürger begrüßen das „Straßenfest“.".encode("utf-8").decode("cp1252").encode("utf-8")
    decoded = decode_bytes(raw, "f.txt")
    assert decoded.text == "Die Bürger begrüßen das „Straßenfest“."
    assert decoded.notes == ["f.txt: mojibake (UTF-8 read as Windows-1252) repaired"]


def test_ingest_mojibake_repaired_zero_width_space_is_dropped_by_normalisation():
    # "â€‹" (U+200B read as Windows-1252) has no odd byte; after repair it is a zero-width space, which must go
    raw = "Am Montag\u200b beschlossen".encode("utf-8").decode("cp1252", errors="ignore").encode("utf-8")
    article = article_from_text(raw, "x.txt", clean=False)
    assert article.text == "Am Montag beschlossen"


def test_ingest_encoding_nul_padding_at_the_end_is_dropped_with_a_note():
    decoded = decode_bytes(TEXT.encode("utf-8") + b"\x00" * 500, "f.txt")
    assert decoded.text == TEXT
    assert decoded.notes == ["f.txt: 500 NUL byte(s) of padding at the end dropped"]
    with pytest.raises(DocumentError, match="^f.txt: binary data, not text"):
        decode_bytes(b"\x00" * 100, "f.txt")


def test_ingest_normalise_is_nfc_after_dropping_zero_width_characters():
    # a zero-width space between a letter and its combining accent: dropped, then the two compose
    text = normalise("Cafe\u200b\u0301 in Zu\u00ad\u0308rich")
    assert text == "Café in Zürich"
    assert unicodedata.is_normalized("NFC", text)
