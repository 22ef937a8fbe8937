"""The unit that flows through the pipeline: one article and the records annotated on it.

:func:`pack_document` and :func:`unpack_document` carry a document between processes in a compact form (plain
field dicts): cheaper to pickle, send and rebuild than the pydantic models themselves, which worker processes would
otherwise pickle with one state dict per record, each rebuilt through ``__setstate__``.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from schemas import Actor, ActorMention, Article, Claim, Stance
from schemas.base import construct_record


@dataclass
class Document:
    """An article with its actor mentions, actors, claims and stances (predicted, human or merged)."""

    article: Article
    mentions: list[ActorMention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        return self.article.article_id


@dataclass
class HumanAnnotation:
    """One annotator's version of one article, as pulled from Label Studio into ``annotations/``.

    ``document`` holds the records as the annotator left them (provenance source 'human'); predictions the
    annotator deleted are kept there with status 'rejected'. ``state`` is 'submitted', 'skipped' or
    'cancelled'; ``stale`` is true when the task text no longer matches the article's cleaned text.
    """

    annotator: str
    document: Document
    annotation_id: int | None = None
    task_id: int | None = None
    updated_at: str | None = None
    ground_truth: bool = False
    state: str = "submitted"
    stale: bool = False


def to_annotate_json(doc: Document, source_id: str | None = None) -> dict:
    """The object ``claimset annotate`` prints for one document (offsets index ``text``).

    ``claims[i].claimant_mention`` is an index into ``mentions`` (or null); ``stances[i].claim`` an index into
    ``claims`` (or null); ``cue`` is ``{start, end}`` or null.
    """
    mention_index = {m.mention_id: i for i, m in enumerate(doc.mentions)}
    claim_index = {c.claim_id: i for i, c in enumerate(doc.claims)}
    return {
        "id": source_id if source_id is not None else (doc.article.source_id or doc.article_id),
        "article_id": doc.article_id,
        "text": doc.article.text,
        "mentions": [
            {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "actor_id": m.actor_id,
             "rule": m.provenance.rule}
            for m in doc.mentions
        ],
        "claims": [
            {"start": c.start, "end": c.end, "text": c.text, "kind": c.kind,
             "claimant_mention": mention_index.get(c.claimant_mention_id) if c.claimant_mention_id else None,
             "claimant_actor_id": c.claimant_actor_id,
             "cue": {"start": c.cue_start, "end": c.cue_end} if c.cue_start is not None else None,
             "target": c.target, "rule": c.provenance.rule}
            for c in doc.claims
        ],
        "stances": [
            {"claim": claim_index.get(s.claim_id) if s.claim_id else None, "actor_id": s.actor_id,
             "target": s.target, "label": s.label, "rule": s.provenance.rule}
            for s in doc.stances
        ],
    }


# --- the compact form, for sending documents between processes ---------------------------------------------------
#
# A record travels as ``(class, fields set, field dict)``: a copy of its ``__dict__`` (records inside it packed the
# same way) and its fields set, one interned frozenset per distinct set so pickle writes it once per message. A
# list of records of one class with one fields set travels as ``(class, fields set, [field dict, ...])``, the
# class and the set written once; any other list as ``(None, None, [packed record, ...])``. Pickle builds the
# dicts in C, and unpacking hands each one to its record as ``__dict__`` without copying it again. A frozen
# record inside others (a provenance, which the predicted records of one rule and score share) is packed once
# per document and unpacked once, so the records that shared it still share one.

@dataclass(frozen=True)
class _Layout:
    """How the compact form holds one record class: its fields that hold records."""

    nested: tuple[tuple[str, bool], ...]  # (field name, holds a list of records) per record-valued field


_LAYOUTS: dict[type, _Layout] = {}
_FIELDS_SETS: dict[frozenset, frozenset] = {}  # one object per distinct set, so pickle writes it once per message
#: Per document: id of a frozen record (packing) or of its packed form (unpacking) -> (that object, the result).
#: The object is kept so its id is not reused while the memo lives.
_Memo = dict[int, tuple[object, object]]


def _holds_records(annotation: object) -> bool | None:
    """``False`` if a field annotation is a record class, ``True`` if a list of them, ``None`` otherwise."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return False
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is list and args and isinstance(args[0], type) \
            and issubclass(args[0], BaseModel):
        return True
    return None


def _layout(cls: type) -> _Layout:
    layout = _LAYOUTS.get(cls)
    if layout is None:
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)):
            raise TypeError(f"{cls!r} is not a record class")
        if cls.__private_attributes__ or cls.model_config.get("extra") == "allow":
            raise TypeError(f"{cls.__name__}: records with private attributes or extra fields have no compact form")
        nested = tuple((name, many) for name, info in cls.model_fields.items()
                       if (many := _holds_records(info.annotation)) is not None)
        layout = _LAYOUTS[cls] = _Layout(nested)
    return layout


