"""Writing a release: Parquet shards per config, streamed in row groups, in a staging folder renamed into place.

Only this module and ``builder.store`` write files. A release is immutable: writing over an existing version is
refused, and a failed build removes its staging folder, so no half release is ever visible.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import ClassLabel, LargeList, List, Sequence, Value
from pydantic import BaseModel

from builder.document import Document
from builder.errors import ReleaseError
from builder.release.features import features_for
from schemas import CONFIGS

MANIFEST = "manifest.json"


def _encoder(feature) -> Callable[[Any], Any] | None:
    """How one value of ``feature`` becomes what Arrow stores, or ``None`` when it is stored as it is.

    The same as ``Features.encode_example`` for the features the schemas produce (``ClassLabel`` names become
    their index, inside structs and lists too; ``Value`` s pass through), without its per-value walk over every
    field (``tests/release/test_release_writer_encoding.py`` compares the two).
    """
    if isinstance(feature, ClassLabel):
        index = {name: i for i, name in enumerate(feature.names)}

        def label(value):
            if isinstance(value, str):
                if value not in index:
                    raise ReleaseError(f"{value!r} is not one of the labels {', '.join(feature.names)}")
                return index[value]
            return value
        return label
    if isinstance(feature, dict):
        fields = [(key, enc) for key, sub in feature.items() if (enc := _encoder(sub)) is not None]
        if not fields:
            return None

        def struct(value):
            if value is None:
                return None
            value = dict(value)
            for key, enc in fields:
                value[key] = enc(value.get(key))
            return value
        return struct
    if isinstance(feature, (List, LargeList, Sequence)):
        inner = _encoder(feature.feature)
        return None if inner is None else (lambda value: None if value is None else [inner(v) for v in value])
    if isinstance(feature, Value):
        return None
    raise ReleaseError(f"no Parquet encoding for feature {feature!r}")


def shard_path(config: str) -> str:
    """Path of a config's Parquet file inside a release, as the dataset card's ``data_files`` names it."""
    return f"data/{config}/train-00000-of-00001.parquet"


class ParquetSink:
    """Buffers rows of one config and writes them as Parquet row groups with the config's ``Features``."""

    def __init__(self, path: Path, config: str, rows_per_group: int = 5_000) -> None:
        self.config = config
        self.features = features_for(config)
        schema = self.features.arrow_schema
        path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = pq.ParquetWriter(path, schema, compression="zstd", write_statistics=False)
        self._schema = schema
        self._encoders = {name: _encoder(feature) for name, feature in self.features.items()}
        #: Struct columns (the provenance): rows of one document share their value, encoded once per flush.
        self._structs = {name for name, feature in self.features.items() if isinstance(feature, dict)}
        self._rows: list[dict] = []
        self._size = rows_per_group
        self.count = 0

    def add(self, row: dict) -> None:
        self._rows.append(row)
        if len(self._rows) >= self._size:
            self.flush()

    def flush(self) -> None:
        if not self._rows:
            return
        batch = {}
        for name, enc in self._encoders.items():
            column = [r[name] for r in self._rows]
            if enc is None:
                batch[name] = column
            elif name in self._structs:  # by id: the rows hold the values, so no id is reused meanwhile
                done: dict[int, Any] = {}
                batch[name] = [done[i] if (i := id(v)) in done else done.setdefault(i, enc(v)) for v in column]
            else:
                batch[name] = [enc(v) for v in column]
        self._writer.write_table(pa.Table.from_pydict(batch, schema=self._schema))
        self.count += len(self._rows)
        self._rows.clear()

    def close(self) -> None:
        self.flush()
        self._writer.close()


def pseudonym(annotator: str | None) -> str | None:
    """The name a release shows for an annotator: a stable pseudonym, never a login or e-mail address.

    ``annotations/`` (kept in the project's git) names annotators as Label Studio knows them; a published
    release only needs to tell annotators apart.
    """
    if not annotator:
        return annotator
    return "annotator_" + hashlib.sha256(b"claimset-annotator:" + annotator.encode("utf-8")).hexdigest()[:10]


