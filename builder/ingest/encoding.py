"""Bytes → normalised text: encoding detection, binary and truncation checks, Unicode and whitespace normalisation.

The *normalised raw text* this module returns is the text every :class:`schemas.Removal` span points into.
"""

from __future__ import annotations

import codecs
import re
import threading
import unicodedata
from dataclasses import dataclass, field

import ftfy

from builder.errors import DocumentError

#: Magic numbers of common binary formats that are never articles.
_MAGIC = {
    b"%PDF": "PDF", b"\x89PNG": "PNG", b"\xff\xd8\xff": "JPEG", b"GIF8": "GIF", b"PK\x03\x04": "ZIP/Office",
    b"\x1f\x8b": "gzip", b"\x7fELF": "ELF", b"BZh": "bzip2", b"\xfd7zXZ": "xz", b"7z\xbc\xaf": "7z",
    b"\xd0\xcf\x11\xe0": "OLE (old Office)", b"SQLite format 3": "SQLite", b"PAR1": "Parquet",
}
#: Legacy single-byte encodings considered when a file is not UTF-8 (Western European news text), in the order
#: that breaks ties: Windows-1252 first, the most common by far.
_LEGACY = ["cp1252", "latin_1", "iso8859_15", "cp850", "mac_roman"]
#: Letters and typography of German text (umlauts, ß, „ “ ‚ ‘ – — … €): the right legacy reading of a German
#: article holds the most of them.
_GERMAN_MARKS = re.compile("[äöüÄÖÜß„“‚‘–—…€]")
#: What a wrong legacy reading makes of German letters, quotation marks and the euro sign (box drawing and block
#: elements, ÷ ³ ¸ ﬂ ‰ ˆ ƒ ‹ ¤ ...), and C1 control characters: none of them belongs in news text.
_UNLIKELY = re.compile("[\x80-\x9f\u2500-\u259f÷³¸ﬁﬂ‰ˆƒ‹›¤√∂∑∏∆Ω≈≠≤≥◊]")
#: Share of control characters above which decoded bytes are called binary.
_BINARY_SHARE = 0.05

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
# Characters removed in normalisation: C0/C1 controls except tab and newline, soft hyphen, zero-width and BOM.
_DROP = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")  # controls except \t \n \f \r
_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")
_SPACES = re.compile(r"[^\S\n]+")  # any horizontal whitespace run (tab, NBSP, thin space, ...)
_EDGE_SPACES = re.compile(r" *\n *")
_BLANKS = re.compile(r"\n{3,}")
#: Whitespace other than a plain space and a newline (every character ``str.isspace`` accepts; a test checks).
_OTHER_SPACES = "\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
#: A character that _DROP removes or _SPACES rewrites: text without one of these and without a double space is
#: left unchanged by both.
_ODD = re.compile("[" + _DROP.pattern[1:-1] + _OTHER_SPACES + "]")


@dataclass
class Decoded:
    """The decoded text of some bytes, the encoding found, and notes for the build report (never silent)."""

    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


_fallbacks = threading.local()


