"""Claims: what someone (or the article itself) asserts, with the cue that marks it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, ValidationInfo, model_validator

from schemas.base import SpanRecord, check_span, fill_id, sha256
from schemas.provenance import Provenance

ClaimKind = Literal["direct_quote", "indirect_speech", "attributed_report", "unattributed_assertion"]


def claim_id_for(article_id: object, start: object, end: object, kind: object) -> str:
    """Stable id of a claim: ``stable_id("clm", article_id, start, end, kind)``, spelled out (a hot path)."""
    return "clm_" + sha256(f"{article_id!s}\x1f{start!s}\x1f{end!s}\x1f{kind!s}".encode()).hexdigest()[:16]


class Claim(SpanRecord):
    """A claim: its content span, kind, cue and claimant.

    ``start``/``end``/``text`` cover the claim's content (the quote or the reported clause); the cue is the
    verb of saying or the attribution phrase ("sagte", "laut", "zufolge").
    """

    claim_id: str = Field(default="", description="Stable id: hash of article id, span and kind.")
    kind: ClaimKind = Field(
        description="direct_quote (in quotation marks), indirect_speech (reported with a verb of saying), "
        "attributed_report ('laut X', 'X zufolge'), unattributed_assertion (the article's own check-worthy statement)."
    )
    cue_start: int | None = Field(default=None, ge=0, description="Start of the cue (verb of saying, 'laut', ...).")
    cue_end: int | None = Field(default=None, ge=0, description="End (exclusive) of the cue.")
    cue_text: str | None = Field(default=None, description="Text of the cue.")
    claimant_mention_id: str | None = Field(default=None, description="Mention of the claimant (who makes the claim).")
    claimant_actor_id: str | None = Field(default=None, description="Actor id of the claimant.")
    target: str | None = Field(default=None, description="Topic target id the claim is about, if one is recognised.")
    provenance: Provenance = Field(description="Rule or annotator that made the record, and its review status.")

    @model_validator(mode="before")
    @classmethod
    def _fill_id(cls, data: Any) -> Any:
        return fill_id(data, "claim_id", claim_id_for, "article_id", "start", "end", "kind")

    @model_validator(mode="after")
    def _check_cue(self, info: ValidationInfo) -> "Claim":
        given = [self.cue_start is not None, self.cue_end is not None, self.cue_text is not None]
        if any(given) and not all(given):
            raise ValueError("a cue needs cue_start, cue_end and cue_text together")
        if self.cue_start is not None and self.cue_end is not None and self.cue_text is not None:
            if self.cue_end <= self.cue_start or len(self.cue_text) != self.cue_end - self.cue_start:
                raise ValueError(f"cue [{self.cue_start}, {self.cue_end}) does not fit its text {self.cue_text!r}")
            context = info.context if info is not None else None
            if isinstance(context, dict) and "text" in context:
                check_span(context["text"], self.cue_start, self.cue_end, self.cue_text, where="cue")
        return self
