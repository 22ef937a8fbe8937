"""The benchmark: our pre-annotation against the spaCy anchor, build time, peak memory and load time.

``python -m benchmarks.run [--sizes 1000,10000,100000] [--code worktree|committed] [--quick]``

In one run, on corpora made by :mod:`benchmarks.generate` (same seed, so every run sees the same bytes):

1. **Throughput** on one corpus (``--throughput-articles``, default 1,000 articles): our ``predict`` (reading,
   cleaning, sentence splitting, actors, claims, stances) with 1 worker, 2 workers and one per core, and the
   spaCy anchor (:mod:`benchmarks.anchor`, one process). Each measurement runs in a fresh process, after a
   warm-up that loads lexicons (ours) or builds the pipeline (anchor); the best of ``--repeat`` runs counts.
   MB/s are megabytes (10^6) of input files per second of wall time.
2. **Build** ``claimset build`` of each size in a subprocess (default workers: one per core): wall time, the
   largest resident set of any one of its processes (``ru_maxrss`` from ``wait4``) and the sampled peak of the
   whole process tree (main process + workers).
3. **Load**: ``datasets.load_dataset(<release>, <config>)`` of every config of the release, in a fresh process
   with an empty cache and ``HF_HUB_OFFLINE=1``.

It writes ``benchmarks/RESULTS.md`` (``--out``) with the machine, the figures, the targets of issue 7 marked met
or not, and the command; the raw figures go to ``results.json`` beside it. Hand-written notes between
``<!-- notes:start -->`` and ``<!-- notes:end -->`` are kept. ``--quick`` uses tiny sizes and one
repeat, writes into the work folder, and exists so a test can check the runner end to end.

``--code committed`` measures the last commit (``git archive HEAD`` into the work folder, with this benchmark
code copied over it) instead of the working tree, so others' uncommitted edits do not leak into the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import generate
from benchmarks.memory import run_measured

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1_000, 10_000, 100_000)
QUICK_SIZES = (30, 90)
CONFIGS = ("articles", "actors", "mentions", "claims", "stances")
#: Issue 7's targets.
TARGET_PER_CORE = 1.0
TARGET_SCALING = 1.7
TARGET_RSS_GROWTH = 1.5
#: Hand-written notes in RESULTS.md between these markers are kept when the file is regenerated.
NOTES_START, NOTES_END = "<!-- notes:start -->", "<!-- notes:end -->"


# --- measurements run inside a fresh process (python -m benchmarks.run --measure ...) ---------------------------

def corpus_files(folder: Path) -> list[Path]:
    """The article files of a generated corpus, in path order (as the build reads them)."""
    return sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".jsonl"))


def _texts(files: list[Path]):
    for path in files:
        if path.suffix == ".jsonl":
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.strip():
                        yield json.loads(line)["text"]
        else:
            yield path.read_bytes().decode("utf-8")


def _cpu() -> float:
    """CPU seconds (user + system) of this process and its waited-for children so far."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _cpu_split() -> tuple[float, float]:
    """CPU seconds (user + system) of this process, and of its waited-for children, so far."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def measure_ours(folder: Path, workers: int) -> dict:
    """Our pre-annotation over ``folder`` via ``builder.pipeline.predict``: seconds, articles, bytes."""
    from builder import pipeline
    from builder.buildreport import BuildReport
    from builder.config import BuildConfig

    t0 = time.perf_counter()
    warm = BuildConfig(input=ROOT / "seeds", workers=1)
    for _ in pipeline.predict(warm, BuildReport(), workers=1):  # loads lexicons and word lists once
        pass
    setup = time.perf_counter() - t0
    files = corpus_files(folder)
    nbytes = sum(p.stat().st_size for p in files)
    config = BuildConfig(input=folder, workers=workers)
    report = BuildReport()
    (m0, k0), t0 = _cpu_split(), time.perf_counter()
    c0 = m0 + k0
    n = mentions = claims = stances = 0
    for doc in pipeline.predict(config, report, workers=workers):
        n += 1
        mentions += len(doc.mentions)
        claims += len(doc.claims)
        stances += len(doc.stances)
    seconds = time.perf_counter() - t0
    m1, k1 = _cpu_split()
    cpu = m1 + k1 - c0  # workers are joined when predict's pool closes, so their CPU time is in
    return {"impl": "ours", "workers": workers, "seconds": seconds, "cpu_seconds": cpu, "setup_seconds": setup,
            "main_cpu_seconds": m1 - m0, "workers_cpu_seconds": k1 - k0, "articles": n,
            "bytes": nbytes, "skipped": len(report.skipped), "mentions": mentions, "claims": claims,
            "stances": stances}


def measure_anchor(folder: Path) -> dict:
    """The spaCy anchor over ``folder`` (one process): seconds, articles, bytes, spans found."""
    from benchmarks import anchor

    t0 = time.perf_counter()
    nlp = anchor.build_nlp()
    list(anchor.annotate(nlp, ["Kremlsprecher Dmitri Peskow sagte, Putin sei bereit."]))
    setup = time.perf_counter() - t0
    files = corpus_files(folder)
    nbytes = sum(p.stat().st_size for p in files)
    c0, t0 = _cpu(), time.perf_counter()
    n = spans = sentences = 0
    for result in anchor.annotate(nlp, _texts(files)):
        n += 1
        spans += len(result["actors"])
        sentences += len(result["sentences"])
    seconds = time.perf_counter() - t0
    cpu = _cpu() - c0
    import spacy

    return {"impl": "anchor", "workers": 1, "seconds": seconds, "cpu_seconds": cpu, "setup_seconds": setup,
            "articles": n,
            "bytes": nbytes, "mentions": spans, "sentences": sentences, "spacy": spacy.__version__}


def measure_load(release: Path) -> dict:
    """``datasets.load_dataset`` of every config of ``release``: import time and seconds and rows per config."""
    t0 = time.perf_counter()
    import datasets

    imported = time.perf_counter() - t0
    per_config = {}
    for cfg in _release_configs(release):
        t1 = time.perf_counter()
        ds = datasets.load_dataset(str(release), cfg)
        rows = sum(len(split) for split in ds.values())
        per_config[cfg] = {"seconds": time.perf_counter() - t1, "rows": rows}
    return {"import_seconds": imported, "configs": per_config,
            "seconds": sum(c["seconds"] for c in per_config.values()), "datasets": datasets.__version__}


def _release_configs(release: Path) -> list[str]:
    import yaml

    card = (release / "README.md").read_text(encoding="utf-8")
    if card.startswith("---"):
        front = yaml.safe_load(card.split("---", 2)[1]) or {}
        names = [c["config_name"] for c in front.get("configs", []) if "config_name" in c]
        if names:
            return names
    return list(CONFIGS)


# --- the runner ----------------------------------------------------------------------------------------------------

class BenchmarkError(RuntimeError):
    """A step of the benchmark failed; the message names it."""


def _python_env(code: Path, extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(code) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("TOKENIZERS_PARALLELISM", "false")
    env.update(extra or {})
    return env


def _measure(code: Path, *args: str, env: dict | None = None) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.run", "--measure", *args]
    done = run_measured(cmd, env=_python_env(code, env), cwd=code)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise BenchmarkError(f"measure {' '.join(args)}: exit {done.returncode}: {last}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["max_rss_mib"] = done.max_rss_mib
    result["tree_peak_mib"] = done.tree_peak_mib
    result["process_cpu_seconds"] = done.cpu_seconds  # whole subprocess, set-up included
    return result


def snapshot_committed(work: Path) -> Path:
    """``git archive HEAD`` into ``work/code-<sha>`` with this benchmark code copied over it."""
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.strip()
    dest = work / f"code-{sha[:12]}"
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    bench = dest / "benchmarks"
    bench.mkdir(exist_ok=True)
    for path in (ROOT / "benchmarks").iterdir():
        if path.suffix in (".py", ".yaml") and path.is_file():
            shutil.copy2(path, bench / path.name)
    return dest


def ensure_corpus(work: Path, articles: int, seed: int, log) -> tuple[Path, dict]:
    """The generated corpus of ``articles`` articles for ``seed`` (re-used when it exists and matches)."""
    folder = work / f"corpus-{articles}-seed{seed}"
    meta = folder / "corpus.json"
    if meta.is_file():
        summary = json.loads(meta.read_text(encoding="utf-8"))
        if summary.get("generator_version") == generate.GENERATOR_VERSION and summary.get("articles") == articles:
            return folder, summary | {"generate_seconds": None}
        shutil.rmtree(folder)
    elif folder.exists():
        shutil.rmtree(folder)
    log(f"generating {articles:,} articles into {folder}")
    t0 = time.perf_counter()
    summary = generate.generate(articles, folder, seed)
    return folder, summary | {"generate_seconds": time.perf_counter() - t0}


def _best(results: list[dict]) -> dict:
    best = min(results, key=lambda r: r["seconds"])
    best = dict(best)
    best["runs_seconds"] = [r["seconds"] for r in results]
    best["mb_per_s"] = best["bytes"] / 1e6 / best["seconds"]
    best["articles_per_s"] = best["articles"] / best["seconds"]
    if best.get("cpu_seconds"):
        best["mb_per_cpu_s"] = best["bytes"] / 1e6 / best["cpu_seconds"]
    return best


def _claimset_cmd() -> list[str]:
    return [sys.executable, "-c", "from builder.cli import app; app()"]


def run_build(code: Path, work: Path, corpus: Path, articles: int, timeout: float | None = None) -> dict:
    """``claimset build`` of ``corpus`` in a subprocess: time, peak memory, counts and size of the release.

    With ``timeout``, a build still running after that many seconds is stopped and reported as not finished
    (with its memory so far and how much input its main process had read).
    """
    folder = work / f"build-{articles}"
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "annotations").mkdir(parents=True)
    config = folder / "claimset.yaml"
    config.write_text(f"dataset_name: bench\ninput: {json.dumps(str(corpus))}\n"
                      f"annotations: annotations\nreleases: releases\n", encoding="utf-8")
    cmd = [*_claimset_cmd(), "build", "--config", str(config), "--version", "1.0.0", "--quiet"]
    done = run_measured(cmd, env=_python_env(code), cwd=code, timeout=timeout)
    result = {"articles": articles, "seconds": done.seconds, "max_rss_mib": done.max_rss_mib,
              "tree_peak_mib": done.tree_peak_mib, "finished": not done.timed_out, "timeline": done.timeline}
    if done.timed_out:  # what it had written to its staging folder says how far it got
        staged = sum(p.stat().st_size for p in (folder / "releases").rglob("*.parquet") if p.is_file())
        shutil.rmtree(folder / "releases", ignore_errors=True)
        return result | {"timeout": timeout, "staged_parquet_bytes": staged}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or done.stdout.strip().splitlines() or ["no output"])[-1]
        raise BenchmarkError(f"claimset build of {articles:,} articles: exit {done.returncode}: {last}")
    release = folder / "releases" / "bench" / "1.0.0"
    manifest = json.loads((release / "manifest.json").read_text(encoding="utf-8"))
    size = sum(p.stat().st_size for p in release.rglob("*") if p.is_file())
    parquet = sum(p.stat().st_size for p in release.rglob("*.parquet") if p.is_file())
    return result | {"release": str(release), "release_bytes": size, "parquet_bytes": parquet,
                     "counts": manifest.get("counts", {})}


def _machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = int(line.split()[1]) / 2**20
    except OSError:
        pass
    return {"cores": os.cpu_count() or 1, "cpu": cpu, "memory_gib": round(mem, 1),
            "python": platform.python_version(), "platform": platform.platform()}


def _git(code: Path) -> dict:
    def out(*args: str) -> str:
        res = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return res.stdout.strip() if res.returncode == 0 else ""

    dirty = out("status", "--porcelain", "--", "builder", "schemas")
    return {"commit": out("rev-parse", "--short=12", "HEAD"), "code": str(code),
            "uncommitted_files_in_builder_schemas": len(dirty.splitlines()) if dirty else 0}


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def run(sizes: list[int], throughput_articles: int, seed: int, work: Path, repeat: int, code_mode: str,
        log=print, build_timeout: float | None = None) -> dict:
    """Every measurement of one benchmark run, as a JSON-able dict."""
    work.mkdir(parents=True, exist_ok=True)
    code = snapshot_committed(work) if code_mode == "committed" else ROOT
    cores = os.cpu_count() or 1
    results: dict = {"machine": _machine(), "git": _git(code), "seed": seed, "sizes": sizes,
                     "repeat": repeat, "load_before": _load(), "started": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                                          time.gmtime())}
    t_corpus, summary = ensure_corpus(work, throughput_articles, seed, log)
    results["throughput_corpus"] = summary
    worker_counts = sorted({1, 2, cores})
    throughput: dict[str, dict] = {}
    for _ in range(repeat):  # interleaved, so a burst of load from elsewhere hits every variant alike
        log(f"throughput: anchor on {throughput_articles:,} articles (load {_load()})")
        throughput.setdefault("anchor", {"runs": []})["runs"].append(_measure(code, "anchor", "--input", str(t_corpus)))
        for w in worker_counts:
            log(f"throughput: ours, {w} worker(s) (load {_load()})")
            throughput.setdefault(f"ours_{w}", {"runs": []})["runs"].append(
                _measure(code, "ours", "--input", str(t_corpus), "--workers", str(w)))
    results["throughput"] = {k: _best(v["runs"]) for k, v in throughput.items()}
    results["builds"] = []
    for n in sizes:
        corpus, csum = ensure_corpus(work, n, seed, log)
        log(f"build: {n:,} articles (load {_load()})")
        try:
            b = run_build(code, work, corpus, n, build_timeout)
        except BenchmarkError as exc:  # one failed build does not lose the rest of the run
            log(str(exc))
            b = {"articles": n, "finished": False, "error": str(exc), "seconds": 0.0, "max_rss_mib": 0.0,
                 "tree_peak_mib": 0.0, "timeline": []}
        b["corpus_bytes"] = csum["bytes"]
        results["builds"].append(b)
        if not b["finished"]:
            if "error" not in b:
                log(f"build: {n:,} articles did not finish in {build_timeout:.0f} s; stopped")
            continue
        log(f"load_dataset: {n:,} articles")
        with tempfile.TemporaryDirectory(dir=work) as cache:
            try:
                b["load"] = _measure(code, "load", "--input", b["release"],
                                     env={"HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
                                          "HF_DATASETS_CACHE": cache})
            except BenchmarkError as exc:
                log(str(exc))
                b["load"] = {"error": str(exc)}
        shutil.rmtree(Path(b["release"]).parents[1], ignore_errors=True)  # releases/ of this build: disk space
    results["load_after"] = _load()
    results["targets"] = targets(results)
    return results


def targets(results: dict) -> list[dict]:
    """Issue 7's targets with the measured value and whether each is met."""
    tp = results["throughput"]
    out = []
    anchor, one = tp["anchor"]["mb_per_s"], tp["ours_1"]["mb_per_s"]
    out.append({"target": "ours / anchor, MB/s per core (1 process each)", "want": f"≥ {TARGET_PER_CORE}",
                "value": one / anchor, "met": one / anchor >= TARGET_PER_CORE})
    if "ours_2" in tp:
        r = tp["ours_2"]["mb_per_s"] / one
        out.append({"target": "ours, 2 workers / 1 worker, MB/s", "want": f"≥ {TARGET_SCALING}", "value": r,
                    "met": r >= TARGET_SCALING})
    builds = sorted(results["builds"], key=lambda b: b["articles"])
    if len(builds) >= 2:
        small, big = builds[-2], builds[-1]
        label = f"{big['articles']:,} / {small['articles']:,} articles"
        failed = [b for b in (small, big) if "error" in b]
        unfinished = [b for b in (small, big) if not b["finished"] and "error" not in b]
        for b in failed:
            out.append({"target": f"build of {b['articles']:,} articles succeeds ({b['error']})", "want": "succeeds",
                        "value": float("nan"), "met": False})
        if failed:
            return out
        note = (f" (the {unfinished[-1]['articles']:,}-article build did not finish in "
                f"{unfinished[-1]['timeout']:.0f} s: peak while it ran)" if unfinished else "")
        r = big["max_rss_mib"] / small["max_rss_mib"] if small["max_rss_mib"] else float("nan")
        if not unfinished:
            out.append({"target": f"build peak RSS (largest process), {label}", "want": f"≤ {TARGET_RSS_GROWTH}",
                        "value": r, "met": r <= TARGET_RSS_GROWTH})
        if small["tree_peak_mib"] and big["tree_peak_mib"]:
            r = big["tree_peak_mib"] / small["tree_peak_mib"]
            out.append({"target": f"build peak RSS (all processes, sampled), {label}{note}",
                        "want": f"≤ {TARGET_RSS_GROWTH}", "value": r, "met": r <= TARGET_RSS_GROWTH and not unfinished})
        for b in unfinished:
            out.append({"target": f"build of {b['articles']:,} articles finishes (stopped after {b['timeout']:.0f} s)",
                        "want": "finishes", "value": b["seconds"], "met": False})
    return out


