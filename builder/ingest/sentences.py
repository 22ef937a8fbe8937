"""German sentence splitting with character offsets: SoMaJo plus post-rules (``patterns/sentences.yaml``).

Three steps, all linear in the text length:

1. **Lines.** Every line break is a boundary (headlines, subheads and bullet items end without a full stop),
   except in a hard-wrapped sentence: a line that does not end like a sentence continues on the next line when
   that starts in lower case, or when the line ends in a comma, a hyphen, or an article, conjunction or
   preposition (``continues_after`` in the YAML), which no headline ends with.
2. **Splitter.** Within a line, a sentence splitter proposes boundaries. SoMaJo was chosen by accuracy, then
   speed, among SoMaJo, syntok, pysbd and a regex baseline; see ``benchmarks/SENTENCES.md``. The default,
   :func:`split_fast`, gives SoMaJo's boundaries at a fraction of its cost: a regex splits where SoMaJo's
   decision is certain (a full stop after an ordinary word before a capital, an abbreviation or ordinal that
   SoMaJo keeps whole), and SoMaJo runs only on the sentences that hold an ambiguous full stop (a number
   before it, "usw.", URLs).
3. **Post-rules** join segments split wrongly: inside a quotation that closes on the same line („…“, »…«),
   after an abbreviation or an ordinal ("Nr.", "12. Februar"), and before a segment starting in lower case.

Spans are trimmed of whitespace and of a leading bullet marker. A line holding a run of 400 or more
non-space characters (junk, not prose) is split by the regex baseline instead, as SoMaJo slows down more than
linearly on such tokens.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from functools import lru_cache
from types import ModuleType

import yaml

from builder.ingest.boilerplate import PATTERNS

Spans = list[tuple[int, int]]

_END_LIKE = tuple('.!?:;…"“”»«)]')


@lru_cache(maxsize=1)
def _rules() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    data = yaml.safe_load((PATTERNS / "sentences.yaml").read_text(encoding="utf-8"))
    abbr = "|".join(re.escape(a) for a in sorted(data["abbreviations"], key=len, reverse=True))
    ends_abbr = re.compile(rf"(?:^|[\s(„\"'»/-])(?:{abbr})$")
    words = "|".join(sorted(data["after_ordinal"], key=len, reverse=True))
    from builder.ingest.metadata import MONTHS  # noqa: PLC0415 (avoid an import cycle at module load)
    months = "|".join(sorted(MONTHS, key=len, reverse=True))
    after_ordinal = re.compile(rf"(?:(?:{words}|{months})\b|\d)", re.IGNORECASE)
    bullets = "".join(re.escape(b) for b in data["bullets"])
    bullet = re.compile(rf"[{bullets}]\s+|\d{{1,2}}\)\s+")
    starters = "|".join(sorted(data["sentence_starters"], key=len, reverse=True))
    missed_end = re.compile(rf"(?<=\s)(?:\d+|[IVX]+|Inc|Ltd|Corp|Co|GmbH|AG|SE|KG)\.(\s+)(?=(?:{starters})\s)"
                            rf"|(?<![\w.])(?P<word>[A-ZÄÖÜ][a-zäöüß]{{3,}})\.(\s+)(?=[„»\"]?[A-ZÄÖÜ])")
    return ends_abbr, after_ordinal, bullet, missed_end


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[frozenset[str], dict[str, tuple[int, ...]]]:
    """Our abbreviations (``sentences.yaml``), and the lengths of those ending in each pair of characters (every
    abbreviation has at least two)."""
    data = yaml.safe_load((PATTERNS / "sentences.yaml").read_text(encoding="utf-8"))
    abbreviations = frozenset(data["abbreviations"])
    ends: dict[str, set[int]] = {}
    for a in abbreviations:
        ends.setdefault(a[-2:], set()).add(len(a))
    assert min(map(len, abbreviations)) >= 2
    return abbreviations, {end: tuple(sorted(lengths)) for end, lengths in ends.items()}


_ABBR_BEFORE = frozenset("(„\"'»/-")  # may stand before an abbreviation, besides whitespace


def _ends_with_abbreviation(tail: str) -> bool:
    """Whether ``tail`` ends with one of our abbreviations, at its start or after whitespace, a bracket, quote,
    slash or hyphen: ``_rules()[0].search(tail)`` (the reference; a test checks they agree) by a few set
    look-ups instead of a regex tried at every position."""
    abbreviations, ends = _abbreviations()
    lengths = ends.get(tail[-2:])
    if lengths is None:
        if tail[-1:] == "\n":
            return _rules()[0].search(tail) is not None  # "$" also matches before a final line break
        return False
    n = len(tail)
    for k in lengths:
        if k > n:
            break
        if tail[n - k:] in abbreviations and (k == n or tail[n - k - 1] in _ABBR_BEFORE or tail[n - k - 1].isspace()):
            return True
    return False


@lru_cache(maxsize=1)
def _missed_end_hint() -> re.Pattern:
    """What every match of the ``missed_end`` pattern of :func:`_rules` holds: a full stop, white space, maybe an
    opening quote, and a capital or the first letter of a sentence starter (for speed only)."""
    data = yaml.safe_load((PATTERNS / "sentences.yaml").read_text(encoding="utf-8"))
    first = set("ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ") | {w[0] for w in data["sentence_starters"]}
    return re.compile(rf"\.\s+[„»\"]?[{re.escape(''.join(sorted(first)))}]")


@lru_cache(maxsize=1)
def _continues_after() -> frozenset[str]:
    data = yaml.safe_load((PATTERNS / "sentences.yaml").read_text(encoding="utf-8"))
    return frozenset(data["continues_after"])


# ---------------------------------------------------------------------------------------------------- splitters


@lru_cache(maxsize=1)
def _somajo():
    from somajo import SoMaJo  # noqa: PLC0415 (slow import, only when used)

    tokenizer = SoMaJo("de_CMC", split_camel_case=False, split_sentences=True, character_offsets=True)
    _speed_up_emoji_split(getattr(tokenizer, "_tokenizer", None))
    _skip_unmatched_patterns(getattr(tokenizer, "_tokenizer", None))
    _speed_up_alignment()
    return tokenizer


def _skip_unmatched_patterns(tokenizer) -> None:
    """Pass over a token that SoMaJo's pattern does not match at all, before its ``_split_matches`` reads the
    pattern's groups and sorts them (same output, about a third less work on a short window).

    Without a match the boundary list stays empty, and splitting a token at no boundary is a no-op.
    """
    original = getattr(tokenizer, "_split_matches", None)
    if original is None:
        return

    def split_matches(regex, node, *args, **kwargs) -> None:
        if regex.search(node.value.text) is not None:
            original(regex, node, *args, **kwargs)

    tokenizer._split_matches = split_matches


class _PrecompiledSub:
    """Stands in for the ``regex`` module in SoMaJo's ``alignment``: ``sub`` with a pattern string (its
    ``re.sub(r"\\s", " ", ...)`` on every token) uses the compiled pattern, as the module would after looking it
    up in its cache, which costs more than the substitution on one token. Everything else is the module's."""

    def __init__(self, module) -> None:
        self._module = module
        self._compiled: dict[str, object] = {}

    def sub(self, pattern, repl, string, *args, **kwargs):
        if args or kwargs or not isinstance(pattern, str):
            return self._module.sub(pattern, repl, string, *args, **kwargs)
        compiled = self._compiled.get(pattern)
        if compiled is None:
            compiled = self._module.compile(pattern)
            if len(self._compiled) < 16:  # the few literal patterns of alignment.py
                self._compiled[pattern] = compiled
        return compiled.sub(repl, string)

    def __getattr__(self, name: str):
        return getattr(self._module, name)


