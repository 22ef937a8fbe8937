"""The Label Studio labeling interface, generated from the record schemas.

Every closed label set comes from a ``Literal`` type in ``schemas/`` (actor types, claim kinds, stance labels);
the stance targets come from the target list (``builder/annotate/lexicons/targets.yaml``, read at call time).
A test fails when the schemas and :func:`label_config` drift apart.

Tag names (the ``from_name`` of every result) are module constants so the converters in
:mod:`builder.studio.tasks` and this interface cannot disagree:

- ``mention`` (Labels): actor mention spans, one label per actor type;
- ``claim`` (Labels): claim content spans, one label per claim kind;
- ``cue`` (Labels): the cue of a claim (verb of saying, "laut", "zufolge");
- relations ``claimant`` (claim → actor mention) and ``cue`` (claim → cue);
- ``actor_id`` (TextArea, per mention region): the canonical actor id;
- ``claimant_id`` (TextArea, per claim region): the claimant's actor id when no mention is linked (e.g. the
  outlet of an unattributed assertion);
- ``target`` (Choices, per claim region): the claim's own topic target;
- ``stance_<target id>`` (Choices, per claim region, one per target): the claimant's stance toward that target,
  as the claim shows it — a claim can bear on several targets.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import get_args
from xml.sax.saxutils import quoteattr

import yaml

from builder.errors import ConfigError
from schemas import ActorType, ClaimKind, StanceLabel

#: Name of the text object every region points at.
TEXT = "text"
#: Labels control for actor mentions.
MENTION = "mention"
#: Labels control for claims.
CLAIM = "claim"
#: Labels control (and its single label) for cues.
CUE = "cue"
#: Per-region TextArea on mentions holding the actor id.
ACTOR_ID = "actor_id"
#: Per-region TextArea on claims: the claimant's actor id when no claimant mention is linked.
CLAIMANT_ID = "claimant_id"
#: Per-region Choices on claims: the claim's topic target.
TARGET = "target"
#: Prefix of the per-region Choices on claims holding the claimant's stance toward one target.
STANCE_PREFIX = "stance_"
#: Relation label from a claim to its claimant mention.
CLAIMANT = "claimant"
#: Relation label from a claim to its cue.
CUE_RELATION = "cue"

ROOT = Path(__file__).resolve().parents[2]
#: The stance target list (YAML). Read at every call so edits show up without a restart.
TARGETS_YAML = ROOT / "builder" / "annotate" / "lexicons" / "targets.yaml"
#: Fallback when the YAML does not exist yet: the ids listed in the annotation conventions.
CONVENTIONS_MD = ROOT / "tests" / "gold" / "CONVENTIONS.md"

_COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"]


def actor_types() -> list[str]:
    """The mention labels: the values of ``schemas.ActorType``."""
    return list(get_args(ActorType))


def claim_kinds() -> list[str]:
    """The claim labels: the values of ``schemas.ClaimKind``."""
    return list(get_args(ClaimKind))


def stance_labels() -> list[str]:
    """The stance choices: the values of ``schemas.StanceLabel``."""
    return list(get_args(StanceLabel))


def target_ids(path: Path | None = None) -> list[str]:
    """The stance target ids, read now from ``targets.yaml`` (or the conventions file when it is missing).

    The YAML may be a list of ids, a list of mappings with an ``id`` key (an id may have several entries), a
    mapping of id → details, or any of these under a top-level ``targets`` key. Raises :class:`ConfigError` naming the file when it cannot be read.
    """
    yaml_path = path or TARGETS_YAML
    if yaml_path.is_file():
        return list(_cached(_targets_from_yaml, yaml_path))
    if path is None and CONVENTIONS_MD.is_file():
        return list(_cached(_targets_from_conventions, CONVENTIONS_MD))
    raise ConfigError(f"{yaml_path}: stance target list not found")


_READ: dict[tuple, tuple[str, ...]] = {}


def _cached(reader, path: Path) -> tuple[str, ...]:
    """``reader(path)``, re-read whenever the file's modification time or size changes."""
    st = path.stat()
    key = (reader.__name__, str(path), st.st_mtime_ns, st.st_size)
    if key not in _READ:
        _READ[key] = tuple(reader(path))
    return _READ[key]


def _targets_from_yaml(path: Path) -> list[str]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ConfigError(f"{path}: cannot read stance targets: {first}") from None
    if isinstance(data, dict) and "targets" in data:
        data = data["targets"]
    ids: list[str] = []
    if isinstance(data, dict):
        ids = [str(k) for k in data]
    elif isinstance(data, list):
        for item in data:
            if isinstance(item, str):
                ids.append(item)
            elif isinstance(item, dict) and isinstance(item.get("id"), str):
                ids.append(item["id"])
            else:
                raise ConfigError(f"{path}: stance target entry {item!r} has no 'id'")
    if not ids:
        raise ConfigError(f"{path}: no stance targets listed")
    for target in ids:
        if not re.fullmatch(r"[A-Za-z0-9_-]+", target):
            raise ConfigError(f"{path}: {target!r} is not a valid target id (letters, digits, _ and - only)")
    return list(dict.fromkeys(ids))  # one id may have several entries


