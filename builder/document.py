"""The unit that flows through the pipeline: one article and the records annotated on it."""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas import Actor, ActorMention, Article, Claim, Stance


@dataclass
class Document:
    """An article with its actor mentions, actors, claims and stances (predicted, human or merged)."""

    article: Article
    mentions: list[ActorMention] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)

    @property
    def article_id(self) -> str:
        return self.article.article_id


@dataclass
class HumanAnnotation:
    """One annotator's version of one article, as pulled from Label Studio into ``annotations/``.

    ``document`` holds the records as the annotator left them (provenance source 'human'); predictions the
    annotator deleted are kept there with status 'rejected'. ``state`` is 'submitted', 'skipped' or
    'cancelled'; ``stale`` is true when the task text no longer matches the article's cleaned text.
    """

    annotator: str
    document: Document
    annotation_id: int | None = None
    task_id: int | None = None
    updated_at: str | None = None
    ground_truth: bool = False
    state: str = "submitted"
    stale: bool = False


def to_annotate_json(doc: Document, source_id: str | None = None) -> dict:
    """The object ``claimset annotate`` prints for one document (offsets index ``text``).

    ``claims[i].claimant_mention`` is an index into ``mentions`` (or null); ``stances[i].claim`` an index into
    ``claims`` (or null); ``cue`` is ``{start, end}`` or null.
    """
    mention_index = {m.mention_id: i for i, m in enumerate(doc.mentions)}
    claim_index = {c.claim_id: i for i, c in enumerate(doc.claims)}
    return {
        "id": source_id if source_id is not None else (doc.article.source_id or doc.article_id),
        "article_id": doc.article_id,
        "text": doc.article.text,
        "mentions": [
            {"start": m.start, "end": m.end, "text": m.text, "type": m.type, "actor_id": m.actor_id,
             "rule": m.provenance.rule}
            for m in doc.mentions
        ],
        "claims": [
            {"start": c.start, "end": c.end, "text": c.text, "kind": c.kind,
             "claimant_mention": mention_index.get(c.claimant_mention_id) if c.claimant_mention_id else None,
             "claimant_actor_id": c.claimant_actor_id,
             "cue": {"start": c.cue_start, "end": c.cue_end} if c.cue_start is not None else None,
             "target": c.target, "rule": c.provenance.rule}
            for c in doc.claims
        ],
        "stances": [
            {"claim": claim_index.get(s.claim_id) if s.claim_id else None, "actor_id": s.actor_id,
             "target": s.target, "label": s.label, "rule": s.provenance.rule}
            for s in doc.stances
        ],
    }
