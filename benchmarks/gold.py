"""Gold annotations: YAML files that name spans by text and context, located in the cleaned text at run time.

A gold file never stores offsets, so better cleaning or sentence splitting does not invalidate it. Each span is
its exact ``text`` plus an optional ``in`` snippet (a substring of the surrounding sentence that contains the span
once and occurs once in the article). :func:`locate` finds the snippet in the cleaned text, tolerant of
whitespace runs and of the quotation-mark and dash variants cleaning may normalise, and the span inside it.
The format is documented in ``tests/gold/README.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

#: Claim kinds (as in ``schemas.claim.ClaimKind``).
KINDS = ("direct_quote", "indirect_speech", "attributed_report", "unattributed_assertion")

#: Stance labels (as in ``schemas.stance.StanceLabel``).
LABELS = ("favor", "against", "neutral")

#: Actor types (as in ``schemas.actor.ActorType``).
TYPES = ("person", "organisation", "government", "country", "media", "group", "other")

#: Stance target ids of ``tests/gold/CONVENTIONS.md``.
TARGETS = (
    "ukraine_nato_membership", "peace_negotiations", "ceasefire", "pre_2014_borders", "us_troops_peace_force",
    "european_military_aid_share", "nato_burden_sharing",
)

#: Claimant value meaning "the article's outlet" (``actor_id_for(article.outlet)``, or none when it is unknown).
OUTLET = "outlet"

_QUOTES = "\"'„“”‚‘’»«›‹"
_DASHES = "-‐‑‒–—"


class GoldError(ValueError):
    """A gold file that is malformed, or a span that cannot be found (one line naming the file and the span)."""


class NotFound(GoldError):
    """A snippet that does not occur in the text searched."""


def _pattern(snippet: str) -> str:
    """A regex for ``snippet`` that accepts any whitespace run, quotation mark or dash variant in its place."""
    out = []
    i = 0
    while i < len(snippet):
        c = snippet[i]
        if c.isspace():
            while i < len(snippet) and snippet[i].isspace():
                i += 1
            out.append(r"\s+")
            continue
        if c in _QUOTES:
            out.append("[" + re.escape(_QUOTES) + "]")
        elif c in _DASHES:
            out.append("[" + re.escape(_DASHES) + "]")
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def locate(text: str, span: str, context: str | None = None) -> tuple[int, int]:
    """The ``[start, end)`` of ``span`` inside the one occurrence of ``context`` (default: the span) in ``text``.

    Raises:
        NotFound: the context does not occur in ``text``.
        GoldError: the context occurs more than once, lacks the span, or holds it more than once.
    """
    context = context or span
    hits = [m for m in re.finditer(_pattern(context), text)]
    if not hits:
        raise NotFound(f"{context!r} not found")
    if len(hits) > 1:
        raise GoldError(f"{context!r} occurs {len(hits)} times; give a longer 'in' snippet")
    c0, c1 = hits[0].span()
    inner = list(re.finditer(_pattern(span), text[c0:c1]))
    if len(inner) != 1:
        raise GoldError(f"span {span!r} occurs {len(inner)} times in its context {context!r}")
    return c0 + inner[0].start(), c0 + inner[0].end()


@dataclass(frozen=True)
class GoldMention:
    """A gold actor mention, located."""

    start: int
    end: int
    text: str
    actor_id: str
    type: str


@dataclass(frozen=True)
class GoldStance:
    """A gold stance: the actor's label toward a target, as the claim shows."""

    actor_id: str
    target: str
    label: str


@dataclass
class GoldClaim:
    """A gold claim, located; ``claimant_actor_id`` is ``None`` for no claimant."""

    id: str
    start: int
    end: int
    text: str
    kind: str
    cue: tuple[int, int] | None
    claimant: tuple[int, int] | None
    claimant_actor_id: str | None
    target: str | None
    stances: list[GoldStance] = field(default_factory=list)


@dataclass
class GoldDocument:
    """The gold annotations of one article, located in its text, and what could not be located."""

    source_file: str
    mentions: list[GoldMention] = field(default_factory=list)
    claims: list[GoldClaim] = field(default_factory=list)
    ignore: list[tuple[int, int]] = field(default_factory=list)
    #: Spans found in the raw text but not in the cleaned one (cleaning removed them), as "what: text".
    removed: list[str] = field(default_factory=list)


