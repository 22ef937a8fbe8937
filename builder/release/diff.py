"""What changed since the previous release: records added, removed and changed by id, the next version, the changelog.

Versioning (semantic): a different schema version → next major; new articles or new human annotations → next
minor; anything else (corrections, removed or changed records) → next patch; nothing changed → no new version.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from builder.release.writer import MANIFEST, iter_rows, record_digests
from schemas import CONFIGS, ID_FIELDS, SCHEMA_VERSION

_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
FIRST_VERSION = "1.0.0"


def parse_version(text: str) -> tuple[int, int, int] | None:
    m = _SEMVER.match(text)
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


def latest_release(dataset_dir: Path) -> Path | None:
    """The release folder with the highest semantic version under ``releases/<name>/``, if any."""
    if not dataset_dir.is_dir():
        return None
    versions = [(v, p) for p in dataset_dir.iterdir() if p.is_dir() and (v := parse_version(p.name))]
    return max(versions)[1] if versions else None


@dataclass
class ConfigChanges:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # id → names of changed fields

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class Changes:
    """Differences between a previous release (or nothing) and a new one, per config."""

    previous: str | None
    schema_changed: bool
    configs: dict[str, ConfigChanges]

    @property
    def empty(self) -> bool:
        return not self.schema_changed and all(c.empty for c in self.configs.values())


def diff_releases(old: Path | None, new: Path) -> Changes:
    """Compare two release folders record by record (``old`` may be None for a first release)."""
    old_manifest = json.loads((old / MANIFEST).read_text(encoding="utf-8")) if old else {}
    configs = {}
    for config in CONFIGS:
        before = record_digests(old, config) if old else {}
        after = record_digests(new, config)
        changes = ConfigChanges(
            added=sorted(after.keys() - before.keys()),
            removed=sorted(before.keys() - after.keys()),
        )
        changed_ids = {i for i in after.keys() & before.keys() if after[i] != before[i]}
        if changed_ids:
            changes.changed = _changed_fields(old, new, config, changed_ids)
        configs[config] = changes
    schema_changed = bool(old) and old_manifest.get("schema_version") != SCHEMA_VERSION
    return Changes(previous=old.name if old else None, schema_changed=schema_changed, configs=configs)


def _changed_fields(old: Path, new: Path, config: str, ids: set[str]) -> dict[str, list[str]]:
    id_field = ID_FIELDS[config]
    before = {r[id_field]: r for r in iter_rows(old, config) if r[id_field] in ids}
    after = {r[id_field]: r for r in iter_rows(new, config) if r[id_field] in ids}
    return {i: sorted(k for k in after[i] if after[i][k] != before[i].get(k)) for i in sorted(ids)}


def next_version(changes: Changes, human_added: bool) -> str | None:
    """The version the changes call for, or None when nothing changed."""
    if changes.previous is None:
        return FIRST_VERSION
    if changes.empty:
        return None
    major, minor, patch = parse_version(changes.previous)
    if changes.schema_changed:
        return f"{major + 1}.0.0"
    if changes.configs["articles"].added or human_added:
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def changelog(changes: Changes, version: str) -> str:
    """CHANGELOG.md of one release: records added, removed and changed since the previous release, by id."""
    lines = [f"# Changelog of version {version}", ""]
    if changes.previous is None:
        lines += ["First release: every record is new.", ""]
    else:
        lines += [f"Changes since version {changes.previous}.", ""]
    if changes.schema_changed:
        lines += ["The record schema changed (major version).", ""]
    for config, c in changes.configs.items():
        lines.append(f"## {config}")
        lines.append("")
        lines.append(f"{len(c.added)} added, {len(c.removed)} removed, {len(c.changed)} changed.")
        lines.append("")
        if changes.previous is not None:
            lines += [f"- added `{i}`" for i in c.added]
            lines += [f"- removed `{i}`" for i in c.removed]
            lines += [f"- changed `{i}` ({', '.join(f)})" for i, f in c.changed.items()]
            if not c.empty:
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"
