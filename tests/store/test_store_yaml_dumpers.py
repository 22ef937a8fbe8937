"""annotations/ files are the same bytes whether libyaml or PyYAML's pure-Python emitter writes them.

The store writes with libyaml's ``CSafeDumper`` (about 5x faster) only for files whose strings hold nothing the two
emitters write differently (``store._NOT_FOR_LIBYAML``); these tests dump with both and compare.
"""

from __future__ import annotations

import copy
import random

import pytest
import yaml

from builder import store
from builder.studio.tasks import annotation_to_human, document_to_task

pytestmark = pytest.mark.skipif(store._C_DUMPER is None, reason="PyYAML built without libyaml")


def _body(ann) -> dict:
    return {"article_id": ann.document.article_id, "versions": [store._dump_version(ann)]}


def _both(body: dict) -> tuple[str, str]:
    return store._yaml_text(body, yaml.SafeDumper), store._yaml_text(body, yaml.CSafeDumper)


def _reviewed(doc, i: int):
    """An annotator's version of a predicted document as `sync pull` makes it (the last region deleted)."""
    task = {"id": i + 1, **document_to_task(doc, "rules@1", validate=False)}
    task["predictions"][0]["id"] = 1000 + i
    result = copy.deepcopy(task["predictions"][0]["result"])[:-1]
    annotation = {"id": 5000 + i, "result": result, "completed_by": {"id": 3, "email": "user3@example.org"},
                  "updated_at": "2026-11-21T10:00:00Z", "ground_truth": False, "was_cancelled": False,
                  "parent_prediction": 1000 + i}
    return annotation_to_human(task, annotation, doc.article, predicted=doc)


def test_store_render_is_the_pure_python_safe_dump(doc, review):
    ann = review(doc)
    body = _body(ann)
    expected = store.HEADER + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100,
                                             default_flow_style=False)
    assert store.render_annotations(doc.article_id, [ann]) == expected


def test_store_emoji_file_is_written_by_pyyaml_which_keeps_emoji(doc, review):
    body = _body(review(doc))
    pure, libyaml = _both(body)
    assert "\\U0001F" in libyaml and "\\U" not in pure  # why libyaml is not used for such files
    assert not store._libyaml_writes_the_same(body)
    assert store._yaml_text(body) == pure


def test_store_dumpers_agree_on_generated_annotations():
    from benchmarks.studio import make_documents

    chosen = 0
    for i, d in enumerate(make_documents(150, seed=1)):
        body = _body(_reviewed(d, i))
        pure, libyaml = _both(body)
        if store._libyaml_writes_the_same(body):
            chosen += 1
            assert libyaml == pure, d.article_id
        assert store._yaml_text(body) == pure
    assert chosen > 100


@pytest.mark.parametrize("text", [
    "Emoji 🏛 im Text", "Preis \x96 Leistung", "ein Tab\tim Text", "Zeile \nmit Leerzeichen", "Zeile\n eingerückt",
    "Trenner\u2028Zeile", "Absatz\u2029", "NEL\x85", "BOM\ufeff", "Steuerzeichen\x07",
])
def test_store_strings_libyaml_writes_differently_are_recognised(text):
    assert not store._libyaml_writes_the_same({"versions": [{"claims": [{"text": text}]}]})
    assert store._libyaml_writes_the_same({"versions": [{"claims": [{"text": "„Gut“, sagte sie – 3 €."}]}]})


#: Characters that matter to YAML emitters (indicators, quotes, spaces, line breaks) and to German news text.
_ALPHABET = (list(" ") * 10 + ["\n"] * 2 + list("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789") * 2
             + list("äöüßÄÖÜ„“”‚‘’–—…€«»§°\xa0\u2009\u200b") + list(":#-?!&*|>'\"%@`,[]{}.\\/=+~^$()<;"))
_WORDS = ["yes", "no", "null", "~", "true", "1.5", "0x1F", "2026-11-21", "12:30", "- ", ": ", " #", "'", "''", '"',
          "---", "...", "Olaf Scholz", "sagte"]


def _random_text(rng: random.Random) -> str:
    n = rng.choice([rng.randint(0, 12), rng.randint(0, 400)])
    return "".join(rng.choice(_WORDS) if rng.random() < 0.08 else rng.choice(_ALPHABET) for _ in range(n))


#: Characters one of the emitters escapes or treats as a line break; one goes into some of the random bodies.
_ODD = ["\t", "\r", "\x85", "\x96", "\u2028", "\u2029", "\ufeff", "\U0001F3DB", "\x07"]


def test_store_dumpers_agree_on_random_strings_libyaml_is_chosen_for():
    rng = random.Random(7)
    checked = 0
    for i in range(3000):
        s = [_random_text(rng) for _ in range(5)]
        if i % 3 == 0:
            k = rng.randrange(5)
            at = rng.randint(0, len(s[k]))
            s[k] = s[k][:at] + rng.choice(_ODD) + s[k][at:]
        body = {"article_id": "art_0123456789abcdef", "versions": [{
            "annotation_id": i, "annotator": s[0], "stale": False, "model_version": None,
            "mentions": [{"start": 0, "end": 3, "text": s[1], "before": s[2], "after": s[3]}],
            "claims": [{"cue": {"text": s[4]}, "target": None}], "stances": []}]}
        if store._libyaml_writes_the_same(body):
            checked += 1
            pure, libyaml = _both(body)
            assert libyaml == pure, s
    assert checked > 800
