"""Score the labeling rules: ``.venv/bin/python -m benchmarks.rules`` (from the repository root).

1. Seed gold: reads ``seeds/`` through ``builder.ingest.read_articles``, runs ``builder.annotate.annotate`` on each
   article and scores it against ``tests/gold/seeds/*.yaml`` (mentions, claims, claimants, stances).
2. Unrelated topic: the same for the articles in ``tests/gold/articles/`` (over-firing check).
3. GermEval 2014 dev, news sentences: predicted actor mentions against PER+ORG outer spans (overlap match).

Prints the tables and writes them, with the command and the main error classes, to ``benchmarks/RULES.md``
(``--no-write`` only prints; ``--germeval-limit N`` scores the first N news sentences, for a quick look).
A gold file that cannot be read or located is one line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

from benchmarks import germeval
from benchmarks.gold import GoldError, load_gold_file, resolve
from benchmarks.scoring import PRF, ArticleScore, match_overlap, score_article
from builder.annotate import RULES_VERSION, annotate
from builder.buildreport import BuildReport
from builder.config import BuildConfig
from builder.ingest import read_articles
from schemas import Article, Sentence, actor_id_for

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_GOLD = ROOT / "tests" / "gold" / "seeds"
OTHER = ROOT / "tests" / "gold" / "articles"
OUT = ROOT / "benchmarks" / "RULES.md"
COMMAND = ".venv/bin/python -m benchmarks.rules"

#: The targets of issue 4.
TARGETS = {"mention F1 (exact)": 0.90, "claim F1": 0.85, "claimant accuracy": 0.85, "stance accuracy": 0.80,
           "GermEval PER+ORG recall": 0.70, "GermEval PER+ORG precision": 0.70}


class RulesFailed(RuntimeError):
    """The rules raised on an input; the message names the input."""


def run_rules(article: Article, where: str):
    """``annotate(article)``, turning any exception into one :class:`RulesFailed` line naming the input."""
    try:
        return annotate(article)
    except Exception as exc:  # noqa: BLE001 - any rule failure becomes one line naming the input
        raise RulesFailed(f"{where}: annotate failed: {type(exc).__name__}: {exc}") from exc


def code_state() -> str:
    """The commit the figures were measured on, and whether the rules had uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "builder/annotate", "builder/ingest"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "commit unknown"
    return f"commit {head}" + (" with uncommitted changes in builder/annotate or builder/ingest" if dirty else "")


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def score_folder(folder: Path, gold_dir: Path) -> tuple[dict[str, ArticleScore], list[str], BuildReport]:
    """Score every article under ``folder`` that has a gold file in ``gold_dir``; gold without article fails."""
    report = BuildReport()
    config = BuildConfig(input=folder)
    golds = {}
    for path in sorted(gold_dir.glob("*.yaml")):
        data = load_gold_file(path)
        golds[data["source_file"]] = data
    scores: dict[str, ArticleScore] = {}
    removed: list[str] = []
    for article in read_articles(config, report):
        data = golds.pop(article.source_file, None)
        if data is None:
            continue
        raw = unicodedata.normalize("NFC", (folder / article.source_file).read_text(encoding="utf-8"))
        outlet = actor_id_for(article.outlet) if article.outlet else None
        gold = resolve(data, article.text, raw, outlet_actor=outlet)
        removed += [f"{article.source_file}: {r}" for r in gold.removed]
        scores[article.source_file] = score_article(gold, run_rules(article, f"{folder.name}/{article.source_file}"))
    for source_file, data in golds.items():
        skipped = [s for s in report.skipped if s.source == source_file]
        why = f" (skipped: {skipped[0].reason})" if skipped else ""
        raise GoldError(f"{data['_path']}: article {source_file} was not read from {folder}{why}")
    return scores, removed, report


def seed_table(scores: dict[str, ArticleScore]) -> list[str]:
    """Markdown rows: one per article and the overall (micro-averaged) line."""
    head = ("| article | mentions P / R / F1 (exact) | mentions P / R / F1 (overlap) | mention actor acc. "
            "| claims P / R / F1 (overlap) | claim kind acc. | claimant acc. | stances P / R / F1 | stance acc. |")
    rows = [head, "|" + "---|" * 9]
    total = ArticleScore()
    for name, s in scores.items():
        total = total + s
        rows.append(_row(name, s))
    rows.append(_row("**overall**", total))
    return rows


def _prf(p: PRF) -> str:
    return f"{fmt(p.precision)} / {fmt(p.recall)} / {fmt(p.f1)}"


def _row(name: str, s: ArticleScore) -> str:
    return (f"| {name} | {_prf(s.mentions_exact)} | {_prf(s.mentions_overlap)} | {fmt(s.mention_actor.value)} "
            f"| {_prf(s.claims)} | {fmt(s.claim_kind.value)} | {fmt(s.claimant.value)} ({s.claimant.correct}/{s.claimant.total}) "
            f"| {_prf(s.stances)} | {fmt(s.stance.value)} ({s.stance.correct}/{s.stance.total}) |")