def _cp1252_fallback(exc: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: decode one undecodable byte as Windows-1252 (Latin-1 for its 5 undefined bytes)."""
    bad = exc.object[exc.start:exc.start + 1]
    _fallbacks.count = getattr(_fallbacks, "count", 0) + 1
    try:
        return bad.decode("cp1252"), exc.start + 1
    except UnicodeDecodeError:
        return bad.decode("latin_1"), exc.start + 1


codecs.register_error("claimset_cp1252", _cp1252_fallback)


def _record_invalid(exc: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: note where an invalid sequence is (``_fallbacks.invalid``) and go on after it."""
    _fallbacks.invalid.append((exc.start, exc.end))
    return "", exc.end


codecs.register_error("claimset_record_invalid", _record_invalid)

#: How damaged UTF-8 begins when it is not a legacy letter: C2/C3 (the lead byte of ä, ö, ü, ß, §, °, «, NBSP,
#: ...) and E2 80/E2 82 (the first two bytes of „ “ – … €). A legacy reading makes Â, Ã, â€, â‚ of them, which
#: German text does not use; real Windows-1252 umlauts (E4 F6 FC DF C4 D6 DC) are other bytes.
_DAMAGED_UTF8 = re.compile(rb"[\xc2\xc3]|\xe2[\x80\x82]")


def _damaged_utf8(raw: bytes) -> list[tuple[int, int]]:
    """(start, end) byte spans of the invalid UTF-8 sequences in ``raw`` that look like damaged UTF-8 characters.

    Example: b"Kosten \\xc3(rund" is UTF-8 "Kosten ä(rund" with the second byte of "ä" lost; read as
    Windows-1252 it would silently become "Kosten Ã(rund". b"B\\xe4r" (Windows-1252 "Bär") is not listed.
    """
    _fallbacks.invalid = []
    raw.decode("utf-8", errors="claimset_record_invalid")
    return [(start, end) for start, end in _fallbacks.invalid if _DAMAGED_UTF8.match(raw, start, end)]


def _damaged_utf8_note(source: str, raw: bytes, encoding: str, damaged: list[tuple[int, int]]) -> str:
    """The build-report line for a file read in a legacy encoding although some bytes look like damaged UTF-8."""
    start, end = damaged[0]
    read_as = raw[start:end].decode(encoding, errors="replace")
    more = f" and {len(damaged) - 1} more such place(s)" if len(damaged) > 1 else ""
    return (f"{source}: invalid UTF-8 at byte {start} ({raw[start:end].hex(' ').upper()}) looks like a damaged "
            f"UTF-8 character{more}; the file was read as {encoding}, which gives {read_as!r} there: check the text")


def _binary_kind(raw: bytes) -> str | None:
    for magic, kind in _MAGIC.items():
        if raw.startswith(magic):
            return kind
    return None


def decode_bytes(raw: bytes, source: str) -> Decoded:
    """Decode ``raw`` to text, detecting the encoding; raise :class:`DocumentError` for unusable bytes.

    Order: byte-order mark (UTF-8, UTF-16, UTF-32) → UTF-16 without BOM (NUL in every other byte) → strict UTF-8 → UTF-8 with a truncated last character
    (kept, with a note) → UTF-8 mixed with single Windows-1252 bytes (kept, with a note) → the legacy
    single-byte encoding among :data:`_LEGACY` whose reading looks most like German text (:func:`_legacy_reading`;
    with a note naming the first invalid UTF-8 sequence that looks like a damaged UTF-8 character rather than a
    legacy one, if any).
    """
    if not raw:
        raise DocumentError(source, "empty", "file is empty")
    kind = _binary_kind(raw)
    if kind:
        raise DocumentError(source, "binary", f"binary data ({kind}), not text")
    notes: list[str] = []
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return _checked(Decoded(raw.decode(enc), enc.replace("-sig", " with BOM")), source)
            except UnicodeDecodeError as exc:
                raise DocumentError(source, "invalid_encoding",
                                    f"starts with a {enc} byte-order mark but is not valid {enc} at byte {exc.start}") from None
    utf16 = _utf16_without_bom(raw)
    if utf16:
        try:
            return _checked(Decoded(raw.decode(utf16), f"{utf16} (no BOM)"), source)
        except UnicodeDecodeError:
            pass
    padding = len(raw) - len(raw.rstrip(b"\x00"))
    if 0 < padding < len(raw):  # a preallocated or cut-off download: NUL bytes after the text
        raw = raw[:-padding]
        notes.append(f"{source}: {padding} NUL byte(s) of padding at the end dropped")
    try:
        return _checked(Decoded(raw.decode("utf-8"), "utf-8", notes), source, utf8=raw)
    except UnicodeDecodeError as exc:
        first_error = exc
    # A multi-byte character cut off at the very end: the file was truncated. Keep the rest.
    if first_error.end == len(raw) and first_error.reason == "unexpected end of data":
        text = raw[:first_error.start].decode("utf-8", errors="strict") if _valid_utf8(raw[:first_error.start]) else None
        if text is not None:
            notes.append(f"{source}: truncated UTF-8: incomplete last character "
                         f"({len(raw) - first_error.start} byte(s) at byte {first_error.start}) dropped")
            return _checked(Decoded(text, "utf-8 (truncated)", notes), source)
    if _has_utf8_multibyte(raw):
        # Valid UTF-8 sequences and stray legacy bytes in one file: decode each stray byte as Windows-1252.
        _fallbacks.count = 0
        text = raw.decode("utf-8", errors="claimset_cp1252")
        bad = _fallbacks.count
        notes.append(f"{source}: mixed encodings: UTF-8 with {bad} Windows-1252 byte(s) "
                     f"(first at byte {first_error.start}); those decoded as Windows-1252")
        return _checked(Decoded(text, "utf-8+cp1252", notes), source)
    encoding, text = _legacy_reading(raw)
    decoded = _checked(Decoded(text, encoding, notes), source)  # binary data is refused before the scan below
    damaged = _damaged_utf8(raw)
    if damaged:  # kept (the rest of the text is right, and real Windows-1252 text may hold such bytes), with a note
        decoded.notes.append(_damaged_utf8_note(source, raw, encoding, damaged))
    return decoded


def _legacy_reading(raw: bytes) -> tuple[str, str]:
    """``(encoding, text)``: the reading of ``raw`` among :data:`_LEGACY` with the most German letters and marks
    less unlikely characters (:data:`_GERMAN_MARKS`, :data:`_UNLIKELY`); on a tie the first in the list.

    Example: Windows-1252 "Öffentliche Ausschreibung für Straßenbau in München" read as Mac Roman would be
    "÷ffentliche Ausschreibung f¸r Straﬂenbau in M¸nchen" (four unlikely characters, no German letter). The
    marks decide for text without umlauts: Windows-1252 "„Wir machen weiter“" read as cp850 is "äWir machen
    weiterô" (one German letter against two marks).
    Latin-1 decodes any bytes, so there is always a reading.
    """
    best: tuple[int, str, str] | None = None
    for encoding in _LEGACY:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:  # Windows-1252 leaves five bytes undefined
            continue
        score = len(_GERMAN_MARKS.findall(text)) - len(_UNLIKELY.findall(text))
        if best is None or score > best[0]:
            best = (score, encoding, text)
    assert best is not None  # latin_1 decodes every byte
    return best[1], best[2]


def _utf16_without_bom(raw: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` if most odd (even) bytes are NUL, as in UTF-16 Latin text without a BOM."""
    sample = raw[:4000]
    if len(sample) < 4 or len(sample) % 2 or b"\x00" not in sample:
        return None
    half = len(sample) // 2
    if sample[1::2].count(0) > 0.7 * half and sample[0::2].count(0) < 0.1 * half:
        return "utf-16-le"
    if sample[0::2].count(0) > 0.7 * half and sample[1::2].count(0) < 0.1 * half:
        return "utf-16-be"
    return None


def _valid_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_UTF8_MULTI = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def _has_utf8_multibyte(raw: bytes) -> bool:
    """True if ``raw`` holds at least one well-formed multi-byte UTF-8 sequence (a sign of UTF-8 text)."""
    for m in _UTF8_MULTI.finditer(raw):
        try:
            m.group().decode("utf-8")
            return True
        except UnicodeDecodeError:
            continue
    return False


#: UTF-8 bytes of C0 controls (except \t \n \f \r) and DEL: deleting them shows whether a file has any.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")  # C1 controls in UTF-8
#: The UTF-8 bytes of the characters a mojibake sequence starts with (Ã, Â, â: C3 83, C3 82, C3 A2).
_MOJIBAKE_LEADS_UTF8 = re.compile(rb"\xc3[\x82\x83\xa2]")


def _plain_utf8(raw: bytes) -> bool:
    """True if UTF-8 ``raw`` decodes to text without control characters, U+FFFD or a mojibake lead character,
    so :func:`_checked` has nothing to do (tested on bytes: much faster than scanning the text)."""
    return (len(raw.translate(None, _CONTROL_BYTES)) == len(raw) and b"\xef\xbf\xbd" not in raw
            and _MOJIBAKE_LEADS_UTF8.search(raw) is None
            and (b"\xc2" not in raw or _C1_UTF8.search(raw) is None))


def _checked(decoded: Decoded, source: str, utf8: bytes | None = None) -> Decoded:
    """Refuse text that is mostly control characters (binary data that happened to decode); repair mojibake.

    Mojibake is UTF-8 that was once decoded as Windows-1252 ("BÃ¼rger" for "Bürger"); ftfy's
    ``fix_encoding`` undoes it, and the repair is noted for the build report. ``utf8``: the bytes the text
    was decoded from as UTF-8, if so (for a faster test that there is nothing to do).
    """
    text = decoded.text
    if utf8 is not None and _plain_utf8(utf8):
        return decoded
    if _MOJIBAKE.search(text) and ftfy.badness.is_bad(text):
        fixed = ftfy.fix_encoding(text)
        if fixed != text:
            decoded.notes.append(f"{source}: mojibake (UTF-8 read as Windows-1252) repaired")
            decoded.text = text = fixed
    if text:
        controls = len(_CONTROLS.findall(text))
        if controls / len(text) > _BINARY_SHARE:
            raise DocumentError(source, "binary",
                                f"binary data, not text ({controls} of {len(text)} characters are control characters)")
    return decoded


def normalise(text: str, *, plain: bool = False) -> str:
    """Normalised raw text: LF line ends, NFC, no control or zero-width characters, plain spaces, trimmed lines.

    Horizontal whitespace runs (tabs, no-break and thin spaces) become one space, every line is stripped,
    runs of blank lines become one blank line, and the whole text is stripped.
    Speed: each step runs only when a cheap test shows it would change the text (same result).
    ``plain=True`` promises that ``text`` holds no character :data:`_ODD` matches (e.g. pieces of normalised
    text joined with placeholders), so that test is left out.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)  # returns the text itself when it is already NFC (quick check)
    if "  " in text or (not plain and _ODD.search(text) is not None):
        text = _DROP.sub("", text)
        text = _SPACES.sub(" ", text)
        text = unicodedata.normalize("NFC", text)  # a dropped zero-width character may have parted letter and accent
    if " \n" in text or "\n " in text:
        text = _EDGE_SPACES.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANKS.sub("\n\n", text)
    return text.strip()
