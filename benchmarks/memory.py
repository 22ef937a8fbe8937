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
    timed_out: bool = False
    #: User + system CPU seconds of the command and its waited-for descendants (workers).
    cpu_seconds: float = 0.0
    #: (seconds since start, tree RSS in MiB, bytes the main process had read) about every 5 seconds.
    timeline: list[tuple[float, float, int]] | None = None


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


def read_bytes(pid: int) -> int:
    """Bytes ``pid`` has read so far (``rchar`` of /proc/<pid>/io; 0 if unavailable)."""
    try:
        with open(f"/proc/{pid}/io", "rb") as fh:
            for line in fh:
                if line.startswith(b"rchar:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_measured(cmd: list[str], env: dict | None = None, cwd: Path | None = None,
                 interval: float = 0.2, timeout: float | None = None) -> Measured:
    """Run ``cmd`` to completion or until ``timeout`` seconds (then its process group is terminated).

    Its stdout/stderr are captured to temporary files, so pipes never block.
    """
    import signal
    import tempfile

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err, start_new_session=True)
        peak = [0.0]
        timeline: list[tuple[float, float, int]] = []
        timed_out = threading.Event()
        done = threading.Event()

        def sample() -> None:
            last = -1e9
            while not done.wait(interval):
                rss = tree_rss_mib(proc.pid)
                peak[0] = max(peak[0], rss)
                now = time.perf_counter() - started
                if now - last >= 5:
                    timeline.append((round(now, 1), round(rss, 1), read_bytes(proc.pid)))
                    last = now
                if timeout is not None and now > timeout and not timed_out.is_set():
                    timed_out.set()
                    try:
                        os.killpg(proc.pid, signal.SIGTERM)  # the command and its workers, nothing else
                    except ProcessLookupError:
                        pass

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
                        out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                        timed_out=timed_out.is_set(), cpu_seconds=usage.ru_utime + usage.ru_stime,
                        timeline=timeline)
