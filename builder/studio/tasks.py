"""Records ⇄ Label Studio tasks, without any I/O.

:func:`document_to_task` turns one article and its predicted records into one Label Studio task with one
prediction; :func:`annotation_to_human` turns an annotation (as the Label Studio API returns it) back into
schema records with provenance and review status.

How records map onto the interface of :mod:`builder.studio.interface`:

- an actor mention is a ``mention`` span labelled with its type; its actor id sits in the per-region ``actor_id``
  text area;
- a claim is a ``claim`` span labelled with its kind; its cue is a ``cue`` span linked by a relation claim → cue;
  its claimant is a relation claim → mention; its own target sits in the per-region ``target`` choices and the
  claimant's stance toward each target in the per-region ``stance_<target>`` choices (a stance is always the
  claimant's; several targets per claim are possible);
- region ids are the record ids (cues: ``cue_`` + the claim id's hash), so pushing the same records twice gives
  byte-identical tasks.

Offsets: Label Studio's ``<Text>`` tag stores ``start``/``end`` in Unicode code points, like Python. The
browser counts UTF-16 code units internally and converts (Label Studio's own end-to-end test
``web/libs/editor/tests/integration/e2e/ner/emoji.cy.ts`` checks that "test" in "🐱 Warning: This is a test text"
is saved as start 21, a code-point offset). We checked it on Label Studio 1.23.2 in headless Chromium: a region
drawn after three non-BMP characters was saved at its code-point offset, and pushed predictions were displayed
and re-saved unchanged (recorded in ``tests/studio/data/``). Older versions saved UTF-16 offsets;
:func:`annotation_to_human` therefore checks each region's offsets against its quoted ``text`` and converts from
UTF-16 when only that reading matches. :class:`Utf16Index` converts in both directions.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from builder.document import Document
from builder.errors import StudioError
from builder.store import StoredAnnotation, context_of, cue_key, text_sha256
from builder.studio import interface as ui
from schemas import ActorMention, Article, Claim, Provenance, Stance, actor_id_for

#: Label Studio annotation states as stored in ``HumanAnnotation.state``.
SUBMITTED, SKIPPED = "submitted", "skipped"


class TaskError(StudioError):
    """A task or annotation cannot be converted. The message names the task (and region)."""


# --- offsets -------------------------------------------------------------------------------------------------


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Index:
    """Converts offsets in one text between code points (Python) and UTF-16 code units (JavaScript).

    >>> ix = Utf16Index("a😀b")
    >>> ix.to_utf16(2), ix.to_codepoint(3)
    (3, 2)
    """

    __slots__ = ("_astral", "_astral_u16")

    def __init__(self, text: str) -> None:
        if text.isascii() or max(text) <= "\uffff":
            self._astral: list[int] = []
        else:
            self._astral = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 position of each astral character (each earlier astral one adds one code unit).
        self._astral_u16 = [cp + k for k, cp in enumerate(self._astral)]

    @property
    def trivial(self) -> bool:
        """True when both units agree everywhere (no character outside the Basic Multilingual Plane)."""
        return not self._astral

    def to_utf16(self, cp: int) -> int:
        """UTF-16 offset of code-point offset ``cp``."""
        return cp + bisect.bisect_left(self._astral, cp) if self._astral else cp

    def to_codepoint(self, u16: int) -> int:
        """Code-point offset of UTF-16 offset ``u16`` (an offset inside a surrogate pair rounds up)."""
        if not self._astral:
            return u16
        k = bisect.bisect_left(self._astral_u16, u16)
        if k and self._astral_u16[k - 1] + 1 == u16:  # between the two halves of a pair
            return self._astral[k - 1] + 1
        return u16 - k


# --- region ids and the task ---------------------------------------------------------------------------------


def cue_region_id(claim_id: str) -> str:
    """Region id of a claim's cue."""
    return "cue_" + claim_id.split("_", 1)[-1]


def _span_value(start: int, end: int, text: str, ix: Utf16Index | None = None, **extra: Any) -> dict:
    if ix is not None:
        start, end = ix.to_utf16(start), ix.to_utf16(end)
    return {"start": start, "end": end, "text": text, **extra}


def task_data(article: Article) -> dict:
    """The ``data`` of an article's task: text, ids, hash and what the annotator needs to see."""
    return {
        "text": article.text,
        "article_id": article.article_id,
        "text_sha256": article.text_sha256,
        "title": article.title or "",
        "source_file": article.source_file,
    }


