"""Reading GermEval 2014 sentences and choosing the news ones (benchmarks.germeval)."""

from benchmarks.germeval import host_of, is_news, parse

TSV = """#\thttp://www.spiegel.de/politik/a.html\t[2009-10-17]\t
1\tAngela\tB-PER\tO
2\tMerkel\tI-PER\tO
3\tlobt\tO\tO
4\tdie\tO\tO
5\tFIFA-Schiedsrichter\tB-ORGpart\tO
6\tvon\tO\tO
7\tSiemens\tB-ORG\tO
8\t.\tO\tO

#\thttp://de.wikipedia.org/wiki/Toyota\t[2009-08-13]\t
1\tToyota\tB-ORG\tO
"""


def test_parse_builds_text_and_outer_spans():
    first, second = parse(TSV.splitlines(True))
    assert first.text == "Angela Merkel lobt die FIFA-Schiedsrichter von Siemens ."
    assert [first.text[s:e] for s, e in first.actor_spans] == ["Angela Merkel", "Siemens"]
    assert "ORGpart" in first.spans  # kept apart, not an actor
    assert second.actor_spans == [(0, 6)]


def test_news_is_everything_but_wikipedia():
    assert is_news("http://www.spiegel.de/politik/a.html")
    assert is_news("welt.de vom 09.03.2006")
    assert not is_news("http://de.wikipedia.org/wiki/Toyota")
    assert host_of("welt.de vom 09.03.2006") == "welt.de"


def test_read_names_file_and_line_of_a_broken_row(tmp_path):
    import pytest

    from benchmarks.germeval import read

    path = tmp_path / "g.tsv"
    path.write_text("#\thttp://www.taz.de/a\n1\tnur-ein-feld\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"g.tsv: line 2: expected index, token"):
        read(path)
