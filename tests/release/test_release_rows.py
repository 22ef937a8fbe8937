"""The release rows of mentions, claims and stances (``writer.annotation_row``) are what ``model_dump()`` gives,
with the annotator pseudonymised: for predicted records (whose provenance the records share) and human ones."""

from __future__ import annotations

from builder.annotate import annotate
from builder.ingest import article_from_text
from builder.release.writer import annotation_row, pseudonym
from schemas import Provenance, Stance, predicted

TEXT = ("Bundeskanzler Olaf Scholz (SPD) sagte am Montag in Berlin: „Wir werden die Steuern nicht erhöhen.“ "
        "Die Opposition kritisierte, die Regierung habe keinen Plan für die Rente. Scholz lehnt die "
        "Schuldenbremse ab, erklärte er.")


def _dumped(record) -> dict:
    row = record.model_dump()
    row["provenance"]["annotator"] = pseudonym(row["provenance"]["annotator"])
    return row


def test_release_annotation_rows_equal_model_dump():
    doc = annotate(article_from_text(TEXT, "a.txt"))
    claim = doc.claims[0]
    stance = Stance(article_id=claim.article_id, actor_id="olaf_scholz", target="steuererhoehung", label="against",
                    claim_id=claim.claim_id, provenance=predicted("stance_cues@1", 0.6))
    records = [*doc.mentions, *doc.claims, stance]
    assert len(doc.mentions) > 1 and doc.claims
    human = Provenance(source="human", annotator="anna@example.org", status="corrected", task_id=3,
                       annotation_id=7, updated_at="2025-02-13T10:00:00Z")
    records.append(doc.claims[0].model_copy(update={"provenance": human}))
    shared: dict[int, dict] = {}
    for record in records:
        row = annotation_row(record, shared)
        assert row == _dumped(record) == annotation_row(record)
        assert list(row) == list(record.model_dump())  # the same columns, in the same order
    assert annotation_row(records[-1])["provenance"]["annotator"].startswith("annotator_")
    # every field is a scalar but the provenance, whose fields are scalars: no record left inside a row
    for record in records:
        row = annotation_row(record)
        assert all(not hasattr(v, "model_dump") for v in (*row.values(), *row["provenance"].values()))
