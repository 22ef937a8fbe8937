"""Fixtures shared by the whole suite: the seed corpus, a build config in a temporary folder, the CLI runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from builder.config import BuildConfig

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A private copy of the five seed articles."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def config(tmp_path: Path, seeds: Path) -> BuildConfig:
    """A build config that reads the seed copy and writes releases and annotations under tmp_path."""
    return BuildConfig(input=seeds, annotations=tmp_path / "annotations", releases=tmp_path / "releases",
                       workers=1).resolved(tmp_path)


@pytest.fixture
def config_file(tmp_path: Path, config: BuildConfig) -> Path:
    """The same config as a claimset.yaml file."""
    path = tmp_path / "claimset.yaml"
    path.write_text(
        f"input: {config.input}\nannotations: {config.annotations}\nreleases: {config.releases}\nworkers: 1\n",
        encoding="utf-8")
    return path


@pytest.fixture
def cli():
    """Invoke the claimset CLI in-process; returns click's Result (stdout, stderr, exit_code)."""
    from builder.cli import app

    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return invoke


def run_python(code: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run Python code in a fresh interpreter, offline (no hub access), and return the finished process."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(cwd / "hf-home")}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
