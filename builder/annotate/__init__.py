"""Pre-annotation: labeling functions that suggest actor mentions, claims, claimants and stances.

Layers run in order over one cleaned, sentence-split article:

1. **mention** functions (``actors.py``) find actors; :func:`builder.annotate.actors.resolve_mentions` merges
   them and links short mentions to full ones (coreference);
2. **claim** functions (``claims.py``) find quotes, indirect speech, attributed reports and check-worthy
   assertions, and resolve each claimant to a mention (also "sagte er" across a sentence boundary);
3. **stance** functions (``stances.py``) label the claimant's stance toward a configured target.

Public entry points: :func:`annotate` (records), :func:`apply_functions` (every function's raw candidates,
before merging — for rule analysis), :func:`warm_up` (load every lexicon once, e.g. before forking workers),
:data:`LABELING_FUNCTIONS`, :func:`get_function`, :data:`RULES_VERSION`.
"""

from __future__ import annotations

import gc
import inspect
import operator
import typing
from collections import Counter

from builder.annotate import actors, claims, stances  # noqa: F401  (importing registers the functions)
from builder.annotate.context import Context
from builder.annotate.registry import LABELING_FUNCTIONS, Candidate, LabelingFunction, UnknownRuleError, by_layer
from builder.annotate.registry import get as get_function
from builder.document import Document
from schemas import Actor, ActorMention, ActorType, Article, Claim, ClaimKind, Stance, StanceLabel, predicted
from schemas.actor import mention_id_for
from schemas.base import construct_record as _construct
from schemas.claim import claim_id_for
from schemas.stance import stance_id_for

#: Version of the rule set as a whole; Label Studio predictions carry it as ``model_version``.
RULES_VERSION = "rules-1.2.0"

__all__ = ["LABELING_FUNCTIONS", "RULES_VERSION", "Candidate", "LabelingFunction", "UnknownRuleError",
           "annotate", "apply_functions", "get_function", "warm_up"]


def _call(lf: LabelingFunction, ctx: Context, failures: Counter | None) -> list[Candidate]:
    """Run one function (its ``func`` directly, as :meth:`LabelingFunction.__call__` does: one call fewer); with
    ``failures`` given, an exception is counted under its rule instead of raised."""
    if failures is None:
        return list(lf.func(ctx))
    try:
        return list(lf.func(ctx))
    except Exception:  # noqa: BLE001  (fault-tolerant mode: count and go on, snorkel-style)
        failures[lf.rule] += 1
        return []


_LAYER_ORDER = {"mention": 0, "claim": 1, "stance": 2}
_FIRST = operator.itemgetter(0)


def _run(article: Article, failures: Counter | None = None, ordered: bool = True) -> tuple[Context, list[Candidate]]:
    """Every labeling function over one article: the context (merged mentions and claims in its cache) and the raw
    candidates, ordered by layer, then offset (``ordered=False``: in the order the functions ran)."""
    ctx = Context.of(article)
    raw: list[Candidate] = []
    mention_fns = by_layer("mention")
    for lf in mention_fns:
        if lf.name not in actors.COREFERENCE:
            raw.extend(_call(lf, ctx, failures))
    ctx.cache["mentions"] = actors.resolve_mentions(ctx, raw)
    for lf in mention_fns:  # the coreference functions, after the merge (by name, not dataclass equality)
        if lf.name in actors.COREFERENCE:
            raw.extend(_call(lf, ctx, failures))
    # claimants of unattributed quotes and "demnach" come from the claims before them: a first pass lays the
    # trail of speakers, a second pass of the functions that read the trail (``reads_trail``) uses it; the
    # other functions' output does not depend on the trail, so their first-pass output is kept
    by_span = claims.mentions_by_span(ctx)
    scratch = Counter() if failures is not None else None  # a trail reader's failure is counted once, in pass 2
    claim_fns = by_layer("claim")
    first_out = [_call(lf, ctx, scratch if lf.reads_trail else failures) for lf in claim_fns]
    first = [c for out in first_out for c in out]
    ctx.cache["first_claims"] = first
    ctx.cache["speaker_trail"] = sorted(
        ((c.start, by_span[c.data["claimant"]]) for c in first if c.data.get("claimant") in by_span),
        key=_FIRST)
    claim_raw: list[Candidate] = []
    for lf, out in zip(claim_fns, first_out):
        claim_raw.extend(_call(lf, ctx, failures) if lf.reads_trail else out)
    raw.extend(claim_raw)
    ctx.cache["claims"] = claims.resolve_claims(ctx, claim_raw)
    for lf in by_layer("stance"):
        raw.extend(_call(lf, ctx, failures))
    if ordered:
        raw.sort(key=lambda c: (_LAYER_ORDER[c.layer], c.start, c.end, c.rule))
    return ctx, raw


