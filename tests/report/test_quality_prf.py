"""P/R/F1 of the pre-annotation against the human version (builder.report.quality), figures by hand."""

import pytest

from builder.report.quality import pre_annotation_quality, reference, usable


@pytest.fixture
def pair(make, text):
    """A predicted document and the human version of the same article."""
    p = make.doc(text)
    p1 = make.mention(p, "Bürgermeisterin Anna Berger", actor_id="act_anna_berger")
    p2 = make.mention(p, "Verkehrsclub", "organisation")
    p3 = make.mention(p, "Stadtwerke", "person")
    make.mention(p, "Mai", "other")
    c1 = make.claim(p, "der neue Radweg sei sicher", claimant=p1)
    c2 = make.claim(p, "„Der Radweg ist zu schmal.“", "direct_quote", claimant=p2)
    make.claim(p, "kostet der Umbau drei Millionen Euro", "attributed_report", claimant=p3)
    make.stance(p, c1, "act_anna_berger", "radweg", "favor")
    make.stance(p, c2, "act_verkehrsclub", "radweg", "neutral")

    h = make.empty(p)
    h1 = make.mention(h, "Anna Berger", annotator="x", status="corrected")
    h2 = make.mention(h, "Verkehrsclub", "organisation", annotator="x", status="accepted")
    make.mention(h, "Stadtwerke", "organisation", annotator="x", status="corrected")
    h4 = make.mention(h, "Anna Berger", annotator="x", status="added", nth=1)
    make.mention(h, "Mai", "other", annotator="x", status="rejected")
    g1 = make.claim(h, "der neue Radweg sei sicher", claimant=h1, annotator="x", status="accepted")
    g2 = make.claim(h, "Der Radweg ist zu schmal.", "direct_quote", claimant=h2, annotator="x", status="corrected")
    make.claim(h, "die Arbeiten im Mai beginnen", claimant=h4, annotator="x", status="added")
    make.stance(h, g1, "act_anna_berger", "radweg", "favor", annotator="x", status="accepted")
    make.stance(h, g2, "act_verkehrsclub", "radweg", "against", annotator="x", status="corrected")
    return p, h


def test_quality_mentions_exact_and_overlap(pair):
    p, h = pair
    q = pre_annotation_quality({p.article_id: p}, {p.article_id: h})
    exact, over = q.scores["mention"]["exact"], q.scores["mention"]["overlap"]
    # exact: Verkehrsclub, Stadtwerke of 4 predicted / 4 human (the rejected "Mai" is not gold)
    assert (exact.spans.tp, exact.spans.n_pred, exact.spans.n_gold) == (2, 4, 4)
    assert exact.spans.f1 == 0.5 and exact.labelled.f1 == 0.25
    # overlap adds "Bürgermeisterin Anna Berger" ~ "Anna Berger"; Stadtwerke has the wrong type
    assert over.spans.precision == 0.75 and over.spans.recall == 0.75
    assert over.labelled.f1 == 0.5 and over.label_accuracy == pytest.approx(2 / 3)
    assert q.articles == 1


def test_quality_claims_and_claimants(pair):
    p, h = pair
    q = pre_annotation_quality({p.article_id: p}, {p.article_id: h})
    assert q.scores["claim"]["exact"].spans.precision == pytest.approx(1 / 3)
    assert q.scores["claim"]["overlap"].spans.f1 == pytest.approx(2 / 3)
    # claimant links: C1 matches exactly with the same actor; C2 only by overlap, same actor
    assert q.scores["claimant"]["exact"].labelled.tp == 1
    assert q.scores["claimant"]["overlap"].labelled.tp == 2
    assert q.scores["claimant"]["overlap"].labelled.recall == pytest.approx(2 / 3)


def test_quality_stances_need_matching_claims(pair):
    p, h = pair
    q = pre_annotation_quality({p.article_id: p}, {p.article_id: h})
    exact, over = q.scores["stance"]["exact"], q.scores["stance"]["overlap"]
    assert (exact.spans.tp, exact.labelled.tp) == (1, 1)
    assert (over.spans.tp, over.labelled.tp, over.label_accuracy) == (2, 1, 0.5)


def test_quality_skips_articles_without_reference(pair):
    p, _ = pair
    q = pre_annotation_quality({p.article_id: p}, {})
    assert q.articles == 0 and q.scores["mention"]["overlap"].spans.f1 is None


def test_usable_counts_what_it_leaves_out(make, text):
    doc = make.doc(text)
    versions = [
        make.human("x", doc, updated_at="2026-01-01"), make.human("x", doc, updated_at="2026-02-01"),
        make.human("y", doc, state="skipped"), make.human("z", doc, stale=True),
    ]
    ok, left_out = usable(versions)
    assert [(v.annotator, v.updated_at) for v in ok] == [("x", "2026-02-01")]
    assert left_out == {"superseded": 1, "state:skipped": 1, "stale": 1}


def test_reference_prefers_ground_truth_then_latest(make, text):
    doc = make.doc(text)
    a = make.human("a", doc, updated_at="2026-03-01")
    b = make.human("b", doc, updated_at="2026-01-01", ground_truth=True)
    c = make.human("c", doc, updated_at="2026-02-01")
    assert reference([a, b, c]) is b
    assert reference([c, a]) is a
    assert reference([]) is None
