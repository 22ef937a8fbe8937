"""The CLI: exit codes 0/1/2 and one clear error line naming the file for each kind of bad input."""

from __future__ import annotations

import json
import shutil


def test_cli_build_writes_release_and_prints_its_path(cli, config_file, config):
    result = cli("build", "--config", config_file, "--quiet")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(config.releases / "claimset-de" / "1.0.0")


def test_cli_build_twice_same_version_is_refused(cli, config_file):
    assert cli("build", "-c", config_file, "-q", "--version", "2.0.0").exit_code == 0
    result = cli("build", "-c", config_file, "-q", "--version", "2.0.0")
    assert result.exit_code == 1
    assert "2.0.0: release exists already; releases are immutable" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_build_bad_version_is_an_error(cli, config_file):
    result = cli("build", "-c", config_file, "-q", "--version", "v1")
    assert result.exit_code == 1 and "--version 'v1' is not a semantic version X.Y.Z" in result.stderr


def test_cli_build_dry_run_and_verbose(cli, config_file, config):
    result = cli("build", "-c", config_file, "-q", "--dry-run", "--verbose")
    assert result.exit_code == 0
    assert "dry run: would write version 1.0.0" in result.stdout
    assert "resolved config:" in result.stderr and f"input: {config.input}" in result.stderr
    assert not (config.releases / "claimset-de" / "1.0.0").exists()
    assert "a first release: every record is new" in result.stdout
    assert " 0 added" not in result.stdout  # no per-config zeros for a first release


def test_cli_build_dry_run_after_a_release_lists_changes_since_it(cli, config_file, config):
    assert cli("build", "-c", config_file, "-q").exit_code == 0
    result = cli("build", "-c", config_file, "-q", "--dry-run", "--version", "1.0.1")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[1] == "  since version 1.0.0:"
    assert lines[2:] == [f"    {c}: 0 added, 0 removed, 0 changed"
                         for c in ("articles", "actors", "mentions", "claims", "stances")]


