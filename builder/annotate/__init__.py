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
import typing
from collections import Counter

from builder.annotate import actors, claims, stances  # noqa: F401  (importing registers the functions)
from builder.annotate.context import Context
from builder.annotate.registry import LABELING_FUNCTIONS, Candidate, LabelingFunction, UnknownRuleError, by_layer
from builder.annotate.registry import get as get_function
from builder.document import Document
from schemas import Actor, ActorMention, ActorType, Article, Claim, ClaimKind, Stance, StanceLabel, predicted

#: Version of the rule set as a whole; Label Studio predictions carry it as ``model_version``.
RULES_VERSION = "rules-1.2.0"

__all__ = ["LABELING_FUNCTIONS", "RULES_VERSION", "Candidate", "LabelingFunction", "UnknownRuleError",
           "annotate", "apply_functions", "get_function", "warm_up"]


def _call(lf: LabelingFunction, ctx: Context, failures: Counter | None) -> list[Candidate]:
    """Run one function; with ``failures`` given, an exception is counted under its rule instead of raised."""
    if failures is None:
        return lf(ctx)
    try:
        return lf(ctx)
    except Exception:  # noqa: BLE001  (fault-tolerant mode: count and go on, snorkel-style)
        failures[lf.rule] += 1
        return []


_LAYER_ORDER = {"mention": 0, "claim": 1, "stance": 2}


def _run(article: Article, failures: Counter | None = None) -> tuple[Context, list[Candidate]]:
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
    by_span = {(r.start, r.end): r for r in ctx.cache["mentions"]}
    scratch = Counter() if failures is not None else None  # a trail reader's failure is counted once, in pass 2
    claim_fns = by_layer("claim")
    first_out = [_call(lf, ctx, scratch if lf.reads_trail else failures) for lf in claim_fns]
    first = [c for out in first_out for c in out]
    ctx.cache["first_claims"] = first
    ctx.cache["speaker_trail"] = sorted(
        ((c.start, by_span[c.data["claimant"]]) for c in first if c.data.get("claimant") in by_span),
        key=lambda t: t[0])
    claim_raw: list[Candidate] = []
    for lf, out in zip(claim_fns, first_out):
        claim_raw.extend(_call(lf, ctx, failures) if lf.reads_trail else out)
    raw.extend(claim_raw)
    ctx.cache["claims"] = claims.resolve_claims(ctx, claim_raw)
    for lf in by_layer("stance"):
        raw.extend(_call(lf, ctx, failures))
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
    ctx, raw = _run(article)
    aid = article.article_id
    text = article.text
    doc = Document(article=article)
    mention_ids: dict[tuple[int, int], str] = {}
    seen: dict[str, dict] = {}  # actor id -> the Actor's fields, made records at the end
    kn = actors.known()
    for r in ctx.cache["mentions"]:
        m = _mention(aid, r)
        doc.mentions.append(m)
        mention_ids[(r.start, r.end)] = m.mention_id
        actor = seen.get(r.actor_id)
        if actor is None:
            ka = kn.actors.get(r.actor_id)
            actor = seen[r.actor_id] = {"actor_id": r.actor_id, "name": ka.name if ka else r.name,
                                        "type": ka.type if ka else r.type, "aliases": [],
                                        "wikidata": ka.wikidata if ka else None}
        if r.text != actor["name"] and r.text not in actor["aliases"]:
            actor["aliases"].append(r.text)
    stance_by_claim: dict[tuple[int, int], list[Candidate]] = {}
    for cand in raw:
        if cand.layer == "stance":
            stance_by_claim.setdefault(cand.data["claim_key"], []).append(cand)
    for c in ctx.cache["claims"]:
        claimant_id = c.claimant_actor_id
        if claimant_id and claimant_id not in seen:
            # the outlet as claimant of the article's own assertions
            seen[claimant_id] = {"actor_id": claimant_id, "name": c.claimant_name or claimant_id, "type": "media"}
        claim = _claim(aid, text, c, mention_ids.get(c.claimant_span) if c.claimant_span else None)
        doc.claims.append(claim)
        for st in stance_by_claim.get((c.start, c.end), []):
            if claimant_id:
                doc.stances.append(_stance(aid, claimant_id, st, claim.claim_id))
    doc.actors = [_actor(seen[k]) for k in sorted(seen)]
    return doc


