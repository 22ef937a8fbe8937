"""The "known limitations" section of the card, generated from the rule analysis and the human figures.

Each check compares one figure with a threshold below and, when it trips, writes one plain sentence that
names the rule or layer and the figure with the number of items it rests on.
"""

from __future__ import annotations

from collections.abc import Mapping

from builder.report.agreement import Agreement
from builder.report.quality import QualityFigures
from builder.report.rules import RuleAnalysis

#: A figure resting on fewer items than this is flagged as tentative.
FEW_ITEMS = 20
#: Below this many evaluated outputs a rule's precision is not judged at all.
MIN_EVALUATED = 5
#: A rule whose overlap precision is below this is listed as unreliable.
LOW_PRECISION = 0.7
#: A rule whose outputs conflict with another rule this often is listed.
HIGH_CONFLICT = 0.2
#: A rule whose reviewed outputs were rejected this often is listed.
HIGH_REJECTION = 0.3
#: A rule firing in fewer than this share of articles is listed as rarely firing.
LOW_COVERAGE = 0.05
#: A layer whose pre-annotation recall (overlap) is below this is listed.
LOW_RECALL = 0.7
#: Krippendorff's thresholds: below the first no conclusions, up to the second tentative ones only.
ALPHA_DISCARD = 0.667
ALPHA_RELIABLE = 0.8
#: Above this share of unreviewed records the card says the data is mostly machine suggestions.
HIGH_UNREVIEWED = 0.5


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def known_limitations(rules: RuleAnalysis, quality: QualityFigures, agreement: Agreement,
                      corpus: Mapping[str, object]) -> list[str]:
    """Sentences for the card's "Known limitations" section, in a fixed order."""
    out: list[str] = []
    articles = int(corpus.get("articles", 0))
    unreviewed = corpus.get("unreviewed_share")
    if isinstance(unreviewed, float) and unreviewed > HIGH_UNREVIEWED:
        out.append(f"{_pct(unreviewed)} of the records are machine suggestions no annotator has reviewed "
                   "(status 'predicted'); treat them as silver labels.")
    left_out = corpus.get("annotations_left_out") or {}
    if isinstance(left_out, Mapping) and left_out:
        parts = ", ".join(f"{n} {reason}" for reason, n in sorted(left_out.items()))
        out.append(f"Human versions not used in the figures: {parts}.")

    if quality.articles == 0:
        out.append(f"No article of the {articles} has a human version yet, so the rules' precision and recall "
                   "are unmeasured.")
    else:
        if quality.articles < FEW_ITEMS:
            out.append(f"The pre-annotation figures rest on {quality.articles} human-annotated article(s) only.")
        for layer, modes in quality.scores.items():
            s = modes["overlap"].spans
            if s.n_gold and s.recall is not None and s.recall < LOW_RECALL:
                out.append(f"The rules find only {_pct(s.recall)} of the human {layer} annotations "
                           f"(overlap match, {s.n_gold} human records); expect missing {layer}s in unreviewed articles.")

    for r in rules.rules:
        if r.article_coverage is not None and r.article_coverage < LOW_COVERAGE:
            out.append(f"Rule {r.rule} fires in {r.articles} of {r.articles_total} articles "
                       f"({_pct(r.article_coverage)}); its figures rest on {r.outputs} outputs.")
        if r.evaluated >= MIN_EVALUATED and r.precision_overlap is not None and r.precision_overlap < LOW_PRECISION:
            out.append(f"Rule {r.rule} has precision {r.precision_overlap:.2f} against human annotations "
                       f"(overlap match, {r.evaluated} outputs).")
        if r.conflict_rate is not None and r.conflict_rate > HIGH_CONFLICT:
            out.append(f"Rule {r.rule} conflicts with another rule on {_pct(r.conflict_rate)} of its "
                       f"{r.outputs} outputs (same span, different label).")
        rejected = r.review_rate("rejected")
        if r.reviewed >= MIN_EVALUATED and rejected is not None and rejected > HIGH_REJECTION:
            out.append(f"Annotators rejected {_pct(rejected)} of the reviewed outputs of rule {r.rule} "
                       f"({r.reviewed} reviewed).")

    if agreement.articles == 0:
        out.append("No article has been annotated by two annotators, so inter-annotator agreement is unmeasured.")
    else:
        for name, a in agreement.alpha.items():
            label = name.replace("_", " ")
            if a.alpha is None:
                out.append(f"Agreement on {label} is not measured: {a.note}.")
            elif a.alpha < ALPHA_DISCARD:
                out.append(f"Annotators agree poorly on {label} (Krippendorff's alpha {a.alpha:.2f} over "
                           f"{a.units} unit(s)); these labels do not support conclusions.")
            elif a.alpha < ALPHA_RELIABLE:
                out.append(f"Agreement on {label} is tentative (Krippendorff's alpha {a.alpha:.2f} over "
                           f"{a.units} unit(s)).")
            if a.alpha is not None and a.units < FEW_ITEMS:
                out.append(f"Alpha for {label} rests on {a.units} unit(s) only.")
    return out
