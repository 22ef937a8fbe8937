"""annotations/<article_id>.yaml: readable, deterministic, atomic, every version kept, broken files named."""

from __future__ import annotations

import os

import pytest
import yaml

from builder import store
from builder.store import StoreError, combine_versions, read_annotation_file, read_annotations, write_annotations
from schemas import Article


def _records(ann):
    d = ann.document
    return [r.model_dump() for r in (*d.mentions, *d.claims, *d.stances)]


def test_store_round_trip_keeps_records_statuses_and_anchors(tmp_path, doc, review):
    first, second = review(doc), review(doc, annotation_id=101, annotator_id=4, drop_claim=None)
    write_annotations(tmp_path, doc.article_id, [second, first])
    back = read_annotations(tmp_path, {doc.article_id: doc.article})[doc.article_id]
    assert [a.annotation_id for a in back] == [100, 101]  # all annotators' versions, in a stable order
    for original, loaded in zip([first, second], back):
        assert sorted(_records(loaded), key=str) == sorted(_records(original), key=str)
        assert loaded.context == original.context and loaded.replaces == original.replaces
        assert (loaded.annotator, loaded.state, loaded.stale, loaded.text_sha256, loaded.model_version) == \
            (original.annotator, original.state, original.stale, original.text_sha256, original.model_version)
        assert loaded.document.article is doc.article
    statuses = {r.provenance.status for r in back[0].document.claims}
    assert statuses == {"accepted", "added", "rejected"}


def test_store_file_is_human_readable_with_quotes_and_context(tmp_path, doc, review):
    path = write_annotations(tmp_path, doc.article_id, [review(doc)]).path
    text = path.read_text(encoding="utf-8")
    assert path.name == f"{doc.article_id}.yaml" and text.startswith("# Human annotations")
    assert "😟" in text and "\\U" not in text  # characters as they are, not escaped
    data = yaml.safe_load(text)
    claim = next(c for c in data["versions"][0]["claims"] if c["text"] == "man brauche einen Waffenstillstand")
    assert claim["before"] == "Der Kanzler betonte, "[-24:] or claim["before"].endswith("Der Kanzler betonte, ")
    assert len(claim["before"]) <= store.CONTEXT_CHARS and len(claim["after"]) <= store.CONTEXT_CHARS
    assert claim["cue"]["text"] == "betonte" and claim["cue"]["after"].startswith(", man")
    assert data["versions"][0]["text_sha256"] == doc.article.text_sha256


def test_store_write_is_deterministic_and_skips_unchanged_files(tmp_path, doc, review):
    first = write_annotations(tmp_path, doc.article_id, [review(doc)])
    assert first.action == "created"
    os.utime(first.path, ns=(1, 1))
    again = write_annotations(tmp_path, doc.article_id, [review(doc)])
    assert again.action == "unchanged" and again.text == first.text
    assert first.path.stat().st_mtime_ns == 1  # not rewritten
    changed = write_annotations(tmp_path, doc.article_id, [review(doc, drop_claim=0)])
    assert changed.action == "updated"


def test_store_dry_run_writes_nothing(tmp_path, doc, review):
    result = write_annotations(tmp_path / "annotations", doc.article_id, [review(doc)], dry_run=True)
    assert result.action == "created" and "versions:" in result.text
    assert not (tmp_path / "annotations").exists()


