"""``annotations/``: the human annotations under version control, one YAML file per article.

Each file holds *every* annotator's version of one article (skipped ones too, marked), so nothing pulled from
Label Studio is ever lost. A file looks like this (offsets count Unicode code points, as Python does)::

    # Human annotations of one article, written by `claimset sync pull`. ...
    article_id: art_0123456789abcdef
    versions:
    - annotation_id: 7
      annotator: anna@example.org
      task_id: 3
      updated_at: '2026-11-21T15:00:00.000000Z'
      ground_truth: false
      state: submitted
      stale: false
      text_sha256: 5f1e...          # the text the annotator saw
      model_version: rules@0.1.0    # the predictions the annotator started from
      mentions:
      - mention_id: men_...
        start: 0
        end: 12
        text: Olaf Scholz
        before: ''                  # up to CONTEXT_CHARS characters before the span
        after: ' sagte, die Lage ...'
        type: person
        actor_id: act_olaf_scholz
        status: accepted
        rule: actor_gazetteer@1
      claims: [...]                 # the same, plus kind, cue {start, end, text, before, after}, claimant, target
      stances: [...]

Files are written atomically (a temporary file in the same folder, then ``os.replace``), only when their content
changes, and a broken file is one clear error naming it.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal, Mapping

import yaml
from pydantic import ValidationError

from builder.document import Document, HumanAnnotation
from builder.errors import ClaimsetError
from schemas import ActorMention, Article, Claim, Provenance, Stance
from schemas.base import CONTEXT_CHARS

#: The states an annotator's version can be in. Label Studio records a skipped task as a cancelled annotation.
STATES = ("submitted", "skipped", "cancelled")

HEADER = (
    "# Human annotations of one article, written by `claimset sync pull` (all annotators' versions).\n"
    "# Offsets count Unicode code points in the text whose sha256 is text_sha256; before/after hold up to\n"
    f"# {CONTEXT_CHARS} characters of context so a span can be found again when the text changes.\n"
    "# Review changes in git; edit with care (the build re-checks every span).\n"
)


#: libyaml's safe loader when PyYAML was built with it (about 9× faster, same data), else the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: libyaml's safe dumper when PyYAML was built with it (about 5× faster), else None. It writes the same bytes as
#: the pure-Python :class:`yaml.SafeDumper` only for some texts (see :data:`_NOT_FOR_LIBYAML`), so
#: :func:`_yaml_text` uses it for those files alone.
_C_DUMPER = getattr(yaml, "CSafeDumper", None)
_DUMP_OPTIONS = {"sort_keys": False, "allow_unicode": True, "width": 100, "default_flow_style": False}
#: What makes libyaml write a string differently from PyYAML: a character outside the Basic Multilingual Plane
#: (libyaml escapes emoji as "\U0001F3DB"), a character either emitter escapes (controls, tab, BOM), a line break
#: other than \n (U+0085, U+2028, U+2029), or a space before or after a line break. Each makes one of the two
#: write a double-quoted scalar, and they fold long double-quoted lines differently.
_NOT_FOR_LIBYAML = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]| \n|\n ")


class StoreError(ClaimsetError):
    """An annotation file cannot be read or written. The message names the file."""


@dataclass
class StoredAnnotation(HumanAnnotation):
    """A :class:`HumanAnnotation` with what is needed to re-anchor it when the article text changes.

    The records' offsets refer to the text the annotator saw (hash ``text_sha256``); ``document.article`` is the
    article as currently known (possibly with a newer text: then ``stale`` is true).

    Attributes:
        text_sha256: sha256 of the text the annotator saw (``None``: the text of ``document.article``).
        context: For each span, ``(before, after)`` context; keyed by record id, cues by ``<claim_id>#cue``.
        replaces: For each corrected record, the id of the predicted record it replaces.
        model_version: ``model_version`` of the predictions the annotator started from.
    """

    text_sha256: str | None = None
    context: dict[str, tuple[str, str]] = field(default_factory=dict)
    replaces: dict[str, str] = field(default_factory=dict)
    model_version: str | None = None


@dataclass
class WriteResult:
    """What :func:`write_annotations` did (or, with ``dry_run``, would do) to one file."""

    path: Path
    action: Literal["created", "updated", "unchanged"]
    text: str


def cue_key(claim_id: str) -> str:
    """The :attr:`StoredAnnotation.context` key of a claim's cue."""
    return f"{claim_id}#cue"


