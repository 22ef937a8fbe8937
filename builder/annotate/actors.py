"""Actor mentions: labeling functions that find persons, organisations, governments, countries and media.

Each function yields mention candidates (label = actor type, ``data['actor_id']`` when the rule knows it,
``data['name']`` the full name it saw). :func:`resolve_mentions` merges them (no overlaps, the stronger rule
wins) and links later short mentions to earlier full ones within the article (coreference).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import compress

from builder.annotate.context import CAP_WORD, Context, chunk_cap_words, find_all, finditer_from
from builder.annotate.lexicon import (
    COMMON_ZIPF, LOWER, NAME_WORD, UPPER, alternation, first_name_gender, is_first_name, known, load, zipf,
)
from builder.annotate.registry import Candidate, labeling_function
from builder.ingest.personal_data import placeholders
from builder.annotate.lexicon import english_zipf, place_names, word_class
from schemas import actor_id_for as _actor_id_for

# ----------------------------------------------------------------------------------------------------------
# Compiled patterns (built once per process from the lexicons)


@dataclass
class Patterns:
    known_forms: "FormIndex"
    known_roles: "FormIndex"
    places: "FormIndex"
    title_name: re.Pattern
    first_last: re.Pattern
    acronym: re.Pattern
    org_suffix: re.Pattern
    legal: re.Pattern
    head_name: re.Pattern
    adj_org: re.Pattern
    club: re.Pattern
    specific: re.Pattern
    media_head: re.Pattern
    first_exceptions: frozenset[str]
    not_surnames: frozenset[str]
    acronym_exceptions: frozenset[str]
    org_exceptions: frozenset[str]
    particles: frozenset[str]
    titles: frozenset[str] = field(default=frozenset())
    name_adjective_words: frozenset[str] = field(default=frozenset())
    role_stems: tuple[str, ...] = field(default=())
    # the words a pattern must start with, for pre-tests by word (see :func:`_cap_hits`)
    org_suffixes: tuple[str, ...] = field(default=())
    heads_before_name: frozenset[str] = field(default=frozenset())
    club_prefixes: frozenset[str] = field(default=frozenset())
    specific_forms: frozenset[str] = field(default=frozenset())
    media_heads: frozenset[str] = field(default=frozenset())


#: A token for form lookups: a run of non-space characters up to punctuation that cannot be part of a name.
_TOKEN = re.compile(r"[^\s,;:!?()\[\]„“”\"»«‚‘/]+")


class FormIndex:
    """Fixed surface forms ("Donald Trump", "Weißen Hauses", "F.A.Z.") found by a token scan and dictionary
    lookups — much faster than one regular expression with hundreds of alternatives. A form matches only as
    whole words: not inside a hyphen compound ("Trump-Berater" holds no "Trump")."""

    def __init__(self, forms: list[str]) -> None:
        self.by_first: dict[str, list[str]] = {}
        for form in sorted(set(forms), key=len, reverse=True):
            first = _TOKEN.match(form)
            if first:
                self.by_first.setdefault(first.group().rstrip("."), []).append(form)

    def finditer(self, text: str, tokens: list[tuple[int, str]] | None = None) -> Iterator[tuple[int, int, str]]:
        """``(start, end, form)`` of each non-overlapping match, in text order (``tokens``: the text's
        :func:`tokens`, when already computed, or those of them that may open a form, in text order)."""
        if tokens is None:
            tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(text)]
        get = self.by_first.get
        # most tokens start no form: one dictionary miss each, the rest of the checks only for the few hits
        hits = [(a, forms) for a, tok in tokens
                if (forms := get(tok) or (tok[-1] == "." and get(tok.rstrip("."))))]
        pos = 0
        for a, forms in hits:
            if a < pos:
                continue
            if a and (text[a - 1] == "-" or text[a - 1].isalnum()):
                continue
            for form in forms:
                b = a + len(form)
                if text.startswith(form, a) and (b >= len(text) or not (text[b].isalnum() or text[b] in "-_")):
                    yield a, b, form
                    pos = b
                    break


# Pre-tests by word: most patterns must start with a capitalised word of some kind (a role noun, a word ending
# in an organisation noun, ...). Each distinct capitalised word of an article is tested once for every kind
# (:func:`_word_kinds`, cached by word); a pattern is then tried only where a word of its kind stands.
ROLE, ACRONYM, ORG_SUFFIX, HEAD_NOUN, NAME_ADJECTIVE, CLUB, SPECIFIC, MEDIA_HEAD, PLACE_ADJECTIVE, FEDERAL, \
    ORG_ROLE, KIND_NOUN = (1 << i for i in range(12))


@lru_cache(maxsize=200_000)
def _word_kinds(word: str) -> int:
    """The kinds (bit flags above) of the capitalised word ``word``: which patterns may start with it."""
    kinds = 0
    for flag, test in _word_tests():
        if test(word):
            kinds |= flag
    return kinds


@cache
def _word_tests() -> tuple[tuple[int, Callable[[str], object]], ...]:
    """``(flag, test)`` of each kind of :func:`_word_kinds`: the named pre-tests (built once)."""
    p = patterns()
    return (
        (ROLE, _may_be_role), (ACRONYM, _may_be_acronym), (ORG_SUFFIX, _has_org_suffix),
        (HEAD_NOUN, p.heads_before_name.__contains__), (NAME_ADJECTIVE, p.name_adjective_words.__contains__),
        (CLUB, p.club_prefixes.__contains__), (SPECIFIC, _is_specific), (MEDIA_HEAD, p.media_heads.__contains__),
        (PLACE_ADJECTIVE, _place_adjective_form), (FEDERAL, _is_federal), (ORG_ROLE, _is_org_role),
        (KIND_NOUN, _is_kind_noun),
    )


def _cap_hits(ctx: Context, kind: int) -> list[tuple[int, str]]:
    """``(offset, word)`` in text order of the article's capitalised words (:data:`CAP_WORD`) of ``kind``
    (one flag of :func:`_word_kinds`; see :func:`_kind_index`)."""
    return _kind_index(ctx)[0].get(kind, [])


def _cap_starts(ctx: Context, kind: int) -> list[int]:
    """Offsets (ascending) of the capitalised words of ``kind`` (see :func:`_cap_hits`)."""
    return [start for start, _ in _cap_hits(ctx, kind)]


def _first_match(pattern: re.Pattern, text: str, starts: list[int], pos: int) -> re.Match | None:
    """``pattern.search(text, pos)``, trying the pattern only at ``starts`` (ascending): the same match
    whenever every match of the pattern starts at one of them."""
    match = pattern.match
    for i in range(bisect.bisect_left(starts, pos), len(starts)):
        m = match(text, starts[i])
        if m is not None:
            return m
    return None


# Pre-tests by chunk: a pattern anchored by a word that need not be capitalised (a verb of saying) or by a
# chunk's neighbour is tried where the white-space-delimited chunks of the article (:func:`_kind_index`,
# each distinct chunk tested once, cached by chunk) say it can match.

#: An upper-case letter that may open a name.
_UPPER_LETTER = re.compile(f"[{UPPER}]")


@lru_cache(maxsize=200_000)
def _cap_offsets(chunk: str) -> tuple[int, ...]:
    """Offsets in ``chunk`` where a capitalised word (:data:`CAP_WORD`) starts (white space stands before it):
    those of :func:`chunk_cap_words` (kept by chunk)."""
    return tuple(off for off, _ in chunk_cap_words(chunk))


@lru_cache(maxsize=200_000)
def _upper_offsets(chunk: str) -> tuple[int, ...]:
    """Offsets of the upper-case letters (:data:`_UPPER_LETTER`) in ``chunk``."""
    return tuple(m.start() for m in _UPPER_LETTER.finditer(chunk))


FIRST_NAME, VERB_AFTER, VERB_BEFORE, FORM, CUE, ZUFOLGE, IMPERSONAL, LEGAL = (1 << i for i in range(8))

#: A chunk flag of :func:`_chunk_profile` (not of :func:`_chunk_kinds`): a name run may open in the chunk
#: (:func:`_run_offsets`).
RUN = 1 << 8


def _chunk_kinds(chunk: str) -> int:
    """The kinds (bit flags above) of one chunk: which pre-tests by chunk it passes."""
    kinds = FIRST_NAME if _holds_first_name(chunk) else 0
    cue, zufolge, impersonal, legal = _source_openings()
    trailing = _TRAILING_WORD.search(chunk)
    if trailing is not None:
        word = trailing.group()
        if word in _speaker_verbs():  # a verb of saying ends it ("so", "(sagte")
            kinds |= VERB_AFTER
        if word in cue:
            kinds |= CUE
    if _form_pieces(chunk):
        kinds |= FORM
    if _any_opening().match(chunk) is None:
        return kinds  # most chunks: none of the four openings below
    if _starts_with_speaker_verb(chunk):
        kinds |= VERB_BEFORE
    if zufolge.match(chunk):
        kinds |= ZUFOLGE
    if impersonal.match(chunk):
        kinds |= IMPERSONAL
    if legal.match(chunk):
        kinds |= LEGAL
    return kinds


@cache
def _any_opening() -> re.Pattern:
    """The openings of :func:`_chunk_kinds` as one alternation: it matches at a chunk's start when one of them
    does (a pre-test)."""
    _, zufolge, impersonal, legal = _source_openings()
    return re.compile("|".join(f"(?:{p.pattern})" for p in (_speaker_verb_opening(), zufolge, impersonal, legal)))


@cache
def _source_openings() -> tuple[frozenset[str], re.Pattern, re.Pattern, re.Pattern]:
    """Pre-tests by chunk of :func:`attribution_source` and of the legal forms of :func:`org_form`: the first
    words of the attribution cues ("laut", "nach"), a chunk opening with "zufolge", one opening with "hieß",
    "heißt", "verlautete", and one opening with the first chunk of a legal form ("GmbH", "e.")."""
    cues = frozenset(cue.split()[0] for cue in load("speech.yaml")["attribution"]["before"])
    legal = alternation([form.split()[0] for form in load("organisations.yaml")["legal_forms"]])
    return (cues, re.compile(r"zufolge(?![\w-])"), re.compile(r"(?:hieß|heißt|verlautete)(?![\w-])"),
            re.compile(legal))


@lru_cache(maxsize=200_000)
def _word_offsets(chunk: str) -> tuple[int, ...]:
    """Offsets in ``chunk`` with no word character or hyphen before them (white space before the chunk)."""
    return tuple(m.start() for m in _WORD_START.finditer(chunk))


#: A position no word character or hyphen precedes (and that is no white space).
_WORD_START = re.compile(r"(?<![\w-])\S")


@lru_cache(maxsize=200_000)
def _trailing_word_offset(chunk: str) -> tuple[int, ...]:
    """Offset of the word characters and hyphens that end ``chunk`` (none when it ends otherwise)."""
    m = _TRAILING_WORD.search(chunk)
    return () if m is None else (m.start(),)


#: :func:`_chunk_profile` by chunk, for the chunks that have one (emptied when full).
_PROFILES: dict[str, tuple[tuple[int, ...], tuple[tuple[int, int, str], ...]]] = {}

#: Chunks with no profile (most chunks; emptied when full): an article's other chunks are a set difference.
_PLAIN: set[str] = set()


def _chunk_profile(chunk: str) -> tuple[tuple[int, ...], tuple[tuple[int, int, str], ...]] | None:
    """``((chunk flag, ...), ((word flag, offset, word), ...))``: the kinds of one chunk (:func:`_chunk_kinds`,
    and :data:`RUN`) and its capitalised words that have a kind (:func:`_word_kinds`), one flag each; None when it has neither
    (most chunks)."""
    kinds = _chunk_kinds(chunk) | (RUN if _run_offsets(chunk) else 0)
    words = tuple((flag, off, word) for off, word in chunk_cap_words(chunk)
                  for flag in _flags(_word_kinds(word)))
    return (_flags(kinds), words) if kinds or words else None


def _kind_index(ctx: Context) -> tuple[dict[int, list[tuple[int, str]]], dict[int, list[tuple[int, str, int]]]]:
    """For each kind (one flag), ``(offset, word)`` of the article's capitalised words and ``(offset, chunk,
    index)`` of its chunks of that kind (``index`` in :meth:`Context.chunk_list`), in text order. The article's
    chunks come from ``str.split`` (the matches of ``\\S+`` without offsets); its distinct chunks not known to
    have no :func:`_chunk_profile` are looked up, and only the chunks with a profile are located in the text."""
    index = ctx.cache.get("kind_index")
    if index is None:
        text = ctx.text
        chunks = ctx.chunk_list()
        profiles = _PROFILES
        found = {}
        for chunk in ctx.distinct_chunks().difference(_PLAIN):
            profile = profiles.get(chunk)
            if profile is None:
                profile = _chunk_profile(chunk)
                if profile is None:
                    if len(_PLAIN) >= 200_000:
                        _PLAIN.clear()
                    _PLAIN.add(chunk)
                    continue
                if len(profiles) >= 200_000:
                    profiles.clear()
                profiles[chunk] = profile
            found[chunk] = profile
        words: dict[int, list[tuple[int, str]]] = {}
        by_chunk: dict[int, list[tuple[int, str, int]]] = {}
        pos = 0
        size = len(text)
        find = text.find
        for i, chunk in compress(enumerate(chunks), map(found.__contains__, chunks)):
            start = find(chunk, pos)
            pos = start + len(chunk)
            if start and not text[start - 1].isspace() or pos < size and not text[pos].isspace():
                start = _next_whole_chunk(text, chunk, start + 1)  # part of another chunk: the next whole one
                pos = start + len(chunk)
            chunk_flags, cap_words = found[chunk]
            for flag in chunk_flags:
                by_chunk.setdefault(flag, []).append((start, chunk, i))
            for flag, off, word in cap_words:
                words.setdefault(flag, []).append((start + off, word))
        index = ctx.cache["kind_index"] = (words, by_chunk)
    return index


def _next_whole_chunk(text: str, chunk: str, pos: int) -> int:
    """Offset of the first whole chunk (white space or an end of the text on both sides) ``chunk`` at or after
    ``pos``; when the next chunk of ``chunk``'s text stands there, no other whole chunk with its text stands
    between ``pos`` and it, only parts of other chunks."""
    i = text.find(chunk, pos)
    j = i + len(chunk)
    while not ((i == 0 or text[i - 1].isspace()) and (j == len(text) or text[j].isspace())):
        i = text.find(chunk, i + 1)
        j = i + len(chunk)
    return i


@lru_cache(maxsize=4096)
def _flags(kinds: int) -> tuple[int, ...]:
    """The single flags set in ``kinds``."""
    return tuple(1 << i for i in range(kinds.bit_length()) if kinds >> i & 1)


def _chunk_offsets(ctx: Context, kind: int, offsets: Callable[[str], tuple[int, ...]],
                   before: int = 0, itself: bool = True) -> list[int]:
    """Offsets (ascending) ``offsets(chunk)`` of the chunks of ``kind`` (``itself``) and of the ``before``
    chunks that stand before each of them, white space between (the chunks before it in
    :meth:`Context.chunk_list`: the last place their text ends before the chunk after them is where they stand)."""
    rfind = ctx.text.rfind
    chunks = ctx.chunk_list()
    # the chunks stand apart in text order and each chunk's offsets ascend: adding the chunks of each window in
    # text order, after the last chunk added, gives the offsets ascending and once each (no set, no sort)
    out: list[int] = []
    last = -1  # index of the last chunk added
    for start, chunk, i in _kind_index(ctx)[1].get(kind, ()):
        lo = i - before if i - before > last else last + 1
        if lo == i - 1:  # one chunk before (the common case)
            prev = chunks[lo]
            pos = rfind(prev, 0, start)
            out += [pos + k for k in offsets(prev)]
        elif lo < i:
            back = []
            pos = start
            for j in range(i - 1, lo - 1, -1):
                prev = chunks[j]
                pos = rfind(prev, 0, pos)
                back.append((pos, prev))
            for pos, prev in reversed(back):
                out += [pos + k for k in offsets(prev)]
        if itself:
            out += [start + k for k in offsets(chunk)]
            last = i
        else:
            last = i - 1
    return out


def tokens(ctx: Context) -> list[tuple[int, str]]:
    """``(start, token)`` of the article's tokens for form lookups (computed once per article)."""
    toks = ctx.cache.get("tokens")
    if toks is None:
        toks = ctx.cache["tokens"] = [(m.start(), m.group()) for m in _TOKEN.finditer(ctx.text)]
    return toks


