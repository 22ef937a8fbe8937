"""Claims: labeling functions for direct quotes, indirect speech, attributed reports and check-worthy assertions.

Each function yields claim candidates (label = claim kind) with ``data`` holding the cue span, the claimant
mention span and actor id. :func:`resolve_claims` keeps one claim per stretch of text (quotes before indirect
speech before attributed reports before unattributed assertions) and recognises each claim's stance target.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import compress, filterfalse, repeat
from typing import NamedTuple

from builder.annotate import prefilter
from builder.annotate.actors import Resolved, actor_id_for  # (kept by name)
from builder.annotate.context import Context, find_all, finditer_from
from builder.annotate.lexicon import alternation, first_name_gender, load
from builder.annotate.registry import Candidate, labeling_function

# ----------------------------------------------------------------------------------------------------------
# Patterns


@dataclass
class ClaimPatterns:
    quote: re.Pattern
    verb: re.Pattern
    particles: dict[str, list[str]]
    polarity: dict[str, str]
    konjunktiv: re.Pattern
    konjunktiv_only: re.Pattern
    laut: re.Pattern
    zufolge: re.Pattern
    wie: re.Pattern
    demnach: re.Pattern
    figure: re.Pattern
    hedge: re.Pattern
    verb_forms: frozenset[str]
    targets: list[tuple[str, re.Pattern, re.Pattern | None, bool]]
    noun: re.Pattern
    noun_polarity: dict[str, str]
    continuation: re.Pattern
    back: re.Pattern


#: Number words, fractions, months and weekdays: with a digit, what makes a sentence a check-worthy assertion.
#: A trailing "*" stands for any word that begins so ("Millionen", "Milliardär").
_FIGURE_NAMES = (
    "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf", "zwanzig",
    "dreißig", "hundert", "tausend", "Million*", "Milliard*", "Hälfte", "Drittel", "Viertel", "Fünftel", "Zehntel",
    "eineinhalb", "anderthalb", "Dutzend*", "Prozent", "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli",
    "August", "September", "Oktober", "November", "Dezember", "Montag", "Dienstag", "Mittwoch", "Donnerstag",
    "Freitag", "Samstag", "Sonntag")
_FIGURE_WORDS = r"(?<![\w-])(?:" + "|".join(w[:-1] + r"\w*" if w.endswith("*") else w for w in _FIGURE_NAMES) \
    + r")(?![\w-])"
_FIGURE_EXACT = frozenset(w for w in _FIGURE_NAMES if not w.endswith("*"))
_FIGURE_STEMS = tuple(w[:-1] for w in _FIGURE_NAMES if w.endswith("*"))


def _back_pattern(verbs: str) -> str:
    """The pattern of a sentence that only attributes the one before ("Das teilte X mit.", "X sagte dies."),
    around an alternation ``verbs`` of the verb forms."""
    return (rf"^(?:(?:Das|Dies|Dieses|So)\s+(?:wurde\s+)?[^.]{{0,80}}?(?P<v1>{verbs})"
            rf"|[^.]{{0,60}}?(?P<v2>{verbs})\s+(?:\w+\s+){{0,2}}?(?:dies|das)\b)")


def trie_alternation(words: list[str]) -> str:
    """A regex that matches what ``lexicon.alternation(words)`` matches, with the same preference (of the words
    that match at a position, the longest first), written as a trie: one character test per level at each
    position instead of one test per word (``re`` tries a plain alternation word by word).

    Of the listed words that match at one position, each is a prefix of the next longer one, so trying the
    longest first is trying the deepest trie node first; an optional group (greedy) does that.
    """
    tree: dict = {}
    for word in set(words):
        if not word:
            raise ValueError("trie_alternation: an empty word")
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(tree)


@cache
def claim_patterns() -> ClaimPatterns:
    """Compile the speech, attribution and target lexicons."""
    sp = load("speech.yaml")
    particles: dict[str, list[str]] = {}
    polarity: dict[str, str] = {}
    forms: list[str] = []
    for entry in sp["verbs"]:
        parts = entry.get("particle")
        parts = [parts] if isinstance(parts, str) else list(parts or [])
        for f in entry["forms"]:
            for form in (f, f[:1].upper() + f[1:]):
                forms.append(form)
                particles.setdefault(form, [])
                particles[form].extend(parts)
                polarity.setdefault(form, entry["polarity"])
    forms.extend(sp["impersonal"])
    for f in sp["participles"]:
        forms.append(f)
        particles.setdefault(f, [])
        polarity.setdefault(f, "neutral")
    att = sp["attribution"]
    targets = []
    for t in load("targets.yaml")["targets"]:
        requires = re.compile(t["requires"], re.I) if t.get("requires") else None
        targets.append((t["id"], re.compile("|".join(f"(?:{p})" for p in t["patterns"]), re.I), requires, False))
        if t.get("opposite"):
            targets.append((t["id"], re.compile("|".join(f"(?:{p})" for p in t["opposite"]), re.I), requires, True))
    k_all = sp["konjunktiv"] + sp["continuation_k2"]
    return ClaimPatterns(
        quote=re.compile(r"„([^“”„]{2,}?)[“”]|»([^«»]{2,}?)«|«([^«»]{2,}?)»|(?<![\w])\"([^\"\n]{2,}?)\"(?!\w)"),
        verb=re.compile(rf"(?<![\w-])(?:{alternation(forms)})(?![\w-])"),
        verb_forms=frozenset(forms),
        particles=particles,
        polarity=polarity,
        konjunktiv=re.compile(rf"(?<![\w-])(?:{alternation(sp['konjunktiv'])})(?![\w-])|\bzu\s+\w+en\b|\b[a-zäöü]{{2,}}zu[a-zäöü]{{3,}}en\b"),
        konjunktiv_only=re.compile(rf"(?<![\w-])(?:{alternation(sp['konjunktiv'])})(?![\w-])"),
        laut=re.compile(rf"(?<![\w-])(?P<cue>{alternation(att['before'])})(?![\w-])"),
        zufolge=re.compile(rf"(?<![\w-])(?P<cue>{alternation(att['after'])})(?![\w-])"),
        wie=re.compile(rf"(?<![\w-])(?P<cue>[Ww]ie)\s+(?P<src>[^,.;]{{2,60}}?)\s+(?P<verb>{alternation(att['wie_verbs'])})(?![\w-])"),
        demnach=re.compile(rf"(?<![\w-])(?P<cue>{alternation(att['anaphoric'])})(?![\w-])"),
        figure=re.compile(r"\d|" + _FIGURE_WORDS),
        hedge=re.compile(r"(?<![\w-])(?:könnte[n]?|würde[n]?|möglicherweise|vielleicht|wohl|offenbar|scheint|scheinen|"
                         r"bleibt abzuwarten|lesen Sie|klicken|abonnieren)(?![\w-])|\?"),
        targets=targets,
        noun=re.compile(rf"(?<![\w-])(?P<noun>{alternation(list(sp['nouns']))})(?P<mid>[^,.;:„“]{{0,60}}),\s*dass\s+"),
        noun_polarity=dict(sp["nouns"]),
        continuation=re.compile(rf"(?<![\w-])(?:{alternation(k_all)})(?![\w-])"),
        back=re.compile(_back_pattern(trie_alternation(forms))),
    )


# ----------------------------------------------------------------------------------------------------------
# Verbs of saying: found once per article by a word scan and set lookups (faster than a 300-way regex)

_WORD = re.compile(r"[^\W\d_]+")


class Verb(NamedTuple):
    """A verb of saying (or "hieß es") at ``[start, end)``; ``form`` is its text. (A named tuple: immutable,
    and cheaper to make than a frozen dataclass, which sets each field through ``object.__setattr__``.)"""

    start: int
    end: int
    form: str


@cache
def _verb_keys() -> frozenset[str]:
    """Every word :func:`verbs` looks at: the verb forms and "hieß"/"heißt" (of "hieß es")."""
    return claim_patterns().verb_forms | {"hieß", "heißt"}


def verbs(ctx: Context) -> list[Verb]:
    """Every verb of saying in the article, in text order (not inside a hyphen compound).

    A verb is a whole word (a maximal run of letters) that is a listed form. The article's words are collected
    in one pass; only the forms among them are then looked up by position.
    """
    found = ctx.cache.get("verbs")
    if found is None:
        forms = claim_patterns().verb_forms
        text = ctx.text
        found = []
        for w in _verb_keys().intersection(chunk_facts(ctx).words):
            for a in _word_starts(text, w):
                b = a + len(w)
                if (a and text[a - 1] == "-") or (b < len(text) and text[b] == "-"):
                    continue
                if w in ("hieß", "heißt") and text.startswith(" es", b) and not text[b + 3:b + 4].isalpha():
                    found.append(Verb(a, b + 3, f"{w} es"))
                elif w in forms:
                    found.append(Verb(a, b, w))
        found.sort()  # by start (no two verbs start at one offset)
        ctx.cache["verbs"] = found
        ctx.cache["verb_at"] = {v.start: v for v in found}
        ctx.cache["verb_starts"] = [v.start for v in found]
    return found


#: Punctuation that may stand around a word in a whitespace-separated chunk (none of it is a letter).
_AROUND_WORDS = ",.;:!?\"'„“”‚‘’»«()[]"


def _word_starts(text: str, word: str) -> Iterator[int]:
    """Where ``word`` (letters only) stands in ``text`` as a whole word: the offsets at which ``_WORD`` would
    match exactly it."""
    i = text.find(word)
    n = len(word)
    while i >= 0:
        b = i + n
        # a letter (a ``_WORD`` character: alphanumeric, not a decimal digit) neither before nor after
        if not (i and (c := text[i - 1]).isalnum() and not c.isdecimal()) \
                and not (b < len(text) and (c := text[b]).isalnum() and not c.isdecimal()):
            yield i
        i = text.find(word, i + 1)


@dataclass(frozen=True)
class ChunkFacts:
    """What the claim rules look for in an article's words, found once per article from its distinct chunks
    (each chunk's facts kept across articles): ``words``, the verbs of saying and whole-word cue anchors among
    its words (:func:`_fact_words`); ``prefixes``, the cue anchors some word begins with
    (:func:`_anchor_kinds`); ``figures``, the chunks that hold a figure (:func:`_has_figure` of the chunk
    alone); ``targets``, the unspaced target literals (:func:`_all_target_literals`) the lower-case form of a
    chunk holds (a literal without white space lies inside one chunk)."""

    words: frozenset[str]
    prefixes: frozenset[str]
    figures: frozenset[str]
    targets: frozenset[str]


#: Facts of chunks that hold a verb, an anchor, a figure or a target literal (``(words, prefixes, figure,
#: targets)``), and chunks that hold none (most). Bounded: both are cleared when large.
_CHUNK_FACTS: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool, tuple[str, ...]]] = {}
_PLAIN_CHUNKS: set[str] = set()


def chunk_facts(ctx: Context) -> ChunkFacts:
    """The article's :class:`ChunkFacts` (computed once per article)."""
    found = ctx.cache.get("chunk_facts")
    if found is None:
        words: set[str] = set()
        prefixes: set[str] = set()
        figures = set()
        targets: set[str] = set()
        new = []
        known = _CHUNK_FACTS.get
        for chunk in ctx.distinct_chunks().difference(_PLAIN_CHUNKS):
            facts = known(chunk)
            if facts is None:
                new.append(chunk)
                continue
            chunk_words, chunk_prefixes, figure, chunk_targets = facts
            if chunk_words:
                words.update(chunk_words)
            if chunk_prefixes:
                prefixes.update(chunk_prefixes)
            if figure:
                figures.add(chunk)
            if chunk_targets:
                targets.update(chunk_targets)
        for chunk, (chunk_words, chunk_prefixes, figure, chunk_targets) in _new_chunk_facts(new):
            words.update(chunk_words)
            prefixes.update(chunk_prefixes)
            if figure:
                figures.add(chunk)
            targets.update(chunk_targets)
        found = ctx.cache["chunk_facts"] = ChunkFacts(frozenset(words), frozenset(prefixes), frozenset(figures),
                                                      frozenset(targets))
    return found


def _new_chunk_facts(chunks: list[str]) -> list[tuple[str, tuple[tuple[str, ...], tuple[str, ...], bool, tuple[str, ...]]]]:
    """``(chunk, facts)`` of those new ``chunks`` that have facts, kept in :data:`_CHUNK_FACTS`; the others are
    kept in :data:`_PLAIN_CHUNKS`. The target literals are first tested on all of them together."""
    if not chunks:
        return []
    if len(_CHUNK_FACTS) >= 200_000 or len(_PLAIN_CHUNKS) >= 200_000:
        _CHUNK_FACTS.clear()
        _PLAIN_CHUNKS.clear()
    blob = " ".join(chunks).lower()
    maybe = [lit for lit in _all_target_literals()[1] if lit in blob]
    starts = _prefix_anchors()
    keys = _fact_words()
    figure_search = claim_patterns().figure.search
    out = []
    for chunk in chunks:
        if chunk.isalpha():
            words = (chunk,) if chunk in keys else ()
            prefixes = tuple(a for a in starts if chunk.startswith(a)) if chunk.startswith(starts) else ()
            figure = chunk in _FIGURE_EXACT or chunk.startswith(_FIGURE_STEMS)
        else:
            chunk_words = _WORD.findall(chunk)
            words = tuple(w for w in chunk_words if w in keys)
            prefixes = tuple(a for a in starts if any(w.startswith(a) for w in chunk_words)) \
                if any(w.startswith(starts) for w in chunk_words) else ()
            core = chunk.strip(_AROUND_WORDS)  # _has_figure([chunk])
            figure = core in _FIGURE_EXACT or (core.startswith(_FIGURE_STEMS) if core.isalpha()
                                               else bool(figure_search(core)))
        if maybe:
            lower = chunk.lower()
            targets = tuple(lit for lit in maybe if lit in lower)
        else:
            targets = ()
        if words or prefixes or figure or targets:
            facts = _CHUNK_FACTS[chunk] = (words, prefixes, figure, targets)
            out.append((chunk, facts))
        else:
            _PLAIN_CHUNKS.add(chunk)
    return out


@cache
def _fact_words() -> frozenset[str]:
    """The words :class:`ChunkFacts` records: verbs of saying (:func:`_verb_keys`) and whole-word cue anchors."""
    return _verb_keys().union(*(whole for whole, _, _ in _anchor_kinds().values()))


@cache
def _prefix_anchors() -> tuple[str, ...]:
    """The cue anchors that a match needs only at the start of a word."""
    return tuple(sorted({a for _, prefix, _ in _anchor_kinds().values() for a in prefix}))


def verbs_in(ctx: Context, start: int, end: int) -> list[Verb]:
    """The verbs of saying inside ``[start, end)``."""
    vs = verbs(ctx)
    i = bisect.bisect_left(ctx.cache["verb_starts"], start)
    out = []
    while i < len(vs) and vs[i].end <= end:
        out.append(vs[i])
        i += 1
    return out


def verb_at(ctx: Context, pos: int) -> Verb | None:
    """The verb of saying that starts exactly at ``pos``, if any."""
    verbs(ctx)
    return ctx.cache["verb_at"].get(pos)


# ----------------------------------------------------------------------------------------------------------
# Claimants

#: What may stand between a verb of saying and its inverted subject: an article, an adjective, a title.
_INVERTED = re.compile(r"^\s*(?:(?:der|die|das|dem|den|des|ein|eine|von|vom)\s+)?(?:[a-zäöüß]+(?:e|en|er|es)\s+)?"
                       r"(?:[A-ZÄÖÜ][\w.-]*\s+){0,2}$")
#: Relative and subordinate clauses between commas ("Trump, der Deutschland kritisierte, sagte"): their
#: mentions are not the subject of the main clause.
_EMBEDDED = re.compile(r",\s*(?:der|die|das|dem|den|deren|dessen|welche[rsm]?|wie|als|weil|da|wenn|obwohl|während|nachdem)\b[^,]*,")
_PRONOUN = re.compile(r"(?<![\w-])(?P<p>er|sie|Er|Sie)(?![\w-])")


def _mentions(ctx: Context) -> list[Resolved]:
    return ctx.cache.get("mentions", [])


def _mentions_from(ctx: Context, start: int, end: int) -> list[Resolved]:
    """The mentions that start inside ``[start, end)``, in list order (by bisection: the merged mentions are
    sorted by offset, :func:`builder.annotate.actors.resolve_mentions`)."""
    ms = _mentions(ctx)
    starts = ctx.cache.get("mention_starts")
    if starts is None:
        starts = ctx.cache["mention_starts"] = [m.start for m in ms]
    return ms[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def mentions_by_span(ctx: Context) -> dict[tuple[int, int], Resolved]:
    """The merged mentions by ``(start, end)`` (built once per article: both claim passes read it)."""
    found = ctx.cache.get("mentions_by_span")
    if found is None:
        found = ctx.cache["mentions_by_span"] = {(r.start, r.end): r for r in _mentions(ctx)}
    return found


def _fits(m: Resolved, pronoun: str) -> bool:
    if pronoun.lower() == "er":
        return m.type == "person" and first_name_gender(m.name.split()[0]) != "female"
    if pronoun == "sie·sg":  # "sie" with a singular verb ("Sie forderte"): a woman before an organisation
        return m.type == "person" and first_name_gender(m.name.split()[0]) == "female"
    return m.type != "person" or first_name_gender(m.name.split()[0]) == "female"


def _singular_verb_after(ctx: Context, pos: int) -> bool:
    """Whether the verb right after a pronoun at ``pos`` is singular ("sie forderte", not "sie forderten")."""
    m = re.match(r"\s*\w+\s+([a-zäöüß]+)", ctx.text[pos:pos + 40])
    return bool(m) and not m.group(1).endswith("en") and m.group(1) not in ("sind", "haben", "werden")


def antecedent(ctx: Context, pos: int, pronoun: str) -> Resolved | None:
    """The mention a pronoun at ``pos`` refers to (see :func:`_antecedent`); "sie" with a singular verb prefers
    a woman, then anything that fits "sie"."""
    if pronoun.lower() == "sie" and _singular_verb_after(ctx, pos):
        return _antecedent(ctx, pos, "sie·sg") or _antecedent(ctx, pos, pronoun)
    return _antecedent(ctx, pos, pronoun)


def _antecedent(ctx: Context, pos: int, pronoun: str) -> Resolved | None:
    """The mention a pronoun at ``pos`` refers to: the subject (first fitting mention) of the sentence before,
    else the last fitting mention before it."""
    sent = ctx.sentence_of(pos)
    s0, _ = ctx.spans[sent]
    same = [m for m in _mentions_from(ctx, s0, pos) if _fits(m, pronoun) and not _in_quote(ctx, m.start)]
    if same and pos - same[-1].end > 0 and not ctx.is_initial(pos):
        return same[0]
    for k in range(sent - 1, max(-1, sent - 4), -1):
        s, e = ctx.spans[k]
        prev = [m for m in _mentions_from(ctx, s, e) if _fits(m, pronoun) and not _in_quote(ctx, m.start)]
        if prev:
            return prev[0]
    return None


#: The characters every match of ``claim_patterns().quote`` starts with.
_QUOTE_OPENERS = "„»«\""


def quotes(ctx: Context) -> list[re.Match]:
    """The matches of ``claim_patterns().quote`` in the article, as ``finditer`` gives them (found once)."""
    found = ctx.cache.get("quotes")
    if found is None:
        found = ctx.cache["quotes"] = list(finditer_at(claim_patterns().quote, ctx.text, tuple(_QUOTE_OPENERS)))
    return found


def finditer_at(pattern: re.Pattern, text: str, anchors: tuple[str, ...]) -> Iterator[re.Match]:
    """``pattern.finditer(text)`` for a pattern whose every match starts with one of ``anchors`` and is not
    empty: the pattern is tried only where an anchor stands (found by ``str.find``), not at every character."""
    return finditer_from(pattern, text, sorted({i for anchor in anchors for i in find_all(text, anchor)}))


def _line_starts(text: str) -> list[int]:
    """Where a line starts (where ``^`` matches under ``re.MULTILINE``)."""
    return [0, *(i + 1 for i in find_all(text, "\n"))]


@cache
def _anchors() -> dict[str, tuple[str, ...]]:
    """Where the cue patterns of :class:`ClaimPatterns` can match: each match starts with one of these words
    (the first words of the listed cues)."""
    sp = load("speech.yaml")
    att = sp["attribution"]

    def first_words(cues: list[str]) -> tuple[str, ...]:
        return tuple(sorted({c.split()[0] for c in cues}))

    return {"laut": first_words(att["before"]), "zufolge": first_words(att["after"]), "wie": ("Wie", "wie"),
            "demnach": first_words(att["anaphoric"]), "noun": first_words(list(sp["nouns"]))}


def _cues(ctx: Context, name: str) -> Iterator[re.Match]:
    """``claim_patterns().<name>.finditer(ctx.text)`` for a cue pattern of :func:`_anchors`, tried only at the
    anchors the article's words can hold (:func:`_anchor_kinds`)."""
    whole, prefix, other = _anchor_kinds()[name]
    facts = chunk_facts(ctx)
    present = (*whole.intersection(facts.words), *prefix.intersection(facts.prefixes), *other)
    return finditer_at(getattr(claim_patterns(), name), ctx.text, present)


#: The cue patterns whose anchor (the first word of a listed cue) a match holds as a whole word (a letter
#: neither before nor after it: the look-behind before the cue, then a space or the look-ahead), and those
#: whose anchor only begins a word (the noun is followed by any text up to ", dass").
_WHOLE_WORD_CUES = ("laut", "zufolge", "wie", "demnach")
_WORD_START_CUES = ("noun",)


@cache
def _anchor_kinds() -> dict[str, tuple[frozenset[str], frozenset[str], tuple[str, ...]]]:
    """Per cue pattern of :func:`_anchors`: ``(whole, prefix, other)``, its anchors that a match holds as a
    whole word (looked up among the article's words), that a match holds at the start of a word (looked up
    among the words' beginnings), and the others (always tried). An anchor is sorted into the first two only
    when it is letters only and, for whole words, every listed cue continues after it with a space or ends."""
    sp = load("speech.yaml")
    att = sp["attribution"]
    cues = {"laut": att["before"], "zufolge": att["after"], "wie": ["wie", "Wie"], "demnach": att["anaphoric"],
            "noun": list(sp["nouns"])}
    out = {}
    for name, anchors in _anchors().items():
        whole, prefix, other = set(), set(), []
        for a in anchors:
            followers = {c[len(a):len(a) + 1] for c in cues[name] if c.split()[0] == a}
            if a.isalpha() and name in _WHOLE_WORD_CUES and followers <= {"", " "}:
                whole.add(a)
            elif a.isalpha() and name in _WORD_START_CUES:
                prefix.add(a)
            else:
                other.append(a)
        out[name] = (frozenset(whole), frozenset(prefix), tuple(other))
    return out


def _in_quote(ctx: Context, pos: int) -> bool:
    """Whether ``pos`` lies strictly inside a quotation (the quotations do not overlap: the last one that
    starts before ``pos`` is the only one that can hold it)."""
    spans = ctx.cache.get("quote_spans")
    if spans is None:
        found = quotes(ctx)
        spans = ctx.cache["quote_spans"] = ([m.start() for m in found], [m.end() for m in found])
    starts, ends = spans
    i = bisect.bisect_left(starts, pos) - 1
    return i >= 0 and pos < ends[i]


def claimant_near(ctx: Context, cue: tuple[int, int], content: tuple[int, int]) -> Resolved | None:
    """The speaker of a cue: a mention (or pronoun) right after it, else the nearest mention before it in the
    same sentence outside the claim content; a pronoun resolves to its antecedent."""
    s, e = ctx.sentence_span(cue[0])
    text = ctx.text
    ms = [m for m in _mentions_from(ctx, s, e) if not (content[0] <= m.start < content[1])]
    after_limit = min(e, cue[1] + 45, content[0] if content[0] > cue[1] else e)
    after = [m for m in ms if cue[1] <= m.start < after_limit]
    gap_pron = _PRONOUN.match(text, cue[1] + 1) if cue[1] + 1 < len(text) else None
    if gap_pron:
        return antecedent(ctx, gap_pron.start(), gap_pron.group("p"))
    if after and _INVERTED.match(text[cue[1]:after[0].start]):
        return after[0]  # "sagte Hegseth", "schrieb der US-Präsident", "sagte Kremlsprecher Dmitri Peskow"
    before_from = content[1] if content[1] <= cue[0] else s
    masked = [(r.start(), r.end()) for r in _EMBEDDED.finditer(text, before_from, cue[0])]
    before = [m for m in ms if before_from <= m.start < cue[0] and not _in_quote(ctx, m.start)
              and not any(a <= m.start < b for a, b in masked)]
    # a genitive before a title and name ("Thüringens Wirtschaftsminister Stefan Kühnel", "Trumps Vize X") or
    # an organisation in the genitive before an apposition ("die Sprecherin des Betriebsrats, Sabine Oertel")
    # modifies the speaker, it is not the speaker
    while len(before) > 1 and (re.fullmatch(r"\S+(?:s|'|’)", before[0].text)
                               and re.fullmatch(r"\s+(?:[A-ZÄÖÜ][\w-]*\s+){0,2}", text[before[0].end:before[1].start])
                               or re.search(r"(?:des|der)\s+$", text[max(0, before[0].start - 5):before[0].start])
                               and re.match(r",\s*$", text[before[0].end:before[1].start])):
        before.pop(0)
    pron = None
    for pm in _PRONOUN.finditer(text, before_from, cue[0]):
        pron = pm
    if pron and (not before or pron.start() > before[-1].start):
        return antecedent(ctx, pron.start(), pron.group("p"))
    if before:
        return before[0]  # the subject: the first mention of the clause before the verb
    return None


def _cand(rule: str, kind: str, start: int, end: int, score: float, cue: tuple[int, int] | None,
          claimant: Resolved | None, **extra) -> Candidate | None:
    if end <= start:
        return None
    if claimant:
        data = {"cue": cue, "claimant": (claimant.start, claimant.end), "claimant_actor_id": claimant.actor_id,
                "claimant_name": claimant.name}
    else:
        data = {"cue": cue, "claimant": None, "claimant_actor_id": None, "claimant_name": None}
    if extra:
        data.update(extra)
    return Candidate(rule, "claim", start, end, kind, score, data)


def _trim(ctx: Context, start: int, end: int) -> tuple[int, int]:
    """Strip spaces, quotation marks of an unclosed quote and the final full stop from a content span."""
    text = ctx.text
    while start < end and text[start] in " \t\n,:–-":
        start += 1
    while end > start and text[end - 1] in " \t\n.,;:!–-":
        end -= 1
    return start, end


# ----------------------------------------------------------------------------------------------------------
# Labeling functions


_LABEL_BEFORE = re.compile(r"(?:Artikel|Titel|Buch|Film|Motto|Slogan|Kampagne|Projekt|Programm|Sendung|Aktion|Stück|"
                           r"Album|Song|Lied|Roman|Serie|Ausstellung|Initiative|Schlagzeile|Überschrift|Namen?)\s*[:,]?\s*$")


def _title_like(words: list[str]) -> bool:
    """A title or name in quotes: mostly capitalised words without sentence punctuation, or mostly English."""
    if len(words) <= 8 and not re.search(r"[.!?,]", " ".join(words)[:-1]):
        caps = sum(1 for w in words if w[:1].isupper())
        if caps / len(words) >= 0.6:
            return True
    return _mostly_english(words)


def _mostly_english(words: list[str]) -> bool:
    """Whether more than half of ``words`` are :func:`_more_english` (``sum(map(_more_english, words)) /
    len(words) > 0.5``), deciding as soon as the words left cannot change the answer."""
    n = len(words)
    need = n // 2 + 1  # the least count above half
    english = 0
    for i, w in enumerate(words):
        if _more_english(w):
            english += 1
            if english >= need:
                return True
        elif english + n - i - 1 < need:
            return False
    return False


@lru_cache(maxsize=200_000)
def _more_english(word: str) -> bool:
    """Whether ``word`` is clearly more frequent in English than in German."""
    from builder.annotate.lexicon import english_zipf, zipf

    return english_zipf(word) > zipf(word) + 1.0


@labeling_function("direct_quote", 1, "claim", reads_trail=True)
def direct_quote(ctx: Context) -> Iterator[Candidate]:
    """Text in quotation marks („…“, »…«, "…") of three or more words, with the speaker named before a colon,
    after the quote ("…“, sagte X) or as the speaker of the sentence before.

    Catches: "„Wir werden die Halle bis Mai fertigstellen“, sagte die Bürgermeisterin." Must not:
    "Der Verein nennt das Konzept „Grüne Welle“."
    """
    found = ctx.cache.get("direct_quotes")
    if found is None:  # the first of the two claim passes: everything but the speaker trail, kept for the second
        found = ctx.cache["direct_quotes"] = list(_direct_quotes(ctx))
    for qstart, start, end, cue, speaker, fragment in found:
        if speaker is None and not fragment:
            speaker = _previous_speaker(ctx, qstart)
        c = _cand(direct_quote.rule, "direct_quote", start, end, 0.9 if cue else 0.75, cue, speaker,
                  fragment=fragment)
        if c:
            yield c


def _direct_quotes(ctx: Context) -> Iterator[tuple[int, int, int, tuple[int, int] | None, Resolved | None, bool]]:
    """The part of :func:`direct_quote` that does not read the speaker trail: (quote start, content start,
    content end, cue, speaker near the cue, fragment) of each quotation that may be a claim."""
    text = ctx.text
    for m in quotes(ctx):
        g = m.lastindex  # the one group of the alternative that matched
        start, end = m.start(g), m.end(g)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        inner = text[start:end]
        words = inner.split()
        if len(words) < 3 or _LABEL_BEFORE.search(text[max(0, m.start() - 30):m.start()]) or _title_like(words):
            continue  # a label or title in quotes ("zum Artikel „…“", "NATO Response Force"), not a claim
        if inner[:1] in ",;:.)" or inner[-1:] in ",;:(":
            continue  # the text between two quotations whose marks were paired wrongly ("…" , sagt X , "…")
        fragment = not inner[:1].isupper() or len(words) < 5 and not inner.endswith((".", "!", "?"))
        cue = None
        speaker = None
        v = verb_at(ctx, _AFTER_QUOTE_GAP.match(text, m.end(), m.end() + 5).end())
        if v:
            cue = (v.start, v.end)
            speaker = claimant_near(ctx, cue, (start, end))
        else:
            lead_start = max(ctx.sentence_span(m.start())[0], m.start() - 120)
            lead = text[lead_start:m.start()]
            vbs = verbs_in(ctx, lead_start, m.start())
            if vbs and _COLON_OR_COMMA_END.search(lead):
                cue = (vbs[-1].start, vbs[-1].end)
                speaker = claimant_near(ctx, cue, (start, end))
        yield m.start(), start, end, cue, speaker, fragment


#: What may stand between a closing quotation mark and the verb of saying after it: ", " (at most 5 characters).
_AFTER_QUOTE_GAP = re.compile(r"\s*,?\s*")
#: A lead-in before a quotation that ends with a colon or comma ("Er sagte: „…“").
_COLON_OR_COMMA_END = re.compile(r"[:,]\s*$")


def _previous_speaker(ctx: Context, pos: int) -> Resolved | None:
    """The speaker of an unattributed quote: the mention before a colon that ends the previous sentence, or the
    claimant of the claim just before."""
    text = ctx.text
    lead = text[max(0, pos - 200):pos].rstrip()
    if lead.endswith(":"):
        s, _ = ctx.sentence_span(pos - len(text[:pos]) + len(text[:pos].rstrip()) - 1)
        ms = _mentions_from(ctx, s, pos)
        pron = list(_PRONOUN.finditer(text, s, pos))
        if ms:
            return ms[-1]
        if pron:
            return antecedent(ctx, pron[-1].start(), pron[-1].group("p"))
    prev = [c for c in ctx.cache.get("speaker_trail", []) if c[0] < pos]
    return prev[-1][1] if prev else None


# Parts of :func:`indirect_speech`: a quotation mark before the verb ("…“, sagte X"), the comma or colon after
# it (with "dass"/"ob"), a quotation mark, an infinitive clause, a comma at the end of the text before the verb.
_AFTER_QUOTE = re.compile(r"[“”«»\"]\s*,?\s*$")
_CLAUSE_MARK = re.compile(r"[,:]\s*(?:(?P<dass>dass|ob)\s+)?")
_QUOTE_MARK = re.compile(r"[„“»«\"]")
_QUOTE_NEXT = re.compile(r"\s*[„»\"«]")
_INFINITIVE = re.compile(r"\bzu\s+\w+en\b|\b[a-zäöü]{2,}zu[a-zäöü]{3,}en\b")
_COMMA_END = re.compile(r",\s*$")
_QUOTE_COMMA_END = re.compile(r"[“”«»\"]\s*,\s*$")


@lru_cache(maxsize=256)
def _particle_at_end(particle: str) -> re.Pattern:
    """A separable particle at the end of a text ("teilte … mit")."""
    return re.compile(rf"(?<![\w-]){re.escape(particle)}$")


@labeling_function("indirect_speech", 1, "claim")
def indirect_speech(ctx: Context) -> Iterator[Candidate]:
    """A verb of saying with a dass-clause, a comma clause in Konjunktiv I or an infinitive clause after it
    ("X betonte, dass …", "X kündigte an, Europa müsse …"), or a Konjunktiv clause before it ("…, fügte er an").

    Catches: "Die Ministerin erklärte, dass die Schulen im Herbst öffnen sollen." Must not:
    "Die Ministerin erklärte den Schülern den Weg."
    """
    cp = claim_patterns()
    text = ctx.text
    for v in verbs(ctx):
        s, e = ctx.sentence_span(v.start)
        if text[v.end:v.end + 3].startswith(("?",)):
            continue
        if _AFTER_QUOTE.match(text[max(s, v.start - 4):v.start].lstrip()[-3:] or "x"):
            continue  # "…“, sagte X": the quote is the claim
        form = v.form
        cue = (v.start, v.end)
        # clause after the verb: the comma may come after subject, adverbials and the separable particle
        rest = text[v.end:e]
        comma = _CLAUSE_MARK.search(rest)
        done = False
        if comma and comma.start() <= 70 and not _QUOTE_MARK.search(rest[:comma.start()]):
            between = rest[:comma.start()]
            parts = cp.particles.get(form, [])
            if verbs_in(ctx, v.end, v.end + comma.start()):
                continue  # "lobte X und hob hervor, dass ...": the nearer verb introduces the clause
            if parts and not any(_particle_at_end(p).search(between.strip()) for p in parts) \
                    and not comma.group("dass"):
                pass  # "teilte ... mit" needs its particle before the comma
            elif rest[comma.start()] == ":" and _QUOTE_NEXT.match(rest[comma.end() - 1:]):
                pass  # a colon before a quote: the quote is the claim
            else:
                cstart = v.end + comma.end()
                cend = _clause_end(ctx, cstart, e)
                body = text[cstart:cend]
                infinitive = _INFINITIVE.search(body) and len(between.split()) <= 5
                # an indicative main clause right after the verb ("X warnte, die Rücklagen reichten nicht")
                plain = len(between.split()) <= 3 and not comma.group("dass") and rest[comma.start()] == "," \
                    and _MAIN_CLAUSE.match(body) and len(body.split()) >= 4
                k1 = cp.konjunktiv_only.search(body) or any(map(_is_konjunktiv, _WORD.findall(body)))
                if comma.group("dass") or k1 or infinitive or plain:
                    cstart, cend = _trim(ctx, cstart, cend)
                    speaker = _inserted_speaker(ctx, cend, e) or claimant_near(ctx, cue, (cstart, cend))
                    c = _cand(indirect_speech.rule, "indirect_speech", cstart, cend, 0.8, cue, speaker,
                              polarity=cp.polarity.get(form, "neutral"))
                    if c:
                        done = True
                        yield c
        if done:
            continue
        # clause before the verb: "Die Lage sei ernst, sagte der Minister."
        before = text[s:v.start]
        if _COMMA_END.search(before) and not _QUOTE_COMMA_END.search(before):
            cstart, cend = _trim(ctx, s, v.start)
            body = text[cstart:cend]
            if cp.konjunktiv.search(body) and len(body.split()) >= 3:
                speaker = claimant_near(ctx, cue, (cstart, cend))
                c = _cand(indirect_speech.rule, "indirect_speech", cstart, cend, 0.75, cue, speaker,
                          polarity=cp.polarity.get(form, "neutral"))
                if c:
                    yield c


def _inserted_speaker(ctx: Context, pos: int, end: int) -> Resolved | None:
    """The speaker of an attribution inserted after a reported clause: "…, sagte Kremlsprecher X." wins over
    an impersonal cue before it ("Aus dem Kreml hieß es, …")."""
    m = None
    for m in re.finditer(r",\s*(?:so|sagte|sagt|betonte|erklärte|schrieb|fügte)\b", ctx.text[pos:end]):
        pass
    if not m or re.search(r"[.!?]", ctx.text[pos:pos + m.start()]):
        return None
    after = _mentions_from(ctx, pos + m.end(), min(end, pos + m.end() + 45))
    return after[0] if after and _INVERTED.match(ctx.text[pos + m.end():after[0].start]) else None


#: The start of a main clause (subject first): an article, pronoun or capitalised noun — not a conjunction or
#: relative pronoun that would make the comma clause something else.
_MAIN_CLAUSE = re.compile(r"\s*(?:(?:der|die|das|ein|eine|es|er|sie|man|wir|ich|dies\w*|jede\w*|alle|viele|kein\w*)\s+\S+\s+[a-zäöüß]"
                          r"|[A-ZÄÖÜ][\w-]+\s+(?:[a-zäöüß]+)\b)")


#: "…, so Steinbach." / "…, so der Minister.": an attribution after the reported clause, at the sentence end.
_SO_ATTRIBUTION = re.compile(r",\s+(?P<cue>so)\s+(?:(?:der|die|das)\s+)?[A-ZÄÖÜ][^,.;:!?]{1,60}[.!?]?\s*$")


@labeling_function("so_attribution", 1, "claim")
def so_attribution(ctx: Context) -> Iterator[Candidate]:
    """A reported clause followed by ", so X" at the end of the sentence: X is the speaker, "so" the cue.

    Catches: "Die Saison sei gelaufen, so Kowalczyk." Must not: "Die Saison war lang, so dass alle müde sind."
    """
    text = ctx.text
    for s, e in ctx.spans:
        m = _SO_ATTRIBUTION.search(text, s, e)
        if not m:
            continue
        cue = (m.start("cue"), m.end("cue"))
        cstart, cend = _trim(ctx, s, m.start())
        if len(text[cstart:cend].split()) < 3:
            continue
        speaker = claimant_near(ctx, cue, (cstart, cend))
        c = _cand(so_attribution.rule, "indirect_speech", cstart, cend, 0.75, cue, speaker)
        if c:
            yield c


#: Where a reported clause ends: before an inserted attribution (", sagte X", "– so X", " (…") or a second main
#: clause (", aber die …").
_CLAUSE_END = re.compile(r",\s*(?:sagte|sagt|so|betonte|erklärte|schrieb|fügte|hieß)\b|\s[–—]\s|\s\("
                         r"|,\s+(?:und|aber|doch|sondern)\s+(?:(?:der|die|das|beide|er|sie|es|man)\b|[A-ZÄÖÜ])")


def _clause_end(ctx: Context, start: int, end: int) -> int:
    """Where a reported clause ends: the sentence end, or before an inserted attribution (", sagte X", "– so X")."""
    m = _CLAUSE_END.search(ctx.text[start:end])
    return start + m.start() if m else end


@labeling_function("attributed_report", 1, "claim", reads_trail=True)
def attributed_report(ctx: Context) -> Iterator[Candidate]:
    """A statement attributed to a source: "Laut X …", "Nach Angaben von X …", "X zufolge …", "wie X mitteilte, …",
    "demnach" (the source of the sentence before).

    Catches: "Laut Statistischem Bundesamt stiegen die Preise um drei Prozent." Must not:
    "Die Musik war laut und die Nacht lang."
    """
    found = ctx.cache.get("attributed_reports")
    if found is None:  # the first of the two claim passes: the trail-free sources, kept for the second
        found = ctx.cache["attributed_reports"] = list(_attributed_reports(ctx))
    for cstart, cend, score, cue, speaker in found:
        c = _cand(attributed_report.rule, "attributed_report", cstart, cend, score, cue, speaker)
        if c:
            yield c
    for m in _cues(ctx, "demnach"):
        s, e = ctx.sentence_span(m.start())
        trail = [c for c in ctx.cache.get("speaker_trail", []) if c[0] < s]
        cstart, cend = _trim(ctx, s, e)
        c = _cand(attributed_report.rule, "attributed_report", cstart, cend, 0.6, (m.start(), m.end()),
                  trail[-1][1] if trail else None)
        if c:
            yield c


def _attributed_reports(ctx: Context) -> Iterator[tuple[int, int, float, tuple[int, int], Resolved | None]]:
    """The part of :func:`attributed_report` that does not read the speaker trail ("laut", "zufolge", "wie X
    mitteilte"): (content start, content end, score, cue, source) of each."""
    text = ctx.text
    for m in _cues(ctx, "laut"):
        s, e = ctx.sentence_span(m.start())
        after = text[m.end():e]
        if m.group("cue").lower() == "laut" and not re.match(r"\s+(?:[A-ZÄÖÜ]|de[mnrs]\s|einer?\s|eigene[nr]?\s|aktuellen|neuen|russischen|ukrainischen|amerikanischen|\w+en\s+[A-ZÄÖÜ])", after):
            continue  # "laut" the adjective
        src = [x for x in _mentions_from(ctx, m.end(), m.end() + 60) if _INVERTED.match(text[m.end():x.start])
               and not re.search(r"[a-zäöüß]{3,}\s+[a-zäöüß]{3,}\s", text[m.end():x.start])]
        src_end = src[0].end if src else None
        if src_end is None:
            # "Laut russischen Medien": the source is a noun phrase without a mention
            nm = re.match(r"\s+(?:(?:de[mnrs]|einer?|von|der)\s+)?(?:[a-zäöüß]+\s+)*[A-ZÄÖÜ][\w-]*", after)
            if not nm:
                continue
            src_end = m.end() + nm.end()
        before = text[s:m.start()]
        if re.search(r",\s*$", before) and len(before.split()) >= 3:
            cstart, cend = _trim(ctx, s, m.start())
        else:
            cstart, cend = _trim(ctx, src_end, _clause_end(ctx, src_end, e))
            nxt = re.match(r"\s*(?:zufolge\s*)?,?\s*", text[cstart:cend])
            cstart += nxt.end() if nxt else 0
        speaker = src[0] if src else None
        if "eigenen" in m.group("cue"):
            # "Das Unternehmen setzte nach eigenen Angaben ...": the source is the subject
            speaker = claimant_near(ctx, (m.start(), m.end()), (cstart, cend))
            cstart, cend = _trim(ctx, s, e)
        yield cstart, cend, 0.75, (m.start(), m.end()), speaker
    for m in _cues(ctx, "zufolge"):
        s, e = ctx.sentence_span(m.start())
        src = [x for x in _mentions_from(ctx, s, m.start() + 1) if x.end <= m.start() and m.start() - x.end <= 40]
        before = text[s:m.start()]
        if re.search(r",\s*\S[^,]*$", before) and len(before.split(",")[0].split()) >= 3:
            cstart, cend = _trim(ctx, s, s + before.rfind(","))
        else:
            cstart, cend = _trim(ctx, m.end(), e)
        yield cstart, cend, 0.75, (m.start(), m.end()), src[-1] if src else None
    for m in _cues(ctx, "wie"):
        s, e = ctx.sentence_span(m.start())
        src = _mentions_from(ctx, m.start("src"), m.end("src"))
        before = text[s:m.start()]
        if re.search(r",\s*$", before):
            cstart, cend = _trim(ctx, s, m.start())
        else:
            cstart, cend = _trim(ctx, m.end(), e)
        yield cstart, cend, 0.7, (m.start("verb"), m.end("verb")), src[0] if src else None


_LINK = re.compile(r"(?:https?://|www\.|@|Kontonummer|IBAN|Tel\.)")


def _has_figure(words: list[str]) -> bool:
    """Whether ``claim_patterns().figure`` (a digit, a number word, month or weekday) matches in the sentence
    of the whitespace-separated ``words``.

    Each word is stripped of the punctuation around it: a word left with letters only matches when it is
    listed (or begins with a listed stem); only the others run the pattern. (No match spans whitespace or
    holds that punctuation, and neither is a word character or a hyphen, so each word can be matched alone.)
    """
    cores = list(map(str.strip, words, repeat(_AROUND_WORDS)))
    if not _FIGURE_EXACT.isdisjoint(cores):
        return True
    if any(map(claim_patterns().figure.search, filterfalse(str.isalpha, cores))):
        return True
    # a core of letters only that begins with a listed stem ("Millionen")
    return any(map(str.isalpha, compress(cores, map(str.startswith, cores, repeat(_FIGURE_STEMS)))))


def _hedged_or_linked(ctx: Context, s: int, e: int) -> bool:
    """Whether the sentence ``[s, e)`` holds a hedge or a link: the two patterns run only on a sentence that
    holds one of their literals (:func:`_hedge_link_literals`, one search for all of them)."""
    sent = ctx.text[s:e]
    gate = _hedge_link_literals()
    if gate is not None and not gate.search(sent):
        return False
    return bool(claim_patterns().hedge.search(sent) or _LINK.search(sent))


@cache
def _hedge_link_literals() -> re.Pattern | None:
    """A pattern that finds any literal (:func:`prefilter.literals`) of the hedge or the link pattern: where it
    finds none, neither pattern can match. None when a pattern has no literals or ignores case."""
    patterns = (claim_patterns().hedge, _LINK)
    groups = [prefilter.literals(p) for p in patterns]
    if any(g is None for g in groups) or any(p.flags & re.IGNORECASE for p in patterns):
        return None
    return re.compile("|".join(map(re.escape, sorted({lit for g in groups for lit in g}, key=len, reverse=True))))


@labeling_function("checkworthy_assertion", 1, "claim")
def checkworthy_assertion(ctx: Context) -> Iterator[Candidate]:
    """A declarative sentence of the article itself with a figure, date, duration or quantity (claimant: the outlet).

    Catches: "Der Verein hat seit 2019 rund 4000 Mitglieder verloren." Must not:
    "Ob der Verein im Jahr 2030 noch besteht, ist offen?"
    """
    text = ctx.text
    chunks = ctx.distinct_chunks()
    figures = chunk_facts(ctx).figures  # a sentence of the article's chunks has a figure when one of them has
    for s, e in ctx.spans:
        sent = text[s:e]
        if not sent.endswith(".") or sent.startswith("(") or "\n" in sent and "\n" in sent.strip():
            continue  # not a statement, a protocol interjection "(Beifall …)" or a list
        words = sent.split()
        if len(words) < 6:
            continue  # a fragment
        # a figure chunk among the words has a figure; words that are not all the article's chunks are tested
        figure = not figures.isdisjoint(words) or not chunks.issuperset(words) and _has_figure(words)
        if not figure or _hedged_or_linked(ctx, s, e) or _attributes_back(ctx, s, e):
            continue  # no figure, a hedge, links or account data, or a sentence that only attributes the one before
        cstart, cend = _trim(ctx, s, e)
        c = _cand(checkworthy_assertion.rule, "unattributed_assertion", cstart, cend, 0.5, None, None)
        if c:
            yield c


@labeling_function("speech_noun", 1, "claim")
def speech_noun(ctx: Context) -> Iterator[Candidate]:
    """A noun of saying or demanding with a dass-clause: "die Forderung der Gewerkschaft, dass …",
    "die Erwartung, dass …" (claimant: the genitive after the noun, else the subject of the sentence).

    Catches: "Die Forderung des Verbands, dass die Mieten sinken müssten, stieß auf Kritik." Must not:
    "Die Forderung wurde am Montag abgelehnt."
    """
    cp = claim_patterns()
    for m in _cues(ctx, "noun"):
        s, e = ctx.sentence_span(m.start())
        if m.end() > e:
            continue
        cstart, cend = _trim(ctx, m.end(), _clause_end(ctx, m.end(), e))
        cue = (m.start("noun"), m.end("noun"))
        gen = _mentions_from(ctx, m.start("mid"), m.end("mid"))
        speaker = gen[0] if gen else claimant_near(ctx, cue, (cstart, cend))
        c = _cand(speech_noun.rule, "indirect_speech", cstart, cend, 0.65, cue, speaker,
                  polarity=cp.noun_polarity.get(m.group("noun"), "neutral"))
        if c:
            yield c


#: A line that introduces a list of reported arguments: "Kritiker hingegen warnen:", "Befürworter argumentieren:".
_LIST_INTRO = re.compile(r"(?<![\w-])(?:\w+(?:ieren|ierte[n]?|ierten)|warnen|warnten|sagen|sagten|meinen|betonen|fordern|"
                         r"erklären|schreiben|glauben|befürchten|fürchten|hoffen|mahnen|kritisieren|sagte|schrieb|erklärte|"
                         r"warnte|betonte|forderte|meinte)\s*:\s*$")


@lru_cache(maxsize=200_000)
def _is_konjunktiv(word: str) -> bool:
    """A Konjunktiv I form by list, or a word in -e whose -t form is a frequent verb ("erlebe" → "erlebt")."""
    from builder.annotate.lexicon import zipf

    if claim_patterns().konjunktiv_only.fullmatch(word):
        return True
    return len(word) >= 4 and word.islower() and word.endswith("e") and zipf(word[:-1] + "t") >= 3.5 \
        and zipf(word[:-1] + "t") > zipf(word)


_CONTINUATION_WORD = re.compile(r"[\wäöüß]+")


def _by_sentence(ctx: Context, cands: list[Candidate]) -> dict[int, list[Candidate]]:
    """The candidates by the index of the sentence their start falls in (:meth:`Context.sentence_of`), in list
    order; with sentences out of order or overlapping, every candidate under every sentence (the caller checks
    the offsets)."""
    if not _sentences_in_order(ctx):
        return dict.fromkeys(range(len(ctx.spans)), cands)
    out: dict[int, list[Candidate]] = {}
    for c in cands:
        out.setdefault(ctx.sentence_of(c.start), []).append(c)
    return out


def _sentences_in_order(ctx: Context) -> bool:
    """Whether the sentence spans are sorted and do not overlap (then an offset lies in at most one, the one
    :meth:`Context.sentence_of` names)."""
    ok = ctx.cache.get("sentences_in_order")
    if ok is None:
        spans = ctx.spans
        ok = ctx.cache["sentences_in_order"] = all(a[1] <= b[0] for a, b in zip(spans, spans[1:])) \
            and all(s <= e for s, e in spans)
    return ok


def _colon_sentences(ctx: Context) -> set[int]:
    """The indices of the sentences whose text ends with a colon (but for whitespace after it), found from the
    article's colons when the sentences are in order."""
    found = ctx.cache.get("colon_sentences")
    if found is None:
        text = ctx.text
        spans = ctx.spans
        if _sentences_in_order(ctx):
            found = set()
            for p in find_all(text, ":"):
                k = ctx.sentence_of(p)
                s, e = spans[k] if spans else (0, 0)
                if s <= p < e and (p + 1 == e or text[p + 1:e].isspace()):
                    found.add(k)
        else:
            found = {k for k, (s, e) in enumerate(spans) if text[s:e].rstrip().endswith(":")}
        ctx.cache["colon_sentences"] = found
    return found


@labeling_function("reported_continuation", 1, "claim", reads_trail=True)
def reported_continuation(ctx: Context) -> Iterator[Candidate]:
    """A sentence in Konjunktiv right after reported speech (or after "X warnen:") continues the report of the
    same speaker: "Der Trainer sagte, … . Die Mannschaft sei müde."

    Catches: "Die Trainerin Jana Olbrich sagte, das Team habe gut gespielt. Der Sieg sei verdient." Must not:
    "Die Trainerin Jana Olbrich lobte das Team. Der Sieg ist verdient."
    """
    text = ctx.text
    first = ctx.cache.get("first_claims", [])
    by_span = mentions_by_span(ctx)
    reports = _by_sentence(ctx, [c for c in first if c.label in ("indirect_speech", "direct_quote", "attributed_report")
                                 and c.rule != reported_continuation.rule])
    starts_report = _colon_sentences(ctx).union(reports)  # where an inactive sentence may start one
    active = in_list = False
    speaker: Resolved | None = None
    for k, (s, e) in enumerate(ctx.spans):
        if not active and k not in starts_report:
            continue  # neither holds a report nor ends with a colon: nothing below applies
        own = [c for c in reports.get(k, ()) if s <= c.start < e]
        sent = text[s:e]
        if own:
            c = own[-1]
            active, in_list = True, False
            found = by_span.get(c.data["claimant"]) if c.data.get("claimant") else None
            speaker = found or (speaker if c.label == "direct_quote" and not c.data.get("cue") else None)
            continue
        if sent.rstrip().endswith(":") and _LIST_INTRO.search(sent):
            active, in_list = True, True
            v = _LIST_INTRO.search(sent)
            speaker = claimant_near(ctx, (s + v.start(), s + v.end()), (e, e))
            continue
        if not active:
            continue
        k2 = in_list and claim_patterns().continuation.search(sent)
        if (k2 or any(map(_is_konjunktiv, _CONTINUATION_WORD.findall(sent)))) and not sent.rstrip().endswith("?") \
                and not _in_quote(ctx, s + 1):
            cstart, cend = _trim(ctx, s, e)
            while cstart < cend and text[cstart] in "•*-– ":
                cstart += 1
            c = _cand(reported_continuation.rule, "indirect_speech", cstart, cend, 0.55, None, speaker)
            if c:
                yield c
            continue
        active = False


#: The hint :func:`_attributes_back` needs before its pattern runs, in two halves, each fast on its own: "Das",
#: "Dies", "Dieses" or "So" at the start; "dies"/"das" as a word, found from its letter "d" first (``re`` skips
#: ahead to a literal first character, not to a look-behind).
_BACK_HINT_START = re.compile(r"(?:Das|Dies|Dieses|So)\b")
_BACK_HINT_WORD = re.compile(r"d(?<![\w-]d)(?:ies|as)(?![\w-])")


def _back_hint(sent: str) -> bool:
    """Whether ``sent`` opens with "Das", "Dies", "Dieses" or "So" or holds "dies" or "das" as a word
    (``tests/annotate/test_annotate_claims_shared_facts.py`` compares it with the one pattern of both)."""
    return bool(_BACK_HINT_START.match(sent) or _BACK_HINT_WORD.search(sent))


def _attributes_back(ctx: Context, s: int, e: int) -> re.Match | None:
    """The match of the sentence ``[s, e)`` when it only attributes the one before ("Das teilte X mit."), else
    None. Cheap tests ("Das/Dies …" or "… dies", and a verb of saying) run first; the full pattern only where
    it can match."""
    found = ctx.cache.setdefault("attributes_back", {})
    key = (s, e)
    if key not in found:
        sent = ctx.text[s:e]
        found[key] = claim_patterns().back.match(sent) if _has_verb(ctx, s, e) and _back_hint(sent) else None
    return found[key]


def _sentences_with_verbs(ctx: Context) -> list[int]:
    """Indices (ascending) of the sentences that may hold a verb of saying: where one starts (every sentence,
    when the sentences are out of order or overlap)."""
    if not _sentences_in_order(ctx):
        return list(range(len(ctx.spans)))
    return sorted({ctx.sentence_of(v.start) for v in verbs(ctx)})


def _has_verb(ctx: Context, start: int, end: int) -> bool:
    """Whether a verb of saying lies inside ``[start, end)`` (:func:`verbs_in` is not empty)."""
    vs = verbs(ctx)
    i = bisect.bisect_left(ctx.cache["verb_starts"], start)
    return i < len(vs) and vs[i].end <= end


@labeling_function("back_attribution", 1, "claim")
def back_attribution(ctx: Context) -> Iterator[Candidate]:
    """A sentence that only attributes the sentence before ("Das teilte X mit.", "X sagte dies am Montag.",
    "Dies berichtete die Zeitung X.") makes that sentence an attributed report of X.

    Catches: "Der Umsatz stieg um vier Prozent. Das teilte die Firma Brodmann am Dienstag mit." Must not:
    "Der Umsatz stieg um vier Prozent. Die Firma Brodmann plant neue Filialen."
    """
    text = ctx.text
    for k in _sentences_with_verbs(ctx):
        if k == 0:
            continue
        s, e = ctx.spans[k]
        sent = text[s:e]
        m = _attributes_back(ctx, s, e)
        if not m or len(sent.split()) > 16 or "dass" in sent:
            continue
        v = m.group("v1") or m.group("v2")
        vstart = s + (m.start("v1") if m.group("v1") else m.start("v2"))
        cue = (vstart, vstart + len(v))
        ms = _mentions_from(ctx, s, e)
        ps, pe = ctx.spans[k - 1]
        cstart, cend = _trim(ctx, ps, pe)
        c = _cand(back_attribution.rule, "attributed_report", cstart, cend, 0.7, cue, ms[0] if ms else None)
        if c:
            yield c


#: A speaker's turn in a parliamentary protocol: "Tobias Rehberg (FDP): …", "Präsidentin Dr. X Y: …".
_TURN = re.compile(r"^(?:(?P<chair>(?:Vize|Alters)?[Pp]räsident(?:in)?)\s+)?(?:(?:Dr|Prof)\.\s+)*"
                   r"(?P<name>[A-ZÄÖÜ][^\n:()]{2,60}?)(?P<party>\s*\([^)\n]{2,40}\))?:\s", re.M)


#: What a line starts with when a speaker's turn may begin there and go on in the next line (white space after
#: the chair's title or a "Dr."/"Prof." may hold a line break; the name, party and colon may not).
_TURN_OPENERS = ("Präsident", "präsident", "Vize", "Alters", "Dr.", "Prof.")


def _turn_starts(text: str) -> list[int]:
    """The line starts (ascending) where :data:`_TURN` can match: the lines that hold a colon, and those that
    begin with one of :data:`_TURN_OPENERS`."""
    starts = {text.rfind("\n", 0, c) + 1 for c in find_all(text, ":")}
    starts.update(i for i in _line_starts(text) if text.startswith(_TURN_OPENERS, i))
    return sorted(starts)


def speaker_turns(ctx: Context) -> list[tuple[int, int, Resolved]]:
    """``(start, end, speaker)`` of each speaker's turn, when the text is a protocol with "Name (Partei):" lines."""
    turns = ctx.cache.get("turns")
    if turns is None:
        turns = []
        heads = []
        for m in finditer_from(_TURN, ctx.text, _turn_starts(ctx.text)):
            if not (m.group("chair") or m.group("party")):
                continue  # "Trump und Putin: Durchbruch?" is a headline, not a speaker's turn
            ms = [x for x in _mentions_from(ctx, m.start("name"), m.end("name")) if x.type == "person"]
            if ms:
                heads.append((m.start(), m.end(), ms[-1]))
        if len(heads) < 2:
            heads = []  # a protocol has several turns
        # reader comments: each comment belongs to the commenter named in its header line
        heads += [(r.start, ctx.text.find("\n", r.end) + 1 or r.end, r) for r in _mentions(ctx)
                  if r.rule.startswith("commenter@")]
        heads.sort(key=lambda h: h[0])
        for k, (a, b, who) in enumerate(heads):
            end = heads[k + 1][0] if k + 1 < len(heads) else len(ctx.text)
            turns.append((b, end, who))
        ctx.cache["turns"] = turns
    return turns


# ----------------------------------------------------------------------------------------------------------
# Resolution

KIND_PRIORITY = {"direct_quote": 4, "indirect_speech": 3, "attributed_report": 2, "unattributed_assertion": 1}


@dataclass(slots=True)
class ResolvedClaim:
    """A merged claim with its claimant and target."""

    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None
    claimant_span: tuple[int, int] | None
    claimant_actor_id: str | None
    claimant_name: str | None
    target: str | None
    rule: str
    score: float
    polarity: str
    targets: list[TargetHit]


@dataclass(slots=True)
class TargetHit:
    """A stance target a claim is about: where its pattern matched, and whether it names the opposite."""

    target: str
    start: int
    end: int
    opposite: bool


@cache
def _all_targets() -> re.Pattern:
    """Every target pattern as one alternation; group ``t<i>`` is the i-th entry of ``claim_patterns().targets``."""
    return re.compile("|".join(f"(?P<t{i}>{pat.pattern})" for i, (_, pat, _, _) in enumerate(claim_patterns().targets)),
                      re.I)


def _topic(ctx: Context, requires: re.Pattern) -> bool:
    """Whether the article matches a target's ``requires`` pattern (checked once per article)."""
    seen = ctx.cache.setdefault("topics", {})
    if requires.pattern not in seen:
        seen[requires.pattern] = bool(requires.search(ctx.text))
    return seen[requires.pattern]


@cache
def _target_literals() -> tuple[tuple[str, ...] | None, ...]:
    """Per entry of ``claim_patterns().targets``: the literals one of which each of its matches holds
    (:func:`builder.annotate.prefilter.literals`), or None."""
    return tuple(prefilter.literals(pat) for _, pat, _, _ in claim_patterns().targets)


@lru_cache(maxsize=4096)
def _targets_pattern(indices: tuple[int, ...]) -> re.Pattern:
    """The alternation of the target patterns at ``indices`` (ascending), each group named as in
    :func:`_all_targets`."""
    targets = claim_patterns().targets
    return re.compile("|".join(f"(?P<t{i}>{targets[i][1].pattern})" for i in indices), re.I)


def _window_target_indices(ctx: Context, start: int, end: int) -> tuple[int, ...] | None:
    """The indices (ascending) of the target patterns that can match inside ``ctx.text[start:end]``: those
    without literals and those one of whose literals stands inside the window; None when every pattern must
    run (:func:`_target_occurrences`)."""
    state = _target_state(ctx)
    if not state:
        return None if state is None else ()
    always, starts, occurrences = state
    i = bisect.bisect_left(starts, start)
    if i == len(starts) or starts[i] >= end:  # no literal starts inside the window (most windows)
        return always
    found = set(always)
    while i < len(starts) and starts[i] < end:
        lit_end, indices = occurrences[i]
        if lit_end <= end:
            found.update(indices)
        i += 1
    return tuple(sorted(found))


def _target_matches(ctx: Context, start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """``(start, end, index)`` of each match of :func:`_all_targets` in ``ctx.text[start:end]`` (``finditer``
    with ``pos`` and ``endpos``), the index naming the target pattern (group ``t<index>``) that matched.

    Only the patterns that can match in the window run (:func:`_window_target_indices`), each alone, so no
    alternation of them is compiled: at each step the leftmost of their next matches is the alternation's
    match, and of matches at the same place the one of the lowest index (the alternation tries its
    alternatives in order; nothing follows them). Patterns with literals never match the empty string, so the
    next search starts where the match ends, as ``finditer``'s does.
    """
    indices = _window_target_indices(ctx, start, end)
    text = ctx.text
    always = _literal_holders()[0]
    if indices is None or always and not frozenset(always).isdisjoint(indices):  # a pattern may match empty
        pattern = _all_targets() if indices is None else _targets_pattern(indices) if indices else None
        for m in pattern.finditer(text, start, end) if pattern is not None else ():
            yield m.start(), m.end(), int(m.lastgroup[1:])
        return
    if not indices:
        return
    singles = _single_targets()
    if len(indices) == 1:
        i = indices[0]
        for m in singles[i].finditer(text, start, end):
            yield m.start(), m.end(), i
        return
    pending = {i: singles[i].search(text, start, end) for i in indices}
    while True:
        best = None
        for i in indices:  # ascending: a later pattern wins only further left
            m = pending[i]
            if m is not None and (best is None or m.start() < best[1].start()):
                best = (i, m)
        if best is None:
            return
        i, m = best
        yield m.start(), m.end(), i
        pos = m.end()
        for j in indices:
            n = pending[j]
            if n is not None and n.start() < pos:
                pending[j] = singles[j].search(text, pos, end)


def _target_state(ctx: Context) -> tuple[tuple[int, ...], list[int], list[tuple[int, tuple[int, ...]]]] | tuple | None:
    """The article's :func:`_target_occurrences` (computed once)."""
    if "target_occurrences" not in ctx.cache:
        ctx.cache["target_occurrences"] = _target_occurrences(ctx)
    return ctx.cache["target_occurrences"]


def _target_occurrences(ctx: Context) -> tuple[tuple[int, ...], list[int], list[tuple[int, tuple[int, ...]]]] | tuple | None:
    """Per article, for :func:`_window_target_indices`: None when every target pattern must run (the text holds a
    character of :data:`prefilter.CASE_ODD`); an empty tuple when none can match anywhere; else ``(always,
    starts, occurrences)``: the indices of the patterns without literals, and each occurrence of a literal in
    the lower-cased text (``starts`` ascending, ``occurrences[k] = (end, indices of the patterns that hold that
    literal)``)."""
    text = ctx.text
    if prefilter.case_odd(text):
        return None
    spaced, _ = _all_target_literals()
    always, holders = _literal_holders()
    present = set(chunk_facts(ctx).targets)
    if spaced:
        present.update(lit for lit in spaced if lit in prefilter.lower_text(ctx))
    if not present and not always:
        return ()
    lower = prefilter.lower_text(ctx)
    spans = sorted((i, i + len(lit), holders[lit]) for lit in present for i in find_all(lower, lit))
    return always, [a for a, _, _ in spans], [(b, indices) for _, b, indices in spans]


@cache
def _literal_holders() -> tuple[tuple[int, ...], dict[str, tuple[int, ...]]]:
    """The indices of the target patterns without literals, and for each literal the indices of the patterns
    one of whose literals it is."""
    always = []
    holders: dict[str, list[int]] = {}
    for i, group in enumerate(_target_literals()):
        if group is None:
            always.append(i)
        else:
            for lit in group:
                holders.setdefault(lit, []).append(i)
    return tuple(always), {lit: tuple(ix) for lit, ix in holders.items()}


@cache
def _single_targets() -> tuple[re.Pattern, ...]:
    """Each target pattern alone, its group named as in :func:`_all_targets` (compiled at warm-up)."""
    return tuple(_targets_pattern((i,)) for i in range(len(claim_patterns().targets)))


@cache
def _all_target_literals() -> tuple[frozenset[str], frozenset[str]]:
    """Every literal of :func:`_target_literals`: those that hold white space, and the others."""
    lits = {lit for group in _target_literals() if group for lit in group}
    spaced = frozenset(lit for lit in lits if any(map(str.isspace, lit)))
    return spaced, frozenset(lits - spaced)


@cache
def _target_order() -> dict[str, int]:
    """Each target id's first place in ``claim_patterns().targets``."""
    return {t[0]: i for i, t in reversed(list(enumerate(claim_patterns().targets)))}


def find_targets(ctx: Context, start: int, end: int) -> list[TargetHit]:
    """Every stance target whose pattern matches the claim content (else its sentence), first listed first;
    a pattern with ``requires`` also needs that topic in the article."""
    state = _target_state(ctx)
    if state == ():
        return []  # no target literal in the article (nor a pattern without one)
    s0, e0 = ctx.sentence_span(start)
    by_sentence = ctx.cache.setdefault("target_matches", {})
    found = by_sentence.get(s0)
    if found is None and state is not None and not state[0]:
        # every pattern needs a literal: none starts in the window (most sentences), no match there
        starts = state[1]
        i = bisect.bisect_left(starts, s0)
        if i == len(starts) or starts[i] >= max(e0, end):
            found = by_sentence[s0] = []
    if found is None:
        # the target patterns run as one pattern, once per sentence that holds a claim (only those that can
        # match there)
        targets = claim_patterns().targets
        found = []
        for ms, me, i in _target_matches(ctx, s0, max(e0, end)):
            tid, _, requires, opposite = targets[i]
            if requires is None or _topic(ctx, requires):
                found.append((ms, me, tid, opposite))
        by_sentence[s0] = found
    if not found:
        return []
    order = _target_order()
    for a, b in ((start, end), (s0, e0)):
        inside = sorted((x for x in found if a <= x[0] and x[1] <= b), key=lambda x: (order[x[2]], x[0]))
        hits: list[TargetHit] = []
        for ms, me, tid, opposite in inside:
            if not any(h.target == tid for h in hits):
                hits.append(TargetHit(tid, ms, me, opposite))
        if hits:
            return hits
    return []


#: A claim that refers back to the target of the claim before ("Dieses Ziel …", "Das …").
_BACK_REFERENCE = re.compile(r"^(?:Dies|Diese[rsnm]?|Das|Es|Dieses\s+\w+\s+Ziel)\b")


class _TakenSpans:
    """The spans :func:`resolve_claims` has taken, none overlapping another (``add`` only what ``overlaps``
    rejects), kept in order: its tests bisect instead of looking at every span.

    In start order such spans also have their ends in order, so the last span that starts before ``end`` has
    the greatest end of those. (Claim spans are not empty, so no two of them start at the same offset.)
    """

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def overlaps(self, start: int, end: int) -> bool:
        """``any(start < e and s < end for s, e in spans)``."""
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def starts_or_ends_in(self, start: int, end: int) -> bool:
        """``any(start <= s < end or start < e <= end for s, e in spans)``."""
        i = bisect.bisect_left(self.starts, start)
        if i < len(self.starts) and self.starts[i] < end:
            return True
        j = bisect.bisect_right(self.ends, start)
        return j < len(self.ends) and self.ends[j] <= end


def resolve_claims(ctx: Context, cands: list[Candidate]) -> list[ResolvedClaim]:
    """One claim per stretch of text; outlet as claimant of unattributed assertions; targets recognised."""
    cues = [c.data["cue"] for c in cands if c.data.get("cue")]
    # by priority (kind, then score), then start; stable: ties keep the candidates' order (their index)
    keyed = []
    for i, c in enumerate(cands):
        label = c.label
        p = KIND_PRIORITY[label]
        if label == "direct_quote":
            if c.data.get("fragment"):
                p = 2.5  # a quoted phrase inside reported speech: the reported clause wins
        elif label == "indirect_speech" and cues:
            own = c.data.get("cue")
            if any(c.start <= q[0] < c.end for q in cues if q != own):
                p = 2.4  # an outer clause holding another cue yields to it
        keyed.append((-p, -c.score, c.start, i, c))
    keyed.sort()  # (the index settles every tie: candidates are never compared)
    taken = _TakenSpans()
    chosen: list[Candidate] = []
    for _p, _score, _start, _i, c in keyed:
        if taken.overlaps(c.start, c.end):
            continue
        if c.label == "unattributed_assertion":
            s, e = ctx.sentence_span(c.start)
            if taken.starts_or_ends_in(s, e):
                continue
        taken.add(c.start, c.end)
        chosen.append(c)
    outlet = ctx.article.outlet
    outlet_id = actor_id_for(outlet) if outlet else None
    turns = speaker_turns(ctx)
    for i, c in enumerate(chosen):
        if c.label == "direct_quote" and not c.data.get("claimant"):
            s0, e0 = ctx.sentence_span(c.start)
            sib = [o for o in chosen if o is not c and s0 <= o.start < e0 and o.data.get("claimant")]
            if sib:
                d = dict(c.data, claimant=sib[0].data["claimant"], claimant_actor_id=sib[0].data["claimant_actor_id"],
                         claimant_name=sib[0].data["claimant_name"])
                chosen[i] = Candidate(c.rule, c.layer, c.start, c.end, c.label, c.score, d)
    out: list[ResolvedClaim] = []
    for c in sorted(chosen, key=lambda c: (c.start, c.end)):
        d = c.data
        actor, name, span = d.get("claimant_actor_id"), d.get("claimant_name"), d.get("claimant")
        turn = next((t for t in turns if t[0] <= c.start < t[1]), None) \
            if turns and c.label == "unattributed_assertion" else None
        if turn is not None:
            # a speech in a parliamentary protocol: its statements are the speaker's, not the outlet's
            actor, name, span = turn[2].actor_id, turn[2].name, (turn[2].start, turn[2].end)
        elif c.label == "unattributed_assertion" and outlet:
            actor, name, span = outlet_id, outlet, None
        hits = find_targets(ctx, c.start, c.end)
        if not hits and out and out[-1].targets and _BACK_REFERENCE.match(ctx.text[c.start:c.end]) \
                and ctx.sentence_of(c.start) - ctx.sentence_of(out[-1].start) <= 2 and out[-1].claimant_actor_id == actor:
            # "Dieses illusorische Ziel …" after a claim about the target: the whole claim is the window
            hits = [TargetHit(h.target, c.start, c.end, h.opposite) for h in out[-1].targets]
        out.append(ResolvedClaim(c.start, c.end, c.label, d.get("cue"), span, actor, name,
                                 hits[0].target if hits else None, c.rule, c.score, d.get("polarity", "neutral"), hits))
    return out
