"""The full build in a temporary folder: release layout, loading with datasets, reproducibility, immutability."""

from __future__ import annotations

import json

import pytest

from builder import pipeline
from builder.errors import ReleaseError
from builder.release.writer import verify_release
from claimset_testing import run_python


def test_release_build_writes_a_verified_release(config):
    result = pipeline.build(config)
    assert result.version == "1.0.0"
    assert result.path == config.releases / "claimset-de" / "1.0.0"
    names = {p.relative_to(result.path).as_posix() for p in result.path.rglob("*") if p.is_file()}
    assert {"README.md", "CHANGELOG.md", "manifest.json", "build_report.json"} <= names
    assert {f"data/{c}/train-00000-of-00001.parquet" for c in ("articles", "claims")} <= names
    assert verify_release(result.path) == []
    assert result.counts["articles"] == 5
    manifest = json.loads((result.path / "manifest.json").read_text())
    assert manifest["version"] == "1.0.0" and manifest["counts"] == result.counts
    assert not [p for p in result.path.parent.iterdir() if p.name.startswith(".staging")]


@pytest.mark.slow
def test_release_build_loads_with_datasets_in_a_fresh_process(config, tmp_path):
    result = pipeline.build(config)
    configs = [c for c, n in result.counts.items() if n]
    code = f"""
import json, datasets
out = {{}}
for cfg in {configs!r}:
    ds = datasets.load_dataset({str(result.path)!r}, cfg, split="train")
    labels = {{k: v.names for k, v in ds.features.items() if isinstance(v, datasets.ClassLabel)}}
    out[cfg] = {{"rows": len(ds), "labels": labels, "status": ds.features["provenance"]["status"].names
                if "provenance" in ds.features else None}}
print(json.dumps(out))
"""
    done = run_python(code, tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    for cfg in configs:
        assert loaded[cfg]["rows"] == result.counts[cfg]
    assert loaded["claims"]["labels"]["kind"] == [
        "direct_quote", "indirect_speech", "attributed_report", "unattributed_assertion"]
    assert "rejected" in loaded["claims"]["status"]


def test_release_build_is_byte_reproducible(config, tmp_path):
    first = pipeline.build(config)
    again = pipeline.build(config.model_copy(update={"releases": tmp_path / "other"}))
    files = lambda r: json.loads((r.path / "manifest.json").read_text())["files"]  # noqa: E731
    assert files(first) == files(again)


def test_release_build_refuses_an_existing_version(config):
    pipeline.build(config, "1.0.0")
    with pytest.raises(ReleaseError, match=r"1\.0\.0: release exists already; releases are immutable"):
        pipeline.build(config, "1.0.0")


def test_release_build_without_changes_writes_nothing(config):
    pipeline.build(config)
    result = pipeline.build(config)
    assert result.path is None and "nothing changed since version 1.0.0" in result.messages[0]
    assert sorted(p.name for p in (config.releases / "claimset-de").iterdir()) == ["1.0.0"]


def test_release_build_new_article_is_a_minor_version_with_changelog(config):
    pipeline.build(config)
    (config.input / "extra.txt").write_text(
        "Neue Studie\n\nDie Forscherin Anna Berger sagte am Montag, die Ergebnisse seien eindeutig.\n",
        encoding="utf-8")
    result = pipeline.build(config)
    assert result.version == "1.1.0"
    changelog = (result.path / "CHANGELOG.md").read_text()
    assert "Changes since version 1.0.0." in changelog
    added = result.changes.configs["articles"].added
    assert len(added) == 1 and f"- added `{added[0]}`" in changelog


def test_release_build_dry_run_writes_nothing(config):
    result = pipeline.build(config, dry_run=True)
    assert result.dry_run and result.version == "1.0.0" and result.path is None
    assert not any((config.releases / "claimset-de").iterdir())


def test_release_build_failure_leaves_no_partial_release(config, monkeypatch):
    calls = []

    def broken(self, doc):
        calls.append(doc)
        if len(calls) == 3:
            raise OSError("disk on fire")
        return original(self, doc)

    original = pipeline.writer.ReleaseWriter.add
    monkeypatch.setattr(pipeline.writer.ReleaseWriter, "add", broken)
    with pytest.raises(OSError, match="disk on fire"):
        pipeline.build(config)
    assert list((config.releases / "claimset-de").iterdir()) == []


def test_release_build_rule_crash_skips_that_article_with_reason(config, monkeypatch):
    original = pipeline.annotate_stage.annotate

    def broken(article):
        if article.source_file.startswith("002"):
            raise KeyError("lexicon entry")
        return original(article)

    monkeypatch.setattr(pipeline.annotate_stage, "annotate", broken)
    result = pipeline.build(config)
    assert result.counts["articles"] == 4
    (skip,) = result.report.skipped
    assert skip.source.startswith("002") and skip.reason == "internal_error" and "KeyError" in skip.detail


def test_release_verify_detects_a_changed_file(config):
    result = pipeline.build(config)
    (result.path / "CHANGELOG.md").write_text("tampered\n")
    assert verify_release(result.path) == ["CHANGELOG.md: sha256 differs from the manifest"]
