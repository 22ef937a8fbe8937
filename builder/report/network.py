"""The discourse network: which actor is for or against which target, weighted by the claims that show it.

A directed bipartite multigraph: actor nodes (``kind=actor``, name, actor type) point at target nodes
(``kind=target``); there is at most one ``favor`` and one ``against`` edge per actor and target, weighted by
the number of distinct claims the stances rest on (a stance without a claim counts once). Neutral stances
make no edge; they are counted in :attr:`StanceNetwork.neutral`.

Exports: GraphML (networkx) and a CSV edge list in the Gephi / visone convention (``Source``, ``Target``,
``Type``, ``Weight``, ...) that discourse-network tools read; node and edge order is sorted, so the same
stances give the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from builder.document import Document

#: Stance labels that make an edge, in drawing order.
EDGE_LABELS = ("favor", "against")

#: Columns of the CSV edge list.
CSV_COLUMNS = ("Source", "Target", "Type", "Weight", "Stance", "SourceLabel", "TargetLabel", "Claims")


@dataclass
class StanceNetwork:
    """The graph and what did not go into it."""

    graph: nx.MultiDiGraph
    neutral: int = 0
    stances: int = 0
    rejected: int = 0
    edges_by_label: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        actors = sum(1 for _, d in self.graph.nodes(data=True) if d["kind"] == "actor")
        return {
            "stances": self.stances, "neutral_not_in_network": self.neutral, "rejected_not_in_network": self.rejected,
            "actors": actors, "targets": self.graph.number_of_nodes() - actors,
            "edges": self.graph.number_of_edges(), "edges_by_label": dict(sorted(self.edges_by_label.items())),
        }


def actor_node(actor_id: str) -> str:
    return f"actor:{actor_id}"


def target_node(target: str) -> str:
    return f"target:{target}"


class NetworkCounts:
    """Accumulates stances article by article (:meth:`add`), then :meth:`result` builds the graph."""

    def __init__(self) -> None:
        self.names: dict[str, Counter] = defaultdict(Counter)
        self.claims: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        self.neutral = self.total = self.rejected = 0

    def add(self, doc: Document) -> None:
        for a in doc.actors:
            self.names[a.actor_id][(a.name, a.type)] += 1
        for s in doc.stances:
            self.total += 1
            if s.provenance.status == "rejected":
                self.rejected += 1
            elif s.label == "neutral":
                self.neutral += 1
            else:
                self.claims[(s.actor_id, s.target, s.label)].add(s.claim_id or f"stance:{s.stance_id}")

    def result(self) -> StanceNetwork:
        # the most frequent (name, type) of an actor, ties by name, so document order does not matter
        names = {a: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for a, c in self.names.items()}
        claims = self.claims
        graph = nx.MultiDiGraph()
        for a in sorted({a for a, _, _ in claims}):
            name, type_ = names.get(a, (a, "other"))
            graph.add_node(actor_node(a), kind="actor", label=name, actor_type=type_)
        for t in sorted({t for _, t, _ in claims}):
            graph.add_node(target_node(t), kind="target", label=t, actor_type="")
        by_label: dict[str, int] = defaultdict(int)
        for (a, t, label) in sorted(claims):
            ids = sorted(claims[(a, t, label)])
            graph.add_edge(actor_node(a), target_node(t), key=label, stance=label, weight=len(ids),
                           claims=";".join(ids))
            by_label[label] += 1
        return StanceNetwork(graph, self.neutral, self.total, self.rejected, dict(by_label))


def stance_network(documents: Iterable[Document]) -> StanceNetwork:
    """Build the network from the stances of the documents (the dataset as released).

    Stances with status ``rejected`` are left out and counted.
    """
    acc = NetworkCounts()
    for doc in documents:
        acc.add(doc)
    return acc.result()


def graphml_bytes(net: StanceNetwork) -> bytes:
    """The network as GraphML (UTF-8)."""
    buf = io.BytesIO()
    nx.write_graphml(net.graph, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def edge_csv(net: StanceNetwork) -> str:
    """The network as a CSV edge list, one row per actor, target and stance, sorted."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    g = net.graph
    for u, v, key, d in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        writer.writerow([u, v, "Directed", d["weight"], d["stance"], g.nodes[u]["label"], g.nodes[v]["label"],
                         d["claims"]])
    return buf.getvalue()


def write_network(net: StanceNetwork, out_dir: Path) -> list[Path]:
    """Write ``network.graphml`` and ``network_edges.csv`` into ``out_dir``; returns the paths."""
    graphml = out_dir / "network.graphml"
    graphml.write_bytes(graphml_bytes(net))
    edges = out_dir / "network_edges.csv"
    edges.write_text(edge_csv(net), encoding="utf-8", newline="")
    return [graphml, edges]