def _speed_up_alignment() -> None:
    """Let SoMaJo's character-offset alignment substitute with compiled patterns (same output, a fifth of its
    cost on the short windows :func:`split_fast` sends)."""
    from somajo import alignment  # noqa: PLC0415

    if isinstance(getattr(alignment, "re", None), ModuleType):
        alignment.re = _PrecompiledSub(alignment.re)


def _speed_up_emoji_split(tokenizer) -> None:
    """Skip SoMaJo's per-grapheme emoji search on tokens that hold no emoji at all (same output, ~2x faster).

    SoMaJo 2.x runs two uncompiled ``regex.search`` calls per grapheme of every token, more than half of its
    run time on news text. A token without any pictographic character or variation selector cannot yield an
    emoji boundary, and an empty boundary list is a no-op, so those tokens are passed over.
    """
    original = getattr(tokenizer, "_split_emojis", None)
    if original is None:
        return
    import regex  # noqa: PLC0415 (SoMaJo's own dependency)

    any_emoji = regex.compile(r"[\p{Extended_Pictographic}\p{Emoji_Presentation}\uFE0F]")

    def split_emojis(node, token_class: str = "emoticon") -> None:
        if any_emoji.search(node.value.text) is not None:
            original(node, token_class)

    tokenizer._split_emojis = split_emojis


def split_somajo(block: str) -> Spans:
    """SoMaJo (de_CMC) sentence spans of one line of text."""
    spans = []
    for sentence in _somajo().tokenize_text([block]):
        if sentence:  # SoMaJo yields an empty sentence for a line of only characters it drops
            spans.append((sentence[0].character_offset[0], sentence[-1].character_offset[1]))
    return spans


def split_syntok(block: str) -> Spans:
    """syntok sentence spans of one line of text."""
    import syntok.segmenter as segmenter  # noqa: PLC0415

    spans = []
    for paragraph in segmenter.analyze(block):
        for sentence in paragraph:
            tokens = list(sentence)
            if tokens:
                spans.append((tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)))
    return spans


@lru_cache(maxsize=1)
def _pysbd():
    import pysbd  # noqa: PLC0415

    return pysbd.Segmenter(language="de", clean=False, char_span=True)


def split_pysbd(block: str) -> Spans:
    """pysbd (German rules) sentence spans of one line of text."""
    return [(s.start, s.end) for s in _pysbd().segment(block)]


_LONG = 400
_LONG_TOKEN = re.compile(r"(?<!\S)\S{%d}" % _LONG)  # no word or URL in news text is this long


def _has_long_token(text: str) -> bool:
    """``_LONG_TOKEN.search(text) is not None`` for a ``text`` whose only white space is spaces and line breaks:
    whether some ``_LONG`` characters in a row hold neither. Looks for the last space or line break in each
    stretch of ``_LONG`` characters, then goes on after it (a few string searches per text, not a scan by a
    character class; a test checks they agree)."""
    i, n = 0, len(text)
    while i + _LONG <= n:
        j = max(text.rfind(" ", i, i + _LONG), text.rfind("\n", i, i + _LONG))
        if j < 0:
            return True
        i = j + 1
    return False
_NAIVE = re.compile(r".+?(?:[.!?…]+[\"“”»«)]*(?=\s+|$)|$)", re.S)


def split_regex(block: str) -> Spans:
    """Baseline: a boundary after every run of . ! ? … followed by a space."""
    return [m.span() for m in _NAIVE.finditer(block) if m.group().strip()]


# ---------------------------------------------------------------------------------------------------- fast path

# A run of sentence-final punctuation (what follows one is read by _after_final), and the chunk after a position.
_RUN = re.compile(r"[.!?…]+")
_OTHER_ENDS = ("!", "?", "…")


def _runs(block: str) -> Spans:
    """``[m.span() for m in _RUN.finditer(block)]``: the runs of ``. ! ? …``. A line with full stops only (most
    lines) is scanned with ``str.find``, several times faster than a character-class search (a test checks they
    agree)."""
    if _OTHER_ENDS[0] in block or _OTHER_ENDS[1] in block or _OTHER_ENDS[2] in block:
        return [m.span() for m in _RUN.finditer(block)]
    spans: Spans = []
    find = block.find
    s = find(".")
    while s >= 0:
        e = s + 1
        while block.startswith(".", e):
            e += 1
        spans.append((s, e))
        s = find(".", e)
    return spans
_TOKEN_AFTER = re.compile(r"\S*")
# A word as the fast path accepts it before a full stop: letters, hyphenated or with an apostrophe, after
# opening quotes or a bracket; no digit, dot, slash or @ (ordinals, URLs, e-mail addresses go to SoMaJo).
_PLAIN_WORD = re.compile(r"[„»\"'(‚‘]*(?:[^\W\d_]+[-'’])*(?P<last>[^\W\d_]+)")
# Before ! ? …: a word or number, or a closing quote or bracket, or nothing (no URL, no e-mail address).
_PLAIN_TOKEN = re.compile(r"[„»\"'(‚‘]*[^\W_]*(?:[-'’][^\W_]+)*[\"“”«)]?")
# A number with full stops inside that SoMaJo keeps whole: 1.000 / 2.500.000,50, 10.30 (a time), 4.5, 12.3.2025,
# and ranges of them (1.500–1.600); the full stops inside are never tokens of their own.
_NUMBER_SHAPE = (r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:\.\d+)+"
                 r"|(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?:\d{4}|\d{2}))")
