"""Fixtures for the annotations store: reviewed versions of a tiny emoji document (no server)."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pytest

from builder.studio import interface as ui
from builder.studio.tasks import annotation_to_human, document_to_task

# The document factory lives with the studio fixtures; load it by path (tests/ is not a package).
_spec = importlib.util.spec_from_file_location("studio_doc_fixtures", Path(__file__).parents[1] / "studio" / "conftest.py")
docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(docs)


def reviewed(doc, annotation_id=100, annotator_id=3, updated_at="2026-11-21T10:00:00Z", ground_truth=False,
             drop_claim: int | None = 1, cancelled=False):
    """One annotator's version of ``doc``: accepts everything, deletes claim ``drop_claim``, adds one claim."""
    task = {"id": 7, **document_to_task(doc, "rules@0.1.0")}
    task["predictions"][0]["id"] = 70
    result = copy.deepcopy(task["predictions"][0]["result"])
    if drop_claim is not None:
        gone = doc.claims[drop_claim].claim_id
        cue = "cue_" + gone.split("_", 1)[1]
        result = [r for r in result if not {gone, cue} & {r.get("id"), r.get("from_id")}]
    text = doc.article.text
    start = text.index("Laut Kreml")
    result.append({"id": "added1", "from_name": ui.CLAIM, "to_name": ui.TEXT, "type": "labels",
                   "value": {"start": start, "end": start + 10, "text": "Laut Kreml", "labels": ["attributed_report"]}})
    annotation = {"id": annotation_id, "result": result, "completed_by": {"id": annotator_id,
                  "email": f"user{annotator_id}@example.org"}, "updated_at": updated_at,
                  "ground_truth": ground_truth, "was_cancelled": cancelled, "parent_prediction": 70}
    return annotation_to_human(task, annotation, doc.article, predicted=doc)


@pytest.fixture
def doc():
    return docs.emoji_doc()


@pytest.fixture
def review():
    """The :func:`reviewed` factory."""
    return reviewed


@pytest.fixture
def build_doc():
    """The document factory ``make_doc`` of the studio fixtures."""
    return docs.make_doc
