"""The labeling interface is generated from the schemas and the stance target list."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from typing import get_args

import pytest
from label_studio_sdk.label_interface import LabelInterface

from builder.errors import ConfigError
from builder.studio import interface as ui
from schemas import ActorType, ClaimKind, StanceLabel


def _values(root: ET.Element, tag: str, name: str, child: str) -> list[str]:
    node = root.find(f".//{tag}[@name='{name}']")
    assert node is not None, f"no <{tag} name='{name}'>"
    return [c.get("value") for c in node.findall(child)]


def test_interface_label_sets_match_schema_literals():
    root = ET.fromstring(ui.label_config(["t_one", "t_two"]))
    assert _values(root, "Labels", ui.MENTION, "Label") == list(get_args(ActorType))
    assert _values(root, "Labels", ui.CLAIM, "Label") == list(get_args(ClaimKind))
    assert _values(root, "Labels", ui.CUE, "Label") == [ui.CUE]
    for target in ("t_one", "t_two"):  # one stance row per target
        assert _values(root, "Choices", ui.stance_control(target), "Choice") == list(get_args(StanceLabel))
    assert _values(root, "Choices", ui.TARGET, "Choice") == ["t_one", "t_two"]
    relations = [r.get("value") for r in root.findall(".//Relations/Relation")]
    assert relations == [ui.CLAIMANT, ui.CUE_RELATION]


def test_interface_per_region_controls_cover_every_exported_field():
    root = ET.fromstring(ui.label_config(["t"]))
    for name in (ui.ACTOR_ID, ui.CLAIMANT_ID):
        area = root.find(f".//TextArea[@name='{name}']")
        assert area is not None and area.get("perRegion") == "true"
    for name in (ui.TARGET, ui.stance_control("t")):
        assert root.find(f".//Choices[@name='{name}']").get("perRegion") == "true"
    # Spaces must be kept as they are, or offsets shift.
    assert "white-space: pre-wrap" in root.find("Style").text


def test_interface_config_is_accepted_by_the_sdk():
    li = LabelInterface(ui.label_config(["a", "b"]))
    li.validate()
    assert sorted(c.name for c in li.controls) == sorted(
        [ui.MENTION, ui.CLAIM, ui.CUE, ui.ACTOR_ID, ui.CLAIMANT_ID, ui.TARGET, ui.stance_control("a"),
         ui.stance_control("b")])


def test_interface_targets_fall_back_to_conventions_ids(tmp_path, monkeypatch):
    monkeypatch.setattr(ui, "TARGETS_YAML", tmp_path / "missing.yaml")
    assert ui.target_ids()[:2] == ["ukraine_nato_membership", "peace_negotiations"]


def test_interface_targets_follow_the_project_target_list():
    root = ET.fromstring(ui.label_config())
    assert _values(root, "Choices", ui.TARGET, "Choice") == ui.target_ids()


@pytest.mark.parametrize("body", [
    "- ceasefire\n- peace_negotiations\n",
    "targets:\n  - id: ceasefire\n    label: Waffenruhe\n  - id: peace_negotiations\n",
    "# comment\nceasefire: {label: Waffenruhe}\npeace_negotiations: {}\n",
])
def test_interface_targets_read_from_yaml_formats(tmp_path, body):
    path = tmp_path / "targets.yaml"
    path.write_text(body, encoding="utf-8")
    assert ui.target_ids(path) == ["ceasefire", "peace_negotiations"]


def test_interface_target_with_several_entries_is_listed_once(tmp_path):
    path = tmp_path / "targets.yaml"
    path.write_text("targets:\n  - id: b\n  - id: a\n  - id: b\n", encoding="utf-8")
    assert ui.target_ids(path) == ["b", "a"]


def test_interface_targets_reread_when_the_file_changes(tmp_path):
    path = tmp_path / "targets.yaml"
    path.write_text("- a\n", encoding="utf-8")
    assert ui.target_ids(path) == ["a"]
    path.write_text("- a\n- bb\n", encoding="utf-8")
    os.utime(path, ns=(1, 10**18))
    assert ui.target_ids(path) == ["a", "bb"]


@pytest.mark.parametrize("body, problem", [
    ("- a\n  - : [\n", "cannot read stance targets"),
    ("[]\n", "no stance targets"),
    ("- {name: a}\n", "has no 'id'"),
    ("- 'a b'\n", "not a valid target id"),
])
def test_interface_targets_bad_yaml_names_the_file(tmp_path, body, problem):
    path = tmp_path / "targets.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        ui.target_ids(path)
    assert str(path) in str(err.value) and problem in str(err.value)
    assert "\n" not in str(err.value)
