"""The record modules' spelled-out id functions (``mention_id_for`` and the like) give exactly the id
``stable_id`` gives and the validating constructor fills in; ``predicted`` gives one frozen provenance per rule
and score."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from schemas import ActorMention, Claim, Stance, predicted, stable_id
from schemas.actor import mention_id_for
from schemas.claim import claim_id_for
from schemas.stance import stance_id_for

VALUES = [("art_0123456789abcdef", 0, 11, "person"), ("art_x", 12_345, 12_400, "organisation"),
          ("", -1, 0, ""), ("ärt\x1fß", 3, 7, "Ö ü"), (None, None, None, None), ("a", 1.5, True, 7)]


@pytest.mark.parametrize(("prefix", "id_for"), [("men", mention_id_for), ("clm", claim_id_for), ("stn", stance_id_for)])
@pytest.mark.parametrize("parts", VALUES)
def test_schemas_id_functions_equal_stable_id(prefix, id_for, parts):
    assert id_for(*parts) == stable_id(prefix, *parts)


def test_schemas_validated_records_get_the_spelled_out_ids():
    p = predicted("x@1", 0.5)
    m = ActorMention(article_id="art_1", start=0, end=3, text="SPD", actor_id="spd", type="organisation", provenance=p)
    assert m.mention_id == mention_id_for("art_1", 0, 3, "organisation") == stable_id("men", "art_1", 0, 3, "organisation")
    c = Claim(article_id="art_1", start=4, end=9, text="sagte", kind="direct_quote", provenance=p)
    assert c.claim_id == stable_id("clm", "art_1", 4, 9, "direct_quote")
    s = Stance(article_id="art_1", actor_id="spd", target="t", label="favor", claim_id=c.claim_id, provenance=p)
    assert s.stance_id == stable_id("stn", "art_1", c.claim_id, "spd", "t")
    no_claim = Stance(article_id="art_1", actor_id="spd", target="t", label="favor", provenance=p)
    assert no_claim.stance_id == stable_id("stn", "art_1", None, "spd", "t")
    given = ActorMention(article_id="art_1", start=0, end=3, text="SPD", actor_id="spd", type="organisation",
                         provenance=p, mention_id="men_given")
    assert given.mention_id == "men_given"


def test_schemas_predicted_provenance_is_one_frozen_record_per_rule_and_score():
    a, b = predicted("direct_quote@1", 0.9), predicted("direct_quote@1", 0.9)
    assert a is b and a != predicted("direct_quote@1", 0.8)
    with pytest.raises(ValidationError):  # frozen: a record sharing it cannot change it for the others
        a.status = "accepted"
    changed = a.model_copy(update={"status": "accepted"})
    assert changed.status == "accepted" and b.status == "predicted"
    assert predicted("direct_quote@1", 0.9).status == "predicted"


def test_schemas_predicted_keeps_the_sign_of_a_zero_score():
    assert str(predicted("x@1", -0.0).score) == "-0.0" and str(predicted("x@1", 0.0).score) == "0.0"
    assert str(predicted("x@1", 0).score) == "0.0" and str(predicted("x@1", -0.0).score) == "-0.0"