_NUMBER = re.compile(rf"[„»\"'(‚‘]*{_NUMBER_SHAPE}(?:[–-]{_NUMBER_SHAPE})?[,;:.!?)“”\"«»]*")
_ROMAN = frozenset("MDCLXVI")
# Characters SoMaJo drops or treats specially (controls, soft hyphen, combining marks, zero-width, bidi, variation
# selectors): a line holding one always goes to SoMaJo, so offsets stay SoMaJo's.
_ODD = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u0300-\u036f\u200b-\u200f\u2028-\u202e\u2060-\u206f"
                  "\ufeff\ufe00-\ufe0f]")


# Tokens SoMaJo ends with a full stop of their own (see _glued): ordinals and Roman numerals as it matches them.
_ORDINAL = re.compile(r"[„»\"'(‚‘]*(?:\d{1,3}|\d{5,}|[3-9]\d{3})")
# A year: SoMaJo's ordinals leave out 1000-2999, so the full stop after "2025" is a token of its own.
_YEAR = re.compile(r"[„»\"'(‚‘]*[12]\d{3}")
_ROMAN_ORDINAL = re.compile(r"(?=[MDCLXVI])M{0,4}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})")
#: SoMaJo's abbreviations that may end a sentence (its ``eos_abbreviations.txt``).
_EOS_ABBREVIATIONS = frozenset({"usw.", "usf.", "etc.", "uvam."})




@lru_cache(maxsize=1)
def _somajo_units() -> frozenset[str]:
    """SoMaJo's units (lower case): after a number they form a measurement token ("5 m"), not an abbreviation."""
    from somajo import utils  # noqa: PLC0415 (SoMaJo's data files)

    return frozenset(u.lower() for u in utils.read_abbreviation_file("units.txt"))


@lru_cache(maxsize=1)
def _somajo_abbreviations() -> frozenset[str]:
    """SoMaJo's own German abbreviation lists (lower case, with the full stop): a word on them keeps its stop."""
    from somajo import utils  # noqa: PLC0415 (SoMaJo's data files)

    names = ("abbreviations_de.txt", "single_token_abbreviations_de.txt", "eos_abbreviations.txt")
    return frozenset({a.lower() for name in names for a in utils.read_abbreviation_file(name)} | {"ps."})


@lru_cache(maxsize=1 << 16)
def _glued(token: str) -> bool:
    """Whether SoMaJo keeps the full stop after ``token`` as part of it, so that it never ends a sentence there:
    an abbreviation of its lists ("Dr.", "bzw.", not "usw."), a single letter ("J."), an ordinal ("3.", not
    "2025."), a Roman numeral ("IV.") or a street name ("Hauptstr.")."""
    if _ORDINAL.fullmatch(token):
        return sum(ch.isdigit() for ch in token) < 9  # SoMaJo reads 10 or 13 digits as an ISBN first
    plain = _PLAIN_WORD.fullmatch(token)
    if plain is None:
        return False
    lower = token.lower()
    starts = [i for i in range(len(lower)) if i == 0 or not (lower[i - 1].isalpha() or lower[i - 1] == ".")]
    if any(lower[i:] + "." in _EOS_ABBREVIATIONS for i in starts) or lower.endswith("ps"):
        return False  # "usw." may end a sentence; SoMaJo keeps "ps." whole only when no number stands before
    word = plain.group("last")
    return (any(lower[i:] + "." in _somajo_abbreviations() for i in starts)
            or len(word) == 1 and plain.start("last") == len(token) - 1 and "-" not in token
            or _ROMAN_ORDINAL.fullmatch(word) is not None
            or lower.endswith("str") and "'" not in token and "’" not in token)


def _token_start(line: str, s: int, plain: bool = False) -> int:
    """Start of the whitespace-delimited chunk of ``line`` that ends at ``s`` (the token before a run).
    ``plain``: the caller knows that ``line`` holds no whitespace but the plain space."""
    i = line.rfind(" ", 0, s) + 1
    if plain or _OTHER_SPACE.search(line, i, s) is None:
        return i  # the usual case: words separated by plain spaces
    i = s
    while i > 0 and not line[i - 1].isspace():
        i -= 1
    return i


_OTHER_SPACE = re.compile(r"[^\S ]")
# An odd character (_ODD) or whitespace other than a space or line break (all such characters are below U+3001;
# a test checks the whole of Unicode).
_SPECIAL = re.compile("[" + _ODD.pattern[1:-1]
                      + re.escape("".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \n"))
                      + "]")


# ---- what follows a sentence-final token, as SoMaJo's sentence splitter reads it
# Characters SoMaJo always makes tokens of their own (other_punctuation, parens) that may stand between a
# sentence-final token and the next word: opening and closing quotes and brackets, dashes.
_BETWEEN = re.compile("[\\s„‚(\\[{–—”)\\]}\"»«›‹“‘]*")
# Its opening_punct and closing_punct classes restricted to those characters; quotes it disambiguates by spacing.
_OPENING_PUNCT = frozenset("„‚([{–—\"«‹“‘")
_CLOSING_PUNCT = frozenset("”)]}\"»›")
_PROBLEMATIC_QUOTES = frozenset("\"»«›‹“‘")
_CONTENT = re.compile(r"[\w@#]")
_DIGITS = re.compile(r"[0-9]+")
_ORDINAL_DIGITS = re.compile(r"(?:\d{1,3}|\d{5,}|[3-9]\d{3})")
# A multi-part abbreviation SoMaJo splits into one-letter abbreviations ("z.B.", "U.S.", "u.d.T."), after opening
# and before closing punctuation.
_LETTER_DOTS = re.compile(r"[„»\"(‚‘]*(?:[^\W\d_]\.){2,}[,;:)“”\"«»]*")
_TIME = re.compile(r"[„»\"(‚‘]*\d{1,2}(?::\d{2}){1,2}")
# Characters after which a full stop is always a token of its own (split off by SoMaJo before the dots are).
_SPLIT_BEFORE_DOT = frozenset(")]}”“«»\"‘›‹%‰€$£¥°")
_URLISH = re.compile(r"://|www\.|@|_")


@lru_cache(maxsize=1)
def _emoticons() -> tuple[frozenset[str], frozenset[str]]:
    """First characters of SoMaJo's emoticons (non-letters) and two-character starts of those that begin with a
    letter, read from its tokenizer's source, plus the eyes, "XD", "D:" and hearts of its emoticon regexes."""
    import ast  # noqa: PLC0415
    import inspect  # noqa: PLC0415
    import textwrap  # noqa: PLC0415

    from somajo import tokenizer  # noqa: PLC0415

    tree = ast.parse(textwrap.dedent(inspect.getsource(tokenizer.Tokenizer.__init__)))
    items: set[str] = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Set)
                and getattr(node.targets[0], "id", "").startswith(("emoticon", "textfaces"))):
            items |= {e.value for e in node.value.elts if isinstance(e, ast.Constant)}
    first = {i[0] for i in items if not i[0].isalnum()} | set(":;8<^=")
    pairs = {i[:2] for i in items if i[0].isalnum()}
    pairs |= {"XD", "xD", "Xd", "xd", "D:", "D'", "oO"} | {"8" + c for c in "-'oO()*DPp"}
    return frozenset(first), frozenset(pairs)


