"""Per-rule figures (builder.report.rules): coverage, overlaps, conflicts, precision, review outcomes."""

import pytest

from builder.errors import ClaimsetError
from builder.report.match import Item
from builder.report.rules import analyse_rules, review_outcomes


@pytest.fixture
def corpus(make, text):
    p = make.doc(text, "a")
    make.mention(p, "Anna Berger", rule="gazetteer@1")
    make.mention(p, "Verkehrsclub", "organisation", rule="gazetteer@1")
    make.mention(p, "Bürgermeisterin Anna Berger", rule="name_pattern@1")
    make.mention(p, "Stadtwerke", "person", rule="name_pattern@1")
    make.mention(p, "Stadtwerke", "organisation", rule="org_form@1")
    make.claim(p, "Der Radweg ist zu schmal.", "direct_quote", rule="quote@1")
    empty = make.doc(text, "b")

    h = make.empty(p)
    make.mention(h, "Anna Berger", annotator="x", status="accepted", rule="gazetteer@1")
    make.mention(h, "Verkehrsclub", "group", annotator="x", status="corrected", rule="gazetteer@1")
    make.mention(h, "Stadtwerke", "organisation", annotator="x", status="accepted", rule="org_form@1")
    make.claim(h, "Der Radweg ist zu schmal.", "direct_quote", annotator="x", status="rejected", rule="quote@1")
    docs = {p.article_id: p, empty.article_id: empty}
    return docs, {p.article_id: h}, {p.article_id: [make.human("x", h)]}


def by_rule(analysis):
    return {r.rule: r for r in analysis.rules}


def test_rules_coverage_counts_articles_and_sentences(corpus):
    rules = by_rule(analyse_rules(*corpus))
    g = rules["gazetteer@1"]
    assert (g.outputs, g.articles, g.articles_total) == (2, 1, 2)
    assert g.article_coverage == 0.5
    # two sentences (the first and second) of the 8 in both articles
    assert (g.sentences, g.sentences_total) == (2, 8)
    assert sorted(rules) == ["gazetteer@1", "name_pattern@1", "org_form@1", "quote@1"]


def test_rules_overlaps_and_conflicts(corpus):
    analysis = analyse_rules(*corpus)
    rules = by_rule(analysis)
    assert (rules["gazetteer@1"].overlaps, rules["gazetteer@1"].conflicts) == (1, 0)
    assert (rules["name_pattern@1"].overlaps, rules["name_pattern@1"].conflicts) == (2, 1)
    assert (rules["org_form@1"].overlaps, rules["org_form@1"].conflicts) == (1, 1)
    assert (rules["quote@1"].overlaps, rules["quote@1"].conflicts) == (0, 0)
    assert analysis.pairs[("name_pattern@1", "org_form@1")] == {"overlaps": 1, "conflicts": 1}
    assert analysis.pairs[("gazetteer@1", "name_pattern@1")]["conflicts"] == 0


def test_rules_precision_against_human(corpus):
    rules = by_rule(analyse_rules(*corpus))
    assert (rules["gazetteer@1"].precision_exact, rules["gazetteer@1"].precision_overlap) == (0.5, 0.5)
    assert (rules["name_pattern@1"].precision_exact, rules["name_pattern@1"].precision_overlap) == (0.0, 0.5)
    assert rules["org_form@1"].precision_overlap == 1.0
    assert rules["quote@1"].precision_overlap == 0.0 and rules["quote@1"].evaluated == 1


def test_rules_review_outcomes(corpus):
    rules = by_rule(analyse_rules(*corpus))
    assert dict(rules["gazetteer@1"].review) == {"accepted": 1, "corrected": 1}
    assert dict(rules["name_pattern@1"].review) == {"rejected": 2}
    assert dict(rules["org_form@1"].review) == {"accepted": 1}
    assert rules["quote@1"].review_rate("rejected") == 1.0


def test_review_outcomes_infer_status_when_not_given():
    pred = [Item(0, 5, label="person"), Item(10, 15, label="person"), Item(20, 25, label="person")]
    human = [Item(0, 5, label="person", status="added"), Item(11, 15, label="person", status="added")]
    assert review_outcomes(pred, human) == ["accepted", "corrected", "rejected"]


def test_rules_from_candidates(corpus):
    docs, refs, versions = corpus
    aid = next(iter(refs))
    candidates = {aid: [
        {"rule": "gazetteer@1", "layer": "mention", "start": 16, "end": 27, "label": "person", "score": 1.0},
        {"rule": "weak@1", "layer": "mentions", "start": 16, "end": 27, "label": "group", "score": 0.2},
    ]}
    analysis = analyse_rules(docs, refs, versions, candidates)
    rules = by_rule(analysis)
    assert analysis.source == "candidates"
    assert (rules["weak@1"].outputs, rules["weak@1"].conflicts, rules["weak@1"].layers) == (1, 1, ["mention"])
    assert rules["weak@1"].precision_overlap == 0.0 and rules["gazetteer@1"].precision_exact == 1.0


def test_rules_candidate_without_rule_is_one_clear_error(corpus):
    docs, refs, versions = corpus
    aid = next(iter(refs))
    with pytest.raises(ClaimsetError, match=rf"^candidate 0 of article {aid} lacks rule$"):
        analyse_rules(docs, refs, versions, {aid: [{"layer": "mention", "start": 0, "end": 1, "label": "x"}]})
    with pytest.raises(ClaimsetError, match=r"^candidates of article art_x, which is not among the documents$"):
        analyse_rules(docs, refs, versions, {"art_x": []})
