"""The ``claimset`` command: one small function per command over the library; nothing else lives here.

Exit codes: 0 ok, 1 failure (one ``error:`` line on stderr naming the file, task or record), 2 usage error.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from builder.buildreport import BuildReport
from builder.config import BuildConfig, load_config
from builder.errors import ClaimsetError, DocumentError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Turn German news articles into a versioned, human-reviewed dataset of actors, claims and stances.")
err = Console(stderr=True, highlight=False, soft_wrap=True)

ConfigOpt = Annotated[Optional[Path], typer.Option("--config", "-c", help="Build config YAML (only overrides defaults).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summaries.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Print the resolved config.")]
DryRunOpt = Annotated[bool, typer.Option("--dry-run", help="Do everything but write; show what would be written.")]


def fail(message: str) -> None:
    err.print(f"error: {message}", markup=False)
    raise typer.Exit(1)


def handles_errors(func):
    """Turn library errors into one ``error:`` line and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ClaimsetError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            fail("interrupted")

    return wrapper


def progress(items: Iterable, quiet: bool, label: str) -> Iterator:
    """Iterate with a progress bar on stderr unless ``quiet`` or stderr is no terminal (a log file or a pipe,
    where rich would draw nothing but end with a blank line)."""
    if quiet or not err.is_terminal:
        yield from items
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=None)
        for item in items:
            yield item
            bar.advance(task)


def print_config(config: BuildConfig) -> None:
    err.print("resolved config:", markup=False)
    for key, value in config.model_dump(mode="json").items():
        err.print(f"  {key}: {value}", markup=False)


def print_skips(report: BuildReport) -> None:
    for skip in report.skipped:
        err.print(f"skipped: {skip.source}: {skip.detail} [{skip.reason}]", markup=False)
    for warning in report.warnings:
        err.print(f"warning: {warning}", markup=False)


@app.command()
@handles_errors
def build(
    config_path: ConfigOpt = None,
    version: Annotated[Optional[str], typer.Option("--version", help="Release version X.Y.Z (default: proposed from the diff).")] = None,
    input: Annotated[Optional[Path], typer.Option("--input", "-i", help="Article folder (default: seeds/).")] = None,
    workers: Annotated[Optional[int], typer.Option("--workers", "-w", min=1, help="Worker processes (default: cores).")] = None,
    dry_run: DryRunOpt = False,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
) -> None:
    """Read, clean and pre-annotate the articles, merge annotations/, and write a versioned release."""
    from builder.pipeline import build as run_build

    config = load_config(config_path, {"input": input, "workers": workers})
    if verbose:
        print_config(config)
    result = run_build(config, version, dry_run=dry_run,
                       progress=lambda docs: progress(docs, quiet, "annotating"))
    print_skips(result.report)
    for message in result.messages:
        err.print(message, markup=False)
    if result.version is None:
        return
    counts = ", ".join(f"{n} {c}" for c, n in result.counts.items())
    if result.dry_run:
        typer.echo(f"dry run: would write version {result.version} ({counts})")
        if result.changes is not None and result.changes.previous is None:
            typer.echo("  a first release: every record is new (no previous version to compare with)")
        elif result.changes is not None:
            typer.echo(f"  since version {result.changes.previous}:")
            for config_name, c in result.changes.configs.items():
                typer.echo(f"    {config_name}: {len(c.added)} added, {len(c.removed)} removed, {len(c.changed)} changed")
        return
    typer.echo(str(result.path))
    if not quiet:
        err.print(f"wrote version {result.version}: {counts}", markup=False)
        err.print(f'load it with: datasets.load_dataset("{result.path}", "claims")', markup=False)


