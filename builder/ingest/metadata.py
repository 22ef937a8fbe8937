"""Article metadata from plain text: the optional header, the headline, the publication date, the language."""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from builder.ingest.boilerplate import PATTERNS

MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feber": 2, "feb": 2, "märz": 3, "mär": 3, "mrz": 3,
    "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "dezember": 12, "dez": 12,
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = r"(?P<iy>(?:19|20)\d\d)(?:-(?P<im>0[1-9]|1[0-2])(?:-(?P<id>0[1-9]|[12]\d|3[01]))?)?"
_GERMAN_LONG = rf"(?:(?P<gd>[12]?\d|3[01])\.\s*)?(?P<gm>{_MONTH})\.?\s+(?P<gy>(?:19|20)\d\d)"
_GERMAN_NUM = r"(?P<nd>[0-3]?\d)\.(?P<nm>[01]?\d)\.(?P<ny>(?:19|20)\d\d)"
DATE = re.compile(rf"\b(?:{_GERMAN_NUM}|{_GERMAN_LONG}|{_ISO})\b", re.IGNORECASE)

#: Header keys at the very top of a .txt file. `date` may share its line with the text ("date 2025-02 Text…").
_HEADER_DATE = re.compile(rf"(?P<key>date|datum|published|veröffentlicht)\s*:?\s*(?P<value>{_ISO}|{_GERMAN_NUM}|{_GERMAN_LONG})(?:[ \t]+|\n+|$)", re.IGNORECASE)
_HEADER_FIELD = re.compile(r"(?P<key>title|titel|url|outlet|medium|quelle|source)\s*:\s*(?P<value>[^\n]+)(?:\n+|$)", re.IGNORECASE)
_HEADER_KEYS = {"title": "title", "titel": "title", "url": "url", "outlet": "outlet", "medium": "outlet",
                "quelle": "outlet", "source": "outlet"}
#: The publication date is looked for only this far into the text (the dateline or first paragraph).
DATE_WINDOW = 600
#: A headline is at most this many words and does not end like a sentence.
TITLE_MAX_WORDS = 25
TITLE_MAX_CHARS = 250


@dataclass
class Header:
    """Metadata read from the top of a text file, and the span ``[0, end)`` it took up."""

    end: int = 0
    fields: dict[str, str] = field(default_factory=dict)


def parse_date(value: str) -> str | None:
    """ISO 8601 at the stated precision: ``'12. Februar 2025'`` → ``'2025-02-12'``, ``'Feb. 2025'`` → ``'2025-02'``."""
    m = DATE.fullmatch(value.strip())
    return _iso(m) if m else None


def _iso(m: re.Match) -> str | None:
    g = m.groupdict()
    if g.get("ny"):
        y, mo, d = int(g["ny"]), int(g["nm"]), int(g["nd"])
    elif g.get("gy"):
        y, mo, d = int(g["gy"]), MONTHS[g["gm"].lower()], int(g["gd"]) if g.get("gd") else None
    else:
        y, mo, d = int(g["iy"]), int(g["im"]) if g.get("im") else None, int(g["id"]) if g.get("id") else None
    if mo is not None and not 1 <= mo <= 12 or d is not None and not 1 <= d <= 31:
        return None
    return f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if mo and d else "")


def read_header(text: str) -> Header:
    """The header lines at the top of normalised text: ``date 2025-02``, ``Titel: …``, ``URL: …``, ``Quelle: …``.

    Example caught: ``"date 2025-02 US-Präsident Donald Trump hat …"`` (date header on the text's first line).
    Example not caught: ``"Datum und Uhrzeit des Treffens stehen fest."`` (no date value after the key).
    """
    header, pos = Header(), 0
    while pos < len(text):
        m = _HEADER_DATE.match(text, pos)
        if m and "published" not in header.fields:
            iso = parse_date(m.group("value"))
            if iso:
                header.fields["published"] = iso
                pos = m.end()
                continue
        m = _HEADER_FIELD.match(text, pos)
        if m:
            key = _HEADER_KEYS[m.group("key").lower()]
            if key not in header.fields:
                header.fields[key] = m.group("value").strip()
                pos = m.end()
                continue
        break
    header.end = pos
    return header


