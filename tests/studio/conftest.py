"""Fixtures for the Label Studio converters: tiny hand-built documents (no server)."""

from __future__ import annotations

import pytest

from builder.document import Document
from schemas import ActorMention, Article, Claim, Stance, predicted

#: German text with characters outside the Basic Multilingual Plane before and inside the spans.
EMOJI_TEXT = ("🇩🇪 Olaf Scholz sagte, die Lage sei ernst 😟. "
              "Laut Kreml gibt es keine Einigung. Der Kanzler betonte, man brauche einen Waffenstillstand.")


def make_doc(text: str, mentions=(), claims=(), stances=(), article_id: str = "art_0000000000000001") -> Document:
    """Build a predicted document from quotes.

    mentions: ``(quote, type, actor_id)``; claims: ``(quote, kind, cue_quote | None, mention index | None,
    target | None)``; stances: ``(claim index, label)`` (actor and target from the claim).
    """
    article = Article(article_id=article_id, source_file="t.txt", title="Titel", text=text, raw_sha256="0" * 64)

    def at(quote: str) -> tuple[int, int]:
        i = text.index(quote)
        return i, i + len(quote)

    ms = []
    for quote, kind, actor in mentions:
        s, e = at(quote)
        ms.append(ActorMention(article_id=article_id, start=s, end=e, text=quote, type=kind, actor_id=actor,
                               provenance=predicted("actor_names@1", 0.9)))
    cs = []
    for quote, kind, cue, claimant, target in claims:
        s, e = at(quote)
        data = dict(article_id=article_id, start=s, end=e, text=quote, kind=kind, target=target,
                    provenance=predicted("claims_speech@1", 0.7))
        if cue:
            cs_, ce = at(cue)
            data.update(cue_start=cs_, cue_end=ce, cue_text=cue)
        if claimant is not None:
            data.update(claimant_mention_id=ms[claimant].mention_id, claimant_actor_id=ms[claimant].actor_id)
        cs.append(Claim(**data))
    ss = [Stance(article_id=article_id, actor_id=cs[i].claimant_actor_id, target=cs[i].target, label=label,
                 claim_id=cs[i].claim_id, provenance=predicted("stance_lex@1", 0.6)) for i, label in stances]
    return Document(article=article, mentions=ms, claims=cs, stances=ss)


def emoji_doc() -> Document:
    """Three mentions, three claims (two with cue and claimant), two stances, emoji before every span."""
    return make_doc(
        EMOJI_TEXT,
        mentions=[("Olaf Scholz", "person", "act_olaf_scholz"), ("Kreml", "government", "act_kreml"),
                  ("Kanzler", "person", "act_olaf_scholz")],
        claims=[("die Lage sei ernst 😟", "indirect_speech", "sagte", 0, "ceasefire"),
                ("gibt es keine Einigung", "attributed_report", "Laut", 1, "peace_negotiations"),
                ("man brauche einen Waffenstillstand", "indirect_speech", "betonte", 2, "ceasefire")],
        stances=[(0, "neutral"), (2, "favor")],
    )


@pytest.fixture
def doc() -> Document:
    """The emoji document (see :func:`emoji_doc`)."""
    return emoji_doc()


@pytest.fixture
def build_doc():
    """The document factory :func:`make_doc`."""
    return make_doc


@pytest.fixture
def fresh_doc():
    """A factory of new emoji documents (equal to ``doc``, but separate objects)."""
    return emoji_doc


@pytest.fixture
def emoji_text() -> str:
    """The text of the emoji document."""
    return EMOJI_TEXT
