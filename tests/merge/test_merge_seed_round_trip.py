"""The seed articles' predictions survive the whole round trip unchanged when an annotator accepts them all."""

from __future__ import annotations

import pytest

from builder.buildreport import BuildReport
from builder.merge import merge
from builder.pipeline import predict
from builder.store import read_annotations, write_annotations
from builder.studio.tasks import annotation_to_human, document_to_task


def _content(records):
    return sorted((r.model_dump(exclude={"provenance"}) for r in records), key=str)


@pytest.mark.slow
def test_merge_seed_predictions_round_trip_through_tasks_store_and_merge(config, tmp_path):
    docs = list(predict(config, BuildReport(), workers=1))
    assert len(docs) == 5
    folder = tmp_path / "annotations"
    for i, doc in enumerate(docs):
        warnings: list[str] = []
        task = {"id": i, **document_to_task(doc, "rules@test", warnings=warnings)}
        annotation = {"id": 100 + i, "result": task["predictions"][0]["result"], "completed_by": {"id": 1},
                      "updated_at": "2026-11-21T12:00:00Z"}
        human = annotation_to_human(task, annotation, doc.article, predicted=doc, warnings=warnings)
        assert warnings == [], warnings
        write_annotations(folder, doc.article_id, [human])
    stored = read_annotations(folder)
    for doc in docs:
        merged, warnings = merge(doc, stored[doc.article_id])
        assert warnings == []
        for name in ("mentions", "claims", "stances"):
            records = getattr(merged, name)
            assert _content(records) == _content(getattr(doc, name)), f"{doc.article_id} {name}"
            assert {r.provenance.status for r in records} <= {"accepted"}
            assert all(r.provenance.rule for r in records)  # the rule that suggested each record is kept