_SPACES = re.compile(r"\s+")


def _emoticon_near(line: str, a: int, k: int) -> bool:
    """Whether SoMaJo might read an emoticon starting between ``a`` and the word character at ``k``."""
    first, pairs = _emoticons()
    if line[k:k + 2] in pairs or any(ch in first for ch in line[a:k + 1]):
        tok = getattr(_somajo(), "_tokenizer", None)
        window = _SPACES.sub(" ", line[a:k + 40])  # SoMaJo makes any run of whitespace one space first
        return tok is None or any(r.search(window) for r in (tok.emoticon, tok.space_emoticon, tok.heart_emoticon,
                                                             tok.textfaces_space, tok.textfaces_emoji))
    return False


def _numeric_token(line: str, k: int) -> bool | None:
    """Whether the SoMaJo token starting with the digit at ``k`` is all digits (``"1425"``, not ``"12."``,
    ``"1.000"``, ``"5 km"`` or ``"1970er"``); None when unsure."""
    j = _DIGITS.match(line, k).end()
    digits, c = line[k:j], line[j:j + 1]
    chunk_end = _TOKEN_AFTER.match(line, k).end()
    if _URLISH.search(line, k, chunk_end) or _URL_WITHOUT_PROTOCOL.match(line, k, chunk_end):
        return None  # "5km.info@beispiel.de", "1und1.de": an e-mail address or URL, not a number
    if digits == "8" or len(digits) >= 9:
        return None  # "8)" may be an emoticon; long digit runs ISBNs
    if c == "" or c.isspace():
        rest = line[j:].lstrip()
        if rest[:1].isdigit():
            return None  # ISBN with spaces, "1 000"
        return True  # also before a unit: SoMaJo splits the measurement "5 km" into "5" and "km"
    if c in ".,":
        after = line[j + 1:j + 2]
        if after.isdigit():
            tail = _NUMBER_TAIL.match(line, j).end()
            follow = line[tail:tail + 1]
            if not _WHOLE_NUMBER.fullmatch(line, k, tail):
                return None  # "3,5.5": SoMaJo's readings of mixed separators vary
            if follow == "" or follow.isspace() or follow in ',;)]}"“”»«!?%':
                return False  # 1.000, 3,5, 12.3.2025, 10.30: one token (or "12." first), not all digits
            if follow == "." and "," not in line[j:tail]:
                return False  # "1.000.", "12.3.": a number or a date, then the full stop
            return None  # "3,5.": SoMaJo takes the ordinal "5." first and leaves "3"; "3,5O'Neill"
        if after == "-":
            return None  # an amount: 100,-
        if c == ".":
            if after.isalnum():
                return None  # "2025.Nr.", "3.de"
            return not _ORDINAL_DIGITS.fullmatch(digits)  # "12." is an ordinal, "2025." a year and a full stop
        return True
    if c in "%€$£¥)]}\"“”»«„;!?…":
        return True
    if c == ":":
        time = _TIME_AT.match(line, k)
        if time is None or _UNIT_GLUED.match(line, _SPACE.match(line, time.end()).end()):
            return None  # "2:1" leaves the number "2"; "10:30 S" the number "10" (and the measurement "30 S")
        return False  # "4:26" is a time
    if c.isalpha():
        if line[k:j + 1].upper() in ("3G", "4G", "5G") and not line[j + 1:j + 2].isalnum():
            return False  # SoMaJo's single tokens
        if _UNIT_GLUED.match(line, j):
            return True  # "5km": a measurement, split into "5" and "km"
        compound = _NUMBER_COMPOUND.match(line, j)
        if compound and line[compound.end():compound.end() + 1] != ".":
            return False  # "1970er", "3-fach"; not "3etc.", where SoMaJo takes the abbreviation and leaves "3"
    return None


_WHOLE_NUMBER = re.compile(rf"{_NUMBER_SHAPE}|\d+,\d+")
_TIME_AT = re.compile(r"\d{1,2}(?::\d{2}){1,2}(?![\d:]|[.,/-]?\w)")
_NUMBER_TAIL = re.compile(r"(?:[.,]\d+)+")
_NUMBER_COMPOUND = re.compile(r"-?(?:[^\W\d_]|@)(?:[^\W\d_]|[@-])*(?!\w)")


class _UnitGlued:
    """``match(line, j)``: a unit of SoMaJo's right after a number ("5km"), as its measurement regex finds it."""

    @staticmethod
    @lru_cache(maxsize=1)
    def _pattern() -> re.Pattern:
        units = "|".join(re.escape(u) for u in sorted(_somajo_units(), key=len, reverse=True))
        return re.compile(rf"(?:{units})(?!\w)", re.IGNORECASE)

    def match(self, line: str, j: int) -> re.Match | None:
        return self._pattern().match(line, j)


_UNIT_GLUED = _UnitGlued()


