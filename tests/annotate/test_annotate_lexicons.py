"""Lexicons are data: they load, their patterns compile, and none of them quotes a seed sentence."""

import re
from pathlib import Path

import pytest
import yaml

from builder.annotate.lexicon import HERE, load

SEEDS = Path("seeds")


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v)


@pytest.mark.parametrize("path", sorted(HERE.glob("*.yaml")), ids=lambda p: p.name)
def test_annotate_lexicons_load_and_are_commented(path):
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("#"), f"{path.name}: a lexicon opens with a comment saying what it is"
    assert isinstance(load(path.name), dict)


def test_annotate_lexicons_target_patterns_compile():
    for t in load("targets.yaml")["targets"]:
        for p in t["patterns"] + t.get("opposite", []):
            re.compile(p, re.I)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed articles not present")
def test_annotate_lexicons_quote_no_seed_sentence():
    seeds = " ".join(re.sub(r"\s+", " ", p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt"))
    for path in HERE.glob("*.yaml"):
        for s in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            words = s.split()
            if len(words) >= 4 and not re.search(r"[\\()\[\]|?*+{}]", s):
                assert s not in seeds, f"{path.name}: {s!r} is copied from a seed article"
