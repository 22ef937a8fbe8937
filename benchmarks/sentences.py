"""Benchmark German sentence splitters: boundary F1 on the tricky gold set and on GermEval 2014 dev, and speed.

Run from the repository root:

    .venv/bin/python benchmarks/sentences.py            # all candidates, prints a Markdown table
    .venv/bin/python benchmarks/sentences.py --errors somajo   # also list the boundary errors of one candidate
    .venv/bin/python benchmarks/sentences.py --same fast somajo [--corpus DIR]   # identical output? (exit 1 if not)
    .venv/bin/python benchmarks/sentences.py --split-time /tmp/perf1000   # CPU seconds of split_sentences alone

Boundaries are the start offsets of every sentence but the first of a paragraph; a predicted boundary counts
when it lies at exactly that offset. GermEval 2014 NER dev (CC BY 4.0, Benikova, Biemann, Reznicek, LREC 2014):
each "#" block is one sentence; tokens are detokenised, and consecutive sentences are joined into paragraphs of
up to five. A sentence without final punctuation (. ! ? : … or a closing quote after one) ends its paragraph,
since no splitter can find a boundary that nothing marks. Throughput is measured on the GermEval paragraphs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The script's own folder holds modules (e.g. profile.py) that would shadow the standard library.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

from benchmarks.germeval import GERMEVAL  # noqa: E402
from builder.ingest.sentences import SPLITTERS, split_sentences  # noqa: E402

_SPACY = None


def split_spacy(block: str) -> list[tuple[int, int]]:
    """spaCy 3 rule-based ``sentencizer`` on a blank German pipeline (its German tokenizer, no model)."""
    global _SPACY
    if _SPACY is None:
        import spacy  # noqa: PLC0415 (bench extra)

        _SPACY = spacy.blank("de")
        _SPACY.add_pipe("sentencizer")
    return [(s.start_char, s.end_char) for s in _SPACY(block).sents]


try:  # spaCy is in the bench extra only
    import spacy  # noqa: F401

    SPLITTERS.setdefault("spacy", split_spacy)
except ImportError:
    pass

TRICKY = ROOT / "tests" / "data" / "sentences" / "tricky_de.txt"
PER_PARAGRAPH = 5
_BULLETS = ("• ", "- ")

Doc = tuple[str, list[int]]  # text, gold boundary offsets


def load_tricky(path: Path = TRICKY) -> list[Doc]:
    """Documents of the tricky gold set (format in the file's header) with their gold boundaries."""
    docs = []
    for block in path.read_text(encoding="utf-8").split("\n---\n")[1:]:
        text, starts = "", []
        for line in block.strip("\n").split("\n"):
            if not line or line.startswith("#"):
                continue
            sep = " "
            if line.startswith("¶¶ "):
                sep, line = "\n\n", line[3:]
            elif line.startswith("¶ "):
                sep, line = "\n", line[2:]
            if text:
                text += sep
            start = len(text)
            if line.startswith(_BULLETS):
                start += 2
            starts.append(start)
            text += line
        docs.append((text, starts[1:]))
    return docs


def _detokenise(tokens: list[str]) -> str:
    """Join tokens with spaces, except before closing and after opening punctuation; straight quotes alternate."""
    out, quote_open, glue = "", False, True
    for tok in tokens:
        space = not glue
        glue = False
        if tok == '"':
            if quote_open:
                space = False
            else:
                glue = True
            quote_open = not quote_open
        elif tok in (".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "…", "“", "«"):
            space = False
        elif tok in ("(", "[", "{", "„", "»"):
            glue = True
        out += (" " if space and out else "") + tok
    return out


def load_germeval(path: Path = GERMEVAL, per_paragraph: int = PER_PARAGRAPH) -> list[Doc]:
    """GermEval dev sentences joined into paragraphs, with gold boundaries."""
    sentences, tokens = [], []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("#"):
            tokens = []
        elif not line.strip():
            if tokens:
                sentences.append(_detokenise(tokens))
            tokens = []
        else:
            tokens.append(line.split("\t")[1])
    if tokens:
        sentences.append(_detokenise(tokens))
    docs, text, starts = [], "", []
    for sent in sentences:
        if text:
            text += " "
        starts.append(len(text))
        text += sent
        ends_marked = sent.rstrip('"“»«)').endswith((".", "!", "?", ":", "…"))
        if len(starts) == per_paragraph or not ends_marked:
            docs.append((text, starts[1:]))
            text, starts = "", []
    if text:
        docs.append((text, starts[1:]))
    return docs


def score(docs: list[Doc], splitter: str, post_rules: bool, errors: list | None = None) -> tuple[float, float, float, int]:
    """Precision, recall, F1 of predicted boundaries, and the number of gold boundaries."""
    tp = fp = fn = 0
    for text, gold in docs:
        pred = [s for s, _ in split_sentences(text, splitter=splitter, post_rules=post_rules)][1:]
        g, p = set(gold), set(pred)
        tp += len(g & p)
        fp += len(p - g)
        fn += len(g - p)
        if errors is not None:
            for b in sorted(p - g):
                errors.append(("extra", text[max(0, b - 50):b] + " ‖ " + text[b:b + 30]))
            for b in sorted(g - p):
                errors.append(("missed", text[max(0, b - 50):b] + " ‖ " + text[b:b + 30]))
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1, tp + fn


def throughput(docs: list[Doc], splitter: str, post_rules: bool) -> tuple[float, float]:
    """Characters per second and seconds for one pass over ``docs`` (after one warm-up call)."""
    split_sentences(docs[0][0], splitter=splitter, post_rules=post_rules)
    chars = sum(len(t) for t, _ in docs)
    t0 = time.perf_counter()
    for text, _ in docs:
        split_sentences(text, splitter=splitter, post_rules=post_rules)
    secs = time.perf_counter() - t0
    return chars / secs, secs


_FUZZ_TOKENS = (
    "Der Rat tagte", "er sagte", "Ende", "Hauptstr", "Iran", "Japan", "USA", "EU", "usw", "etc", "bzw", "Nr", "Dr",
    "Prof", "IV", "III", "GmbH", "AG", "Inc", "3", "12", "2025", "1.000", "12.3.2025", "10.30", "z. B.", "J.",
    "F.", "spiegel.de", "info@beispiel.de", "https://beispiel.de/a", "„", "“", "»", "«", '"', "(", ")", "–",
    "…", "!", "?", "?!", "...", ":", ";", ",", ":-)", "Über", "Éric", "die Stadt", "Baden-Württ", "Kohl'sche",
    "Mill", "Art", "Platz", "Im", "Die", "sie", "ps", "SPD", "März", "Hartz", "2.", "u. a.", "S.", "Abs", "\u00ad",
    "(SPD)", "https://beispiel.de/(a)", "km", "5km", "3D", "U2", "No", "#Wahl", "@rat", "O'Neill", "Müller-Lüdenscheidt",
    "3,5", "Mio", "1.", "I.", "Peter I", "2.000", "10:30", "Jr", "vs", "ca", "St", "Sat.1", "E.ON", "tl;dr", "Co",
    "1999", "(2025", "12345", "„2024", "3000", "5 m", "20 F", "7 min", "3 km", "12 S", "4 h",
)


def fuzz_docs(n: int = 3000, seed: int = 7) -> list[str]:
    """Random lines of tricky tokens and punctuation (seeded), to compare two splitters' output."""
    import random  # noqa: PLC0415

    rnd = random.Random(seed)
    seps = (" ", " ", " ", "", ". ", ".", "! ", "? ", "… ", ", ", "\n", ".\n", ". „", "“ ", ".“ ", " (", ") ",
            "\t", ".) ", "?“, ", ".« ", "…“ ", ". »", '." ', ". - ", "! (", "- ")
    docs = []
    for _ in range(n):
        docs.append("".join(rnd.choice(_FUZZ_TOKENS) + rnd.choice(seps) for _ in range(rnd.randint(3, 25))))
    return docs


def same(a: str, b: str, corpus: Path | None) -> int:
    """Compare two splitters (with post-rules) document by document; print the differences; return their count."""
    sets = {"tricky": [t for t, _ in load_tricky()], "GermEval (5 per paragraph)": [t for t, _ in load_germeval()],
            "GermEval (20 per paragraph)": [t for t, _ in load_germeval(per_paragraph=20)],
            **{f"fuzz (3,000 random lines, seed {k})": fuzz_docs(seed=k) for k in (7, 8, 9)}}
    if corpus is not None:
        sets[str(corpus)] = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))]
    bad = 0
    for label, docs in sets.items():
        diff, secs = 0, {a: 0.0, b: 0.0}
        for text in docs:
            out = {}
            for name in (a, b):
                t0 = time.perf_counter()
                out[name] = split_sentences(text, splitter=name)
                secs[name] += time.perf_counter() - t0
            if out[a] != out[b]:
                diff += 1
                print(f"  {label}: differ on {text[:200]!r}\n    {a}: {[text[s:e] for s, e in out[a]]}\n"
                      f"    {b}: {[text[s:e] for s, e in out[b]]}")
        chars = sum(len(t) for t in docs)
        print(f"{label}: {len(docs) - diff} of {len(docs)} documents identical; {chars:,} chars; "
              f"{a} {chars / secs[a]:,.0f} chars/s, {b} {chars / secs[b]:,.0f} chars/s")
        bad += diff
    return bad


