"""A file that is not UTF-8 but whose invalid bytes look like a damaged UTF-8 character is read with a note."""

from __future__ import annotations

from builder.ingest.encoding import decode_bytes

ASCII = b"Der Stadtrat hat am Donnerstag ein neues Radwegenetz beschlossen. Die Kosten "
#: A Windows-1252 German article: umlauts, sharp s, low-high quotes, en dash and euro sign as single bytes.
CP1252 = ("Stadtrat beschließt neues Radwegenetz\n\nDer Stadtrat in Köln hat am Donnerstag ein neues Radwegenetz "
          "beschlossen. „Die Bürgerinnen und Bürger begrüßen das“, sagte die Bürgermeisterin – es koste "
          "25 Millionen € für Übergänge und Straßen.\n")


def test_ingest_encoding_one_damaged_utf8_character_is_kept_with_a_note():
    raw = ASCII + b"\xc3(rund 25 Millionen Euro) sind hoch.\n"  # "ä" lost its second byte
    decoded = decode_bytes(raw, "f.txt")
    assert decoded.text == raw.decode("cp1252")
    assert "Ã(rund" in decoded.text
    assert decoded.encoding == "cp1252"
    assert decoded.notes == [f"f.txt: invalid UTF-8 at byte {len(ASCII)} (C3) looks like a damaged UTF-8 character; "
                             "the file was read as cp1252, which gives 'Ã' there: check the text"]


def test_ingest_encoding_damaged_utf8_quote_and_later_places_are_counted():
    raw = ASCII + b"\xe2\x80rund 25 Millionen Euro\xe2\x80 sind \xc2hoch.\n"  # two quotes and a NBSP, each cut short
    (note,) = decode_bytes(raw, "f.txt").notes
    assert note.startswith(f"f.txt: invalid UTF-8 at byte {len(ASCII)} (E2 80) looks like a damaged UTF-8 character "
                           "and 2 more such place(s); the file was read as ")


def test_ingest_encoding_note_names_the_damaged_place_after_real_cp1252_letters():
    raw = "Die Bürger in Köln ".encode("cp1252") + b"sagen \xc3(nein).\n"
    at = raw.index(b"\xc3")
    (note,) = decode_bytes(raw, "f.txt").notes
    assert note.startswith(f"f.txt: invalid UTF-8 at byte {at} (C3) ")


def test_ingest_encoding_real_cp1252_articles_have_no_note():
    for text in (CP1252, "Der Bär kam.", "Café am Château: Señor Müller"):
        decoded = decode_bytes(text.encode("cp1252"), "f.txt")
        assert (decoded.text, decoded.encoding, decoded.notes) == (text, "cp1252", [])


def test_ingest_encoding_damaged_utf8_note_reaches_the_build_report(read):
    raw = ASCII + b"\xc3(rund 25 Millionen Euro) sind hoch. Die Opposition kritisierte den Beschluss.\n"
    articles, report = read({"a.txt": raw, "b.txt": CP1252.encode("cp1252")})
    assert [a.source_file for a in articles] == ["a.txt", "b.txt"]
    assert articles[1].text == CP1252.strip()
    (warning,) = report.warnings
    assert warning.startswith(f"a.txt: invalid UTF-8 at byte {len(ASCII)} (C3) looks like a damaged UTF-8 character; "
                              "the file was read as ")