def _targets_from_conventions(path: Path) -> list[str]:
    markdown = path.read_text(encoding="utf-8")
    match = re.search(r"^## Stance targets.*?$(.*?)(?=^## |\Z)", markdown, flags=re.M | re.S)
    if not match:
        raise ConfigError(f"{CONVENTIONS_MD}: no 'Stance targets' section")
    first_paragraph = match.group(1).strip().split("\n\n")[0]
    ids = re.findall(r"`([a-z0-9_]+)`", first_paragraph.split("Label:")[0])
    if not ids:
        raise ConfigError(f"{CONVENTIONS_MD}: no target ids in the 'Stance targets' section")
    return list(dict.fromkeys(ids))


def _labels(name: str, values: list[str], extra: str = "") -> str:
    lines = [f'  <Labels name="{name}" toName="{TEXT}"{extra}>']
    for i, value in enumerate(values):
        lines.append(f"    <Label value={quoteattr(value)} background={quoteattr(_COLOURS[i % len(_COLOURS)])}/>")
    lines.append("  </Labels>")
    return "\n".join(lines)


def stance_control(target: str) -> str:
    """Name of the Choices control holding the stance toward ``target``."""
    return STANCE_PREFIX + target


def stance_target(control: str) -> str | None:
    """The target id of a stance control name, ``None`` for any other control."""
    return control[len(STANCE_PREFIX):] if control.startswith(STANCE_PREFIX) else None


def _choices(name: str, values: list[str]) -> str:
    lines = [f'    <Choices name="{name}" toName="{TEXT}" perRegion="true" choice="single-radio" showInline="true">']
    lines += [f"      <Choice value={quoteattr(v)}/>" for v in values]
    lines.append("    </Choices>")
    return "\n".join(lines)


def label_config(targets: list[str] | None = None) -> str:
    """The labeling config XML, generated from the schemas' label sets and the stance target list.

    Args:
        targets: Stance target ids; read from :func:`target_ids` when not given.

    Returns:
        The ``<View>`` XML to set as the project's ``label_config``.
    """
    return _label_config(tuple(targets if targets is not None else target_ids()))


@lru_cache(maxsize=8)
def _label_config(targets: tuple[str, ...]) -> str:
    parts = [
        "<View>",
        "  <Style>.htx-text { white-space: pre-wrap; }</Style>",
        '  <Header value="$title"/>',
        _labels(MENTION, actor_types()),
        _labels(CLAIM, claim_kinds()),
        f'  <Labels name="{CUE}" toName="{TEXT}">\n    <Label value="{CUE}" background="#17becf"/>\n  </Labels>',
        f'  <Text name="{TEXT}" value="$text" granularity="symbol"/>',
        "  <Relations>",
        f'    <Relation value="{CLAIMANT}"/>',
        f'    <Relation value="{CUE_RELATION}"/>',
        "  </Relations>",
        f'  <View visibleWhen="region-selected" whenTagName="{MENTION}">',
        '    <Header value="Actor id (e.g. act_olaf_scholz)"/>',
        f'    <TextArea name="{ACTOR_ID}" toName="{TEXT}" perRegion="true" editable="true" maxSubmissions="1" '
        'rows="1" placeholder="act_..."/>',
        "  </View>",
        f'  <View visibleWhen="region-selected" whenTagName="{CLAIM}">',
        '    <Header value="Claimant actor id, only when no mention is linked (e.g. the outlet)" size="6"/>',
        f'    <TextArea name="{CLAIMANT_ID}" toName="{TEXT}" perRegion="true" editable="true" maxSubmissions="1" '
        'rows="1" placeholder="act_..."/>',
        '    <Header value="Target of the claim"/>',
        _choices(TARGET, list(targets)),
        '    <Header value="Stance of the claimant (leave empty where the claim says nothing)" size="5"/>',
        *[line for t in targets for line in (f"    <Header value={quoteattr(t)} size=\"6\"/>",
                                               _choices(stance_control(t), stance_labels()))],
        "  </View>",
        "</View>",
    ]
    return "\n".join(parts) + "\n"


@lru_cache(maxsize=8)
def _interface(config: str):
    from label_studio_sdk.label_interface import LabelInterface

    return LabelInterface(config)


def label_interface(config: str | None = None):
    """The SDK's ``LabelInterface`` for ``config`` (default: :func:`label_config`), cached per config."""
    return _interface(config if config is not None else label_config())
