"""The fast sentence splitter gives SoMaJo's output, calling SoMaJo only where a full stop is ambiguous."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from builder.ingest import sentences
from builder.ingest.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]


def _bench():
    spec = importlib.util.spec_from_file_location("bench_sentences_fast", ROOT / "benchmarks" / "sentences.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _somajo_calls(monkeypatch, text: str) -> list[str]:
    calls: list[str] = []
    original = sentences.split_somajo

    def spy(block: str):
        calls.append(block)
        return original(block)

    monkeypatch.setattr(sentences, "split_somajo", spy)
    sentences.split_fast(text)
    return calls


def test_ingest_sentences_fast_plain_sentences_need_no_somajo(monkeypatch):
    assert _somajo_calls(monkeypatch, "Der Rat tagte. Er beschloss nichts.") == []


def test_ingest_sentences_fast_abbreviations_and_ordinals_need_no_somajo(monkeypatch):
    assert _somajo_calls(monkeypatch, "Er kam am 3. Mai mit Dr. Weber bzw. mit J. Kim. Dann ging er.") == []


def test_ingest_sentences_fast_decimal_before_full_stop_goes_to_somajo_alone(monkeypatch):
    calls = _somajo_calls(monkeypatch, "Der Rat tagte. Es waren 15,5. Dann ging er. Es regnete im Jahr 2025. Ende.")
    assert calls == ["Es waren 15,5. Dann ging er."]  # the unsure run with two chunks of context either side


def test_ingest_sentences_fast_long_sentence_sends_only_a_window_to_somajo(monkeypatch):
    text = "Der Rat tagte lange und beschloss nach einer Debatte über 3,5. Dann ging er nach Hause und schlief."
    assert _somajo_calls(monkeypatch, text) == ["Debatte über 3,5. Dann ging er"]
    assert split_sentences(text, splitter="fast") == split_sentences(text, splitter="somajo")


@pytest.mark.parametrize("text", [
    "Sie schrieb auf spiegel.de. Dann kam mehr auf www.beispiel.de und n-tv.de.",
    "Die Partei verlor 3,5 Prozent. 1425 wurde die Kirche gebaut. • Wird die Ukraine siegen?",
    "Er lief 5 km. Danach 10:30 Uhr. Am 8.September kam er. Es war 2:1. Dann 3,5. Ende.",
    "Es kamen u.a. Gäste, z.B. Kinder. Sie schrieb usw. Eben deshalb. Ps. Schauen Sie.",
    "Der Zug erreichte Berlin.Die Fahrt dauerte lange! Warum?Niemand weiß es. Lebenslang!Warum nur?",
    "„Das ist gut.“ (Foto: dpa) Er ging. »Nein!« Sie blieb. [PHONE]. Dann 5%. Ende.",
    # shapes it decides itself (above) and common ones (below)
    "Der Rat tagte. Er beschloss nichts.",
    "Er kam am 3. Mai. Dann ging er.",
    "Er sprach mit Prof. Müller bzw. mit Dr. Weber. Die Sitzung endete um 10.30 Uhr.",
    "„Nein!“, sagte er. „Niemals.“ Dann ging er. Hartz IV. Die Reform kam 2005.",
    "Sie kostet 1.000 Euro. Am 12.3.2025 folgt mehr! (SPD) Ende. Schön :-) Morgen.",
    "Er kam im Jahr 2025. Dann ging er. Bis (1999). Es waren 12345. Dann 2025. dann.",
    "Der Vertrag lief bis Juni... Danach war Schluss? Ja! »Gut« sagte er. Siehe spiegel.de. Mehr.",
])
def test_ingest_sentences_fast_same_as_somajo(text):
    assert split_sentences(text, splitter="fast") == split_sentences(text, splitter="somajo")


def test_ingest_sentences_fast_same_as_somajo_on_tricky_set_and_random_lines():
    bench = _bench()
    docs = [t for t, _ in bench.load_tricky()] + bench.fuzz_docs(n=300, seed=11)
    differ = [t for t in docs if split_sentences(t, splitter="fast") != split_sentences(t, splitter="somajo")]
    assert differ == []


def test_ingest_sentences_fast_is_the_default():
    assert sentences.DEFAULT == "fast"