def context_of(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> tuple[str, str]:
    """Up to ``width`` characters of ``text`` before ``start`` and after ``end``."""
    return text[max(0, start - width):start], text[end:end + width]


def seen_sha256(ann: HumanAnnotation) -> str:
    """The sha256 of the text the annotator saw."""
    stored = getattr(ann, "text_sha256", None)
    return stored or ann.document.article.text_sha256


def annotation_path(folder: Path, article_id: str) -> Path:
    """``<folder>/<article_id>.yaml``."""
    return Path(folder) / f"{article_id}.yaml"


def render_annotations(article_id: str, annotations: Iterable[HumanAnnotation]) -> str:
    """The YAML text of one article's file (deterministic: the same versions give the same bytes)."""
    versions = sorted(annotations, key=_version_key)
    for ann in versions:
        if ann.document.article_id != article_id:
            raise StoreError(
                f"{article_id}.yaml: annotation {ann.annotation_id} belongs to article {ann.document.article_id}"
            )
    body = {"article_id": article_id, "versions": [_dump_version(a) for a in versions]}
    return HEADER + _yaml_text(body)


def _yaml_text(body: dict, dumper: type | None = None) -> str:
    """``yaml.safe_dump(body, **_DUMP_OPTIONS)``, written by libyaml when that gives the same bytes (faster).

    ``dumper``: a dumper class to use instead of choosing one (for tests that compare the two).
    """
    if dumper is None:
        dumper = _C_DUMPER if _C_DUMPER is not None and _libyaml_writes_the_same(body) else yaml.SafeDumper
    return yaml.dump(body, Dumper=dumper, **_DUMP_OPTIONS)


def _libyaml_writes_the_same(body: object) -> bool:
    """True if no string in ``body`` (keys included) holds what :data:`_NOT_FOR_LIBYAML` matches."""
    return _NOT_FOR_LIBYAML.search("|".join(_strings(body, []))) is None


def _strings(node: object, out: list[str]) -> list[str]:
    """``out`` with every string in a tree of dicts and lists appended (dict keys and values, list items)."""
    if isinstance(node, str):
        out.append(node)
    elif isinstance(node, dict):
        for key, value in node.items():
            _strings(key, out)
            _strings(value, out)
    elif isinstance(node, list):
        for item in node:
            _strings(item, out)
    return out


def write_annotations(
    folder: Path,
    article_id: str,
    annotations: list[HumanAnnotation],
    *,
    dry_run: bool = False,
) -> WriteResult:
    """Write ``<folder>/<article_id>.yaml`` with exactly these versions, atomically.

    The file is replaced only when its content changes. With ``dry_run`` nothing is written and the result says
    what would happen. To keep versions already on disk, combine them first with :func:`combine_versions`.

    Raises:
        StoreError: naming the file, when it cannot be written.
    """
    path = annotation_path(folder, article_id)
    text = render_annotations(article_id, annotations)
    old = None
    if path.exists():
        try:
            old = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"{path}: cannot read: {exc}") from None
    action: Literal["created", "updated", "unchanged"]
    action = "created" if old is None else ("unchanged" if old == text else "updated")
    if dry_run or action == "unchanged":
        return WriteResult(path, action, text)
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{article_id}.", suffix=".yaml.tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise StoreError(f"{path}: cannot write: {exc.strerror or exc}") from None
    return WriteResult(path, action, text)


