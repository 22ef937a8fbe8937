"""``Record.construct_valid`` and the fast ``predicted``: records built without a second validation equal the
validated ones, and ``predicted`` still rejects what validation rejects."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from schemas import Actor, ActorMention, Provenance, predicted, stable_id


def _same(fast, slow) -> None:
    assert fast == slow
    assert fast.model_dump_json() == slow.model_dump_json()
    assert fast.model_fields_set == slow.model_fields_set
    assert type(fast).model_validate(fast.model_dump()) == fast


@pytest.mark.parametrize("score", [0.9, 0.55, 1, 0, 0.123456])
def test_schemas_predicted_equals_validated_provenance(score):
    slow = Provenance(source="heuristic", rule="direct_quote@1", score=round(score, 4), status="predicted")
    _same(predicted("direct_quote@1", score), slow)


@pytest.mark.parametrize(("rule", "score"), [("direct_quote", 0.5), ("x@1", 1.5), ("x@1", -0.1), ("x@1", float("nan"))])
def test_schemas_predicted_rejects_what_validation_rejects(rule, score):
    with pytest.raises(ValidationError):
        predicted(rule, score)


def test_schemas_construct_valid_equals_validated_records():
    text = "Olaf Scholz sagte das."
    slow = ActorMention(article_id="art_1", start=0, end=11, text="Olaf Scholz", actor_id="olaf_scholz", type="person",
                        provenance=predicted("title_name@1", 0.9))
    fast = ActorMention.construct_valid(
        {"article_id": "art_1", "start": 0, "end": 11, "text": "Olaf Scholz",
         "mention_id": stable_id("men", "art_1", 0, 11, "person"), "actor_id": "olaf_scholz", "type": "person",
         "provenance": predicted("title_name@1", 0.9)}, set(ActorMention.model_fields))
    _same(fast, slow)
    assert ActorMention.model_validate(fast.model_dump(), context={"text": text}) == fast
    slow_actor = Actor(actor_id="taz", name="taz", type="media")
    fast_actor = Actor.construct_valid({"actor_id": "taz", "name": "taz", "type": "media", "aliases": [], "wikidata": None},
                                       {"actor_id", "name", "type"})
    _same(fast_actor, slow_actor)
    fast_actor.aliases = ["die taz"]  # assignment is still validated
    assert fast_actor.aliases == ["die taz"] and "aliases" in fast_actor.model_fields_set
    with pytest.raises(ValidationError):
        fast_actor.type = "robot"
