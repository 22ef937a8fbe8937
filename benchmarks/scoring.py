"""Pure scoring functions: span matching, precision / recall / F1, accuracies, and one article scored against gold.

Two spans match

- ``exact``: same start and end;
- ``overlap``: they share at least one character. Matching is one-to-one and greedy: pairs with the largest
  overlap first (ties: the earlier gold span, then the earlier prediction), so one long prediction cannot match
  several gold spans.

Nothing here reads files or runs rules; :mod:`benchmarks.rules` does that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks.gold import GoldDocument
from builder.document import Document

Span = tuple[int, int]


def overlap(a: Span, b: Span) -> int:
    """Number of characters two ``[start, end)`` spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match_exact(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """Pairs ``(gold index, pred index)`` of identical spans, one-to-one, in gold order."""
    free: dict[Span, list[int]] = {}
    for j, p in enumerate(pred):
        free.setdefault(tuple(p), []).append(j)
    pairs = []
    for i, g in enumerate(gold):
        js = free.get(tuple(g))
        if js:
            pairs.append((i, js.pop(0)))
    return pairs


def match_overlap(gold: Sequence[Span], pred: Sequence[Span]) -> list[tuple[int, int]]:
    """Pairs ``(gold index, pred index)`` of overlapping spans, one-to-one, largest overlap first."""
    candidates = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            n = overlap(g, p)
            if n > 0:
                candidates.append((-n, i, j))
    candidates.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


@dataclass
class PRF:
    """True positives, false positives and false negatives, with precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @classmethod
    def from_matches(cls, n_gold: int, n_pred: int, n_matched: int) -> "PRF":
        return cls(tp=n_matched, fp=n_pred - n_matched, fn=n_gold - n_matched)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


@dataclass
class Accuracy:
    """How many of ``total`` items were right."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.correct / self.total if self.total else None

    def __add__(self, other: "Accuracy") -> "Accuracy":
        return Accuracy(self.correct + other.correct, self.total + other.total)


@dataclass
class Errors:
    """Examples behind the figures, as short lines, for the error report."""

    mention_fn: list[str] = field(default_factory=list)
    mention_fp: list[str] = field(default_factory=list)
    mention_actor: list[str] = field(default_factory=list)
    claim_fn: list[str] = field(default_factory=list)
    claim_fp: list[str] = field(default_factory=list)
    claimant: list[str] = field(default_factory=list)
    stance: list[str] = field(default_factory=list)


@dataclass
class ArticleScore:
    """Every figure for one article (or, summed, for many)."""

    mentions_exact: PRF = field(default_factory=PRF)
    mentions_overlap: PRF = field(default_factory=PRF)
    mention_actor: Accuracy = field(default_factory=Accuracy)
    claims: PRF = field(default_factory=PRF)
    claim_kind: Accuracy = field(default_factory=Accuracy)
    claimant: Accuracy = field(default_factory=Accuracy)
    stances: PRF = field(default_factory=PRF)
    stance: Accuracy = field(default_factory=Accuracy)
    ignored_predictions: int = 0
    errors: Errors = field(default_factory=Errors)
    #: Per labeling rule, ``(layer, rule) -> Accuracy``: how many of its predictions matched a gold span (overlap).
    by_rule: dict[tuple[str, str], Accuracy] = field(default_factory=dict)

    def __add__(self, other: "ArticleScore") -> "ArticleScore":
        errors = Errors(**{k: getattr(self.errors, k) + getattr(other.errors, k) for k in vars(self.errors)})
        by_rule = dict(self.by_rule)
        for k, v in other.by_rule.items():
            by_rule[k] = by_rule.get(k, Accuracy()) + v
        return ArticleScore(
            self.mentions_exact + other.mentions_exact, self.mentions_overlap + other.mentions_overlap,
            self.mention_actor + other.mention_actor, self.claims + other.claims, self.claim_kind + other.claim_kind,
            self.claimant + other.claimant, self.stances + other.stances, self.stance + other.stance,
            self.ignored_predictions + other.ignored_predictions, errors, by_rule,
        )

    def count_rule(self, layer: str, rule: str | None, matched: bool) -> None:
        key = (layer, rule or "?")
        self.by_rule[key] = self.by_rule.get(key, Accuracy()) + Accuracy(int(matched), 1)


def _inside_any(span: Span, regions: Sequence[Span]) -> bool:
    return any(overlap(span, r) > 0 for r in regions)


def score_article(gold: GoldDocument, doc: Document) -> ArticleScore:
    """Score one article's predicted records against its gold.

    - mentions: P/R/F1 with exact and with overlap matching; over overlap-matched pairs, the share with the gold
      actor id;
    - claims: P/R/F1 with overlap matching; over matched gold claims, kind accuracy and claimant accuracy
      (predicted ``claimant_actor_id`` equals the gold one, ``None`` included);
    - stances: a gold stance counts as found when the predicted claim matched to its claim carries a stance with
      the same actor, target and label (P/R/F1); stance accuracy is, over gold stances whose claim was matched,
      the share with a predicted stance of the same target and label on that claim.

    Predictions overlapping a gold ``ignore`` region (boilerplate) are left out and counted.
    """
    text = doc.article.text
    score = ArticleScore()
    err = score.errors

    pred_m = [m for m in doc.mentions if not _inside_any((m.start, m.end), gold.ignore)]
    pred_c = [c for c in doc.claims if not _inside_any((c.start, c.end), gold.ignore)]
    kept_claim_ids = {c.claim_id for c in pred_c}
    pred_s = [s for s in doc.stances if s.claim_id is None or s.claim_id in kept_claim_ids]
    score.ignored_predictions = (len(doc.mentions) - len(pred_m)) + (len(doc.claims) - len(pred_c)) + (
        len(doc.stances) - len(pred_s))

    # mentions
    g_spans = [(m.start, m.end) for m in gold.mentions]
    p_spans = [(m.start, m.end) for m in pred_m]
    exact = match_exact(g_spans, p_spans)
    over = match_overlap(g_spans, p_spans)
    score.mentions_exact = PRF.from_matches(len(g_spans), len(p_spans), len(exact))
    score.mentions_overlap = PRF.from_matches(len(g_spans), len(p_spans), len(over))
    hit_g = {i for i, _ in over}
    hit_p = {j for _, j in over}
    for i, g in enumerate(gold.mentions):
        if i not in hit_g:
            err.mention_fn.append(f"{g.type}: {g.text!r} ({g.actor_id}) in {_snippet(text, g.start, g.end)!r}")
    for j, p in enumerate(pred_m):
        score.count_rule("mention", p.provenance.rule, j in hit_p)
        if j not in hit_p:
            err.mention_fp.append(f"{p.type}: {p.text!r} ({p.provenance.rule}) in {_snippet(text, p.start, p.end)!r}")
    for i, j in over:
        g, p = gold.mentions[i], pred_m[j]
        ok = p.actor_id == g.actor_id
        score.mention_actor += Accuracy(int(ok), 1)
        if not ok:
            err.mention_actor.append(f"{g.text!r}: gold {g.actor_id}, predicted {p.actor_id} ({p.text!r})")

    # claims
    g_spans = [(c.start, c.end) for c in gold.claims]
    p_spans = [(c.start, c.end) for c in pred_c]
    pairs = match_overlap(g_spans, p_spans)
    score.claims = PRF.from_matches(len(g_spans), len(p_spans), len(pairs))
    hit_g = {i for i, _ in pairs}
    hit_p = {j for _, j in pairs}
    for i, g in enumerate(gold.claims):
        if i not in hit_g:
            err.claim_fn.append(f"{g.kind}: {_short(g.text)!r}")
    for j, p in enumerate(pred_c):
        score.count_rule("claim", p.provenance.rule, j in hit_p)
        if j not in hit_p:
            err.claim_fp.append(f"{p.kind} ({p.provenance.rule}): {_short(p.text)!r}")

    stances_by_claim: dict[str, list] = {}
    for s in pred_s:
        stances_by_claim.setdefault(s.claim_id, []).append(s)
    matched_pred_stances = 0
    n_gold_stances = sum(len(g.stances) for g in gold.claims)
    for i, j in pairs:
        g, p = gold.claims[i], pred_c[j]
        score.claim_kind += Accuracy(int(p.kind == g.kind), 1)
        ok = p.claimant_actor_id == g.claimant_actor_id
        score.claimant += Accuracy(int(ok), 1)
        if not ok:
            err.claimant.append(f"{g.kind} {_short(g.text)!r}: gold {g.claimant_actor_id}, predicted {p.claimant_actor_id}")
        preds = stances_by_claim.get(p.claim_id, [])
        used: set[int] = set()
        for gs in g.stances:
            same = [k for k, s in enumerate(preds) if s.target == gs.target and s.label == gs.label and k not in used]
            score.stance += Accuracy(int(bool(same)), 1)
            full = [k for k in same if preds[k].actor_id == gs.actor_id]
            if full:
                used.add(full[0])
                matched_pred_stances += 1
            if not same:
                got = ", ".join(f"{s.target}/{s.label}" for s in preds) or "none"
                err.stance.append(f"{_short(g.text)!r}: gold {gs.target}/{gs.label}, predicted {got}")
    for i, g in enumerate(gold.claims):
        if i not in hit_g:
            for gs in g.stances:
                err.stance.append(f"{_short(g.text)!r}: gold {gs.target}/{gs.label}, claim not found")
    score.stances = PRF.from_matches(n_gold_stances, len(pred_s), matched_pred_stances)
    return score


def _short(s: str, n: int = 70) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _snippet(text: str, start: int, end: int, pad: int = 20) -> str:
    return " ".join(text[max(0, start - pad): end + pad].split())
