"""benchmarks.memory: wall time and peak RSS of a child process."""

import sys

from benchmarks.memory import run_measured


def test_perf_memory_sees_a_100mb_child():
    done = run_measured([sys.executable, "-c", "b = bytearray(150 * 2**20); b[::4096] = b'x' * len(b[::4096]); "
                                               "print('ok')"], interval=0.05)
    assert done.returncode == 0
    assert done.stdout.strip() == "ok"
    assert done.max_rss_mib >= 140
    assert done.seconds > 0


def test_perf_memory_reports_failure_code():
    done = run_measured([sys.executable, "-c", "import sys; sys.exit(3)"])
    assert done.returncode == 3


def test_perf_memory_timeline_and_cpu_fields():
    done = run_measured([sys.executable, "-c", "import time; t = time.time()\nwhile time.time() - t < 0.3: pass"],
                        interval=0.05)
    assert isinstance(done.cpu_seconds, float) and done.cpu_seconds > 0.1
    assert isinstance(done.timeline, list) and done.timeline and len(done.timeline[0]) == 3