def prediction_result(doc: Document, *, utf16: bool = False, warnings: list[str] | None = None) -> list[dict]:
    """The prediction ``result`` list of one document (regions, per-region fields, relations).

    Args:
        doc: The article and its predicted records.
        utf16: Write offsets as UTF-16 code units (only for old Label Studio versions; see the module doc).
        warnings: Receives one line per record the interface cannot show (a stance without a claim or held by
            someone other than the claimant, a second stance toward one target on one claim, a claimant mention
            that is not in the document).
    """
    ix = Utf16Index(doc.article.text) if utf16 else None
    T = ui.TEXT
    result: list[dict] = []
    relations: list[dict] = []
    mention_ids = set()
    for m in doc.mentions:
        mention_ids.add(m.mention_id)
        region = {"id": m.mention_id, "from_name": ui.MENTION, "to_name": T, "type": "labels",
                  "value": _span_value(m.start, m.end, m.text, ix, labels=[m.type])}
        if m.provenance.score is not None:
            region["score"] = m.provenance.score
        result.append(region)
        result.append({"id": m.mention_id, "from_name": ui.ACTOR_ID, "to_name": T, "type": "textarea",
                       "value": {**_span_value(m.start, m.end, m.text, ix), "text": [m.actor_id]}})
    stances_by_claim: dict[str, list[Stance]] = {}
    for s in doc.stances:
        stances_by_claim.setdefault(s.claim_id or "", []).append(s)
    claims_by_id = {c.claim_id: c for c in doc.claims}
    for key, group in stances_by_claim.items():
        if key not in claims_by_id:
            for s in group:
                _warn(warnings, f"{doc.article_id}: stance {s.stance_id} rests on no claim in the task; not shown")
    for c in doc.claims:
        region = {"id": c.claim_id, "from_name": ui.CLAIM, "to_name": T, "type": "labels",
                  "value": _span_value(c.start, c.end, c.text, ix, labels=[c.kind])}
        if c.provenance.score is not None:
            region["score"] = c.provenance.score
        result.append(region)
        if c.target:
            result.append({"id": c.claim_id, "from_name": ui.TARGET, "to_name": T, "type": "choices",
                           "value": _span_value(c.start, c.end, c.text, ix, choices=[c.target])})
        shown: set[str] = set()
        for stance in stances_by_claim.get(c.claim_id, []):
            if stance.target in shown:
                _warn(warnings, f"{doc.article_id}: stance {stance.stance_id} is a second stance toward "
                                f"{stance.target} on claim {c.claim_id}; not shown")
                continue
            if stance.actor_id != c.claimant_actor_id:
                _warn(warnings, f"{doc.article_id}: stance {stance.stance_id} is held by {stance.actor_id}, not by "
                                f"the claimant of claim {c.claim_id}; not shown")
                continue
            shown.add(stance.target)
            result.append({"id": c.claim_id, "from_name": ui.stance_control(stance.target), "to_name": T,
                           "type": "choices",
                           "value": _span_value(c.start, c.end, c.text, ix, choices=[stance.label])})
        if c.cue_start is not None and c.cue_end is not None and c.cue_text is not None:
            cue_id = cue_region_id(c.claim_id)
            result.append({"id": cue_id, "from_name": ui.CUE, "to_name": T, "type": "labels",
                           "value": _span_value(c.cue_start, c.cue_end, c.cue_text, ix, labels=[ui.CUE])})
            relations.append({"from_id": c.claim_id, "to_id": cue_id, "type": "relation", "direction": "right",
                              "labels": [ui.CUE_RELATION]})
        if c.claimant_mention_id and c.claimant_mention_id in mention_ids:
            relations.append({"from_id": c.claim_id, "to_id": c.claimant_mention_id, "type": "relation",
                              "direction": "right", "labels": [ui.CLAIMANT]})
        else:
            if c.claimant_mention_id:
                _warn(warnings, f"{doc.article_id}: claim {c.claim_id} names claimant mention "
                                f"{c.claimant_mention_id}, which is not in the document; its actor id is shown")
            if c.claimant_actor_id:
                result.append({"id": c.claim_id, "from_name": ui.CLAIMANT_ID, "to_name": T, "type": "textarea",
                               "value": {**_span_value(c.start, c.end, c.text, ix), "text": [c.claimant_actor_id]}})
    return result + relations


