"""Literal pre-checks: skip a regular expression over a text that holds none of the strings every match holds.

Python's ``re`` tries a pattern that opens with a character class or a case-insensitive word at every
position; ``str.find`` for a few literals is far faster. :func:`literals` reads the strings off the parsed
pattern (a mandatory literal run, or a mandatory alternation of them), so a pre-check never hides a match:
when none of them is in the text, the pattern cannot match there. Patterns without such a part get no
pre-check (None).
"""

from __future__ import annotations

import bisect
import re
from functools import cache
from re import _constants as sre  # noqa: PLC2701 (the parser's opcodes: stable since Python 3.11)
from re import _parser  # noqa: PLC2701

from builder.annotate.context import Context, find_all

#: Characters that match a lower-case letter under ``re.IGNORECASE`` but lower-case to another one (or to two
#: characters): "İ", "ı" (match "i"), "ſ" (matches "s"). A text holding one gets no case-insensitive pre-check.
CASE_ODD = re.compile("[\u0130\u0131\u017f]")
#: Characters a case-insensitive literal may hold: their lower-case form is what ``re.IGNORECASE`` matches.
_PLAIN_LITERAL = re.compile(r"[a-z0-9äöüß \-.,'/%]+")


def _required(items: list, ignorecase: bool) -> set[str] | None:
    """Strings, one of which every match of the parsed ``items`` holds (lower-cased under ``ignorecase``), or
    None; of several mandatory parts, the one whose shortest string is longest."""
    found: list[set[str]] = []
    run: list[str] = []
    for op, av in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            lit = "".join(run)
            found.append({lit.lower() if ignorecase else lit})
            run = []
        req = None
        if op is sre.SUBPATTERN:
            _, add_flags, del_flags, sub = av
            if bool(add_flags & re.IGNORECASE) == bool(del_flags & re.IGNORECASE):  # case handling unchanged
                req = _required(list(sub), ignorecase)
        elif op is sre.BRANCH:
            alts = [_required(list(alt), ignorecase) for alt in av[1]]
            req = None if any(a is None for a in alts) else set().union(*alts)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
            req = _required(list(av[2]), ignorecase)
        if req:
            found.append(req)
    return max(found, key=lambda lits: min(map(len, lits)), default=None)


@cache
def literals(pattern: re.Pattern) -> tuple[str, ...] | None:
    """The strings one of which every match of ``pattern`` holds (lower-case for a case-insensitive pattern),
    or None when there are none to check."""
    ignorecase = bool(pattern.flags & re.IGNORECASE)
    lits = _required(list(_parser.parse(pattern.pattern, pattern.flags)), ignorecase)
    if not lits or ignorecase and not all(_PLAIN_LITERAL.fullmatch(lit) for lit in lits):
        return None
    return tuple(sorted(lits))


def case_odd(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`CASE_ODD` (``CASE_ODD.search(text)``, by three substring
    tests: much faster than the character class)."""
    return "\u0130" in text or "\u0131" in text or "\u017f" in text


def lower_text(ctx: Context) -> str | None:
    """The article lower-cased (same offsets), or None when it holds a character of :data:`CASE_ODD`."""
    if "lower_text" not in ctx.cache:
        ctx.cache["lower_text"] = None if case_odd(ctx.text) else ctx.text.lower()
    return ctx.cache["lower_text"]


def _hits(pattern: re.Pattern, ctx: Context) -> tuple[list[int], list[int]] | None:
    """Starts (sorted) and ends of every occurrence of the pattern's literals in the article, found once per
    article and pattern; None when there is nothing to check."""
    hits = ctx.cache.setdefault("prefilter_hits", {})
    if pattern not in hits:
        lits = literals(pattern)
        text = lower_text(ctx) if lits is not None and pattern.flags & re.IGNORECASE else ctx.text
        if lits is None or text is None:
            hits[pattern] = None
        else:
            spans = []
            for lit in lits:
                spans.extend((i, i + len(lit)) for i in find_all(text, lit))
            spans.sort()
            hits[pattern] = ([a for a, _ in spans], [b for _, b in spans])
    return hits[pattern]


def may_match(pattern: re.Pattern, ctx: Context, start: int = 0, end: int | None = None) -> bool:
    """False only when ``ctx.text[start:end]`` holds none of :func:`literals`: then ``pattern`` cannot match
    there."""
    if start == 0 and end is None:  # the whole article: the first literal found settles it
        lits = literals(pattern)
        text = lower_text(ctx) if lits is not None and pattern.flags & re.IGNORECASE else ctx.text
        return lits is None or text is None or any(lit in text for lit in lits)
    hits = _hits(pattern, ctx)
    if hits is None:
        return True
    starts, ends = hits
    end = len(ctx.text) if end is None else end
    i = bisect.bisect_left(starts, start)
    while i < len(starts) and starts[i] < end:
        if ends[i] <= end:
            return True
        i += 1
    return False

