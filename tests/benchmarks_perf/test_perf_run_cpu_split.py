"""``--measure ours`` reports the main process's CPU seconds apart from the workers'."""

from __future__ import annotations

import pytest

from benchmarks import run


@pytest.mark.parametrize("workers", [1, 2])
def test_perf_run_measure_ours_splits_main_and_worker_cpu(seeds, workers):
    result = run.measure_ours(seeds, workers)
    assert result["articles"] > 0
    assert result["main_cpu_seconds"] > 0
    assert result["cpu_seconds"] == pytest.approx(result["main_cpu_seconds"] + result["workers_cpu_seconds"])
    if workers == 1:
        assert result["workers_cpu_seconds"] == 0
    else:
        assert result["workers_cpu_seconds"] > 0
