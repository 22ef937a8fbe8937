"""SoMaJo with our inlined ``_split_all_matches`` walk gives the same tokens as with its own method."""

from __future__ import annotations

from builder.ingest import sentences

_LINES = ["Der Rat tagte am 3. Mai 2025 um 10:30 Uhr.\u00a0Er kam. Dann ging er.", "Es waren 15,5. Dann ging er :-)",
          "Mail an max [at] example [dot] de oder info@example.org, siehe www.example.de/a?b=1. #Tag @Paul",
          "ISBN 3-931155-14-5, S. 579 ff., z.B. 3,5 km/h und 1970er – „Wir“ sagt er 😀. Ja!!", "1.000,50 € (ca. 5%)",
          "solchen Briefkästen „80…–81… München“ und „Sonstige", "aus dem 2./3. Jahrhundert gefunden, die",
          "Landau/Ganacker.Vor 16 Jahren", "Koninklijke Scholten-Honig N.V.. Im Herbst 1993", "SGB I i.V.m“, fügte"]


def test_ingest_sentences_somajo_walk_same_tokens_as_somajo():
    somajo = sentences._somajo()
    tokenizer = somajo._tokenizer
    patched = tokenizer.__dict__["_split_all_matches"]

    def tokens():
        return [[(t.text, t.character_offset, t.token_class) for t in sentence]
                for line in _LINES for sentence in somajo.tokenize_text([line])]

    try:
        del tokenizer._split_all_matches  # the class's own method
        expected = tokens()
    finally:
        tokenizer._split_all_matches = patched
    assert tokens() == expected
