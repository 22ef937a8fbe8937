"""Render the quality report as Markdown (for the dataset card) and as a self-contained HTML page.

Both renderers read the same list of blocks (:func:`blocks`), so the card and the HTML page never say
different things: a block is a heading, a paragraph, a table, a bullet list or the charts.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from collections.abc import Sequence
from typing import TYPE_CHECKING

from builder.report.charts import CHARTS
from builder.report.match import LAYERS, MODES

if TYPE_CHECKING:
    from builder.report.core import QualityReport


@dataclass
class Block:
    """One piece of the report: ``kind`` is h, p, table, ul, or charts (a heading and the chart files)."""

    kind: str
    text: str = ""
    level: int = 0
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    items: list[str] = field(default_factory=list)


def num(x: float | None, digits: int = 3) -> str:
    """A figure for a table cell; an undefined figure is a dash."""
    return "–" if x is None else f"{x:.{digits}f}"


def plural(n: int, noun: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def blocks(report: "QualityReport") -> list[Block]:
    """The report as blocks, in reading order."""
    out: list[Block] = [Block("h", "Quality report", 0)]
    c = report.corpus
    out.append(Block("h", "Corpus", 1))
    out.append(Block("table", headers=["figure", "value"], rows=[
        ["articles", str(c["articles"])],
        ["sentences", str(c["sentences"])],
        ["actors", str(c["actors"])],
        *[[name, str(n)] for name, n in c["records"].items()],
        ["records not reviewed (status predicted)", pct(c["unreviewed_share"])],
        ["articles with a human version", str(c["articles_with_human_version"])],
        ["articles with several annotators", str(c["articles_with_several_annotators"])],
        ["human versions used", str(c["human_versions_used"])],
        ["human versions left out", ", ".join(f"{k}: {v}" for k, v in c["annotations_left_out"].items()) or "none"],
    ]))
    rows = [[layer, label, str(n)] for layer, labels in c["labels"].items() for label, n in labels.items()]
    out.append(Block("table", headers=["records", "label", "count"], rows=rows))

    shown = [name for name in CHARTS if name in report.charts]
    if shown:
        out.append(Block("charts", "Charts", 1, items=shown))

    q = report.quality
    out.append(Block("h", "Pre-annotation against the human version", 1))
    out.append(Block("p", f"Rules' records scored against the human reference version of {plural(q.articles, 'article')} "
                     "(ground truth, else the latest submitted version). Span figures ignore labels; labelled "
                     "figures also require the label (actor type, claim kind, claimant, stance label); label "
                     "accuracy is measured on matched spans."))
    rows = []
    for layer in LAYERS:
        for mode in MODES:
            s = q.scores[layer][mode]
            rows.append([layer, mode, num(s.spans.precision), num(s.spans.recall), num(s.spans.f1),
                         num(s.labelled.f1), num(s.label_accuracy), str(s.spans.n_pred), str(s.spans.n_gold)])
    out.append(Block("table", headers=["layer", "match", "P", "R", "F1", "labelled F1", "label acc.", "predicted",
                                       "human"], rows=rows))

    r = report.rules
    out.append(Block("h", "Labeling functions", 1))
    source = "raw rule candidates" if r.source == "candidates" else "the records' provenance"
    out.append(Block("p", f"Outputs counted from {source}. Overlaps: outputs sharing characters with another rule's "
                     "output on the same layer; conflicts: of those, with a different label. Precision: outputs "
                     "matching a human record with the same label (n = outputs in human-annotated articles). "
                     "Accepted / corrected / rejected: annotators' decisions on the rule's records, one per record "
                     "and annotator (a record the annotator's version no longer holds counts as rejected)."))
    out.append(Block("table", headers=[
        "rule", "layers", "outputs", "article cov.", "sentence cov.", "overlaps", "conflicts",
        "P exact", "P overlap", "n", "accepted", "corrected", "rejected"], rows=[[
            s.rule, ", ".join(s.layers), str(s.outputs), pct(s.article_coverage), pct(s.sentence_coverage),
            pct(s.overlap_rate), pct(s.conflict_rate), num(s.precision_exact), num(s.precision_overlap),
            str(s.evaluated), str(s.review["accepted"]), str(s.review["corrected"]), str(s.review["rejected"]),
        ] for s in r.rules]))
    pair_rows = [[a, b, str(cnt["overlaps"]), str(cnt["conflicts"])]
                 for (a, b), cnt in sorted(r.pairs.items(), key=lambda kv: (-kv[1]["conflicts"], -kv[1]["overlaps"], kv[0]))
                 if cnt["overlaps"]][:15]
    if pair_rows:
        out.append(Block("table", headers=["rule", "other rule", "overlaps", "conflicts"], rows=pair_rows))

    a = report.agreement
    out.append(Block("h", "Inter-annotator agreement", 1))
    if a.articles == 0:
        out.append(Block("p", "No article has versions from two annotators yet."))
    else:
        out.append(Block("p", f"{plural(a.articles, 'article')} with several annotators ({', '.join(a.annotators)}). "
                         "Krippendorff's alpha (nominal) over spans that two or more annotators marked with the same "
                         "offsets; span F1 between annotator pairs."))
        out.append(Block("table", headers=["field", "alpha", "units", "values", "annotators", "note"], rows=[
            [name.replace("_", " "), num(x.alpha), str(x.units), str(x.values), str(x.annotators), x.note]
            for name, x in a.alpha.items()]))
        out.append(Block("table", headers=["layer", "match", "F1", "matched", "spans"], rows=[
            [layer, mode, num(p.f1), str(p.tp), str(p.n_pred + p.n_gold)]
            for layer, modes in a.span_f1.items() for mode, p in modes.items()]))
        out.append(Block("h", "Review queue", 2))
        if a.queue:
            more = f" (the {len(a.queue)} of {a.queue_total} with most disagreement)" if a.queue_total > len(a.queue) else ""
            out.append(Block("p", "Articles to adjudicate, most disagreement first" + more + ": the share of items "
                             "(mentions, claims, stances) on which annotators differ in presence, boundaries or label."))
            out.append(Block("table", headers=["article", "title", "annotators", "items", "differing", "disagreement"],
                             rows=[[e.article_id, e.title or "", ", ".join(e.annotators), str(e.items), str(e.differing),
                                    pct(e.disagreement)] for e in a.queue]))
        else:
            out.append(Block("p", "The annotators agree on every item; nothing to adjudicate."))

    n = report.network.to_dict()
    out.append(Block("h", "Stance network", 1))
    out.append(Block("p", f"{n['actors']} actors, {n['targets']} targets, {n['edges']} edges "
                     f"({', '.join(f'{k}: {v}' for k, v in n['edges_by_label'].items()) or 'none'}) from "
                     f"{n['stances']} stances; {n['neutral_not_in_network']} neutral and "
                     f"{n['rejected_not_in_network']} rejected stances make no edge. Files: network.graphml, "
                     "network_edges.csv (Source, Target, Type, Weight, Stance, ...)."))

    out.append(Block("h", "Known limitations", 1))
    out.append(Block("ul", items=report.limitations or ["None found by the automatic checks."]))
    return out


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def select(parts: list[Block], sections: Sequence[str]) -> list[Block]:
    """Only the named top-level sections (e.g. ``["Labeling functions"]``), without the report heading.

    Raises:
        ValueError: A name that is not a section of the report (the message lists the sections).
    """
    names = [b.text for b in parts if b.level == 1 and b.kind in ("h", "charts")]
    unknown = [s for s in sections if s not in names]
    if unknown:
        raise ValueError(f"unknown report section {unknown[0]!r}; sections: {', '.join(names)}")
    out, keep = [], False
    for b in parts:
        if b.level == 0 and b.kind == "h":
            continue
        if b.level == 1 and b.kind in ("h", "charts"):
            keep = b.text in sections
        if keep:
            out.append(b)
    return out


def to_markdown(parts: list[Block], chart_dir: str | None, heading_level: int = 2) -> str:
    """Markdown; images link to ``<chart_dir>/<name>`` (left out when ``chart_dir`` is ``None``)."""
    lines: list[str] = []
    for b in parts:
        if b.kind == "h":
            lines += ["#" * (heading_level + b.level) + " " + b.text, ""]
        elif b.kind == "p":
            lines += [b.text, ""]
        elif b.kind == "table":
            lines.append("| " + " | ".join(_md_cell(h) for h in b.headers) + " |")
            lines.append("|" + "|".join("---" for _ in b.headers) + "|")
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in b.rows]
            lines.append("")
        elif b.kind == "ul":
            lines += [f"- {item}" for item in b.items]
            lines.append("")
        elif b.kind == "charts" and chart_dir is not None:
            lines += ["#" * (heading_level + b.level) + " " + b.text, ""]
            for name in b.items:
                lines += [f"![{CHARTS[name]}]({chart_dir.rstrip('/')}/{name})", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#212121}
table{border-collapse:collapse;margin:0.5em 0 1.5em;font-size:0.9em}
th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:left;vertical-align:top}
th{background:#f5f5f5} img{max-width:100%;display:block;margin:0.5em 0 1.5em}
"""


def to_html(parts: list[Block], charts: dict[str, bytes]) -> str:
    """A standalone HTML page; charts are embedded as ``data:image/png;base64`` URIs."""
    e = html.escape
    body: list[str] = []
    for b in parts:
        if b.kind == "h":
            level = min(6, 1 + b.level)
            body.append(f"<h{level}>{e(b.text)}</h{level}>")
        elif b.kind == "p":
            body.append(f"<p>{e(b.text)}</p>")
        elif b.kind == "table":
            head = "".join(f"<th>{e(h)}</th>" for h in b.headers)
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in b.rows)
            body.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        elif b.kind == "ul":
            body.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in b.items) + "</ul>")
        elif b.kind == "charts":
            body.append(f"<h{min(6, 1 + b.level)}>{e(b.text)}</h{min(6, 1 + b.level)}>")
            for name in b.items:
                data = base64.b64encode(charts[name]).decode("ascii")
                body.append(f'<figure><img src="data:image/png;base64,{data}" alt="{e(CHARTS[name])}" '
                            f'data-name="{e(name)}"><figcaption>{e(CHARTS[name])}</figcaption></figure>')
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>claimset quality report</title>\n"
            f"<style>{_CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")
