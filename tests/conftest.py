"""Fixtures shared by the whole suite: the seed corpus, a build config in a temporary folder, the CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from builder.config import BuildConfig

from claimset_testing import SEEDS


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