def apply_functions(article: Article, failures: Counter | None = None) -> list[Candidate]:
    """Every labeling function's raw output on one article, before merging and resolution.

    Claim functions see the merged mentions (they need claimants), so their raw output is conditional on the
    mention layer; stance functions see the merged claims. Candidates come ordered by layer, then offset.

    Args:
        article: A cleaned, sentence-split article.
        failures: Fault-tolerant mode: when given, a function that raises is counted here under its
            ``name@version`` and contributes nothing, instead of the exception ending the run.
    """
    return _run(article, failures)[1]


def annotate(article: Article) -> Document:
    """Run every labeling function over one article and return the merged, predicted records (ordered by offset)."""
    ctx, raw = _run(article, ordered=False)
    # only the stance candidates are read here, in the order apply_functions gives them (stable sort, same key)
    stance_cands = sorted((c for c in raw if c.layer == "stance"), key=_STANCE_ORDER)
    return _records(article, ctx.cache["mentions"], ctx.cache["claims"], stance_cands)


_STANCE_ORDER = operator.attrgetter("start", "end", "rule")


def _records(article: Article, mentions: list[actors.Resolved], resolved_claims: list[claims.ResolvedClaim],
             stance_cands: list[Candidate]) -> Document:
    """The document of the predicted records of one article's merged mentions, resolved claims and stance
    candidates (ordered by offset)."""
    aid = article.article_id
    text = article.text
    mention_records = []
    mention_ids: dict[tuple[int, int], str] = {}
    seen: dict[str, dict] = {}  # actor id -> the Actor's fields, made records at the end
    known = actors.known().actors
    for r in mentions:
        m = _mention(aid, r)
        mention_records.append(m)
        mention_ids[(r.start, r.end)] = m.mention_id
        actor = seen.get(r.actor_id)
        if actor is None:
            ka = known.get(r.actor_id)
            actor = seen[r.actor_id] = {"actor_id": r.actor_id, "name": ka.name if ka else r.name,
                                        "type": ka.type if ka else r.type, "aliases": [],
                                        "wikidata": ka.wikidata if ka else None}
        if r.text != actor["name"] and r.text not in actor["aliases"]:
            actor["aliases"].append(r.text)
    stance_by_claim: dict[tuple[int, int], list[Candidate]] = {}
    for cand in stance_cands:
        stance_by_claim.setdefault(cand.data["claim_key"], []).append(cand)
    claim_records = []
    stance_records = []
    for c in resolved_claims:
        claimant_id = c.claimant_actor_id
        if claimant_id and claimant_id not in seen:
            # the outlet as claimant of the article's own assertions
            seen[claimant_id] = {"actor_id": claimant_id, "name": c.claimant_name or claimant_id, "type": "media"}
        claim = _claim(aid, text, c, mention_ids.get(c.claimant_span) if c.claimant_span else None)
        claim_records.append(claim)
        if claimant_id and stance_by_claim:
            for st in stance_by_claim.get((c.start, c.end), ()):
                stance_records.append(_stance(aid, claimant_id, st, claim.claim_id))
    return Document(article, mention_records, [_actor(seen[k]) for k in sorted(seen)], claim_records, stance_records)


# Predicted records, built without validating them a second time: each builder checks what the record's
# validators check and builds the record directly when that holds (else the validating constructor raises);
# the id comes from the record module's own ``*_id_for`` (the one its ``_fill_id`` validator uses), so its
# recipe lives in one place. ``tests/annotate/test_annotate_claims_records.py`` checks the records equal the
# validated ones.

_ACTOR_TYPES = frozenset(typing.get_args(ActorType))
_CLAIM_KINDS = frozenset(typing.get_args(ClaimKind))
_STANCE_LABELS = frozenset(typing.get_args(StanceLabel))
_MENTION_SET = frozenset(ActorMention.model_fields)
_CLAIM_SET = frozenset(Claim.model_fields)
_STANCE_SET = frozenset(Stance.model_fields)
_ACTOR_SET = frozenset(Actor.model_fields)


def _mention(aid: str, r: actors.Resolved) -> ActorMention:
    """The predicted mention record of a merged mention."""
    start, end, text, kind = r.start, r.end, r.text, r.type
    if (type(start) is int and type(end) is int and type(text) is str and 0 <= start < end
            and len(text) == end - start and type(r.actor_id) is str and kind in _ACTOR_TYPES):
        return _construct(ActorMention, {
            "article_id": aid, "start": start, "end": end, "text": text,
            "mention_id": mention_id_for(aid, start, end, kind), "actor_id": r.actor_id, "type": kind,
            "provenance": predicted(r.rule, r.score)}, set(_MENTION_SET))
    return ActorMention(article_id=aid, start=start, end=end, text=text, actor_id=r.actor_id, type=kind,
                        provenance=predicted(r.rule, r.score))


