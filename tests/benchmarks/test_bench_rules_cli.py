"""The benchmark command fails with one clear line on missing inputs."""

from benchmarks.rules import main


def test_rules_benchmark_missing_germeval_file_is_one_error_line(tmp_path, capsys):
    missing = tmp_path / "none.tsv"
    assert main(["--no-write", "--germeval", str(missing)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {missing}: GermEval file not found"]
