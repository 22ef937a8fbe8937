"""Cleaning and annotation in worker processes give the same documents, in the same order, as one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder import pipeline
from builder.buildreport import BuildReport


def _run(config, workers):
    report = BuildReport()
    docs = list(pipeline.predict(config, report, workers=workers))
    return docs, report


def test_pipeline_two_workers_equal_one_worker(config):
    # duplicates and bad files too, so the corpus-wide checks see the same order
    shutil.copy(config.input / "001_fab17a2d26c07ddf.txt", config.input / "zz_copy.txt")
    (config.input / "empty.txt").write_bytes(b"")
    one, report_one = _run(config, 1)
    two, report_two = _run(config, 2)
    assert [d.article_id for d in one] == [d.article_id for d in two]
    assert len(one) == 5
    for a, b in zip(one, two):
        assert a.article == b.article
        assert a.mentions == b.mentions and a.claims == b.claims and a.stances == b.stances
    assert report_one.to_dict() == report_two.to_dict()
    assert {s.reason for s in report_one.skipped} == {"empty", "duplicate_text"}


def test_pipeline_release_identical_for_any_worker_count(config, tmp_path):
    one = pipeline.build(config.model_copy(update={"workers": 1}))
    two = pipeline.build(config.model_copy(update={"workers": 2, "releases": tmp_path / "two"}))
    read = lambda r: (r.path / "manifest.json").read_text().split('"files"')[1]  # noqa: E731
    assert read(one) == read(two)


def test_pipeline_document_error_survives_pickling():
    import pickle

    from builder.errors import DocumentError

    err = pickle.loads(pickle.dumps(DocumentError("a.txt", "empty", "no text")))
    assert (err.source, err.reason, err.detail, str(err)) == ("a.txt", "empty", "no text", "a.txt: no text")


@pytest.mark.skipif(not hasattr(pipeline.fcntl, "F_GETPIPE_SZ"), reason="pipe sizes are a Linux feature")
def test_pipeline_pool_result_pipe_holds_a_whole_message():
    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    with pipeline._pool(2) as pool:
        size = pipeline.fcntl.fcntl(pool._outqueue._reader.fileno(), pipeline.fcntl.F_GETPIPE_SZ)
        assert pool.map(abs, [-1, -2, 3]) == [1, 2, 3]
    assert size == min(pipeline.RESULT_PIPE_BYTES, limit) > 65536
