"""The fast sentence splitter and the reference (SoMaJo on every line, ``splitter="somajo"``) give the same spans."""

from __future__ import annotations

import re

import pytest
from claimset_testing import SEEDS

from builder.ingest import sentences
from builder.ingest.sentences import split_sentences

#: Hand-written German news text (not from the seeds or any eval set) with the shapes the fast path decides
#: itself: abbreviations, ordinals and dates, initials, web addresses, numbers, quotations with ! and ? inside,
#: ellipses, headings and list items without a full stop, sentence ends without a space.
VARIED = """Stadtrat beschließt neues Radwegenetz
Neue Wege für Pendler

Berlin, 12. Februar 2025. Der Stadtrat hat am Donnerstag u. a. ein neues Radwegenetz beschlossen, z. B. für die Hauptstr. und die Bahnhofstraße. Dr. Anna Weber (SPD) sprach von einem „großen Schritt“.
Laut Abs. 3 der Satzung gilt die Regel ab dem 1. März; Nr. 7 regelt die Ausnahmen. Der Verein stieg in die 3. Liga auf. Im 19. Jahrhundert war das anders.
J. R. R. Tolkien wurde 1892 geboren. Der Autor J.D. Vance sprach. Prof. Müller bzw. Prof. Meier widersprachen.
„Ist das wirklich nötig?“, fragte ein Anwohner. „Nein!“ Dann ging er. »Wir sind bereit. Das ist klar«, sagte sie.
Mehr dazu auf www.beispiel.de und spiegel.de. Die Kosten liegen bei 1.500.000,50 Euro, also ca. 3,5 Prozent mehr. Um 10.30 Uhr war Schluss.
Die Sitzung dauerte bis 22:15. 1425 wurde die Kirche gebaut. 2025 kam die Wende. Es waren 5 km. Danach 12 S. Lektüre.
Er wartete... Dann kam niemand. Sie sagte nur: „Vielleicht…“ Und schwieg.
Die Punkte im Überblick:
- Radwege werden breiter
- Parkplätze fallen weg. Anwohner erhalten Ausweise.
• Die Umsetzung beginnt im Jahr 2026.
Der Zug erreichte Berlin.Die Fahrt dauerte lange! Warum?Niemand weiß es. Lebenslang!Warum nur?
Das Spiel endete 2:1. Danach feierten die Fans. Er lief am 8.September 1986 los. Siehe S. 12 ff. und Art. 5 GG.
Das Ergebnis: 3,5. Dann folgte die Wahl. Sie schrieb usw. Eben deshalb. Ps. Schauen Sie sich das an.
"""


def _same(text: str) -> None:
    fast = split_sentences(text, splitter="fast")
    reference = split_sentences(text, splitter="somajo")
    assert [text[s:e] for s, e in fast] == [text[s:e] for s, e in reference]


def test_ingest_sentences_reference_same_on_varied_german_text():
    _same(VARIED)


def test_ingest_sentences_reference_varied_text_splits_as_expected():
    found = [VARIED[s:e] for s, e in split_sentences(VARIED)]
    assert "Stadtrat beschließt neues Radwegenetz" in found  # a heading is a sentence of its own
    assert "Der Verein stieg in die 3. Liga auf." in found
    assert "J. R. R. Tolkien wurde 1892 geboren." in found
    assert "„Ist das wirklich nötig?“, fragte ein Anwohner." in found
    assert "»Wir sind bereit. Das ist klar«, sagte sie." in found
    assert "Radwege werden breiter" in found  # the bullet is not part of the sentence


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_ingest_sentences_reference_same_on_seed_articles(path):
    _same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("line", VARIED.split("\n"))
def test_ingest_sentences_reference_same_line_by_line(line):
    _same(line)


def test_ingest_sentences_reference_numbers_after_a_sentence_end():
    for text in ("Es kamen 3,5. Dann ging er.", "Es endete 92:85. Dann 4:26 Minuten.", "Er zahlte 100%. 20 kamen.",
                 "Das Jahr 1999. 2000 kam.", "Sie kam. 1.000 Menschen.", "Er kam. 12. Mai war es.",
                 "Er kam. 5km lief er.", "Er kam. 1970er Jahre.", "Er kam. 3etc. war es.", "Er kam. 10:30 S. weiter."):
        _same(text)


def test_ingest_sentences_reference_window_rules_are_regexes_of_one_line():
    assert sentences._WINDOW_UNSAFE.search("ISBN 3 931155 14 5") is not None
    assert sentences._WINDOW_UNSAFE.search("Der Rat tagte. Es waren 15,5. Dann ging er.") is None
    assert re.fullmatch(sentences._NUMBER, "1.500–1.600") is not None
