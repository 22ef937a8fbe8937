"""Personal and payment data: e-mail, IBAN, BIC, phone numbers, payment links, crypto wallets → typed placeholders.

The rules are data (``patterns/personal_data.yaml``); this module compiles them once and adds the checksum
validators (python-stdnum). Like boilerplate rules, it only *finds* spans; the caller replaces them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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
                                 prefilter=re.compile(item["prefilter"]) if item.get("prefilter") else None))
        except (KeyError, ValueError, re.error) as exc:
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
        for rs, re_ in regions:
            for m in rule.regex.finditer(text, rs, re_):
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