def document_to_task(
    doc: Document,
    model_version: str,
    *,
    validate: bool = True,
    utf16: bool = False,
    warnings: list[str] | None = None,
) -> dict:
    """One Label Studio task for one article: its text and ids as ``data``, its records as one prediction.

    Args:
        doc: The article and its predicted records.
        model_version: The rules' version, stored as the prediction's ``model_version``.
        validate: Check the prediction against the interface with the SDK's ``LabelInterface``.
        utf16: See :func:`prediction_result`.
        warnings: See :func:`prediction_result`.

    Returns:
        ``{"data": {...}, "predictions": [{"model_version", "score", "result"}]}`` — the same records always
        give the same dict.

    Raises:
        TaskError: naming the article, when the prediction does not fit the interface.
    """
    result = prediction_result(doc, utf16=utf16, warnings=warnings)
    scores = [r.provenance.score for r in (*doc.mentions, *doc.claims) if r.provenance.score is not None]
    prediction = {"model_version": model_version, "score": round(sum(scores) / len(scores), 4) if scores else 0.0,
                  "result": result}
    task = {"data": task_data(doc.article), "predictions": [prediction]}
    if validate:
        errors = validate_prediction(prediction, doc.article.text)
        if errors:
            raise TaskError(f"{doc.article_id}: prediction does not fit the labeling interface: {errors[0]}")
    return task


def _shape(region: dict) -> tuple:
    """What the SDK's region check depends on: names, type, the value's keys, labels or choices, value types."""
    value = region.get("value")
    head = (region.get("from_name"), region.get("to_name"), region.get("type"))
    if type(value) is not dict:
        return (*head, repr(value))
    labels = value.get("labels", value.get("choices"))
    text = value.get("text")
    return (*head, tuple(value), tuple(labels) if type(labels) is list else repr(labels),
            type(value.get("start")), type(value.get("end")),
            tuple(map(type, text)) if type(text) is list else type(text))


_SHAPES: dict[tuple, tuple[str, ...]] = {}


def validate_prediction(prediction: dict, text: str | None = None, config: str | None = None) -> list[str]:
    """Problems of one prediction (or annotation) against the interface; an empty list when it fits.

    Every region goes through the SDK's ``LabelInterface.validate_region`` (control and object names, region
    type, value structure, label and choice values). The SDK's verdict depends only on a region's *shape*
    (names, type, value keys, labels, value types), so it is computed once per shape and reused — this keeps
    5,000 tasks well under a second. Relations are checked as the SDK does (type, direction, both ends exist).
    With ``text``, every span must also lie inside the text and quote it.
    """
    config = config if config is not None else ui.label_config()
    li = ui.label_interface(config)
    errors: list[str] = []
    if prediction.get("score") is not None:
        errors += li.validate_prediction({"result": [], "score": prediction["score"]}, return_errors=True)
    result = prediction.get("result")
    if not isinstance(result, list):
        return errors + ["'result' must be a list"]
    ids: dict[str, str] = {}
    relations = []
    for i, region in enumerate(result):
        if not isinstance(region, dict):
            errors.append(f"Region {i}: not an object")
            continue
        if region.get("type") == "relation":
            relations.append((i, region))
            continue
        key = (config, _shape(region))
        verdict = _SHAPES.get(key)
        if verdict is None:
            verdict = _SHAPES[key] = tuple(
                li.validate_region(region, return_errors=True, context={"result": [region], "region": region}))
        errors += [e.replace("Region 0:", f"Region {i}:", 1) for e in verdict]
        if not verdict and region.get("id"):
            ids.setdefault(region["id"], region.get("from_name"))
        if text is not None and region.get("from_name") in (ui.MENTION, ui.CLAIM, ui.CUE):
            v = region.get("value", {})
            s, e = v.get("start"), v.get("end")
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
                errors.append(f"Region {i} ({region.get('id')}): span [{s}, {e}) lies outside the text")
            elif text[s:e] != v.get("text"):
                errors.append(f"Region {i} ({region.get('id')}): span [{s}, {e}) reads {text[s:e]!r}, "
                              f"not {v.get('text')!r}")
    for i, rel in relations:
        if rel.get("direction") not in ("left", "right", "bi"):
            errors.append(f"Relation {i}: direction must be left, right or bi, got {rel.get('direction')!r}")
        ends = {ids.get(rel.get("from_id")), ids.get(rel.get("to_id"))}
        for end in ("from_id", "to_id"):
            if rel.get(end) not in ids:
                errors.append(f"Relation {i}: '{end}' {rel.get(end)!r} not found in regions")
        if None not in ends and (ui.CLAIM not in ends or not ends & {ui.MENTION, ui.CUE}):
            errors.append(f"Relation {i}: {rel.get('from_id')} → {rel.get('to_id')} does not join a claim to a "
                          "mention or cue")
    return errors


