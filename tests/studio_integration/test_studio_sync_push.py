"""`sync push` against a real Label Studio: one task per article, idempotent, human work never overwritten."""

from __future__ import annotations

import pytest

from builder.studio.sync import push

from studio_testdocs import RULE_VERSION

pytestmark = pytest.mark.integration


def _tasks(client, project_id):
    return list(client.iter_tasks(project_id, fields="all"))


def test_studio_push_creates_one_task_per_article_with_prediction(client, project, docs_factory):
    docs = [docs_factory["council"]()] + docs_factory["small"](3)
    result = push(docs, client=client, project=project, model_version=RULE_VERSION, batch_size=2)
    assert sorted(result.created) == sorted(d.article_id for d in docs)
    tasks = _tasks(client, result.project_id)
    assert sorted(t["data"]["article_id"] for t in tasks) == sorted(d.article_id for d in docs)
    assert sorted(t["id"] for t in client.iter_tasks(result.project_id, include="id", page_size=3)) == sorted(
        t["id"] for t in tasks)  # pages of 3: every task once
    council = next(t for t in tasks if t["data"]["article_id"] == docs[0].article_id)
    assert council["data"]["text_sha256"] == docs[0].article.text_sha256
    [prediction] = council["predictions"]
    assert prediction["model_version"] == RULE_VERSION
    labelled = {(r["value"]["text"], r["value"]["labels"][0]) for r in prediction["result"] if r["type"] == "labels"}
    assert ("Anna Berg", "person") in labelled and ("der Haushalt sei solide", "indirect_speech") in labelled
    assert sum(r["type"] == "relation" for r in prediction["result"]) == 6  # 3 claimants + 3 cues
    # the project shows these predictions as pre-annotations
    assert client.project(result.project_id)["model_version"] == RULE_VERSION


def test_studio_push_twice_changes_nothing(client, project, docs_factory):
    docs = [docs_factory["council"]()] + docs_factory["small"](2)
    first = push(docs, client=client, project=project, model_version=RULE_VERSION)
    before = {t["id"]: (t["updated_at"], [p["id"] for p in t["predictions"]]) for t in _tasks(client, first.project_id)}
    again = [docs_factory["council"]()] + docs_factory["small"](2)  # rebuilt: equal, not the same objects
    second = push(again, client=client, project=project, model_version=RULE_VERSION)
    assert second.created == [] and second.updated == [] and not second.changed
    assert sorted(second.unchanged) == sorted(d.article_id for d in docs)
    after = {t["id"]: (t["updated_at"], [p["id"] for p in t["predictions"]]) for t in _tasks(client, first.project_id)}
    assert after == before


def test_studio_push_dry_run_lists_and_sends_nothing(client, project, docs_factory):
    docs = docs_factory["small"](2, "trocken")
    preview = push(docs, client=client, project=project, model_version=RULE_VERSION, dry_run=True)
    assert preview.dry_run and sorted(preview.created) == sorted(d.article_id for d in docs)
    assert [line.split()[0] for line in preview.lines()] == ["create", "create"]
    assert client.find_project(project) is None  # not even the project was made
    real = push(docs, client=client, project=project, model_version=RULE_VERSION)
    changed = [docs_factory["make"]("Nummer 0: Anna Berg sagte, es gehe voran, sehr gut.",
                                    mentions=[("Anna Berg", "person", "act_anna_berg")], source="trocken-0.txt")]
    preview = push(changed, client=client, project=project, model_version=RULE_VERSION, dry_run=True)
    assert preview.updated == [changed[0].article_id]
    task = next(t for t in _tasks(client, real.project_id) if t["data"]["article_id"] == changed[0].article_id)
    assert task["data"]["text"] == docs[0].article.text  # untouched by the dry run


def test_studio_push_updates_untouched_task_and_spares_annotated_one(client, project, docs_factory):
    make = docs_factory["make"]
    old = [make("Anna Berg sagte, es gehe voran.", mentions=[("Anna Berg", "person", "act_anna_berg")],
                source="a.txt"),
           make("Der Kämmerer sagte, es gehe voran.", mentions=[("Kämmerer", "person", "act_kaemmerer")],
                source="b.txt")]
    result = push(old, client=client, project=project, model_version=RULE_VERSION)
    tasks = {t["data"]["article_id"]: t for t in _tasks(client, result.project_id)}
    annotated = tasks[old[1].article_id]
    client.create_annotation(annotated["id"], annotated["predictions"][0]["result"])
    new = [make("Anna Berg sagte heute, es gehe gut voran.", mentions=[("Anna Berg", "person", "act_anna_berg")],
                source="a.txt"),
           make("Der Kämmerer sagte heute, es gehe gut voran.", mentions=[("Kämmerer", "person", "act_kaemmerer")],
                source="b.txt")]
    second = push(new, client=client, project=project, model_version=RULE_VERSION)
    assert second.updated == [new[0].article_id]
    assert second.needs_review == [new[1].article_id]
    assert any(line.startswith(f"needs review {new[1].article_id}") for line in second.lines())
    tasks = {t["data"]["article_id"]: t for t in _tasks(client, result.project_id)}
    assert len(tasks) == 2 and len(_tasks(client, result.project_id)) == 2
    updated = tasks[new[0].article_id]
    assert updated["data"]["text"] == new[0].article.text
    [prediction] = updated["predictions"]
    assert prediction["result"][0]["value"]["start"] == new[0].mentions[0].start
    spared = tasks[new[1].article_id]
    assert spared["data"]["text"] == old[1].article.text  # the annotated task keeps the text its annotator saw
    assert len(spared["annotations"]) == 1
    third = push(new, client=client, project=project, model_version=RULE_VERSION)
    assert third.updated == [] and third.needs_review == [new[1].article_id]


def test_studio_push_repairs_a_task_that_lost_its_prediction(client, project, docs_factory):
    docs = docs_factory["small"](2, "reparatur")
    first = push(docs, client=client, project=project, model_version=RULE_VERSION)
    task = next(t for t in _tasks(client, first.project_id) if t["data"]["article_id"] == docs[0].article_id)
    client.delete_prediction(task["predictions"][0]["id"])  # as an import cut short would leave it
    second = push(docs, client=client, project=project, model_version=RULE_VERSION)
    assert second.updated == [docs[0].article_id] and second.unchanged == [docs[1].article_id]
    task = next(t for t in _tasks(client, first.project_id) if t["data"]["article_id"] == docs[0].article_id)
    assert len(task["predictions"]) == 1 and task["predictions"][0]["model_version"] == RULE_VERSION


def test_studio_push_notices_a_task_deleted_by_hand(client, project, docs_factory):
    docs = docs_factory["small"](3, "geloescht")
    first = push(docs, client=client, project=project, model_version=RULE_VERSION)
    assert "last complete push: corpus fingerprint" in client.project(first.project_id)["description"]
    quick = push(docs, client=client, project=project, model_version=RULE_VERSION)
    full = push(docs, client=client, project=project, model_version=RULE_VERSION, verify=True)
    assert sorted(quick.unchanged) == sorted(full.unchanged) == sorted(d.article_id for d in docs)
    gone = next(t for t in _tasks(client, first.project_id) if t["data"]["article_id"] == docs[1].article_id)
    client.request("DELETE", f"/api/tasks/{gone['id']}")
    again = push(docs, client=client, project=project, model_version=RULE_VERSION)
    assert again.created == [docs[1].article_id] and len(again.unchanged) == 2
    assert sorted(t["data"]["article_id"] for t in _tasks(client, first.project_id)) == sorted(
        d.article_id for d in docs)
