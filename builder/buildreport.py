"""What a build did besides writing records: what it skipped and why, what cleaning removed or redacted.

Nothing is dropped silently: every skipped input and every removal is counted here with its reason,
printed by the CLI and written into the release as ``build_report.json``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from builder.errors import DocumentError


@dataclass
class Skip:
    """An input document (file, or file:line for JSONL) the build did not use, and why."""

    source: str
    reason: str
    detail: str


@dataclass
class BuildReport:
    """Counts and lists gathered while reading, cleaning and annotating."""

    articles: int = 0
    skipped: list[Skip] = field(default_factory=list)
    removed: Counter = field(default_factory=Counter)
    redacted: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    def skip(self, error: DocumentError) -> None:
        self.skipped.append(Skip(error.source, error.reason, error.detail))

    def count_removals(self, removals) -> None:
        """Count an article's removals: ``pii:*`` reasons as redactions, the rest as boilerplate removed."""
        for r in removals:
            if r.reason.startswith("pii:"):
                self.redacted[r.reason.removeprefix("pii:")] += 1
            else:
                self.removed[r.reason] += 1

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            "skipped": [vars(s) for s in sorted(self.skipped, key=lambda s: (s.source, s.reason))],
            "skipped_by_reason": dict(sorted(Counter(s.reason for s in self.skipped).items())),
            "removed_by_reason": dict(sorted(self.removed.items())),
            "redacted_by_type": dict(sorted(self.redacted.items())),
            "warnings": sorted(self.warnings),
        }