def _progress(b: dict, builds: list[dict]) -> str:
    """", about N % of the articles written" for a stopped build: its staged Parquet bytes against the Parquet
    bytes per article of the largest finished build (an estimate; Parquet is written in row groups)."""
    done = [x for x in builds if x["finished"] and x.get("parquet_bytes")]
    if not done or "staged_parquet_bytes" not in b:
        return ""
    ref = done[-1]
    expected = ref["parquet_bytes"] / ref["articles"] * b["articles"]
    return (f", having written {b['staged_parquet_bytes'] / 1e6:.1f} MB of Parquet (about "
            f"{min(100.0, 100 * b['staged_parquet_bytes'] / expected):.0f} % of the articles, judged by the "
            f"{ref['articles']:,}-article release)")


def _mib(x: float) -> str:
    return f"{x:,.0f}"


def render(results: dict, command: str, quick: bool) -> str:
    """RESULTS.md."""
    m, g, tp = results["machine"], results["git"], results["throughput"]
    anchor = tp["anchor"]
    lines = ["# Benchmark results", ""]
    if quick:
        lines += ["> **QUICK RUN** (`--quick`): tiny sizes that only check the runner works. These figures are "
                  "not measurements; run the command without `--quick` for those.", ""]
    met = sum(t["met"] for t in results["targets"])
    lines += [
        f"Reproduce with **`{command}`** (from the repository root, with the `bench` extra installed: "
        "`pip install -e '.[bench]'`).", "",
        f"- Machine: **{m['cores']} cores** ({m['cpu']}), {m['memory_gib']} GiB RAM, Python {m['python']}, "
        f"{m['platform']}; the machine is shared, load average {results['load_before']} before and "
        f"{results['load_after']} after the run.",
        f"- Code: commit `{g['commit']}` ({'the commit itself, via git archive' if g['code'] != str(ROOT) else 'working tree'}"
        + (f"; {g['uncommitted_files_in_builder_schemas']} uncommitted files under builder/ and schemas/ at run time"
           if g['code'] == str(ROOT) else "") + f"); run started {results['started']}.",
        f"- Corpus: `python -m benchmarks.generate --seed {results['seed']}` (German sentences of the seed articles and "
        "the GermEval 2014 NER dev split recombined, 0.5–10 KB per article, with page furniture and made-up "
        "personal data). Throughput corpus: "
        f"{results['throughput_corpus']['articles']:,} articles, {results['throughput_corpus']['bytes'] / 1e6:.1f} MB.",
        f"- Targets met: **{met} of {len(results['targets'])}**.", "",
        "## Targets (issue 7)", "", "| target | wanted | measured | met |", "|---|---|---|---|"]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {t['want']} | {t['value']:.2f} | {'yes' if t['met'] else '**NO**'} |")
    lines += ["", f"## Throughput (best of {results['repeat']}, wall time after warm-up)", "",
              "| pipeline | processes | MB/s | MB/s per process | articles/s | vs anchor per core | runs (s) | "
              "CPU s (all processes) | MB per CPU-second | setup (s) | peak RSS, all processes (MiB) |",
              "|---|---|---|---|---|---|---|---|---|---|---|"]
    rows = [("spaCy anchor: blank de + sentencizer + span_ruler (gazetteer)", anchor)]
    rows += [(f"claimset predict (clean, split, actors, claims, stances)", tp[k])
             for k in sorted((k for k in tp if k.startswith("ours_")), key=lambda k: int(k.split("_")[1]))]
    for name, r in rows:
        per = r["mb_per_s"] / r["workers"]
        cpu = f"{r['cpu_seconds']:.1f} | {r['mb_per_cpu_s']:.3f}" if r.get("cpu_seconds") else "— | —"
        lines.append(f"| {name} | {r['workers']} | {r['mb_per_s']:.2f} | {per:.2f} | {r['articles_per_s']:.0f} | "
                     f"{per / anchor['mb_per_s']:.2f} | {', '.join(f'{s:.1f}' for s in r['runs_seconds'])} | "
                     f"{cpu} | {r['setup_seconds']:.1f} | {_mib(r['tree_peak_mib'])} |")
    ours1 = tp["ours_1"]
    if anchor.get("mb_per_cpu_s") and ours1.get("mb_per_cpu_s"):
        lines += ["", f"Per CPU-second, which other work on the machine disturbs less than wall time: ours "
                  f"{ours1['mb_per_cpu_s']:.3f} MB, anchor {anchor['mb_per_cpu_s']:.3f} MB, ratio "
                  f"**{ours1['mb_per_cpu_s'] / anchor['mb_per_cpu_s']:.2f}**"
                  + "".join(f"; with {tp[k]['workers']} workers ours used {tp[k]['cpu_seconds']:.1f} CPU-s for the "
                            f"corpus against {ours1['cpu_seconds']:.1f} with one (parallel overhead "
                            f"{100 * (tp[k]['cpu_seconds'] / ours1['cpu_seconds'] - 1):+.0f} %)"
                            for k in sorted(tp) if k.startswith("ours_") and k != "ours_1" and tp[k].get("cpu_seconds"))
                  + "."]
    lines += ["", f"What each found on the throughput corpus: anchor {anchor['mentions']:,} gazetteer spans and "
              f"{anchor['sentences']:,} sentences (spaCy {anchor.get('spacy', '?')}); ours {ours1['mentions']:,} "
              f"actor mentions, {ours1['claims']:,} claims, {ours1['stances']:,} stances "
              f"(files skipped by the build's reader: {ours1['skipped']}, i.e. the generator's `corpus.json`).", "",
              "## Build and load", "",
              "| articles | corpus MB | `claimset build` (s) | MB/s | peak RSS, largest process (MiB) | "
              "peak RSS, all processes (MiB) | release MB | `load_dataset`, 5 configs (s) | import datasets (s) |",
              "|---|---|---|---|---|---|---|---|---|"]
    builds = sorted(results["builds"], key=lambda b: b["articles"])
    for b in builds:
        if "error" in b:
            lines.append(f"| {b['articles']:,} | {b['corpus_bytes'] / 1e6:.1f} | **failed**: {b['error']} "
                         "| — | — | — | — | — | — |")
            continue
        if not b["finished"]:
            read = _progress(b, builds)
            lines.append(f"| {b['articles']:,} | {b['corpus_bytes'] / 1e6:.1f} | **did not finish**: stopped after "
                         f"{b['seconds']:.0f} s{read} | — | {_mib(b['max_rss_mib'])} (not waited for) | "
                         f"{_mib(b['tree_peak_mib'])} | — | — | — |")
            continue
        lo = b["load"]
        load = (f"{lo['seconds']:.1f} | {lo['import_seconds']:.1f}" if "error" not in lo
                else f"**failed**: {lo['error']} | —")
        lines.append(f"| {b['articles']:,} | {b['corpus_bytes'] / 1e6:.1f} | {b['seconds']:.1f} | "
                     f"{b['corpus_bytes'] / 1e6 / b['seconds']:.2f} | {_mib(b['max_rss_mib'])} | "
                     f"{_mib(b['tree_peak_mib'])} | {b['release_bytes'] / 1e6:.1f} | {load} |")
    finished = [b for b in builds if b["finished"]]
    if finished:
        lines += ["", "Records per release: " + "; ".join(
            f"{b['articles']:,} articles: " + ", ".join(f"{k} {v:,}" for k, v in sorted(b['counts'].items()))
            for b in finished) + "."]
    big = next((b for b in reversed(builds) if b.get("timeline")), None)
    if big and big.get("timeline"):
        tl = big["timeline"]
        picks = sorted({tl[min(len(tl) - 1, round(q * (len(tl) - 1)))][0] for q in (0.1, 0.25, 0.5, 0.75, 1.0)})
        at = {t: rss for t, rss, _ in tl}
        lines += ["", f"Memory of the {big['articles']:,}-article build over time (all processes, MiB): " + ", ".join(
            f"{at[t]:,.0f} at {t:.0f} s" for t in picks) + "."]
    lines.append("")
    lines += [
        "## How it is measured", "",
        "- Throughput: each variant runs in a fresh process (`python -m benchmarks.run --measure ours|anchor`); "
        "setup (loading lexicons and word lists, building the spaCy pipeline) happens before the clock starts; "
        "variants are interleaved and the best of the repeats counts. Ours is `builder.pipeline.predict` "
        "(read files, decode, clean boilerplate and personal data, split sentences, all labeling functions); "
        "the anchor reads and decodes the same files and runs `nlp.pipe` (tokenise, split, look up the names, "
        "aliases, forms and role nouns of `builder/annotate/lexicons/{gazetteer,places,media}.yaml`). "
        "MB are 10^6 bytes of input files.",
        "- Build: `claimset build --config <work>/build-N/claimset.yaml --version 1.0.0 --quiet` in a subprocess "
        "with the default workers (one per core), releases into a fresh folder. Peak RSS of the largest process "
        "is `ru_maxrss` from `wait4` (it covers waited-for worker processes); the all-process peak sums the "
        "resident sets of the process tree, sampled every 0.2 s from /proc.",
        "- Load: a fresh process with `HF_HUB_OFFLINE=1` and an empty `HF_DATASETS_CACHE` imports `datasets` and "
        "calls `load_dataset(<release>, <config>)` for each config of the card.",
        "- The machine's cores are shared with other work; the load averages above say how busy it was. Ratios "
        "come from the same run, so they are fairer than the absolute figures.", "",
        "Raw figures: `results.json` beside this file.", "",
        "Corpus attribution: sentences of the GermEval 2014 NER shared task development split (NoSta-D corpus), "
        "Benikova, Biemann, Reznicek: \"NoSta-D Named Entity Annotation for German: Guidelines and Dataset\", "
        "LREC 2014, CC BY 4.0.", ""]
    return "\n".join(lines)