def test_cli_build_missing_input_folder(cli, config_file, tmp_path):
    result = cli("build", "-c", config_file, "-q", "--input", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {tmp_path / 'nowhere'}: input folder not found"


def test_cli_build_empty_input_folder(cli, config_file, tmp_path):
    (tmp_path / "empty").mkdir()
    result = cli("build", "-c", config_file, "-q", "--input", tmp_path / "empty")
    assert result.exit_code == 1
    assert str(tmp_path / "empty") in result.stderr and "no article files" in result.stderr


def test_cli_build_unreadable_config(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("input: [unclosed\n", encoding="utf-8")
    result = cli("build", "-c", bad)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {bad}: cannot read config")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_build_missing_config(cli, tmp_path):
    result = cli("build", "-c", tmp_path / "nope.yaml")
    assert result.exit_code == 1 and "nope.yaml: config file not found" in result.stderr


def test_cli_build_unknown_config_key_is_named(cli, config_file):
    config_file.write_text(config_file.read_text() + "colour: blue\n", encoding="utf-8")
    result = cli("build", "-c", config_file)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {config_file}: unknown config key 'colour'"


def test_cli_usage_error_exits_2(cli):
    assert cli("build", "--no-such-option").exit_code == 2
    assert cli("frobnicate").exit_code == 2


def test_cli_bad_files_are_skipped_with_reason_and_others_build(cli, config_file, config):
    (config.input / "empty.txt").write_bytes(b"")
    (config.input / "binary.txt").write_bytes(bytes(range(256)) * 8)
    shutil.copy(config.input / "000_dde233c74ddc130c.txt", config.input / "copy_of_000.txt")
    result = cli("build", "-c", config_file, "-q")
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("skipped: ")]
    assert any(line.startswith("skipped: empty.txt: ") for line in lines), result.stderr
    assert any(line.startswith("skipped: binary.txt: ") for line in lines), result.stderr
    assert any(line.startswith("skipped: copy_of_000.txt: ") for line in lines), result.stderr
    release = config.releases / "claimset-de" / "1.0.0"
    report = json.loads((release / "build_report.json").read_text())
    assert report["articles"] == 5
    assert {s["source"] for s in report["skipped"]} >= {"empty.txt", "binary.txt", "copy_of_000.txt"}


def test_cli_invalid_utf8_is_never_silent(cli, config_file, config):
    (config.input / "broken.txt").write_bytes("Die Straße ist gesperrt, sagte er.".encode("utf-8")[:-1] + b"\xc3")
    result = cli("build", "-c", config_file, "-q")
    assert result.exit_code == 0
    assert "broken.txt" in result.stderr


def test_cli_build_all_inputs_bad_fails(cli, config_file, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"   \n\t ")
    result = cli("build", "-c", config_file, "-q", "--input", folder)
    assert result.exit_code == 1
    assert "no usable articles" in result.stderr and "a.txt" in result.stderr


def test_cli_annotate_prints_one_object_per_document(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Streit im Rat\n\n„Wir werden das Projekt stoppen“, sagte die Bürgermeisterin.\n", encoding="utf-8")
    result = cli("annotate", path, "--quiet")
    assert result.exit_code == 0, result.stderr
    (line,) = result.stdout.strip().splitlines()
    obj = json.loads(line)
    assert {"id", "text", "mentions", "claims", "stances"} <= obj.keys()
    for claim in obj["claims"]:
        assert obj["text"][claim["start"]:claim["end"]] == claim["text"]
        assert claim["claimant_mention"] is None or 0 <= claim["claimant_mention"] < len(obj["mentions"])
        assert claim["cue"] is None or set(claim["cue"]) == {"start", "end"}
    assert any(c["kind"] == "direct_quote" for c in obj["claims"])


def test_cli_annotate_stdin_jsonl_reports_broken_line_and_keeps_others(cli):
    lines = [json.dumps({"id": "n1", "text": "Der Minister sagte, die Steuer steige um drei Prozent."}),
             "{not json",
             json.dumps({"id": "n2", "text": "„Das ist falsch“, erklärte die Sprecherin."})]
    result = cli("annotate", "-", "--quiet", input="\n".join(lines) + "\n")
    assert result.exit_code == 1
    ids = [json.loads(line)["id"] for line in result.stdout.strip().splitlines()]
    assert ids == ["n1", "n2"]
    assert "<stdin>:2" in result.stderr


def test_cli_verify_ok_and_tampered(cli, config_file, config):
    assert cli("build", "-c", config_file, "-q").exit_code == 0
    release = config.releases / "claimset-de" / "1.0.0"
    ok = cli("verify", release)
    assert ok.exit_code == 0 and ok.stdout.strip() == f"{release}: ok"
    (release / "README.md").write_text("changed")
    bad = cli("verify", release)
    assert bad.exit_code == 1 and f"{release}/README.md: sha256 differs from the manifest" in bad.stderr


def test_cli_every_command_has_help(cli):
    from builder.cli import app

    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert command.help, name
        assert cli(name, "--help").exit_code == 0


def test_cli_rules_prints_a_table_per_labeling_function(cli, config_file):
    result = cli("rules", "-c", config_file, "-q")
    assert result.exit_code == 0, result.stderr
    assert "## Labeling functions" in result.stdout
    assert "| rule | layers | outputs |" in result.stdout
    assert "direct_quote@" in result.stdout


def test_cli_report_writes_html_and_dry_run_writes_nothing(cli, config_file, tmp_path):
    out = tmp_path / "rep"
    dry = cli("report", "-c", config_file, "-q", "--out", out, "--dry-run")
    assert dry.exit_code == 0 and not out.exists()
    result = cli("report", "-c", config_file, "-q", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(out / "report.html")
    assert (out / "report.html").stat().st_size > 0 and (out / "network.graphml").exists()


def test_cli_build_release_holds_report_and_card_links_charts(cli, config_file, config):
    assert cli("build", "-c", config_file, "-q").exit_code == 0
    release = config.releases / "claimset-de" / "1.0.0"
    card = (release / "README.md").read_text()
    for png in (release / "report" / "charts").glob("*.png"):
        assert f"report/charts/{png.name}" in card
    assert (release / "report" / "report.html").exists()