def find_title(text: str) -> str | None:
    """The headline: the first line when it is short, is followed by more text, and does not end in a full stop.

    Example caught: ``"Trump und Putin: Durchbruch in den Ukraine-Verhandlungen?"`` followed by a paragraph.
    Example not caught: ``"Trump hat mit Putin telefoniert."`` (a sentence, not a headline).
    """
    first, sep, rest = text.partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or not first:
        return None
    if len(first) > TITLE_MAX_CHARS or len(first.split()) > TITLE_MAX_WORDS:
        return None
    if first.endswith((".", ",", ";", ":")) and not first.endswith(("...", "…")):
        return None
    # A teaser headline cut off with an ellipsis after its own punctuation: "…im Ukraine-Krieg?…"
    return re.sub(r"(?<=[?!.])\s*(?:…|\.\.\.)$", "", first)


def find_published(text: str) -> str | None:
    """The first full date (with day) near the top of the text, as ISO ``YYYY-MM-DD``.

    Only day-precision dates count, so a background date in the body ("seit Februar 2022") is not taken for
    the publication date.
    Example caught: ``"Am 12. Februar 2025 führte US-Präsident Donald Trump ein Telefongespräch."``.
    Example not caught: ``"Der Krieg dauert seit Februar 2022 an."``.
    """
    end = min(len(text), DATE_WINDOW)
    for m in DATE.finditer(text, _date_search_start(text, end), end):
        if m.group("nd") or m.group("gd") or m.group("id"):
            return _iso(m)
    return None


_YEAR = re.compile(r"(?:19|20)\d\d")
#: The longest run without white space before a year inside a date: day, full stop, month name, full stop.
_BEFORE_YEAR = 3 + max(map(len, MONTHS)) + 1


def _date_search_start(text: str, end: int) -> int:
    """A position before which no :data:`DATE` match in ``text[:end]`` starts (speed only).

    Every date holds a year, which an ISO date starts with and the others end with. Before the first year in the
    text there can only be that date's own beginning: white space, at most :data:`_BEFORE_YEAR` other characters
    (``31.September.``, ``12.05.``, ``3.März``), white space, and a day with its full stop.
    """
    y = _YEAR.search(text, 0, end)
    if y is None:
        return end
    p = y.start()
    while p > 0 and text[p - 1].isspace():
        p -= 1
    k = 0
    while p > 0 and k < _BEFORE_YEAR and not text[p - 1].isspace():
        p -= 1
        k += 1
    while p > 0 and text[p - 1].isspace():
        p -= 1
    return max(0, p - 3)


@lru_cache(maxsize=2)
def _language_data() -> tuple[float, int, dict[str, frozenset[str]]]:
    data = yaml.safe_load((PATTERNS / "languages.yaml").read_text(encoding="utf-8"))
    words = {lang: frozenset(w.lower() for w in ws) for lang, ws in data["languages"].items()}
    return float(data["min_share"]), int(data["min_tokens"]), words


_WORD = re.compile(r"[^\W\d_]+")
#: Single-byte encoding of most Western European text, in which tokens can be found with ``bytes.translate``.
_BYTE_CODEC = "cp1252"


@lru_cache(maxsize=1)
def _byte_table() -> bytes | None:
    """``bytes.translate`` table for :data:`_BYTE_CODEC` text: a byte of a letter → its lower-case letter, any
    other byte → space; so ``encoded.translate(table).split()`` gives the lower-cased ``_WORD`` tokens.

    ``None`` if some letter's lower case is not one letter of the codec (then only the slow path is used).
    """
    table = bytearray(b" " * 256)
    for b in range(256):
        try:
            ch = bytes([b]).decode(_BYTE_CODEC)
        except UnicodeDecodeError:
            continue  # undefined byte: encoding a text never produces it
        if _WORD.fullmatch(ch):
            low = ch.lower()
            try:
                enc = low.encode(_BYTE_CODEC)
            except UnicodeEncodeError:
                return None
            if len(low) != 1 or not _WORD.fullmatch(low):
                return None
            table[b] = enc[0]
    return bytes(table)


