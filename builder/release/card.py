"""The dataset card (``README.md`` of a release): YAML front matter for ``datasets`` and a body for people.

The front matter lists every config with its data files and its ``dataset_info`` features, derived from the schemas,
so ``datasets.load_dataset(<release>, <config>)`` keeps the ``ClassLabel`` names. The body documents every field
(from the models' field descriptions), the labels with their counts, the share of human-reviewed records, cleaning
and redaction counts, versions and how the release was built.
"""

from __future__ import annotations

import functools
import operator
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import yaml
from pydantic import BaseModel

from builder.document import Document
from builder.release.features import class_label_names, features_for
from builder.release.writer import shard_path
from schemas import CONFIGS


@dataclass
class CardStats:
    """Counts gathered while the records stream past: per config, per label field, per label."""

    labels: dict[str, dict[str, Counter]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Counter)))
    reviewed: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)

    def add(self, doc: Document) -> None:
        for config, records in (("mentions", doc.mentions), ("claims", doc.claims), ("stances", doc.stances)):
            if not records:
                continue
            self.total[config] += len(records)
            reviewed = sum(1 for r in records if r.provenance.source == "human" or r.provenance.status != "predicted")
            if reviewed:
                self.reviewed[config] += reviewed
            labels = self.labels[config]
            for path, get in _label_getters(config):
                labels[path].update(map(get, records))


@functools.cache
def _label_getters(config: str) -> tuple[tuple[str, operator.attrgetter], ...]:
    """``(dotted field path, its getter)`` of every ClassLabel field of a config (:func:`class_label_names`)."""
    return tuple((path, operator.attrgetter(path)) for path in class_label_names(config))


def _front_matter(name: str, counts: dict[str, int]) -> str:
    configs, infos = [], []
    for config in CONFIGS:
        if not counts.get(config):  # `datasets` cannot load a split without rows; the card says so in Contents
            continue
        entry = {"config_name": config, "data_files": [{"split": "train", "path": shard_path(config)}]}
        if config == "claims":
            entry["default"] = True
        configs.append(entry)
        infos.append({
            "config_name": config,
            "features": features_for(config)._to_yaml_list(),
        })
    meta = {
        "pretty_name": name,
        "language": ["de"],
        "license": "other",
        "task_categories": ["token-classification", "text-classification"],
        "tags": ["claims", "stance-detection", "actors", "german", "news", "claimset"],
        "configs": configs,
        "dataset_info": infos,
    }
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000) + "---\n"


def _type_name(model: type[BaseModel], name: str, feature: object) -> str:
    text = type(feature).__name__
    if hasattr(feature, "dtype") and text == "Value":
        return feature.dtype
    if text == "ClassLabel":
        return "label: " + " / ".join(feature.names)
    if isinstance(feature, dict):
        return "struct"
    return text.lower()


def _fields_table(config: str) -> list[str]:
    model = CONFIGS[config]
    features = features_for(config)
    lines = ["| field | type | meaning |", "|---|---|---|"]

    def rows(model: type[BaseModel], features: dict, prefix: str) -> None:
        for name, info in model.model_fields.items():
            feature = features[name]
            lines.append(f"| `{prefix}{name}` | {_type_name(model, name, feature)} | {info.description or ''} |")
            sub = getattr(info.annotation, "model_fields", None)
            if sub is not None and isinstance(feature, dict):
                rows(info.annotation, feature, f"{prefix}{name}.")

    rows(model, features, "")
    return lines