def split_time(corpus: Path, repeat: int = 3) -> None:
    """Clean every article of ``corpus`` once, then time ``split_sentences`` alone on the cleaned texts (CPU
    seconds of this process, best of ``repeat``), once per splitter worth timing on a whole corpus."""
    from builder import ingest  # noqa: PLC0415
    from builder.buildreport import BuildReport  # noqa: PLC0415
    from builder.config import BuildConfig  # noqa: PLC0415

    config = BuildConfig(input=corpus)
    texts = [a.text for a in (ingest.clean_record(r, config)[0] for r in ingest.iter_records(config, BuildReport()))
             if not isinstance(a, Exception)]
    chars = sum(len(t) for t in texts)
    split_sentences("Der Rat tagte am 3. Mai. Es waren 15,5. Dann ging er.")  # load the rules and SoMaJo
    best = []
    for _ in range(repeat):
        t0 = time.process_time()
        for text in texts:
            split_sentences(text)
        best.append(time.process_time() - t0)
    secs = min(best)
    print(f"{corpus}: {len(texts)} articles, {chars:,} characters after cleaning; split_sentences "
          f"{secs:.3f} s CPU (best of {repeat}), {chars / secs / 1e6:.2f} M chars/s per core")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", help="list boundary errors of this candidate (with post-rules)")
    parser.add_argument("--only", nargs="*", default=list(SPLITTERS), help="candidates to run")
    parser.add_argument("--same", nargs=2, metavar=("A", "B"), help="check that two candidates give the same output")
    parser.add_argument("--corpus", type=Path, help="with --same: also compare on every .txt file under this folder")
    parser.add_argument("--split-time", type=Path, metavar="DIR",
                        help="clean the articles under DIR once, then time split_sentences alone on them")
    args = parser.parse_args()
    if args.split_time:
        split_time(args.split_time)
        return
    if args.same:
        sys.exit(1 if same(*args.same, args.corpus) else 0)
    tricky, germeval = load_tricky(), load_germeval()
    print(f"tricky set: {len(tricky)} documents, {sum(len(b) for _, b in tricky)} boundaries; "
          f"GermEval dev: {len(germeval)} paragraphs, {sum(len(b) for _, b in germeval)} boundaries, "
          f"{sum(len(t) for t, _ in germeval)} characters")
    print()
    print("| candidate | tricky P | tricky R | tricky F1 | GermEval P | GermEval R | GermEval F1 | chars/s | seconds |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in args.only:
        for post in (False, True):
            tp, tr, tf, _ = score(tricky, name, post)
            gp, gr, gf, _ = score(germeval, name, post)
            cps, secs = throughput(germeval, name, post)
            label = f"{name} + post-rules" if post else name
            print(f"| {label} | {tp:.4f} | {tr:.4f} | **{tf:.4f}** | {gp:.4f} | {gr:.4f} | **{gf:.4f}** | "
                  f"{cps:,.0f} | {secs:.2f} |")
    if args.errors:
        for docs, label in ((tricky, "tricky"), (germeval, "GermEval")):
            errs: list = []
            score(docs, args.errors, True, errs)
            print(f"\n{label}: {len(errs)} errors of {args.errors} + post-rules")
            for kind, ctx in errs:
                print(f"  {kind:6} {ctx!r}")


if __name__ == "__main__":
    main()
