"""``claimset sync push`` and ``sync pull`` share one declaration of their options; flags reach the library."""

from __future__ import annotations

from contextlib import nullcontext

import pytest
import typer.main

from builder import cli as cli_module


def _params(name: str) -> list[tuple]:
    command = typer.main.get_command(cli_module.app).commands["sync"].commands[name]
    return [(p.name, tuple(p.opts), tuple(p.secondary_opts), p.default, getattr(p, "help", None)) for p in command.params]


def test_cli_sync_push_and_pull_have_the_same_options():
    from builder.studio.sync import DEFAULT_PROJECT

    assert _params("push") == _params("pull") == [
        ("config_path", ("--config", "-c"), (), None, "Build config YAML (only overrides defaults)."),
        ("project", ("--project", "-p"), (), DEFAULT_PROJECT, "Label Studio project id or title."),
        ("dry_run", ("--dry-run",), (), False, "Do everything but write; show what would be written."),
        ("quiet", ("--quiet", "-q"), (), False, "No progress bars or summaries."),
    ]


class _Result:
    warnings: list[str] = []

    def lines(self):
        return ["one change"]

    def summary(self):
        return "summary line"


@pytest.mark.parametrize("name", ["push", "pull"])
def test_cli_sync_options_reach_push_and_pull(cli_runner_sync, name):
    calls, result = cli_runner_sync(name, "--project", "Team B", "--dry-run", "-q")
    assert result.exit_code == 0, result.stderr
    assert calls == [{"project": "Team B", "dry_run": True}]
    assert result.stdout == "summary line\n" and result.stderr == "one change\n"
    calls, result = cli_runner_sync(name)
    assert calls == [{"project": "claimset", "dry_run": False}]


@pytest.fixture
def cli_runner_sync(cli, config_file, monkeypatch):
    """Run ``claimset sync <name> -c <config> ...`` with the server, the rules and push/pull replaced by fakes."""
    import builder.pipeline
    import builder.studio.sync

    calls: list[dict] = []

    def fake(*args, project, dry_run, **kwargs):
        calls.append({"project": project, "dry_run": dry_run})
        return _Result()

    monkeypatch.setattr(cli_module, "_client", lambda: nullcontext(None))
    monkeypatch.setattr(builder.pipeline, "predict", lambda config, report: iter([]))
    monkeypatch.setattr(builder.studio.sync, "push", fake)
    monkeypatch.setattr(builder.studio.sync, "pull", fake)

    def run(name: str, *args: str):
        calls.clear()
        result = cli("sync", name, "-c", config_file, *args)
        return list(calls), result

    return run