def task_fingerprint(task: dict) -> str:
    """sha256 of a task's data and prediction results: equal fingerprints mean nothing to push."""
    payload = {"data": task.get("data"),
               "predictions": [{"model_version": p.get("model_version"), "result": p.get("result")}
                               for p in task.get("predictions", []) if isinstance(p, dict)]}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


# --- annotation → records ------------------------------------------------------------------------------------


@dataclass
class _Span:
    rid: str
    start: int
    end: int
    label: str
    score: float | None = None


@dataclass
class _Decoded:
    """One result list read into units: mentions and claims by region id, with their per-region fields."""

    mentions: dict[str, _Span] = field(default_factory=dict)
    claims: dict[str, _Span] = field(default_factory=dict)
    cues: dict[str, _Span] = field(default_factory=dict)
    actor_ids: dict[str, str] = field(default_factory=dict)  # mention rid → actor id typed in
    claimant_ids: dict[str, str] = field(default_factory=dict)  # claim rid → claimant actor id typed in
    targets: dict[str, str] = field(default_factory=dict)
    stances: dict[str, dict[str, str]] = field(default_factory=dict)  # claim rid → target → label
    claimant: dict[str, str] = field(default_factory=dict)  # claim rid → mention rid
    cue_of: dict[str, str] = field(default_factory=dict)  # claim rid → cue rid


def _warn(warnings: list[str] | None, line: str) -> None:
    if warnings is not None:
        warnings.append(line)


def _resolve_span(text: str, ix: Utf16Index, value: dict, where: str, warnings: list[str] | None
                  ) -> tuple[int, int] | None:
    """Code-point offsets of a region: as given when they quote the region's text, else read as UTF-16."""
    start, end = value.get("start"), value.get("end")
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError):
        _warn(warnings, f"{where}: offsets {start!r}, {end!r} are not numbers; region ignored")
        return None
    quoted = value.get("text")
    if isinstance(quoted, str):
        if 0 <= start < end <= len(text) and text[start:end] == quoted:
            return start, end
        candidates = [(start, end)]
        if not ix.trivial:
            candidates.append((ix.to_codepoint(start), ix.to_codepoint(end)))
        variants = (quoted, quoted.replace("\\n", "\n"))
        for s, e in candidates:
            if 0 <= s < e <= len(text) and text[s:e] in variants:
                return s, e
        if 0 <= start < end <= len(text):
            _warn(warnings, f"{where}: offsets [{start}, {end}) do not quote {quoted!r}; the offsets are kept")
    if not 0 <= start < end <= len(text):
        _warn(warnings, f"{where}: span [{start}, {end}) lies outside the text; region ignored")
        return None
    return start, end


