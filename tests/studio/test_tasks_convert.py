"""Records ⇄ Label Studio tasks: predictions out, annotations back with review statuses (no server)."""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path

import pytest

from builder.studio import interface as ui
from builder.studio.tasks import (
    TaskError,
    Utf16Index,
    annotation_to_human,
    annotator_name,
    document_to_task,
    task_fingerprint,
    validate_prediction,
)
from schemas import Article, Stance, predicted


def _task(doc, task_id=7, prediction_id=70):
    task = {"id": task_id, **document_to_task(doc, "rules@0.1.0")}
    task["predictions"][0]["id"] = prediction_id
    return task


def _annotation(result, **extra):
    ann = {"id": 100, "result": result, "completed_by": {"id": 3, "email": "anna@example.org"},
           "updated_at": "2026-11-21T10:00:00.000000Z", "ground_truth": False, "was_cancelled": False,
           "parent_prediction": 70}
    ann.update(extra)
    return ann


def _by_status(records):
    out = {}
    for r in records:
        out.setdefault(r.provenance.status, []).append(r)
    return out


def test_tasks_prediction_regions_use_record_ids_and_code_points(doc, emoji_text):
    task = document_to_task(doc, "rules@0.1.0")
    assert task["data"]["article_id"] == doc.article_id
    assert task["data"]["text_sha256"] == doc.article.text_sha256
    (prediction,) = task["predictions"]
    assert prediction["model_version"] == "rules@0.1.0"
    labels = [r for r in prediction["result"] if r["type"] == "labels"]
    ids = {r["id"] for r in labels}
    assert {m.mention_id for m in doc.mentions} | {c.claim_id for c in doc.claims} <= ids
    for r in labels:  # offsets are code points: Python slicing gives the quoted text, emoji included
        assert emoji_text[r["value"]["start"]:r["value"]["end"]] == r["value"]["text"]
    relations = [r for r in prediction["result"] if r["type"] == "relation"]
    assert sorted(r["labels"][0] for r in relations) == ["claimant"] * 3 + ["cue"] * 3
    stance_choices = [(r["from_name"], r["value"]["choices"]) for r in prediction["result"]
                      if ui.stance_target(r.get("from_name", ""))]
    assert sorted(stance_choices) == [("stance_ceasefire", ["favor"]), ("stance_ceasefire", ["neutral"])]


def test_tasks_push_of_the_same_records_is_identical(doc, fresh_doc):
    first, second = document_to_task(doc, "rules@0.1.0"), document_to_task(fresh_doc(), "rules@0.1.0")
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    assert task_fingerprint(first) == task_fingerprint(second)
    changed = fresh_doc()
    changed.mentions[1] = changed.mentions[1].model_copy(update={"actor_id": "act_russland"})
    assert task_fingerprint(document_to_task(changed, "rules@0.1.0")) != task_fingerprint(first)


def test_tasks_prediction_is_checked_against_the_interface(build_doc):
    bad = build_doc("Scholz sagte, es gebe Frieden.", mentions=[("Scholz", "person", "act_olaf_scholz")],
                   claims=[("es gebe Frieden", "indirect_speech", "sagte", 0, "no_such_target")])
    with pytest.raises(TaskError) as err:
        document_to_task(bad, "rules@0.1.0")
    assert bad.article_id in str(err.value) and "target" in str(err.value)
    assert document_to_task(bad, "rules@0.1.0", validate=False)["predictions"]


def test_tasks_validate_prediction_reports_sdk_and_span_problems(doc):
    prediction = document_to_task(doc, "r@1")["predictions"][0]
    assert validate_prediction(prediction, doc.article.text) == []
    broken = copy.deepcopy(prediction)
    broken["result"][0]["value"]["labels"] = ["alien"]
    broken["result"][2]["value"]["start"] += 1
    broken["result"].append({"from_id": "nowhere", "to_id": doc.claims[0].claim_id, "type": "relation",
                             "direction": "right"})
    errors = validate_prediction(broken, doc.article.text)
    assert any("Region 0" in e and "Invalid value" in e for e in errors)
    assert any("Region 2" in e and "reads" in e for e in errors)
    assert any("'nowhere'" in e for e in errors)