@lru_cache(maxsize=200_000)
def _form_pieces(chunk: str) -> tuple[tuple[int, str], ...]:
    """``(offset, token)`` of the tokens of one white-space-free chunk of text that may open a known form,
    country or role (tokens never span white space, so a text's tokens are those of its chunks)."""
    openers = _form_openers()
    if "." not in chunk and openers.isdisjoint(_TOKEN.findall(chunk)):
        return ()  # most chunks: no token opens a form (and none ends with a full stop)
    pieces = ((m.start(), m.group()) for m in _TOKEN.finditer(chunk))
    return tuple((off, tok) for off, tok in pieces
                 if tok in openers or tok[-1:] == "." and tok.rstrip(".") in openers)


@cache
def _form_openers() -> frozenset[str]:
    """The first tokens of the known forms, countries and roles (the keys of :attr:`FormIndex.by_first`)."""
    p = patterns()
    return frozenset().union(p.known_forms.by_first, p.known_roles.by_first, p.places.by_first)


def form_tokens(ctx: Context) -> list[tuple[int, str]]:
    """The article's :func:`tokens` that may open a known form, country or role, in text order: what the
    :class:`FormIndex` lookups need, found from the distinct chunks of the text (``str.split``) instead of a
    token scan of the whole text."""
    toks = ctx.cache.get("form_tokens")
    if toks is None:
        toks = ctx.cache["form_tokens"] = [(start + off, tok) for start, chunk, _ in _kind_index(ctx)[1].get(FORM, [])
                                           for off, tok in _form_pieces(chunk)]
    return toks


_B = r"(?<![\w-])"        # no word character or hyphen before (not the tail of a compound)
_E = r"(?![\w-])"          # no word character or hyphen after (not the head of a compound)
_E_GEN = r"(?![\w])(?!-\w)"


@cache
def patterns() -> Patterns:
    """Compile every actor pattern from the lexicons."""
    kn = known()
    roles = load("roles.yaml")
    orgs = load("organisations.yaml")
    names = load("names.yaml")
    media = load("media.yaml")
    person_and_org_forms = [f for f, aid in kn.by_form.items() if kn.actors[aid].type != "country"]
    place_forms = [f for f, aid in kn.by_form.items() if kn.actors[aid].type == "country"] + list(kn.capital_of)
    stems = tuple(roles["role_stems"])
    particles = names["surname_particles"]
    part_alt = alternation(particles)
    name_seq = rf"{NAME_WORD}(?:\s+(?:(?:{part_alt})\s+)*{NAME_WORD}){{0,2}}"
    initial = rf"[{UPPER}]\.(?:\s?[{UPPER}]\.)?"
    first_last = (rf"{_B}(?P<first>{NAME_WORD})(?P<mid>\s+(?:{initial}|{NAME_WORD}))?"
                  rf"(?P<part>(?:\s+(?:{part_alt}))*)\s+(?P<last>{NAME_WORD})(?P<gen>s|’|')?{_E_GEN}")
    legal = alternation(orgs["legal_forms"])
    suffix_alt = "|".join(sorted(orgs["noun_suffixes"], key=len, reverse=True))
    suffix_alt = f"{suffix_alt}|-(?:{'|'.join(sorted({w[:1].upper() + w[1:] for w in orgs['noun_suffixes']}, key=len, reverse=True))})"
    org_suffixes = tuple(orgs["noun_suffixes"]) + tuple(f"-{w[:1].upper()}{w[1:]}" for w in orgs["noun_suffixes"])
    media_heads = alternation(media["head_nouns"])
    return Patterns(
        known_forms=FormIndex(person_and_org_forms),
        known_roles=FormIndex(list(kn.by_role)),
        places=FormIndex(place_forms),
        titles=frozenset(roles["titles"]),
        name_adjective_words=frozenset(orgs["name_adjectives"]),
        title_name=re.compile(
            rf"(?:\s+(?:[{LOWER}]+\s+)?(?:{initial}\s*)?)(?:\s*(?:Dr|Prof|Dipl|Ing|med|h\.\s?c)\.)*"
            rf"\s*(?P<name>(?:{initial}\s?)?{name_seq})(?P<gen>s|’|')?{_E_GEN}"),
        first_last=re.compile(first_last),
        acronym=re.compile(rf"{_B}(?:[{UPPER}][{UPPER}0-9&]{{1,5}}|[{UPPER}][a-z][{UPPER}]{{1,4}}|[{UPPER}]{{2,4}}[a-z])"
                           rf"(?:/[{UPPER}]{{2,5}})?{_E}"),
        org_suffix=re.compile(rf"{_B}(?P<org>[{UPPER}][\w-]*?(?:{suffix_alt}))"
                              rf"(?P<fuer>\s+(?:für|der|des)\s+(?:[\w-]+\s+(?:und\s+)?){{0,2}}?[{UPPER}][\w-]+)?{_E}"),
        legal=re.compile(rf"{_B}(?P<org>(?:{NAME_WORD}|[{UPPER}0-9&.-]+)(?:\s+(?:&\s+)?(?:{NAME_WORD}|[{UPPER}0-9&.-]+)){{0,3}}"
                         rf"\s+(?:{legal}))(?!\w)"),
        head_name=re.compile(rf"{_B}(?P<org>(?:{alternation(orgs['head_before_name'])})\s+{NAME_WORD}(?:\s+{NAME_WORD})?){_E}"),
        adj_org=re.compile(rf"{_B}(?P<org>(?:{alternation(orgs['name_adjectives'])})\s+[{UPPER}][\w-]+){_E}"),
        club=re.compile(rf"{_B}(?P<org>(?:{alternation(orgs['club_prefixes'])})\s+{NAME_WORD}(?:\s+(?:[0-9]{{2,4}}|{NAME_WORD}))?){_E}"),
        specific=re.compile(rf"{_B}(?:der|die|das|dem|den|des|Der|Die|Das)\s+(?P<org>{alternation(orgs['specific_with_article'])})(?:s|es)?{_E}"),
        media_head=re.compile(rf"{_B}(?:{media_heads})\s+(?P<org>(?:„|»|\")?{NAME_WORD}(?:\s+{NAME_WORD})?(?:“|«|\")?){_E}"),
        first_exceptions=frozenset(w.casefold() for w in names["first_name_exceptions"]),
        not_surnames=frozenset(names["not_surnames"]),
        acronym_exceptions=frozenset(w.rstrip("-") for w in orgs["acronym_exceptions"]),
        org_exceptions=frozenset(w.casefold() for w in orgs["noun_exceptions"]),
        particles=frozenset(particles),
        role_stems=stems,
        org_suffixes=org_suffixes,
        heads_before_name=frozenset(orgs["head_before_name"]),
        club_prefixes=frozenset(orgs["club_prefixes"]),
        specific_forms=frozenset(orgs["specific_with_article"]),
        media_heads=frozenset(media["head_nouns"]),
    )


