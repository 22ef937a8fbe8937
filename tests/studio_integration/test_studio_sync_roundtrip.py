"""Push → annotate through the API → pull → merge, against a real Label Studio."""

from __future__ import annotations

import copy
import uuid

import pytest
import yaml

from builder.merge import merge
from builder.store import read_annotations
from builder.studio.sync import pull, push

from studio_testdocs import EMOJI_TEXT, RULE_VERSION, council_doc

pytestmark = pytest.mark.integration


def _task_of(client, project_id, article_id):
    return next(t for t in client.iter_tasks(project_id, fields="all") if t["data"]["article_id"] == article_id)


def _region(result, quote, name):
    return next(r for r in result if r.get("from_name") == name and r["value"].get("text") == quote)


def _review(prediction_result, text):
    """An annotator's result: accept 'Anna Berg', widen 'Kämmerer' to 'Der Kämmerer', delete the Stadtrat claim,
    add a claim on 'zwei Millionen Euro'."""
    result = copy.deepcopy(prediction_result)
    kaemmerer = _region(result, "Kämmerer", "mention")
    start = text.index("Der Kämmerer")
    for r in result:  # the mention region and its actor_id text area share the region id
        if r.get("id") == kaemmerer["id"]:
            r["value"].update(start=start, end=start + len("Der Kämmerer"))
            if r["from_name"] == "mention":
                r["value"]["text"] = "Der Kämmerer"
    dropped = _region(result, "fehlen im Etat aber zwei Millionen Euro", "claim")["id"]
    cue_of_dropped = next(r["to_id"] for r in result if r.get("type") == "relation" and r["from_id"] == dropped
                          and r["labels"] == ["cue"])
    result = [r for r in result if r.get("id") not in (dropped, cue_of_dropped)
              and not (r.get("type") == "relation" and dropped in (r["from_id"], r["to_id"]))]
    added = text.index("zwei Millionen Euro")
    result.append({"id": "added01", "from_name": "claim", "to_name": "text", "type": "labels", "origin": "manual",
                   "value": {"start": added, "end": added + len("zwei Millionen Euro"), "text": "zwei Millionen Euro",
                             "labels": ["unattributed_assertion"]}})
    return result


def test_studio_roundtrip_accept_correct_delete_add(client, project, tmp_path):
    doc = council_doc()
    pushed = push([doc], client=client, project=project, model_version=RULE_VERSION)
    task = _task_of(client, pushed.project_id, doc.article_id)
    prediction = task["predictions"][0]
    client.create_annotation(task["id"], _review(prediction["result"], doc.article.text),
                             parent_prediction=prediction["id"])
    folder = tmp_path / "annotations"

    pulled = pull(client=client, project=project, annotations_dir=folder, articles=[doc.article])
    assert pulled.annotations == 1 and pulled.skipped == 0 and pulled.stale == []
    assert [f.action for f in pulled.files] == ["created"]
    stored = yaml.safe_load((folder / f"{doc.article_id}.yaml").read_text(encoding="utf-8"))
    assert stored["versions"][0]["annotator"] == "admin@claimset.local"
    assert stored["versions"][0]["task_id"] == task["id"]

    [human] = read_annotations(folder, {doc.article_id: doc.article})[doc.article_id]
    merged, warnings = merge(doc, [human])
    mentions = {m.text: m.provenance.status for m in merged.mentions}
    claims = {c.text: c.provenance.status for c in merged.claims}
    assert mentions["Anna Berg"] == "accepted"
    assert mentions["Der Kämmerer"] == "corrected" and "Kämmerer" not in mentions
    assert claims["fehlen im Etat aber zwei Millionen Euro"] == "rejected"
    assert claims["zwei Millionen Euro"] == "added"
    assert claims["der Haushalt sei solide"] == "accepted"
    for record in (*merged.mentions, *merged.claims):
        assert doc.article.text[record.start:record.end] == record.text
        assert record.provenance.source == "human" and record.provenance.task_id == task["id"]

    again = pull(client=client, project=project, annotations_dir=folder, articles=[doc.article])
    assert [f.action for f in again.files] == ["unchanged"]


