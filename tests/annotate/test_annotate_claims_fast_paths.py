"""Fast paths of the claim layer compute what the plain code computes: each is checked against a reference
implementation on the test articles and on generated articles (recombined seed and GermEval sentences)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from builder.annotate import claims, prefilter
from builder.annotate.context import Context
from builder.ingest import article_from_text

ARTICLES = Path(__file__).resolve().parent / "articles"

#: Hand-made text with the edge cases of each fast path: hyphen compounds, digits and "²" next to words,
#: "hieß es", quotation marks, number words inside other words, a question, a link.
TRICKY = (
    "Laut dpa und laut Laut nach Angaben der Polizei, wie die Polizei mitteilte, Wie er sagte. Der Forderung, dass "
    "X gehe, folgte Kritik; der Polizei zufolge. Demnach ging er. Er sagte-nicht viel. Sagte2 und sagte_ und x²sagte²: „Wir kommen“, sagte Anna Berg. Aus Berlin hieß es, "
    "man prüfe das. Es heißt esoterisch. Die Nacht war lang, achtzig Leute kamen am Montag. Millionenfach? "
    "Siebenmal stieg der Preis um (Prozent) und Millionen-Euro und „Dutzende“ und 3½ und ٣ Punkte, wie die Firma Brodmann mitteilte. Mehr unter www.example.org."
)


@cache
def _contexts() -> list[Context]:
    from builder.annotate import _run  # noqa: PLC0415

    texts = [(p.name, p.read_bytes()) for p in sorted(ARTICLES.glob("*.txt"))] + [("tricky.txt", TRICKY.encode())]
    try:
        from benchmarks import generate  # noqa: PLC0415

        pool = generate.load_pool()
        texts += [(f"gen{i}.txt", generate.article(i, 7, pool).encode()) for i in range(40)]
    except (ImportError, OSError):  # the GermEval file is not on this machine: the test articles only
        pass
    return [_run(article_from_text(raw, name))[0] for name, raw in texts]


def _verbs_reference(ctx: Context) -> list[claims.Verb]:
    """The plain word scan: every letter run, looked up in the verb forms."""
    forms = claims.claim_patterns().verb_forms
    text = ctx.text
    found = []
    for m in re.finditer(r"[^\W\d_]+", text):
        w = m.group()
        a, b = m.span()
        if w not in forms | {"hieß", "heißt"} or (a and text[a - 1] == "-") or (b < len(text) and text[b] == "-"):
            continue
        if w in ("hieß", "heißt") and text.startswith(" es", b) and not text[b + 3:b + 4].isalpha():
            found.append(claims.Verb(a, b + 3, f"{w} es"))
        elif w in forms:
            found.append(claims.Verb(a, b, w))
    return found


def test_annotate_claims_verbs_equal_the_word_scan():
    for ctx in _contexts():
        assert claims.verbs(ctx) == _verbs_reference(ctx)
        for s, e in ctx.spans:
            assert claims._has_verb(ctx, s, e) == bool(claims.verbs_in(ctx, s, e))


def test_annotate_claims_verbs_catch_and_skip():
    ctx = Context.of(article_from_text(TRICKY, "tricky.txt"))
    said = [(v.form, ctx.text[v.start:v.start + 7]) for v in claims.verbs(ctx) if v.form.lower().startswith(("sagte", "hie"))]
    # "sagte-nicht" is a compound, "x²sagte²" one word ("²" counts as a letter), "heißt esoterisch" no "heißt es"
    assert said == [("sagte", "sagte. "), ("Sagte", "Sagte2 "), ("sagte", "sagte_ "), ("sagte", "sagte A"), ("hieß es", "hieß es")]


def test_annotate_claims_mention_windows_equal_the_filter():
    for ctx in _contexts():
        ms = claims._mentions(ctx)
        assert [(m.start, m.end) for m in ms] == sorted((m.start, m.end) for m in ms)  # what the bisection needs
        bounds = sorted({0, len(ctx.text)} | {m.start for m in ms} | {m.end for m in ms} | set(ctx.starts))
        for a, b in zip(bounds, bounds[2:]):
            assert claims._mentions_from(ctx, a, b) == [m for m in ms if a <= m.start < b]
        assert claims._mentions_from(ctx, 10, 5) == []


def test_annotate_claims_quotes_equal_finditer():
    for ctx in _contexts():
        expected = [(m.span(), m.groups()) for m in claims.claim_patterns().quote.finditer(ctx.text)]
        assert [(m.span(), m.groups()) for m in claims.quotes(ctx)] == expected
    ctx = Context.of(article_from_text('Er sagte "so" und »nein« und „Wir kommen“ und x"y z"w ".', "q.txt"))
    assert [m.group() for m in claims.quotes(ctx)] == ['"so"', "»nein«", "„Wir kommen“"]


@pytest.mark.parametrize("name", ["laut", "zufolge", "wie", "demnach", "noun"])
def test_annotate_claims_cue_matches_equal_finditer(name):
    pattern = getattr(claims.claim_patterns(), name)
    for ctx in _contexts():
        expected = [(m.span(), m.groups()) for m in pattern.finditer(ctx.text)]
        assert [(m.span(), m.groups()) for m in claims._cues(ctx, name)] == expected


def test_annotate_claims_speaker_turn_heads_equal_finditer():
    texts = [ctx.text for ctx in _contexts()] + ["Präsidentin Dr. Anna Berg: Bitte.\nTobias Rehberg (FDP): Nein.\n\nX:\n"]
    for text in texts:
        expected = [(m.span(), m.groups()) for m in claims._TURN.finditer(text)]
        got = [(m.span(), m.groups()) for m in claims.finditer_from(claims._TURN, text, claims._line_starts(text))]
        assert got == expected


def test_annotate_claims_in_quote_equals_any_quote():
    for ctx in _contexts():
        spans = [(m.start(), m.end()) for m in claims.claim_patterns().quote.finditer(ctx.text)]
        for pos in range(0, len(ctx.text) + 1, 3):
            assert claims._in_quote(ctx, pos) == any(s < pos < e for s, e in spans)


def test_annotate_claims_sentence_tests_equal_the_patterns():
    cp = claims.claim_patterns()
    for ctx in _contexts():
        for s, e in ctx.spans:
            sent = ctx.text[s:e]
            assert claims._has_figure(sent.split()) == bool(cp.figure.search(sent))
            assert claims._hedged_or_linked(ctx, s, e) == bool(cp.hedge.search(sent) or claims._LINK.search(sent))


def test_annotate_claims_target_window_check_equals_prefilter():
    for ctx in _contexts():
        for s, e in ctx.spans:
            for a, b in ((s, e), (s, min(len(ctx.text), e + 40))):
                assert (claims._window_target_indices(ctx, a, b) != ()) == \
                    prefilter.may_match(claims._all_targets(), ctx, a, b)


def _by_space(lits: set[str]) -> tuple[frozenset[str], frozenset[str]]:
    spaced = frozenset(lit for lit in lits if re.search(r"\s", lit))
    return spaced, frozenset(lits) - spaced


def test_annotate_claims_target_literals_split_by_white_space():
    all_lits = {lit for group in claims._target_literals() if group for lit in group}
    assert claims._all_target_literals() == _by_space(all_lits)


@pytest.mark.parametrize("text", [TRICKY, "Laut dpa stiegen die Preise. Die Musik war laut."])
def test_annotate_claims_sentence_buckets_hold_each_candidate_once(text):
    from builder.annotate import _run  # noqa: PLC0415

    ctx, raw = _run(article_from_text(text, "t.txt"))
    cands = [c for c in raw if c.layer == "claim"]
    buckets = claims._by_sentence(ctx, cands)
    for k, (s, e) in enumerate(ctx.spans):
        assert [c for c in buckets.get(k, ()) if s <= c.start < e] == [c for c in cands if s <= c.start < e]


def test_annotate_claims_mostly_english_equals_the_count():
    for ctx in _contexts():
        for m in claims.quotes(ctx):
            words = m.group(0).split()
            if words:
                assert claims._mostly_english(words) == (sum(map(claims._more_english, words)) / len(words) > 0.5)
    for words in (["the", "Haus"], ["the", "world", "Haus"], ["Haus", "the", "world"], ["the"], ["Haus"],
                  ["we", "are", "die", "Welt", "the", "end"]):
        assert claims._mostly_english(words) == (sum(map(claims._more_english, words)) / len(words) > 0.5)


def test_annotate_claims_colon_sentences_equal_the_sentence_test():
    texts = ["Er sagte:  \n Wir gehen. Sie warnen: ", "Zeit: 10:30 Uhr. Folgendes:\tDas war es.", ":", "a :", ""]
    extra = [Context.of(article_from_text(t, f"colon{i}.txt")) for i, t in enumerate(texts) if t.strip()]
    for ctx in [*_contexts(), *extra]:
        text = ctx.text
        assert claims._colon_sentences(ctx) == {k for k, (s, e) in enumerate(ctx.spans)
                                                if text[s:e].rstrip().endswith(":")}


def test_annotate_claims_candidates_compare_and_hash_without_data():
    import pickle  # noqa: PLC0415

    from builder.annotate.registry import Candidate  # noqa: PLC0415

    a = Candidate("r@1", "claim", 1, 5, "direct_quote", 0.9, {"cue": (1, 2)})
    b = Candidate(rule="r@1", layer="claim", start=1, end=5, label="direct_quote", score=0.9)
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1 and b.data == {}
    assert a != Candidate("r@1", "claim", 1, 6, "direct_quote", 0.9, {"cue": (1, 2)})
    assert pickle.loads(pickle.dumps(a)) == a and pickle.loads(pickle.dumps(a)).data == a.data
    assert not hasattr(a, "__dict__")


def test_annotate_claims_taken_spans_equal_the_plain_tests():
    import random  # noqa: PLC0415

    rng = random.Random(7)
    for _ in range(300):
        taken = claims._TakenSpans()
        plain: list[tuple[int, int]] = []
        for _ in range(rng.randint(0, 25)):
            a = rng.randint(0, 60)
            b = a + rng.randint(0, 8)  # empty spans too
            overlaps = any(a < e and s < b for s, e in plain)
            assert taken.overlaps(a, b) == overlaps
            assert taken.starts_or_ends_in(a, b) == any(a <= s < b or a < e <= b for s, e in plain)
            if not overlaps and a < b:  # resolve_claims adds claim spans, never empty (_cand rejects them)
                taken.add(a, b)
                plain.append((a, b))
