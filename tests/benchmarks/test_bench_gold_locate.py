"""Locating gold spans by text and context (benchmarks.gold.locate / resolve)."""

import pytest

from benchmarks.gold import GoldError, NotFound, locate, resolve

TEXT = "Trump und Putin telefonierten. Danach sagte Trump, er sei „zufrieden“."


def test_locate_uses_the_context_to_pick_the_occurrence():
    s, e = locate(TEXT, "Trump", "sagte Trump")
    assert TEXT[s:e] == "Trump" and s > 30


def test_locate_tolerates_whitespace_and_quote_variants():
    text = 'Er sagte,   er sei "zufrieden".'
    s, e = locate(text, "„zufrieden“", "er sei „zufrieden“")
    assert text[s:e] == '"zufrieden"'


def test_locate_rejects_an_ambiguous_context():
    with pytest.raises(GoldError, match="occurs 2 times"):
        locate(TEXT, "Trump")


def test_locate_reports_a_missing_context():
    with pytest.raises(NotFound):
        locate(TEXT, "Selenskyj")


def _gold(**extra):
    data = {"_path": "x.yaml", "source_file": "x.txt", "actors": {"act_donald_trump": "person"},
            "mentions": [{"text": "Trump", "in": "sagte Trump", "actor": "act_donald_trump"}]}
    data.update(extra)
    return data


def test_resolve_locates_mentions_and_claims():
    claim = {"id": "c1", "kind": "direct_quote", "text": "zufrieden",
             "claimant": {"text": "Trump", "in": "sagte Trump", "actor": "act_donald_trump"},
             "stances": [{"target": "ceasefire", "label": "favor"}]}
    gold = resolve(_gold(claims=[claim]), TEXT)
    assert [(m.text, m.type) for m in gold.mentions] == [("Trump", "person")]
    (c,) = gold.claims
    assert c.text == "zufrieden" and c.claimant_actor_id == "act_donald_trump" and c.target == "ceasefire"
    assert c.stances[0].actor_id == "act_donald_trump"


def test_resolve_records_spans_cleaning_removed():
    raw = "Menü Start\n" + TEXT
    gold = resolve(_gold(mentions=[{"text": "Menü Start", "actor": "act_donald_trump"}]), TEXT, raw)
    assert gold.mentions == [] and gold.removed == ["mention: Menü Start"]


def test_resolve_fails_on_a_span_in_neither_text():
    with pytest.raises(GoldError, match="x.yaml: mention 'Biden'"):
        resolve(_gold(mentions=[{"text": "Biden", "actor": "act_donald_trump"}]), TEXT, TEXT)


def test_resolve_requires_the_claimant_to_be_a_gold_mention():
    claim = {"id": "c1", "kind": "direct_quote", "text": "zufrieden",
             "claimant": {"text": "Trump", "in": "Trump und Putin", "actor": "act_donald_trump"}}
    with pytest.raises(GoldError, match="not a gold mention"):
        resolve(_gold(claims=[claim]), TEXT)


def test_resolve_outlet_claimant_takes_the_outlet_actor():
    claim = {"id": "c1", "kind": "unattributed_assertion", "text": "Trump und Putin telefonierten", "claimant": "outlet"}
    assert resolve(_gold(claims=[claim]), TEXT).claims[0].claimant_actor_id is None
    assert resolve(_gold(claims=[claim]), TEXT, outlet_actor="act_dpa").claims[0].claimant_actor_id == "act_dpa"


def test_resolve_ignore_region_runs_to_the_end_without_to():
    gold = resolve(_gold(ignore=[{"from": "Danach"}]), TEXT)
    assert gold.ignore == [(TEXT.index("Danach"), len(TEXT))]
