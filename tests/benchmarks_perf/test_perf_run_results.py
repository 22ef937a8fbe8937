"""benchmarks.run: targets are judged honestly, RESULTS.md says so; --quick runs end to end."""

import json
import sys

import pytest

from benchmarks import run


def _results(anchor_mbps=1.0, one=1.2, two=2.2, rss_small=300.0, rss_big=420.0):
    def tp(impl, workers, mbps):
        return {"impl": impl, "workers": workers, "seconds": 10 / mbps, "setup_seconds": 1.0, "articles": 100,
                "bytes": 10_000_000, "mb_per_s": mbps, "articles_per_s": 10 * mbps, "runs_seconds": [10 / mbps],
                "tree_peak_mib": 100.0, "mentions": 5, "claims": 3, "stances": 1, "skipped": 0, "sentences": 9}

    def build(n, rss):
        return {"articles": n, "seconds": 10.0, "max_rss_mib": rss, "tree_peak_mib": rss * 2, "release_bytes": 10**6,
                "finished": True, "parquet_bytes": 10**6, "timeline": [(5.0, rss, 10**6), (10.0, rss * 2, 11 * 10**6)],
                "corpus_bytes": 10**7, "counts": {"articles": n}, "load": {"seconds": 1.0, "import_seconds": 1.0}}

    return {"machine": {"cores": 2, "cpu": "x", "memory_gib": 1, "python": "3.11", "platform": "linux"},
            "git": {"commit": "abc", "code": str(run.ROOT), "uncommitted_files_in_builder_schemas": 0},
            "seed": 0, "repeat": 1, "load_before": "0", "load_after": "0", "started": "now",
            "throughput_corpus": {"articles": 100, "bytes": 10**7},
            "throughput": {"anchor": tp("anchor", 1, anchor_mbps), "ours_1": tp("ours", 1, one),
                           "ours_2": tp("ours", 2, two)},
            "builds": [build(1000, rss_small), build(10000, rss_big)]}


def test_perf_run_targets_met_and_not_met():
    good = run.targets(_results())
    assert [t["met"] for t in good] == [True, True, True, True]
    bad = run.targets(_results(anchor_mbps=2.0, one=1.0, two=1.5, rss_big=600.0))
    assert [t["met"] for t in bad] == [False, False, False, False]
    assert bad[0]["value"] == pytest.approx(0.5)
    assert bad[1]["value"] == pytest.approx(1.5)


def test_perf_run_results_md_marks_unmet_targets():
    res = _results(anchor_mbps=2.0)
    res["targets"] = run.targets(res)
    md = run.render(res, "python -m benchmarks.run", quick=False)
    assert "**2 cores**" in md
    assert "| **NO** |" in md
    assert "`python -m benchmarks.run`" in md
    assert "CC BY 4.0" in md
    assert "QUICK RUN" not in md


def test_perf_run_unfinished_build_is_reported_not_met():
    res = _results()
    big = res["builds"][1]
    big.update(finished=False, timeout=600.0, seconds=601.0, staged_parquet_bytes=5 * 10**5)
    del big["load"]
    res["targets"] = run.targets(res)
    assert res["targets"][-1]["target"].startswith("build of 10,000 articles finishes")
    assert not res["targets"][-1]["met"]
    assert not any(t["met"] for t in res["targets"][2:])
    md = run.render(res, "python -m benchmarks.run --build-timeout 600", quick=False)
    assert "**did not finish**: stopped after 601 s" in md
    assert "about 5 % of the articles" in md


@pytest.mark.slow
def test_perf_run_quick_end_to_end(tmp_path):
    pytest.importorskip("spacy", reason="spaCy is in the 'bench' extra: pip install -e '.[bench]'")
    out = tmp_path / "RESULTS.md"
    code = run.main(["--quick", "--sizes", "8,16", "--throughput-articles", "10", "--work", str(tmp_path / "w"),
                     "--out", str(out)])
    assert code == 0
    md = out.read_text(encoding="utf-8")
    assert "QUICK RUN" in md and "## Targets (issue 7)" in md
    data = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert set(data["throughput"]) >= {"anchor", "ours_1", "ours_2"}
    assert data["throughput"]["ours_1"]["articles"] == 10
    assert data["throughput"]["anchor"]["articles"] == 10
    assert [b["articles"] for b in data["builds"]] == [8, 16]
    for b in data["builds"]:
        assert b["max_rss_mib"] > 10
        assert b["load"]["configs"]["articles"]["rows"] == b["counts"]["articles"]
    assert len(data["targets"]) >= 3


def test_perf_run_bad_sizes_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        run.main(["--sizes", "1k"])
    assert exc.value.code == 2
    assert "--sizes" in capsys.readouterr().err


def test_perf_run_failed_build_is_reported_not_met():
    res = _results()
    res["builds"][1] = {"articles": 10000, "finished": False, "error": "claimset build of 10,000 articles: exit 1: "
                        "boom", "seconds": 0.0, "max_rss_mib": 0.0, "tree_peak_mib": 0.0, "timeline": [],
                        "corpus_bytes": 10**7}
    res["targets"] = run.targets(res)
    assert not res["targets"][-1]["met"]
    assert "boom" in res["targets"][-1]["target"]
    md = run.render(res, "python -m benchmarks.run", quick=False)
    assert "**failed**: claimset build of 10,000 articles: exit 1: boom" in md


def test_perf_run_cpu_seconds_line():
    res = _results()
    for key, cpu in (("anchor", 10.0), ("ours_1", 20.0), ("ours_2", 22.0)):
        res["throughput"][key]["cpu_seconds"] = cpu
        res["throughput"][key]["mb_per_cpu_s"] = 10 / cpu
    res["targets"] = run.targets(res)
    md = run.render(res, "python -m benchmarks.run", quick=False)
    assert "ratio **0.50**" in md
    assert "parallel overhead +10 %" in md


def test_perf_run_rerender_keeps_hand_written_notes(tmp_path):
    res = _results()
    res["targets"] = run.targets(res)
    res["command"] = "python -m benchmarks.run --sizes 1000,10000"
    raw = tmp_path / "results.json"
    raw.write_text(json.dumps(res), encoding="utf-8")
    out = tmp_path / "RESULTS.md"
    out.write_text(f"old table\n{run.NOTES_START}\nThe machine was busy.\n{run.NOTES_END}\n", encoding="utf-8")
    assert run.main(["--from-json", str(raw), "--out", str(out)]) == 0
    md = out.read_text(encoding="utf-8")
    assert "old table" not in md
    assert "The machine was busy." in md
    assert "`python -m benchmarks.run --sizes 1000,10000`" in md