# ----------------------------------------------------------------------------------------------------------
# Helpers


def _cand(rule: str, start: int, end: int, label: str, score: float, **data) -> Candidate:
    return Candidate(rule, "mention", start, end, label, score, data)  # positional: the field order of Candidate


def _strip_genitive(word: str) -> str:
    if word.endswith(("’", "'")):
        return word[:-1]
    if word.endswith("s") and len(word) > 3 and not word.endswith(("ss", "us", "is", "os")):
        return word[:-1]
    return word


def _org_tail(word: str) -> bool:
    """A hyphen compound whose last part is a common noun ("Koch-Instituts", "Trump-Berater"): not a surname
    (double surnames such as "Kramp-Karrenbauer" have names in every part)."""
    if "-" not in word:
        return False
    tail = word.rsplit("-", 1)[1]
    if is_first_name(tail):
        return False  # "Frank-Walter", "Hans-Peter"
    return word_class(tail) == "NN" or word_class(_strip_genitive(tail)) == "NN"


@lru_cache(maxsize=200_000)
def _looks_like_surname(word: str, strict: bool) -> bool:
    """A capitalised word that may be a surname: not a sentence word, not a frequent common word (kept by
    word)."""
    p = patterns()
    if word in p.not_surnames or not word[:1].isupper() or word.isupper() and len(word) > 1 and "-" not in word:
        return False
    if _org_tail(word):
        return False
    base = _strip_genitive(word)
    limit = COMMON_ZIPF if strict else 5.0
    return zipf(base) < limit or zipf(word) < limit and zipf(base) < 5.3


#: Inflection endings a role noun may carry ("Ministerin", "Präsidenten", "Sprechers").
_ROLE_ENDINGS = ("innen", "ern", "in", "en", "er", "es", "n", "s", "e", "")


@lru_cache(maxsize=100_000)
def is_role(word: str) -> bool:
    """True for a title ("Dr.", "Herr") or a capitalised word ending in a role stem ("US-Verteidigungsministerin")."""
    titles, reversed_role_end = _role_tests()
    return word in titles or reversed_role_end.match(word.lower()[::-1]) is not None


@cache
def _role_tests() -> tuple[frozenset[str], re.Pattern]:
    """The titles, and a pattern matching at the start of a reversed lower-case word when the word ends in a
    role stem with one of the :data:`_ROLE_ENDINGS` (one anchored match instead of a loop over the endings)."""
    p = patterns()
    endings = alternation([ending[::-1] for ending in _ROLE_ENDINGS if ending])
    stems = alternation([stem[::-1] for stem in p.role_stems]) or "(?!)"  # no stems: no role
    return p.titles, re.compile(f"(?:{endings})?(?:{stems})")


def _may_be_role(word: str) -> bool:
    """Pre-test of :func:`title_name`: ``word`` or ``word`` with a full stop is a role or title."""
    return is_role(word) or is_role(word + ".")


def _name_like(word: str, p: Patterns, limit: float = 4.9) -> bool:
    """A single capitalised word that can be a surname on its own: not too frequent as a German word, no noun
    ending, no compound or inflected form of a common noun ("Kondome", "Kurgärtnerei")."""
    return _name_like_cached(word, limit)


@lru_cache(maxsize=200_000)
def _name_like_cached(word: str, limit: float) -> bool:
    from builder.annotate.lexicon import is_compound_noun

    p = patterns()
    base = _strip_genitive(word)
    if base in p.not_surnames or not base[:1].isupper() or base.isupper() or _org_tail(word):
        return False
    cls = word_class(word)
    if cls == "NE" and base not in place_names():
        return True
    if cls == "NN" or zipf(base) >= limit:
        return False
    if _NOUN_SUFFIX.search(base) or is_compound_noun(base):
        return False
    return not any(len(base) - cut >= 4 and zipf(base[:-cut]) >= 3.5 for cut in (1, 2))


@lru_cache(maxsize=200_000)
def _first_ok(word: str) -> bool:
    """A first name (:func:`is_first_name`) that is none of the exceptions of the :func:`patterns` (kept by
    word)."""
    return word.casefold() not in patterns().first_exceptions and is_first_name(word)


def _preceded_by_place_prep(ctx: Context, start: int) -> bool:
    """True when a locative preposition (and perhaps an article) stands right before ``start``."""
    before = ctx.text[max(0, start - 30):start].split()
    if not before:
        return False
    preps = known().place_preps
    if before[-1] in preps:
        return True
    return len(before) >= 2 and before[-1] in {"der", "die", "dem", "den", "des", "das"} and before[-2] in preps


# ----------------------------------------------------------------------------------------------------------
# Labeling functions


@labeling_function("gazetteer", 1, "mention")
def gazetteer(ctx: Context) -> Iterator[Candidate]:
    """Known actors by name or alias from ``gazetteer.yaml`` and ``media.yaml`` (whole words, not compound parts).

    Catches: "Der Kreml bestätigte das Treffen." (Kreml). Must not: "Der Kreml-Kritiker wurde verhaftet."
    """
    kn = known()
    for start, end, form in patterns().known_forms.finditer(ctx.text, form_tokens(ctx)):
        aid = kn.by_form[form]
        actor = kn.actors[aid]
        if actor.type == "government" and _preceded_by_place_prep(ctx, start):
            continue  # "im Weißen Haus", "im Kreml": the building, not the speaker
        yield _cand(gazetteer.rule, start, end, actor.type, 0.95, actor_id=aid, name=actor.name)


@labeling_function("gazetteer_role", 1, "mention")
def gazetteer_role(ctx: Context) -> Iterator[Candidate]:
    """A role noun the gazetteer gives to one actor, used alone ("der Kremlchef"), not as a title before a name.

    Catches: "Das sagte der Kremlchef am Abend." Must not: "Kremlchef Wladimir Putin lud ihn ein."
    """
    kn, p = known(), patterns()
    for start, end, form in p.known_roles.finditer(ctx.text, form_tokens(ctx)):
        nxt = ctx.text[end:end + 40].split()
        if nxt and re.match(r"[A-ZÄÖÜ]\.", nxt[0]):
            continue  # "US-Vizepräsident J.D. Vance"
        if nxt and nxt[0][:1].isupper() and (_first_ok(nxt[0]) or nxt[0].rstrip(",.") in kn.by_form
                                             or _looks_like_surname(nxt[0], strict=True)):
            continue
        aid = kn.by_role[form]
        yield _cand(gazetteer_role.rule, start, end, kn.actors[aid].type, 0.8, actor_id=aid,
                    name=kn.actors[aid].name, role=form)


@labeling_function("country_actor", 1, "mention")
def country_actor(ctx: Context) -> Iterator[Candidate]:
    """A country, or its capital standing for the government, as participant or speaker — not as a mere place.

    Catches: "Moskau fordert ein Ende der Sanktionen." Must not: "Die Delegation reiste nach Moskau."
    """
    kn = known()
    for start, end, form in patterns().places.finditer(ctx.text, form_tokens(ctx)):
        if _preceded_by_place_prep(ctx, start):
            continue
        aid = kn.by_form.get(form) or kn.capital_of[form]
        yield _cand(country_actor.rule, start, end, "country", 0.75 if form in kn.capital_of else 0.85,
                    actor_id=aid, name=kn.actors[aid].name)


@labeling_function("title_name", 1, "mention")
def title_name(ctx: Context) -> Iterator[Candidate]:
    """A role or title noun followed by a name; the mention is the name only, the role is remembered for coreference.

    Catches: "Bundeskanzlerin Erika Sommerfeld eröffnete die Messe." Must not: "Der Minister Geld sparen lassen."
    """
    p = patterns()
    text = ctx.text
    for r_start, word in _cap_hits(ctx, ROLE):
        # the role: the capitalised word and a full stop right after it ("Dr.")
        role = word + "." if text.startswith(".", r_start + len(word)) else word
        if not is_role(role):
            continue
        m = p.title_name.match(text, r_start + len(role))
        if m is None:
            continue
        words = m.group("name").split()
        for i in range(1, len(words) - 1):
            if words[i] in p.particles and (word_class(words[i + 1]) == "NN" or words[i + 1] in place_names()
                                            or words[i + 1] in p.particles and i + 2 < len(words)
                                            and word_class(words[i + 2]) == "NN"):
                words = words[:i]  # "Hanna Feldkamp von der Universität": an affiliation, not a surname
                break
        # drop trailing words that are common nouns ("Trainer Klopp Respekt") or organisations ("Koch-Instituts")
        while len(words) > 1 and not _looks_like_surname(words[-1], strict=False):
            words.pop()
        if len(words) == 1 and _first_ok(words[0]) and len(m.group("name").split()) > 1:
            continue  # "Chef des Robert Koch-Instituts": a first name alone left over is no mention
        while words and words[0] in p.particles:
            words.pop(0)
        if not words:
            continue
        if len(words) == 1:
            w = words[0]
            strict = bool(re.search(r"(?:der|die|dem|den|des)\s+\S*\s*$", text[max(0, r_start - 12):r_start]))
            if not (_name_like(w, p, 4.3 if strict else 4.9) or w in known().by_form):
                continue
            if w in known().by_form and known().actors[known().by_form[w]].type == "country":
                continue
        start = m.start("name")
        name = " ".join(words)
        end = ctx.text.index(words[-1], start) + len(words[-1])
        if m.group("gen") and end == m.end("name") and len(words) == len(m.group("name").split()):
            end = m.end()
        if ctx.text[end - 1] in ".":
            continue
        if name in known().by_form and known().actors[known().by_form[name]].type != "person":
            continue
        yield _cand(title_name.rule, start, end, "person", 0.85, name=name, role=role)