def score_germeval(path: Path, limit: int | None = None,
                   examples: dict[str, list[str]] | None = None) -> tuple[PRF, dict[str, int], int]:
    """Actor recall and precision on the GermEval news sentences: (PRF, counts by reason, sentences scored).

    ``examples``, when given, receives the missed gold spans ("missed") and spurious predictions ("spurious").
    """
    sentences = [s for s in germeval.read(path) if germeval.is_news(s.source)]
    if limit:
        sentences = sentences[:limit]
    total = PRF()
    notes: Counter = Counter()
    for sent in sentences:
        article = Article(
            article_id=f"art_germeval_{sent.number:05d}", source_file=f"germeval2014-ner-dev.tsv#{sent.number}",
            text=sent.text, raw_sha256="0" * 64, sentences=[Sentence(start=0, end=len(sent.text))],
        )
        doc = run_rules(article, f"{path.name} sentence {sent.number}")
        pred = [(m.start, m.end) for m in doc.mentions if m.type in germeval.SCORED_TYPES]
        notes["predicted countries (not scored)"] += sum(m.type not in germeval.SCORED_TYPES for m in doc.mentions)
        gold = sent.actor_spans
        pairs = match_overlap(gold, pred)
        total = total + PRF.from_matches(len(gold), len(pred), len(pairs))
        hit = {j for _, j in pairs}
        if examples is not None:
            hit_g = {i for i, _ in pairs}
            examples.setdefault("missed", []).extend(
                f"{sent.text[s:e]!r} in sentence {sent.number}" for i, (s, e) in enumerate(gold) if i not in hit_g)
            examples.setdefault("spurious", []).extend(
                f"{sent.text[s:e]!r} in sentence {sent.number}" for j, (s, e) in enumerate(pred) if j not in hit)
        for j, p in enumerate(pred):
            if j not in hit:
                kind = next((t for t, spans in sent.spans.items() if t not in germeval.ACTOR_TAGS
                             and any(min(p[1], e) > max(p[0], s) for s, e in spans)), None)
                notes[f"false positive on a {kind} span" if kind else "false positive on untagged text"] += 1
    return total, dict(notes), len(sentences)


def rule_table(*scores: ArticleScore) -> list[str]:
    """Markdown rows: per labeling rule, its predictions and how many matched a gold span (overlap)."""
    merged = sum(scores, ArticleScore())
    rows = ["| layer | rule | predictions | matched gold | precision |", "|---|---|---|---|---|"]
    for (layer, rule), acc in sorted(merged.by_rule.items()):
        rows.append(f"| {layer} | `{rule}` | {acc.total} | {acc.correct} | {fmt(acc.value)} |")
    return rows


