"""``claimset annotate`` on a folder: an odd encoding is one ``warning:`` line naming the file; the file is used."""

from __future__ import annotations

import json

HEAD = b"Streit im Rat\n\n\"Wir werden das Projekt stoppen\", sagte die Sprecherin am Montag. Die Kosten "
CP1252 = "Streit im Rat\n\n„Wir werden das Projekt stoppen“, sagte die Bürgermeisterin am Montag in Köln."


def test_cli_annotate_damaged_utf8_warns_with_file_and_byte_offset(cli, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_damaged.txt").write_bytes(HEAD + b"\xc3(rund 25 Millionen Euro) sind hoch.\n")
    (folder / "b_cp1252.txt").write_bytes(CP1252.encode("cp1252"))
    result = cli("annotate", folder, "--quiet")
    assert result.exit_code == 0, result.stderr
    texts = [json.loads(line)["text"] for line in result.stdout.strip().splitlines()]
    assert len(texts) == 2 and texts[1] == CP1252
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"warning: a_damaged.txt: invalid UTF-8 at byte {len(HEAD)} (C3) looks like a damaged "
                           "UTF-8 character; the file was read as ")
    assert line.endswith(": check the text")


def test_cli_annotate_valid_cp1252_file_prints_no_warning(cli, tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(CP1252.encode("cp1252"))
    result = cli("annotate", path, "--quiet")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["text"] == CP1252
    assert result.stderr == ""


def test_cli_annotate_without_quiet_to_a_pipe_prints_only_its_lines(cli, tmp_path):
    """No progress bar where stderr is no terminal: its leftover blank line came before the first error."""
    (tmp_path / "a.txt").write_bytes(CP1252.encode("cp1252"))
    (tmp_path / "empty.txt").write_bytes(b"")
    result = cli("annotate", tmp_path)
    assert result.exit_code == 1
    assert json.loads(result.stdout)["text"] == CP1252
    assert result.stderr == "error: empty.txt: file is empty\n"