def _holds_first_name(chunk: str) -> bool:
    """Pre-test of :func:`first_last`: a capitalised word of ``chunk``, read to the chunk's end, is a first name."""
    if chunk.islower():
        return False  # no capital letter
    return any(_first_ok(chunk[k:]) for k, _ in chunk_cap_words(chunk))


@labeling_function("first_last", 1, "mention")
def first_last(ctx: Context) -> Iterator[Candidate]:
    """A first name from the first-name dictionary followed by a capitalised surname (initials and particles allowed).

    Catches: "Am Montag traf Jonas Weidenfeller seine Anwälte." Must not: "Ende Mai Urlaub machen viele."
    """
    p = patterns()
    pos = 0
    text = ctx.text
    # a match yields only when its first or its middle word is a first name (the chunk with that name, or the
    # chunk before it); other matches only move ``pos`` past words that are not tried either
    starts = _chunk_offsets(ctx, FIRST_NAME, _cap_offsets, before=1)
    while True:
        m = _first_match(p.first_last, text, starts, pos)
        if m is None:
            return
        first, last = m.group("first"), m.group("last")
        mid = (m.group("mid") or "").strip()
        if m.group("part").strip() and mid and word_class(last) == "NN":
            # "Hanna Feldkamp von der Universität Bremen": the particle starts an affiliation, not the surname
            if _first_ok(first) and _looks_like_surname(mid, strict=False):
                yield _cand(first_last.rule, m.start(), m.start("mid") + len(m.group("mid")), "person", 0.8,
                            name=f"{first} {mid}", gender=first_name_gender(first))
            pos = m.end("mid")
            continue
        ok = _first_ok(first) and _looks_like_surname(last, strict=False)
        if ok and mid and not mid.endswith(".") and not (_first_ok(mid) or _looks_like_surname(mid, strict=True)):
            ok = False
        if not ok and mid and _first_ok(mid) and _looks_like_surname(last, strict=False):
            # "Außenminister Guido Westerwelle": the first capitalised word was not the first name
            yield _cand(first_last.rule, m.start("mid") + len(m.group("mid")) - len(mid), m.end(), "person", 0.8,
                        name=f"{mid}{m.group('part')} {_strip_genitive(last) if m.group('gen') is None else last}")
            pos = m.end()
            continue
        if not ok:
            pos = m.start() + len(first) + 1
            continue
        name = " ".join(m.group().split())  # white space runs as one space (re.sub(r"\s+", " ", ...).strip())
        if m.group("gen"):
            name = name[: -len(m.group("gen"))]
        yield _cand(first_last.rule, m.start(), m.end(), "person", 0.8, name=name,
                    gender=first_name_gender(first))
        pos = m.end()


def _may_be_acronym(word: str) -> bool:
    """Pre-test of :func:`acronym_org` for a capitalised word: its second letter is upper case, or its third
    ("BASF", "AfD"); "Bank" and "Ab" can open no acronym."""
    return not word[1:3].islower()


def _shouted(ctx: Context, sentence: int) -> bool:
    """True when more than half of the letters of the sentence are capitals (kept per article and sentence)."""
    shouted = ctx.cache.setdefault("shouted", {})
    if sentence not in shouted:
        s, e = ctx.spans[sentence]
        sent = ctx.text[s:e]
        shouted[sentence] = sum(map(str.isupper, sent)) > 0.5 * sum(map(str.isalpha, sent))
    return shouted[sentence]


@labeling_function("acronym_org", 2, "mention")  # 2: redaction placeholders are not acronyms
def acronym_org(ctx: Context) -> Iterator[Candidate]:
    """An upper-case acronym of two to six letters names an organisation (SPD, BASF, AfD), not inside a compound.

    A redaction placeholder ("[IBAN]", "[EMAIL]") is never a name.

    Catches: "Die IG Metall und die SPD protestierten." Must not: "Das BIP wuchs um zwei Prozent."
    """
    p, kn = patterns(), known()
    redacted = placeholders()
    for m in finditer_from(p.acronym, ctx.text, _cap_starts(ctx, ACRONYM)):
        word = m.group()
        if word in p.acronym_exceptions or word in kn.by_form or any(ch.isdigit() for ch in word):
            continue
        if ctx.text[max(0, m.start() - 1):m.end() + 1] in redacted:
            continue
        if len(word) >= 4 and word.isupper() and (len(word) >= 5 and zipf(word) >= 3.5 or word.title() in place_names()):
            continue  # a word in capitals ("TOKIO", "LOOP"), not an acronym
        if _shouted(ctx, ctx.sentence_of(m.start())):
            continue  # a shouted headline, not acronyms
        yield _cand(acronym_org.rule, m.start(), m.end(), "organisation", 0.7, name=word)


def _has_org_suffix(word: str) -> bool:
    """Pre-test of ``p.org_suffix``: a capitalised word ending in an organisation noun after its first letter."""
    return word[1:].endswith(patterns().org_suffixes)


def _noun_or_genitive(word: str, nouns: Collection[str]) -> bool:
    """``word`` is one of ``nouns``, or one of them with "s" or "es" added (what ``(?:nouns)(?:s|es)?`` matches)."""
    return word in nouns or word[-1:] == "s" and (word[:-1] in nouns or word[-2:] == "es" and word[:-2] in nouns)


def _is_specific(word: str) -> bool:
    """Pre-test of ``p.specific``: a specific organisation noun, perhaps in the genitive."""
    return _noun_or_genitive(word, patterns().specific_forms)


def _article_starts(ctx: Context, starts: list[int]) -> list[int]:
    """Offsets (ascending) where a three-letter article ("der", "des", ...) may stand before the capitalised
    words at ``starts`` (ascending), only white space between them: where a pattern
    ``(?:der|…)\\s+(?:words)`` can start."""
    text = ctx.text
    found = []
    for start in starts:
        i = start
        while i > 0 and text[i - 1].isspace():
            i -= 1
        if i < start and i >= 3:
            found.append(i - 3)
    return found


@labeling_function("org_form", 1, "mention")
def org_form(ctx: Context) -> Iterator[Candidate]:
    """An organisation by its form: a compound ending in -ministerium, -partei, -amt, -gericht, -verband, ...,
    a legal form (GmbH, AG, e.V.), a head noun before a name (Universität Hamburg), a naming adjective
    (Deutsche Bank) or a club prefix (FC, VfB).

    Catches: "Das Bundesumweltministerium widersprach." Must not: "Das Ministerium ist ein großes Haus."
    """
    p = patterns()
    text = ctx.text
    for m in finditer_from(p.org_suffix, text, _cap_starts(ctx, ORG_SUFFIX)):
        org = m.group("org")
        if org.casefold() in p.org_exceptions:
            continue
        start = m.start()
        before = re.search(rf"({NAME_WORD})\s+$", text[max(0, start - 30):start])
        if "-" in org and before and _first_ok(before.group(1)):
            start -= len(before.group(0))  # "Robert Koch-Institut", "Max Planck-Gesellschaft"
        elif "-" in org and org.split("-")[-1].casefold() in p.org_exceptions and word_class(org.split("-")[0]) != "NE":
            continue  # "Kontakt-Gruppe" is a kind; "Leibniz-Institut" names one
        if zipf(org) >= 4.6:
            continue  # a frequent common noun ("Unternehmen", "Regierung")
        end = m.end() if m.group("fuer") and m.group("fuer").split()[0] == "für" else m.end("org")
        place = re.match(rf"\s+({NAME_WORD})", text[end:end + 40])
        if place and place.group(1) in place_names():
            end += place.end()  # "Leibniz-Institut für Wirtschaftsforschung Halle"
        yield _cand(org_form.rule, start, end, "organisation", 0.65, name=text[start:end])
    first_words = {p.head_name: HEAD_NOUN, p.adj_org: NAME_ADJECTIVE, p.club: CLUB}
    for pat, score in ((p.legal, 0.85), (p.head_name, 0.7), (p.adj_org, 0.7), (p.club, 0.75)):
        # legal forms are rare words: a pre-check pays; the other patterns start with a word from a list
        kind = first_words.get(pat)
        # a legal form opens a chunk; the name before it (up to four words and three "&") starts in one of the
        # seven chunks before, where no word character or hyphen precedes
        starts = _cap_starts(ctx, kind) if kind is not None else \
            _chunk_offsets(ctx, LEGAL, _word_offsets, before=7, itself=False)
        matches = finditer_from(pat, text, starts)
        for m in matches:
            org = m.group("org")
            if pat is p.adj_org and ctx.is_initial(m.start()):
                continue
            if pat is p.head_name and zipf(org.split()[-1]) >= COMMON_ZIPF:
                continue
            words = org.split()
            while pat is p.legal and len(words) > 2 and words[0][:1].isupper() and zipf(words[0]) >= 5.0:
                words.pop(0)  # "Der Insolvenzantrag der XWOOD GmbH": keep the name only
            start = m.start("org") + org.index(words[0])
            yield _cand(org_form.rule, start, m.end("org"), "organisation", score, name=" ".join(words))
    for m in finditer_from(p.specific, text, _article_starts(ctx, _cap_starts(ctx, SPECIFIC))):
        yield _cand(org_form.rule, m.start("org"), m.end("org"), "government" if "regierung" in m.group("org").lower()
                    else "organisation", 0.6, name=m.group("org"))


@cache
def _place_adjective_pattern() -> tuple[re.Pattern, dict[str, str], re.Pattern]:
    orgs = load("organisations.yaml")
    kind_of = {h: kind for kind, hs in orgs["place_adjective_heads"].items() for h in hs}
    heads = alternation(list(kind_of))
    adj = re.compile(rf"{_B}(?P<adj>[{UPPER}][{LOWER}]+(?:er|ischen|ischer|ische|isches))\s+(?P<head>{heads}){_E}")
    federal = re.compile(rf"{_B}(?P<org>(?:{alternation(orgs['federal_prefixes'])})[{LOWER}]*?"
                         rf"(?:{'|'.join(sorted(orgs['federal_tails'], key=len, reverse=True))})(?:s|es)?){_E}")
    return adj, kind_of, federal


#: The form of the adjective of :func:`_place_adjective_pattern` (the pre-test of its words).
_PLACE_ADJECTIVE_FORM = re.compile(rf"[{UPPER}][{LOWER}]+(?:er|ischen|ischer|ische|isches)")


