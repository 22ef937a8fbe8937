"""Hugging Face ``Features`` derived from the pydantic record models — never written by hand.

A closed label set (a ``Literal``) becomes a ``ClassLabel`` with the literal's names in order; ``str``,
``int``, ``float`` and ``bool`` become ``Value``; ``list[X]`` becomes ``List(X)``; a nested model becomes a
dict of its fields. ``Optional[X]`` is ``X`` (a missing value is stored as null).
"""

from __future__ import annotations

import types
import typing
from functools import cache
from typing import Any, Literal, Union

import datasets
from pydantic import BaseModel

from schemas import CONFIGS

_VALUES = {str: "string", int: "int64", float: "float64", bool: "bool"}


def _unwrap_optional(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"cannot derive a feature from the union {annotation!r}")
        return args[0]
    return annotation


def feature_for(annotation: Any) -> Any:
    """The ``datasets`` feature for one field annotation."""
    annotation = _unwrap_optional(annotation)
    origin = typing.get_origin(annotation)
    if origin is Literal:
        return datasets.ClassLabel(names=[str(a) for a in typing.get_args(annotation)])
    if origin is list:
        (item,) = typing.get_args(annotation)
        return datasets.List(feature_for(item))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_features(annotation)
    if annotation in _VALUES:
        return datasets.Value(_VALUES[annotation])
    raise TypeError(f"cannot derive a feature from {annotation!r}")


def model_features(model: type[BaseModel]) -> dict[str, Any]:
    """Field name → feature, in the model's field order."""
    return {name: feature_for(field.annotation) for name, field in model.model_fields.items()}


@cache
def features_for(config: str) -> datasets.Features:
    """The ``Features`` of one dataset config ('articles', 'actors', 'mentions', 'claims', 'stances')."""
    return datasets.Features(model_features(CONFIGS[config]))


def class_label_names(config: str) -> dict[str, list[str]]:
    """Dotted field path → label names, for every ClassLabel in a config (used by the dataset card)."""
    found: dict[str, list[str]] = {}

    def walk(prefix: str, feature: Any) -> None:
        if isinstance(feature, datasets.ClassLabel):
            found[prefix] = list(feature.names)
        elif isinstance(feature, dict):
            for key, sub in feature.items():
                walk(f"{prefix}.{key}" if prefix else key, sub)
        elif isinstance(feature, datasets.List):
            walk(prefix, feature.feature)

    walk("", dict(features_for(config)))
    return found