def test_tasks_unchanged_annotation_accepts_every_prediction(doc):
    task = _task(doc)
    result = copy.deepcopy(task["predictions"][0]["result"])
    human = annotation_to_human(task, _annotation(result), doc.article, predicted=doc)
    records = human.document.mentions + human.document.claims + human.document.stances
    assert {r.provenance.status for r in records} == {"accepted"}
    assert [m.mention_id for m in human.document.mentions] == [m.mention_id for m in doc.mentions]
    assert [c.model_dump(exclude={"provenance"}) for c in human.document.claims] == \
        [c.model_dump(exclude={"provenance"}) for c in doc.claims]
    m = human.document.mentions[0]
    assert (m.provenance.source, m.provenance.annotator, m.provenance.task_id, m.provenance.annotation_id) == \
        ("human", "anna@example.org", 7, 100)
    assert m.provenance.rule == "actor_names@1" and m.provenance.updated_at.startswith("2026-11-21")
    assert human.state == "submitted" and not human.stale and human.model_version == "rules@0.1.0"
    assert human.text_sha256 == doc.article.text_sha256


def _review(result, doc):
    text = doc.article.text
    """Accept most, correct a mention type and a claim span, delete one claim, add one claim."""
    kreml, claim_kreml, claim_kanzler = doc.mentions[1].mention_id, doc.claims[1], doc.claims[2]
    cue_kreml = "cue_" + claim_kreml.claim_id.split("_", 1)[1]
    out = []
    for r in result:
        if r.get("id") in (claim_kreml.claim_id, cue_kreml) or claim_kreml.claim_id in (r.get("from_id"),):
            continue  # deleted claim (with its cue and relations)
        r = copy.deepcopy(r)
        if r.get("id") == kreml and r["from_name"] == ui.MENTION:
            r["value"]["labels"] = ["organisation"]
        if r.get("id") == claim_kanzler.claim_id and "start" in r["value"]:
            shift = len("man brauche ")
            r["value"]["start"] += shift
            if r["from_name"] == ui.CLAIM:
                r["value"]["text"] = r["value"]["text"][shift:]
        r["origin"] = "prediction"
        out.append(r)
    start = text.index("Laut Kreml gibt es keine Einigung")
    out.append({"id": "Xk3_new", "from_name": ui.CLAIM, "to_name": ui.TEXT, "type": "labels", "origin": "manual",
                "value": {"start": start, "end": start + 33, "text": "Laut Kreml gibt es keine Einigung",
                          "labels": ["unattributed_assertion"]}})
    return out


def test_tasks_review_gives_accepted_corrected_added_rejected(doc):
    task = _task(doc)
    warnings: list[str] = []
    human = annotation_to_human(task, _annotation(_review(task["predictions"][0]["result"], doc)), doc.article,
                                predicted=doc, warnings=warnings)
    assert warnings == []
    mentions = _by_status(human.document.mentions)
    assert [m.text for m in mentions["accepted"]] == ["Olaf Scholz", "Kanzler"]
    assert [(m.text, m.type) for m in mentions["corrected"]] == [("Kreml", "organisation")]
    claims = _by_status(human.document.claims)
    assert [c.text for c in claims["added"]] == ["Laut Kreml gibt es keine Einigung"]
    assert claims["added"][0].provenance.rule is None
    assert [c.text for c in claims["rejected"]] == ["gibt es keine Einigung"]
    assert claims["rejected"][0].claim_id == doc.claims[1].claim_id  # the prediction itself, kept
    assert [c.text for c in claims["corrected"]] == ["einen Waffenstillstand"]
    assert [c.text for c in claims["accepted"]] == ["die Lage sei ernst 😟"]
    corrected = claims["corrected"][0]
    assert human.replaces[corrected.claim_id] == doc.claims[2].claim_id
    assert corrected.cue_text == "betonte" and corrected.claimant_actor_id == "act_olaf_scholz"
    new_kreml = mentions["corrected"][0]
    assert human.replaces[new_kreml.mention_id] == doc.mentions[1].mention_id
    stances = {s.claim_id: s for s in human.document.stances}
    assert stances[corrected.claim_id].label == "favor"
    assert stances[doc.claims[0].claim_id].provenance.status == "accepted"
    # every span keeps its context, cues included
    assert human.context[corrected.claim_id][0].endswith("betonte, man brauche ")