def _place_adjective_form(word: str) -> bool:
    return _PLACE_ADJECTIVE_FORM.fullmatch(word) is not None


def _is_federal(word: str) -> bool:
    return word.startswith(tuple(load("organisations.yaml")["federal_prefixes"]))


def _place_adjective(adj: str) -> bool:
    """ "Hamburger" (Hamburg), "Kölner" (Köln), "Hessischen"/"Bayerischer" (a state adjective)."""
    if adj.endswith(("ischen", "ischer", "ische", "isches")):
        return True
    stem = adj[:-2]
    places = place_names()
    return stem in places or stem + "en" in places or stem + "e" in places or stem.replace("ü", "u") in places


@labeling_function("org_compound", 1, "mention")
def org_compound(ctx: Context) -> Iterator[Candidate]:
    """Institutions by compound form ("Bundesärztekammer", "Landeskriminalamt") and organisations named by a
    place adjective and a head noun ("Hamburger Mieterverein", "Berliner Kurier", "Hessischer Rundfunk").

    Catches: "Der Bremer Mieterverein und der Norddeutsche Rundfunk widersprachen." Must not:
    "Der Bremer Bürger fährt auf der Bundesstraße."
    """
    adj_pat, kind_of, federal = _place_adjective_pattern()
    for m in finditer_from(adj_pat, ctx.text, _cap_starts(ctx, PLACE_ADJECTIVE)):
        if not _place_adjective(m.group("adj")):
            continue
        yield _cand(org_compound.rule, m.start(), m.end(), kind_of[m.group("head")], 0.7, name=m.group())
    for m in finditer_from(federal, ctx.text, _cap_starts(ctx, FEDERAL)):
        yield _cand(org_compound.rule, m.start(), m.end(), "organisation", 0.65, name=m.group("org"))


#: The end of :func:`_comment_header`: a colon that only spaces or tabs separate from the end of its line.
_COLON_AT_LINE_END = re.compile(r":[ \t]*$", re.M)


@cache
def _comment_header() -> re.Pattern:
    verbs = alternation(load("speech.yaml")["comment_header_verbs"])
    return re.compile(rf"^(?P<name>[^\W\d_][\w.\-]*(?:\s[\w.\-]+)?)\s+(?:{verbs})\b[^\n]{{0,40}}:[ \t]*$", re.M)


@labeling_function("commenter", 1, "mention")
def commenter(ctx: Context) -> Iterator[Candidate]:
    """The author named in a reader-comment header line: "Klaus_M. schrieb am 12.03.2024 um 08:14:".

    Catches: "Regenbogen77 antwortete:" Must not: "Er schrieb: Das stimmt nicht."
    """
    p = patterns()
    if _COLON_AT_LINE_END.search(ctx.text) is None:
        return  # the header pattern ends so: no header (most articles; a scan for one literal character)
    for m in _comment_header().finditer(ctx.text):
        name = m.group("name")
        if name.split()[0] in p.not_surnames or name.lower() in ("er", "sie", "es", "man", "wer"):
            continue
        end = m.start("name") + len(name.rstrip("."))
        yield _cand(commenter.rule, m.start("name"), end, "person", 0.6, name=name.rstrip("."))


@labeling_function("media_head", 1, "mention")
def media_head(ctx: Context) -> Iterator[Candidate]:
    """A medium introduced by its kind: "die Zeitung X", "der Sender X", "die Nachrichtenagentur X".

    Catches: "Das sagte er der Zeitung Rheinpost." Must not: "Er las die Zeitung am Morgen."
    """
    p = patterns()
    for m in finditer_from(p.media_head, ctx.text, _cap_starts(ctx, MEDIA_HEAD)):
        org = m.group("org").strip("„“»«\"")
        if zipf(org.split()[0]) >= COMMON_ZIPF and org not in known().by_form:
            continue
        start = m.start("org") + m.group("org").index(org)
        yield _cand(media_head.rule, start, start + len(org), "media", 0.75, name=org)


# ----------------------------------------------------------------------------------------------------------
# Merging and coreference

#: Functions that run after merging, on the merged mentions (coreference).
COREFERENCE = ("surname_coref", "role_alone", "kind_alone")

#: Which rule wins when candidates overlap (higher first).
PRIORITY = {"commenter": 10, "gazetteer": 9, "title_name": 8, "first_last": 7, "media_head": 6, "org_title": 6, "org_compound": 5.5, "org_form": 5,
            "speaker_name": 5, "acronym_org": 4, "country_actor": 3, "gazetteer_role": 2, "role_alone": 1,
            "surname_coref": 1, "kind_alone": 1, "attribution_source": 4, "lexicon_name": 0.5, "unknown_name": 0}


@dataclass(slots=True)
class Resolved:
    """A merged mention with its actor."""

    start: int
    end: int
    text: str
    type: str
    actor_id: str
    rule: str
    score: float
    name: str


@cache
def _legal_forms() -> frozenset[str]:
    return frozenset(w for form in load("organisations.yaml")["legal_forms"] for w in form.split())


@cache
def _legal_words() -> frozenset[str]:
    """The words of the legal forms (:func:`_legal_forms`), lower case, without full stops at the end."""
    return frozenset(w.lower().rstrip(".") for w in _legal_forms())


def _overlaps(a: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in taken)


#: :func:`schemas.actor_id_for`, kept by name (a pure function of the name).
actor_id_for = lru_cache(maxsize=100_000)(_actor_id_for)


class _Taken:
    """Spans taken by merged mentions; :meth:`overlaps` is :func:`_overlaps` against them, with the characters
    of the taken spans marked in a byte array (one ``find`` instead of a loop over every span)."""

    def __init__(self, size: int) -> None:
        self.spans: list[tuple[int, int]] = []
        self.size = size
        self.marks = bytearray(size)
        self.empty: list[int] = []  # offsets of taken empty spans: [s, s) overlaps (a, b) when a < s < b
        self.plain = False  # a reversed span or one outside the text was taken: test against the spans

    def overlaps(self, start: int, end: int) -> bool:
        if self.plain or not 0 <= start < end <= self.size:
            return _overlaps((start, end), self.spans)
        if self.marks.find(1, start, end) >= 0:
            return True
        return bool(self.empty) and any(start < s < end for s in self.empty)

    def take_if_free(self, start: int, end: int) -> bool:
        """:meth:`take` the span unless it :meth:`overlaps` a taken one; True when it was taken."""
        if self.overlaps(start, end):
            return False
        self.take(start, end)
        return True

    def take(self, start: int, end: int) -> None:
        self.spans.append((start, end))
        if start == end:
            self.empty.append(start)
        elif 0 <= start < end <= self.size:
            self.marks[start:end] = b"\x01" * (end - start)
        else:
            self.plain = True


@lru_cache(maxsize=100_000)
def _canonical_org(name: str) -> str:
    """An organisation name with its naming adjective in one form, so cases share an id:
    "Dem Deutschen Wetterdienst" and "der Deutsche Wetterdienst" → "Deutsche Wetterdienst"."""
    words = name.split()
    if len(words) >= 2 and words[0] in patterns().name_adjective_words:
        for ending in ("en", "er", "es", "em"):
            if words[0].endswith(ending) and words[0][: -len(ending)] + "e" in patterns().name_adjective_words:
                words[0] = words[0][: -len(ending)] + "e"
                break
        if words[-1].endswith("s") and not words[-1].endswith("ss") and len(words[-1]) > 4 and zipf(words[-1][:-1]) > zipf(words[-1]):
            words[-1] = words[-1][:-1]  # genitive "der Deutschen Bahn" / "des Deutschen Wetterdienstes" (one s)
    last = words[-1].lower()
    for ending in ("es", "s"):
        if last.endswith(ending) and last[: -len(ending)].endswith(_org_suffixes()):
            words[-1] = words[-1][: -len(ending)]  # genitive "des Robert Koch-Instituts", "des Auswärtigen Amtes"
            break
    return " ".join(words)


@cache
def _org_suffixes() -> tuple[str, ...]:
    return tuple(w for w in load("organisations.yaml")["noun_suffixes"] if not w.endswith("s"))


@lru_cache(maxsize=100_000)
def _person_id(name: str) -> str:
    """Gazetteer id for a person name whose surname the gazetteer knows, else the id of the full name."""
    kn = known()
    if name in kn.by_form:
        return kn.by_form[name]
    last = name.split()[-1]
    aid = kn.by_form.get(last)
    if aid and kn.actors[aid].type == "person":
        return aid
    return actor_id_for(name)


@lru_cache(maxsize=1_000)
def _priority(rule: str) -> float:
    """:data:`PRIORITY` of a rule given as ``name@version``."""
    return PRIORITY.get(rule.split("@")[0], 0)


def resolve_mentions(ctx: Context, cands: list[Candidate]) -> list[Resolved]:
    """Merge mention candidates without overlaps and give each an actor id, linking short mentions to full ones.

    Adds two article-level passes: later bare surnames of persons named in full ("Weidenfeller" after
    "Jonas Weidenfeller") and definite role nouns of titled persons ("der Minister" after "Minister X Y").
    """
    kn = known()
    ordered = sorted(cands, key=lambda c: (-_priority(c.rule), -(c.end - c.start), c.start))
    taken = _Taken(len(ctx.text))
    take_if_free = taken.take_if_free
    chosen = [c for c in ordered if take_if_free(c.start, c.end)]
    chosen.sort(key=lambda c: c.start)
    # first pass: actor ids of full names, surname and role maps
    surname_to_id: dict[str, str] = {}
    role_to_id: dict[str, str] = {}
    out: list[Resolved] = []
    text = ctx.text
    actors = kn.actors
    for c in chosen:
        data = c.data
        span = text[c.start:c.end]
        name = data.get("name") or span
        aid = data.get("actor_id")
        if aid is None:
            if c.label == "person":
                words = name.split()
                if len(words) == 1 and _strip_genitive(words[0]) in surname_to_id:
                    aid = surname_to_id[_strip_genitive(words[0])]
                else:
                    aid = _person_id(name)
            else:
                aid = actor_id_for(_canonical_org(name))
        if c.label == "person":
            surname_to_id.setdefault(_strip_genitive(name.split()[-1]), aid)
        role = data.get("role")
        if role and c.rule.startswith("title_name"):
            role_to_id[role] = aid
            short = _role_head(role)  # "Bundesgesundheitsministerin" → also "Ministerin"
            if short and short != role:
                role_to_id[short] = aid
        actor = actors.get(aid)
        out.append(Resolved(c.start, c.end, span, c.label, aid, c.rule, c.score,
                            name if actor is None else actor.name))
    # organisations named in full are also meant by their first word(s): "Velotec" after "Velotec GmbH"
    org_short: dict[str, tuple[str, str]] = {}
    legal = _legal_forms()
    for r in out:
        if r.type in ("organisation", "media") and " " in r.text:
            words = r.text.split()
            while words and words[-1] in legal:
                words.pop()
            if words and len(words) < len(r.text.split()):
                org_short.setdefault(" ".join(words), (r.actor_id, r.type))
    for r in out:
        if r.text in org_short and r.actor_id != org_short[r.text][0]:
            r.actor_id, r.type = org_short[r.text]
            r.name = kn.actors[r.actor_id].name if r.actor_id in kn.actors else r.name
    ctx.cache["role_to_id"] = role_to_id
    ctx.cache["surname_to_id"] = surname_to_id
    extra = list(_surname_coref(ctx, out, surname_to_id)) + list(_role_alone(ctx, out, role_to_id)) \
        + list(_kind_alone(ctx, out))
    ctx.cache["coref_candidates"] = extra
    # ``taken`` still holds exactly the spans of ``out`` (the merged candidates)
    by_span = {(r.start, r.end): r for r in out}
    name_of = {}
    for r in out:
        name_of.setdefault(r.actor_id, r.name)
    for c in sorted(extra, key=lambda c: c.start):
        same = by_span.get((c.start, c.end))
        if same is not None and same.rule.startswith("attribution_source") and c.rule.startswith("kind_alone"):
            same.actor_id, same.type = c.data["actor_id"], c.label  # "Dem Verband zufolge": the Verband named before
            continue
        if taken.overlaps(c.start, c.end):
            continue
        taken.take(c.start, c.end)
        aid = c.data["actor_id"]
        out.append(Resolved(c.start, c.end, ctx.text[c.start:c.end], c.label, aid, c.rule, c.score,
                            kn.actors[aid].name if aid in kn.actors else c.data.get("name") or name_of.get(aid) or ctx.text[c.start:c.end]))
    # an unknown single surname said before its full name ("Weidenfeller" ... later "Jonas Weidenfeller")
    for r in out:
        if r.type == "person" and " " not in r.text:
            key = _strip_genitive(r.text)
            if key in surname_to_id and r.actor_id == actor_id_for(r.text):
                r.actor_id = surname_to_id[key]
    out.sort(key=lambda r: (r.start, r.end))
    return out


