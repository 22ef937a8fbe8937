"""Sentence splitting: docstring examples, line rules, and boundary F1 on the tricky set and GermEval dev."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from builder.ingest import split_sentences

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_sentences", ROOT / "benchmarks" / "sentences.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _texts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_ingest_sentences_docstring_example():
    text = "Am 12. Februar 2025 sprach J.D. Vance. „Wir sind bereit. Das ist klar“, sagte er."
    assert _texts(text) == ["Am 12. Februar 2025 sprach J.D. Vance.", "„Wir sind bereit. Das ist klar“, sagte er."]


@pytest.mark.parametrize("text, expected", [
    ("„Wir sind bereit. Das ist klar“, sagte er.", ["„Wir sind bereit. Das ist klar“, sagte er."]),
    ("„Wir sind bereit.“ Dann ging er.", ["„Wir sind bereit.“", "Dann ging er."]),
    ("Der Verein belegte Platz 3. Im Vorjahr war er Zweiter.", ["Der Verein belegte Platz 3.",
                                                               "Im Vorjahr war er Zweiter."]),
    ("Im 2. Weltkrieg wurde die Stadt zerstört.", ["Im 2. Weltkrieg wurde die Stadt zerstört."]),
    ("Sanktionen treffen den Iran. Die Regierung protestiert.", ["Sanktionen treffen den Iran.",
                                                                 "Die Regierung protestiert."]),
    ("Es spricht Prof. Müller.", ["Es spricht Prof. Müller."]),
])
def test_ingest_sentences_post_rule_docstring_examples(text, expected):
    assert _texts(text) == expected


def test_ingest_sentences_headlines_and_bullets_end_at_line_breaks():
    text = "Was die Reform bringt\n\nKritiker warnen:\n• Die Kosten steigen\n- Es fehlt Personal.\nDer Rest folgt."
    assert _texts(text) == ["Was die Reform bringt", "Kritiker warnen:", "Die Kosten steigen", "Es fehlt Personal.",
                            "Der Rest folgt."]


def test_ingest_sentences_wrapped_lines_are_joined():
    # Caught: a line ending without punctuation in an article, conjunction or preposition, or whose next line
    # starts in lower case, continues the sentence.
    wrapped = "Der Stadtrat hat am Donnerstag ein neues\nRadwegenetz beschlossen, das bis 2028\nfertig sein soll."
    assert _texts(wrapped) == [wrapped]
    # Not caught: a headline (no full stop) followed by a capitalised sentence is two sentences.
    assert _texts("Neues Radwegenetz\nDer Stadtrat hat es beschlossen.") == [
        "Neues Radwegenetz", "Der Stadtrat hat es beschlossen."]
    assert _texts("Merz äußert sich\nDer CDU-Chef sprach am Montag.") == [
        "Merz äußert sich", "Der CDU-Chef sprach am Montag."]


def test_ingest_sentences_offsets_are_trimmed_and_ordered():
    text = "  Erster Satz.   Zweiter Satz!  \n\n  • Dritter?  "
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["Erster Satz.", "Zweiter Satz!", "Dritter?"]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))


def test_ingest_sentences_tricky_gold_set_f1_at_least_99():
    bench = _bench()
    docs = bench.load_tricky()
    assert sum(len(b) for _, b in docs) >= 150
    precision, recall, f1, _ = bench.score(docs, "somajo", True)
    assert f1 >= 0.99, (precision, recall, f1)


@pytest.mark.slow
def test_ingest_sentences_germeval_dev_f1_at_least_98():
    bench = _bench()
    if not bench.GERMEVAL.is_file():
        pytest.skip(f"GermEval dev corpus not found at {bench.GERMEVAL}")
    precision, recall, f1, n = bench.score(bench.load_germeval(), "somajo", True)
    assert n > 1500
    assert f1 >= 0.98, (precision, recall, f1)
