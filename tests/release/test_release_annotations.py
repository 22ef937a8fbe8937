"""Human annotations in annotations/ flow into the next release: new version, changelog naming the record."""

from __future__ import annotations


from builder import pipeline
from builder.buildreport import BuildReport
from builder.document import Document, HumanAnnotation
from builder.store import write_annotations
from schemas import Provenance


def _human(record, status: str, **update):
    prov = Provenance(source="human", annotator="anna", status=status, task_id=1, annotation_id=7,
                      updated_at="2026-11-21T10:00:00Z")
    return record.model_copy(update={**update, "provenance": prov})


def test_release_changed_annotation_makes_a_patch_version_naming_the_record(config):
    first = pipeline.build(config)
    doc = next(d for d in pipeline.predict(config, BuildReport(), workers=1) if d.claims)
    claim = doc.claims[0]
    target = "ceasefire" if claim.target != "ceasefire" else "peace_negotiations"
    reviewed = Document(
        article=doc.article,
        mentions=[_human(m, "accepted") for m in doc.mentions],
        actors=doc.actors,
        claims=[_human(claim, "corrected", target=target)] + [_human(c, "accepted") for c in doc.claims[1:]],
        stances=[_human(s, "accepted") for s in doc.stances],
    )
    version = HumanAnnotation(annotator="anna", document=reviewed, annotation_id=7, task_id=1,
                              updated_at="2026-11-21T10:00:00Z")
    write_annotations(config.annotations, doc.article_id, [version])

    second = pipeline.build(config)
    assert first.version == "1.0.0" and second.version == "1.0.1"
    changelog = (second.path / "CHANGELOG.md").read_text()
    assert f"- changed `{claim.claim_id}` (" in changelog and "target" in changelog
    # the release holds the human version of the claim with its status
    from builder.release.writer import iter_rows

    stored = {r["claim_id"]: r for r in iter_rows(second.path, "claims")}
    assert stored[claim.claim_id]["target"] == target
    assert second.counts["claims"] >= len(doc.claims)
