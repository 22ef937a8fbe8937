"""Workers read their own files and send documents back in a compact form: same documents, same report, same
order as one process reading everything (builder.ingest.iter_records) and keeping the pydantic records."""

from __future__ import annotations

import json
import pickle
import shutil

import pytest

from builder import ingest, pipeline
from builder.buildreport import BuildReport
from builder.document import pack_document, unpack_document


def _exact(doc):
    """Every record of a document with its class, fields and fields set: equal only if rebuilt exactly."""
    records = [doc.article, *doc.article.sentences, *doc.article.removals, *doc.mentions, *doc.actors,
               *doc.claims, *doc.stances]
    records += [r.provenance for r in (*doc.mentions, *doc.claims, *doc.stances)]
    return [(type(r), r.__dict__, r.__pydantic_fields_set__, r.__pydantic_extra__, r.__pydantic_private__)
            for r in records]


def _one_process(config):
    """The reference: the reading stage, cleaning, annotation and admission in this process, one by one."""
    report = BuildReport()
    admission = ingest.Admission(config, report)
    docs = []
    for record in ingest.iter_records(config, report):
        source, article, notes, doc = pipeline._clean_and_annotate(config, record)
        if admission.admit(article, notes, source):
            docs.append(doc)
    return docs, report


@pytest.fixture
def mixed(config):
    """The seeds plus a JSONL file (with a broken line and a duplicate), an empty file, an unsupported file,
    a file over the size limit and a copy of a seed article."""
    folder = config.input
    first = sorted(folder.glob("*.txt"))[0]
    shutil.copy(first, folder / "zz_copy.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (folder / "big.txt").write_text("Wort " * 3000, encoding="utf-8")
    text = first.read_text(encoding="utf-8")
    lines = [json.dumps({"id": "j1", "text": "Der Rat tagte am Montag in Berlin. " * 5, "title": "Rat"}),
             "{not json", json.dumps({"id": "j2", "text": text}), json.dumps({"id": "j1", "text": "anders"})]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config.model_copy(update={"max_file_bytes": 12_000})


@pytest.mark.parametrize("workers", [1, 2])
def test_pipeline_predict_equals_one_process_reading(mixed, workers):
    ref, ref_report = _one_process(mixed)
    report = BuildReport()
    docs = list(pipeline.predict(mixed, report, workers=workers))
    assert [_exact(d) for d in docs] == [_exact(d) for d in ref]
    assert report.skipped == ref_report.skipped  # same order, not only the same set
    assert report.warnings == ref_report.warnings
    assert report.to_dict() == ref_report.to_dict()
    assert {s.reason for s in report.skipped} >= {"empty", "unsupported_type", "too_large", "broken_jsonl",
                                                  "duplicate_id", "duplicate_text"}


def test_pipeline_tasks_name_files_as_iter_records(mixed):
    tasks = list(pipeline.iter_tasks(mixed))
    files = [t for t in tasks if isinstance(t, pipeline.FileTask)]
    assert [t.name for t in files] == sorted(t.name for t in files)
    assert all(not t.name.endswith(".jsonl") for t in files)
    report = BuildReport()
    records = list(ingest.iter_records(mixed, report))
    sources = [result[0] for t in tasks for result in pipeline.run_task(mixed, t)]
    assert len(sources) == len(set(sources))
    assert set(sources) == {r.source for r in records} | {s.source for s in report.skipped}


def test_pipeline_document_pack_round_trip(config):
    docs = list(pipeline.predict(config, BuildReport(), workers=1))
    assert docs and any(d.claims for d in docs) and any(d.article.removals for d in docs)
    for doc in docs:
        packed = pickle.loads(pickle.dumps(pack_document(doc)))
        back = unpack_document(packed)
        assert back == doc
        assert _exact(back) == _exact(doc)
        back.mentions[0].text = back.mentions[0].text  # assignment still validated and recorded
        assert back.article.sentences is not doc.article.sentences


def test_pipeline_packed_document_is_smaller_than_pickled_records(config):
    doc = next(d for d in pipeline.predict(config, BuildReport(), workers=1) if d.claims)
    assert len(pickle.dumps(pack_document(doc))) < 0.8 * len(pickle.dumps(doc))


def test_pipeline_chunksize_small_for_small_corpora():
    assert pipeline.chunksize_for(5, 2) == 1
    assert pipeline.chunksize_for(300, 2) == 4
    assert pipeline.chunksize_for(100_000, 2) == pipeline.MAX_CHUNKSIZE