@labeling_function("surname_coref", 1, "mention")
def surname_coref(ctx: Context) -> Iterator[Candidate]:
    """Coreference: a bare surname after the article named the person in full is the same actor (runs after merging).

    Catches: "Jonas Weidenfeller gewann. Danach sagte Weidenfeller wenig." (the second "Weidenfeller").
    Must not: "Danach sagte Weidenfeller wenig." (no full name before: left to the other rules).
    """
    return [c for c in ctx.cache.get("coref_candidates", []) if c.rule == surname_coref.rule]


@labeling_function("role_alone", 1, "mention")
def role_alone(ctx: Context) -> Iterator[Candidate]:
    """Coreference: a definite role noun after the article named its holder with that title is the same actor.

    Catches: "Ministerin Erika Sommerfeld kam. Die Ministerin sprach lange." (the second "Ministerin").
    Must not: "Die Ministerin sprach lange." (no named holder before).
    """
    return [c for c in ctx.cache.get("coref_candidates", []) if c.rule == role_alone.rule]


@labeling_function("kind_alone", 1, "mention")
def kind_alone(ctx: Context) -> Iterator[Candidate]:
    """Coreference: a definite kind noun ("das Unternehmen", "die Gewerkschaft") after the article named an
    organisation of that kind is the same actor (runs after merging).

    Catches: "Die Brodmann GmbH baut ab. Das Unternehmen nannte Gründe." (the second "Unternehmen").
    Must not: "Das Unternehmen nannte Gründe." (no organisation named before).
    """
    return [c for c in ctx.cache.get("coref_candidates", []) if c.rule == kind_alone.rule]


@cache
def _kind_pattern() -> re.Pattern:
    kinds = load("organisations.yaml")["kind_nouns"]
    return re.compile(rf"(?<![\w-])(?:der|die|das|dem|den|des|Der|Die|Das|Dem|Den)\s+(?P<kind>{alternation(list(kinds))})(?:s|es)?{_E}")


def _is_kind_noun(word: str) -> bool:
    """Pre-test of :func:`_kind_pattern`: a kind noun ("Unternehmen"), perhaps in the genitive."""
    return _noun_or_genitive(word, load("organisations.yaml")["kind_nouns"])


@lru_cache(maxsize=10_000)
def _intro_pattern(word: str) -> re.Pattern:
    """``word`` opening one of the last one or two words before an organisation ("der Autobauer ", "des
    Autobauers Velotec ")."""
    return re.compile(rf"{re.escape(word)}\w*\s+(?:\w+\s+)?$")


#: The article before a kind noun or a head of :func:`_kind_alone`.
_KIND_ARTICLE = re.compile(r"(?<![\w-])(?:der|die|das|dem|den|des|Der|Die|Das|Dem|Den)\s+")

#: A word as the heads of :func:`_kind_alone` must be to be found among the capitalised words (:data:`CAP_WORD`).
_CAP_WORD_ONLY = re.compile(rf"[{UPPER}][\w-]*")


def _cap_head_starts(text: str, heads: Collection[str]) -> list[int]:
    """Offsets (ascending) of the capitalised words (:data:`CAP_WORD`) of ``text`` that are one of ``heads`` or
    its genitive (:func:`_noun_or_genitive`): such a word starts where a head's text stands."""
    return sorted({i for h in heads for i in find_all(text, h)
                   if (m := CAP_WORD.match(text, i)) and _noun_or_genitive(m.group(), heads)})


def _kind_alone(ctx: Context, found: list[Resolved]) -> Iterator[Candidate]:
    kinds = load("organisations.yaml")["kind_nouns"]
    orgs = [r for r in found if r.type in ("organisation", "government")]
    if not orgs:
        return
    legal = _legal_words()
    heads: dict[str, Resolved] = {}
    for r in orgs:
        words = r.text.split()
        if len(words) >= 2 and words[0] in patterns().name_adjective_words and words[-1][:1].isupper():
            heads.setdefault(words[-1][:-1] if words[-1].endswith("s") and len(words[-1]) > 4 else words[-1], r)
    if heads:
        # the pattern (?<![\w-])(?:der|…|Den)\s+(?P<head>heads)(?:s|es)?(?![\w-]): it starts at an article before a head
        if all(_CAP_WORD_ONLY.fullmatch(h) for h in heads):
            starts = _article_starts(ctx, _cap_head_starts(ctx.text, heads))
        else:
            # a head that is no capitalised word: try at every article (each match starts with one)
            starts = [m.start() for m in _KIND_ARTICLE.finditer(ctx.text)]
        for start, head_start, end, head in _prefixed_literals(ctx.text, starts, (_KIND_ARTICLE,), heads, ("s", "es"),
                                                                _AT_E):
            r = heads[head]
            if start > r.end:
                yield _cand("kind_alone@1", head_start, end, r.type, 0.55, actor_id=r.actor_id, name=r.name)
    for m in finditer_from(_kind_pattern(), ctx.text, _article_starts(ctx, _cap_starts(ctx, KIND_NOUN))):
        nxt = ctx.text[m.end():m.end() + 30].split()
        if nxt and nxt[0][:1].isupper() and not _DETERMINER.match(nxt[0]):
            continue  # "das Unternehmen Velotec": a name follows
        spec = kinds[m.group("kind")]
        words = set(spec["words"])
        before = [o for o in orgs if o.end <= m.start()]
        fitting: dict[str, Resolved] = {}
        for r in before:
            intro = ctx.text[max(0, r.start - 40):r.start].lower()
            name = r.text.lower()
            if any(w in name or _intro_pattern(w).search(intro) for w in words) \
                    or spec["any_company"] and any(w.lower().rstrip(".") in legal for w in r.text.split()[1:]):
                fitting[r.actor_id] = r
        if fitting:
            # the organisation the article talks about most (ties: the latest)
            counts = {aid: sum(1 for o in found if o.actor_id == aid and o.end <= m.start()) for aid in fitting}
            aid = max(fitting, key=lambda a: (counts[a], fitting[a].start))
            r = fitting[aid]
            yield _cand("kind_alone@1", m.start("kind"), m.end(), r.type, 0.55, actor_id=r.actor_id, name=r.name)


@lru_cache(maxsize=10_000)
def _role_head(role: str) -> str | None:
    """The bare role noun at the end of a compound role ("US-Verteidigungsministerin" → "Ministerin")."""
    low = role.lower()
    for stem in sorted(patterns().role_stems, key=len, reverse=True):
        i = low.rfind(stem)
        if i > 0:
            return role[i].upper() + role[i + 1:]
    return None


_AT_B = re.compile(_B)
_AT_E = re.compile(_E)
_AT_E_GEN = re.compile(_E_GEN)


