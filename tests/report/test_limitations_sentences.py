"""The generated "known limitations" (builder.report.limitations)."""

from collections import Counter

from builder.report.agreement import Agreement, Alpha
from builder.report.limitations import known_limitations
from builder.report.match import PRF, LayerScore
from builder.report.quality import QualityFigures
from builder.report.rules import RuleAnalysis, RuleStats


def figures(recall_hits: int = 9) -> QualityFigures:
    q = QualityFigures.empty()
    q.articles = 30
    q.scores["claim"]["overlap"] = LayerScore(PRF(recall_hits, 10, 10), PRF(recall_hits, 10, 10))
    return q


def test_limitations_name_the_weak_rules():
    weak = RuleStats("weak@1", ["mention"], outputs=10, articles=1, articles_total=40, overlaps=5, conflicts=3,
                     evaluated=10, correct_overlap=5, review=Counter(accepted=2, rejected=8))
    good = RuleStats("good@1", ["claim"], outputs=100, articles=40, articles_total=40, evaluated=50,
                     correct_overlap=48, review=Counter(accepted=50))
    out = known_limitations(RuleAnalysis([weak, good]), figures(), Agreement(), {"articles": 40})
    assert out == [
        "Rule weak@1 fires in 1 of 40 articles (2%); its figures rest on 10 outputs.",
        "Rule weak@1 has precision 0.50 against human annotations (overlap match, 10 outputs).",
        "Rule weak@1 conflicts with another rule on 30% of its 10 outputs (same span, different label).",
        "Annotators rejected 80% of the reviewed outputs of rule weak@1 (10 reviewed).",
        "No article has been annotated by two annotators, so inter-annotator agreement is unmeasured.",
    ]


def test_limitations_flag_low_recall_low_alpha_and_unreviewed_data():
    agreement = Agreement(articles=3, alpha={
        "claim_kind": Alpha(0.5, 40, 80, 2), "stance_label": Alpha(0.7, 10, 20, 2),
        "actor_type": Alpha(None, 0, 0, 0, "no unit has values from two annotators"),
    })
    out = known_limitations(RuleAnalysis(), figures(recall_hits=5), agreement,
                            {"articles": 40, "unreviewed_share": 0.9, "annotations_left_out": {"stale": 2}})
    assert out[0].startswith("90% of the records are machine suggestions")
    assert out[1] == "Human versions not used in the figures: 2 stale."
    assert "The rules find only 50% of the human claim annotations" in out[2]
    assert "Annotators agree poorly on claim kind (Krippendorff's alpha 0.50 over 40 unit(s))" in out[3]
    assert out[4:] == [
        "Agreement on stance label is tentative (Krippendorff's alpha 0.70 over 10 unit(s)).",
        "Alpha for stance label rests on 10 unit(s) only.",
        "Agreement on actor type is not measured: no unit has values from two annotators.",
    ]


def test_limitations_without_human_work_say_so():
    out = known_limitations(RuleAnalysis(), QualityFigures.empty(), Agreement(), {"articles": 5})
    assert out[0] == "No article of the 5 has a human version yet, so the rules' precision and recall are unmeasured."