def _decode(text: str, ix: Utf16Index, result: Iterable[dict], where: str, warnings: list[str] | None
            ) -> _Decoded:
    out = _Decoded()
    spans = {ui.MENTION: out.mentions, ui.CLAIM: out.claims, ui.CUE: out.cues}
    relations = []
    for i, r in enumerate(result or []):
        if not isinstance(r, dict):
            _warn(warnings, f"{where}: result item {i} is not an object; ignored")
            continue
        if r.get("type") == "relation":
            relations.append(r)
            continue
        rid, name, value = r.get("id"), r.get("from_name"), r.get("value") or {}
        if not rid:
            _warn(warnings, f"{where}: result item {i} ({name}) has no id; ignored")
            continue
        if name in spans:
            labels = value.get("labels") or []
            if not labels:
                _warn(warnings, f"{where} region {rid}: {name} region without a label; ignored")
                continue
            if len(labels) > 1:
                _warn(warnings, f"{where} region {rid}: several labels {labels}; the first is used")
            span = _resolve_span(text, ix, value, f"{where} region {rid}", warnings)
            if span is not None:
                spans[name][rid] = _Span(rid, span[0], span[1], labels[0], r.get("score"))
        elif name == ui.ACTOR_ID or name == ui.CLAIMANT_ID:
            texts = [t.strip() for t in value.get("text") or [] if isinstance(t, str) and t.strip()]
            if texts:
                (out.actor_ids if name == ui.ACTOR_ID else out.claimant_ids)[rid] = texts[-1]
        elif name == ui.TARGET:
            choices = value.get("choices") or []
            if choices:
                out.targets[rid] = choices[0]
        elif isinstance(name, str) and ui.stance_target(name):
            choices = value.get("choices") or []
            if choices:
                out.stances.setdefault(rid, {})[ui.stance_target(name)] = choices[0]
        else:
            _warn(warnings, f"{where} region {rid}: unknown control {name!r}; ignored")
    for rel in relations:
        a, b = rel.get("from_id"), rel.get("to_id")
        claim, other = (a, b) if a in out.claims else (b, a)
        here = f"{where} relation {a} → {b}"
        if claim not in out.claims:
            _warn(warnings, f"{here}: joins no claim; ignored")
        elif other in out.mentions:
            if claim in out.claimant and out.claimant[claim] != other:
                _warn(warnings, f"{here}: claim {claim} has a second claimant; the first is kept")
            else:
                out.claimant[claim] = other
        elif other in out.cues:
            if claim in out.cue_of and out.cue_of[claim] != other:
                _warn(warnings, f"{here}: claim {claim} has a second cue; the first is kept")
            else:
                out.cue_of[claim] = other
        else:
            _warn(warnings, f"{here}: joins a claim to neither a mention nor a cue; ignored")
    linked = set(out.cue_of.values())
    for cue_rid, cue in out.cues.items():
        if cue_rid in linked:
            continue
        # A cue drawn without a relation: give it to the nearest claim that has none.
        free = [c for c in out.claims.values() if c.rid not in out.cue_of]
        if not free:
            _warn(warnings, f"{where} region {cue_rid}: cue linked to no claim; ignored")
            continue
        nearest = min(free, key=lambda c: (max(c.start - cue.end, cue.start - c.end, 0), c.start))
        out.cue_of[nearest.rid] = cue_rid
        _warn(warnings, f"{where} region {cue_rid}: cue without a relation; given to the nearest claim {nearest.rid}")
    return out


