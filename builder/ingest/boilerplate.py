"""Boilerplate removal for plain-text news: data-driven line rules from ``patterns/boilerplate.yaml``.

Rules never see article text as a whole; they look at one line at a time (page furniture sits on lines of its
own in copied pages) and return :class:`Cut` spans. Nothing is removed here: the caller applies the cuts and
records each one as a :class:`schemas.Removal`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

PATTERNS = Path(__file__).with_name("patterns")
KINDS = ("line", "line_and_next", "trailer", "inline")
WHERES = ("anywhere", "head", "tail")
#: A line with at least this many words is body text: the head region ends before the first such line.
BODY_WORDS = 8
#: The linked headline after a "Lesen Sie auch" / "Nächster Beitrag" line is removed only when this short.
TEASER_WORDS = 15
#: Lines of at most this many words without final punctuation just before a trailer go with it.
HEADING_WORDS = 4
_FINAL_PUNCT = tuple(".!?:;\"“”»«)")


@dataclass(frozen=True)
class Cut:
    """A span ``[start, end)`` of the normalised raw text that cleaning removes or replaces."""

    start: int
    end: int
    rule: str
    reason: str
    replacement: str = ""


@dataclass(frozen=True)
class Rule:
    """One boilerplate rule as read from YAML (see the file's header for the fields)."""

    name: str
    version: int
    reason: str
    kind: str
    where: str
    max_words: int
    regex: re.Pattern
    catches: str
    keeps: str

    @property
    def ident(self) -> str:
        return f"{self.name}@{self.version}"

    def matches_line(self, line: str) -> bool:
        """True if the (stripped) line is furniture by this rule, ignoring where it stands."""
        if not line or len(line.split()) > self.max_words:
            return False
        if self.kind == "inline":
            return self.regex.search(line) is not None
        return self.regex.fullmatch(line) is not None


@lru_cache(maxsize=4)
def load_rules(path: Path = PATTERNS / "boilerplate.yaml") -> tuple[Rule, ...]:
    """The rules of ``path``, compiled once per process; a bad rule raises ``ValueError`` naming it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = []
    for i, item in enumerate(data.get("rules", [])):
        name = item.get("name", f"#{i}")
        try:
            kind, where = item["kind"], item.get("where", "tail" if item["kind"] == "trailer" else "anywhere")
            if kind not in KINDS or where not in WHERES:
                raise ValueError(f"kind must be one of {KINDS} and where one of {WHERES}")
            if not str(item["reason"]).startswith("boilerplate:"):
                raise ValueError("reason must start with 'boilerplate:'")
            flags = re.IGNORECASE if item.get("ignore_case") else 0
            rules.append(Rule(name=name, version=int(item["version"]), reason=item["reason"], kind=kind, where=where,
                              max_words=int(item.get("max_words", 20)), regex=re.compile(item["pattern"], flags),
                              catches=item["catches"], keeps=item["keeps"]))
        except (KeyError, ValueError, re.error) as exc:
            raise ValueError(f"{path}: rule {name}: {exc}") from None
    return tuple(rules)


def _lines(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every line (``text.split("\\n")``) in the text, without the newline."""
    spans, pos = [], 0
    for line in lines:
        end = pos + len(line)
        spans.append((pos, end))
        pos = end + 1
    return spans


_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=")


def _any_of(rules: list[Rule]) -> re.Pattern | None:
    """One pattern that matches a line (the same way: full or search) iff one of ``rules``' patterns does.

    Each rule's pattern becomes one alternative, a group named ``_r<index>`` with the rule's own case flag, so
    the alternation matches exactly where some rule matches, and ``lastgroup`` names the first such rule.
    ``None`` when a pattern cannot be embedded (a back-reference would change meaning; then every rule is tried).
    """
    if not rules or any(_BACKREFERENCE.search(r.regex.pattern) for r in rules):
        return None
    parts = [f"(?P<_r{k}>(?i:{r.regex.pattern}))" if r.regex.flags & re.IGNORECASE else f"(?P<_r{k}>{r.regex.pattern})"
             for k, r in enumerate(rules)]
    try:
        return re.compile("|".join(parts))
    except re.error:
        return None


class _Plan:
    """The rules of one rule set by kind, with combined pre-tests (for speed only).

    The line and trailer pre-tests are built per *place* of a line (in the head region or not, in the last half
    or not) and per word count, each from the rules allowed there and then, so a body line is not tried against
    head-only rules nor a long line against rules for short ones.
    """

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.line = tuple(r for r in rules if r.kind in ("line", "line_and_next"))
        self.trailer = tuple(r for r in rules if r.kind == "trailer")
        self.inline = tuple(r for r in rules if r.kind == "inline")
        self._limits = {kind: sorted({r.max_words for r in rs}) for kind, rs in (("line", self.line),
                                                                                ("trailer", self.trailer))}
        self._tests: dict[tuple[str, bool, bool, int], tuple[re.Pattern | None, tuple[Rule, ...]]] = {}
        #: kind → [in head][in last half][word count] → test(...), for every count up to the largest limit
        #: (compiled now, some 40 ms per rule set, not in the middle of a corpus).
        self.table = {kind: [[[self.test(kind, head, tail, w) for w in range(limits[-1] + 1 if limits else 0)]
                              for tail in (False, True)] for head in (False, True)]
                      for kind, limits in self._limits.items()}

    def test(self, kind: str, head: bool, tail: bool, words: int) -> tuple[re.Pattern | None, tuple[Rule, ...]]:
        """The combined pattern of the ``kind`` rules allowed at a line of ``words`` words in the head (or not) and
        in the last half (or not), and those rules in order; the pattern is ``None`` when every rule must be
        tried, and no rule is left for a line longer than all of them allow."""
        limits = self._limits[kind]
        k = bisect_left(limits, words)
        if k == len(limits):
            return _NOTHING, ()
        key = (kind, head, tail, limits[k])  # the rules allowing ``words`` words allow limits[k]
        if key not in self._tests:
            rules = tuple(r for r in (self.line if kind == "line" else self.trailer)
                          if r.max_words >= limits[k] and (r.where == "anywhere" or (r.where == "head" and head)
                                                           or (r.where == "tail" and tail)))
            self._tests[key] = (_any_of(list(rules)) if rules else _NOTHING, rules)
        return self._tests[key]


_NOTHING = re.compile(r"(?!)")
_last_plan: tuple = (None, None)  # the rules of the last call (the object itself) and their plan


def _plan(rules: tuple[Rule, ...]) -> _Plan:
    global _last_plan  # noqa: PLW0603 (one entry, replaced whole: never a plan of other rules)
    last = _last_plan
    if last[0] is not rules:
        last = _last_plan = (rules, _Plan(rules))
    return last[1]


def _word_counts(lines: list[str], single_spaced: bool) -> list[int]:
    """``len(line.split())`` of every line; by counting spaces when the lines are known to hold no white space
    but single spaces between words (as normalised text does)."""
    if single_spaced:
        return [line.count(" ") + 1 if line else 0 for line in lines]
    return [len(line.split()) for line in lines]


def find_boilerplate(text: str, rules: tuple[Rule, ...] | None = None, *, normalised: bool = False) -> list[Cut]:
    """Cuts for every boilerplate line (or inline match) of normalised ``text``, sorted and non-overlapping.

    Consecutive lines removed for the same reason (with only blank lines between) become one cut.
    Speed: lines that no rule's pattern can match (one combined pattern per kind) skip the rule-by-rule loop;
    the result is the same as trying every rule on every line (``tests/ingest/test_ingest_fast_paths.py``).
    ``normalised=True`` promises that ``text`` is normalised (words are then counted by spaces).
    """
    rules = load_rules() if rules is None else rules
    plan = _plan(rules)
    lines = text.split("\n")
    spans = _lines(lines)
    # ``normalised``: the caller vouches that ``text`` is (a part of) normalise()'s output, so white space is single
    # spaces inside lines; the ends are checked here all the same.
    words = _word_counts(lines, normalised and not text.startswith(" ") and not text.endswith(" "))
    n = len(lines)
    head_end = next((i for i, w in enumerate(words) if w >= BODY_WORDS), n)
    half = len(text) / 2
    tail_start = next((i for i, (s, _) in enumerate(spans) if s >= half), n)  # lines in the last half: i >= this
    marks: list[Rule | None] = [None] * n
    inline: list[Cut] = []

    def allowed(rule: Rule, i: int) -> bool:
        if rule.where == "head":
            return i < head_end
        if rule.where == "tail":
            return i >= tail_start
        return True

    if plan.line:
        table = plan.table["line"]
        most = len(table[0][0]) - 1
        for i, line in enumerate(lines):
            w = words[i]
            if not line or w > most or marks[i] is not None:
                continue
            any_rule, here = table[i < head_end][i >= tail_start][w]
            if not here:
                continue
            if any_rule is not None:
                m = any_rule.fullmatch(line)
                if m is None:
                    continue  # no rule allowed here matches
                here = here[int(m.lastgroup[2:]):]  # the first one that does is the alternative that matched
            # Every rule in ``here`` is allowed at this line and allows its word count: only the pattern is left.
            for rule in here:
                if rule.regex.fullmatch(line) is not None:
                    marks[i] = rule
                    if rule.kind == "line_and_next":
                        j = i + 1
                        while j < n and not lines[j]:
                            j += 1
                        if j < n and words[j] <= TEASER_WORDS and marks[j] is None:
                            marks[j] = rule
                    break

    if plan.trailer:
        table = plan.table["trailer"]
        most = len(table[0][0]) - 1
        trailer_maybe: list[tuple[Rule, ...] | None] = [None] * n  # the trailer rules that may match line i

        def trailer_rules(i: int) -> tuple[Rule, ...]:
            if trailer_maybe[i] is None:
                here: tuple[Rule, ...] = ()
                if words[i] <= most:
                    any_rule, here = table[i < head_end][i >= tail_start][words[i]]
                    if here and any_rule is not None:
                        m = any_rule.fullmatch(lines[i])
                        here = () if m is None else here[int(m.lastgroup[2:]):]
                trailer_maybe[i] = here
            return trailer_maybe[i]

        for rule in plan.trailer:
            first_line = tail_start if rule.where == "tail" else 0
            last_line = head_end if rule.where == "head" else n
            start = next((i for i in range(first_line, last_line)
                          if lines[i] and rule in trailer_rules(i) and rule.regex.fullmatch(lines[i]) is not None),
                         None)
            if start is None:
                continue
            first = start
            while first > 0 and (not lines[first - 1] or (
                    words[first - 1] <= HEADING_WORDS and not lines[first - 1].endswith(_FINAL_PUNCT))):
                first -= 1
            for i in range(first, n):
                if lines[i] and marks[i] is None:
                    marks[i] = rule
            break

    for rule in plan.inline:
        for i, line in enumerate(lines):
            if line and marks[i] is None and allowed(rule, i) and words[i] <= rule.max_words:
                for m in rule.regex.finditer(line):
                    if m.end() > m.start():
                        inline.append(Cut(spans[i][0] + m.start(), spans[i][0] + m.end(), rule.ident, rule.reason))

    cuts: list[Cut] = []
    for i, rule in enumerate(marks):
        if rule is None:
            continue
        s, e = spans[i]
        prev = cuts[-1] if cuts else None
        if prev and prev.rule == rule.ident and not text[prev.end:s].strip():
            cuts[-1] = Cut(prev.start, e, rule.ident, rule.reason)
        else:
            cuts.append(Cut(s, e, rule.ident, rule.reason))
    return sorted(cuts + inline, key=lambda c: c.start)