def render_card(*, name: str, version: str, schema_version: str, rules_version: str, counts: dict[str, int],
                stats: CardStats, actor_types: Counter, build: dict, quality_markdown: str = "") -> str:
    """The whole README.md of a release."""
    out = [_front_matter(name, counts), f"# {name} — version {version}", ""]
    out += [
        "Actors, claims and stances annotated in German news articles, pre-annotated by transparent rules "
        "and reviewed by people in Label Studio. Built with claimset.",
        "",
        f"- dataset version: **{version}** (semantic: major = schema change, minor = new articles or annotations, "
        "patch = corrections)",
        f"- schema version: **{schema_version}**",
        f"- rules version: **{rules_version}**",
        "",
        "## Contents",
        "",
        "| config | records | human-reviewed |",
        "|---|---:|---:|",
    ]
    for config in CONFIGS:
        total = stats.total.get(config)
        share = f"{stats.reviewed[config] / total:.1%}" if total else "—"
        out.append(f"| `{config}` | {counts.get(config, 0)} | {share} |")
    empty = [c for c in CONFIGS if not counts.get(c)]
    out += [
        "",
        *([f"No records of {', '.join(f'`{c}`' for c in empty)} in this version, so those configs are not listed "
           "in the card's `configs` (a config without rows cannot be loaded).", ""] if empty else []),
        "A record counts as human-reviewed when an annotator made it or gave it a status other than `predicted`. "
        "Annotators appear under stable pseudonyms (`provenance.annotator`), never by login or e-mail address. "
        "Records an annotator rejected stay in the data with `provenance.status == \"rejected\"`; filter them out "
        "for training (see Loading).",
        "",
        "## Loading",
        "",
        "```python",
        "from datasets import load_dataset",
        "",
        f'claims = load_dataset("path/to/{name}/{version}", "claims", split="train")',
        'kind = claims.features["kind"].int2str(claims[0]["kind"])',
        'rejected = claims.features["provenance"]["status"].str2int("rejected")',
        'reviewed = claims.filter(lambda r: r["provenance"]["status"] != rejected)',
        "```",
        "",
        "Every offset (`start`, `end`, `cue_start`, `cue_end`, sentence bounds) counts Unicode code points in the "
        "article's cleaned `text` (config `articles`), so `article.text[start:end] == record.text`.",
        "",
        "## Fields",
        "",
    ]
    for config in CONFIGS:
        out += [f"### `{config}`", "", *_fields_table(config), ""]
    out += ["## Labels", ""]
    for config in ("mentions", "claims", "stances"):
        for path, names in class_label_names(config).items():
            counter = stats.labels.get(config, {}).get(path, Counter())
            out.append(f"**{config}.{path}**: " + ", ".join(f"`{n}` {counter.get(n, 0)}" for n in names))
            out.append("")
    if actor_types:
        out.append("**actors.type**: " + ", ".join(f"`{n}` {actor_types.get(n, 0)}"
                                                  for n in class_label_names("actors")["type"]))
        out.append("")
    out += ["## Cleaning and personal data", ""]
    redacted = build.get("redacted_by_type", {})
    removed = build.get("removed_by_reason", {})
    skipped = build.get("skipped_by_reason", {})
    out.append("Personal data (e-mail addresses, IBANs, BICs, phone numbers, payment links, crypto wallets) is "
               "replaced in the text by typed placeholders such as `[IBAN]` before anything is annotated or released.")
    out.append("")
    out.append("| what | count |")
    out.append("|---|---:|")
    out += [f"| redacted: {k} | {v} |" for k, v in redacted.items()]
    out += [f"| removed: {k} | {v} |" for k, v in removed.items()]
    out += [f"| skipped input: {k} | {v} |" for k, v in skipped.items()]
    if not (redacted or removed or skipped):
        out.append("| nothing removed, redacted or skipped | 0 |")
    out += [
        "",
        "The full list (file, reason) is in `build_report.json` beside this card.",
        "",
        "## How it was built",
        "",
        f"`claimset build` read {build.get('articles', 0)} articles, cleaned them (boilerplate, personal data), "
        "split sentences, applied the labeling rules (each record names its rule as `name@version` in "
        "`provenance.rule`), merged the human annotations from `annotations/` over the predictions (human work "
        "wins; with several annotators the version marked ground truth, else the latest, is the one shown), and "
        "wrote this release. Building again from the same inputs and configuration gives byte-identical data "
        "files; `manifest.json` lists the sha256 of every file (`claimset verify` checks them) and "
        "`CHANGELOG.md` lists the records added, removed and changed since the previous version.",
        "",
        "Article texts remain the property of their publishers; use them for research only.",
        "",
    ]
    if quality_markdown:
        out += [quality_markdown.rstrip(), ""]
    return "\n".join(out)
