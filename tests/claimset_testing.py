"""Helpers shared by tests (importable as ``claimset_testing``; fixtures live in ``tests/conftest.py``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run Python code in a fresh interpreter, offline (no hub access), and return the finished process."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(cwd / "hf-home")}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
