"""Scoring one article's predicted records against its gold (benchmarks.scoring.score_article)."""

import hashlib

from benchmarks.gold import resolve
from benchmarks.scoring import score_article
from builder.document import Document
from schemas import ActorMention, Article, Claim, Stance, predicted

TEXT = "Hegseth sagte, ein NATO-Beitritt der Ukraine sei unrealistisch. Menü Impressum"
AID = "art_test"

GOLD = {
    "_path": "t.yaml", "source_file": "t.txt",
    "ignore": [{"text": "Menü Impressum"}],
    "actors": {"act_pete_hegseth": "person", "act_ukraine": "country"},
    "mentions": [{"text": "Hegseth", "actor": "act_pete_hegseth"},
                 {"text": "Ukraine", "actor": "act_ukraine"}],
    "claims": [{"id": "c1", "kind": "indirect_speech", "text": "ein NATO-Beitritt der Ukraine sei unrealistisch",
                "cue": {"text": "sagte"}, "claimant": {"text": "Hegseth", "actor": "act_pete_hegseth"},
                "stances": [{"target": "ukraine_nato_membership", "label": "against"}]}],
}


def _article():
    return Article(article_id=AID, source_file="t.txt", text=TEXT, raw_sha256="0" * 64,
                   text_sha256=hashlib.sha256(TEXT.encode()).hexdigest())


def _mention(text, actor, typ, start=None):
    s = TEXT.index(text) if start is None else start
    return ActorMention(article_id=AID, start=s, end=s + len(text), text=text, actor_id=actor, type=typ,
                        provenance=predicted("m@1", 0.5))


def _claim(text, claimant, kind="indirect_speech"):
    s = TEXT.index(text)
    return Claim(article_id=AID, start=s, end=s + len(text), text=text, kind=kind, claimant_actor_id=claimant,
                 provenance=predicted("c@1", 0.5))


def test_score_article_counts_mentions_exact_and_overlap():
    doc = Document(article=_article(), mentions=[
        _mention("Hegseth", "act_pete_hegseth", "person"),
        _mention("der Ukraine", "act_ukraine", "country"),   # overlaps, not exact
        _mention("NATO", "act_nato", "organisation"),        # spurious
        _mention("Menü", "act_menu", "organisation"),        # in boilerplate: not scored
    ])
    s = score_article(resolve(GOLD, TEXT), doc)
    assert (s.mentions_exact.tp, s.mentions_exact.fp, s.mentions_exact.fn) == (1, 2, 1)
    assert (s.mentions_overlap.tp, s.mentions_overlap.fp, s.mentions_overlap.fn) == (2, 1, 0)
    assert s.mention_actor.value == 1.0
    assert s.ignored_predictions == 1


def test_score_article_claimant_and_stance():
    claim = _claim("NATO-Beitritt der Ukraine sei unrealistisch", "act_pete_hegseth")
    stance = Stance(article_id=AID, actor_id="act_pete_hegseth", target="ukraine_nato_membership", label="against",
                    claim_id=claim.claim_id, provenance=predicted("s@1", 0.5))
    s = score_article(resolve(GOLD, TEXT), Document(article=_article(), claims=[claim], stances=[stance]))
    assert s.claims.f1 == 1.0 and s.claim_kind.value == 1.0
    assert s.claimant.value == 1.0
    assert s.stance.value == 1.0 and s.stances.f1 == 1.0


def test_score_article_wrong_claimant_and_label_are_errors():
    claim = _claim("ein NATO-Beitritt der Ukraine sei unrealistisch", "act_ukraine")
    stance = Stance(article_id=AID, actor_id="act_ukraine", target="ukraine_nato_membership", label="favor",
                    claim_id=claim.claim_id, provenance=predicted("s@1", 0.5))
    s = score_article(resolve(GOLD, TEXT), Document(article=_article(), claims=[claim], stances=[stance]))
    assert s.claimant.value == 0.0 and s.errors.claimant
    assert s.stance.value == 0.0 and (s.stances.tp, s.stances.fp, s.stances.fn) == (0, 1, 1)


def test_score_article_missing_claim_is_a_false_negative_without_accuracy():
    s = score_article(resolve(GOLD, TEXT), Document(article=_article()))
    assert (s.claims.tp, s.claims.fn) == (0, 1)
    assert s.claimant.total == 0 and s.stance.total == 0
    assert s.errors.claim_fn == ["indirect_speech: 'ein NATO-Beitritt der Ukraine sei unrealistisch'"]


def test_score_article_counts_precision_per_rule():
    doc = Document(article=_article(), mentions=[
        _mention("Hegseth", "act_pete_hegseth", "person"), _mention("NATO", "act_nato", "organisation")])
    s = score_article(resolve(GOLD, TEXT), doc)
    acc = s.by_rule[("mention", "m@1")]
    assert (acc.correct, acc.total) == (1, 2)
