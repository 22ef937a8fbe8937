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


def test_release_shows_annotators_by_pseudonym_only(config):
    doc = next(d for d in pipeline.predict(config, BuildReport(), workers=1) if d.claims)
    claim = doc.claims[0]
    prov = Provenance(source="human", annotator="anna.berger@example.org", status="accepted", task_id=1,
                      annotation_id=7, updated_at="2026-11-21T10:00:00Z")
    reviewed = Document(article=doc.article, mentions=[], actors=doc.actors,
                        claims=[claim.model_copy(update={"provenance": prov})], stances=[])
    write_annotations(config.annotations, doc.article_id, [
        HumanAnnotation(annotator=who, document=reviewed, annotation_id=n, task_id=1,
                        updated_at=f"2026-11-21T10:00:0{n}Z")
        for n, who in ((7, "anna.berger@example.org"), (8, "ben.koch@example.org"))])
    result = pipeline.build(config)
    from builder.release.writer import iter_rows

    names = {r["provenance"]["annotator"] for r in iter_rows(result.path, "claims")} - {None}
    assert names and all(n.startswith("annotator_") for n in names)
    for path in result.path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"anna.berger" not in data and b"ben.koch" not in data, path