def test_tasks_deleted_region_of_a_claim_removes_its_stance_too(doc):
    task = _task(doc)
    result = [r for r in task["predictions"][0]["result"]
              if not (r.get("id") == doc.claims[0].claim_id and r["from_name"] == ui.stance_control("ceasefire"))]
    human = annotation_to_human(task, _annotation(result), doc.article)
    rejected = [s for s in human.document.stances if s.provenance.status == "rejected"]
    assert [s.stance_id for s in rejected] == [doc.stances[0].stance_id]


def test_tasks_utf16_offsets_of_old_label_studio_are_read_correctly(doc):
    task = _task(doc)
    utf16 = document_to_task(doc, "r@1", utf16=True, validate=False)["predictions"][0]["result"]
    moved = [r for r in utf16 if r["type"] == "labels" and r["value"]["start"] != next(
        p for p in task["predictions"][0]["result"] if p.get("id") == r["id"])["value"]["start"]]
    assert moved, "the emoji must shift UTF-16 offsets"
    warnings: list[str] = []
    human = annotation_to_human(task, _annotation(utf16), doc.article, warnings=warnings)
    assert warnings == []
    assert {r.provenance.status for r in human.document.mentions + human.document.claims} == {"accepted"}


def test_tasks_utf16_index_agrees_with_the_utf16_encoding():
    text = "a😀b🇩🇪 c\U0001F600"
    ix = Utf16Index(text)
    for cp in range(len(text) + 1):
        u16 = len(text[:cp].encode("utf-16-le")) // 2
        assert ix.to_utf16(cp) == u16
        assert ix.to_codepoint(u16) == cp
    assert Utf16Index("Grüße").trivial and not ix.trivial


def test_tasks_skipped_annotation_and_annotator_names(doc):
    task = _task(doc)
    human = annotation_to_human(task, _annotation([], was_cancelled=True, completed_by=5), doc.article)
    assert human.state == "skipped" and human.annotator == "user:5"
    assert annotator_name({"id": 2}) == "user:2" and annotator_name(None) == "unknown"


def test_tasks_changed_article_text_marks_the_annotation_stale(doc, emoji_text):
    task = _task(doc)
    newer = Article(**{**doc.article.model_dump(exclude={"text_sha256"}), "text": emoji_text + " Nachtrag."})
    human = annotation_to_human(task, _annotation(task["predictions"][0]["result"]), newer)
    assert human.stale and human.text_sha256 == doc.article.text_sha256
    assert human.document.article is newer


def test_tasks_unusable_regions_are_reported_not_dropped_silently(doc):
    task = _task(doc)
    result = [{"id": "far", "from_name": ui.MENTION, "to_name": ui.TEXT, "type": "labels",
               "value": {"start": 5000, "end": 5004, "text": "weit", "labels": ["person"]}},
              {"from_id": "far", "to_id": "gone", "type": "relation", "direction": "right"}]
    warnings: list[str] = []
    annotation_to_human(task, _annotation(result), doc.article, warnings=warnings)
    assert any("task 7" in w and "region far" in w and "outside the text" in w for w in warnings)
    assert any("relation far → gone" in w for w in warnings)


def test_tasks_task_without_text_is_one_clear_error():
    with pytest.raises(TaskError) as err:
        annotation_to_human({"id": 9, "data": {}}, _annotation([]))
    assert "task 9" in str(err.value)


