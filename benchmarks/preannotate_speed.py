"""Pre-annotation speed, one process: warm-up, cleaning + sentence splitting, annotation — and an output check.

Run from the repository root, after generating a corpus::

    .venv/bin/python -m benchmarks.generate --articles 300 --out /tmp/perf300 --seed 1
    .venv/bin/python -m benchmarks.preannotate_speed /tmp/perf300 --save /tmp/perf300.base.json
    .venv/bin/python -m benchmarks.preannotate_speed /tmp/perf300 --compare /tmp/perf300.base.json

It times (CPU seconds of this process, so "per core") the warm-up (:func:`builder.annotate.warm_up` and
:func:`builder.ingest.warm_up` when they exist, else the first article), then ``ingest.clean_record`` and
``annotate.annotate`` over every article, and prints MB/s per core for each stage (MB = input bytes).
``--save`` writes every article's sentence spans and predicted records (without ids that depend on time);
``--compare`` fails with one line per differing article if the output changed. ``--anchor`` also times the
spaCy anchor (``benchmarks/anchor.py``, bench extra) over the same files, in the same process, for the ratio,
and prints the rules' budget for a ratio of 1.0 in the cheapest step interpreted Python takes per token (one
dict look-up per token of the cleaned texts).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from builder import annotate, ingest
from builder.buildreport import BuildReport
from builder.config import BuildConfig


def _fingerprint(doc) -> dict:
    return {
        "sentences": [(s.start, s.end) for s in doc.article.sentences],
        "text": doc.article.text,
        "mentions": [(m.start, m.end, m.type, m.actor_id, m.provenance.rule) for m in doc.mentions],
        "actors": [(a.actor_id, a.name, a.type, list(a.aliases)) for a in doc.actors],
        "claims": [(c.start, c.end, c.kind, c.cue_start, c.claimant_actor_id, c.target, c.provenance.rule)
                   for c in doc.claims],
        "stances": [(s.actor_id, s.target, s.label, s.provenance.rule) for s in doc.stances],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--save", type=Path, help="write the output fingerprint here")
    parser.add_argument("--compare", type=Path, help="compare the output with this fingerprint")
    parser.add_argument("--anchor", action="store_true", help="also time the spaCy anchor on the same texts")
    args = parser.parse_args()

    config = BuildConfig(input=args.corpus)
    report = BuildReport()
    records = list(ingest.iter_records(config, report))
    nbytes = sum(len(r.raw) for r in records)

    t0 = time.process_time()
    for module in (ingest, annotate):
        if hasattr(module, "warm_up"):
            module.warm_up()
    if not hasattr(annotate, "warm_up"):  # before warm_up() existed: the first article loads everything
        art, _ = ingest.clean_record(records[0], config)
        annotate.annotate(art)
    warm = time.process_time() - t0

    t0 = time.process_time()
    articles = [ingest.clean_record(r, config)[0] for r in records]
    t_ingest = time.process_time() - t0
    t0 = time.process_time()
    docs = [annotate.annotate(a) if not isinstance(a, Exception) else None for a in articles]
    t_annot = time.process_time() - t0

    mb = nbytes / 1e6
    print(f"{len(records)} articles, {mb:.2f} MB; warm-up {warm:.1f} s CPU")
    print(f"ingest   (clean + split): {t_ingest:6.1f} s CPU  {mb / t_ingest:.3f} MB/s per core")
    print(f"annotate (all rules)    : {t_annot:6.1f} s CPU  {mb / t_annot:.3f} MB/s per core")
    print(f"both                    : {t_ingest + t_annot:6.1f} s CPU  {mb / (t_ingest + t_annot):.3f} MB/s per core")
    if args.anchor:
        from benchmarks import anchor  # noqa: PLC0415 (spaCy: bench extra)

        nlp = anchor.build_nlp()
        list(anchor.annotate(nlp, ["Kremlsprecher Dmitri Peskow sagte, Putin sei bereit."]))
        texts = [r.text if r.text is not None else r.raw if isinstance(r.raw, str) else r.raw.decode("utf-8", "replace")
                 for r in records]
        t0 = time.process_time()
        for _ in anchor.annotate(nlp, texts):
            pass
        t_anchor = time.process_time() - t0
        print(f"spaCy anchor            : {t_anchor:6.1f} s CPU  {mb / t_anchor:.3f} MB/s per core; "
              f"ours / anchor = {t_anchor / (t_ingest + t_annot):.2f}")
        _print_budget(articles, t_anchor, t_ingest, t_annot)

    prints = {r.source: (_fingerprint(d) if d is not None else repr(a))
              for r, a, d in zip(records, articles, docs)}
    prints = json.loads(json.dumps(prints))
    if args.save:
        args.save.write_text(json.dumps(prints, ensure_ascii=False), encoding="utf-8")
    if args.compare:
        base = json.loads(args.compare.read_text(encoding="utf-8"))
        bad = 0
        for src in sorted(set(base) | set(prints)):
            if base.get(src) != prints.get(src):
                b, p = base.get(src) or {}, prints.get(src) or {}
                keys = [k for k in ("text", "sentences", "mentions", "actors", "claims", "stances")
                        if not isinstance(b, dict) or not isinstance(p, dict) or b.get(k) != p.get(k)]
                print(f"{args.compare}: {src}: output differs ({', '.join(keys)})")
                bad += 1
        print(f"output check: {len(prints) - bad} of {len(prints)} articles identical")
        if bad:
            sys.exit(1)


#: A token for the budget's reference step: a run of word characters or one other non-space character.
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _print_budget(articles: list, t_anchor: float, t_ingest: float, t_annot: float) -> None:
    """What the rules may cost for ours / anchor = 1.0, in the cheapest step interpreted Python can take per token:
    one dict look-up of each token of the cleaned texts (found by a compiled regex), the least any rule that reads
    the words does."""
    texts = [a.text for a in articles if not isinstance(a, Exception)]
    lookup: dict[str, int] = {}
    t0 = time.process_time()
    for text in texts:
        for m in _TOKEN.finditer(text):
            lookup.get(m.group())
    t_step = time.process_time() - t0
    budget = t_anchor - t_ingest
    print(f"budget for ours / anchor = 1.0: the rules may take {budget:.1f} s CPU (anchor minus cleaning and "
          f"splitting); one Python step per token (a dict look-up) takes {t_step:.2f} s here, so the budget is "
          f"{budget / t_step:.1f} steps per token; all rules now take {t_annot / t_step:.1f}")


if __name__ == "__main__":
    main()