def _write(out: Path, text: str) -> None:
    """Write RESULTS.md, keeping the hand-written notes of the file it replaces."""
    out.parent.mkdir(parents=True, exist_ok=True)
    old = out.read_text(encoding="utf-8") if out.is_file() else ""
    if NOTES_START in old and NOTES_END in old:
        text += "\n" + NOTES_START + old.split(NOTES_START, 1)[1].split(NOTES_END, 1)[0] + NOTES_END + "\n"
    out.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None, help="build sizes, comma-separated (default 1000,10000,100000)")
    parser.add_argument("--throughput-articles", type=int, default=None, help="articles of the throughput corpus "
                        "(default 1000)")
    parser.add_argument("--repeat", type=int, default=None, help="throughput runs per variant, best counts (default 2)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--code", choices=("worktree", "committed"), default="worktree",
                        help="measure the working tree (default) or the last commit")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "claimset-bench",
                        help="work folder for corpora, builds and caches")
    parser.add_argument("--out", type=Path, default=None, help="RESULTS.md to write (default benchmarks/RESULTS.md; "
                        "with --quick: <work>/RESULTS.md)")
    parser.add_argument("--build-timeout", type=float, default=None,
                        help="stop a build after this many seconds and report it as not finished (default: none)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, one repeat: checks the runner works")
    parser.add_argument("--from-json", type=Path, default=None,
                        help="only re-render --out from a results.json of an earlier run (no measuring)")
    parser.add_argument("--measure", choices=("ours", "anchor", "load"), help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:
        if args.input is None:
            parser.error("--measure needs --input")
        func = {"ours": lambda: measure_ours(args.input, args.workers), "anchor": lambda: measure_anchor(args.input),
                "load": lambda: measure_load(args.input)}[args.measure]
        print(json.dumps(func()))
        return 0

    if args.from_json:
        results = json.loads(args.from_json.read_text(encoding="utf-8"))
        out = args.out or ROOT / "benchmarks" / "RESULTS.md"
        _write(out, render(results, results["command"], results.get("quick", False)))
        return 0

    try:
        sizes = ([int(s) for s in args.sizes.split(",") if s.strip()] if args.sizes
                 else list(QUICK_SIZES if args.quick else DEFAULT_SIZES))
    except ValueError:
        parser.error(f"--sizes {args.sizes!r}: expected comma-separated whole numbers")
    if not sizes or min(sizes) < 1:
        parser.error("--sizes: give at least one positive size")
    throughput_articles = args.throughput_articles or (40 if args.quick else 1_000)
    repeat = args.repeat or (1 if args.quick else 2)
    out = args.out or (args.work / "RESULTS.md" if args.quick else ROOT / "benchmarks" / "RESULTS.md")
    command = "python -m benchmarks.run" + (" " + shlex.join(argv if argv is not None else sys.argv[1:])
                                            if (argv if argv is not None else sys.argv[1:]) else "")

    def log(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    try:
        results = run(sorted(set(sizes)), throughput_articles, args.seed, args.work, repeat, args.code, log,
                      args.build_timeout)
    except (BenchmarkError, subprocess.CalledProcessError, OSError) as exc:
        print(f"benchmarks.run: {exc}", file=sys.stderr)
        return 1
    results["command"] = command
    results["quick"] = args.quick
    out.parent.mkdir(parents=True, exist_ok=True)  # raw figures first: a rendering bug must not lose a run
    (out.parent / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    _write(out, render(results, command, args.quick))
    log(f"wrote {out}")
    for t in results["targets"]:
        log(f"{t['target']}: {t['value']:.2f} (want {t['want']}) -> {'met' if t['met'] else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