def combine_versions(existing: list[HumanAnnotation], pulled: list[HumanAnnotation]) -> list[HumanAnnotation]:
    """Versions on disk plus newly pulled ones: a pulled version replaces the stored one with the same
    annotation id; stored versions the server no longer has are kept (never dropped)."""
    by_key: dict[object, HumanAnnotation] = {}
    for ann in existing:
        by_key[_identity(ann)] = ann
    for ann in pulled:
        by_key[_identity(ann)] = ann
    return sorted(by_key.values(), key=_version_key)


def read_annotation_file(path: Path, article: Article | None = None) -> list[StoredAnnotation]:
    """Read one article's file. ``article`` (the current article) anchors the documents; when it is not
    given, a stand-in article without text is used and the stored ``stale`` flags are kept.

    Raises:
        StoreError: one line naming the file and the problem.
    """
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{path}: cannot read: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise StoreError(f"{path}: invalid YAML{where}: {problem}") from None
    if not isinstance(data, dict) or not isinstance(data.get("versions"), list):
        raise StoreError(f"{path}: expected a mapping with 'article_id' and a list of 'versions'")
    article_id = data.get("article_id")
    if article_id != path.stem:
        raise StoreError(f"{path}: article_id {article_id!r} does not match the file name")
    if article is not None and article.article_id != article_id:
        raise StoreError(f"{path}: given article {article.article_id} is not {article_id}")
    out = []
    for i, raw in enumerate(data["versions"]):
        try:
            out.append(_load_version(article_id, raw, article, path))
        except StoreError:
            raise
        except (ValidationError, ValueError, TypeError, KeyError) as exc:
            raise StoreError(f"{path}: version {i + 1}: {_one_line(exc)}") from None
    return out


def read_annotations(folder: Path, articles: Mapping[str, Article] | None = None) -> dict[str, list[StoredAnnotation]]:
    """Read every ``<article_id>.yaml`` in ``folder`` (a missing folder is empty).

    Args:
        folder: The annotations folder.
        articles: Current articles by id; anchors each file's documents (see :func:`read_annotation_file`).

    Returns:
        Article id → its versions, in file order. Files for articles not in ``articles`` are returned too.

    Raises:
        StoreError: for the first broken file, one line naming it.
    """
    folder = Path(folder)
    if not folder.exists():
        return {}
    if not folder.is_dir():
        raise StoreError(f"{folder}: not a folder")
    out: dict[str, list[StoredAnnotation]] = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name.startswith("."):
            continue
        out[path.stem] = read_annotation_file(path, (articles or {}).get(path.stem))
    return out


# --- serialisation -------------------------------------------------------------------------------------------


def _identity(ann: HumanAnnotation) -> object:
    if ann.annotation_id is not None:
        return ("id", ann.annotation_id)
    return ("annotator", ann.annotator, ann.updated_at)


def _version_key(ann: HumanAnnotation) -> tuple:
    return (ann.annotation_id is None, ann.annotation_id or 0, ann.updated_at or "", ann.annotator)


def _one_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors()[0]
        loc = ".".join(str(p) for p in err["loc"])
        return f"{loc}: {err['msg']}" if loc else err["msg"]
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _span_context(ann: HumanAnnotation, key: str, start: int, end: int) -> tuple[str, str]:
    stored = getattr(ann, "context", {}).get(key)
    if stored is not None:
        return stored
    article = ann.document.article
    if article.text and seen_sha256(ann) == article.text_sha256:
        return context_of(article.text, start, end)
    return "", ""