@app.command()
@handles_errors
def annotate(
    paths: Annotated[list[str], typer.Argument(help=".txt, .jsonl or .html files or folders; '-' reads JSON Lines from stdin.")],
    no_clean: Annotated[bool, typer.Option("--no-clean", help="Skip boilerplate removal and redaction.")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Print JSON Lines with mentions, claims and stances for each input document."""
    from builder import annotate as annotate_stage
    from builder import ingest
    from builder.document import to_annotate_json

    report = BuildReport()
    failed = 0

    def articles():
        nonlocal failed
        for path in paths:
            if path == "-":
                yield from _stdin_articles(report, clean=not no_clean)
                continue
            config = BuildConfig(input=Path(path), clean=not no_clean).resolved(Path.cwd())
            try:
                yield from ingest.read_articles(config, report)
            except ClaimsetError as exc:
                err.print(f"error: {exc}", markup=False)
                failed += 1

    for doc in progress(map(annotate_stage.annotate, articles()), quiet, "annotating"):
        sys.stdout.write(json.dumps(to_annotate_json(doc), ensure_ascii=False) + "\n")
    for skip in report.skipped:
        err.print(f"error: {skip.source}: {skip.detail}", markup=False)
    for warning in report.warnings:  # the file was used; what was odd about it (encoding, date, language)
        err.print(f"warning: {warning}", markup=False)
    if failed or report.skipped:
        raise typer.Exit(1)


def _stdin_articles(report: BuildReport, clean: bool):
    from builder import ingest

    for lineno, line in enumerate(sys.stdin.buffer, 1):
        if not line.strip():
            continue
        where = f"<stdin>:{lineno}"
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or "text" not in obj or not isinstance(obj["text"], str):
                raise ValueError
        except ValueError:
            report.skip(DocumentError(where, "broken_jsonl", "not a JSON object with a 'text' string"))
            continue
        source_id = str(obj["id"]) if obj.get("id") is not None else None
        try:
            yield ingest.article_from_text(obj["text"], where, source_id, clean=clean)
        except DocumentError as exc:
            report.skip(DocumentError(where, exc.reason, exc.detail))


@app.command()
@handles_errors
def verify(release: Annotated[Path, typer.Argument(help="A release folder (releases/<name>/<version>).")]) -> None:
    """Check every file of a release against its manifest.json."""
    from builder.release.writer import verify_release

    problems = verify_release(release)
    for problem in problems:
        err.print(f"error: {release}/{problem}", markup=False)
    if problems:
        raise typer.Exit(1)
    typer.echo(f"{release}: ok")


@app.command()
@handles_errors
def rules(
    config_path: ConfigOpt = None,
    input: Annotated[Optional[Path], typer.Option("--input", "-i", help="Article folder (default: seeds/).")] = None,
    quiet: QuietOpt = False,
) -> None:
    """Print each labeling function's coverage, overlaps, conflicts and precision against human annotations."""
    from builder.report import report_corpus

    config = load_config(config_path, {"input": input})
    report = BuildReport()
    quality = report_corpus(config, charts=False, build_report=report,
                            progress=lambda docs: progress(docs, quiet, "analysing"))
    print_skips(report)
    typer.echo(quality.to_markdown(None, heading_level=1, sections=["Labeling functions"]))


@app.command(name="report")
@handles_errors
def report_command(
    config_path: ConfigOpt = None,
    input: Annotated[Optional[Path], typer.Option("--input", "-i", help="Article folder (default: seeds/).")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for report.html, report.md, charts, network.")] = Path("report"),
    dry_run: DryRunOpt = False,
    quiet: QuietOpt = False,
) -> None:
    """Write the quality report (rules, pre-annotation quality, agreement, stance network, charts)."""
    from builder.report import report_corpus

    config = load_config(config_path, {"input": input})
    report = BuildReport()
    quality = report_corpus(config, None if dry_run else out, build_report=report,
                            progress=lambda docs: progress(docs, quiet, "analysing"))
    print_skips(report)
    if dry_run:
        typer.echo(quality.to_markdown(None, heading_level=1))
        return
    typer.echo(str(out / "report.html"))


sync_app = typer.Typer(no_args_is_help=True, help="Two-way sync with Label Studio: push predictions, pull annotations.")
app.add_typer(sync_app, name="sync")
ProjectOpt = Annotated[str, typer.Option("--project", "-p", help="Label Studio project id or title.")]


@app.command()
@handles_errors
def studio(
    port: Annotated[Optional[int], typer.Option("--port", help="Port on 127.0.0.1 (default: a free one).")] = None,
) -> None:
    """Start a local Label Studio (data in .studio/, git-ignored), print its address and login; Ctrl-C stops it."""
    from builder.studio.server import run

    raise typer.Exit(run(Path.cwd(), port=port))


def _print_sync(result, report: BuildReport) -> None:
    """Skipped articles, one line per change (what --dry-run lists), warnings, then the summary on stdout."""
    print_skips(report)
    for line in result.lines():
        err.print(line, markup=False)
    for warning in result.warnings:
        err.print(f"warning: {warning}", markup=False)
    typer.echo(result.summary())


def _client():
    from builder.studio.client import StudioClient, connection

    return StudioClient.from_connection(connection(Path.cwd()))


@dataclass(frozen=True)
class SyncOptions:
    """The options ``sync push`` and ``sync pull`` share (declared once, in :func:`sync_command`)."""

    config_path: Optional[Path]
    project: str
    dry_run: bool
    quiet: bool


def sync_command(name: str):
    """Register ``run(options: SyncOptions)`` as ``claimset sync <name>``, with ``run``'s docstring as its help."""

    def register(run):
        def command(
            config_path: ConfigOpt = None,
            project: ProjectOpt = "claimset",  # builder.studio.sync.DEFAULT_PROJECT (a test checks; not imported: slow)
            dry_run: DryRunOpt = False,
            quiet: QuietOpt = False,
        ) -> None:
            run(SyncOptions(config_path, project, dry_run, quiet))

        command.__doc__ = run.__doc__
        sync_app.command(name)(handles_errors(command))
        return run

    return register


@sync_command("push")
def sync_push(options: SyncOptions) -> None:
    """Send one task per article with the rules' predictions; unchanged tasks and human work are left alone."""
    from builder.pipeline import predict
    from builder.studio.sync import push

    config = load_config(options.config_path)
    report = BuildReport()
    with _client() as client:
        docs = list(progress(predict(config, report), options.quiet, "annotating"))
        result = push(docs, client=client, project=options.project, dry_run=options.dry_run)
    _print_sync(result, report)


@sync_command("pull")
def sync_pull(options: SyncOptions) -> None:
    """Write every annotator's annotations into annotations/<article_id>.yaml (atomically; nothing is dropped)."""
    from builder.pipeline import predict
    from builder.studio.sync import pull

    config = load_config(options.config_path)
    report = BuildReport()
    docs = {d.article_id: d for d in progress(predict(config, report), options.quiet, "reading")}
    with _client() as client:
        result = pull(client=client, project=options.project, annotations_dir=config.annotations,
                      articles={k: d.article for k, d in docs.items()}, predicted=docs, dry_run=options.dry_run)
    _print_sync(result, report)


def main() -> None:  # pragma: no cover - entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