def _after_final(line: str, e: int) -> tuple[str, int]:
    """What SoMaJo does after a sentence-final token ending at ``e``, as :func:`_run_kind` says it: ("cut", start
    of the next sentence), ("ok", e) for no boundary, ("unsure", e).

    SoMaJo skips opening punctuation, takes closing punctuation and emoticons into the sentence, and then splits
    only before a token that starts with a capital letter or is a number (or a mention or hashtag).
    """
    m = _CONTENT.search(line, e)
    if m is None:
        return "ok", e  # nothing but punctuation follows: no sentence can start
    k = m.start()
    c = line[k]
    if c in "@#":
        return "unsure", e
    if not (c.isupper() or c.isnumeric()):
        # A word in lower case (or "_"): no boundary, unless it is part of an emoticon (":p", "xD").
        return ("unsure" if _emoticon_near(line, e, k) else "ok"), e
    if _emoticon_near(line, e, k):
        return "unsure", e
    stop = _BETWEEN.match(line, e).end()
    if stop != k:
        # Another character first ("•", "-", ";"): a token that is no quote, bracket or emoticon ends the search.
        x = line[stop]
        if (x in "'’¿¡@#" or x == "-" and line[stop + 1:stop + 2] == "-"
                or unicodedata.category(x) in ("Ps", "Pe", "Pi", "Pf")):
            return "unsure", e
        starts = False
        k = stop
    elif c.isupper():
        starts = True
    elif "0" <= c <= "9":
        starts = _numeric_token(line, k)
        if starts is None:
            return "unsure", e
    else:
        return "unsure", e
    last, cut, prev_opening = None, -1, False
    for p in range(e, k):
        q = line[p]
        if q.isspace():
            continue
        opening = closing = False
        if q in _PROBLEMATIC_QUOTES:
            if (p > e and line[p - 1].isspace()) or prev_opening:
                opening = True
            else:
                nxt = line[p + 1]  # p < k, so a next character exists
                if nxt.isspace() or nxt in _CLOSING_PUNCT:
                    closing = True
        if opening or (q in _OPENING_PUNCT and not closing):
            last = "opening"
            if cut < 0:
                cut = p
        elif (closing or (q in _CLOSING_PUNCT and not opening)) and last != "opening":
            last, cut = "closing", -1
        else:
            return "ok", e
        prev_opening = q in _OPENING_PUNCT
    if not starts:
        return "ok", e
    return "cut", (cut if cut >= 0 else k)


def _final_token(line: str, s: int, e: int, token: str) -> bool:
    """Whether the run ``line[s:e]`` after ``token`` is a sentence-final token of its own for SoMaJo (left side)."""
    run = line[s:e]
    if run == ".":
        return _final_dot(token, line[s - 1:s])
    if token.lower().endswith("art"):
        return False  # SoMaJo's "Art." pattern takes any character after "Art" before a number
    return (run == "…" or set(run) <= {"!", "?"}) and _PLAIN_TOKEN.fullmatch(token) is not None


@lru_cache(maxsize=1 << 16)
def _final_dot(token: str, before: str) -> bool:
    """:func:`_final_token` for a full stop after ``token`` (``before``: the character before the full stop)."""
    if before in _SPLIT_BEFORE_DOT:
        return _URLISH.search(token) is None
    if _TIME.fullmatch(token) or _YEAR.fullmatch(token):
        return True
    # A full stop after a word is a sentence end to SoMaJo unless the word is on its abbreviation lists
    # (matched from any start not after a letter), a Roman numeral, a single letter or ends in "str".
    plain = _PLAIN_WORD.fullmatch(token)
    word = plain.group("last") if plain else ""
    if len(word) < 2 or word.lower().endswith("str") or set(word) <= _ROMAN or word.lower() == "art":
        return False  # SoMaJo's "Art." pattern keeps the full stop before a number ("Art. 20")
    abbreviations = _somajo_abbreviations()
    lower = token.lower()
    return not any((i == 0 or not (lower[i - 1].isalpha() or lower[i - 1] == ".")) and lower[i:] + "." in abbreviations
                   for i in range(len(lower)))


_URL_CHUNK = re.compile(r"[„»\"'(‚‘]*[\w.\-/]+[,;:)“”\"«»!?.…]*")


def _url_at(line: str, t0: int, s: int, e: int) -> str | None:
    """``"inside"`` if the run ``line[s:e]`` is inside a web address without protocol that SoMaJo keeps as one
    token ("spiegel.de", "n-tv.de"), ``"after"`` if it follows one, else None. Only for chunks of word
    characters, dots, hyphens and slashes, where no earlier SoMaJo rule (e-mail, URL with protocol) applies."""
    t1 = _TOKEN_AFTER.match(line, s).end()
    chunk = line[t0:t1].lower()
    if not _URL_CHUNK.fullmatch(line, t0, t1) or "@" in chunk or "_" in chunk or "://" in chunk or "doi:" in chunk:
        return None
    tok = getattr(_somajo(), "_tokenizer", None)
    if tok is None:
        return None
    www = chunk.lstrip("„»\"'(‚‘").startswith("www.")
    if "www." in chunk and not www:
        return None
    for m in (tok.simple_url if www else tok.url_without_protocol).finditer(line, t0, t1):
        if m.start() < s and e < m.end():
            return "inside"
        if s == m.end():
            return "after"
    return None


_MEASURED_NUMBER = re.compile(r"\d+|\d+,\d+|\d{1,3}(?:\.\d{3})+(?:,\d+)?")


def _space_start(line: str, i: int) -> int:
    """Start of the run of space that ends at ``line[i]``."""
    while i > 0 and line[i - 1].isspace():
        i -= 1
    return i


def _after_number(line: str, i: int) -> bool:
    """Whether a digit stands before ``line[i]``, maybe with space between ("5 m.": a measurement to SoMaJo)."""
    while i > 0 and line[i - 1].isspace():
        i -= 1
    return i > 0 and line[i - 1].isdecimal()


@lru_cache(maxsize=1 << 16)
def _dot_before_space(token: str) -> tuple[bool, str]:
    """How SoMaJo reads a full stop after ``token`` when a space follows: whether the token is a run of
    one-letter abbreviations ("z.B", kept whole unless a number stands before, see :func:`_run_kind`), and
    ``"glued"`` (the full stop belongs to the token: "Dr.", "3.", "J."), ``"glued_unit"`` (the same, unless a
    number stands before: "5 m."), ``"final"`` (a sentence-final token of its own) or ``"unsure"``.

    A pure function of the token, so it is cached: word forms before a full stop repeat in any text.
    """
    line, s, e = token + ".", len(token), len(token) + 1
    letters = _LETTER_DOTS.fullmatch(line) is not None and "o.O" not in token
    if "." in token and _url_at(line, 0, s, e) == "after":
        return letters, "final"
    bare = token.lstrip("„»\"'(‚‘").lower()
    if bare in ("usw", "usf", "etc"):
        return letters, "final"  # SoMaJo's abbreviations that may end a sentence ("usw. Eben …")
    if bare == "ps":
        return letters, "glued_ps"  # "Ps.": an abbreviation unless a number stands before
    if _glued(token):
        return letters, ("glued_unit" if token.lower() in _somajo_units() else "glued")
    return letters, ("final" if _final_token(line, s, e, token) else "unsure")