def _dump_version(ann: HumanAnnotation) -> dict:
    if ann.state not in STATES:
        raise StoreError(f"{ann.document.article_id}.yaml: unknown state {ann.state!r} (one of {', '.join(STATES)})")
    doc = ann.document
    out: dict = {
        "annotation_id": ann.annotation_id,
        "annotator": ann.annotator,
        "task_id": ann.task_id,
        "updated_at": ann.updated_at,
        "ground_truth": ann.ground_truth,
        "state": ann.state,
        "stale": ann.stale,
        "text_sha256": seen_sha256(ann),
        "model_version": getattr(ann, "model_version", None),
    }
    replaces = getattr(ann, "replaces", {}) or {}
    out["mentions"] = [
        _dump_mention(ann, m, replaces) for m in sorted(doc.mentions, key=lambda m: (m.start, m.end, m.mention_id))
    ]
    out["claims"] = [
        _dump_claim(ann, c, replaces) for c in sorted(doc.claims, key=lambda c: (c.start, c.end, c.claim_id))
    ]
    claim_pos = {c.claim_id: (c.start, c.end) for c in doc.claims}
    out["stances"] = [
        _dump_stance(s, replaces)
        for s in sorted(doc.stances, key=lambda s: (claim_pos.get(s.claim_id or "", (-1, -1)), s.stance_id))
    ]
    return out


def _prov(p: Provenance) -> dict:
    out: dict = {"status": p.status}
    if p.rule:
        out["rule"] = p.rule
    return out


def _dump_mention(ann: HumanAnnotation, m: ActorMention, replaces: dict[str, str]) -> dict:
    before, after = _span_context(ann, m.mention_id, m.start, m.end)
    out = {"mention_id": m.mention_id, "start": m.start, "end": m.end, "text": m.text, "before": before,
           "after": after, "type": m.type, "actor_id": m.actor_id, **_prov(m.provenance)}
    if m.mention_id in replaces:
        out["replaces"] = replaces[m.mention_id]
    return out


def _dump_claim(ann: HumanAnnotation, c: Claim, replaces: dict[str, str]) -> dict:
    before, after = _span_context(ann, c.claim_id, c.start, c.end)
    out: dict = {"claim_id": c.claim_id, "start": c.start, "end": c.end, "text": c.text, "before": before,
                 "after": after, "kind": c.kind}
    if c.cue_start is not None and c.cue_end is not None:
        cb, ca = _span_context(ann, cue_key(c.claim_id), c.cue_start, c.cue_end)
        out["cue"] = {"start": c.cue_start, "end": c.cue_end, "text": c.cue_text, "before": cb, "after": ca}
    else:
        out["cue"] = None
    out["claimant_mention_id"] = c.claimant_mention_id
    out["claimant_actor_id"] = c.claimant_actor_id
    out["target"] = c.target
    out.update(_prov(c.provenance))
    if c.claim_id in replaces:
        out["replaces"] = replaces[c.claim_id]
    return out


def _dump_stance(s: Stance, replaces: dict[str, str]) -> dict:
    out = {"stance_id": s.stance_id, "claim_id": s.claim_id, "actor_id": s.actor_id, "target": s.target,
           "label": s.label, **_prov(s.provenance)}
    if s.stance_id in replaces:
        out["replaces"] = replaces[s.stance_id]
    return out


_VERSION_KEYS = {"annotation_id", "annotator", "task_id", "updated_at", "ground_truth", "state", "stale",
                 "text_sha256", "model_version", "mentions", "claims", "stances"}


def _stand_in_article(article_id: str, path: Path) -> Article:
    return Article(article_id=article_id, source_file=str(path), text="", raw_sha256="")


