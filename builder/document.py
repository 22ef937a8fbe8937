"""The unit that flows through the pipeline: one article and the records annotated on it.

:func:`pack_document` and :func:`unpack_document` carry a document between processes in a compact form (plain
tuples of field values): cheaper to pickle, send and rebuild than the pydantic models themselves, which worker
processes would otherwise pickle with one state dict per record.
"""

from __future__ import annotations

import operator
import typing
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from schemas import Actor, ActorMention, Article, Claim, Stance


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

@dataclass(frozen=True)
class _Layout:
    """How the compact form holds one record class: its field names, in order, and the fields holding records."""

    names: tuple[str, ...]
    values: Callable[[dict], tuple]  # the field values of a record's __dict__, in ``names`` order
    nested: tuple[tuple[int, bool], ...]  # (index in names, holds a list of records) per record-valued field


_LAYOUTS: dict[type, _Layout] = {}
_FIELDS_SETS: dict[frozenset, frozenset] = {}  # one object per distinct set, so pickle writes it once per message


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
        names = tuple(cls.model_fields)
        nested = tuple((i, many) for i, name in enumerate(names)
                       if (many := _holds_records(cls.model_fields[name].annotation)) is not None)
        getter = operator.itemgetter(*names) if len(names) > 1 else (lambda d, n=names[0]: (d[n],))
        layout = _LAYOUTS[cls] = _Layout(names, getter, nested)
    return layout


def pack_record(record: BaseModel) -> tuple:
    """A record as ``(class, field values, names of the fields set)``; records inside it packed the same way."""
    cls = type(record)
    layout = _LAYOUTS.get(cls) or _layout(cls)
    values = layout.values(record.__dict__)
    if layout.nested:
        values = list(values)
        for i, many in layout.nested:
            value = values[i]
            if value is not None:
                values[i] = [pack_record(r) for r in value] if many else pack_record(value)
        values = tuple(values)
    fields_set = frozenset(record.__pydantic_fields_set__)
    return cls, values, _FIELDS_SETS.setdefault(fields_set, fields_set)


def unpack_record(packed: tuple) -> BaseModel:
    """The record :func:`pack_record` packed: equal to it, with the same fields set (rebuilt without validation,
    as unpickling does)."""
    cls, values, fields_set = packed
    layout = _LAYOUTS.get(cls) or _layout(cls)
    if layout.nested:
        values = list(values)
        for i, many in layout.nested:
            value = values[i]
            if value is not None:
                values[i] = [unpack_record(r) for r in value] if many else unpack_record(value)
    return cls.construct_valid(dict(zip(layout.names, values)), set(fields_set))


def pack_document(doc: Document) -> tuple:
    """A document in the compact form: plain tuples and lists that pickle quickly (see :func:`pack_record`)."""
    return (pack_record(doc.article), [pack_record(r) for r in doc.mentions], [pack_record(r) for r in doc.actors],
            [pack_record(r) for r in doc.claims], [pack_record(r) for r in doc.stances])


def unpack_document(packed: tuple) -> Document:
    """The document :func:`pack_document` packed, equal to the original."""
    article, mentions, actors, claims, stances = packed
    return Document(unpack_record(article), [unpack_record(r) for r in mentions],
                    [unpack_record(r) for r in actors], [unpack_record(r) for r in claims],
                    [unpack_record(r) for r in stances])
