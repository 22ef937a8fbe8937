"""Personal and payment data: e-mail, IBAN, BIC, phone numbers, payment links, crypto wallets → typed placeholders.

The rules are data (``patterns/personal_data.yaml``); this module compiles them once and adds the checksum
validators (python-stdnum). Like boilerplate rules, it only *finds* spans; the caller replaces them.
"""

from __future__ import annotations

import re
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
    prefilter: re.Pattern | None = None
    starts_at: regex.Pattern | None = None
    contains: re.Pattern | None = None
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
                                 prefilter=re.compile(item["prefilter"]) if item.get("prefilter") else None,
                                 starts_at=regex.compile(item["starts_at"]) if item.get("starts_at") else None,
                                 contains=re.compile(item["contains"]) if item.get("contains") else None,
                                 within=int(item["within"]) if item.get("within") is not None else None))
        except (KeyError, ValueError, re.error, regex.error) as exc:
            raise ValueError(f"{path}: rule {name}: {exc}") from None
    return tuple(rules)


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


def _matches(rule: PiiRule, text: str, start: int, end: int) -> Iterator[re.Match]:
    """``rule.regex.finditer(text, start, end)``, jumping over text where no match can start.

    With ``starts_at``, the pattern is tried only where that finder matches (every match starts there). With
    ``contains``, the search resumes at the start of the line of the next occurrence of that anchor (every match
    holds one, with no line break before it), or with ``within`` the pattern is tried only at the positions up to
    that many characters before each occurrence. Both give the same matches as ``finditer``: a match at a position
    does not depend on where the search began.
    """
    pattern = rule.regex
    pos = start
    if rule.starts_at is not None:
        find = rule.starts_at.search
        while (cand := find(text, pos, end)) is not None:
            m = pattern.match(text, cand.start(), end)
            if m is None:
                pos = cand.start() + 1
                continue
            if m.end() == m.start():  # an empty match: finditer's own rules for stepping on apply
                yield from pattern.finditer(text, m.start(), end)
                return
            yield m
            pos = m.end()
        return
    if rule.contains is not None and rule.within is not None:
        anchor, tried = rule.contains.search, pos
        while (a := anchor(text, tried, end)) is not None:
            for p in range(max(tried, a.start() - rule.within), a.start() + 1):
                m = pattern.match(text, p, end)
                if m is not None:
                    if m.end() == m.start():
                        yield from pattern.finditer(text, m.start(), end)
                        return
                    yield m
                    break
            else:
                tried = a.start() + 1
                continue
            tried = m.end()
        return
    if rule.contains is not None:
        anchor = rule.contains.search
        while (a := anchor(text, pos, end)) is not None:
            m = pattern.search(text, max(pos, text.rfind("\n", pos, a.start()) + 1), end)
            if m is None:
                return
            if m.end() == m.start():
                yield from pattern.finditer(text, m.start(), end)
                return
            yield m
            pos = m.end()
        return
    yield from pattern.finditer(text, start, end)


def find_personal_data(text: str, spans: list[tuple[int, int]] | None = None,
                       rules: tuple[PiiRule, ...] | None = None) -> list[Cut]:
    """Cuts (with placeholders) for personal data in ``text``, limited to ``spans`` if given; sorted, non-overlapping."""
    rules = load_pii_rules() if rules is None else rules
    regions = [(0, len(text))] if spans is None else spans
    found: list[Cut] = []
    taken: list[tuple[int, int]] = []
    iban_ends: list[int] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for rule in rules:
        if rule.prefilter is not None and rule.prefilter.search(text) is None:
            continue  # every match would contain the prefilter's text: none here
        if rule.validator == "bic_near_iban" and not iban_ends:
            continue  # the validator needs an IBAN before the BIC: none was found
        for rs, re_ in regions:
            for m in _matches(rule, text, rs, re_):
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
