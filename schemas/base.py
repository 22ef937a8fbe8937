"""Shared building blocks of every record: strict models, stable ids and checked spans.

Every record forbids unknown fields, gets an id that is a hash of its content (so the same input
always gives the same id), and every span record can be checked against the text it points into:
``text[start:end]`` must equal the span's ``text``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

#: Version of the record schemas. A change here makes the next release a major version.
SCHEMA_VERSION = "1.0.0"

#: How many characters of context a stored human span keeps on each side.
CONTEXT_CHARS = 24


def stable_id(prefix: str, *parts: object) -> str:
    """Return ``<prefix>_<16 hex>``, the sha256 of the parts (each as ``str``) joined by a unit separator.

    The record modules spell it out for their own id (``actor.mention_id_for`` and the like: one call and no
    tuple per record); ``tests/schemas/test_schemas_ids.py`` checks they agree with it.
    """
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


#: The hash function of :func:`stable_id`, for the modules that spell it out.
sha256 = hashlib.sha256


class Record(BaseModel):
    """Base of every record: unknown fields are an error, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    @classmethod
    def construct_valid(cls, values: dict[str, Any], fields_set: set[str]) -> Self:
        """A record from values that already are what validation would make of them, without validating again.

        For fast paths that check what the validators check themselves (the annotator's predicted records):
        ``values`` holds every field, in field order, with its validated type (ids filled); ``fields_set`` names
        the fields validation would mark as set (a fresh set). The result equals the validated record
        (``tests/schemas/test_schemas_construct_valid.py``); anything else is the caller's bug. Hot paths call
        :func:`construct_record` (the same, one attribute lookup fewer).
        """
        return construct_record(cls, values, fields_set)


_new = object.__new__
# the setters of BaseModel's four slots, called directly (what ``object.__setattr__`` finds by name)
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def construct_record(cls: type[Record], values: dict[str, Any], fields_set: set[str]) -> Any:
    """:meth:`Record.construct_valid` as a plain function: the record takes ``values`` as its field dict and
    ``fields_set`` as its set of fields set (both owned by the record from now on)."""
    record = _new(cls)
    _set_dict(record, values)
    _set_fields_set(record, fields_set)
    _set_extra(record, None)
    _set_private(record, None)
    return record


class SpanMismatchError(ValueError):
    """A span whose offsets do not point at its quoted text."""


class SpanRecord(Record):
    """A record anchored at ``[start, end)`` of an article's cleaned text.

    Pass the article text as validation context (``Model.model_validate(data, context={"text": t})``)
    to check that ``text[start:end] == span text``; :func:`check_span` does the same afterwards.
    """

    article_id: str = Field(description="Id of the article the span is in.")
    start: int = Field(ge=0, description="Start offset (Unicode code points) in the article's cleaned text.")
    end: int = Field(ge=0, description="End offset (exclusive) in the article's cleaned text.")
    text: str = Field(description="The text of the span, equal to article text[start:end].")

    @model_validator(mode="after")
    def _check_offsets(self, info: ValidationInfo) -> "SpanRecord":
        if self.end <= self.start:
            raise SpanMismatchError(f"span [{self.start}, {self.end}) is empty or reversed")
        if len(self.text) != self.end - self.start:
            raise SpanMismatchError(
                f"span [{self.start}, {self.end}) has {self.end - self.start} characters "
                f"but its text {self.text!r} has {len(self.text)}"
            )
        context = info.context if info is not None else None
        if isinstance(context, dict) and "text" in context:
            check_span(context["text"], self.start, self.end, self.text)
        return self


def check_span(text: str, start: int, end: int, quoted: str, where: str = "") -> None:
    """Raise :class:`SpanMismatchError` unless ``text[start:end] == quoted``."""
    found = text[start:end]
    if found != quoted:
        prefix = f"{where}: " if where else ""
        raise SpanMismatchError(
            f"{prefix}span [{start}, {end}) reads {found!r} in the article but the record says {quoted!r}"
        )


def fill_id(data: Any, key: str, id_for: Callable[..., str], *fields: str) -> Any:
    """For ``mode="before"`` validators: set ``data[key]`` to ``id_for`` of the ``fields`` (a stable hash, see
    :func:`stable_id`) if missing."""
    if isinstance(data, dict) and not data.get(key):
        data = dict(data)
        data[key] = id_for(*[data.get(f) for f in fields])
    return data