# Predicted records, built without validating them a second time: each builder checks what the record's
# validators check and builds the record directly when that holds (else the validating constructor raises);
# the id comes from the record class's own ``_fill_id``, so its recipe lives in one place.
# ``tests/annotate/test_annotate_claims_records.py`` checks the records equal the validated ones.

_ACTOR_TYPES = frozenset(typing.get_args(ActorType))
_CLAIM_KINDS = frozenset(typing.get_args(ClaimKind))
_STANCE_LABELS = frozenset(typing.get_args(StanceLabel))


def _span_ok(start: object, end: object, text: str) -> bool:
    """What :class:`schemas.base.SpanRecord` checks of a span without the article text."""
    return type(start) is int and type(end) is int and 0 <= start < end and len(text) == end - start


def _mention(aid: str, r: actors.Resolved) -> ActorMention:
    """The predicted mention record of a merged mention."""
    provenance = predicted(r.rule, r.score)
    if not (_span_ok(r.start, r.end, r.text) and type(r.text) is str and type(r.actor_id) is str
            and r.type in _ACTOR_TYPES):
        return ActorMention(article_id=aid, start=r.start, end=r.end, text=r.text, actor_id=r.actor_id,
                            type=r.type, provenance=provenance)
    return ActorMention.construct_valid(ActorMention._fill_id(
        {"article_id": aid, "start": r.start, "end": r.end, "text": r.text, "mention_id": "",
         "actor_id": r.actor_id, "type": r.type, "provenance": provenance}), set(_MENTION_SET))


_MENTION_SET = frozenset(ActorMention.model_fields)


def _claim(aid: str, text: str, c: claims.ResolvedClaim, claimant_mention_id: str | None) -> Claim:
    """The predicted claim record of a resolved claim."""
    cue_start, cue_end = c.cue if c.cue else (None, None)
    fields = {"article_id": aid, "start": c.start, "end": c.end, "text": text[c.start:c.end], "claim_id": "",
              "kind": c.kind, "cue_start": cue_start, "cue_end": cue_end,
              "cue_text": text[cue_start:cue_end] if c.cue else None, "claimant_mention_id": claimant_mention_id,
              "claimant_actor_id": c.claimant_actor_id, "target": c.target, "provenance": predicted(c.rule, c.score)}
    cue_ok = cue_start is None or (type(cue_start) is int and type(cue_end) is int and 0 <= cue_start < cue_end
                                   and len(fields["cue_text"]) == cue_end - cue_start)
    if not (_span_ok(c.start, c.end, fields["text"]) and cue_ok and c.kind in _CLAIM_KINDS
            and all(v is None or type(v) is str for v in (claimant_mention_id, c.claimant_actor_id, c.target))):
        del fields["claim_id"]
        return Claim(**fields)
    return Claim.construct_valid(Claim._fill_id(fields), set(_CLAIM_SET))


_CLAIM_SET = frozenset(Claim.model_fields)


def _stance(aid: str, actor_id: str, st: Candidate, claim_id: str) -> Stance:
    """The predicted stance record of a stance candidate on a claim."""
    target = st.data["target"]
    provenance = predicted(st.rule, st.score)
    if not (type(actor_id) is str and type(target) is str and st.label in _STANCE_LABELS and type(claim_id) is str):
        return Stance(article_id=aid, actor_id=actor_id, target=target, label=st.label, claim_id=claim_id,
                      provenance=provenance)
    return Stance.construct_valid(Stance._fill_id(
        {"stance_id": "", "article_id": aid, "actor_id": actor_id, "target": target, "label": st.label,
         "claim_id": claim_id, "provenance": provenance}), set(_STANCE_SET))


_STANCE_SET = frozenset(Stance.model_fields)


def _actor(fields: dict) -> Actor:
    """The actor record of the fields :func:`annotate` collected (all five, or id, name and type)."""
    given = set(fields)
    full = {"aliases": [], "wikidata": None} | fields
    if not (type(full["actor_id"]) is str and type(full["name"]) is str and full["type"] in _ACTOR_TYPES
            and all(type(a) is str for a in full["aliases"]) and (full["wikidata"] is None or type(full["wikidata"]) is str)):
        return Actor(**fields)
    return Actor.construct_valid({k: full[k] for k in _ACTOR_FIELDS}, given)


_ACTOR_FIELDS = tuple(Actor.model_fields)


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
