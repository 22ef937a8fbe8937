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
