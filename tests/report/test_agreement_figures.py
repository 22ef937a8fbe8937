"""Inter-annotator agreement (builder.report.agreement): a textbook example and a hand-computed fixture."""

import math

import pytest

from builder.report.agreement import agreement, nominal_alpha

NAN = None


def test_nominal_alpha_matches_krippendorffs_textbook_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", reliability data of
    # 4 coders x 12 units (None = missing); nominal alpha = 0.743.
    data = {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
        "C": [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
    }
    units = {u: {c: v[u] for c, v in data.items() if v[u] is not None} for u in range(12)}
    a = nominal_alpha(units)
    assert a.alpha == pytest.approx(0.743, abs=5e-4)
    # unit 12 has one value only, so 11 units and 40 pairable values remain
    assert (a.units, a.values, a.annotators) == (11, 40, 4)


def test_nominal_alpha_undefined_cases_say_why():
    assert nominal_alpha({1: {"a": "x"}}).note == "no unit has values from two annotators"
    same = nominal_alpha({1: {"a": "x", "b": "x"}, 2: {"a": "x", "b": "x"}})
    assert same.alpha is None and same.units == 2 and "all values are equal" in same.note


@pytest.fixture
def versions(make, text):
    """Three articles: one with mixed agreement, one with full agreement, one fully disputed."""
    a = make.doc(text, "a", title="Radweg")
    x, y = make.empty(a), make.empty(a)
    for doc, who, verkehrsclub in ((x, "x", "organisation"), (y, "y", "group")):
        make.mention(doc, "Anna Berger", annotator=who, status="accepted")
        make.mention(doc, "Verkehrsclub", verkehrsclub, annotator=who, status="accepted")
        make.mention(doc, "Stadtwerke", "organisation", annotator=who, status="accepted")
    make.mention(x, "Anna Berger", annotator="x", status="added", nth=1)
    make.mention(y, "Mai", "other", annotator="y", status="rejected")  # rejected: not counted
    kinds = {  # unit: (kind by x, kind by y); only the third differs
        "der neue Radweg sei sicher": ("indirect_speech", "indirect_speech"),
        "Der Radweg ist zu schmal.": ("direct_quote", "direct_quote"),
        "kostet der Umbau drei Millionen Euro": ("direct_quote", "indirect_speech"),
        "die Arbeiten im Mai beginnen": ("indirect_speech", "indirect_speech"),
        "Der Verkehrsclub widersprach": ("direct_quote", "direct_quote"),
        "Anna Berger kündigte an": ("direct_quote", "direct_quote"),
    }
    claims = {}
    for quoted, (kx, ky) in kinds.items():
        claims[quoted] = (make.claim(x, quoted, kx, annotator="x", status="accepted"),
                          make.claim(y, quoted, ky, annotator="y", status="accepted"))
    make.claim(x, "Bürgermeisterin Anna Berger sagte", annotator="x", status="added")
    make.claim(y, "Anna Berger sagte", annotator="y", status="added")
    cx, cy = claims["der neue Radweg sei sicher"]
    make.stance(x, cx, "act_anna_berger", "radweg", "favor", annotator="x", status="added")
    make.stance(y, cy, "act_anna_berger", "radweg", "against", annotator="y", status="added")
    cx, cy = claims["Der Radweg ist zu schmal."]
    make.stance(x, cx, "act_verkehrsclub", "radweg", "against", annotator="x", status="added")
    make.stance(y, cy, "act_verkehrsclub", "radweg", "against", annotator="y", status="added")

    b = make.doc(text, "b", title="Einig")
    bx, by = make.empty(b), make.empty(b)
    make.mention(bx, "Stadtwerke", "organisation", annotator="x", status="accepted")
    make.mention(by, "Stadtwerke", "organisation", annotator="y", status="accepted")

    c = make.doc(text, "c", title="Strittig")
    cx_doc = make.empty(c)
    make.mention(cx_doc, "Stadtwerke", "organisation", annotator="x", status="added")

    d = make.doc(text, "d")  # one annotator only: not part of agreement
    return {
        a.article_id: [make.human("x", x), make.human("y", y)],
        b.article_id: [make.human("x", bx), make.human("y", by)],
        c.article_id: [make.human("x", cx_doc), make.human("y", make.empty(c))],
        d.article_id: [make.human("x", make.empty(d))],
    }, {a.article_id: "Radweg", b.article_id: "Einig", c.article_id: "Strittig"}, (a, b, c)


def test_agreement_alpha_by_hand(versions):
    vs, titles, _ = versions
    ag = agreement(vs, titles)
    assert ag.articles == 3 and ag.annotators == ["x", "y"]
    # claim kind: 6 units; o(q,q)=6, o(i,i)=4, o(q,i)=o(i,q)=1; n_q=7, n_i=5, n=12
    # alpha = 1 - (n-1) * 2 / (2 * n_q * n_i) = 1 - 22/70
    kind = ag.alpha["claim_kind"]
    assert kind.alpha == pytest.approx(1 - 22 / 70) and (kind.units, kind.values) == (6, 12)
    # actor type: units Anna Berger (p,p), Verkehrsclub (o,g), Stadtwerke (o,o) in a, Stadtwerke (o,o) in b
    # o(p,p)=2, o(o,o)=4, o(o,g)=o(g,o)=1; n_p=2, n_o=5, n_g=1, n=8
    # alpha = 1 - 7 * 2 / (2 * (2*5 + 2*1 + 5*1)) = 1 - 14/34
    typ = ag.alpha["actor_type"]
    assert typ.alpha == pytest.approx(1 - 14 / 34) and (typ.units, typ.values) == (4, 8)
    # stance label: (favor, against), (against, against): n_f=1, n_a=3, n=4 -> 1 - 3*2/(2*1*3) = 0
    st = ag.alpha["stance_label"]
    assert st.alpha == pytest.approx(0.0) and st.units == 2


def test_agreement_span_f1_by_hand(versions):
    vs, titles, _ = versions
    ag = agreement(vs, titles)
    # mentions: x has 4+1+1 = 6, y has 3+1+0 = 4 (the rejected one is left out); 4 match -> 2*4/10
    m = ag.span_f1["mention"]
    assert (m["exact"].tp, m["exact"].n_pred, m["exact"].n_gold) == (4, 6, 4)
    assert m["exact"].f1 == pytest.approx(0.8) and m["overlap"].f1 == pytest.approx(0.8)
    # claims: 7 each; 6 exact; the 7th pair ("Bürgermeisterin Anna Berger sagte" / "Anna Berger sagte") overlaps
    c = ag.span_f1["claim"]
    assert c["exact"].f1 == pytest.approx(12 / 14) and c["overlap"].f1 == pytest.approx(1.0)
    assert ag.pairs[("x", "y")]["claim"]["exact"].tp == 6


def test_agreement_review_queue_ranks_disagreement(versions):
    vs, titles, (a, b, c) = versions
    ag = agreement(vs, titles)
    # c: 1 item, 1 differing; a: mentions 4 items (2 differ), claims 7 (2 differ: kind, boundaries),
    # stances 2 (1 differs) -> 5 of 13; b agrees fully and is not queued
    assert [(q.article_id, q.items, q.differing) for q in ag.queue] == [(c.article_id, 1, 1), (a.article_id, 13, 5)]
    assert ag.queue[1].title == "Radweg" and math.isclose(ag.queue[1].disagreement, 5 / 13)
    short = agreement(vs, titles, queue_size=1)
    assert short.queue_total == 2 and [q.article_id for q in short.queue] == [c.article_id]