def _run_kind(line: str, s: int, e: int, plain: bool = False) -> tuple[str, int]:
    """What SoMaJo certainly does with the run of ``. ! ? …`` at ``line[s:e]``: ``"cut"`` (a boundary; the next
    sentence starts at the returned offset), ``"ok"`` (no boundary, or one the post-rules join again: before
    lower case), ``"skip"`` (a full stop inside a number: 1.000, 12.3.2025, 10.30) or ``"unsure"`` (anything
    else)."""
    run = line[s:e]
    t0 = _token_start(line, s, plain)
    token = line[t0:s]
    nxt = line[e:e + 1]
    dot_space = run == "." and nxt.isspace()  # the common case, decided by the token alone (cached) and what follows
    if dot_space:
        letters, kind = _dot_before_space(token)
        if kind == "glued":
            return "ok", e  # a word that keeps its full stop ("Dr. Weber")
        # A word, a full stop, one space and a capital ("tagte. Der"): the same answer as the general steps below.
        if (kind == "final" and not letters and nxt == " " and line[e + 1:e + 2].isupper()
                and line[e + 1:e + 3] not in _emoticons()[1]):
            return "cut", e + 1
    if _CONTENT.search(line, e) is None:
        return "ok", e  # only punctuation follows on the line: no sentence can start after this run
    if dot_space:
        if letters and not _after_number(line, t0):
            return "ok", e
        if kind == "glued_unit" and _after_number(line, t0):
            # "579 S.": SoMaJo reads the measurement "579 S", so the full stop is a token of its own.
            if not _MEASURED_NUMBER.fullmatch(line, _token_start(line, _space_start(line, t0)), _space_start(line, t0)):
                return "unsure", e
        elif kind in ("glued_unit", "glued_ps"):
            if kind == "glued_unit" or not _after_number(line, t0):
                return "ok", e
            return "unsure", e
        if kind == "unsure":
            return "unsure", e
        return _after_final(line, e)
    if run == "." and 0 < s and line[s - 1].isdigit() and nxt.isdigit():
        if _NUMBER.fullmatch(token + _TOKEN_AFTER.match(line, s).group()):
            return "skip", e
        return "unsure", e
    if (run == "." and _LETTER_DOTS.fullmatch(line, t0, _TOKEN_AFTER.match(line, e).end()) and "o.O" not in token
            and not _after_number(line, t0)):
        return "ok", e  # "z.B.", "U.S.": one-letter abbreviations, no full stop of their own
    if "." in token or nxt.isalnum():
        url = _url_at(line, t0, s, e)
        if url == "inside":
            return "skip", e
        if url == "after" and not nxt.isalnum():  # "spiegel.de.3": SoMaJo reads the number ".3"
            return _after_final(line, e)
    if run == "." and nxt.isalpha() and _ORDINAL.fullmatch(token) and _url_at(line, t0, s, e) is None \
            and not _URLISH.search(line, t0, _TOKEN_AFTER.match(line, e).end()) \
            and not _URL_WITHOUT_PROTOCOL.search(line, t0, _TOKEN_AFTER.match(line, e).end()):
        return "ok", e  # "8.September": the ordinal "8." is a token of its own
    if run == "." and (nxt.isspace() or nxt in ",;:)]" or nxt == "*" and line[e + 1:e + 2].isspace()) \
            and _glued(token):
        if token.lower() in _somajo_units() and _after_number(line, t0):
            return "unsure", e  # "5 m.", "20 F.": SoMaJo reads a measurement, and the full stop is free again
        return "ok", e
    if not (nxt.isspace() or _BETWEEN.match(line, e).end() > e or nxt in ",;:"):
        # No space after the run: SoMaJo splits the full stop off "erreichen.Die" or "Spiegel.ru" (not
        # "spiegel.de", "Sat.1", "Dr.Weber"), and "!" off "Lebenslang!Warum".
        if not ((run == "." or set(run) <= {"!", "?"}) and line[s - 1:s].isalpha() and nxt.isalpha()
                and not _no_space_token(line, t0, _TOKEN_AFTER.match(line, e).end())):
            return "unsure", e
    if not _final_token(line, s, e, token):
        return "unsure", e
    return _after_final(line, e)


def _no_space_token(line: str, a: int, b: int) -> bool:
    """Whether SoMaJo may keep the chunk ``line[a:b]`` (or a part with punctuation inside) as one token: a web
    address, an e-mail address, one of its single tokens ("Sat.1", "E.ON", ".Net"), a number like "EU.Nr.", an
    emoticon ("No.O'Neill" holds "o.O")."""
    if _URL_WITHOUT_PROTOCOL.search(line, a, b) or _URLISH.search(line, a, b):
        return True
    tok = getattr(_somajo(), "_tokenizer", None)
    return tok is None or any(r.search(line, a, b) for r in (tok.single_token_abbreviation, tok.single_tokens,
                                                              tok.simple_url, tok.email, tok.nr_abbreviations,
                                                              tok.emoticon))
_URL_WITHOUT_PROTOCOL = re.compile(r"[\w./-]+\.(?:de|com|tv|me|net|us|org|at|cc|ly|be|ch|info|live|eu|edu|gov|jpg|png"
                                   r"|gif|log|txt|xlsx?|docx?|pptx?|pdf)(?:-\w+)?\b", re.IGNORECASE)


# A stretch SoMaJo may read across spaces in ways a window would cut: e-mail addresses written with "[at]",
# Markdown links, DOIs, ISBNs and other numbers with spaces, emoticons with spaces. It goes to SoMaJo whole.
_WINDOW_UNSAFE = re.compile(r"[\[\]@<>^=\\|~_]|doi|isbn|\d\s+\d|[:;]\s+[()]", re.IGNORECASE)
_WINDOW_CHUNKS = 2  # whitespace-separated chunks kept on each side of an unsure run


def _window(block: str, a: int, b: int, s: int, e: int) -> tuple[int, int]:
    """The stretch of ``block[a:b]`` that SoMaJo needs to decide the run ``block[s:e]``: the whitespace-separated
    chunk that ends with the run and the chunk holding the next word, with two more chunks on each side (its
    rules look at most one chunk across a space: "5 km", "3 ps.")."""
    i = _token_start(block, s)
    for _ in range(_WINDOW_CHUNKS):
        i = _token_start(block, _space_start(block, i))
    m = _CONTENT.search(block, e, b)
    j = _TOKEN_AFTER.match(block, m.start() if m else b).end()
    for _ in range(_WINDOW_CHUNKS):
        j = _TOKEN_AFTER.match(block, _SPACE.match(block, j).end()).end()
    return max(a, i), min(b, j)


_SPACE = re.compile(r"\s*")


