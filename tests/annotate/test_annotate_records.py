"""annotate(): records, offsets, provenance, order, determinism, registry errors."""

import pytest

from builder.annotate import LABELING_FUNCTIONS, RULES_VERSION, UnknownRuleError, apply_functions, get_function
from builder.ingest import article_from_text
from schemas import check_span

TEXT = (
    "Bundesgesundheitsministerin Carola Brenneisen hat am Montag in Mainz neue Zahlen vorgestellt. "
    "Brenneisen sagte, die Wartezeiten in den Kliniken seien um zwölf Prozent gesunken. "
    "„Wir sind auf einem guten Weg, aber noch lange nicht am Ziel“, sagte die Ministerin. "
    "Laut Statistischem Bundesamt arbeiten inzwischen 1,2 Millionen Menschen in der Pflege."
)


def test_annotate_records_point_into_the_text(annotated):
    doc = annotated(TEXT)
    text = doc.article.text
    assert doc.mentions and doc.claims
    for m in doc.mentions:
        check_span(text, m.start, m.end, m.text)
        assert m.provenance.rule in LABELING_FUNCTIONS
    for c in doc.claims:
        check_span(text, c.start, c.end, c.text)
        if c.cue_start is not None:
            check_span(text, c.cue_start, c.cue_end, c.cue_text)
        assert c.provenance.rule in LABELING_FUNCTIONS


def test_annotate_records_sorted_and_deterministic(annotated):
    a, b = annotated(TEXT), annotated(TEXT)
    assert [m.start for m in a.mentions] == sorted(m.start for m in a.mentions)
    assert [c.start for c in a.claims] == sorted(c.start for c in a.claims)
    assert [m.model_dump() for m in a.mentions] == [m.model_dump() for m in b.mentions]
    assert [c.model_dump() for c in a.claims] == [c.model_dump() for c in b.claims]


def test_annotate_records_one_actor_per_id(annotated):
    doc = annotated(TEXT)
    ids = [a.actor_id for a in doc.actors]
    assert len(ids) == len(set(ids))
    assert {m.actor_id for m in doc.mentions} <= set(ids)


def test_annotate_records_title_not_in_mention_and_coreference(annotated):
    doc = annotated(TEXT)
    texts = [m.text for m in doc.mentions if m.actor_id == "act_carola_brenneisen"]
    assert texts[0] == "Carola Brenneisen"
    assert "Brenneisen" in texts and "Ministerin" in texts


def test_annotate_records_claim_kinds_and_claimants(annotated):
    doc = annotated(TEXT)
    kinds = {c.kind: c for c in doc.claims}
    indirect = kinds["indirect_speech"]
    assert indirect.text == "die Wartezeiten in den Kliniken seien um zwölf Prozent gesunken"
    assert indirect.cue_text == "sagte" and indirect.claimant_actor_id == "act_carola_brenneisen"
    quote = kinds["direct_quote"]
    assert quote.text.startswith("Wir sind auf einem guten Weg")
    assert quote.claimant_actor_id == "act_carola_brenneisen"
    report = kinds["attributed_report"]
    assert report.cue_text == "Laut" and "1,2 Millionen" in report.text


def test_annotate_records_raw_candidates_per_function():
    cands = apply_functions(article_from_text(TEXT, "t.txt"))
    layers = {c.layer for c in cands}
    assert layers >= {"mention", "claim"}
    assert all("@" in c.rule and c.rule in LABELING_FUNCTIONS for c in cands)


def test_annotate_records_unknown_rule_lists_valid_names():
    with pytest.raises(UnknownRuleError, match=r"unknown labeling function 'nope@1'; valid: .*gazetteer@1"):
        get_function("nope@1")
    assert RULES_VERSION.startswith("rules-")


def test_annotate_records_fault_tolerant_mode_counts_failures(monkeypatch):
    from collections import Counter

    from builder.annotate import registry

    lf = LABELING_FUNCTIONS["acronym_org@2"]

    def broken(ctx):
        raise RuntimeError("boom")

    monkeypatch.setitem(LABELING_FUNCTIONS, "acronym_org@2", registry.LabelingFunction(lf.name, lf.version, lf.layer, broken))
    article = article_from_text("Die SPD und die IG Metall protestierten am Montag.", "t.txt")
    failures: Counter = Counter()
    cands = apply_functions(article, failures)
    assert failures == Counter({"acronym_org@2": 1})
    assert not [c for c in cands if c.rule == "acronym_org@2"]
    with pytest.raises(RuntimeError, match="boom"):
        apply_functions(article)


def test_annotate_role_noun_of_an_unknown_titled_person_gets_the_persons_name():
    # "der Präsident" refers back to a titled person no lexicon knows: the resolved mention carries that
    # person's name (an empty name once crashed the claimant check of a later claim)
    from builder.annotate import _run

    text = ("Bei Rassismus im Stadion müsse man Mut zeigen, sagte UEFA Präsident Jorin Malvek. "
            "Am Abend erklärte der Präsident, er werde nicht zurücktreten.")
    ctx, _ = _run(article_from_text(text, "role.txt"))
    role = [r for r in ctx.cache["mentions"] if r.text == "Präsident" and r.start > text.index("Abend")]
    assert role, [r.text for r in ctx.cache["mentions"]]
    assert role[0].name == "Jorin Malvek"
    assert all(r.name.split() for r in ctx.cache["mentions"])
