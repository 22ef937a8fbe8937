"""The stance network (builder.report.network): edges, weights, GraphML and CSV."""

import csv
import io

import networkx as nx
import pytest

from builder.report.network import edge_csv, graphml_bytes, stance_network, write_network


@pytest.fixture
def docs(make, text):
    a = make.doc(text, "a")
    berger = make.mention(a, "Anna Berger", actor_id="act_anna_berger")
    club = make.mention(a, "Verkehrsclub", "organisation", actor_id="act_verkehrsclub")
    c1 = make.claim(a, "der neue Radweg sei sicher", claimant=berger)
    c2 = make.claim(a, "die Arbeiten im Mai beginnen", claimant=berger)
    c3 = make.claim(a, "Der Radweg ist zu schmal.", "direct_quote", claimant=club)
    make.stance(a, c1, "act_anna_berger", "radweg", "favor")
    make.stance(a, c2, "act_anna_berger", "radweg", "favor")
    make.stance(a, c3, "act_verkehrsclub", "radweg", "against")
    make.stance(a, c3, "act_verkehrsclub", "umbau", "neutral")
    make.stance(a, c2, "act_anna_berger", "umbau", "against", annotator="x", status="rejected")
    b = make.doc(text, "b")
    c = make.claim(b, "der neue Radweg sei sicher")
    make.stance(b, c, "act_verkehrsclub", "radweg", "favor")
    return [a, b]


def test_network_weights_count_claims_and_leave_out_neutral(docs):
    net = stance_network(docs)
    g = net.graph
    assert g["actor:act_anna_berger"]["target:radweg"]["favor"]["weight"] == 2
    assert set(g["actor:act_verkehrsclub"]["target:radweg"]) == {"favor", "against"}
    assert not g.has_node("target:umbau")
    assert net.to_dict() == {"stances": 6, "neutral_not_in_network": 1, "rejected_not_in_network": 1, "actors": 2,
                             "targets": 1, "edges": 3, "edges_by_label": {"against": 1, "favor": 2}}
    assert g.nodes["actor:act_anna_berger"]["label"] == "Anna Berger"


def test_network_graphml_reads_back(docs):
    back = nx.read_graphml(io.BytesIO(graphml_bytes(stance_network(docs))), force_multigraph=True)
    weights = sorted((u, v, d["stance"], d["weight"]) for u, v, d in back.edges(data=True))
    assert weights == [
        ("actor:act_anna_berger", "target:radweg", "favor", 2),
        ("actor:act_verkehrsclub", "target:radweg", "against", 1),
        ("actor:act_verkehrsclub", "target:radweg", "favor", 1),
    ]
    assert back.nodes["target:radweg"]["kind"] == "target"


def test_network_csv_edge_list(docs):
    rows = list(csv.DictReader(io.StringIO(edge_csv(stance_network(docs)))))
    assert [(r["Source"], r["Target"], r["Type"], r["Weight"], r["Stance"]) for r in rows] == [
        ("actor:act_anna_berger", "target:radweg", "Directed", "2", "favor"),
        ("actor:act_verkehrsclub", "target:radweg", "Directed", "1", "against"),
        ("actor:act_verkehrsclub", "target:radweg", "Directed", "1", "favor"),
    ]
    assert len(rows[0]["Claims"].split(";")) == 2


def test_network_files_are_byte_identical_for_same_input(docs, tmp_path):
    first, second = tmp_path / "1", tmp_path / "2"
    first.mkdir(), second.mkdir()
    write_network(stance_network(docs), first)
    write_network(stance_network(list(reversed(docs))), second)
    for name in ("network.graphml", "network_edges.csv"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