def test_studio_pull_keeps_skips_and_every_annotators_version(client, project, tmp_path, docs_factory):
    docs = docs_factory["small"](2, "skip")
    pushed = push(docs, client=client, project=project, model_version=RULE_VERSION)
    first = _task_of(client, pushed.project_id, docs[0].article_id)
    second = _task_of(client, pushed.project_id, docs[1].article_id)
    client.create_annotation(first["id"], [], was_cancelled=True)
    client.create_annotation(second["id"], first_result := second["predictions"][0]["result"])
    other = f"zweite-{uuid.uuid4().hex[:8]}@example.org"  # a second annotator
    user = client.request("POST", "/api/users", json_body={"email": other, "username": other.split("@")[0]},
                          safe=False)
    client.create_annotation(second["id"], first_result, ground_truth=True, completed_by=user["id"])
    folder = tmp_path / "annotations"
    result = pull(client=client, project=pushed.project_id, annotations_dir=folder,
                  articles={d.article_id: d.article for d in docs})
    assert result.annotations == 3 and result.skipped == 1
    stored = read_annotations(folder)
    assert [v.state for v in stored[docs[0].article_id]] == ["skipped"]
    assert len(stored[docs[1].article_id]) == 2
    by_annotator = {v.annotator: v for v in stored[docs[1].article_id]}
    assert set(by_annotator) == {"admin@claimset.local", other}
    assert by_annotator[other].ground_truth and not by_annotator["admin@claimset.local"].ground_truth


def test_studio_stale_text_is_kept_and_flagged(client, project, tmp_path, docs_factory):
    old = council_doc()
    pushed = push([old], client=client, project=project, model_version=RULE_VERSION)
    task = _task_of(client, pushed.project_id, old.article_id)
    client.create_annotation(task["id"], task["predictions"][0]["result"])
    new = council_doc("Am Montag: " + old.article.text + " Mehr dazu morgen.")
    assert new.article_id == old.article_id and new.article.text_sha256 != old.article.text_sha256

    repush = push([new], client=client, project=project, model_version=RULE_VERSION)
    assert repush.needs_review == [new.article_id] and repush.updated == []

    folder = tmp_path / "annotations"
    result = pull(client=client, project=project, annotations_dir=folder, articles=[new.article])
    assert result.stale == [new.article_id]
    assert any(line.startswith(f"stale {new.article_id}") for line in result.lines())
    [human] = read_annotations(folder, {new.article_id: new.article})[new.article_id]
    assert human.stale and human.annotation_id is not None
    merged, _ = merge(new, [human])
    berg = next(m for m in merged.mentions if m.text == "Anna Berg")
    assert new.article.text[berg.start:berg.end] == "Anna Berg" and berg.provenance.source == "human"


def test_studio_emoji_offsets_survive_the_round_trip(client, project, tmp_path):
    doc = council_doc(EMOJI_TEXT, source="emoji.txt")
    pushed = push([doc], client=client, project=project, model_version=RULE_VERSION)
    task = _task_of(client, pushed.project_id, doc.article_id)
    result = task["predictions"][0]["result"]
    stadtrat = _region(result, "Stadtrat", "mention")
    assert stadtrat["value"]["start"] == doc.article.text.index("Stadtrat")  # code points, as Label Studio stores
    annotation = copy.deepcopy(result)
    quote = "Stadtrat 💶 fehlen"
    at = doc.article.text.index(quote)
    annotation.append({"id": "emoji01", "from_name": "claim", "to_name": "text", "type": "labels",
                       "value": {"start": at, "end": at + len(quote), "text": quote,
                                 "labels": ["unattributed_assertion"]}})
    client.create_annotation(task["id"], annotation)
    folder = tmp_path / "annotations"
    pull(client=client, project=project, annotations_dir=folder, articles=[doc.article])
    [human] = read_annotations(folder, {doc.article_id: doc.article})[doc.article_id]
    added = next(c for c in human.document.claims if c.provenance.status == "added")
    assert (added.start, added.end, added.text) == (at, at + len(quote), quote)
    for record in (*human.document.mentions, *human.document.claims):
        assert doc.article.text[record.start:record.end] == record.text
    assert {m.text for m in human.document.mentions} == {"Anna Berg", "Stadtrat", "Kämmerer"}


def test_studio_server_log_never_holds_the_token_or_password(studio_server):
    log = studio_server.log_path.read_text(encoding="utf-8", errors="replace")
    assert "Starting development server" in log  # the server wrote its log there
    assert studio_server.credentials.api_key not in log
    assert studio_server.credentials.password not in log
