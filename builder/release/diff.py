"""What changed since the previous release: records added, removed and changed by id, the next version, the changelog.

Versioning (semantic): a different schema version → next major; new articles or new human annotations → next
minor; anything else (corrections, removed or changed records) → next patch; nothing changed → no new version.
"""

from __future__ import annotations

import json
import re
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from builder.release.writer import MANIFEST, iter_rows, record_digest
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


def diff_releases(old: Path | None, new: Path, buckets: int = 64) -> Changes:
    """Compare two release folders record by record (``old`` may be None for a first release).

    Memory stays bounded whatever the release size: each side's (id, digest) pairs are spilled into ``buckets``
    files by id prefix, and the buckets are compared one at a time.
    """
    old_manifest = json.loads((old / MANIFEST).read_text(encoding="utf-8")) if old else {}
    configs = {}
    for config in CONFIGS:
        if old is None:  # a first release: every record is new; the changelog gives counts only
            configs[config] = ConfigChanges()
            continue
        with tempfile.TemporaryDirectory(prefix="claimset-diff-") as tmp:
            before = _spill(old, config, Path(tmp) / "old", buckets)
            after = _spill(new, config, Path(tmp) / "new", buckets)
            changes, changed_ids = ConfigChanges(), set()
            for b in range(buckets):
                was, now = _load_bucket(before[b]), _load_bucket(after[b])
                changes.added += now.keys() - was.keys()
                changes.removed += was.keys() - now.keys()
                changed_ids.update(i for i in now.keys() & was.keys() if now[i] != was[i])
        changes.added.sort()
        changes.removed.sort()
        if changed_ids:
            changes.changed = _changed_fields(old, new, config, changed_ids)
        configs[config] = changes
    schema_changed = bool(old) and old_manifest.get("schema_version") != SCHEMA_VERSION
    return Changes(previous=old.name if old else None, schema_changed=schema_changed, configs=configs)


def _spill(folder: Path, config: str, into: Path, buckets: int) -> list[Path]:
    """Write ``id<TAB>digest`` lines of one config into bucket files chosen by the id's hash."""
    into.mkdir(parents=True)
    paths = [into / f"{b:03d}.tsv" for b in range(buckets)]
    handles = [p.open("w", encoding="utf-8") for p in paths]
    try:
        id_field = ID_FIELDS[config]
        for row in iter_rows(folder, config):
            record_id = row[id_field]
            handles[zlib.crc32(record_id.encode("utf-8")) % buckets].write(f"{record_id}\t{record_digest(row)}\n")
    finally:
        for h in handles:
            h.close()
    return paths


def _changed_fields(old: Path, new: Path, config: str, ids: set[str]) -> dict[str, list[str]]:
    """Changed record id → the names of the fields that differ."""
    id_field = ID_FIELDS[config]
    before = {r[id_field]: r for r in iter_rows(old, config) if r[id_field] in ids}
    after = {r[id_field]: r for r in iter_rows(new, config) if r[id_field] in ids}
    return {i: sorted(k for k in after[i] if after[i][k] != before[i].get(k)) for i in sorted(ids)}


def _load_bucket(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8") as fh:
        return dict(line.rstrip("\n").split("\t", 1) for line in fh)


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


def changelog(changes: Changes, version: str, counts: dict[str, int]) -> str:
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
        if changes.previous is None:
            lines += [f"{counts.get(config, 0)} records.", ""]
            continue
        lines.append(f"{len(c.added)} added, {len(c.removed)} removed, {len(c.changed)} changed.")
        lines.append("")
        lines += [f"- added `{i}`" for i in c.added]
        lines += [f"- removed `{i}`" for i in c.removed]
        lines += [f"- changed `{i}` ({', '.join(f)})" for i, f in c.changed.items()]
        if not c.empty:
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
