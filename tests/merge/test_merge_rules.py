"""The build's merge of human versions over predictions: main version, statuses, changed text."""

from __future__ import annotations

import copy

import pytest

from builder.document import Document
from builder.merge import MergeReport, choose_main, derive_actors, merge, relocate
from builder.store import read_annotations, write_annotations
from builder.studio import interface as ui
from builder.studio.tasks import annotation_to_human, document_to_task
from schemas import ActorMention, Article, check_span, predicted


def _check_spans(doc: Document) -> None:
    text = doc.article.text
    for m in doc.mentions:
        check_span(text, m.start, m.end, m.text, where=m.mention_id)
    for c in doc.claims:
        check_span(text, c.start, c.end, c.text, where=c.claim_id)
        if c.cue_start is not None:
            check_span(text, c.cue_start, c.cue_end, c.cue_text, where=c.claim_id)
    mention_ids = {m.mention_id for m in doc.mentions}
    claim_ids = {c.claim_id for c in doc.claims}
    assert all(c.claimant_mention_id in mention_ids for c in doc.claims if c.claimant_mention_id)
    assert all(s.claim_id in claim_ids for s in doc.stances if s.claim_id)


def _status(records):
    return sorted((r.provenance.status, getattr(r, "text", getattr(r, "label", ""))) for r in records)


# --- main version --------------------------------------------------------------------------------------------


def test_merge_main_version_ground_truth_beats_latest(doc, review):
    older_gt = review(doc, annotation_id=1, updated_at="2026-01-01T00:00:00Z", ground_truth=True)
    newer = review(doc, annotation_id=2, updated_at="2026-06-01T00:00:00Z")
    assert choose_main([newer, older_gt]) is older_gt


def test_merge_main_version_is_the_latest_submitted(doc, review):
    a = review(doc, annotation_id=1, updated_at="2026-01-01T10:00:00+02:00")
    b = review(doc, annotation_id=2, updated_at="2026-01-01T09:30:00Z")  # later: 08:00Z < 09:30Z
    skipped = review(doc, annotation_id=3, updated_at="2027-01-01T00:00:00Z", cancelled=True)
    assert choose_main([a, b, skipped]) is b
    assert choose_main([skipped]) is None


def test_merge_without_a_usable_version_keeps_predictions(doc, review):
    skipped = review(doc, cancelled=True)
    report = MergeReport()
    merged, warnings = merge(doc, [skipped], report)
    assert report.chosen is None and warnings == []
    assert [c.claim_id for c in merged.claims] == [c.claim_id for c in doc.claims]
    assert {c.provenance.status for c in merged.claims} == {"predicted"}


# --- statuses ------------------------------------------------------------------------------------------------


def _corrected_review(doc):
    """Kreml retyped to organisation with a new actor id, one claim deleted, one claim added."""
    task = {"id": 7, **document_to_task(doc, "rules@0.1.0")}
    result = []
    gone = doc.claims[1].claim_id
    for r in copy.deepcopy(task["predictions"][0]["result"]):
        if {gone, "cue_" + gone[4:]} & {r.get("id"), r.get("from_id")}:
            continue
        if r.get("id") == doc.mentions[1].mention_id:
            if r["from_name"] == ui.MENTION:
                r["value"]["labels"] = ["organisation"]
            else:
                r["value"]["text"] = ["act_kremlverwaltung"]
        result.append(r)
    start = doc.article.text.index("Laut Kreml")
    result.append({"id": "added1", "from_name": ui.CLAIM, "to_name": ui.TEXT, "type": "labels",
                   "value": {"start": start, "end": start + 10, "text": "Laut Kreml", "labels": ["attributed_report"]}})
    annotation = {"id": 5, "result": result, "completed_by": {"id": 1, "email": "anna@example.org"},
                  "updated_at": "2026-11-21T10:00:00Z"}
    return annotation_to_human(task, annotation, doc.article, predicted=doc)


def test_merge_human_wins_with_every_status(doc):
    human = _corrected_review(doc)
    merged, warnings = merge(doc, [human])
    assert warnings == []
    assert _status(merged.mentions) == [("accepted", "Kanzler"), ("accepted", "Olaf Scholz"),
                                        ("corrected", "Kreml")]
    assert _status(merged.claims) == [("accepted", "die Lage sei ernst 😟"),
                                      ("accepted", "man brauche einen Waffenstillstand"),
                                      ("added", "Laut Kreml"), ("rejected", "gibt es keine Einigung")]
    assert {s.provenance.status for s in merged.stances} == {"accepted"}
    # no prediction comes back next to the human version of the same record
    assert len(merged.mentions) == 3 and doc.mentions[1].mention_id not in {m.mention_id for m in merged.mentions}
    _check_spans(merged)
    actors = {a.actor_id: a for a in merged.actors}
    assert actors["act_kremlverwaltung"].name == "Kreml" and actors["act_kremlverwaltung"].type == "organisation"


def test_merge_keeps_new_predictions_the_annotator_never_saw(doc, build_doc, review):
    human = review(doc)
    newer_rules = build_doc(doc.article.text,
                            mentions=[("Olaf Scholz", "person", "act_olaf_scholz"), ("Kreml", "government", "act_kreml"),
                                      ("Kanzler", "person", "act_olaf_scholz"), ("Einigung", "other", "act_einigung")])
    report = MergeReport()
    merged, _ = merge(newer_rules, [human], report)
    unseen = [m for m in merged.mentions if m.provenance.status == "predicted"]
    assert [m.text for m in unseen] == ["Einigung"]
    assert report.chosen is human


