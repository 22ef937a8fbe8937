"""The spaCy anchor: what a user would write instead of claimset for the same job.

``spacy.blank("de")`` (the rule-based German tokenizer) + the ``sentencizer`` + a ``span_ruler`` holding every
name, alias, form and role noun of our actor gazetteer (read from ``builder/annotate/lexicons/*.yaml``). It only
tokenises, splits sentences and looks up known names: no cleaning, no claims, no stances. No model is
downloaded; the blank pipeline works offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LEXICONS = ROOT / "builder" / "annotate" / "lexicons"
#: Lexicon files that list actors. Entries are mappings with a ``name``; every string under ``aliases``,
#: ``forms``, ``capitals`` and ``roles`` is another surface form of the same actor.
ACTOR_LEXICONS = ("gazetteer.yaml", "places.yaml", "media.yaml")
FORM_KEYS = ("aliases", "forms", "capitals", "roles")
#: Actor type by lexicon when an entry has no ``type`` (places are countries, media are media).
DEFAULT_TYPE = {"places.yaml": "country", "media.yaml": "media"}


def _entries(data: object) -> Iterator[dict]:
    """Every mapping with a string ``name`` anywhere in a loaded YAML document."""
    if isinstance(data, dict):
        if isinstance(data.get("name"), str):
            yield data
        else:
            for value in data.values():
                yield from _entries(value)
    elif isinstance(data, list):
        for item in data:
            yield from _entries(item)


def gazetteer_patterns(folder: Path = LEXICONS) -> list[dict]:
    """span_ruler phrase patterns ``{"label", "pattern", "id"}`` for every actor surface form, sorted."""
    patterns: dict[tuple[str, str], dict] = {}
    for name in ACTOR_LEXICONS:
        path = folder / name
        if not path.is_file():
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in _entries(data):
            label = str(entry.get("type") or DEFAULT_TYPE.get(name, "other"))
            forms = [entry["name"]]
            for key in FORM_KEYS:
                forms += [f for f in entry.get(key) or [] if isinstance(f, str)]
            for form in forms:
                if form.strip():
                    patterns.setdefault((form, label), {"label": label, "pattern": form, "id": entry["name"]})
    if not patterns:
        raise SystemExit(f"{folder}: no actor names found in {', '.join(ACTOR_LEXICONS)} (lexicon format changed?)")
    return [patterns[k] for k in sorted(patterns)]


def build_nlp(patterns: list[dict] | None = None):
    """The anchor pipeline: blank German + sentencizer + span_ruler with the gazetteer."""
    import spacy

    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": "actors", "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(patterns if patterns is not None else gazetteer_patterns())
    return nlp


def annotate(nlp, texts: Iterable[str], batch_size: int = 64) -> Iterator[dict]:
    """Per text: sentence offsets and actor spans (character offsets), like a user's script would keep them."""
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield {
            "sentences": [(s.start_char, s.end_char) for s in doc.sents],
            "actors": [(sp.start_char, sp.end_char, sp.label_, sp.id_) for sp in doc.spans["actors"]],
        }