def annotation_row(record: BaseModel, provenance_rows: dict[int, dict] | None = None) -> dict:
    """The row of a mention, claim or stance: ``record.model_dump()`` with the annotator pseudonymised.

    Built from the field dicts, which is what ``model_dump`` gives for these records: scalar fields and one
    provenance of scalar fields (``tests/release/test_release_rows.py`` compares the two). ``provenance_rows``:
    provenance rows by ``id()`` of their record, shared while those records live (one document).
    """
    prov = record.provenance
    rows = {} if provenance_rows is None else provenance_rows
    row = rows.get(id(prov))
    if row is None:
        row = rows[id(prov)] = {**prov.__dict__, "annotator": pseudonym(prov.annotator)}
    return {**record.__dict__, "provenance": row}


class ReleaseWriter:
    """Streams documents into a staging folder: one Parquet file per config, actors deduplicated by id."""

    def __init__(self, staging: Path) -> None:
        self.staging = staging
        staging.mkdir(parents=True, exist_ok=False)
        self.sinks = {c: ParquetSink(staging / shard_path(c), c) for c in CONFIGS if c != "actors"}
        self.actors: dict[str, dict] = {}

    def add(self, doc: Document) -> None:
        self.sinks["articles"].add(doc.article.model_dump())
        provenance_rows: dict[int, dict] = {}  # a provenance that records share becomes one row, once
        for config, records in (("mentions", doc.mentions), ("claims", doc.claims), ("stances", doc.stances)):
            add = self.sinks[config].add
            for record in records:
                add(annotation_row(record, provenance_rows))
        for actor in doc.actors:
            known = self.actors.get(actor.actor_id)
            row = actor.model_dump()
            if known is None:
                self.actors[actor.actor_id] = row
            else:  # the same actor seen in several articles: keep every alias, in sorted order
                known["aliases"] = sorted(set(known["aliases"]) | set(row["aliases"]))
                known["wikidata"] = known["wikidata"] or row["wikidata"]

    def close(self) -> dict[str, int]:
        """Finish every file; return the record count per config."""
        actors = ParquetSink(self.staging / shard_path("actors"), "actors")
        for actor_id in sorted(self.actors):
            actors.add(self.actors[actor_id])
        actors.close()
        for sink in self.sinks.values():
            sink.close()
        counts = {c: self.sinks[c].count for c in self.sinks}
        counts["actors"] = actors.count
        return {c: counts[c] for c in CONFIGS}

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_manifest(folder: Path, info: dict) -> dict:
    """Write ``manifest.json``: ``info`` plus the sha256 of every other file in the folder."""
    files = {
        p.relative_to(folder).as_posix(): sha256_file(p)
        for p in sorted(folder.rglob("*")) if p.is_file() and p.name != MANIFEST
    }
    manifest = {**info, "files": files}
    write_text(folder / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def verify_release(folder: Path) -> list[str]:
    """Problems found checking a release folder against its manifest; an empty list means it is intact."""
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise ReleaseError(f"{folder}: no {MANIFEST} (not a claimset release)")
    try:
        listed = json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError):
        raise ReleaseError(f"{manifest_path}: manifest is not valid JSON with a 'files' map") from None
    problems = []
    for name, digest in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif sha256_file(path) != digest:
            problems.append(f"{name}: sha256 differs from the manifest")
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST}
    problems += [f"{name}: not listed in the manifest" for name in sorted(present - set(listed))]
    return problems


def publish(staging: Path, final: Path) -> None:
    """Rename a finished staging folder into place; refuse if the version exists."""
    if final.exists():
        shutil.rmtree(staging, ignore_errors=True)
        raise ReleaseError(f"{final}: release exists already; releases are immutable, choose another --version")
    final.parent.mkdir(parents=True, exist_ok=True)
    os.rename(staging, final)


def iter_rows(folder: Path, config: str, columns: list[str] | None = None):
    """Stream a release's rows of one config (as stored: class labels as integers), one row group at a time."""
    path = folder / shard_path(config)
    if not path.is_file():
        return
    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches(batch_size=4_096, columns=columns):
        yield from batch.to_pylist()


def record_digest(row: dict) -> str:
    """A short digest of a stored row, to tell whether a record changed between releases."""
    return hashlib.sha256(json.dumps(row, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]