def load_gold_file(path: Path) -> dict:
    """Read one gold YAML file; raises :class:`GoldError` naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GoldError(f"{path}: cannot read gold file: {first}") from None
    if not isinstance(data, dict) or "source_file" not in data:
        raise GoldError(f"{path}: a gold file is a mapping with at least 'source_file'")
    data["_path"] = str(path)
    return data


def resolve(data: dict, text: str, raw: str | None = None, outlet_actor: str | None = None) -> GoldDocument:
    """Locate every span of a gold file (as read by :func:`load_gold_file`) in the cleaned ``text``.

    A span missing from ``text`` but present in ``raw`` (the uncleaned text) is recorded in ``removed`` and left
    out of the gold; a span found in neither is a :class:`GoldError`. ``outlet_actor`` is the claimant id that
    ``claimant: outlet`` stands for (``None`` when the outlet is unknown).
    """
    where = data.get("_path", data.get("source_file", "gold"))
    gold = GoldDocument(source_file=data["source_file"])
    actors = data.get("actors") or {}
    for aid, typ in actors.items():
        if typ not in TYPES:
            raise GoldError(f"{where}: actor {aid}: unknown type {typ!r} (one of {', '.join(TYPES)})")

    def find(what: str, span: str, context: str | None) -> tuple[int, int] | None:
        try:
            return locate(text, span, context)
        except NotFound:
            if raw is not None:
                try:
                    locate(raw, span, context)
                except NotFound:
                    pass
                except GoldError as exc:
                    raise GoldError(f"{where}: {what} {span!r}: {exc}") from None
                else:
                    gold.removed.append(f"{what}: {span}")
                    return None
            raise GoldError(f"{where}: {what} {span!r} (in {context!r}) not found in the article") from None
        except GoldError as exc:
            raise GoldError(f"{where}: {what} {span!r}: {exc}") from None

    for item in data.get("ignore") or []:
        start_snip = item.get("text") or item.get("from")
        try:
            s, e = locate(text, start_snip)
        except NotFound:
            continue  # cleaning removed it: nothing left to ignore
        except GoldError as exc:
            raise GoldError(f"{where}: ignore {start_snip!r}: {exc}") from None
        if "from" in item:
            if item.get("to"):
                try:
                    _, e = locate(text[s:], item["to"])
                    e += s
                except GoldError as exc:
                    raise GoldError(f"{where}: ignore to {item['to']!r}: {exc}") from None
            else:
                e = len(text)
        gold.ignore.append((s, e))

    seen: dict[tuple[int, int], str] = {}
    for m in data.get("mentions") or []:
        actor = m.get("actor")
        if actor not in actors and "type" not in m:
            raise GoldError(f"{where}: mention {m.get('text')!r}: actor {actor!r} is not in 'actors'")
        typ = m.get("type", actors.get(actor))
        if typ not in TYPES:
            raise GoldError(f"{where}: mention {m.get('text')!r}: unknown type {typ!r}")
        pos = find("mention", m["text"], m.get("in"))
        if pos is None:
            continue
        if pos in seen:
            raise GoldError(f"{where}: mention {m['text']!r} (in {m.get('in')!r}) is the same span as {seen[pos]!r}")
        seen[pos] = f"{m['text']} / {m.get('in')}"
        gold.mentions.append(GoldMention(pos[0], pos[1], text[pos[0]:pos[1]], actor, typ))

    ids = set()
    for c in data.get("claims") or []:
        cid = str(c.get("id", ""))
        if not cid or cid in ids:
            raise GoldError(f"{where}: claim {c.get('text')!r}: missing or repeated id {cid!r}")
        ids.add(cid)
        if c.get("kind") not in KINDS:
            raise GoldError(f"{where}: claim {cid}: unknown kind {c.get('kind')!r}")
        pos = find(f"claim {cid}", c["text"], c.get("in"))
        if pos is None:
            continue
        cue = None
        if c.get("cue"):
            cue = find(f"claim {cid} cue", c["cue"]["text"], c["cue"].get("in"))
        claimant = c.get("claimant")
        claimant_pos, claimant_actor = None, None
        if claimant == OUTLET:
            claimant_actor = outlet_actor
        elif claimant:
            claimant_actor = claimant.get("actor")
            claimant_pos = find(f"claim {cid} claimant", claimant["text"], claimant.get("in"))
            if claimant_pos is not None and claimant_pos not in seen:
                raise GoldError(f"{where}: claim {cid}: claimant {claimant['text']!r} is not a gold mention")
            if claimant_actor not in actors:
                raise GoldError(f"{where}: claim {cid}: claimant actor {claimant_actor!r} is not in 'actors'")
        stances = []
        for s in c.get("stances") or []:
            if s.get("target") not in TARGETS or s.get("label") not in LABELS:
                raise GoldError(f"{where}: claim {cid}: stance needs a known target and label, got {s}")
            actor = s.get("actor", claimant_actor if claimant != OUTLET else None)
            if not actor:
                raise GoldError(f"{where}: claim {cid}: a stance needs an actor (the claim has no claimant)")
            stances.append(GoldStance(actor, s["target"], s["label"]))
        target = c.get("target", stances[0].target if stances else None)
        if target is not None and target not in TARGETS:
            raise GoldError(f"{where}: claim {cid}: unknown target {target!r}")
        gold.claims.append(GoldClaim(
            cid, pos[0], pos[1], text[pos[0]:pos[1]], c["kind"], cue, claimant_pos, claimant_actor, target, stances,
        ))
    return gold