def error_summary(total: ArticleScore, n: int = 8) -> list[str]:
    """Markdown bullets of the main error classes with a few examples each."""
    e = total.errors
    lines = []

    def block(title: str, items: list[str], key=None) -> None:
        if not items:
            return
        lines.append(f"- **{title}**: {len(items)}")
        if key:
            by = Counter(key(x) for x in items)
            lines.append("  - by class: " + ", ".join(f"{k} {v}" for k, v in by.most_common()))
        for x in items[:n]:
            lines.append(f"  - {x}")

    first = lambda x: x.split(":", 1)[0].split(" (", 1)[0]  # noqa: E731
    block("missed mentions (false negatives, overlap)", e.mention_fn, first)
    block("spurious mentions (false positives, overlap)", e.mention_fp, first)
    block("mentions with the wrong actor id", e.mention_actor)
    block("missed claims", e.claim_fn, first)
    block("spurious claims", e.claim_fp, first)
    block("wrong claimant on a found claim", e.claimant)
    block("stance errors", e.stance)
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.rules", description=__doc__.splitlines()[0])
    ap.add_argument("--no-write", action="store_true", help="print only, do not write benchmarks/RULES.md")
    ap.add_argument("--germeval-limit", type=int, default=None, help="score only the first N news sentences")
    ap.add_argument("--germeval", type=Path, default=germeval.GERMEVAL, help="path of germeval2014-ner-dev.tsv")
    args = ap.parse_args(argv)
    if not args.germeval.is_file():
        print(f"error: {args.germeval}: GermEval file not found", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    try:
        seeds, seed_removed, seed_report = score_folder(SEEDS, SEED_GOLD)
        other, other_removed, _ = score_folder(OTHER, OTHER)
        ge_examples: dict[str, list[str]] = {}
        ge, ge_notes, ge_n = score_germeval(args.germeval, args.germeval_limit, ge_examples)
    except (GoldError, RulesFailed, OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - t0

    seed_total = sum(seeds.values(), ArticleScore())
    other_total = sum(other.values(), ArticleScore())
    measured = {
        "mention F1 (exact)": seed_total.mentions_exact.f1, "claim F1": seed_total.claims.f1,
        "claimant accuracy": seed_total.claimant.value, "stance accuracy": seed_total.stance.value,
        "GermEval PER+ORG recall": ge.recall, "GermEval PER+ORG precision": ge.precision,
    }
    out = [
        "# Rule benchmark (issue 4)",
        "",
        f"Command: `{COMMAND}` (from the repository root; writes this file). Rules: `{RULES_VERSION}`, "
        f"{code_state()}. Run time {seconds:.1f} s.",
        "",
        "How it scores: the last section below; the gold format: `tests/gold/README.md`.",
        "",
        "## Targets",
        "",
        "| figure | target | measured | met |",
        "|---|---|---|---|",
        *[f"| {k} | ≥ {v:.2f} | {fmt(measured[k])} | {'yes' if (measured[k] or 0) >= v else 'no'} |"
          for k, v in TARGETS.items()],
        "",
        "## Seed gold (tests/gold/seeds)",
        "",
        *seed_table(seeds),
        "",
        f"Predictions inside boilerplate regions of the gold (not scored): {seed_total.ignored_predictions}. "
        f"Gold spans removed by cleaning (not scored): {len(seed_removed)}"
        + (" — " + "; ".join(seed_removed) if seed_removed else "") + ".",
        "",
        "## Unrelated topic (tests/gold/articles): over-firing",
        "",
        *seed_table(other),
        "",
        f"Predicted stances on these articles (the gold has none, every one over-fires): {other_total.stances.fp}. "
        f"Spurious mentions: {other_total.mentions_overlap.fp}, spurious claims: {other_total.claims.fp}"
        + (f". Gold spans removed by cleaning: {'; '.join(other_removed)}" if other_removed else "") + ".",
        "",
        "## GermEval 2014 dev, news sentences: PER+ORG actors (overlap match)",
        "",
        "| sentences | gold PER+ORG spans | predicted (scored types) | matched | precision | recall | F1 |",
        "|---|---|---|---|---|---|---|",
        f"| {ge_n} | {ge.tp + ge.fn} | {ge.tp + ge.fp} | {ge.tp} | {fmt(ge.precision)} | {fmt(ge.recall)} | {fmt(ge.f1)} |",
        "",
        "Breakdown: " + (", ".join(f"{k}: {v}" for k, v in sorted(ge_notes.items())) or "none") + ".",
        "",
        f"First missed PER/ORG spans ({len(ge_examples.get('missed', []))} in all): "
        + "; ".join(ge_examples.get("missed", [])[:15]) + ".",
        "",
        f"First spurious predictions ({len(ge_examples.get('spurious', []))} in all): "
        + "; ".join(ge_examples.get("spurious", [])[:15]) + ".",
        "",
        "Data: GermEval 2014 NER (NoSta-D), Benikova, Biemann, Reznicek, LREC 2014, CC BY 4.0. "
        "News = every sentence whose `#` source host is not `*.wikipedia.org` (the corpus has two sources, "
        "Wikipedia and online news). Gold = outer `PER` and `ORG` spans; `*deriv`/`*part` are not actors. "
        "Predicted mentions of type `country` are not scored (GermEval tags countries LOC).",
        "",
        "## Precision per labeling rule (seeds and unrelated articles, overlap match)",
        "",
        *rule_table(seed_total, other_total),
        "",
        "## Main error classes on the seeds",
        "",
        *error_summary(seed_total),
        "",
        "## Main error classes on the unrelated article",
        "",
        *error_summary(other_total, n=5),
        "",
        "## How the figures are computed",
        "",
        "- Spans are matched one-to-one; *exact* = same start and end, *overlap* = at least one shared character, "
        "largest overlap first (`benchmarks/scoring.py`). Overall figures are micro-averaged over the articles.",
        "- Mention actor acc.: over overlap-matched mentions, predicted `actor_id` equals the gold one.",
        "- Claimant acc.: over gold claims matched by a predicted claim, predicted `claimant_actor_id` equals the "
        "gold one (no claimant = `None` on both sides; `claimant: outlet` = the article's outlet, else `None`).",
        "- Stances P/R/F1: a gold stance is found when the matched predicted claim carries a stance with the same "
        "actor, target and label. Stance acc.: over gold stances whose claim was matched, a predicted stance on "
        "that claim has the same target and label.",
        "- Predictions overlapping a gold `ignore` region (boilerplate) are not scored.",
        "",
    ]
    text = "\n".join(out)
    print(text)
    if not args.no_write:
        OUT.write_text(text, encoding="utf-8")
    if seed_report.skipped:
        print("note: skipped inputs: " + ", ".join(f"{s.source} ({s.reason})" for s in seed_report.skipped),
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
