"""Charts (builder.report.charts): PNGs that are byte-identical for the same data, with no metadata."""

import hashlib
import struct
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

from builder.report import charts
from builder.report.network import stance_network


def chunks(png: bytes) -> list[bytes]:
    """The chunk types of a PNG file."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    out, pos = [], 8
    while pos < len(png):
        length, kind = struct.unpack(">I4s", png[pos:pos + 8])
        out.append(kind)
        pos += 12 + length
    return out


@pytest.fixture
def docs(make, text):
    a = make.doc(text, "a")
    berger = make.mention(a, "Anna Berger", actor_id="act_anna_berger")
    make.mention(a, "Verkehrsclub", "organisation", actor_id="act_verkehrsclub", status="accepted", annotator="x")
    c = make.claim(a, "der neue Radweg sei sicher", claimant=berger)
    make.claim(a, "Der Radweg ist zu schmal.", "direct_quote")
    make.stance(a, c, "act_anna_berger", "radweg", "favor")
    return [a, make.doc(text, "b")]


def test_charts_are_png_without_text_or_time_chunks(docs):
    rendered = charts.all_charts(charts.corpus_stats(docs), stance_network(docs))
    assert list(rendered) == list(charts.CHARTS)
    for name, png in rendered.items():
        kinds = chunks(png)
        assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND", name
        assert not {b"tEXt", b"iTXt", b"zTXt", b"tIME"} & set(kinds), name


def test_charts_two_renders_are_byte_identical_and_ignore_global_style(docs):
    first = charts.all_charts(charts.corpus_stats(docs), stance_network(docs))
    with matplotlib.rc_context({"font.size": 20, "axes.facecolor": "black", "lines.linewidth": 7}):
        second = charts.all_charts(charts.corpus_stats(docs), stance_network(docs))
    assert first == second
    assert charts.label_distribution(charts.corpus_stats(docs[:1])) != charts.label_distribution(charts.corpus_stats(docs[1:]))


def test_charts_render_empty_corpus():
    rendered = charts.all_charts(charts.corpus_stats([]), stance_network([]))
    assert all(png.startswith(b"\x89PNG") for png in rendered.values())


@pytest.mark.slow
def test_charts_same_bytes_in_a_fresh_process(docs):
    here = hashlib.sha256(charts.claims_per_article(charts.corpus_stats(docs))).hexdigest()
    code = (
        "import hashlib, sys; sys.path.insert(0, 'tests/report');"
        "from conftest import Factory, TEXT; from builder.report import charts;"
        "f = Factory(); a = f.doc(TEXT, 'a'); b = f.mention(a, 'Anna Berger', actor_id='act_anna_berger');"
        "f.mention(a, 'Verkehrsclub', 'organisation', actor_id='act_verkehrsclub', status='accepted', annotator='x');"
        "f.claim(a, 'der neue Radweg sei sicher', claimant=b); f.claim(a, 'Der Radweg ist zu schmal.', 'direct_quote');"
        "print(hashlib.sha256(charts.claims_per_article(charts.corpus_stats([a, f.doc(TEXT, 'b')]))).hexdigest())"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert out.stdout.strip() == here


def test_histogram_bins_claim_counts():
    assert charts.histogram({0: 1, 2: 3}) == {"0": 1, "1": 0, "2": 3}
    # 0..36 in at most 15 bins: width 3
    binned = charts.histogram({14: 2, 15: 2, 36: 1})
    assert len(binned) == 13 and binned["12–14"] == 2 and binned["15–17"] == 2 and binned["36"] == 1
    assert sum(binned.values()) == 5
