"""Fixtures of the report tests: a factory that builds articles, records and human versions by hand."""

from __future__ import annotations

import re

import pytest

from builder.document import Document, HumanAnnotation
from schemas import Actor, ActorMention, Article, Claim, Provenance, Sentence, Stance, article_id_for


class Factory:
    """Builds records on an article by quoting the span text (``nth`` picks among repeated occurrences)."""

    def doc(self, text: str, name: str = "a", title: str | None = None) -> Document:
        sentences = [Sentence(start=m.start(), end=m.end()) for m in re.finditer(r"[^.!?“]+[.!?“]+", text)]
        article = Article(article_id=article_id_for(name, b""), source_file=f"{name}.txt", title=title, text=text,
                          raw_sha256="0" * 64, sentences=sentences)
        return Document(article=article)

    def empty(self, doc: Document) -> Document:
        """A document on the same article without records (for a human version)."""
        return Document(article=doc.article)

    def prov(self, rule: str | None, status: str, annotator: str | None) -> Provenance:
        if annotator is not None:
            return Provenance(source="human", annotator=annotator, rule=rule, status=status)
        return Provenance(source="heuristic", rule=rule or "rule@1", score=0.9, status=status)

    def span(self, doc: Document, quoted: str, nth: int = 0) -> tuple[int, int]:
        starts = [m.start() for m in re.finditer(re.escape(quoted), doc.article.text)]
        start = starts[nth]
        return start, start + len(quoted)

    def mention(self, doc: Document, quoted: str, type: str = "person", rule: str | None = "mention_rule@1",
                status: str = "predicted", annotator: str | None = None, actor_id: str | None = None,
                nth: int = 0) -> ActorMention:
        start, end = self.span(doc, quoted, nth)
        m = ActorMention(article_id=doc.article_id, start=start, end=end, text=quoted, type=type,
                         actor_id=actor_id or "act_" + quoted.lower().replace(" ", "_"),
                         provenance=self.prov(rule, status, annotator))
        doc.mentions.append(m)
        if not any(a.actor_id == m.actor_id for a in doc.actors):
            doc.actors.append(Actor(actor_id=m.actor_id, name=quoted, type=type))
        return m

    def claim(self, doc: Document, quoted: str, kind: str = "indirect_speech", claimant: ActorMention | None = None,
              rule: str | None = "claim_rule@1", status: str = "predicted", annotator: str | None = None,
              nth: int = 0) -> Claim:
        start, end = self.span(doc, quoted, nth)
        c = Claim(article_id=doc.article_id, start=start, end=end, text=quoted, kind=kind,
                  claimant_mention_id=claimant.mention_id if claimant else None,
                  claimant_actor_id=claimant.actor_id if claimant else None,
                  provenance=self.prov(rule, status, annotator))
        doc.claims.append(c)
        return c

    def stance(self, doc: Document, claim: Claim | None, actor_id: str, target: str, label: str,
               rule: str | None = "stance_rule@1", status: str = "predicted", annotator: str | None = None) -> Stance:
        s = Stance(article_id=doc.article_id, actor_id=actor_id, target=target, label=label,
                   claim_id=claim.claim_id if claim else None, provenance=self.prov(rule, status, annotator))
        doc.stances.append(s)
        return s

    def human(self, annotator: str, doc: Document, **kw) -> HumanAnnotation:
        return HumanAnnotation(annotator=annotator, document=doc, **kw)


@pytest.fixture(scope="session")
def make() -> Factory:
    return Factory()


#: An article of invented German news on an unrelated topic (written for these tests).
TEXT = (
    "Bürgermeisterin Anna Berger sagte, der neue Radweg sei sicher. "
    "Der Verkehrsclub widersprach: „Der Radweg ist zu schmal.“ "
    "Laut Stadtwerke kostet der Umbau drei Millionen Euro. "
    "Anna Berger kündigte an, dass die Arbeiten im Mai beginnen."
)


@pytest.fixture(scope="session")
def text() -> str:
    return TEXT