def _literal_matches(text: str, words: list[str], suffixes: tuple[str, ...], before: re.Pattern,
                     after: re.Pattern) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of the matches ``re.finditer`` gives for ``before(?:w1|w2|…)(?:s1|s2|…)?after``, the words
    literal and longest first (:func:`alternation`): :func:`_prefixed_literals` with the zero-width ``before`` (a
    lookaround) as the one prefix, tried where a word stands with only the words that stand there."""
    # the words that stand at each offset, in the regex's order: only they can match there
    at: dict[int, list[str]] = {}
    for w in sorted(set(words), key=lambda w: (-len(w), w)):
        for i in find_all(text, w):
            found = at.get(i)
            if found is None:
                at[i] = [w]
            else:
                found.append(w)
    pos = 0
    for start in sorted(at):
        if start < pos or before.match(text, start) is None:
            continue
        hit = _literal_match(text, start, at[start], suffixes, after)
        if hit is not None:
            pos = hit[1]
            yield start, pos


def _literal_match(text: str, a: int, order: list[str], suffixes: tuple[str, ...],
                   after: re.Pattern) -> tuple[str, int] | None:
    """``(word, end)`` of the match of ``(?:w1|w2|…)(?:s1|s2|…)?after`` at ``a``, in the regex's backtracking
    order (word, then suffix, then no suffix)."""
    for w in order:
        if text.startswith(w, a):
            b = a + len(w)
            for suffix in (*suffixes, ""):
                if text.startswith(suffix, b) and after.match(text, b + len(suffix)):
                    return w, b + len(suffix)
    return None


def _prefixed_literals(text: str, starts: list[int], prefixes: tuple[re.Pattern, ...], words: Collection[str],
                       suffixes: tuple[str, ...], after: re.Pattern) -> Iterator[tuple[int, int, int, str]]:
    """``(start, word start, end, word)`` of the matches ``re.finditer`` gives for ``(?:p1|p2|…)(?:w1|w2|…)
    (?:s1|s2|…)?after``, the words literal and longest first (:func:`alternation`), without compiling a pattern
    for every article's word set. ``prefixes`` are tried in the regex's order (each must match only one way);
    ``starts`` (ascending) must hold every offset where a match can start."""
    order = sorted(set(words), key=lambda w: (-len(w), w))
    pos = 0
    for start in starts:
        if start < pos:
            continue
        for prefix in prefixes:
            m = prefix.match(text, start)
            if m is None:
                continue
            hit = _literal_match(text, m.end(), order, suffixes, after)
            if hit is not None:
                yield start, m.end(), hit[1], hit[0]
                pos = hit[1]
                break


def _surname_coref(ctx: Context, found: list[Resolved], surnames: dict[str, str]) -> Iterator[Candidate]:
    """Bare surnames of persons the article named in full, as mentions of the same actor."""
    multi = {k: v for k, v in surnames.items() if len(k) > 2 and zipf(k) < 5.3}
    if not multi:
        return
    spans = {(r.start, r.end) for r in found}
    text = ctx.text
    for start, end in _literal_matches(text, list(multi), ("s", "’", "'"), _AT_B, _AT_E_GEN):
        if (start, end) in spans:
            continue  # already a mention of the full-name rules
        group = text[start:end]
        key = _strip_genitive(group) if group not in multi else group
        if key not in multi:
            continue
        yield _cand("surname_coref@1", start, end, "person", 0.7, actor_id=multi[key], name=key)


def _role_alone(ctx: Context, found: list[Resolved], roles: dict[str, str]) -> Iterator[Candidate]:
    """Definite role nouns ("der Minister") after the article named the role's holder ("Minister X Y")."""
    if not roles:
        return
    forms = set(roles)
    # the pattern (?:der|die|dem|den|des|Der|Die)\s+(?:[a-zäöü…]+e[nrs]?\s+)?(?P<role>forms)(?:s|n|en)?(?![\w-]):
    # a role form opens a chunk; the article ends the chunk before it, or the one before an adjective
    text = ctx.text
    starts = set()
    for form in forms:
        for i in find_all(text, form):
            if i > 0 and text[i - 1].isspace():
                pos = i
                for _ in range(2):
                    prev = ctx.chunk_before(pos)
                    if prev is None:
                        break
                    if prev[1] >= 3:
                        starts.add(prev[1] - 3)
                    pos = prev[0]
    for start, role_start, end, role in _prefixed_literals(text, sorted(starts), _ROLE_ARTICLE, forms, ("s", "n", "en"),
                                                            _AT_E):
        nxt = text[end:end + 30].split()
        if nxt and nxt[0][:1].isupper() and _looks_like_surname(nxt[0], strict=True):
            continue
        first_use = min(r.start for r in found if r.actor_id == roles[role])
        if start < first_use:
            continue
        yield _cand("role_alone@1", role_start, end, "person", 0.6, actor_id=roles[role])


#: The article (and adjective) before a role noun in :func:`_role_alone`, in the order the regex tries them.
_ROLE_ARTICLE = (re.compile(rf"(?:der|die|dem|den|des|Der|Die)\s+[{LOWER}]+e[nrs]?\s+"),
                 re.compile(r"(?:der|die|dem|den|des|Der|Die)\s+"))


# ----------------------------------------------------------------------------------------------------------
# Context rules for names no lexicon knows


def _org_role() -> str:
    """The kind noun before an organisation's name in :func:`org_title` ("Autobauer", "Softwarekonzern")."""
    orgs = load("organisations.yaml")
    stems = "|".join(sorted(orgs["org_role_stems"], key=len, reverse=True))
    cap_stems = "|".join(sorted({w[:1].upper() + w[1:] for w in orgs["org_role_stems"]}, key=len, reverse=True))
    return rf"(?:[{UPPER}][\w-]*?(?:{stems})|(?:{cap_stems}))(?:s|es|en|n|e|er|ern)?"


def _is_org_role(word: str) -> bool:
    """Pre-test of :func:`org_title`: the whole capitalised word is a kind noun (:func:`_org_role`)."""
    return _org_role_word().fullmatch(word) is not None


@cache
def _org_role_word() -> re.Pattern:
    return re.compile(_org_role())


@cache
def _context_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    speech = load("speech.yaml")
    org_role = _org_role()
    name2 = rf"{NAME_WORD}(?:\s+(?:{NAME_WORD}|[0-9]{{2,4}})){{0,2}}"
    verbs = alternation(speech["speaker_verbs"])
    return (
        re.compile(rf"{_B}(?:{org_role})\s+(?P<name>„?{name2}“?){_E_GEN}"),
        re.compile(rf"(?<![\w-])(?:{verbs})\s+(?P<name>{name2})(?=\s*(?:[,.:;!?)]|$|der\s|dem\s|den\s|im\s|am\s|in\s|auf\s|gegenüber\s))"),
        re.compile(rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD})?)\s+(?:{verbs})\b"),
        re.compile(rf"{_B}(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,2}}){_E_GEN}"),
    )


#: Endings of German abstract and derived nouns; a word with one is a common noun, not a name.
_NOUN_SUFFIX = re.compile(r"(?:ung|heit|keit|schaft|ität|tion|ismus|ik|nis|tum|ling|ment|enz|anz|ie|ur|age|chen|lein|ist|ent|ant|eur|ier|iker|erei)(?:en|e|s|n|ern|er)?$")


#: A lowercase word with an adjective ending ("militärischen", "künftiger", "neue"): a noun follows, not a name.
_ADJECTIVE = re.compile(r"^[a-zäöüß]+(?:isch|lich|ig|al|iv|ell|är|bar|sam|haft|los|ner|ter|ten)e[nmrs]?$")

#: Feminine agent nouns: "Landrätin", "Biathletin", "Dramaturgin", "Bosnierin".
_FEMININE_AGENT = re.compile(r"(?:er|ist|ant|ent|ät|at|et|it|ot|an|eur|og|ier|urg|ur|ar)in(?:nen)?$")

#: Determiners and contracted prepositions: a capitalised word after one is a noun, not a bare name.
_DETERMINER = re.compile(r"(?i)^(?:der|die|das|den|dem|des|ein|eine[nmrs]?|kein\w*|sein\w*|ihr\w*|unser\w*|mein\w*|dies\w*"
                         r"|jede\w*|viele\w*|alle\w*|manche\w*|solche\w*|welche\w*|zum|zur|im|am|vom|beim|ins|ans)$")


@lru_cache(maxsize=200_000)
def _unknown_word(word: str) -> bool:
    """A capitalised word that is no German word (rare), no compound of German words and no place name."""
    from builder.annotate.lexicon import is_compound_noun, place_names

    base = _strip_genitive(word)
    if len(base) < 3 or not base[0].isupper() or base.isupper() \
            or not base.isalpha() and any(ch.isdigit() for ch in base):  # a letter is no digit
        return False
    if word in patterns().not_surnames or base in patterns().not_surnames:
        return False
    if zipf(base) >= 3.0 or zipf(word) >= 3.0 or word_class(word) is not None:
        return False  # a frequent word, or one the German lexicon knows (common nouns and known names alike)
    if base in place_names() or word in place_names() or base in known().by_form or base in known().capital_of:
        return False
    if _NOUN_SUFFIX.search(base) or _FEMININE_AGENT.search(base) or english_zipf(base) >= 4.5:
        return False  # a noun by its ending, a feminine agent noun ("Rivalin"), or an English word ("Plenty")
    if "-" in base and not all(part[:1].isupper() and zipf(part) < 3.0 for part in base.split("-")):
        return False  # a compound with a common part ("B-Säulen", "Uefa-Cup")
    for cut in (1, 2, 3):  # an inflected common noun ("Tribünen", "Rennrades") or a feminine form ("Rivalin")
        stem = base[:-cut]
        if len(stem) >= 4 and (zipf(stem) >= 3.0 or stem in place_names()):
            return False
    if base.endswith(("in", "innen", "er", "ern")) and (base[:-2] in place_names() or base[:-3] in place_names()):
        return False  # "Itzehoer", "Dürener"
    return not is_compound_noun(base)


@labeling_function("org_title", 1, "mention")
def org_title(ctx: Context) -> Iterator[Candidate]:
    """An organisation introduced by its kind: "der Autobauer Porsche", "Softwarekonzern Macrohard", "beim Verein X".

    Catches: "Der Autobauer Velocar meldete Rekordzahlen." Must not: "Der Autobauer Gewinne gemeldet hat."
    """
    for m in finditer_from(_context_patterns()[0], ctx.text, _cap_starts(ctx, ORG_ROLE)):
        name = m.group("name").strip("„“")
        words = name.split()
        while words and not (_looks_like_surname(words[-1], strict=False) or words[-1].isdigit() or
                             words[-1] in known().by_form):
            words.pop()
        if not words or zipf(words[0]) >= COMMON_ZIPF and words[0] not in known().by_form:
            continue
        start = m.start("name") + m.group("name").index(words[0])
        end = start + len(" ".join(words)) if ctx.text[start:].startswith(" ".join(words)) else start + len(words[0])
        yield _cand(org_title.rule, start, end, "organisation", 0.7, name=" ".join(words))


@cache
def _speaker_verbs() -> frozenset[str]:
    return frozenset(load("speech.yaml")["speaker_verbs"])


#: The word characters and hyphens at the end of a chunk.
_TRAILING_WORD = re.compile(r"[\w-]+\Z")


@cache
def _speaker_verb_opening() -> re.Pattern:
    return re.compile(rf"(?:{alternation(list(_speaker_verbs()))})\b")


def _starts_with_speaker_verb(chunk: str) -> bool:
    """True when ``chunk`` opens with a verb of saying followed by a word boundary ("sagte", "sagte,")."""
    return _speaker_verb_opening().match(chunk) is not None


@labeling_function("speaker_name", 1, "mention")
def speaker_name(ctx: Context) -> Iterator[Candidate]:
    """A bare name next to a verb of saying is the speaker: "…, sagte Brandauer." / "so Brandauer" / "Brandauer erklärte".

    Catches: "„Wir sind zufrieden“, sagte Kowalczyk." Must not: "„Wir sind zufrieden“, sagte Frau Doktor gestern."
    """
    p = patterns()
    after, before = _context_patterns()[1:3]
    # "after" starts at a verb that ends a chunk (the trailing word of a VERB_AFTER chunk); "before" at a capital
    # letter in one of the two chunks before a chunk that opens with a verb (a name of one or two words, then the verb)
    anchors = {after: _chunk_offsets(ctx, VERB_AFTER, _trailing_word_offset),
               before: _chunk_offsets(ctx, VERB_BEFORE, _upper_offsets, before=2, itself=False)}
    for pat in (after, before):
        for m in finditer_from(pat, ctx.text, anchors[pat]):
            words = m.group("name").split()
            if pat is before and ctx.is_initial(m.start()) is False and not _looks_like_surname(words[0], strict=True):
                continue
            if words[0] in p.not_surnames or words[0] in known().by_form and len(words) == 1:
                continue
            prev = ctx.text[max(0, m.start("name") - 25):m.start("name")].split()
            if prev and _DETERMINER.match(prev[-1]):
                continue  # "während des Gesprächs unterstrich": a noun, not a name
            if not all(_name_like(w, p) or _first_ok(w) for w in words):
                continue
            if len(words) == 1 and not _name_like(words[0], p):
                continue
            if words[-1] in known().by_form or words[-1] in known().capital_of:
                continue
            yield _cand(speaker_name.rule, m.start("name"), m.end("name"), "person", 0.7, name=" ".join(words))


