"""Span matching and P/R/F1 of benchmarks.scoring, on tiny hand-made spans."""

from benchmarks.scoring import PRF, Accuracy, match_exact, match_overlap, overlap


def test_overlap_counts_shared_characters():
    assert overlap((0, 5), (3, 9)) == 2
    assert overlap((0, 5), (5, 9)) == 0


def test_match_exact_is_one_to_one():
    gold = [(0, 5), (0, 5), (10, 12)]
    pred = [(0, 5), (10, 13)]
    assert match_exact(gold, pred) == [(0, 0)]


def test_match_overlap_prefers_the_largest_overlap():
    gold = [(0, 10), (12, 20)]
    pred = [(8, 18)]  # shares 2 with the first gold span and 6 with the second
    assert match_overlap(gold, pred) == [(1, 0)]


def test_match_overlap_one_long_prediction_matches_one_gold_span():
    gold = [(0, 4), (6, 10)]
    pred = [(0, 10)]
    assert len(match_overlap(gold, pred)) == 1


def test_prf_figures():
    p = PRF.from_matches(n_gold=4, n_pred=2, n_matched=2)
    assert (p.tp, p.fp, p.fn) == (2, 0, 2)
    assert p.precision == 1.0 and p.recall == 0.5
    assert abs(p.f1 - 2 / 3) < 1e-9


def test_prf_without_predictions_has_no_precision():
    p = PRF.from_matches(n_gold=3, n_pred=0, n_matched=0)
    assert p.precision is None and p.recall == 0.0 and p.f1 is None


def test_prf_and_accuracy_add_up():
    assert (PRF(1, 2, 3) + PRF(1, 0, 1)) == PRF(2, 2, 4)
    assert (Accuracy(1, 2) + Accuracy(1, 2)).value == 0.5