def split_fast(block: str) -> Spans:
    """SoMaJo's boundaries at a fraction of its cost: SoMaJo's reading of every run of ``. ! ? …`` is decided
    here where it is certain, and SoMaJo runs only on a few words around each run whose reading is not.

    Certain boundary: ``. ! ? …`` after an ordinary word (not on SoMaJo's abbreviation lists, no Roman
    numeral), a year, a web address or a closing quote or bracket, then (after quotes and brackets, which SoMaJo
    skips or takes into the sentence as it does) a capital or a number. Certainly no boundary: before a
    lower-case letter or a comma, inside a number (1.000, 12.3.2025), and after a token that SoMaJo ends with
    its own full stop (see :func:`_glued`: "Dr.", "3.", "J.", "IV.", "z.B."). Unsure, so left to SoMaJo: other
    numbers before a full stop ("15,5.", "12345."), emoticons, odd characters. Each unsure run goes to SoMaJo
    with two whitespace-separated chunks of context on either side (the stretch between two certain
    boundaries goes whole when it holds something SoMaJo reads across spaces, see ``_WINDOW_UNSAFE``).
    The result with the post-rules is the same as SoMaJo's (checked on the gold sets, generated corpora and
    random lines by ``benchmarks/sentences.py --same fast somajo``).
    No SoMaJo call: ``"Der Rat tagte. Er kam am 3. Mai mit Dr. Weber."``; SoMaJo for "15,5. Dann ging er.":
    ``"Der Rat tagte. Es waren 15,5. Dann ging er."``.
    """
    if _ODD.search(block):
        return split_somajo(block)
    return _split_fast(block, _OTHER_SPACE.search(block) is None)


def _split_fast(block: str, plain: bool) -> Spans:
    """:func:`split_fast` of a ``block`` without odd characters (``_ODD``); ``plain``: it holds no whitespace but
    the plain space (the caller has looked already)."""
    out: Spans = []
    start = 0
    soft: list[int] = []  # boundaries without space before ("erreichen.Die"): SoMaJo needs the text before them
    unsure: list[tuple[int, int]] = []
    runs = _runs(block)
    n = len(block)

    def flush(a: int, b: int) -> None:
        if not soft and not unsure:  # one piece (most sentences)
            x, y = _trim(block, a, b)
            if y > x:
                out.append((x, y))
            return
        if unsure and _WINDOW_UNSAFE.search(block, a, b):
            out.extend((x + a, y + a) for x, y in split_somajo(block[a:b]))
            return
        cuts = soft
        if unsure:
            cuts = list(soft)
            for s, e, nxt in unsure:
                wa, wb = _window(block, a, b, s, e)
                for x, _ in split_somajo(block[wa:wb])[1:]:
                    if e <= x + wa <= nxt:  # a sentence starts after this run, before the next one
                        cuts.append(x + wa)
                        break
            cuts.sort()
        for x, y in zip([a, *cuts], [*cuts, b]):
            x, y = _trim(block, x, y)
            if y > x:
                out.append((x, y))

    pairs = _emoticons()[1]
    for i, (s, e) in enumerate(runs):
        if e == n:
            continue  # nothing follows on the line: no sentence can start ("ok" from _run_kind)
        if block[s:e + 1] == ". ":
            # The common case, as _run_kind's first step decides it: a full stop, one space, and a word that
            # keeps its full stop ("Dr. Weber": no boundary) or a sentence-final word before a capital.
            letters, kind = _dot_before_space(block[_token_start(block, s, plain):s])
            if kind == "glued":
                continue
            if kind == "final" and not letters and block[e + 1:e + 2].isupper() and block[e + 1:e + 3] not in pairs:
                flush(start, e + 1)
                start, soft, unsure = e + 1, [], []
                continue
        kind, pos = _run_kind(block, s, e, plain)
        if kind == "unsure":
            unsure.append((s, e, runs[i + 1][0] if i + 1 < len(runs) else len(block)))
        elif kind == "cut" and pos < len(block):
            if block[pos - 1].isspace():
                flush(start, pos)
                start, soft, unsure = pos, [], []
            else:
                soft.append(pos)
    flush(start, len(block))
    return out


SPLITTERS: dict[str, Callable[[str], Spans]] = {
    "fast": split_fast, "somajo": split_somajo, "syntok": split_syntok, "pysbd": split_pysbd,
    "regex": split_regex,
}
DEFAULT = "fast"


# ---------------------------------------------------------------------------------------------------- lines


def _blocks(text: str) -> Spans:
    """Line spans of ``text`` with wrapped lines joined (see the module docstring)."""
    blocks: Spans = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not line.strip():
            blocks.append((start, start))  # a blank line: never joined across
            continue
        if blocks and blocks[-1][1] > blocks[-1][0] and _continues(text[blocks[-1][0]:blocks[-1][1]], line):
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
    return [(s, e) for s, e in blocks if e > s]


def _continues(prev: str, line: str) -> bool:
    """True if ``line`` continues ``prev`` (a hard-wrapped sentence), not a new line of its own.

    Caught: ``"Der Rat hat am Donnerstag ein neues" + "Radwegenetz beschlossen."`` (ends with "neues").
    Not caught: ``"Neues Radwegenetz" + "Der Stadtrat hat es beschlossen."`` (a headline, then a sentence).
    """
    prev, first = prev.rstrip(), line.lstrip()
    if not prev or not first or _rules()[2].match(first):
        return False
    if prev.endswith(_END_LIKE):
        return False
    if prev.endswith((",", "-")) and not prev.endswith(" -") or first[0].islower():
        return True
    return prev.rsplit(None, 1)[-1] in _continues_after()


# ---------------------------------------------------------------------------------------------------- post-rules


_QUOTE_CHARS = re.compile("[„»“”«]")


def _open_quotes(block: str) -> list[tuple[int, int]]:
    """Spans of quotations that open and close within ``block`` („…“, »…«, “…”); outermost only."""
    spans, stack = [], []
    for i, ch in _quote_marks(block):
        if ch in "„»":
            stack.append((i, ch))
        elif ch == "“":
            if stack and stack[-1][1] == "„":
                s = stack.pop()[0]
                if not stack:
                    spans.append((s, i + 1))
            else:
                stack.append((i, ch))  # English-style opening quote
        elif ch in "”«":
            want = "“" if ch == "”" else "»"
            if stack and stack[-1][1] == want:
                s = stack.pop()[0]
                if not stack:
                    spans.append((s, i + 1))
    return spans


_QUOTES = "„»“”«"


def _quote_marks(block: str) -> list[tuple[int, str]]:
    """``(offset, mark)`` of every quotation mark of ``_QUOTE_CHARS`` in ``block``, in order: what its
    ``finditer`` gives, found by string searches (a character-class search scans several times slower)."""
    marks = []
    for q in _QUOTES:
        i = block.find(q)
        while i >= 0:
            marks.append((i, q))
            i = block.find(q, i + 1)
    marks.sort()
    return marks


