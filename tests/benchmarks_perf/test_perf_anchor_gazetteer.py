"""benchmarks.anchor: the spaCy blank-German pipeline with our gazetteer, offline."""

import pytest

from benchmarks import anchor


def test_perf_anchor_patterns_come_from_the_lexicons():
    patterns = anchor.gazetteer_patterns()
    forms = {p["pattern"] for p in patterns}
    assert {"Wladimir Putin", "Putin", "Kremlsprecher", "Moskau", "dpa"} <= forms
    assert all(p["label"] and p["id"] for p in patterns)


def test_perf_anchor_finds_names_and_sentences():
    pytest.importorskip("spacy", reason="spaCy is in the 'bench' extra: pip install -e '.[bench]'")
    nlp = anchor.build_nlp()
    text = "Kremlsprecher Dmitri Peskow sagte, Putin sei bereit. Die NATO schweigt."
    (result,) = anchor.annotate(nlp, [text])
    assert len(result["sentences"]) == 2
    found = {text[s:e] for s, e, _, _ in result["actors"]}
    assert {"Dmitri Peskow", "Putin", "NATO"} <= found
    assert "sagte" not in found
