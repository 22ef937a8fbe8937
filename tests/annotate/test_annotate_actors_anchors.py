"""Speed paths of the mention rules give the plain paths' output: patterns tried only where a pre-test by word or
by chunk says they can match find what a scan of the whole text finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from builder.annotate import actors, apply_functions
from builder.annotate.context import CAP_WORD, Context, chunk_cap_words
from builder.annotate.lexicon import LOWER, UPPER, alternation
from builder.ingest import article_from_text

ARTICLES = Path(__file__).resolve().parent / "articles"

#: Pieces that exercise the pre-tests' edge cases: apostrophes, particles, initials, quotes, hyphens, legal forms.
_PIECES = [
    "Jonas Weidenfeller", "O'Neill", "D’Angelo", "Mc", "von der", "van", "de", "Hanna Feldkamp von der Universität",
    "J. R.", "J.", "„sagte", "(so", "so", "sagte", "erklärte", "Kowalczyk", "Brandauer", "der", "die neue", "den",
    "Ministerin", "Bundesministerin", "Minister", "Dr.", "Prof.", "Velotec GmbH", "GmbH & Co. KG", "e. V.", "AG",
    "Laut", "laut", "Betriebsrat", "nach Angaben des", "Verbands", "Dem Verband zufolge", "aus dem Ministerium hieß",
    "Autobauer", "Velocar", "BASF", "AfD", "AT&T", "A&B", "Bremer", "Mieterverein", "Hamburger", "Kurier",
    "Bundesärztekammer", "Deutsche", "Bank", "FC", "Bayern", "Universität", "Hamburg", "Zeitung", "Rheinpost",
    "Bundesregierung", "Bundestages", "Unternehmen", "Das", "das", "Kremlchef", "Wladimir Putin", "Moskau",
    "nach", "in", "im", "Okonkwo", "Anna-Lena", "Frank-Walter", "Steinmeier", "Trump-Berater", "Koch-Instituts",
    "Robert", "1.", "2025", "-", "–", ",", ".", ":", "\n", "„", "“", "(", ")", "x", "Xyzer", "Anna2", "Müller-",
    "×ber", "\u00a0", "\t",
]


def _random_texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    seps = [" ", " ", " ", "  ", "\n", ", ", ". ", "-", "'", ""]
    texts = ["".join(rng.choice(_PIECES) + rng.choice(seps) for _ in range(rng.randint(1, 25))) for _ in range(n)]
    return [text for text in texts if text.strip()]


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?“])\s+", t)]
    rng = random.Random(3)
    mixed = [" ".join(rng.sample(sentences, 6)) for _ in range(40)]
    return texts + mixed + _random_texts(400, 5)


def _chunks(text: str) -> list[tuple[int, str]]:
    """``(offset, chunk)`` of the white-space-delimited chunks of ``text``."""
    return [(m.start(), m.group()) for m in re.finditer(r"\S+", text)]


def _plain_paths(monkeypatch) -> None:
    """Replace every speed path of ``actors`` by the plain whole-text scan it stands for."""
    cap = re.compile(rf"(?<![\w-])[{UPPER}][\w-]*")
    monkeypatch.setattr(actors, "finditer_from", lambda pattern, text, starts: pattern.finditer(text))
    monkeypatch.setattr(actors, "_first_match", lambda pattern, text, starts, pos: pattern.search(text, pos))
    monkeypatch.setattr(actors, "_cap_hits", lambda ctx, kind: [(m.start(), m.group()) for m in cap.finditer(ctx.text)])
    monkeypatch.setattr(actors, "form_tokens", actors.tokens)
    monkeypatch.setattr(actors, "_name_runs", lambda ctx: [
        (m.start(), m.end(), tuple(m.group("name").split())) for m in actors._context_patterns()[3].finditer(ctx.text)])


def _mention_output(texts: list[str]) -> list[list[tuple]]:
    out = []
    for i, text in enumerate(texts):
        article = article_from_text(text, f"t{i}.txt")
        out.append([(c.rule, c.start, c.end, c.label, c.score, repr(c.data))
                    for c in apply_functions(article) if c.layer == "mention"])
    return out


def test_annotate_actors_speed_paths_give_the_plain_output(monkeypatch):
    texts = _texts()
    fast = _mention_output(texts)
    with monkeypatch.context() as m:
        _plain_paths(m)
        plain = _mention_output(texts)
    assert fast == plain


def test_annotate_actors_capitalised_words_of_the_chunks_are_the_whole_text_scan():
    plain = re.compile(rf"(?<![\w-])[{UPPER}][\w-]*")
    for text in [*_texts(), "a\u00a0b\tC  D\n\nE×f ×g", "×ber Kurier", "", " ", "\n a  b\n", "x "]:
        chunks = _chunks(text)
        words = [(start + off, word) for start, chunk in chunks for off, word in chunk_cap_words(chunk)]
        assert words == [(m.start(), m.group()) for m in plain.finditer(text)]
        assert CAP_WORD.findall(text) == plain.findall(text)


def test_annotate_actors_name_run_pattern_equals_the_context_pattern():
    for text in _texts():
        assert [m.span() for m in actors._name_run().finditer(text)] == \
            [m.span() for m in actors._context_patterns()[3].finditer(text)]


@pytest.mark.parametrize("seed", range(3))
def test_annotate_actors_prefixed_literals_equal_finditer_of_the_compiled_pattern(seed):
    rng = random.Random(seed)
    pieces = ["der ", "die ", "Der ", "oder ", "neue ", "neuen ", "Minister", "Ministerin", "Ministers", "Bank",
              "Banken", " ", "  ", "x", "-", ".", "Erika ", "des ", "das "]
    prefixes = actors._ROLE_ARTICLE
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 10)))
        forms = rng.sample(["Minister", "Ministerin", "Bank", "Dr."], rng.randint(1, 3))
        pattern = re.compile(rf"(?:der|die|dem|den|des|Der|Die)\s+(?:[{LOWER}]+e[nrs]?\s+)?(?P<role>"
                             rf"{alternation(forms)})(?:s|n|en)?{actors._E}")
        expected = [(m.start(), m.start("role"), m.end(), m.group("role")) for m in pattern.finditer(text)]
        got = list(actors._prefixed_literals(text, list(range(len(text))), prefixes, forms, ("s", "n", "en"),
                                             actors._AT_E))
        assert got == expected, text


def _kind_index_by_chunks(ctx: Context) -> tuple[dict, dict]:
    """The reference of ``actors._kind_index``: every white-space-delimited chunk and its profile."""
    words: dict[int, list] = {}
    chunks: dict[int, list] = {}
    for index, (start, chunk) in enumerate(_chunks(ctx.text)):
        profile = actors._chunk_profile(chunk)
        if profile is None:
            continue
        chunk_flags, cap_words = profile
        for flag in chunk_flags:
            chunks.setdefault(flag, []).append((start, chunk, index))
        for flag, off, word in cap_words:
            words.setdefault(flag, []).append((start + off, word))
    return words, chunks


def test_annotate_actors_kind_index_equals_the_profiles_of_every_chunk():
    extra = ["a\u00a0sagte\tKurier  D\n\nsagte E×f ×g sagte", "sosagte so so", "Laut laut Laut\u2003Laut", "e. V. e.V. e.",
             "GmbHGmbH GmbH", "Jonas\u00a0Jonas Jonas-Jonas Jonas"]
    for text in [*_texts(), *extra]:
        ctx = Context(article=None, text=text, spans=[(0, len(text))], starts=[0])
        assert actors._kind_index(ctx) == _kind_index_by_chunks(ctx)


def _chunk_before_by_steps(text: str, pos: int) -> tuple[int, int] | None:
    """The reference of ``Context.chunk_before``: a step back over white space, then over the chunk."""
    end = pos
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == pos or end == 0:
        return None
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start, end


def test_annotate_actors_chunk_before_steps_back_over_white_space_and_a_chunk():
    extra = ["a\u00a0b\tC  D\n\nE×f ×g", " x", "x", "", "a\tb c\n", "\u2003ab\u2003 c", "ab\ncd ef\tg h"]
    for text in [*_texts(), *extra]:
        ctx = Context(article=None, text=text, spans=[(0, len(text))], starts=[0])
        for pos in range(len(text) + 1):
            assert ctx.chunk_before(pos) == _chunk_before_by_steps(text, pos)