def _load_version(article_id: str, raw: object, article: Article | None, path: Path) -> StoredAnnotation:
    if not isinstance(raw, dict):
        raise ValueError("a version must be a mapping")
    unknown = set(raw) - _VERSION_KEYS
    if unknown:
        raise ValueError(f"unknown key '{sorted(unknown)[0]}'")
    annotator = raw.get("annotator")
    if not isinstance(annotator, str) or not annotator:
        raise ValueError("'annotator' is missing")
    state = raw.get("state", "submitted")
    if state not in STATES:
        raise ValueError(f"unknown state {state!r} (one of {', '.join(STATES)})")
    text_sha = raw.get("text_sha256")
    if not isinstance(text_sha, str) or len(text_sha) != 64:
        raise ValueError("'text_sha256' must be a sha256 hex digest")
    base = {"source": "human", "annotator": annotator, "task_id": raw.get("task_id"),
            "annotation_id": raw.get("annotation_id"), "updated_at": _str_or_none(raw.get("updated_at"))}
    context: dict[str, tuple[str, str]] = {}
    replaces: dict[str, str] = {}
    mentions, claims, stances = [], [], []
    for j, m in enumerate(raw.get("mentions") or []):
        rec = _load_record(m, f"mentions[{j}]", base, context, replaces)
        mentions.append(_validated(ActorMention, {"article_id": article_id, **rec}, "mention_id", f"mentions[{j}]"))
    for j, c in enumerate(raw.get("claims") or []):
        c = dict(c) if isinstance(c, dict) else c
        cue = c.pop("cue", None) if isinstance(c, dict) else None
        rec = _load_record(c, f"claims[{j}]", base, context, replaces)
        if cue is not None:
            if not isinstance(cue, dict):
                raise ValueError(f"claims[{j}].cue must be a mapping or null")
            rec.update(cue_start=cue.get("start"), cue_end=cue.get("end"), cue_text=cue.get("text"))
        claim = _validated(Claim, {"article_id": article_id, **rec}, "claim_id", f"claims[{j}]")
        claims.append(claim)
        if cue is not None:
            context[cue_key(claim.claim_id)] = (str(cue.get("before") or ""), str(cue.get("after") or ""))
    for j, s in enumerate(raw.get("stances") or []):
        rec = _load_record(s, f"stances[{j}]", base, context, replaces, span=False)
        stances.append(_validated(Stance, {"article_id": article_id, **rec}, "stance_id", f"stances[{j}]"))
    doc_article = article if article is not None else _stand_in_article(article_id, path)
    stale = bool(raw.get("stale", False)) if article is None else article.text_sha256 != text_sha
    doc = Document(article=doc_article, mentions=mentions, claims=claims, stances=stances)
    return StoredAnnotation(
        annotator=annotator, document=doc, annotation_id=raw.get("annotation_id"), task_id=raw.get("task_id"),
        updated_at=base["updated_at"], ground_truth=bool(raw.get("ground_truth", False)), state=state, stale=stale,
        text_sha256=text_sha, context=context, replaces=replaces, model_version=raw.get("model_version"),
    )


def _str_or_none(value: object) -> str | None:
    return None if value is None else str(value)


def _load_record(raw: object, where: str, base: dict, context: dict, replaces: dict, span: bool = True) -> dict:
    if not isinstance(raw, dict):
        raise ValueError(f"{where} must be a mapping")
    rec = dict(raw)
    status = rec.pop("status", None)
    rule = rec.pop("rule", None)
    replaced = rec.pop("replaces", None)
    rec["provenance"] = {**base, "status": status, "rule": rule}
    if span:
        before, after = rec.pop("before", ""), rec.pop("after", "")
        key = rec.get("mention_id") or rec.get("claim_id")
        context[key] = (str(before or ""), str(after or ""))
    if status is None:
        raise ValueError(f"{where}: 'status' is missing")
    key = rec.get("mention_id") or rec.get("claim_id") or rec.get("stance_id")
    if replaced:
        replaces[key] = str(replaced)
    return rec


def _validated(model: type, data: dict, id_field: str, where: str):
    """Validate a record and check that its stored id is the hash of its content (ids are never invented)."""
    try:
        record = model.model_validate(data)
        expected = model.model_validate({k: v for k, v in data.items() if k != id_field})
    except ValidationError as exc:
        raise ValueError(f"{where}: {_one_line(exc)}") from None
    stored = getattr(record, id_field)
    if stored != getattr(expected, id_field):
        raise ValueError(
            f"{where}: {id_field} {stored} does not match its content (expected {getattr(expected, id_field)})"
        )
    return record


def text_sha256(text: str) -> str:
    """sha256 of a text as UTF-8 (the hash ``Article.text_sha256`` holds)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
