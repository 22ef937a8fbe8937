"""The benchmark command fails with one clear line on missing inputs."""

from benchmarks.rules import main


def test_rules_benchmark_missing_germeval_file_is_one_error_line(tmp_path, capsys):
    missing = tmp_path / "none.tsv"
    assert main(["--no-write", "--germeval", str(missing)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {missing}: GermEval file not found"]


def test_rules_failure_is_one_line_naming_the_input(monkeypatch):
    import hashlib

    import pytest

    from benchmarks import rules
    from schemas import Article

    def boom(article):
        raise KeyError("lexicon")

    monkeypatch.setattr(rules, "annotate", boom)
    text = "Ein Satz."
    art = Article(article_id="art_x", source_file="x.txt", text=text, raw_sha256="0" * 64,
                  text_sha256=hashlib.sha256(text.encode()).hexdigest())
    with pytest.raises(rules.RulesFailed, match=r"^seeds/x.txt: annotate failed: KeyError"):
        rules.run_rules(art, "seeds/x.txt")