def _best_of(runs: int, n: int, fn) -> float:
    """Seconds per call: the best of ``runs`` batches of ``n`` calls (the machine is shared; the best is stable)."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - start) / n)
    return best


def test_tasks_5000_tasks_convert_both_ways_fast(doc):
    """Absolute times depend on the (shared) machine, so each conversion is timed right after building the
    same task's records with pydantic, in alternating rounds: converting costs a small multiple of that."""
    task = _task(doc)
    annotation = _annotation(_review(task["predictions"][0]["result"], doc))
    records = [(type(r), r.model_dump()) for r in (*doc.mentions, *doc.claims, *doc.stances)]
    push_ratio = pull_ratio = float("inf")
    push = pull = float("inf")
    for _ in range(5):
        floor = _best_of(1, 100, lambda: [model.model_validate(data) for model, data in records])
        one_push = _best_of(1, 100, lambda: document_to_task(doc, "rules@0.1.0"))
        one_pull = _best_of(1, 100, lambda: annotation_to_human(task, annotation, doc.article, predicted=doc))
        push_ratio, pull_ratio = min(push_ratio, one_push / floor), min(pull_ratio, one_pull / floor)
        push, pull = min(push, 5000 * one_push), min(pull, 5000 * one_pull)
    print(f"5,000 tasks: push {push:.2f}s ({push_ratio:.1f}x building the records), "
          f"pull {pull:.2f}s ({pull_ratio:.1f}x)")
    assert push_ratio < 2.5 and pull_ratio < 8.0
    assert push < 5.0 and pull < 10.0



def test_tasks_a_claim_with_stances_toward_several_targets(build_doc):
    text = "Selenskyj sagte, ohne NATO-Beitritt gebe es keine Waffenruhe."
    doc = build_doc(text, mentions=[("Selenskyj", "person", "act_wolodymyr_selenskyj")],
                    claims=[("ohne NATO-Beitritt gebe es keine Waffenruhe", "indirect_speech", "sagte", 0,
                             "ukraine_nato_membership")],
                    stances=[(0, "favor")])
    extra = doc.stances[0].model_copy(update={"target": "ceasefire", "label": "neutral", "stance_id": ""})
    doc.stances.append(type(extra).model_validate(extra.model_dump()))
    task = _task(doc)
    result = task["predictions"][0]["result"]
    assert {r["from_name"] for r in result if r.get("type") == "choices"} == {
        ui.TARGET, ui.stance_control("ukraine_nato_membership"), ui.stance_control("ceasefire")}
    reviewed = [r for r in copy.deepcopy(result) if r.get("from_name") != ui.stance_control("ceasefire")]
    for r in reviewed:
        if r.get("from_name") == ui.stance_control("ukraine_nato_membership"):
            r["value"]["choices"] = ["against"]
    human = annotation_to_human(task, _annotation(reviewed), doc.article, predicted=doc)
    got = sorted((s.target, s.label, s.provenance.status) for s in human.document.stances)
    assert got == [("ceasefire", "neutral", "rejected"), ("ukraine_nato_membership", "against", "corrected")]
    assert all(s.claim_id == doc.claims[0].claim_id for s in human.document.stances)


def test_tasks_stance_the_interface_cannot_show_is_reported(build_doc):
    text = "Scholz sagte, Verhandlungen seien nötig."
    doc = build_doc(text, mentions=[("Scholz", "person", "act_olaf_scholz")],
                    claims=[("Verhandlungen seien nötig", "indirect_speech", "sagte", 0, None)])
    doc.stances = [Stance(article_id=doc.article_id, actor_id="act_eu", target="peace_negotiations", label="favor",
                          claim_id=doc.claims[0].claim_id, provenance=predicted("stance_lex@1", 0.5)),
                   Stance(article_id=doc.article_id, actor_id="act_olaf_scholz", target="ceasefire", label="favor",
                          claim_id=None, provenance=predicted("stance_lex@1", 0.5))]
    warnings: list[str] = []
    task = document_to_task(doc, "r@1", warnings=warnings)
    assert not any(ui.stance_target(r.get("from_name", "")) for r in task["predictions"][0]["result"])
    assert any("held by act_eu" in w for w in warnings) and any("rests on no claim" in w for w in warnings)