def test_store_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path, doc, review, monkeypatch):
    path = write_annotations(tmp_path, doc.article_id, [review(doc)]).path
    before = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "replace", broken_replace)
    with pytest.raises(StoreError) as err:
        write_annotations(tmp_path, doc.article_id, [review(doc, drop_claim=0)])
    assert str(path) in str(err.value) and "No space left" in str(err.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_store_combine_keeps_versions_the_server_no_longer_has(doc, review):
    old, newer = review(doc, annotation_id=1), review(doc, annotation_id=2)
    updated_old = review(doc, annotation_id=1, drop_claim=0, updated_at="2026-11-22T00:00:00Z")
    combined = combine_versions([old, newer], [updated_old])
    assert [(a.annotation_id, a.updated_at) for a in combined] == [(1, "2026-11-22T00:00:00Z"),
                                                                  (2, "2026-11-21T10:00:00Z")]


def test_store_skipped_versions_are_kept_and_marked(tmp_path, doc, review):
    skipped = review(doc, annotation_id=5, cancelled=True)
    write_annotations(tmp_path, doc.article_id, [skipped])
    (back,) = read_annotations(tmp_path)[doc.article_id]
    assert back.state == "skipped"


def test_store_stale_flag_follows_the_current_article(tmp_path, doc, review):
    write_annotations(tmp_path, doc.article_id, [review(doc)])
    newer = Article(**{**doc.article.model_dump(exclude={"text_sha256"}), "text": "Neu: " + doc.article.text})
    (stale,) = read_annotations(tmp_path, {doc.article_id: newer})[doc.article_id]
    assert stale.stale and stale.text_sha256 == doc.article.text_sha256
    (fresh,) = read_annotations(tmp_path, {doc.article_id: doc.article})[doc.article_id]
    assert not fresh.stale
    (unknown,) = read_annotations(tmp_path)[doc.article_id]  # no article given: the stored flag
    assert not unknown.stale and unknown.document.article.article_id == doc.article_id


def test_store_missing_folder_is_empty(tmp_path):
    assert read_annotations(tmp_path / "nope") == {}


def _corrupt(tmp_path, doc, review, edit):
    path = write_annotations(tmp_path, doc.article_id, [review(doc)]).path
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("edit, problem", [
    (lambda d: d.update(article_id="art_other"), "does not match the file name"),
    (lambda d: d["versions"][0].update(colour="red"), "unknown key 'colour'"),
    (lambda d: d["versions"][0].update(state="lost"), "unknown state 'lost'"),
    (lambda d: d["versions"][0]["mentions"][0].update(start=1), "mentions[0]"),
    (lambda d: d["versions"][0]["mentions"][0].pop("status"), "'status' is missing"),
    (lambda d: d["versions"][0]["claims"][0].update(kind="rumour"), "kind"),
    (lambda d: d["versions"][0].pop("text_sha256"), "text_sha256"),
])
def test_store_broken_file_is_one_line_naming_it(tmp_path, doc, review, edit, problem):
    path = _corrupt(tmp_path, doc, review, edit)
    with pytest.raises(StoreError) as err:
        read_annotations(tmp_path)
    message = str(err.value)
    assert message.startswith(str(path)) and problem in message and "\n" not in message


def test_store_invalid_yaml_names_file_and_line(tmp_path, doc):
    path = tmp_path / f"{doc.article_id}.yaml"
    path.write_text("article_id: x\nversions: [\n  - {a: 1\n", encoding="utf-8")
    with pytest.raises(StoreError) as err:
        read_annotation_file(path)
    assert str(path) in str(err.value) and "invalid YAML (line" in str(err.value)


def test_store_hand_edit_that_breaks_an_id_is_refused(tmp_path, doc, review):
    def shift(d):
        m = d["versions"][0]["mentions"][0]
        m["start"] += 1
        m["end"] += 1
        m["text"] = doc.article.text[m["start"]:m["end"]]

    _corrupt(tmp_path, doc, review, shift)
    with pytest.raises(StoreError, match="mention_id .* does not match its content"):
        read_annotations(tmp_path)


def test_store_round_trip_of_awkward_text(tmp_path, review, build_doc):
    text = ("yes: no # null\n\n  'Zitat' \"x\" \t\u200b Olaf Scholz sagte,\r\n die Lage sei ernst 😟. "
            "Laut Kreml gibt es keine Einigung. Der Kanzler betonte, man brauche einen Waffenstillstand.\u2028 ~")
    awkward = build_doc(
        text, mentions=[("Olaf Scholz", "person", "act_olaf_scholz"), ("Kreml", "government", "act_kreml"),
                        ("Kanzler", "person", "act_olaf_scholz")],
        claims=[("die Lage sei ernst 😟", "indirect_speech", "sagte", 0, "ceasefire"),
                ("gibt es keine Einigung", "attributed_report", "Laut", 1, None)])
    original = review(awkward)
    write_annotations(tmp_path, awkward.article_id, [original])
    (back,) = read_annotations(tmp_path, {awkward.article_id: awkward.article})[awkward.article_id]
    assert back.context == original.context
    assert sorted(_records(back), key=str) == sorted(_records(original), key=str)
