"""Profile the hot path: a full build of a generated corpus with one worker, under pyinstrument.

``python -m benchmarks.hotpath [--articles 1000] [--seed 0] [--out benchmarks/PROFILE.md]``

The warm-up (loading lexicons and word lists, on the seed articles) is profiled apart from the build. Samples
are attributed to a *stage* by the innermost frame of the stack that belongs to one: a registered labeling
function (``rule <name@version>``), an ingest module (encoding, boilerplate, personal data, sentences,
metadata), the release writer (Parquet), the card, the diff, other annotate code, the pipeline. Library time
(regex engine, pydantic, pyarrow) counts for the stage that called it. Two more views: inclusive time of our
own functions (``file:function``) and self time of the innermost frame, by file and function.

The generated tables replace the text between ``<!-- generated:start -->`` and ``<!-- generated:end -->`` in
``--out``; what is around them (the hand-written analysis) is kept.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from benchmarks import generate
from benchmarks.run import ROOT, corpus_files

START, END = "<!-- generated:start -->", "<!-- generated:end -->"
INGEST_STAGES = {"encoding.py": "ingest: encoding", "boilerplate.py": "ingest: boilerplate",
                 "personal_data.py": "ingest: personal data", "sentences.py": "ingest: sentence splitting",
                 "metadata.py": "ingest: metadata", "html.py": "ingest: html", "__init__.py":
                 "ingest: reading, Article records"}
RELEASE_STAGES = {"writer.py": "release: Parquet writing", "card.py": "release: dataset card",
                  "diff.py": "release: diff, changelog, version", "features.py": "release: features"}


def _parse(ident: str) -> tuple[str, str, str]:
    """(function, file, line) of a pyinstrument frame identifier."""
    head = ident.split("\x01", 1)[0]
    parts = head.split("\x00")
    return (parts + ["", "", ""])[:3]  # type: ignore[return-value]


def _rel(file: str) -> str:
    """``builder/...`` for our files, ``<package>/...`` for installed ones, ``stdlib/...`` for the standard library."""
    if "site-packages/" in file:
        return file.split("site-packages/", 1)[1]
    if "/lib/python3." in file:
        return "stdlib/" + file.split("/lib/python3.", 1)[1].split("/", 1)[-1]
    try:
        return str(Path(file).resolve().relative_to(ROOT))
    except ValueError:
        return file


def _lf_index() -> dict[tuple[str, str], str]:
    from builder.annotate import LABELING_FUNCTIONS

    index = {}
    for rule, lf in LABELING_FUNCTIONS.items():
        code = getattr(lf.func, "__code__", None)
        if code is not None:
            index[(_rel(code.co_filename), code.co_name)] = rule
    return index


def stage_of(stack: list[tuple[str, str]], lfs: dict[tuple[str, str], str]) -> str:
    """The stage of one sample: the innermost frame (file, function) that belongs to a stage."""
    for file, func in reversed(stack):
        if (file, func) in lfs:
            return f"rule {lfs[(file, func)]}"
        if file.startswith("builder/ingest/"):
            return INGEST_STAGES.get(Path(file).name, f"ingest: {Path(file).name}")
        if file.startswith("builder/release/"):
            return RELEASE_STAGES.get(Path(file).name, f"release: {Path(file).name}")
        if file.startswith("builder/annotate/"):
            return f"annotate: {Path(file).name} (outside labeling functions)"
        if file.startswith("builder/") or file.startswith("schemas/"):
            return f"{file}"
    return "other (interpreter, imports, outside builder/)"


def library_of(stack: list[tuple[str, str]]) -> str | None:
    """The library a sample is in: the outermost installed package on the stack (the one our code called),
    else the standard library's regex engine; "(compiling a regex)" when the sample is inside a regex compile.
    """
    compiling = any(f.startswith(("stdlib/re/_compiler", "stdlib/re/_parser")) or (f, fn) == ("regex/_main.py", "_compile")
                    for f, fn in stack)
    tag = " (compiling a regex)" if compiling else ""
    for file, _ in stack:
        if not file.startswith(("builder/", "schemas/", "benchmarks/", "stdlib/", "<", "/")):
            return file.split("/", 1)[0].removesuffix(".py") + tag
    if compiling:
        return "re" + tag
    if stack and stack[-1][0] == "<built-in>" and stack[-1][1].startswith("Pattern."):
        return "re (matching)"
    return None


def analyse(session, lfs: dict[tuple[str, str], str]) -> dict:
    """Stage, inclusive-function and self-time tables (seconds) of a pyinstrument session."""
    stages: Counter = Counter()
    libs: Counter = Counter()
    lib_totals: Counter = Counter()
    inclusive: Counter = Counter()
    leaf: Counter = Counter()
    total = 0.0
    for raw_stack, seconds in session.frame_records:
        stack = []
        for ident in raw_stack:
            func, file, _ = _parse(ident)
            if file == "<thread>":
                continue
            stack.append((_rel(file), func))
        total += seconds
        stages[stage_of(stack, lfs)] += seconds
        lib = library_of(stack)
        lib_totals[lib or "our code, the interpreter and built-ins"] += seconds
        if lib:
            ours = [f"{f}:{fn}" for f, fn in stack if f.startswith(("builder/", "schemas/"))]
            libs[f"{lib} ← {ours[-1] if ours else 'outside builder/'}"] += seconds
        for key in {f"{f}:{fn}" for f, fn in stack if f.startswith(("builder/", "schemas/"))}:
            inclusive[key] += seconds
        if stack:
            leaf[f"{stack[-1][0]}:{stack[-1][1]}"] += seconds
    return {"total": total, "stages": stages, "inclusive": inclusive, "self": leaf, "libraries": libs,
            "library_totals": lib_totals}


def _table(counter: Counter, total: float, head: str, limit: int | None = None) -> list[str]:
    lines = [f"| {head} | seconds | share |", "|---|---|---|"]
    for key, sec in counter.most_common(limit):
        lines.append(f"| `{key}` | {sec:.2f} | {100 * sec / total:.1f} % |")
    return lines


def profile(articles: int, seed: int, work: Path) -> dict:
    """Warm up, then profile ``pipeline.build`` of a fresh ``articles``-article corpus with one worker."""
    from pyinstrument import Profiler

    from builder import pipeline
    from builder.buildreport import BuildReport
    from builder.config import BuildConfig

    corpus = work / "corpus"
    summary = generate.generate(articles, corpus, seed)
    lfs = _lf_index()
    warm = Profiler(interval=0.001)
    warm.start()
    for _ in pipeline.predict(BuildConfig(input=ROOT / "seeds", workers=1), BuildReport(), workers=1):
        pass
    warm.stop()
    (work / "annotations").mkdir()
    config = BuildConfig(input=corpus, workers=1, annotations=work / "annotations", releases=work / "releases",
                         dataset_name="profile")
    prof = Profiler(interval=0.001)
    t0 = time.perf_counter()
    prof.start()
    result = pipeline.build(config, version="1.0.0", built_at="2000-01-01T00:00:00Z")
    prof.stop()
    wall = time.perf_counter() - t0
    nbytes = sum(p.stat().st_size for p in corpus_files(corpus))
    return {"articles": result.report.articles, "bytes": nbytes, "wall": wall, "corpus": summary,
            "build": analyse(prof.last_session, lfs), "warmup": analyse(warm.last_session, lfs),
            "counts": result.counts, "text": prof.output_text(unicode=True, color=False, show_all=False)}


def render(res: dict, command: str) -> str:
    b, w = res["build"], res["warmup"]
    lines = [START, "", f"Generated by `{command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
             f"`pipeline.build` of {res['articles']:,} generated articles ({res['bytes'] / 1e6:.1f} MB) with one "
             f"worker took **{res['wall']:.1f} s** under the profiler ({res['bytes'] / 1e6 / res['wall']:.2f} MB/s, "
             f"{res['articles'] / res['wall']:.0f} articles/s; sampled {b['total']:.1f} s). Records: "
             + ", ".join(f"{k} {v:,}" for k, v in sorted(res["counts"].items())) + ".", "",
             "### Build time by stage", ""]
    lines += _table(b["stages"], b["total"], "stage")
    lines += ["", "### Our functions by inclusive time (top 25)", "",
              "Nested functions overlap: a function's time includes its callees.", ""]
    lines += _table(b["inclusive"], b["total"], "file:function", 25)
    lines += ["", "### Innermost frames by self time (top 20)", "",
              "Where the interpreter actually was: C code (regex engine, pydantic-core, pyarrow) counts for the "
              "Python frame that called it.", ""]
    lines += _table(b["self"], b["total"], "file:function", 20)
    lines += ["", "### Time by library", ""]
    lines += _table(b["library_totals"], b["total"], "library")
    lines += ["", "### Library time by the function of ours that called it (top 20)", ""]
    lines += _table(b["libraries"], b["total"], "library ← innermost caller of ours", 20)
    lines += ["", f"### Warm-up (first article: loading lexicons and word lists): {w['total']:.1f} s", ""]
    lines += _table(w["inclusive"], w["total"], "file:function", 8)
    lines += ["", END]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hotpath", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "PROFILE.md")
    parser.add_argument("--text", type=Path, default=None, help="also write pyinstrument's call tree here")
    args = parser.parse_args(argv)
    argv_used = argv if argv is not None else sys.argv[1:]
    command = "python -m benchmarks.hotpath" + (" " + " ".join(argv_used) if argv_used else "")
    with tempfile.TemporaryDirectory(prefix="claimset-profile-") as tmp:
        res = profile(args.articles, args.seed, Path(tmp))
    section = render(res, command)
    old = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    if START in old and END in old:
        new = old.split(START, 1)[0] + section + old.split(END, 1)[1]
    else:
        new = "# Profile of the hot path\n\n" + section + "\n"
    args.out.write_text(new, encoding="utf-8")
    if args.text:
        args.text.write_text(res["text"], encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
