"""The Hugging Face features are derived from the schemas and the dataset card carries them unchanged."""

from __future__ import annotations

import typing

import datasets
import yaml

from builder.release.card import CardStats, render_card
from builder.release.features import class_label_names, features_for
from schemas import CONFIGS, ActorType, ClaimKind, StanceLabel, Status


def test_release_features_cover_every_model_field():
    for config, model in CONFIGS.items():
        assert list(features_for(config)) == list(model.model_fields), config


def test_release_features_closed_label_sets_are_class_labels():
    assert features_for("claims")["kind"].names == list(typing.get_args(ClaimKind))
    assert features_for("stances")["label"].names == list(typing.get_args(StanceLabel))
    assert features_for("mentions")["type"].names == list(typing.get_args(ActorType))
    assert features_for("actors")["type"].names == list(typing.get_args(ActorType))
    assert features_for("claims")["provenance"]["status"].names == list(typing.get_args(Status))


def test_release_features_nested_lists_and_values():
    article = features_for("articles")
    assert isinstance(article["sentences"], datasets.List)
    assert article["sentences"].feature["start"] == datasets.Value("int64")
    assert features_for("claims")["provenance"]["score"] == datasets.Value("float64")


def test_release_features_class_label_paths_include_nested_status():
    paths = class_label_names("claims")
    assert set(paths) == {"kind", "provenance.source", "provenance.status"}


def test_release_card_front_matter_round_trips_to_the_same_features():
    counts = {c: 1 for c in CONFIGS}
    text = render_card(name="demo", version="1.0.0", schema_version="1.0.0", rules_version="r", counts=counts,
                       stats=CardStats(), actor_types={}, build={})
    front = yaml.safe_load(text.split("---\n")[1])
    assert [c["config_name"] for c in front["configs"]] == list(CONFIGS)
    for info in front["dataset_info"]:
        restored = datasets.Features._from_yaml_list(info["features"])
        assert restored == features_for(info["config_name"])


def test_release_card_documents_every_field():
    text = render_card(name="demo", version="1.0.0", schema_version="1.0.0", rules_version="r",
                       counts={c: 1 for c in CONFIGS}, stats=CardStats(), actor_types={}, build={})
    for config, model in CONFIGS.items():
        for name in model.model_fields:
            assert f"| `{name}` |" in text, (config, name)