class _Side:
    """The records of one result list (the prediction, or the annotation), with content keys to compare them.

    Ids come from the schemas' own id validators, so a record is only built once, with its final provenance.
    """

    def __init__(self, dec: _Decoded, text: str, article_id: str, where: str, warnings: list[str] | None):
        self.dec, self.text, self.article_id, self.where, self.warnings = dec, text, article_id, where, warnings
        self.built: dict[tuple, str | None] = {}  # memoised record ids
        self.renames: dict[str, str] = {}  # mention region id → the id its mention has in the other side

    # content keys: equal keys mean the annotator left the unit as predicted
    def actor(self, rid: str) -> str:
        m = self.dec.mentions[rid]
        return self.dec.actor_ids.get(rid) or actor_id_for(self.text[m.start:m.end])

    def mention_key(self, rid: str | None) -> tuple | None:
        m = self.dec.mentions.get(rid or "")
        return None if m is None else (m.start, m.end, m.label, self.actor(m.rid))

    def claimant_actor(self, rid: str) -> str | None:
        """The claim's claimant: the linked mention's actor, else the actor id typed in for the claim."""
        mention = self.dec.claimant.get(rid)
        if mention is not None and mention in self.dec.mentions:
            return self.actor(mention)
        return self.dec.claimant_ids.get(rid)

    def claim_key(self, rid: str) -> tuple:
        c, dec = self.dec.claims[rid], self.dec
        cue = dec.cues.get(dec.cue_of.get(rid, ""))
        return (c.start, c.end, c.label, None if cue is None else (cue.start, cue.end),
                self.mention_key(dec.claimant.get(rid)), self.claimant_actor(rid), dec.targets.get(rid))

    def stance_key(self, rid: str, target: str) -> tuple | None:
        label = self.dec.stances.get(rid, {}).get(target)
        return None if label is None else (label, self.claimant_actor(rid))

    # ids
    def mention_id(self, rid: str) -> str:
        key = ("m", rid)
        if key not in self.built:
            m = self.dec.mentions[rid]
            self.built[key] = ActorMention._fill_id({"article_id": self.article_id, "start": m.start, "end": m.end,
                                                     "type": m.label})["mention_id"]
        return self.built[key]

    def claim_id(self, rid: str) -> str:
        key = ("c", rid)
        if key not in self.built:
            c = self.dec.claims[rid]
            self.built[key] = Claim._fill_id({"article_id": self.article_id, "start": c.start, "end": c.end,
                                              "kind": c.label})["claim_id"]
        return self.built[key]

    def stance_id(self, rid: str, target: str, claim_id: str | None = None) -> str | None:
        memo = ("s", rid, target, claim_id)
        if memo not in self.built:
            key = self.stance_key(rid, target)
            self.built[memo] = None if key is None or key[1] is None else Stance._fill_id(
                {"article_id": self.article_id, "claim_id": claim_id or self.claim_id(rid), "actor_id": key[1],
                 "target": target})["stance_id"]
        return self.built[memo]

    # records
    def _fail(self, rid: str, exc: Exception, what: str = "region ignored") -> None:
        _warn(self.warnings, f"{self.where} region {rid}: {_first_line(exc)}; {what}")

    def mention(self, rid: str, prov: Provenance) -> ActorMention | None:
        m, text = self.dec.mentions[rid], self.text
        try:
            return ActorMention(mention_id=self.mention_id(rid), article_id=self.article_id, start=m.start, end=m.end, text=text[m.start:m.end],
                                actor_id=self.actor(rid), type=m.label, provenance=prov)
        except ValueError as exc:
            self._fail(rid, exc)
            return None

    def claim(self, rid: str, prov: Provenance) -> Claim | None:
        c, dec, text = self.dec.claims[rid], self.dec, self.text
        data: dict[str, Any] = {"claim_id": self.claim_id(rid), "article_id": self.article_id, "start": c.start, "end": c.end,
                                "text": text[c.start:c.end], "kind": c.label, "provenance": prov,
                                "target": dec.targets.get(rid)}
        cue = dec.cues.get(dec.cue_of.get(rid, ""))
        if cue is not None:
            data.update(cue_start=cue.start, cue_end=cue.end, cue_text=text[cue.start:cue.end])
        claimant = dec.claimant.get(rid)
        if claimant is not None:
            data["claimant_mention_id"] = self.renames.get(claimant) or self.mention_id(claimant)
        data["claimant_actor_id"] = self.claimant_actor(rid)
        try:
            return Claim(**data)
        except ValueError as exc:
            self._fail(rid, exc)
            return None

    def stance(self, rid: str, target: str, claim: Claim, prov: Provenance, claim_id: str | None = None
               ) -> Stance | None:
        label = self.dec.stances.get(rid, {}).get(target)
        if label is None:
            return None
        if claim.claimant_actor_id is None:
            _warn(self.warnings, f"{self.where} region {rid}: stance {label!r} toward {target} on a claim without a "
                                 "claimant; no stance record made")
            return None
        try:
            return Stance(stance_id=self.stance_id(rid, target, claim_id) or "", article_id=self.article_id,
                          actor_id=claim.claimant_actor_id, target=target, label=label,
                          claim_id=claim_id or claim.claim_id, provenance=prov)
        except ValueError as exc:
            self._fail(rid, exc, "no stance record made")
            return None


def _match(mine: dict[str, _Span], theirs: dict[str, _Span]) -> dict[str, str]:
    """Annotation region id → prediction region id: the same id, else the same span (each used once)."""
    matched = {rid: rid for rid in mine if rid in theirs}
    used = set(matched.values())
    by_span = {(p.start, p.end): rid for rid, p in theirs.items() if rid not in mine}
    for rid, unit in mine.items():
        if rid in matched:
            continue
        other = by_span.get((unit.start, unit.end))
        if other is not None and other not in used:
            matched[rid] = other
            used.add(other)
    return matched