@lru_cache(maxsize=2)
def _byte_words() -> dict[str, frozenset[bytes]]:
    """The function-word lists encoded in :data:`_BYTE_CODEC` (words it cannot encode never match there)."""
    out = {}
    for lang, ws in _language_data()[2].items():
        enc = set()
        for w in ws:
            try:
                enc.add(w.encode(_BYTE_CODEC))
            except UnicodeEncodeError:
                pass
        out[lang] = frozenset(enc)
    return out


@lru_cache(maxsize=1)
def _any_byte_word() -> frozenset[bytes]:
    """Every encoded function word of :func:`_byte_words`, of any language."""
    return frozenset().union(*_byte_words().values())


@lru_cache(maxsize=1)
def _stand_in() -> str | None:
    """A lower-case letter of :data:`_BYTE_CODEC` in no function word, or None (then no stand-in is used)."""
    words = _language_data()[2].values()
    if any(w.encode(_BYTE_CODEC, "replace") != w.encode(_BYTE_CODEC, "ignore") for ws in words for w in ws):
        return None  # a function word the codec cannot encode: only the regex path counts it
    return next((c for c in "þðøæåœ" if not any(c in w for ws in words for w in ws)), None)


@lru_cache(maxsize=1 << 12)
def _stand_in_for(ch: str) -> str:
    """What a character :data:`_BYTE_CODEC` cannot encode becomes for :func:`_token_counts`: white space if it is
    no ``_WORD`` letter; else its lower case if that is letters the codec encodes ("ẞ" → "ß"), else the stand-in
    letter. Tokens and function-word counts stay those of the regex path (a token holding the stand-in is no
    function word)."""
    if not _WORD.fullmatch(ch):
        return " "
    low = ch.lower()
    try:
        low.encode(_BYTE_CODEC)
    except UnicodeEncodeError:
        return _stand_in()
    return low if _WORD.fullmatch(low) and low.lower() == low else _stand_in()


def _substitute(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the stand-ins (:func:`_stand_in_for`) of the characters that cannot be encoded."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(map(_stand_in_for, exc.object[exc.start:exc.end])), exc.end


_SUBSTITUTE = "claimset.language_stand_ins"
codecs.register_error(_SUBSTITUTE, _substitute)


def _token_counts(sample: str) -> tuple[int, dict[str, int]] | None:
    """Number of ``_WORD`` tokens in ``sample`` and, per language, how many of them (lower-cased) are its
    function words — by byte translation; characters the codec cannot encode are given stand-ins that keep
    both counts (:func:`_stand_in_for`). ``None`` when no byte table or stand-in exists."""
    table = _byte_table()
    if table is None:
        return None
    try:
        raw = sample.encode(_BYTE_CODEC)
    except UnicodeEncodeError:
        if _stand_in() is None:
            return None
        raw = sample.encode(_BYTE_CODEC, _SUBSTITUTE)
    tokens = raw.translate(table).split()
    words = _byte_words()
    counts = Counter(filter(_any_byte_word().__contains__, tokens))  # only function words are looked up
    keys = counts.keys()
    return len(tokens), {lang: sum(map(counts.__getitem__, keys & ws)) for lang, ws in words.items()}


def _token_counts_slow(sample: str) -> tuple[int, dict[str, int]]:
    """:func:`_token_counts` for any text: regex tokens, each lower-cased."""
    counts = Counter(t.lower() for t in _WORD.findall(sample))
    keys = counts.keys()
    return counts.total(), {lang: sum(map(counts.__getitem__, keys & ws)) for lang, ws in _language_data()[2].items()}


def detect_language(text: str, sample: int = 5000) -> str:
    """ISO 639-1 code of the language whose function words cover most tokens of ``text``, or ``'und'``.

    Offline and linear: looks at the first ``sample`` characters only.
    Example: ``"Die Regierung hat am Montag ein neues Gesetz beschlossen, das ..."`` → ``'de'``;
    ``"The government said on Monday that it would ..."`` → ``'en'``.
    """
    min_share, min_tokens, words = _language_data()
    counted = _token_counts(text[:sample]) or _token_counts_slow(text[:sample])
    n, hits = counted
    if n < min_tokens:
        return "und"
    scores = {lang: hits[lang] / n for lang in words}
    best = max(sorted(scores), key=lambda lang: scores[lang])
    return best if scores[best] >= min_share else "und"