def test_merge_prediction_overlapping_a_human_record_is_superseded(doc, build_doc, review):
    human = review(doc)  # accepted the mention "Olaf Scholz"
    wider = build_doc(doc.article.text, mentions=[("🇩🇪 Olaf Scholz", "person", "act_olaf_scholz")])
    report = MergeReport()
    merged, _ = merge(wider, [human], report)
    assert [m.text for m in merged.mentions if m.text.endswith("Scholz")] == ["Olaf Scholz"]
    assert wider.mentions[0].mention_id in report.superseded


# --- changed text --------------------------------------------------------------------------------------------


def _with_text(doc, text):
    article = Article(**{**doc.article.model_dump(exclude={"text_sha256", "sentences"}), "text": text})
    return Document(article=article)


def test_merge_relocates_spans_when_the_text_changed(doc, review, tmp_path):
    human = review(doc)
    write_annotations(tmp_path, doc.article_id, [human])
    stored = read_annotations(tmp_path)[doc.article_id]  # as the build reads them: no article given
    new_text = "Berlin (dpa) – " + doc.article.text.replace("Der Kanzler  betonte", "Der Kanzler betonte") \
        .replace("sagte, die", "sagte,  die")
    report = MergeReport()
    merged, warnings = merge(_with_text(doc, new_text), stored, report)
    assert warnings == []
    assert report.relocated > 0
    _check_spans(merged)
    assert _status(merged.claims) == _status(human.document.claims)
    assert {s.claim_id for s in merged.stances} <= {c.claim_id for c in merged.claims}


def test_merge_span_that_is_gone_is_reported_not_silently_dropped(doc, review, tmp_path):
    human = review(doc)
    path = write_annotations(tmp_path, doc.article_id, [human]).path
    before = path.read_bytes()
    stored = read_annotations(tmp_path)[doc.article_id]
    new_text = doc.article.text.replace("Der Kanzler betonte, man brauche einen Waffenstillstand.", "")
    merged, warnings = merge(_with_text(doc, new_text), stored)
    assert any("Kanzler" in w and f"{doc.article_id}.yaml" in w and "kept in annotations/" in w for w in warnings)
    assert any("man brauche einen Waffenstillstand" in w for w in warnings)
    assert any("stance" in w for w in warnings)
    assert "man brauche einen Waffenstillstand" not in {c.text for c in merged.claims}
    assert "die Lage sei ernst 😟" in {c.text for c in merged.claims}
    _check_spans(merged)
    assert path.read_bytes() == before  # the human work stays in annotations/


# --- relocate ------------------------------------------------------------------------------------------------


def test_merge_relocate_uses_context_to_choose_among_repeats():
    text = "Trump sagte dies. Dann sprach Trump mit Putin. Trump lachte."
    assert relocate(text, "Trump", "Dann sprach ", " mit Putin", hint=0) == (30, 35)


def test_merge_relocate_prefers_the_nearest_when_context_is_equal():
    text = "Ja. Ja. Ja."
    assert relocate(text, "Ja", "", "", hint=5) == (4, 6)


def test_merge_relocate_tolerates_changed_whitespace_inside_the_span():
    text = "Er sagte: die Lage\nsei ernst."
    assert relocate(text, "die Lage sei ernst", "sagte: ", ".", hint=0) == (10, 28)


def test_merge_relocate_returns_none_when_the_quote_is_gone():
    assert relocate("Ganz neuer Text.", "Scholz", "", "", hint=0) is None


def test_merge_derive_actors_adds_unknown_ids_only(doc):
    extra = ActorMention(article_id=doc.article_id, start=0, end=2, text=doc.article.text[:2], type="country",
                         actor_id="act_deutschland", provenance=predicted("flags@1", 0.5))
    actors = derive_actors(Document(article=doc.article, mentions=[*doc.mentions, extra]), [])
    assert {a.actor_id for a in actors} == {"act_olaf_scholz", "act_kreml", "act_deutschland"}
    assert next(a for a in actors if a.actor_id == "act_olaf_scholz").name == "Olaf Scholz"


def test_merge_refuses_versions_of_another_article(doc, build_doc, review):
    other = build_doc("Anderer Text.", article_id="art_0000000000000002")
    with pytest.raises(ValueError, match="art_0000000000000002"):
        merge(other, [review(doc)])


def test_merge_links_follow_replacements_and_dangling_links_are_reported(doc):
    human = _corrected_review(doc)
    old_kreml = doc.mentions[1].mention_id
    new_kreml = next(new for new, old in human.replaces.items() if old == old_kreml)
    rejected = next(c for c in human.document.claims if c.provenance.status == "rejected")
    assert rejected.claimant_mention_id == new_kreml  # the converter already points it at the reviewed mention
    stale_link = rejected.model_copy(update={"claimant_mention_id": old_kreml})
    lost_link = human.document.claims[0].model_copy(update={"claimant_mention_id": "men_gone"})
    human.document.claims = [lost_link, stale_link] + [c for c in human.document.claims
                                                       if c.claim_id not in (rejected.claim_id, lost_link.claim_id)]
    merged, warnings = merge(doc, [human])
    by_text = {c.text: c for c in merged.claims}
    assert by_text["gibt es keine Einigung"].claimant_mention_id == new_kreml
    assert by_text[lost_link.text].claimant_mention_id is None
    assert by_text[lost_link.text].claimant_actor_id == "act_olaf_scholz"
    assert any("men_gone" in w for w in warnings)
    _check_spans(merged)
