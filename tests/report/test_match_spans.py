"""Span matching and P/R/F1 (builder.report.match)."""

import pytest

from builder.report.match import PRF, Item, match, score


def test_match_exact_pairs_only_equal_spans():
    pred = [Item(0, 5), Item(10, 15)]
    gold = [Item(0, 5), Item(11, 15)]
    assert match(pred, gold, "exact") == [(0, 0)]


def test_match_overlap_is_one_to_one_largest_overlap_first():
    # pred 0 overlaps both gold spans; the larger overlap (gold 1: 6 chars) wins, gold 0 goes to pred 1.
    pred = [Item(2, 12), Item(0, 4)]
    gold = [Item(0, 3), Item(6, 20)]
    assert match(pred, gold, "overlap") == [(0, 1), (1, 0)]


def test_match_respects_key_and_empty_spans():
    pred = [Item(0, 5, key=("a", "t")), Item(0, 0, key=("b", "t"))]
    gold = [Item(0, 5, key=("b", "t")), Item(0, 0, key=("b", "t"))]
    assert match(pred, gold, "overlap") == [(1, 1)]


def test_match_unknown_mode_is_an_error():
    with pytest.raises(ValueError, match="unknown match mode 'fuzzy'"):
        match([], [], "fuzzy")


def test_score_counts_spans_and_labels_separately():
    pred = [Item(0, 5, label="person"), Item(10, 15, label="person"), Item(30, 32, label="group")]
    gold = [Item(0, 5, label="person"), Item(12, 15, label="organisation")]
    exact, overlap = score(pred, gold, "exact"), score(pred, gold, "overlap")
    assert (exact.spans.tp, exact.spans.precision, exact.spans.recall) == (1, 1 / 3, 1 / 2)
    assert overlap.spans.tp == 2 and overlap.spans.f1 == pytest.approx(2 * 2 / 5)
    assert overlap.labelled.tp == 1 and overlap.label_accuracy == 0.5


def test_prf_undefined_ratios_are_none():
    assert PRF(0, 0, 0).to_dict() == {"tp": 0, "n_pred": 0, "n_gold": 0, "precision": None, "recall": None, "f1": None}