def test_tasks_cue_drawn_without_relation_goes_to_the_nearest_claim(build_doc):
    text = "Merz sagte, das sei falsch. Später erklärte er, es bleibe dabei."
    doc = build_doc(text, mentions=[("Merz", "person", "act_friedrich_merz")])
    task = _task(doc)
    result = copy.deepcopy(task["predictions"][0]["result"])
    for rid, quote, name, label in [("c1", "das sei falsch", ui.CLAIM, "indirect_speech"),
                                    ("c2", "es bleibe dabei", ui.CLAIM, "indirect_speech"),
                                    ("q2", "erklärte", ui.CUE, ui.CUE)]:
        start = text.index(quote)
        result.append({"id": rid, "from_name": name, "to_name": ui.TEXT, "type": "labels",
                       "value": {"start": start, "end": start + len(quote), "text": quote, "labels": [label]}})
    warnings: list[str] = []
    human = annotation_to_human(task, _annotation(result), doc.article, warnings=warnings)
    cues = {c.text: c.cue_text for c in human.document.claims}
    assert cues == {"das sei falsch": None, "es bleibe dabei": "erklärte"}
    assert any("region q2: cue without a relation" in w and "c2" in w for w in warnings)


def test_tasks_stance_without_claimant_is_reported(build_doc):
    text = "Es heißt, eine Waffenruhe sei nah."
    doc = build_doc(text)
    task = _task(doc)
    start = text.index("eine Waffenruhe sei nah")
    value = {"start": start, "end": start + 23, "text": "eine Waffenruhe sei nah"}
    result = [{"id": "c1", "from_name": ui.CLAIM, "to_name": ui.TEXT, "type": "labels",
               "value": {**value, "labels": ["unattributed_assertion"]}},
              {"id": "c1", "from_name": ui.stance_control("ceasefire"), "to_name": ui.TEXT, "type": "choices",
               "value": {**value, "choices": ["favor"]}}]
    warnings: list[str] = []
    human = annotation_to_human(task, _annotation(result), doc.article, warnings=warnings)
    assert [c.provenance.status for c in human.document.claims] == ["added"] and human.document.stances == []
    assert any("region c1" in w and "without a claimant" in w for w in warnings)


def test_tasks_claimant_without_a_mention_is_shown_and_kept(build_doc):
    text = "Die Waffenruhe gilt seit drei Tagen."
    doc = build_doc(text, claims=[("Die Waffenruhe gilt seit drei Tagen", "unattributed_assertion", None, None,
                                   "ceasefire")])
    doc.claims[0] = doc.claims[0].model_copy(update={"claimant_actor_id": "act_dpa"})
    doc.stances = [Stance(article_id=doc.article_id, actor_id="act_dpa", target="ceasefire", label="neutral",
                          claim_id=doc.claims[0].claim_id, provenance=predicted("stance_lex@1", 0.5))]
    task = _task(doc)
    result = task["predictions"][0]["result"]
    assert [r["value"]["text"] for r in result if r.get("from_name") == ui.CLAIMANT_ID] == [["act_dpa"]]
    kept = annotation_to_human(task, _annotation(result), doc.article)
    assert [(c.claimant_actor_id, c.provenance.status) for c in kept.document.claims] == [("act_dpa", "accepted")]
    assert [(s.actor_id, s.provenance.status) for s in kept.document.stances] == [("act_dpa", "accepted")]
    edited = copy.deepcopy(result)
    for r in edited:
        if r.get("from_name") == ui.CLAIMANT_ID:
            r["value"]["text"] = ["act_zdf"]
    changed = annotation_to_human(task, _annotation(edited), doc.article)
    assert [(c.claimant_actor_id, c.provenance.status) for c in changed.document.claims] == [("act_zdf", "corrected")]
    assert [(s.actor_id, s.provenance.status) for s in changed.document.stances] == [("act_zdf", "corrected")]


