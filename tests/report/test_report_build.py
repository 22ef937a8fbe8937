"""The report entry point (builder.report.build_report): files, same bytes for same inputs, card content."""

import json
import re

import pytest

from builder.errors import ClaimsetError
from builder.report import FILES, ReportBuilder, build_report, make_report


@pytest.fixture(scope="module")
def inputs(make, text):
    a = make.doc(text, "a", title="Radweg")
    berger = make.mention(a, "Anna Berger", actor_id="act_anna_berger", rule="gazetteer@1")
    c = make.claim(a, "der neue Radweg sei sicher", claimant=berger, rule="indirect@1")
    make.stance(a, c, "act_anna_berger", "radweg", "favor", rule="stance_cue@1")
    b = make.doc(text, "b", title="Ohne Prüfung")
    make.claim(b, "Der Radweg ist zu schmal.", "direct_quote", rule="quote@1")

    versions = []
    for who, kind in (("x", "indirect_speech"), ("y", "direct_quote")):
        h = make.empty(a)
        hb = make.mention(h, "Anna Berger", actor_id="act_anna_berger", annotator=who, status="accepted")
        hc = make.claim(h, "der neue Radweg sei sicher", kind, claimant=hb, annotator=who,
                        status="accepted" if kind == "indirect_speech" else "corrected")
        make.stance(h, hc, "act_anna_berger", "radweg", "favor", annotator=who, status="accepted")
        versions.append(make.human(who, h, updated_at=f"2026-11-0{len(versions) + 1}"))
    human = {a.article_id: versions, "art_unknown": [make.human("x", make.empty(a))]}
    return [a, b], human


@pytest.fixture(scope="module")
def built(inputs, tmp_path_factory):
    """The report built once into a folder: (report, folder)."""
    out = tmp_path_factory.mktemp("report")
    docs, human = inputs
    return build_report(docs, human, out / "out"), out


def test_build_report_writes_every_file(built):
    report, tmp_path = built
    for name in FILES:
        assert (tmp_path / "out" / name).stat().st_size > 0, name
    assert sorted(p.name for p in (tmp_path / "out" / "charts").iterdir()) == sorted(report.charts)
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["corpus"]["annotations_left_out"] == {"article_not_in_corpus": 1}
    assert data["agreement"]["alpha"]["claim_kind"]["units"] == 1
    assert data["pre_annotation"]["layers"]["claim"]["exact"]["spans"]["f1"] == 1.0


def test_build_report_is_byte_identical_for_same_inputs(inputs, built, tmp_path):
    docs, human = inputs
    first = built[1] / "out"
    build_report(list(reversed(docs)), human, tmp_path)
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert len(files) == len(FILES) + 5
    for rel in files:
        assert (first / rel).read_bytes() == (tmp_path / rel).read_bytes(), rel


def test_report_markdown_has_tables_charts_and_limitations(built):
    tmp_path = built[1] / "out"
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    for heading in ("## Quality report", "### Corpus", "### Labeling functions", "### Inter-annotator agreement",
                    "#### Review queue", "### Known limitations"):
        assert heading + "\n" in md
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", md)
    assert len(images) == 5 and all((tmp_path / i).is_file() for i in images)
    assert "| quote@1 | claim | 1 | 50.0% |" in md
    # y's corrected kind disagrees with x's on the one shared claim: alpha rests on one unit
    assert "Alpha for claim kind rests on 1 unit(s) only." in md


def test_report_markdown_for_the_card_can_point_elsewhere(built):
    report = built[0]
    assert "](report/charts/stance_network.png)" in report.to_markdown("report/charts", heading_level=1)
    assert "![" not in report.to_markdown(None)


def test_report_html_embeds_every_chart(built):
    page = built[0].to_html()
    assert page.count('src="data:image/png;base64,') == 5
    assert "<h1>Quality report</h1>" in page and "Ohne Prüfung" not in page  # b is not in the review queue


def test_report_duplicate_article_is_one_clear_error(inputs):
    docs, human = inputs
    with pytest.raises(ClaimsetError, match=r"^documents: article art_\w+ appears twice$"):
        make_report([docs[0], docs[0]], human, charts=False)


def test_report_uses_merged_documents_for_the_dataset_figures(inputs, make):
    docs, human = inputs
    merged = [make.empty(docs[0]), make.empty(docs[1])]
    report = make_report(docs, human, merged=merged, charts=False)
    assert report.charts == {} and "![" not in report.to_markdown()
    assert report.corpus["records"] == {"mentions": 0, "claims": 0, "stances": 0}
    assert report.quality.articles == 1


def test_report_builder_streams_in_any_order(inputs):
    docs, human = inputs
    reports = []
    for order in (docs, list(reversed(docs))):
        builder = ReportBuilder()
        for doc in order:
            builder.add(doc, human.get(doc.article_id, ()))
        reports.append(builder.finish(charts=False))
    assert reports[0].to_json() == reports[1].to_json()
    assert reports[0].corpus["articles_with_several_annotators"] == 1


def test_report_builder_refuses_a_merged_document_of_another_article(inputs):
    docs, _ = inputs
    with pytest.raises(ClaimsetError, match=r"^merged document art_\w+ given for article art_\w+$"):
        ReportBuilder().add(docs[0], merged=docs[1])


def test_report_markdown_of_selected_sections(built):
    report = built[0]
    rules = report.to_markdown(None, heading_level=1, sections=["Labeling functions"])
    assert rules.startswith("## Labeling functions\n") and "| quote@1 |" in rules and "Corpus" not in rules
    with pytest.raises(ValueError, match=r"^unknown report section 'Rules'; sections: Corpus, Charts, "):
        report.to_markdown(sections=["Rules"])