def _claim(aid: str, text: str, c: claims.ResolvedClaim, claimant_mention_id: str | None) -> Claim:
    """The predicted claim record of a resolved claim."""
    start, end, kind, cue = c.start, c.end, c.kind, c.cue
    if cue:
        cue_start, cue_end = cue
        cue_text = text[cue_start:cue_end]
        cue_ok = type(cue_start) is int and type(cue_end) is int and 0 <= cue_start < cue_end \
            and len(cue_text) == cue_end - cue_start
    else:
        cue_start = cue_end = cue_text = None
        cue_ok = True
    claim_text = text[start:end]
    actor_id, target = c.claimant_actor_id, c.target
    if (cue_ok and type(start) is int and type(end) is int and 0 <= start < end and len(claim_text) == end - start
            and kind in _CLAIM_KINDS and (claimant_mention_id is None or type(claimant_mention_id) is str)
            and (actor_id is None or type(actor_id) is str) and (target is None or type(target) is str)):
        return _construct(Claim, {
            "article_id": aid, "start": start, "end": end, "text": claim_text,
            "claim_id": claim_id_for(aid, start, end, kind), "kind": kind, "cue_start": cue_start,
            "cue_end": cue_end, "cue_text": cue_text, "claimant_mention_id": claimant_mention_id,
            "claimant_actor_id": actor_id, "target": target, "provenance": predicted(c.rule, c.score)},
            set(_CLAIM_SET))
    return Claim(article_id=aid, start=start, end=end, text=claim_text, kind=kind, cue_start=cue_start,
                 cue_end=cue_end, cue_text=cue_text, claimant_mention_id=claimant_mention_id,
                 claimant_actor_id=actor_id, target=target, provenance=predicted(c.rule, c.score))


def _stance(aid: str, actor_id: str, st: Candidate, claim_id: str) -> Stance:
    """The predicted stance record of a stance candidate on a claim."""
    target = st.data["target"]
    if type(actor_id) is str and type(target) is str and st.label in _STANCE_LABELS and type(claim_id) is str:
        return _construct(Stance, {
            "stance_id": stance_id_for(aid, claim_id, actor_id, target), "article_id": aid, "actor_id": actor_id,
            "target": target, "label": st.label, "claim_id": claim_id, "provenance": predicted(st.rule, st.score)},
            set(_STANCE_SET))
    return Stance(article_id=aid, actor_id=actor_id, target=target, label=st.label, claim_id=claim_id,
                  provenance=predicted(st.rule, st.score))


def _actor(fields: dict) -> Actor:
    """The actor record of the fields :func:`_records` collected: all five in field order, or id, name and type."""
    if len(fields) == 5:
        values, given = fields, set(_ACTOR_SET)
    else:
        values, given = {**fields, "aliases": [], "wikidata": None}, set(fields)
    wikidata = values["wikidata"]
    if (type(values["actor_id"]) is str and type(values["name"]) is str and values["type"] in _ACTOR_TYPES
            and (wikidata is None or type(wikidata) is str) and all(type(a) is str for a in values["aliases"])):
        return _construct(Actor, values, given)
    return Actor(**fields)


#: A short article that takes every layer's loaders through their first use (names, roles, places, a quote,
#: reported speech, a figure, a stance target).
_WARM_UP_TEXT = (
    "Berlin, 3. März 2025. Bundeskanzler Olaf Scholz (SPD) sagte am Montag in Berlin: „Wir werden die Steuern "
    "nicht erhöhen.“ Die Opposition kritisierte, die Regierung habe keinen Plan für die Rente. Laut dpa stiegen "
    "die Preise im Februar um 3,5 Prozent. Der Bürgermeister von Hamburg, Peter Tschentscher, lehnt die "
    "Schuldenbremse ab, erklärte er."
)


def warm_up() -> None:
    """Load every lexicon, word list, tagger and compiled pattern of the labeling functions now, once, and
    those of cleaning and sentence splitting (:func:`builder.ingest.warm_up`).

    Call it in the parent process before forking workers: they then share the loaded data copy-on-write instead
    of each loading it again (about 2 s of CPU per worker). Idempotent and cheap when done.
    """
    from builder import ingest  # noqa: PLC0415 (ingest does not import annotate)
    from builder.annotate import lexicon  # noqa: PLC0415

    ingest.warm_up()
    for module in (lexicon, actors, claims, stances):
        for obj in list(vars(module).values()):
            if callable(obj) and hasattr(obj, "cache_info") and not inspect.signature(obj).parameters:
                obj()
    annotate(ingest.article_from_text(_WARM_UP_TEXT, "warm-up"))
    # the loaded lexicons are a few hundred thousand long-lived objects: out of the collector's sight, a full
    # collection no longer walks them every few hundred articles (and forked workers do not touch their pages)
    gc.collect()
    gc.freeze()