def _interned(fields_set: set[str]) -> frozenset:
    fields_set = frozenset(fields_set)
    return _FIELDS_SETS.setdefault(fields_set, fields_set)


def _packed_fields(record: BaseModel, layout: _Layout, memo: _Memo) -> dict:
    """A copy of a record's field dict with the records inside it packed."""
    values = record.__dict__.copy()
    for name, many in layout.nested:
        value = values[name]
        if value is not None:
            values[name] = pack_records(value, memo) if many \
                else _once(value, type(value).model_config.get("frozen", False), memo, pack_record)
    return values


def _once(obj: object, frozen: bool, memo: _Memo, make: Callable[[Any, _Memo], Any]) -> Any:
    """``make(obj, memo)``, made once per ``memo`` when ``obj`` is a frozen record (packing) or the packed form of
    one (unpacking): a record inside others, which they may share."""
    if not frozen:
        return make(obj, memo)
    seen = memo.get(id(obj))
    if seen is None:
        seen = memo[id(obj)] = (obj, make(obj, memo))
    return seen[1]


def pack_record(record: BaseModel, memo: _Memo | None = None) -> tuple:
    """A record as ``(class, fields set, field dict)``; records inside it packed the same way (the frozen ones
    once per ``memo``, which one document's packing shares)."""
    cls = type(record)
    layout = _LAYOUTS.get(cls) or _layout(cls)
    values = _packed_fields(record, layout, {} if memo is None else memo) if layout.nested \
        else record.__dict__.copy()
    return cls, _interned(record.__pydantic_fields_set__), values


def pack_records(records: list[BaseModel], memo: _Memo | None = None) -> tuple:
    """A list of records: ``(class, fields set, [field dict, ...])`` when they share their class and fields set,
    else ``(None, None, [packed record, ...])``."""
    if not records:
        return None, None, []
    memo = {} if memo is None else memo
    cls = type(records[0])
    fields_set = records[0].__pydantic_fields_set__
    if not all(type(r) is cls and r.__pydantic_fields_set__ == fields_set for r in records):
        return None, None, [pack_record(r, memo) for r in records]
    layout = _LAYOUTS.get(cls) or _layout(cls)
    if layout.nested:
        dicts = [_packed_fields(r, layout, memo) for r in records]
    else:
        dicts = [r.__dict__.copy() for r in records]
    return cls, _interned(fields_set), dicts


def _unpack_nested(dicts: list[dict], layout: _Layout, memo: _Memo) -> None:
    """Replace the packed records inside field dicts by the records, in place."""
    for values in dicts:
        for name, many in layout.nested:
            packed = values[name]
            if packed is not None:
                values[name] = unpack_records(packed, memo) if many \
                    else _once(packed, packed[0].model_config.get("frozen", False), memo, unpack_record)


def unpack_record(packed: tuple, memo: _Memo | None = None) -> BaseModel:
    """The record :func:`pack_record` packed: equal to it, with the same fields set (rebuilt without validation,
    as unpickling does). The record takes over the packed field dict: unpack a packed form once."""
    cls, fields_set, values = packed
    layout = _LAYOUTS.get(cls) or _layout(cls)
    if layout.nested:
        _unpack_nested([values], layout, {} if memo is None else memo)
    return construct_record(cls, values, set(fields_set))


def unpack_records(packed: tuple, memo: _Memo | None = None) -> list[BaseModel]:
    """The records :func:`pack_records` packed, in order (taking over the packed field dicts, as
    :func:`unpack_record` does)."""
    cls, fields_set, dicts = packed
    memo = {} if memo is None else memo
    if cls is None:
        return [unpack_record(p, memo) for p in dicts]
    layout = _LAYOUTS.get(cls) or _layout(cls)
    if layout.nested:
        _unpack_nested(dicts, layout, memo)
    return [construct_record(cls, values, set(fields_set)) for values in dicts]


def pack_document(doc: Document) -> tuple:
    """A document in the compact form: classes, field dicts and lists that pickle quickly (see
    :func:`pack_record`)."""
    memo: _Memo = {}
    return (pack_record(doc.article, memo), pack_records(doc.mentions, memo), pack_records(doc.actors, memo),
            pack_records(doc.claims, memo), pack_records(doc.stances, memo))


def unpack_document(packed: tuple) -> Document:
    """The document :func:`pack_document` packed, equal to the original. Its records take over the packed field
    dicts: unpack a packed form once (as the pipeline does with each one it unpickles)."""
    article, mentions, actors, claims, stances = packed
    memo: _Memo = {}
    return Document(unpack_record(article, memo), unpack_records(mentions, memo), unpack_records(actors, memo),
                    unpack_records(claims, memo), unpack_records(stances, memo))
