"""GermEval 2014 NER development data as an actor-recognition check: PER and ORG outer spans of news sentences.

Data: ``/work/shared/corpora/germeval2014-ner-dev.tsv`` (Benikova, Biemann, Reznicek, LREC 2014; CC BY 4.0).
Each ``#`` line opens a sentence and carries its source URL. The NoSta-D corpus draws its sentences from two
sources, German Wikipedia and online news; a sentence counts as **news** when its source host is not a
Wikipedia (``*.wikipedia.org``). Only the outer tags ``B-PER/I-PER`` and ``B-ORG/I-ORG`` are actors;
``*deriv`` ("Schweizer") and ``*part`` ("FIFA-Schiedsrichter") are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse
import os

ROOT = Path(__file__).resolve().parents[1]
#: The shared development corpora: ``$CLAIMSET_CORPORA``, else ``shared/corpora`` beside the checkout.
CORPORA = Path(os.environ.get("CLAIMSET_CORPORA") or ROOT.parent / "shared" / "corpora")
GERMEVAL = CORPORA / "germeval2014-ner-dev.tsv"

#: Outer entity types that are actors.
ACTOR_TAGS = ("PER", "ORG")

#: Predicted actor types scored against PER+ORG. Countries are left out: GermEval tags them LOC, while the
#: conventions make a country an actor only when it acts, so a predicted country is neither right nor wrong here.
SCORED_TYPES = ("person", "organisation", "government", "media", "group", "other")


@dataclass
class Sentence:
    """One GermEval sentence: its source, tokens joined by single spaces, and entity spans by outer type."""

    number: int
    source: str
    text: str
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    @property
    def actor_spans(self) -> list[tuple[int, int]]:
        return sorted(s for t in ACTOR_TAGS for s in self.spans.get(t, []))


def host_of(source: str) -> str:
    """The host of a ``#`` line's source (a URL, or 'welt.de vom 09.03.2006')."""
    source = source.strip()
    if "://" in source:
        return (urlparse(source).hostname or "").lower()
    return source.split()[0].lower() if source else ""


def is_news(source: str) -> bool:
    """True unless the source is a Wikipedia (the corpus's other, non-news source)."""
    host = host_of(source)
    return bool(host) and not re.search(r"(^|\.)wikipedia\.org$", host)


def parse(lines: Iterator[str] | list[str]) -> Iterator[Sentence]:
    """Sentences from the TSV lines, with character spans of each outer entity type (``*deriv``/``*part`` kept
    under their own names, e.g. ``PERderiv``)."""
    number, source, tokens, tags = 0, "", [], []

    def flush() -> Sentence | None:
        if not tokens:
            return None
        text, offsets = "", []
        for tok in tokens:
            if text:
                text += " "
            offsets.append((len(text), len(text) + len(tok)))
            text += tok
        spans: dict[str, list[tuple[int, int]]] = {}
        cur_type, cur_start, cur_end = None, 0, 0
        for (s, e), tag in zip(offsets, tags):
            if tag.startswith("I-") and cur_type == tag[2:]:
                cur_end = e
                continue
            if cur_type:
                spans.setdefault(cur_type, []).append((cur_start, cur_end))
                cur_type = None
            if tag.startswith(("B-", "I-")):
                cur_type, cur_start, cur_end = tag[2:], s, e
        if cur_type:
            spans.setdefault(cur_type, []).append((cur_start, cur_end))
        return Sentence(number, source, text, spans)

    for lineno, raw in enumerate(lines, 1):
        line = raw.rstrip("\n")
        if line.startswith("#"):
            done = flush()
            if done:
                yield done
            number += 1
            parts = line.split("\t")
            source, tokens, tags = (parts[1] if len(parts) > 1 else ""), [], []
        elif not line.strip():
            done = flush()
            if done:
                yield done
            tokens, tags = [], []
        else:
            cols = line.split("\t")
            if len(cols) < 3:
                raise ValueError(f"line {lineno}: expected index, token, outer tag, nested tag, got {line!r}")
            tokens.append(cols[1])
            tags.append(cols[2])
    done = flush()
    if done:
        yield done


def read(path: Path) -> list[Sentence]:
    """Every sentence of a GermEval TSV file."""
    with path.open(encoding="utf-8") as fh:
        try:
            return list(parse(fh))
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None
