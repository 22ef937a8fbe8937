"""Per-article and per-chunk facts the claim layer computes once compute what the plain per-candidate tests
compute: chunk facts (verbs, cue anchors, figures, target literals), target matches, the hedge/link gate,
the case-odd check."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from builder.annotate import claims, prefilter
from builder.annotate.context import Context
from builder.ingest import article_from_text

ARTICLES = Path(__file__).resolve().parent / "articles"

#: The plain reference of ``claims._back_hint``.
_BACK_HINT = re.compile(r"^(?:Das|Dies|Dieses|So)\b|(?<![\w-])(?:dies|das)(?![\w-])")

EXTRA = (
    "Die NATO-Mitgliedschaft der Ukraine sei ausgeschlossen, sagte er. Ein WAFFENSTILLSTAND sei nicht realistisch? "
    "Kriegs-Ende und Angriffskriegs sowie Friedensverhandlungen (Verhandlungslösung) – mehr unter www.example.org "
    "oder per Tel. 0301234; der Krieg könnte wohl enden. Das bleibt abzuwarten, lesen Sie @dpa.",
    "İstanbul: Die Waffenruhe hält, sagte er.",
    "Ein Text ohne jedes Ziel. Das Wetter war schön.",
)


@cache
def _contexts() -> list[Context]:
    from builder.annotate import _run  # noqa: PLC0415

    texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(ARTICLES.glob("*.txt"))]
    texts += [(f"extra{i}.txt", t) for i, t in enumerate(EXTRA)]
    try:  # generated articles: recombined seed and GermEval sentences
        from benchmarks import generate  # noqa: PLC0415

        pool = generate.load_pool()
        texts += [(f"gen{i}.txt", generate.article(i, 11, pool)) for i in range(40)]
    except (ImportError, OSError):  # the GermEval file is not on this machine: the test articles only
        pass
    return [_run(article_from_text(t, name))[0] for name, t in texts]


def test_annotate_claims_chunk_target_literals_equal_the_blob_test():
    unspaced = claims._all_target_literals()[1]
    for _ in range(2):  # the second round reads the chunk caches
        for ctx in _contexts():
            ctx.cache.pop("chunk_facts", None)
            blob = " ".join(set(ctx.text.split())).lower()
            assert claims.chunk_facts(ctx).targets == {lit for lit in unspaced if lit in blob}


def test_annotate_claims_target_occurrences_cover_every_literal():
    for ctx in _contexts():
        state = claims._target_occurrences(ctx)
        if prefilter.CASE_ODD.search(ctx.text):
            assert state is None
            assert claims._window_target_indices(ctx, 0, len(ctx.text)) is None  # every pattern runs
            continue
        lower = ctx.text.lower()
        lits = {lit for group in claims._target_literals() if group for lit in group}
        expected = sorted((i, lit) for lit in lits for i in prefilter.find_all(lower, lit))
        if not state:
            assert not expected
            continue
        _, starts, occurrences = state
        assert starts == sorted(i for i, _ in expected)
        assert sorted((a, lower[a:b]) for a, (b, _) in zip(starts, occurrences)) == expected


def test_annotate_claims_hedge_link_gate_never_hides_a_match():
    gate = claims._hedge_link_literals()
    assert gate is not None  # the shipped patterns have literals: the gate is in use
    cp = claims.claim_patterns()
    for ctx in _contexts():
        for s, e in ctx.spans:
            sent = ctx.text[s:e]
            if cp.hedge.search(sent) or claims._LINK.search(sent):
                assert gate.search(sent), sent


def test_annotate_prefilter_case_odd_equals_the_character_class():
    for text in ("", "İstanbul", "ıi", "Straße", "ſ", "Die Waffenruhe hält.", "„Zitat“ ×", *EXTRA):
        assert prefilter.case_odd(text) == bool(prefilter.CASE_ODD.search(text))


def test_annotate_claims_chunk_facts_equal_the_word_scan():
    import re  # noqa: PLC0415

    starts = claims._prefix_anchors()
    for _ in range(2):  # the second round reads the chunk caches
        for ctx in _contexts():
            ctx.cache.pop("chunk_facts", None)
            facts = claims.chunk_facts(ctx)
            words = re.findall(r"[^\W\d_]+", ctx.text)
            assert facts.words == claims._fact_words().intersection(words)
            assert facts.prefixes == {a for a in starts for w in words if w.startswith(a)}
            assert facts.figures == {c for c in set(ctx.text.split()) if claims._has_figure([c])}


def test_annotate_claims_anchor_kinds_keep_every_anchor():
    for name, anchors in claims._anchors().items():
        whole, prefix, other = claims._anchor_kinds()[name]
        assert sorted([*whole, *prefix, *other]) == sorted(anchors)
        assert all(a.isalpha() for a in whole | prefix)


def test_annotate_claims_target_matches_equal_all_targets():
    texts = [ctx.text for ctx in _contexts()] + [
        "Ein Waffenstillstand und eine Waffenruhe: die NATO-Mitgliedschaft, der Beitritt zur NATO, Truppen und "
        "Bodentruppen, Verhandlungen und eine Verhandlungslösung, der Krieg und der Angriffskrieg.",
        "Die NATO-Mitgliedschaft der Ukraine sei ausgeschlossen, sagte er. Ein Waffenstillstand sei nicht realistisch.",
        "Der Kanzler lehnt die Lieferung von Taurus-Marschflugkörpern ab und fordert Verhandlungen über Frieden.",
    ]
    for text in texts:
        ctx = Context.of(article_from_text(text, "t.txt"))
        for s, e in ctx.spans:
            for a, b in ((s, e), (s, min(len(ctx.text), e + 80)), (0, len(ctx.text))):
                expected = [(m.start(), m.end(), int(m.lastgroup[1:]))
                            for m in claims._all_targets().finditer(ctx.text, a, b)]
                assert list(claims._target_matches(ctx, a, b)) == expected


def test_annotate_claims_turn_starts_hold_every_turn():
    texts = [ctx.text for ctx in _contexts()] + [
        "Präsidentin Dr. Anna Berg: Bitte.\nTobias Rehberg (FDP): Nein.\n\nX:\n",
        "Präsident\nAnna Berg (SPD): Ja.\nDr.\nProf.\n Tobias Rehberg (FDP):\tNein.\nVizepräsidentin\n\nEva Ott: So.",
        ":\n:x\nA:", "",
    ]
    for text in texts:
        expected = [(m.span(), m.groups()) for m in claims._TURN.finditer(text)]
        got = [(m.span(), m.groups()) for m in claims.finditer_from(claims._TURN, text, claims._turn_starts(text))]
        assert got == expected
        assert set(claims._turn_starts(text)) <= set(claims._line_starts(text))


def test_annotate_claims_trie_alternation_matches_like_the_alternation():
    import random  # noqa: PLC0415
    import re  # noqa: PLC0415

    from builder.annotate.lexicon import alternation  # noqa: PLC0415

    words = ["sagte", "sagten", "sag", "gesagt", "an", "ansagte", "a.b", "x+", "ab", "abc", "abd", "b"]
    trie = re.compile(f"(?P<w>{claims.trie_alternation(words)})(?P<rest>\\w*)")
    plain = re.compile(f"(?P<w>{alternation(words)})(?P<rest>\\w*)")
    rng = random.Random(3)
    alphabet = "sagtenbcdx+. "
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert [m.groupdict() | {"span": m.span()} for m in trie.finditer(text)] == \
            [m.groupdict() | {"span": m.span()} for m in plain.finditer(text)], text


def test_annotate_claims_back_pattern_equals_the_plain_alternation():
    import re  # noqa: PLC0415

    from builder.annotate.lexicon import alternation  # noqa: PLC0415

    forms = sorted(claims.claim_patterns().verb_forms)
    plain = re.compile(claims._back_pattern(alternation(forms)))
    back = claims.claim_patterns().back
    sentences = ["Das teilte die Firma Brodmann am Dienstag mit.", "Dies berichtete die Zeitung X.",
                 "X sagte dies am Montag.", "So erklärte es der Minister dies.", "Die besagte Firma das Ziel."]
    for ctx in _contexts():
        sentences += [ctx.text[s:e] for s, e in ctx.spans]
    for sent in sentences:
        got, want = back.match(sent), plain.match(sent)
        assert (got and (got.span(), got.groupdict())) == (want and (want.span(), want.groupdict())), sent
        assert claims._back_hint(sent) == bool(_BACK_HINT.search(sent)), sent
    for sent in ("das", "Das", "-das", "xdas", "So", "Sonne das", "dies-", "des Dies", "d", ""):
        assert claims._back_hint(sent) == bool(_BACK_HINT.search(sent)), sent


def test_annotate_claims_letter_test_equals_the_letter_class():
    for code in range(0x110000):  # every code point: digits of many scripts, "²", "½", combining marks
        ch = chr(code)
        assert (ch.isalnum() and not ch.isdecimal()) == bool(re.match(r"[^\W\d_]", ch)), hex(code)


def test_annotate_claims_quote_group_is_lastindex():
    texts = [ctx.text for ctx in _contexts()] + ['Er sagte "so weit so gut" und »nein, nie« und «doch, doch» und „Wir kommen“.']
    for text in texts:
        for m in claims.claim_patterns().quote.finditer(text):
            assert m.lastindex == next(i for i in range(1, 5) if m.group(i) is not None)
