"""Per labeling function: coverage, overlaps, conflicts, precision against humans, and review outcomes.

The analysis follows Snorkel's ``LFAnalysis``, over spans instead of fixed data points:

- *coverage*: the share of articles (and of sentences) in which the rule produced at least one output;
- *overlaps*: outputs of the rule whose span shares characters with an output of another rule on the same
  layer (and, for stances, the same actor and target); *conflicts*: those overlaps where the labels differ;
- *precision*: the share of its outputs, in articles with a human reference version, that match a human
  record of the same layer with the same label (exact and overlap span matching);
- *review*: how often annotators accepted, corrected or rejected its records. Each predicted record is
  looked up in each usable human version of its article (same record id, else the same span, else an
  overlapping span); a record the annotator's version no longer holds counts as rejected.

The rule outputs are the raw per-rule candidates of the labeling functions when given (they include
outputs that lost a conflict and never became records), else the predicted records' ``provenance.rule``.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from builder.document import Document, HumanAnnotation
from builder.errors import ClaimsetError
from builder.report.match import Item, items, match, rnd, spans_match

#: Layers the rules write records into (claimant links are made by the claim rules).
RULE_LAYERS = ("mention", "claim", "stance")

#: Names a candidate's ``layer`` may use, mapped to the report's layer names.
LAYER_ALIASES = {
    "mention": "mention", "mentions": "mention", "actor": "mention", "actors": "mention",
    "claim": "claim", "claims": "claim", "stance": "stance", "stances": "stance",
}

REVIEW_OUTCOMES = ("accepted", "corrected", "rejected")


@dataclass(frozen=True)
class RuleOutput:
    """One output of one rule on one article."""

    article_id: str
    layer: str
    item: Item


def outputs_from_documents(documents: Iterable[Document]) -> list[RuleOutput]:
    """Rule outputs as the predicted records' provenance shows them (records without a rule are skipped)."""
    out = []
    for doc in documents:
        for layer in RULE_LAYERS:
            for it in items(doc, layer):
                if it.rule:
                    out.append(RuleOutput(doc.article_id, layer, it))
    return out


def _field(candidate: Any, name: str) -> Any:
    if isinstance(candidate, Mapping):
        return candidate.get(name)
    return getattr(candidate, name, None)


def outputs_from_candidates(candidates: Mapping[str, Iterable[Any]]) -> list[RuleOutput]:
    """Rule outputs from the labeling functions' raw candidates, by article id.

    A candidate is a mapping or object with ``rule``, ``layer``, ``start``, ``end`` and ``label`` (such as
    ``builder.annotate.registry.Candidate``; ``score`` is not needed). A stance candidate whose ``data`` names
    ``actor_id`` and ``target`` is compared only with stances of the same actor and target.

    Raises:
        ClaimsetError: A candidate lacks one of those fields (the message names article and candidate).
    """
    out = []
    for aid in sorted(candidates):
        for n, cand in enumerate(candidates[aid]):
            values = {f: _field(cand, f) for f in ("rule", "layer", "start", "end", "label")}
            missing = [f for f in ("rule", "layer", "start", "end") if values[f] is None]
            if missing:
                raise ClaimsetError(f"candidate {n} of article {aid} lacks {', '.join(missing)}")
            layer = LAYER_ALIASES.get(str(values["layer"]), str(values["layer"]))
            data = _field(cand, "data") or {}
            key: tuple = ()
            if layer == "stance" and data.get("actor_id") and data.get("target"):
                key = (data["actor_id"], data["target"])
            item = Item(int(values["start"]), int(values["end"]), key, values["label"], str(values["rule"]))
            out.append(RuleOutput(aid, layer, item))
    return out


@dataclass
class RuleStats:
    """The figures of one labeling function."""

    rule: str
    layers: list[str] = field(default_factory=list)
    outputs: int = 0
    articles: int = 0
    articles_total: int = 0
    sentences: int = 0
    sentences_total: int = 0
    overlaps: int = 0
    conflicts: int = 0
    evaluated: int = 0
    correct_exact: int = 0
    correct_overlap: int = 0
    review: Counter = field(default_factory=Counter)

    @property
    def article_coverage(self) -> float | None:
        return self.articles / self.articles_total if self.articles_total else None

    @property
    def sentence_coverage(self) -> float | None:
        return self.sentences / self.sentences_total if self.sentences_total else None

    @property
    def overlap_rate(self) -> float | None:
        return self.overlaps / self.outputs if self.outputs else None

    @property
    def conflict_rate(self) -> float | None:
        return self.conflicts / self.outputs if self.outputs else None

    @property
    def precision_exact(self) -> float | None:
        return self.correct_exact / self.evaluated if self.evaluated else None

    @property
    def precision_overlap(self) -> float | None:
        return self.correct_overlap / self.evaluated if self.evaluated else None

    @property
    def reviewed(self) -> int:
        return sum(self.review[o] for o in REVIEW_OUTCOMES)

    def review_rate(self, outcome: str) -> float | None:
        return self.review[outcome] / self.reviewed if self.reviewed else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "layers": self.layers, "outputs": self.outputs,
            "articles": self.articles, "article_coverage": rnd(self.article_coverage),
            "sentences": self.sentences, "sentence_coverage": rnd(self.sentence_coverage),
            "overlaps": self.overlaps, "overlap_rate": rnd(self.overlap_rate),
            "conflicts": self.conflicts, "conflict_rate": rnd(self.conflict_rate),
            "evaluated": self.evaluated, "precision_exact": rnd(self.precision_exact),
            "precision_overlap": rnd(self.precision_overlap),
            "review": {o: self.review[o] for o in REVIEW_OUTCOMES},
            "review_rates": {o: rnd(self.review_rate(o)) for o in REVIEW_OUTCOMES},
        }