def test_tasks_annotation_recorded_from_a_real_label_studio(doc):
    """``data/label_studio_1.23_task.json``: GET /api/tasks/<id>/ from Label Studio 1.23.2 after pushing the
    emoji document and saving, through the API, an annotation that retypes Kreml, deletes one claim and adds one."""
    recorded = json.loads((Path(__file__).parent / "data" / "label_studio_1.23_task.json").read_text("utf-8"))
    (annotation,) = recorded["annotations"]
    warnings: list[str] = []
    human = annotation_to_human(recorded, annotation, doc.article, predicted=doc, warnings=warnings)
    assert warnings == [] and human.annotator == "pure5@example.org" and human.task_id == recorded["id"]
    assert human.updated_at == annotation["updated_at"] and human.model_version == "rules@probe"
    assert _by_status(human.document.mentions).keys() == {"accepted", "corrected"}
    assert sorted((c.provenance.status, c.text) for c in human.document.claims) == [
        ("accepted", "die Lage sei ernst 😟"), ("accepted", "man brauche einen Waffenstillstand"),
        ("added", "Laut Kreml"), ("rejected", "gibt es keine Einigung")]
    # the server keeps the pushed prediction exactly as built: ids and code-point offsets unchanged
    assert recorded["predictions"][0]["result"] == document_to_task(doc, "rules@probe")["predictions"][0]["result"]


def test_tasks_datetime_from_the_sdk_is_stored_as_iso_8601(doc):
    from datetime import datetime, timezone

    task = _task(doc)
    when = datetime(2026, 11, 21, 15, 48, 24, 63856, tzinfo=timezone.utc)
    human = annotation_to_human(task, _annotation([], updated_at=when))
    assert human.updated_at == "2026-11-21T15:48:24.063856+00:00"


def test_tasks_browser_submission_keeps_code_point_offsets(doc):
    """``data/label_studio_1.23_browser_submit.json``: the emoji document pushed to Label Studio 1.23.2, opened
    in headless Chromium and submitted unchanged. The browser re-serialises every region; offsets stay code
    points (a UTF-16 count would move every span after the emoji), so every record comes back accepted."""
    recorded = json.loads((Path(__file__).parent / "data" / "label_studio_1.23_browser_submit.json")
                          .read_text("utf-8"))
    (annotation,) = recorded["annotations"]
    assert all(r.get("origin") == "prediction" for r in annotation["result"] if r["type"] == "labels")
    warnings: list[str] = []
    human = annotation_to_human(recorded, annotation, doc.article, predicted=doc, warnings=warnings)
    assert warnings == []
    records = human.document.mentions + human.document.claims + human.document.stances
    assert len(records) == 3 + 3 + 2 and {r.provenance.status for r in records} == {"accepted"}
    assert {r.provenance.rule for r in records} == {"actor_names@1", "claims_speech@1", "stance_lex@1"}


def test_tasks_region_drawn_in_the_browser_after_emoji_counts_code_points(doc):
    """``data/label_studio_1.23_browser_new_region.json``: in headless Chromium, "Einigung" was selected and
    labelled organisation after three characters outside the BMP (🇩🇪 is two, 😟 one). Label Studio saved
    start 69: the code-point offset (UTF-16 would be 72)."""
    recorded = json.loads((Path(__file__).parent / "data" / "label_studio_1.23_browser_new_region.json")
                          .read_text("utf-8"))
    (annotation,) = recorded["annotations"]
    (new,) = [r for r in annotation["result"] if r.get("origin") == "manual"]
    text = recorded["data"]["text"]
    assert (new["value"]["start"], text[new["value"]["start"]:new["value"]["end"]]) == (69, "Einigung")
    assert Utf16Index(text).to_utf16(69) == 72
    warnings: list[str] = []
    human = annotation_to_human(recorded, annotation, doc.article, predicted=doc, warnings=warnings)
    added = [m for m in human.document.mentions if m.provenance.status == "added"]
    assert warnings == [] and [(m.text, m.start, m.type) for m in added] == [("Einigung", 69, "organisation")]
