"""Every labeling function's docstring names a German sentence it catches and one it must not; both are tests."""

import re

import pytest

from builder.annotate import LABELING_FUNCTIONS, apply_functions
from builder.ingest import article_from_text

_EXAMPLE = re.compile(r'Catches:\s*"(?P<yes>[^"]+)"(?P<yes_note>\s*\([^)]*\))?.*?Must not:\s*"(?P<no>[^"]+)"', re.S)


def _examples(lf):
    m = _EXAMPLE.search(lf.doc)
    assert m, f"{lf.rule}: docstring lacks 'Catches: \"...\" Must not: \"...\"'"
    return m.group("yes"), m.group("no")


def _fired(rule: str, sentence: str) -> list:
    article = article_from_text(sentence, "example.txt")
    return [c for c in apply_functions(article) if c.rule == rule]


@pytest.mark.parametrize("rule", sorted(LABELING_FUNCTIONS))
def test_annotate_docstring_example_is_caught(rule):
    yes, _ = _examples(LABELING_FUNCTIONS[rule])
    assert _fired(rule, yes), f"{rule} did not fire on its own example: {yes!r}"


@pytest.mark.parametrize("rule", sorted(LABELING_FUNCTIONS))
def test_annotate_docstring_counterexample_is_not_caught(rule):
    _, no = _examples(LABELING_FUNCTIONS[rule])
    fired = _fired(rule, no)
    assert not fired, f"{rule} fired on its counterexample {no!r}: {[no[c.start:c.end] for c in fired]}"
