"""Speed paths of the annotator give the same output as the plain ones: warm-up, one claim pass for trail-free rules."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from builder.annotate import LABELING_FUNCTIONS, annotate, apply_functions, lexicon, warm_up
from builder.ingest import article_from_text

ARTICLES = Path(__file__).resolve().parent / "articles"


def test_annotate_warm_up_loads_word_lists_and_is_idempotent():
    warm_up()
    for loader in (lexicon.known, lexicon.word_frequencies, lexicon._first_names, lexicon._hanover_tagger,
                   lexicon.place_names):
        assert loader.cache_info().currsize == 1
    misses = lexicon.known.cache_info().misses
    warm_up()  # a second call only hits the caches
    assert lexicon.known.cache_info().misses == misses


@pytest.mark.parametrize("name", sorted(p.name for p in ARTICLES.glob("*.txt")))
def test_annotate_trail_free_claim_rules_run_once_with_same_output(name, monkeypatch):
    article = article_from_text((ARTICLES / name).read_bytes(), name)
    fast = [(c, repr(c.data)) for c in apply_functions(article)]
    # every claim function run twice, as before the single pass: the output must not change
    for lf in claims_layer():
        monkeypatch.setitem(LABELING_FUNCTIONS, lf.rule, dataclasses.replace(lf, reads_trail=True))
    assert [(c, repr(c.data)) for c in apply_functions(article)] == fast


def claims_layer():
    from builder.annotate.registry import by_layer  # noqa: PLC0415

    return by_layer("claim")


def test_annotate_trail_readers_are_claim_functions():
    readers = {lf.name: lf.layer for lf in LABELING_FUNCTIONS.values() if lf.reads_trail}
    assert readers == dict.fromkeys(("direct_quote", "attributed_report", "reported_continuation"), "claim")


def test_annotate_same_document_after_warm_up():
    text = ("Die Bürgermeisterin Anna Kowalczyk sagte am Dienstag, die Stadt werde 12 neue Kitas bauen. "
            "„Wir haben genug gewartet“, sagte sie.")
    before = annotate(article_from_text(text, "t.txt"))
    warm_up()
    after = annotate(article_from_text(text, "t.txt"))
    assert [(m.start, m.end, m.actor_id) for m in after.mentions] == [(m.start, m.end, m.actor_id) for m in before.mentions]
    assert [(c.start, c.end, c.claimant_actor_id) for c in after.claims] == \
        [(c.start, c.end, c.claimant_actor_id) for c in before.claims]