@cache
def _source_pattern() -> tuple[re.Pattern, dict[str, str]]:
    heads = load("organisations.yaml")["source_heads"]
    kind_of = {h: kind for kind, hs in heads.items() for h in hs}
    cues = alternation(load("speech.yaml")["attribution"]["before"])
    head_alt = "|".join(sorted(kind_of, key=len, reverse=True))
    pat = re.compile(
        rf"(?<![\w-])(?:{cues})\s+(?:(?:de[mnrs]|der|einer?|eines|von)\s+)?(?P<np>(?:[{LOWER}]+e[nrs]?\s+)?"
        rf"(?:[{UPPER}][\w-]*?)?(?i:{head_alt}))(?![\w-])"
        rf"|(?<![\w-])(?:de[mnr]|Dem|Der)\s+(?P<np2>(?:[{LOWER}]+e[nrs]?\s+)?(?:[{UPPER}][\w-]*?)?(?i:{head_alt}))\s+zufolge(?![\w-])"
        rf"|(?<![\w-])(?:Aus|aus)\s+(?:(?:de[mnr]|der)\s+)?(?P<np3>(?:[{LOWER}]+e[nrs]?\s+)?(?:[{UPPER}][\w-]*?)?(?i:{head_alt}))\s+(?:hieß|heißt|verlautete)(?![\w-])")
    return pat, kind_of


@labeling_function("attribution_source", 1, "mention")
def attribution_source(ctx: Context) -> Iterator[Candidate]:
    """The source after an attribution cue when it is a noun phrase, not a name: "laut Betriebsrat",
    "Laut russischen Medien", "nach Angaben des Branchenverbands", "Dem Verband zufolge".

    Catches: "Laut Betriebsrat sind 200 Stellen betroffen." Must not: "Laut Plan sind 200 Stellen betroffen."
    """
    pat, kind_of = _source_pattern()
    # the three ways start with a word that ends its chunk: a cue ("laut"), or an article two or three chunks
    # before "zufolge", or "aus" two to four chunks before "hieß"
    starts = sorted({*_chunk_offsets(ctx, CUE, _trailing_word_offset),
                     *_chunk_offsets(ctx, ZUFOLGE, _trailing_word_offset, before=3, itself=False),
                     *_chunk_offsets(ctx, IMPERSONAL, _trailing_word_offset, before=4, itself=False)})
    for m in finditer_from(pat, ctx.text, starts):
        g = next(k for k in ("np", "np2", "np3") if m.group(k))
        np = m.group(g)
        head = np.split()[-1].lower()
        kind = next((kind_of[h] for h in sorted(kind_of, key=len, reverse=True) if head.endswith(h)), "organisation")
        name = np
        h = next((h for h in sorted(kind_of, key=len, reverse=True) if head.endswith(h)), "")
        if kind == "organisation" and h.endswith("es") and h[:-2] in kind_of:
            name = np[:-2]
        elif kind == "organisation" and h.endswith("s") and h[:-1] in kind_of:
            name = np[:-1]  # genitive "Betriebsrats" names the Betriebsrat
        words = name.split()
        if len(words) == 2 and words[0].endswith("en") and words[0][:1].islower():
            name = f"{words[0][:-1]} {words[1]}"  # "laut russischen Medien" → "russische Medien"
        yield _cand(attribution_source.rule, m.start(g), m.end(g), kind, 0.6, name=name)


#: The first word of a run (:func:`_name_run`): a capitalised word (:data:`NAME_WORD`), the look-behind after its
#: first letter.
_RUN_FIRST = rf"[{UPPER}](?<![\w-].)[{LOWER}{UPPER}]*(?:['’-][{UPPER}{LOWER}][{LOWER}{UPPER}]*)*"


@cache
def _name_run() -> re.Pattern:
    """The last context pattern with its look-behind after the first letter, so that ``re`` skips ahead to
    capital letters (same matches)."""
    return re.compile(rf"(?P<name>{_RUN_FIRST}(?:\s+{NAME_WORD}){{0,2}}){_E_GEN}")


@lru_cache(maxsize=200_000)
def _run_words(name: str) -> tuple[str, ...] | None:
    """The words of a run, or None when its first word can open no name for :func:`lexicon_name` (a proper
    noun) nor for :func:`unknown_name` (an unknown word)."""
    words = tuple(name.split())
    return words if _proper_noun(words[0]) or _unknown_word(words[0]) else None


def _name_runs(ctx: Context) -> list[tuple[int, int, tuple[str, ...]]]:
    """``(start, end, words)`` of the runs of one to three capitalised words (the last context pattern) whose
    first word may open a name (:func:`_run_words`), found once per article for :func:`lexicon_name` and
    :func:`unknown_name` (each skips a run whose first word fails its own test).

    The runs are those of ``_name_run().finditer``: the pattern is tried at the capitalised words of the chunks
    where a kept run may open (:data:`RUN`), and, since a run found at an earlier word may swallow such a word,
    first at those of the chunks just before it that may end a run word going on into it (:func:`_may_link`).
    """
    runs = ctx.cache.get("name_runs")
    if runs is None:
        runs = ctx.cache["name_runs"] = []
        text, chunks = ctx.text, ctx.chunk_list()
        rfind, match = text.rfind, _name_run().match
        end = 0       # end of the last run found (kept or not)
        done = -1     # index of the last chunk whose capitalised words were tried
        for start, chunk, i in _kind_index(ctx)[1].get(RUN, ()):
            if i - 1 > done and _may_link(chunks[i - 1]):
                region = [(start, chunk)]
                j = i
                while j - 1 > done and _may_link(chunks[j - 1]):
                    j -= 1
                    start = rfind(chunks[j], 0, start)
                    region.append((start, chunks[j]))
                region.reverse()
            else:
                region = ((start, chunk),)  # mostly: no run goes on from the chunk before into this one
            done = i
            for a, piece in region:
                for off in _cap_offsets(piece):
                    pos = a + off
                    if pos >= end and (m := match(text, pos)):
                        end = m.end()
                        if (words := _run_words(m.group())) is not None:
                            runs.append((pos, end, words))
    return runs


@cache
def _run_first() -> re.Pattern:
    """The first word of a run (:func:`_name_run`) with the run's end test after it: matched in a chunk at a
    capitalised word, it gives the word a run opening there starts with (white space or the end of the chunk
    after the longest first word lets the run match; inside the chunk only the end test can follow)."""
    return re.compile(rf"{_RUN_FIRST}{_E_GEN}")


@lru_cache(maxsize=200_000)
def _run_offsets(chunk: str) -> tuple[int, ...]:
    """Offsets in ``chunk`` of the capitalised words where a run opens whose first word may open a name (the
    test of :func:`_run_words`)."""
    match = _run_first().match
    return tuple(off for off, _ in chunk_cap_words(chunk)
                 if (m := match(chunk, off)) and (_proper_noun(w := m.group()) or _unknown_word(w)))


#: The end of a chunk that may be the end of a run word (an upper-case letter, then letters, apostrophes, hyphens).
_RUN_WORD_END = re.compile(rf"[{UPPER}][{LOWER}{UPPER}'’-]*\Z")


@lru_cache(maxsize=200_000)
def _may_link(chunk: str) -> bool:
    """False when no run (:func:`_name_run`) can go on from ``chunk`` over the white space after it: no word
    of a run ends it."""
    return _RUN_WORD_END.search(chunk) is not None


@lru_cache(maxsize=200_000)
def _proper_noun(word: str) -> bool:
    """A word HanTa knows as a proper noun that is no place, no known actor and no sentence word (in capitals)."""
    from builder.annotate.lexicon import main_place_names

    kn, p, places = known(), patterns(), main_place_names()
    return word_class(word) == "NE" and _strip_genitive(word) not in places and word not in places \
        and word not in kn.by_form and word not in kn.capital_of and word not in p.not_surnames and not word.isupper()


@labeling_function("lexicon_name", 1, "mention")
def lexicon_name(ctx: Context) -> Iterator[Candidate]:
    """Capitalised words the German morphology lexicon (HanTa) knows as proper nouns, except places and
    countries: persons when a first name opens them, else of unknown type ("other").

    Catches: "Die Aktie von Siemens legte zu." Must not: "Das Wasser in Hamburg ist kalt."
    """
    for start, _, words in _name_runs(ctx):
        if not _proper_noun(words[0]):
            continue
        keep: list[str] = []
        for w in words:
            if _proper_noun(w):
                keep.append(w)
            else:
                break
        if not keep or len(keep) == 1 and english_zipf(keep[0]) >= 5.0 and not _first_ok(keep[0]):
            continue  # a frequent English word alone ("Room", "Three"), not a name
        if _preceded_by_place_prep(ctx, start):
            continue
        prev = ctx.text[max(0, start - 25):start].split()
        if prev and _DETERMINER.match(prev[-1]) and len(keep) == 1:
            continue
        kind = "person" if len(keep) > 1 and _first_ok(keep[0]) else "other"
        end = start + len(" ".join(keep))
        yield _cand(lexicon_name.rule, start, end, kind, 0.5, name=" ".join(keep))


@labeling_function("unknown_name", 1, "mention")
def unknown_name(ctx: Context) -> Iterator[Candidate]:
    """Capitalised words that are no German word, no compound of German words and no place: a name of unknown
    type ("other"), unless a locative preposition makes it a place.

    Catches: "Gestern unterschrieb Okonkwo den Vertrag." Must not: "Gestern unterschrieb der Bürgermeister in Husum."
    """
    for start, run_end, words in _name_runs(ctx):
        if not _unknown_word(words[0]):
            continue  # the first word must be unknown, whether the run stays whole or is cut to it
        initial = ctx.is_initial(start)
        if not all(_unknown_word(w) for w in words):
            if len(words) > 1:
                words = words[:1]
            else:
                continue
        if initial and len(words) == 1:
            nxt = ctx.text[run_end:run_end + 20].split()
            if not nxt or not nxt[0][:1].islower():
                continue
        if _preceded_by_place_prep(ctx, start):
            continue
        prev = ctx.text[max(0, start - 25):start].split()
        if prev and (_DETERMINER.match(prev[-1]) or _ADJECTIVE.search(prev[-1])):
            continue  # names of persons stand without article or adjective; "der Hutzelgnom", "militärischen Patt"
        end = start + len(" ".join(words))
        yield _cand(unknown_name.rule, start, end, "other", 0.4, name=" ".join(words))
