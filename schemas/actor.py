"""Actors (who speaks or acts) and their mentions in an article."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Literal

from pydantic import Field, model_validator

from schemas.base import Record, SpanRecord, fill_id, sha256
from schemas.provenance import Provenance

ActorType = Literal["person", "organisation", "government", "country", "media", "group", "other"]


def actor_id_for(name: str) -> str:
    """Stable id of an actor not in the gazetteer: ``act_`` plus its normalised full name.

    >>> actor_id_for("Olaf Scholz")
    'act_olaf_scholz'
    """
    folded = unicodedata.normalize("NFKD", name.casefold().replace("ß", "ss"))
    ascii_ = "".join(c for c in folded if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_).strip("_")
    return f"act_{slug or 'unknown'}"


def mention_id_for(article_id: object, start: object, end: object, type: object) -> str:
    """Stable id of a mention: ``stable_id("men", article_id, start, end, type)``, spelled out (a hot path)."""
    return "men_" + sha256(f"{article_id!s}\x1f{start!s}\x1f{end!s}\x1f{type!s}".encode()).hexdigest()[:16]


class Actor(Record):
    """A canonical actor: a person, organisation, government, country acting as speaker, medium or group."""

    actor_id: str = Field(description="Canonical id: a gazetteer id (e.g. 'donald_trump') or act_<normalised name>.")
    name: str = Field(description="Canonical name.")
    type: ActorType = Field(description="Kind of actor.")
    aliases: list[str] = Field(default_factory=list, description="Other names and role nouns seen for this actor.")
    wikidata: str | None = Field(default=None, description="Wikidata QID, when known.")


class ActorMention(SpanRecord):
    """A place where an article names an actor."""

    mention_id: str = Field(default="", description="Stable id: hash of article id, span and actor type.")
    actor_id: str = Field(description="The actor this mention refers to.")
    type: ActorType = Field(description="Kind of actor.")
    provenance: Provenance = Field(description="Rule or annotator that made the record, and its review status.")

    @model_validator(mode="before")
    @classmethod
    def _fill_id(cls, data: Any) -> Any:
        return fill_id(data, "mention_id", mention_id_for, "article_id", "start", "end", "type")
