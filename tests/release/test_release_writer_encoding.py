"""The writer's own Parquet encoding equals datasets' ``Features.encode_batch`` for every config."""

import pytest
from datasets import ClassLabel, Features, List, Value

from builder.errors import ReleaseError
from builder.release.features import features_for
from builder.release.writer import _encoder
from schemas import CONFIGS


def _rows(seed_docs, config):
    if config == "articles":
        return [d.article.model_dump() for d in seed_docs]
    if config == "actors":
        return [a.model_dump() for d in seed_docs for a in d.actors]
    return [r.model_dump() for d in seed_docs for r in getattr(d, config)]


@pytest.fixture(scope="module")
def seed_docs():
    from builder.buildreport import BuildReport
    from builder.config import BuildConfig
    from builder.pipeline import predict

    from claimset_testing import SEEDS

    return list(predict(BuildConfig(input=SEEDS, workers=1), BuildReport()))


@pytest.mark.parametrize("config", CONFIGS)
def test_release_writer_encoding_equals_features_encode_batch(seed_docs, config):
    features = features_for(config)
    rows = _rows(seed_docs, config)
    assert rows
    batch = {name: [r[name] for r in rows] for name in features}
    ours = {name: col if (enc := _encoder(features[name])) is None else [enc(v) for v in col]
            for name, col in batch.items()}
    assert ours == features.encode_batch(batch)


def test_release_writer_encoding_nested_labels_and_nones():
    features = Features({"p": {"s": ClassLabel(names=["a", "b"]), "n": Value("int64")},
                         "l": List(ClassLabel(names=["x", "y"])), "v": Value("string")})
    batch = {"p": [{"s": "b", "n": 1}, None, {"s": None, "n": None}], "l": [["y", "x"], None, []],
             "v": ["t", None, "u"]}
    ours = {name: col if (enc := _encoder(features[name])) is None else [enc(v) for v in col]
            for name, col in batch.items()}
    assert ours == features.encode_batch(batch)
    assert ours["p"][0] == {"s": 1, "n": 1}


def test_release_writer_encoding_unknown_label_names_it():
    with pytest.raises(ReleaseError, match="'maybe' is not one of the labels favor, against, neutral"):
        _encoder(features_for("stances")["label"])("maybe")
