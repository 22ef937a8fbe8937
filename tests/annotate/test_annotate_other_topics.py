"""The rules on hand-written articles of other topics and genres: they find the speakers and do not over-fire."""

from pathlib import Path

import pytest

from builder.annotate import annotate
from builder.ingest import article_from_text

HERE = Path(__file__).parent / "articles"


def _doc(name: str):
    path = HERE / name
    return annotate(article_from_text(path.read_bytes(), name))


@pytest.mark.parametrize("name", sorted(p.name for p in HERE.glob("*.txt")))
def test_annotate_other_topics_no_seed_targets(name):
    doc = _doc(name)
    assert doc.stances == [], f"{name}: stance on a seed-domain target in an unrelated article"
    assert not [c.target for c in doc.claims if c.target], f"{name}: seed target recognised off topic"


def test_annotate_other_topics_sport_speakers():
    doc = _doc("sport_handball.txt")
    by_text = {c.text[:30]: c for c in doc.claims}
    quote = next(c for c in doc.claims if c.kind == "direct_quote")
    assert quote.claimant_actor_id == "act_mats_lindgren"
    assert any(c.claimant_actor_id == "act_mats_lindgren" and c.text.startswith("Seine Mannschaft sei müde")
               for c in doc.claims), by_text
    assert any(c.claimant_actor_id == "act_niklas_brandauer" and c.cue_text == "sagte" for c in doc.claims)


def test_annotate_other_topics_science_pronoun_and_coreference():
    doc = _doc("wissenschaft_meereis.txt")
    persons = {m.text: m.actor_id for m in doc.mentions if m.type == "person"}
    assert persons.get("Hanna Feldkamp") == "act_hanna_feldkamp"   # not "… von der Universität"
    assert persons.get("Feldkamp") == "act_hanna_feldkamp"
    quote = next(c for c in doc.claims if c.kind == "direct_quote")
    assert quote.claimant_actor_id == "act_hanna_feldkamp"          # "…“, sagte sie."
    report = next(c for c in doc.claims if c.cue_text == "zufolge")
    assert report.kind == "attributed_report" and report.claimant_actor_id == "act_deutsche_wetterdienst"


def test_annotate_other_topics_parliament_claimants():
    doc = _doc("parlament_haushalt.txt")
    claimants = {c.cue_text: c.claimant_actor_id for c in doc.claims if c.cue_text}
    assert claimants["forderte"] == "act_markus_oberhauser"
    assert claimants["räumte"] == "act_petra_sauerwein"            # "Die Ministerin räumte ein"
    assert claimants["gewarnt"] == "act_landesrechnungshof"


def test_annotate_other_topics_reader_comments_quiet():
    doc = _doc("leserkommentare.txt")
    assert doc.mentions == []
    assert len(doc.claims) <= 1  # only "Mein Nachbar sagt auch, dass …"


def test_annotate_other_topics_protocol_speaker_turns():
    doc = _doc("bundestag_debatte.txt")
    assert "Zuruf" not in {m.text for m in doc.mentions}
    figure = next(c for c in doc.claims if "40 Prozent" in c.text)
    assert figure.claimant_actor_id == "act_tobias_rehberg"   # said in his turn, not the outlet's assertion


def test_annotate_other_topics_strike_attributions():
    doc = _doc("wirtschaft_bahnstreik.txt")
    by_cue = {c.cue_text: c for c in doc.claims if c.cue_text}
    assert by_cue["so"].claimant_actor_id == "act_konrad_steinbach"       # "…, so Steinbach."
    assert by_cue["so"].text.endswith("vorgelegt")
    assert by_cue["teilte"].claimant_actor_id == "act_deutsche_bahn"      # "die Bahn" after "Deutschen Bahn"
    assert by_cue["hieß es"].claimant_actor_id == "act_regierungskreisen"  # "Aus Regierungskreisen hieß es"
    assert by_cue["mitteilte"].kind == "attributed_report"                # "Wie die Polizei … mitteilte"


def test_annotate_other_topics_health_institutions_and_pronouns():
    doc = _doc("gesundheit_grippewelle.txt")
    types = {m.text: m.type for m in doc.mentions}
    assert types["Robert Koch-Instituts"] == "organisation"       # not a person "Robert Koch-Instituts"
    claimants = {c.cue_text: c.claimant_actor_id for c in doc.claims if c.cue_text}
    assert claimants["appellierte"] == "act_lars_schaade"        # "Er appellierte …" after "Lars Schaade sagte"
    assert claimants["forderte"] == "act_anja_berger"            # "Sie forderte" (singular): the woman, not "der Grünen"
    assert claimants["Nach Einschätzung"] == "act_experten"      # "Nach Einschätzung von Experten"


def test_annotate_other_topics_comment_authors_are_claimants():
    doc = _doc("leserkommentare_schwimmbad.txt")
    authors = {m.text for m in doc.mentions if m.provenance.rule == "commenter@1"}
    assert authors == {"Klaus_M", "Regenbogen77", "Petra K"}
    figure = next(c for c in doc.claims if "4,5 Millionen" in c.text)
    assert figure.claimant_actor_id == "act_klaus_m"
    said = next(c for c in doc.claims if c.cue_text == "gesagt")
    assert said.claimant_actor_id == "act_weidlich"          # "Bürgermeister Weidlich hat … gesagt"