def _first_line(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        try:
            err = errors()[0]
            return f"{'.'.join(str(p) for p in err['loc']) or 'record'}: {err['msg']}"
        except Exception:  # pragma: no cover - defensive
            pass
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def annotator_name(completed_by: Any) -> str:
    """The annotator's name: the e-mail when Label Studio gives one, else ``user:<id>``."""
    if isinstance(completed_by, dict):
        for key in ("email", "username"):
            if completed_by.get(key):
                return str(completed_by[key])
        if completed_by.get("id") is not None:
            return f"user:{completed_by['id']}"
    elif completed_by not in (None, ""):
        return f"user:{completed_by}"
    return "unknown"


def _prediction_of(task: dict, annotation: dict) -> dict | None:
    preds = [p for p in task.get("predictions") or [] if isinstance(p, dict) and isinstance(p.get("result"), list)]
    if not preds:
        return None
    parent = annotation.get("parent_prediction")
    for p in preds:
        if parent is not None and p.get("id") == parent:
            return p
    return max(preds, key=lambda p: (str(p.get("created_at") or ""), p.get("id") or 0))


def _article_for(task: dict, text: str, article: Article | None) -> Article:
    data = task.get("data") or {}
    if article is not None:
        return article
    return Article(article_id=str(data.get("article_id")), source_file=str(data.get("source_file") or
                   f"label-studio task {task.get('id')}"), title=data.get("title") or None, text=text,
                   raw_sha256="")


def annotation_to_human(
    task: dict,
    annotation: dict,
    article: Article | None = None,
    *,
    predicted: Document | None = None,
    warnings: list[str] | None = None,
) -> StoredAnnotation:
    """One annotator's version of one task as schema records with provenance and review status.

    Statuses are set against the prediction the annotator started from (the task's prediction named by the
    annotation's ``parent_prediction``, else its latest; ``predicted`` is used when the task carries none):
    a region equal to a predicted one is ``accepted``, a predicted region that was changed is ``corrected``
    (:attr:`StoredAnnotation.replaces` maps it to the predicted record), a region no prediction had is ``added``,
    and a predicted record the annotator deleted is kept with status ``rejected``. Regions are matched by id,
    then by span. A skipped task (``was_cancelled``) gives state ``skipped``.

    Args:
        task: The task as the API returns it (``id``, ``data`` with ``text`` and ``article_id``, ``predictions``).
        annotation: One annotation as the API returns it (``id``, ``result``, ``completed_by``, ``updated_at``,
            ``ground_truth``, ``was_cancelled``, ``parent_prediction``); ``completed_by`` may be a user object.
        article: The article as currently built; when its text differs from the task's, the result is ``stale``.
        predicted: The current predicted records; gives rule names to accepted, corrected and rejected records.
        warnings: Receives one line (naming task and region) per region that could not be used as given.

    Raises:
        TaskError: naming the task, when it has no text or article id.
    """
    data = task.get("data") or {}
    text, article_id = data.get("text"), data.get("article_id")
    task_id = task.get("id")
    where = f"task {task_id} annotation {annotation.get('id')}"
    if not isinstance(text, str) or not article_id:
        raise TaskError(f"{where}: the task has no text or article_id in its data")
    if article is not None and article.article_id != article_id:
        raise TaskError(f"{where}: task is for article {article_id}, not {article.article_id}")
    annotator = annotator_name(annotation.get("completed_by"))
    updated = annotation.get("updated_at") or annotation.get("created_at")
    # The API gives ISO 8601 text; the SDK's models give datetimes: store ISO 8601 either way.
    updated_at = None if updated is None else updated.isoformat() if hasattr(updated, "isoformat") else str(updated)
    prediction = _prediction_of(task, annotation)
    if prediction is not None:
        pred_result, model_version = prediction["result"], prediction.get("model_version")
    elif predicted is not None and predicted.article.text == text:
        pred_result, model_version = prediction_result(predicted), None
    else:
        pred_result, model_version = [], None
    ix = Utf16Index(text)
    pred = _Side(_decode(text, ix, pred_result, f"{where} prediction", warnings), text, article_id,
                 f"{where} prediction", warnings)
    ann = _Side(_decode(text, ix, annotation.get("result") or [], where, warnings), text, article_id, where,
                warnings)
    rules = _rules(predicted)
    provs: dict[tuple, Provenance] = {}

    def prov(status: str, rule: str | None) -> Provenance:
        key = (status, rule)
        if key not in provs:
            provs[key] = Provenance(source="human", annotator=annotator, task_id=task_id,
                                    annotation_id=annotation.get("id"), updated_at=updated_at, status=status,
                                    rule=rule)
        return provs[key]

    replaces: dict[str, str] = {}
    mentions: list[ActorMention] = []
    claims: list[Claim] = []
    stances: list[Stance] = []

    def settle(matched: bool, same: bool, own_id: str | None, pred_id) -> Provenance:
        """The provenance of an annotator's record: added, or accepted/corrected against its prediction.

        ``pred_id`` is the predicted record's id, or a function giving it (only called when needed: an
        unchanged mention or claim has the same content, hence the same id).
        """
        if not matched:
            return prov("added", None)
        if callable(pred_id):
            pred_id = own_id if same else pred_id()
        if pred_id is not None and own_id is not None and pred_id != own_id:
            replaces[own_id] = pred_id
        return prov("accepted" if same else "corrected", rules.get(pred_id))

    m_match = _match(ann.dec.mentions, pred.dec.mentions)
    for rid in ann.dec.mentions:
        prid = m_match.get(rid)
        record = ann.mention(rid, settle(
            prid is not None, prid is not None and ann.mention_key(rid) == pred.mention_key(prid),
            ann.mention_id(rid), lambda: pred.mention_id(prid)))
        if record is not None:
            mentions.append(record)
            if prid is not None:  # rejected predicted claims then point at the reviewed mention
                pred.renames[prid] = record.mention_id
    c_match = _match(ann.dec.claims, pred.dec.claims)
    reviewed: dict[str, Claim] = {}  # prediction region id → the annotator's claim
    for rid in ann.dec.claims:
        prid = c_match.get(rid)
        record = ann.claim(rid, settle(
            prid is not None, prid is not None and ann.claim_key(rid) == pred.claim_key(prid),
            ann.claim_id(rid), lambda: pred.claim_id(prid)))
        if record is None:
            continue
        claims.append(record)
        if prid is not None:
            reviewed[prid] = record
        predicted_targets = pred.dec.stances.get(prid, {}) if prid is not None else {}
        for target in ann.dec.stances.get(rid, {}):
            matched = target in predicted_targets
            stance = ann.stance(rid, target, record, settle(
                matched, matched and ann.stance_key(rid, target) == pred.stance_key(prid, target),
                ann.stance_id(rid, target), matched and pred.stance_id(prid, target) or None))
            if stance is not None:
                stances.append(stance)
    # Predicted records the annotator deleted: kept, with status 'rejected'.
    matched_mentions = set(m_match.values())
    for prid in pred.dec.mentions:
        if prid not in matched_mentions:
            record = pred.mention(prid, prov("rejected", rules.get(pred.mention_id(prid))))
            if record is not None:
                mentions.append(record)
    kept_targets = {c_match[rid]: set(ann.dec.stances.get(rid, {})) for rid in c_match}
    for prid in pred.dec.claims:
        claim = reviewed.get(prid)
        if prid not in kept_targets:
            claim = pred.claim(prid, prov("rejected", rules.get(pred.claim_id(prid))))
            if claim is not None:
                claims.append(claim)
        for target in pred.dec.stances.get(prid, {}):
            if target in kept_targets.get(prid, ()) or claim is None:
                continue
            # The stance as predicted (its holder is the predicted claimant), resting on the claim now in the data.
            base = pred.claim(prid, prov("rejected", None)) if prid in reviewed else claim
            sid = pred.stance_id(prid, target)
            stance = None if base is None else pred.stance(prid, target, base, prov("rejected", rules.get(sid)),
                                                           claim_id=claim.claim_id)
            if stance is not None:
                stances.append(stance)
    context: dict[str, tuple[str, str]] = {}
    for m in mentions:
        context[m.mention_id] = context_of(text, m.start, m.end)
    for c in claims:
        context[c.claim_id] = context_of(text, c.start, c.end)
        if c.cue_start is not None and c.cue_end is not None:
            context[cue_key(c.claim_id)] = context_of(text, c.cue_start, c.cue_end)
    seen = text_sha256(text)
    doc = Document(article=_article_for(task, text, article), mentions=mentions, claims=claims, stances=stances)
    state = SKIPPED if annotation.get("was_cancelled") else SUBMITTED
    return StoredAnnotation(
        annotator=annotator, document=doc, annotation_id=annotation.get("id"), task_id=task_id,
        updated_at=updated_at, ground_truth=bool(annotation.get("ground_truth")), state=state,
        stale=article is not None and article.text_sha256 != seen, text_sha256=seen, context=context,
        replaces=replaces, model_version=model_version,
    )


def _rules(predicted: Document | None) -> dict[str | None, str | None]:
    if predicted is None:
        return {}
    rules: dict[str | None, str | None] = {m.mention_id: m.provenance.rule for m in predicted.mentions}
    rules.update({c.claim_id: c.provenance.rule for c in predicted.claims})
    rules.update({s.stance_id: s.provenance.rule for s in predicted.stances})
    return rules
