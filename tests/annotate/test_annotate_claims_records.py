"""The predicted records :func:`builder.annotate.annotate` builds without a second validation equal the records
built through validation (the reference below, the plain way), and each validates against the article text."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from builder.annotate import _run, actors, annotate
from builder.document import Document
from builder.ingest import article_from_text
from schemas import Actor, ActorMention, Claim, Stance, predicted

ARTICLES = Path(__file__).resolve().parent / "articles"


def _reference(article) -> Document:
    """Every record through its validating constructor (the annotator before its fast path)."""
    ctx, raw = _run(article)
    aid, text = article.article_id, article.text
    doc = Document(article=article)
    mention_ids, seen = {}, {}
    kn = actors.known()
    for r in ctx.cache["mentions"]:
        m = ActorMention(article_id=aid, start=r.start, end=r.end, text=r.text, actor_id=r.actor_id, type=r.type,
                         provenance=predicted(r.rule, r.score))
        doc.mentions.append(m)
        mention_ids[(r.start, r.end)] = m.mention_id
        if r.actor_id not in seen:
            ka = kn.actors.get(r.actor_id)
            seen[r.actor_id] = Actor(actor_id=r.actor_id, name=ka.name if ka else r.name,
                                     type=ka.type if ka else r.type, aliases=[], wikidata=ka.wikidata if ka else None)
        actor = seen[r.actor_id]
        if r.text != actor.name and r.text not in actor.aliases:
            actor.aliases = [*actor.aliases, r.text]
    stance_by_claim = {}
    for cand in raw:
        if cand.layer == "stance":
            stance_by_claim.setdefault(cand.data["claim_key"], []).append(cand)
    for c in ctx.cache["claims"]:
        if c.claimant_actor_id and c.claimant_actor_id not in seen:
            seen[c.claimant_actor_id] = Actor(actor_id=c.claimant_actor_id, name=c.claimant_name or c.claimant_actor_id,
                                              type="media")
        claim = Claim(article_id=aid, start=c.start, end=c.end, text=text[c.start:c.end], kind=c.kind,
                      cue_start=c.cue[0] if c.cue else None, cue_end=c.cue[1] if c.cue else None,
                      cue_text=text[c.cue[0]:c.cue[1]] if c.cue else None,
                      claimant_mention_id=mention_ids.get(c.claimant_span) if c.claimant_span else None,
                      claimant_actor_id=c.claimant_actor_id, target=c.target, provenance=predicted(c.rule, c.score))
        doc.claims.append(claim)
        for st in stance_by_claim.get((c.start, c.end), []):
            if c.claimant_actor_id:
                doc.stances.append(Stance(article_id=aid, actor_id=c.claimant_actor_id, target=st.data["target"],
                                          label=st.label, claim_id=claim.claim_id, provenance=predicted(st.rule, st.score)))
    doc.actors = sorted(seen.values(), key=lambda a: a.actor_id)
    return doc


@cache
def _articles() -> list:
    texts = [(p.name, p.read_bytes(), None) for p in sorted(ARTICLES.glob("*.txt"))]
    texts.append(("outlet.txt", "Der Umsatz stieg 2024 um vier Prozent auf 12 Millionen Euro im Jahr.".encode(), "taz"))
    try:
        from benchmarks import generate  # noqa: PLC0415

        pool = generate.load_pool()
        texts += [(f"gen{i}.txt", generate.article(i, 11, pool).encode(), None) for i in range(40)]
    except (ImportError, OSError):  # the GermEval file is not on this machine: the test articles only
        pass
    return [article_from_text(raw, name, outlet=outlet) for name, raw, outlet in texts]


def test_annotate_claims_records_equal_validated_records():
    n = 0
    for article in _articles():
        fast, slow = annotate(article), _reference(article)
        for kind in ("mentions", "actors", "claims", "stances"):
            a, b = getattr(fast, kind), getattr(slow, kind)
            assert a == b, (article.source_file, kind)
            for x, y in zip(a, b):
                assert x.model_dump_json() == y.model_dump_json()
                assert x.model_fields_set == y.model_fields_set
                if hasattr(x, "provenance"):
                    assert x.provenance.model_fields_set == y.provenance.model_fields_set
                n += 1
    assert n > 500


def test_annotate_claims_records_validate_against_the_text():
    for article in _articles():
        doc = annotate(article)
        for rec in [*doc.mentions, *doc.actors, *doc.claims, *doc.stances]:
            again = type(rec).model_validate(rec.model_dump(), context={"text": article.text})
            assert again == rec
