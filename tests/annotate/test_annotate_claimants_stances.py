"""Claimants across sentences, stance targets by pattern, negation."""

import pytest


def test_annotate_pronoun_claimant_from_previous_sentence(annotated):
    doc = annotated("Trainer Jürgen Kasulke sprach nach dem Spiel mit Reportern. "
                    "Die Mannschaft habe zu spät reagiert, sagte er.")
    claim = next(c for c in doc.claims if c.kind == "indirect_speech")
    assert claim.claimant_actor_id == "act_jurgen_kasulke"
    assert claim.text == "Die Mannschaft habe zu spät reagiert"


def test_annotate_separable_verb_cue(annotated):
    doc = annotated("Die Betriebsrätin Anke Vollmer kündigte am Dienstag an, der Streik werde bis Freitag dauern.")
    claim = next(c for c in doc.claims if c.kind == "indirect_speech")
    assert claim.cue_text == "kündigte"
    assert claim.text == "der Streik werde bis Freitag dauern"


@pytest.mark.parametrize("sentence, target", [
    ("Senatorin Maria Lindqvist sagte, eine Mitgliedschaft in der NATO sei für Finnland richtig gewesen.", "ukraine_nato_membership"),
    ("Senatorin Maria Lindqvist sagte, eine Waffenruhe sei im Sudan dringend nötig.", "ceasefire"),
    ("Senatorin Maria Lindqvist sagte, ein Waffenstillstand sei im Sudan dringend nötig.", "ceasefire"),
    ("Senatorin Maria Lindqvist sagte, der NATO-Beitritt Schwedens sei abgeschlossen.", "ukraine_nato_membership"),
])
def test_annotate_target_by_pattern(annotated, sentence, target):
    doc = annotated(sentence)
    assert [c.target for c in doc.claims] == [target]


@pytest.mark.parametrize("sentence, label", [
    ("Ministerin Erika Sommerfeld sagte, ein Waffenstillstand sei nicht realistisch.", "against"),
    ("Ministerin Erika Sommerfeld forderte, ein Waffenstillstand müsse sofort beginnen.", "favor"),
    ("Ministerin Erika Sommerfeld warnte, ein Waffenstillstand werde nur den Angreifer stärken.", "against"),
    ("Ministerin Erika Sommerfeld sagte, es werde keine US-Truppen für eine Friedenstruppe geben.", "against"),
    ("Ministerin Erika Sommerfeld berichtete, über einen Waffenstillstand werde seit Montag beraten.", "neutral"),
])
def test_annotate_stance_with_negation(annotated, sentence, label):
    doc = annotated(sentence)
    assert [s.label for s in doc.stances] == [label]
    assert doc.stances[0].actor_id == "act_erika_sommerfeld"


def test_annotate_unattributed_assertion_claimant_is_outlet(annotated):
    doc = annotated("Der Stausee fasst seit der Erweiterung im Jahr 2019 rund 40 Millionen Kubikmeter Wasser.",
                    outlet="Weserbote")
    claim = doc.claims[0]
    assert claim.kind == "unattributed_assertion"
    assert claim.claimant_actor_id == "act_weserbote"
    assert "act_weserbote" in {a.actor_id for a in doc.actors}


def test_annotate_two_targets_in_two_clauses(annotated):
    doc = annotated("Senatorin Maria Lindqvist forderte, dass ein Waffenstillstand sofort gelten müsse, "
                    "aber ein NATO-Beitritt sei unrealistisch.")
    assert {(s.target, s.label) for s in doc.stances} == {("ceasefire", "favor"), ("ukraine_nato_membership", "against")}


def test_annotate_qualifying_target_in_same_clause_is_not_a_stance(annotated):
    doc = annotated("Senatorin Maria Lindqvist sagte, ein NATO-Beitritt sei kein realistisches Ergebnis einer "
                    "Verhandlungslösung.")
    assert [(s.target, s.label) for s in doc.stances] == [("ukraine_nato_membership", "against")]
