"""Run a command and measure its wall time and peak memory.

Two peaks are reported: ``max_rss_mib``, the largest resident set of any one process of the command (the
kernel's ``ru_maxrss`` from ``wait4``, which covers the child and its waited-for descendants, e.g. worker
processes), and ``tree_peak_mib``, the largest sum of the resident sets of the whole process tree, sampled from
``/proc`` every ``interval`` seconds (0 where ``/proc`` is absent).
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Measured:
    """What :func:`run_measured` observed."""

    returncode: int
    seconds: float
    max_rss_mib: float
    tree_peak_mib: float
    stdout: str
    stderr: str


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def tree_rss_mib(pid: int) -> float:
    """Sum of the resident sets of ``pid`` and all its descendants, in MiB (0 if unavailable)."""
    if not Path("/proc").is_dir():
        return 0.0
    kids = _children()
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm", "rb") as fh:
                total += int(fh.read().split()[1]) * _PAGE
        except OSError:
            pass
        stack.extend(kids.get(p, []))
    return total / 2**20


def run_measured(cmd: list[str], env: dict | None = None, cwd: Path | None = None,
                 interval: float = 0.2) -> Measured:
    """Run ``cmd`` to completion; its stdout/stderr are captured (to temporary files, so pipes never block)."""
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
        peak = [0.0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(interval):
                peak[0] = max(peak[0], tree_rss_mib(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Measured(proc.returncode, seconds, usage.ru_maxrss / 1024, peak[0],
                        out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))
