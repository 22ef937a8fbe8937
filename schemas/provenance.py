"""Where an annotation record comes from: a rule or a person, and what review made of it."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field, model_validator

from schemas.base import Record, construct_record

Source = Literal["heuristic", "human"]
Status = Literal["predicted", "accepted", "corrected", "added", "rejected"]


class Provenance(Record):
    """Attached to every annotation record (mention, claim, stance).

    A heuristic record names its rule as ``name@version`` and carries a score; a human record names its
    annotator and the Label Studio task and annotation it came from.
    """

    # A value: frozen (assigning a field raises), so records can share one. The predicted records of one rule
    # and score share theirs; a changed provenance is a new one (``model_copy(update=...)``).
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: Source = Field(description="'heuristic' (a labeling rule) or 'human' (an annotator).")
    rule: str | None = Field(default=None, description="Rule that produced the record, as name@version.")
    annotator: str | None = Field(default=None, description="Annotator (Label Studio user) who made or reviewed it.")
    score: float | None = Field(default=None, description="Rule confidence in [0, 1]; empty for human records.")
    status: Status = Field(
        default="predicted",
        description="predicted (not reviewed), accepted (reviewed, unchanged), corrected (reviewed, changed), "
        "added (made by an annotator, no rule suggested it), rejected (reviewed, judged wrong).",
    )
    task_id: int | None = Field(default=None, description="Label Studio task id, for human records.")
    annotation_id: int | None = Field(default=None, description="Label Studio annotation id, for human records.")
    updated_at: str | None = Field(default=None, description="When the annotation was last saved (ISO 8601).")

    @model_validator(mode="after")
    def _check(self) -> "Provenance":
        if self.source == "heuristic" and not self.rule:
            raise ValueError("a heuristic record needs its rule as name@version")
        if self.rule is not None and "@" not in self.rule:
            raise ValueError(f"rule {self.rule!r} must be written as name@version")
        if self.score is not None and not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} is outside [0, 1]")
        return self


def predicted(rule: str, score: float) -> Provenance:
    """Provenance of a record a labeling rule suggested (built without a second validation when the rule and
    score pass :meth:`Provenance._check`'s tests here), one shared record per rule and score."""
    prov = _PREDICTED.get((rule, score))
    if prov is None:
        prov = construct_record(Provenance, _predicted_values(rule, score), set(_PREDICTED_SET))
        if score and len(_PREDICTED) < _PREDICTED_MAX:  # not 0: 0.0 and -0.0 are one key but two values
            _PREDICTED[(rule, score)] = prov
    return prov


_PREDICTED: dict[tuple[str, float], Provenance] = {}  # (rule, score) -> its provenance
_PREDICTED_MAX = 4096  # rules give a few dozen (rule, score) pairs; a rule with computed scores must not grow it
_PREDICTED_SET = frozenset({"source", "rule", "score", "status"})


def _predicted_values(rule: str, score: float) -> dict:
    """The field values of :func:`predicted`'s record, checked (a validation error if validation rejects them)."""
    score = round(score, 4)
    if type(rule) is str and "@" in rule and type(score) in (float, int) and 0.0 <= score <= 1.0:
        return {"source": "heuristic", "rule": rule, "annotator": None, "score": float(score), "status": "predicted",
                "task_id": None, "annotation_id": None, "updated_at": None}
    return dict(Provenance(source="heuristic", rule=rule, score=score, status="predicted").__dict__)
