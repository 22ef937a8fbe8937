"""Personal and payment data: e-mail, IBAN, BIC, phone numbers, payment links, crypto wallets → typed placeholders.

The rules are data (``patterns/personal_data.yaml``); this module compiles them once and adds the checksum
validators (python-stdnum). Like boilerplate rules, it only *finds* spans; the caller replaces them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import regex
import yaml
from stdnum import bic as std_bic
from stdnum import bitcoin as std_bitcoin
from stdnum import iban as std_iban

from builder.ingest.boilerplate import PATTERNS, Cut

#: How far after an IBAN an unlabelled BIC may stand.
BIC_AFTER_IBAN = 80


@dataclass(frozen=True)
class PiiRule:
    """One personal-data rule as read from YAML (see the file's header for the fields)."""

    name: str
    version: int
    reason: str
    placeholder: str
    regex: re.Pattern
    validator: str | None
    catches: str
    keeps: str
    starts_at: regex.Pattern | tuple[str, ...] | None = None
    contains: regex.Pattern | tuple[str, ...] | None = None
    within: int | None = None

    @property
    def ident(self) -> str:
        return f"{self.name}@{self.version}"


VALIDATORS = ("iban", "bitcoin", "bic_near_iban", "phone_digits")


@lru_cache(maxsize=4)
def load_pii_rules(path: Path = PATTERNS / "personal_data.yaml") -> tuple[PiiRule, ...]:
    """The rules of ``path``, compiled once per process; a bad rule raises ``ValueError`` naming it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = []
    for i, item in enumerate(data.get("rules", [])):
        name = item.get("name", f"#{i}")
        try:
            validator = item.get("validator")
            if validator is not None and validator not in VALIDATORS:
                raise ValueError(f"unknown validator {validator!r}; valid: {', '.join(VALIDATORS)}")
            if not str(item["reason"]).startswith("pii:"):
                raise ValueError("reason must start with 'pii:'")
            rules.append(PiiRule(name=name, version=int(item["version"]), reason=item["reason"],
                                 placeholder=item["placeholder"], regex=re.compile(item["pattern"]),
                                 validator=validator, catches=item["catches"], keeps=item["keeps"],
                                 starts_at=_finder(item.get("starts_at")), contains=_finder(item.get("contains")),
                                 within=int(item["within"]) if item.get("within") is not None else None))
        except (KeyError, ValueError, re.error, regex.error) as exc:
            raise ValueError(f"{path}: rule {name}: {exc}") from None
    return tuple(rules)


def _finder(spec: str | list[str] | None) -> regex.Pattern | tuple[str, ...] | None:
    """A finder from YAML: a list of plain strings (found with ``str.find``) or a regex (``regex`` module)."""
    if not spec:
        return None
    if isinstance(spec, list):
        if not all(isinstance(x, str) and x for x in spec):
            raise ValueError("a finder list must hold non-empty strings")
        return tuple(spec)
    return regex.compile(spec)


def placeholders() -> frozenset[str]:
    """Every placeholder redaction can put into cleaned text (``[IBAN]``, ``[EMAIL]``, ...).

    Annotators should treat these as opaque: "[IBAN]" is not an organisation called IBAN.
    """
    return frozenset(r.placeholder for r in load_pii_rules())


def _longest_valid_iban(value: str) -> int:
    """Length of the longest prefix of ``value`` (ending at a group boundary) that is a valid IBAN, or 0."""
    cuts = [m.end() for m in re.finditer(r"[A-Z0-9]+", value)]
    for end in reversed(cuts):
        if std_iban.is_valid(value[:end]):
            return end
    # Groups glued without spaces: try every length from the longest down.
    compact = value.replace(" ", "")
    if " " not in value:
        for n in range(len(compact), 14, -1):
            if std_iban.is_valid(compact[:n]):
                return n
    return 0


def _positions(finder: regex.Pattern | tuple[str, ...], text: str) -> list[int]:
    """Every position where ``finder`` matches in ``text`` (overlapping matches included), ascending."""
    if isinstance(finder, tuple):
        found = []
        for literal in finder:
            p = text.find(literal)
            while p >= 0:
                found.append(p)
                p = text.find(literal, p + 1)
        return sorted(found) if len(finder) > 1 else found
    return [m.start() for m in finder.finditer(text, overlapped=True)]


def _matches(rule: PiiRule, text: str, start: int, end: int, cands: list[int] | None) -> Iterator[re.Match]:
    """``rule.regex.finditer(text, start, end)``, trying the pattern only where a match can start.

    ``cands`` are the positions where the rule's finder matches in the whole text. With ``starts_at``, every
    match starts at one of them. With ``contains``, every match holds one, with no line break before it: the
    search resumes at the start of that line; or with ``within``, the pattern is tried only at the positions up
    to that many characters before each. All give the same matches as ``finditer``: a match at a position does
    not depend on where the search began, and finders (literals, classes) match no less with a later end.
    """
    pattern = rule.regex
    if cands is None:
        yield from pattern.finditer(text, start, end)
        return
    k, stop, pos = bisect_left(cands, start), bisect_left(cands, end), start
    while k < stop:
        c = cands[k]
        if c < pos:
            k = bisect_left(cands, pos, k, stop)
            continue
        if rule.starts_at is not None:
            m = pattern.match(text, c, end)
        elif rule.within is not None:
            m = next(filter(None, (pattern.match(text, p, end) for p in range(max(pos, c - rule.within), c + 1))),
                     None)
        else:
            m = pattern.search(text, max(pos, text.rfind("\n", pos, c) + 1), end)
            if m is None:
                return
        if m is None:
            pos = c + 1
            continue
        if m.end() == m.start():  # an empty match: finditer's own rules for stepping on apply
            yield from pattern.finditer(text, m.start(), end)
            return
        yield m
        pos = m.end()


def find_personal_data(text: str, spans: list[tuple[int, int]] | None = None,
                       rules: tuple[PiiRule, ...] | None = None, *,
                       scans: dict[str, list[int]] | None = None) -> list[Cut]:
    """Cuts (with placeholders) for personal data in ``text``, limited to ``spans`` if given; sorted, non-overlapping.

    ``scans``: where each rule's finder matches in the whole ``text``, by rule name, filled in as needed; a caller
    that looks at several span lists of one text with the same rules passes the same dict, so each finder scans
    the text once.
    """
    rules = load_pii_rules() if rules is None else rules
    scans = {} if scans is None else scans
    regions = [(0, len(text))] if spans is None else spans
    found: list[Cut] = []
    taken: list[tuple[int, int]] = []
    iban_ends: list[int] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for rule in rules:
        if rule.validator == "bic_near_iban" and not iban_ends:
            continue  # the validator needs an IBAN before the BIC: none was found
        cands = None
        if rule.starts_at is not None or rule.contains is not None:
            cands = scans.get(rule.name)
            if cands is None:
                cands = scans[rule.name] = _positions(rule.starts_at or rule.contains, text)
            if not cands:
                continue  # the finder matches nowhere: neither does the pattern
        for rs, re_ in regions:
            if cands is not None:  # no finder position in the region: no match in it
                k = bisect_left(cands, rs)
                if k == len(cands) or cands[k] >= re_:
                    continue
            for m in _matches(rule, text, rs, re_, cands):
                group = "value" if "value" in rule.regex.groupindex else 0
                s, e = m.span(group)
                value = m.group(group)
                if rule.validator == "iban":
                    n = _longest_valid_iban(value)
                    if not n:
                        continue
                    e = s + n
                    iban_ends.append(e)
                elif rule.validator == "bitcoin" and not std_bitcoin.is_valid(value):
                    continue
                elif rule.validator == "bic_near_iban" and not (
                        std_bic.is_valid(value) and any(0 <= s - ie <= BIC_AFTER_IBAN for ie in iban_ends)):
                    continue
                elif rule.validator == "phone_digits" and not 7 <= sum(ch.isdigit() for ch in value) <= 15:
                    continue
                if free(s, e):
                    taken.append((s, e))
                    found.append(Cut(s, e, rule.ident, rule.reason, rule.placeholder))
    return sorted(found, key=lambda c: c.start)