def _has_quote(block: str) -> bool:
    """Whether ``block`` holds one of the quotation marks ``„»“”«`` (``_QUOTE_CHARS.search``, by string searches)."""
    return "„" in block or "“" in block or "»" in block or "”" in block or "«" in block
_ORDINAL_END = re.compile(r"(?:^|\s)\d{1,2}\.$")


def _split_more(block: str, spans: Spans, missed_end: re.Pattern) -> Spans:
    """Add boundaries the splitter missed: after a number, Roman numeral or company suffix before a sentence
    starter, and after a capitalised word that is no abbreviation of ours before a capital letter.

    SoMaJo matches its abbreviation list without regard to case, so "Iran.", "Japan." or "Italien." (from
    "iran.", "japan.", "italien." for the adjectives) never end a sentence there; our list decides instead.
    Caught: ``"Der Verein belegte Platz 3. Im Vorjahr war er Zweiter."``, ``"Sanktionen treffen den Iran. Die
    Regierung protestiert."`` (two sentences each).
    Not caught: ``"Im 2. Weltkrieg wurde die Stadt zerstört."``, ``"Es spricht Prof. Müller."`` (one sentence).
    """
    out: Spans = []
    hint = _missed_end_hint()
    for s, e in spans:
        if hint.search(block, s, e) is None:
            out.append((s, e))  # no full stop and space before a capital or a sentence starter inside the span
            continue
        for m in _missed_ends(block, s, e, missed_end, hint):
            gap = 1 if m.group(1) is not None else 3
            if m.group("word") and _ends_with_abbreviation(block[max(s, m.start() - 16):m.end("word") + 1]):
                continue
            if m.start(gap) <= s:
                continue
            out.append((s, m.start(gap)))
            s = m.end(gap)
        out.append((s, e))
    return out


_LOWER_RUN_END = re.compile(r"[a-zäöüß]*$")


def _missed_ends(block: str, s: int, e: int, missed_end: re.Pattern, hint: re.Pattern) -> Iterator[re.Match]:
    """``missed_end.finditer(block, s, e)``, trying the pattern only where a match can start.

    Every match ends its word with a full stop where ``hint`` matches, and starts either right after white space
    (a number, Roman numeral or company suffix) or at the capital before the lower-case letters that end at that
    full stop; no match holds white space before its full stop. So after each hint, only those two starts are
    tried, and the search goes on after the hint (a test checks the result against ``finditer``).
    """
    pos = s
    while True:
        h = hint.search(block, pos, e)
        if h is None:
            return
        p = h.start()  # the full stop
        chunk = max(block.rfind(" ", 0, p), block.rfind("\n", 0, p)) + 1
        if _OTHER_SPACE.search(block, chunk, p) is not None:  # white space other than a space or line break
            chunk = p
            while chunk > 0 and not block[chunk - 1].isspace():
                chunk -= 1
        capital = _LOWER_RUN_END.search(block, chunk, p).start() - 1
        m = None
        for x in (chunk, capital) if capital > chunk else (chunk,):
            if x >= pos:
                m = missed_end.match(block, x, e)
                if m is not None:
                    break
        if m is None:
            pos = p + 1
            continue
        yield m
        pos = m.end()


def _merge(block: str, spans: Spans) -> Spans:
    """Apply the post-rules: join segments split inside quotations, after abbreviations and ordinals, before lower case.

    Caught (one sentence): ``"„Wir sind bereit. Das ist klar“, sagte er."`` (the quotation closes on the line).
    Not caught (two sentences): ``"„Wir sind bereit.“ Dann ging er."`` (the boundary follows the closed quotation).
    """
    _, after_ordinal, _, missed_end = _rules()
    spans = _split_more(block, spans, missed_end)
    if len(spans) == 1:
        return spans if block[spans[0][0]:spans[0][1]].strip() else []
    quotes = _open_quotes(block) if _has_quote(block) else []
    out: Spans = []
    for s, e in spans:
        first = s
        while first < e and block[first].isspace():
            first += 1
        if first == e:
            continue  # only space
        if out:
            ps, pe = out[-1]
            end = pe
            while end > ps and block[end - 1].isspace():
                end -= 1
            join = (
                block[first].islower()
                or quotes and any(qs < pe < qe for qs, qe in quotes)
                or _ends_with_abbreviation(block[max(ps, end - 16):end])
                or (block[end - 2:end - 1].isdigit() and _ORDINAL_END.search(block[max(ps, end - 5):end]) is not None
                    and after_ordinal.match(block, first, e) is not None)
            )
            if join:
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def split_sentences(text: str, splitter: str = DEFAULT, post_rules: bool = True) -> Spans:
    """Sentence boundaries of ``text`` as ``(start, end)`` offsets, trimmed, in order, non-overlapping.

    Example: ``"Am 12. Februar 2025 sprach J.D. Vance. „Wir sind bereit. Das ist klar“, sagte er."``
    gives two sentences: the quotation and its attribution stay together, "12." and "J.D." do not end one.
    ``splitter`` picks another candidate and ``post_rules=False`` turns the post-rules off (for the benchmark).
    """
    split = SPLITTERS[splitter]
    # split_fast's checks of each line for odd characters and for whitespace other than spaces, made once for
    # the whole text: without such characters no line holds one, and a line is plain unless it was wrapped.
    fast = split is split_fast and _SPECIAL.search(text) is None
    # A long token in a line is one in the text; without special white space, one look at the text tells.
    long_tokens = not fast or _has_long_token(text)
    bullet = _rules()[2]
    result: Spans = []
    for bs, be in _blocks(text):
        block = text[bs:be]
        # Split after the bullet marker so the splitter never sees it.
        lead = len(block) - len(block.lstrip())
        m = bullet.match(block, lead)
        offset = m.end() if m else 0
        body = block[offset:]
        # SoMaJo slows down more than linearly on very long tokens (digit runs, junk): those lines go to the regex.
        if long_tokens and len(body) >= _LONG and _LONG_TOKEN.search(body):
            spans = split_regex(body)
        elif fast:
            spans = _split_fast(body, "\n" not in body)
        else:
            spans = split(body)
        shift = bs + offset
        for s, e in (_merge(body, spans) if post_rules else spans):
            s, e = s + shift, e + shift
            if e > s and (text[s].isspace() or text[e - 1].isspace()):
                s, e = _trim(text, s, e)  # spans come trimmed from the splitters; this is a safeguard
            if e > s:
                result.append((s, e))
    return result
