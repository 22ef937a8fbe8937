"""Counts that describe the dataset as released, gathered article by article for the card and its charts."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from builder.document import Document
from builder.report.match import rnd

#: Record layers as the card names them.
RECORD_LAYERS = ("mentions", "claims", "stances")


@dataclass
class CorpusStats:
    """Label, status and claim counts of the released documents, and what human work went in."""

    articles: int = 0
    sentences: int = 0
    reviewed_articles: int = 0
    labels: dict[str, Counter] = field(default_factory=lambda: {name: Counter() for name in RECORD_LAYERS})
    status: dict[str, Counter] = field(default_factory=lambda: {name: Counter() for name in RECORD_LAYERS})
    claims_per_article: Counter = field(default_factory=Counter)
    claims_per_actor: Counter = field(default_factory=Counter)
    actor_names: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    actors: set[str] = field(default_factory=set)
    articles_with_human_version: int = 0
    articles_with_several_annotators: int = 0
    human_versions_used: int = 0
    left_out: Counter = field(default_factory=Counter)

    def add(self, doc: Document) -> None:
        """Count one released document."""
        self.articles += 1
        self.sentences += len(doc.article.sentences)
        layers = {"mentions": doc.mentions, "claims": doc.claims, "stances": doc.stances}
        self.labels["mentions"].update(m.type for m in doc.mentions)
        self.labels["claims"].update(c.kind for c in doc.claims)
        self.labels["stances"].update(s.label for s in doc.stances)
        reviewed = False
        for name, records in layers.items():
            for r in records:
                self.status[name][r.provenance.status] += 1
                reviewed = reviewed or r.provenance.status != "predicted"
        self.reviewed_articles += reviewed
        self.claims_per_article[len(doc.claims)] += 1
        self.claims_per_actor.update(c.claimant_actor_id for c in doc.claims if c.claimant_actor_id)
        for a in doc.actors:
            self.actor_names[a.actor_id][a.name] += 1
            self.actors.add(a.actor_id)
        self.actors.update(m.actor_id for m in doc.mentions)

    def name(self, actor_id: str) -> str:
        """The actor's most frequent name (ties: alphabetical), else its id."""
        names = self.actor_names.get(actor_id)
        return min(names.items(), key=lambda kv: (-kv[1], kv[0]))[0] if names else actor_id

    @property
    def unreviewed_share(self) -> float | None:
        total = sum(sum(c.values()) for c in self.status.values())
        return sum(c["predicted"] for c in self.status.values()) / total if total else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "sentences": self.sentences,
            "actors": len(self.actors),
            "records": {name: sum(self.labels[name].values()) for name in RECORD_LAYERS},
            "labels": {name: dict(sorted(self.labels[name].items())) for name in RECORD_LAYERS},
            "status": {name: dict(sorted(self.status[name].items())) for name in RECORD_LAYERS},
            "unreviewed_share": rnd(self.unreviewed_share),
            "reviewed_articles": self.reviewed_articles,
            "articles_with_human_version": self.articles_with_human_version,
            "articles_with_several_annotators": self.articles_with_several_annotators,
            "human_versions_used": self.human_versions_used,
            "annotations_left_out": dict(sorted(self.left_out.items())),
        }