@dataclass
class RuleAnalysis:
    """Figures per rule, and overlaps/conflicts per ordered pair of rules."""

    rules: list[RuleStats] = field(default_factory=list)
    pairs: dict[tuple[str, str], Counter] = field(default_factory=dict)
    source: str = "records"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "rules": [r.to_dict() for r in self.rules],
            "pairs": [
                {"rule": a, "other": b, "overlaps": c["overlaps"], "conflicts": c["conflicts"]}
                for (a, b), c in sorted(self.pairs.items())
            ],
        }


def _sentence_index(starts: Sequence[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)


class RuleCounts:
    """Accumulates the rule figures article by article (:meth:`add`), then :meth:`result`.

    Args:
        from_candidates: Count the labeling functions' raw candidates (passed to :meth:`add`) instead of
            the records' ``provenance.rule``.
    """

    def __init__(self, from_candidates: bool = False) -> None:
        self.from_candidates = from_candidates
        self.stats: dict[str, RuleStats] = {}
        self.pairs: dict[tuple[str, str], Counter] = defaultdict(Counter)
        self.articles = 0
        self.sentences = 0

    def add(self, doc: Document, reference: Document | None = None, versions: Sequence[HumanAnnotation] = (),
            candidates: Iterable[Any] | None = None) -> None:
        """Add one article: its predicted document, human reference, usable versions and raw candidates."""
        aid = doc.article_id
        self.articles += 1
        self.sentences += len(doc.article.sentences)
        if self.from_candidates:
            outs = outputs_from_candidates({aid: candidates or []})
        else:
            outs = outputs_from_documents([doc])
        stats = self.stats
        starts = [s.start for s in doc.article.sentences]
        seen_sentences: dict[str, set[int]] = defaultdict(set)
        by_layer: dict[str, list[RuleOutput]] = defaultdict(list)
        for o in outs:
            st = stats.get(o.item.rule)
            if st is None:
                st = stats[o.item.rule] = RuleStats(o.item.rule)
            st.outputs += 1
            if o.layer not in st.layers:
                st.layers = sorted([*st.layers, o.layer])
            in_sentences = seen_sentences[o.item.rule]  # registers the rule as seen in this article
            if starts:
                in_sentences.add(_sentence_index(starts, o.item.start))
            by_layer[o.layer].append(o)
        for rule, sentences in seen_sentences.items():
            stats[rule].articles += 1
            stats[rule].sentences += len(sentences)
        for layer_outs in by_layer.values():
            _count_overlaps(layer_outs, stats, self.pairs)
        if reference is not None:
            _count_precision(outs, reference, stats)
        if versions:
            _count_review(doc, versions, stats)

    def result(self) -> RuleAnalysis:
        for st in self.stats.values():
            st.articles_total = self.articles
            st.sentences_total = self.sentences
        return RuleAnalysis([self.stats[r] for r in sorted(self.stats)], dict(self.pairs),
                            "candidates" if self.from_candidates else "records")


def analyse_rules(
    documents: Mapping[str, Document],
    references: Mapping[str, Document],
    versions: Mapping[str, Sequence[HumanAnnotation]],
    candidates: Mapping[str, Iterable[Any]] | None = None,
) -> RuleAnalysis:
    """Analyse every labeling function over the corpus.

    Args:
        documents: Predicted documents by article id.
        references: The human reference document of each article that has one (for precision).
        versions: The usable human versions of each article (for review outcomes).
        candidates: Raw candidates of the labeling functions by article id, when available.

    Returns:
        One :class:`RuleStats` per rule, sorted by rule name, and the pairwise overlap/conflict counts.

    Raises:
        ClaimsetError: A candidate lacks a field, or candidates name an article that is not in ``documents``.
    """
    if candidates is not None:
        unknown = sorted(set(candidates) - set(documents))
        if unknown:
            raise ClaimsetError(f"candidates of article {unknown[0]}, which is not among the documents")
    acc = RuleCounts(candidates is not None)
    for aid in sorted(documents):
        acc.add(documents[aid], references.get(aid), versions.get(aid, ()),
                candidates.get(aid, []) if candidates is not None else None)
    return acc.result()


def _count_overlaps(outs: list[RuleOutput], stats: dict[str, RuleStats], pairs: dict) -> None:
    """Count, per output, whether another rule's output overlaps it, and whether any such disagrees."""
    outs = sorted(outs, key=lambda o: (o.item.start, o.item.end, o.item.rule))
    starts = [o.item.start for o in outs]
    longest = max((o.item.end - o.item.start for o in outs), default=0)
    for i, o in enumerate(outs):
        others_overlap: set[str] = set()
        others_conflict: set[str] = set()
        # only outputs starting in [start - longest, end] can overlap this one
        lo = bisect.bisect_left(starts, o.item.start - longest)
        hi = bisect.bisect_right(starts, max(o.item.end, o.item.start))
        for j in range(lo, hi):
            p = outs[j]
            if j == i or p.item.rule == o.item.rule or p.item.key != o.item.key:
                continue
            if spans_match(o.item, p.item, "overlap"):
                others_overlap.add(p.item.rule)
                if p.item.label != o.item.label:
                    others_conflict.add(p.item.rule)
        if others_overlap:
            stats[o.item.rule].overlaps += 1
        if others_conflict:
            stats[o.item.rule].conflicts += 1
        for r in others_overlap:
            pairs[(o.item.rule, r)]["overlaps"] += 1
        for r in others_conflict:
            pairs[(o.item.rule, r)]["conflicts"] += 1


def _count_precision(outs: list[RuleOutput], ref: Document, stats: dict[str, RuleStats]) -> None:
    """Match each rule's outputs on one article against the human reference (labels must agree)."""
    gold_by_layer = {layer: items(ref, layer, keep_rejected=False) for layer in RULE_LAYERS}
    groups: dict[tuple[str, str], list[Item]] = defaultdict(list)
    for o in outs:
        groups[(o.item.rule, o.layer)].append(o.item)
    for (rule, layer), preds in sorted(groups.items()):
        if layer not in gold_by_layer:
            continue  # a layer without human records (e.g. a helper layer) has no precision
        gold = gold_by_layer[layer]
        if any(p.key == () for p in preds):
            gold = [Item(g.start, g.end, (), g.label) for g in gold]
            preds = [Item(p.start, p.end, (), p.label) for p in preds]
        st = stats[rule]
        st.evaluated += len(preds)
        for mode in ("exact", "overlap"):
            n = sum(1 for i, j in match(preds, gold, mode) if preds[i].label == gold[j].label)
            if mode == "exact":
                st.correct_exact += n
            else:
                st.correct_overlap += n


def review_outcomes(pred: Sequence[Item], human: Sequence[Item]) -> list[str]:
    """The review outcome of each predicted item, given one annotator's version of the same layer.

    The counterpart of a prediction is the human record with the same id, else one with the same span,
    else the one that overlaps it most (one-to-one). Its status decides (accepted / corrected / rejected);
    a counterpart marked otherwise counts as accepted when span and label are unchanged, else corrected;
    no counterpart counts as rejected.
    """
    outcome = ["rejected"] * len(pred)
    counterpart: dict[int, int] = {}
    by_ref = {h.ref: j for j, h in enumerate(human) if h.ref}
    for i, p in enumerate(pred):
        if p.ref and p.ref in by_ref and by_ref[p.ref] not in counterpart.values():
            counterpart[i] = by_ref[p.ref]
    for mode in ("exact", "overlap"):
        rest_p = [i for i in range(len(pred)) if i not in counterpart]
        used = set(counterpart.values())
        rest_h = [j for j in range(len(human)) if j not in used]
        for a, b in match([pred[i] for i in rest_p], [human[j] for j in rest_h], mode):
            counterpart[rest_p[a]] = rest_h[b]
    for i, j in counterpart.items():
        p, h = pred[i], human[j]
        if h.status in REVIEW_OUTCOMES:
            outcome[i] = h.status
        elif (p.start, p.end, p.label) == (h.start, h.end, h.label):
            outcome[i] = "accepted"
        else:
            outcome[i] = "corrected"
    return outcome


def _count_review(doc: Document, versions: Sequence[HumanAnnotation], stats: dict[str, RuleStats]) -> None:
    for layer in RULE_LAYERS:
        pred = [it for it in items(doc, layer) if it.rule]
        if not pred:
            continue
        for version in versions:
            for p, outcome in zip(pred, review_outcomes(pred, items(version.document, layer))):
                st = stats.setdefault(p.rule, RuleStats(p.rule, [layer]))
                st.review[outcome] += 1
