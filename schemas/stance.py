"""Stances: an actor's position toward a configured topic target, resting on a claim."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from schemas.base import Record, fill_id, sha256
from schemas.provenance import Provenance

StanceLabel = Literal["favor", "against", "neutral"]


def stance_id_for(article_id: object, claim_id: object, actor_id: object, target: object) -> str:
    """Stable id of a stance: ``stable_id("stn", article_id, claim_id, actor_id, target)``, spelled out."""
    joined = f"{article_id!s}\x1f{claim_id!s}\x1f{actor_id!s}\x1f{target!s}"
    return "stn_" + sha256(joined.encode()).hexdigest()[:16]


class Stance(Record):
    """An actor is for, against or neutral toward a target, as one claim shows."""

    stance_id: str = Field(default="", description="Stable id: hash of article, claim, actor and target.")
    article_id: str = Field(description="Id of the article the stance is expressed in.")
    actor_id: str = Field(description="Actor who holds the stance (the claimant).")
    target: str = Field(description="Topic target id from the stance target list (e.g. 'ukraine_nato_membership').")
    label: StanceLabel = Field(description="favor, against or neutral.")
    claim_id: str | None = Field(default=None, description="The claim the stance rests on.")
    provenance: Provenance = Field(description="Rule or annotator that made the record, and its review status.")

    @model_validator(mode="before")
    @classmethod
    def _fill_id(cls, data: Any) -> Any:
        return fill_id(data, "stance_id", stance_id_for, "article_id", "claim_id", "actor_id", "target")
