"""The fast word and chunk tests of the mention layer agree with their plain (reference) computations."""

from __future__ import annotations

import re
from pathlib import Path

from builder.annotate import actors
from builder.annotate.lexicon import load

ARTICLES = Path(__file__).resolve().parent / "articles"


def _chunks() -> list[str]:
    """Every chunk of the hand-written test articles and of the lexicons' words, with inflections and
    punctuation around them."""
    chunks = {c for p in ARTICLES.glob("*.txt") for c in p.read_text(encoding="utf-8").split()}
    p = actors.patterns()
    for stem in p.role_stems:
        for ending in actors._ROLE_ENDINGS:
            word = stem[:1].upper() + stem[1:] + ending
            chunks.update({word, f"US-{word}", f"Bundes{stem}{ending}", f"{word},", f"({word}", f"{word}."})
    chunks.update(p.titles)
    chunks.update(w for w in load("speech.yaml")["speaker_verbs"])
    chunks.update(f"{w}," for w in load("speech.yaml")["speaker_verbs"])
    chunks.update(p.known_forms.by_first)
    chunks.update(f"„{w}“" for w in p.places.by_first)
    chunks.update(f"{w}." for w in p.known_roles.by_first)
    chunks.update(("e.V.", "GmbH", "zufolge", "hieß", "laut", "Dr.", "Prof.", "İstanbul", "ǅemal", "×", "Straße",
                   "Ministerin/Präsident", "Kanzler-Amt", "a.D.", "Ministerinnen", "innen", "n", "Ns"))
    return sorted(chunks)


CHUNKS = _chunks()


def _is_role_plain(word: str) -> bool:
    """The loop over the inflection endings that :func:`actors.is_role` replaced."""
    p = actors.patterns()
    if word in p.titles:
        return True
    low = word.lower()
    for ending in actors._ROLE_ENDINGS:
        if ending and not low.endswith(ending):
            continue
        base = low[: len(low) - len(ending)] if ending else low
        if base.endswith(p.role_stems):
            return True
    return False


def _form_pieces_plain(chunk: str) -> tuple[tuple[int, str], ...]:
    openers = actors._form_openers()
    pieces = ((m.start(), m.group()) for m in actors._TOKEN.finditer(chunk))
    return tuple((off, tok) for off, tok in pieces
                 if tok in openers or tok[-1:] == "." and tok.rstrip(".") in openers)


def _chunk_offsets_plain(ctx, kind: int, offsets, before: int = 0, itself: bool = True) -> list[int]:
    """``actors._chunk_offsets`` walking back with :meth:`Context.chunk_before` (the reference)."""
    text = ctx.text
    found: set[int] = set()
    for start, chunk, _ in actors._kind_index(ctx)[1].get(kind, []):
        if itself:
            found.update(start + k for k in offsets(chunk))
        pos = start
        for _ in range(before):
            prev = ctx.chunk_before(pos)
            if prev is None:
                break
            a, pos = prev
            found.update(a + k for k in offsets(text[a:pos]))
            pos = a
    return sorted(found)


def test_actors_is_role_agrees_with_ending_loop():
    for chunk in CHUNKS:
        for word in (chunk, chunk.lower(), chunk.upper(), chunk + "."):
            assert actors.is_role(word) == _is_role_plain(word), word


def test_actors_form_pieces_agree_with_token_scan():
    for chunk in CHUNKS:
        assert actors._form_pieces(chunk) == _form_pieces_plain(chunk), chunk


def test_actors_chunk_kinds_agree_with_plain_tests():
    cue, zufolge, impersonal, legal = actors._source_openings()
    for chunk in CHUNKS:
        trailing = re.search(r"[\w-]+\Z", chunk)
        expected = sum(flag for flag, ok in (
            (actors.FIRST_NAME, any(actors._first_ok(chunk[m.start():]) for m in actors.CAP_WORD.finditer(chunk))),
            (actors.VERB_AFTER, trailing is not None and trailing.group() in actors._speaker_verbs()),
            (actors.VERB_BEFORE, actors._speaker_verb_opening().match(chunk) is not None),
            (actors.FORM, bool(_form_pieces_plain(chunk))),
            (actors.CUE, trailing is not None and trailing.group() in cue),
            (actors.ZUFOLGE, zufolge.match(chunk) is not None),
            (actors.IMPERSONAL, impersonal.match(chunk) is not None),
            (actors.LEGAL, legal.match(chunk) is not None),
        ) if ok)
        assert actors._chunk_kinds(chunk) == expected, chunk


def test_actors_chunk_offsets_agree_with_chunk_before_walk():
    from builder.annotate.context import Context
    from builder.ingest import article_from_text

    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    texts += ["  laut  Betriebsrat\n\n sagte   Müller sagte,  Müller\tsagte Dem Verband zufolge GmbH e.V.",
              "sagte Anna sagte Anna Anna sagte x-sagte sagte"]
    kinds = (actors.FIRST_NAME, actors.VERB_AFTER, actors.VERB_BEFORE, actors.CUE, actors.ZUFOLGE,
             actors.IMPERSONAL, actors.LEGAL)
    offsets = (actors._cap_offsets, actors._trailing_word_offset, actors._upper_offsets, actors._word_offsets)
    for text in texts:
        ctx = Context.of(article_from_text(text, "t.txt"))
        for kind in kinds:
            for fn in offsets:
                for before in (0, 1, 2, 7):
                    for itself in (True, False):
                        assert actors._chunk_offsets(ctx, kind, fn, before, itself) == \
                            _chunk_offsets_plain(ctx, kind, fn, before, itself), (kind, fn, before)


def test_actors_cap_head_starts_equal_the_capitalised_word_scan():
    import random

    rng = random.Random(5)
    pieces = ["Bank", "Banks", "Bankes", "bank", "-", "x", " ", "Kasse", "Kassen", "Ö", "Öl", "Öls", "der ", "\n", "é"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        heads = rng.sample(["Bank", "Kasse", "Öl", "Banke"], rng.randint(1, 3))
        expected = [m.start() for m in actors.CAP_WORD.finditer(text) if actors._noun_or_genitive(m.group(), heads)]
        assert actors._cap_head_starts(text, heads) == expected, (text, heads)


def test_actors_take_if_free_equals_overlaps_then_take():
    import random

    rng = random.Random(11)
    for _ in range(500):
        size = rng.randint(0, 30)
        fast, plain = actors._Taken(size), actors._Taken(size)
        for _ in range(rng.randint(1, 12)):
            start = rng.randint(-3, size + 3)
            end = start + rng.randint(-2, 8)
            expected = not plain.overlaps(start, end)
            if expected:
                plain.take(start, end)
            assert fast.take_if_free(start, end) == expected, (size, start, end)
            assert fast.spans == plain.spans


def test_actors_comment_header_needs_a_colon_at_a_line_end():
    import random

    rng = random.Random(13)
    pieces = ["Klaus_M.", " schrieb", " am 12.03.2024", ":", " ", "\t", "\n", "\r\n", "Regenbogen77", " antwortete", "x"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        if actors._comment_header().search(text):
            assert actors._COLON_AT_LINE_END.search(text), repr(text)
