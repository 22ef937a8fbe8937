"""Every gold file in tests/gold locates all its spans in the raw text of its article (no gold typos)."""

import unicodedata
from pathlib import Path

import pytest

from benchmarks.gold import TARGETS, load_gold_file, resolve

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "tests" / "gold").glob("*/*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_gold_file_resolves_in_its_article(path):
    data = load_gold_file(path)
    article = ROOT / "seeds" / data["source_file"]
    if path.parent.name == "articles":
        article = path.parent / data["source_file"]
    raw = unicodedata.normalize("NFC", article.read_text(encoding="utf-8")).strip()
    gold = resolve(data, raw, raw)
    assert gold.mentions and gold.claims
    assert all(s.target in TARGETS for c in gold.claims for s in c.stances)


def test_there_are_five_seed_golds_and_an_unrelated_article():
    assert len([p for p in FILES if p.parent.name == "seeds"]) == 5
    assert [p for p in FILES if p.parent.name == "articles"]
