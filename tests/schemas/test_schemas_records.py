"""Record validation: strict fields, span checks against the article text, stable ids, provenance rules."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from schemas import ActorMention, Article, Claim, Stance, actor_id_for, article_id_for, predicted
from claimset_testing import ROOT

TEXT = "Kanzler Olaf Scholz sagte, die Lage sei ernst."


def mention(**kw):
    data = dict(article_id="art_1", start=8, end=19, text="Olaf Scholz", actor_id="act_olaf_scholz",
                type="person", provenance=predicted("title_name@1", 0.9))
    data.update(kw)
    return data


def test_schemas_span_matching_text_validates():
    m = ActorMention.model_validate(mention(), context={"text": TEXT})
    assert TEXT[m.start:m.end] == m.text


def test_schemas_span_mismatch_is_a_clear_error():
    with pytest.raises(ValidationError, match=r"reads ' Olaf Schol' in the article but the record says"):
        ActorMention.model_validate(mention(start=7, end=18), context={"text": TEXT})


def test_schemas_span_length_must_fit_text():
    with pytest.raises(ValidationError, match="has 5 characters"):
        ActorMention.model_validate(mention(end=13))


def test_schemas_unknown_field_is_rejected():
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        ActorMention.model_validate(mention(colour="red"))


def test_schemas_unknown_label_is_rejected():
    with pytest.raises(ValidationError):
        ActorMention.model_validate(mention(type="planet"))


def test_schemas_ids_are_stable_hashes_of_content():
    a, b = ActorMention.model_validate(mention()), ActorMention.model_validate(mention())
    assert a.mention_id == b.mention_id and a.mention_id.startswith("men_")
    other = ActorMention.model_validate(mention(article_id="art_2"))
    assert other.mention_id != a.mention_id


def test_schemas_claim_cue_checked_against_text():
    data = dict(article_id="art_1", start=27, end=45, text="die Lage sei ernst", kind="indirect_speech",
                cue_start=20, cue_end=25, cue_text="sagte", provenance=predicted("say@1", 0.8))
    assert Claim.model_validate(data, context={"text": TEXT}).cue_text == "sagte"
    data["cue_start"], data["cue_end"] = 19, 24
    with pytest.raises(ValidationError, match="cue: span"):
        Claim.model_validate(data, context={"text": TEXT})


def test_schemas_heuristic_provenance_needs_versioned_rule():
    with pytest.raises(ValidationError, match="name@version"):
        predicted("no_version", 0.5)
    with pytest.raises(ValidationError, match="outside"):
        predicted("rule@1", 1.5)


def test_schemas_stance_id_ignores_label_so_corrections_keep_the_id():
    base = dict(article_id="a", actor_id="x", target="ceasefire", claim_id="c", provenance=predicted("r@1", 0.5))
    assert Stance(**base, label="favor").stance_id == Stance(**base, label="against").stance_id


def test_schemas_article_id_comes_from_source_not_cleaned_text():
    raw = b"Titel\n\nText."
    assert article_id_for(None, raw) == article_id_for(None, raw)
    assert article_id_for(None, raw) != article_id_for(None, raw + b" ")
    assert article_id_for("feed-17", raw) == article_id_for("feed-17", b"other bytes")


def test_schemas_article_sentences_must_lie_in_text():
    with pytest.raises(ValidationError, match="outside the text"):
        Article(article_id="a", source_file="a.txt", text="Kurz.", raw_sha256="0" * 64,
                sentences=[{"start": 0, "end": 50}])


def test_schemas_actor_id_for_normalises_names():
    assert actor_id_for("Frank-Walter Steinmeier") == "act_frank_walter_steinmeier"
    assert actor_id_for("Weißes Haus") == "act_weisses_haus"
    assert actor_id_for("Wolodymyr Selenskyj") == actor_id_for("wolodymyr  selenskyj")


def test_schemas_json_schema_files_match_models():
    done = subprocess.run([sys.executable, "-m", "schemas", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
