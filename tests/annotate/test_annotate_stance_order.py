"""``annotate`` leaves the raw candidates unsorted and sorts only the stance candidates (a stable sort by offset
and rule): the same order ``apply_functions`` gives them after its full sort by layer, offset and rule."""

from __future__ import annotations

from pathlib import Path

from builder.annotate import _STANCE_ORDER, _run, apply_functions
from builder.ingest import article_from_text

ARTICLES = Path(__file__).resolve().parent / "articles"


def _full(c):
    return c.rule, c.layer, c.start, c.end, c.label, c.score, c.data


def test_annotate_stance_candidates_in_apply_functions_order():
    texts = [(p.name, p.read_bytes()) for p in sorted(ARTICLES.glob("*.txt"))]
    texts.append(("two.txt", "Senatorin Maria Lindqvist forderte, dass ein Waffenstillstand sofort gelten müsse, "
                  "aber ein NATO-Beitritt sei unrealistisch. Ministerin Erika Sommerfeld sagte, ein Waffenstillstand "
                  "sei nicht realistisch. Sie warnte, ein Waffenstillstand werde nur den Angreifer stärken.".encode()))
    stances = 0
    for name, raw_bytes in texts:
        article = article_from_text(raw_bytes, name)
        ordered = [_full(c) for c in apply_functions(article) if c.layer == "stance"]
        _, raw = _run(article, ordered=False)
        assert [_full(c) for c in sorted((c for c in raw if c.layer == "stance"), key=_STANCE_ORDER)] == ordered
        stances += len(ordered)
    assert stances
