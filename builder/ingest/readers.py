"""Input formats: which files are articles, and how a file becomes raw records (.txt, .jsonl, .html).

A reader yields :class:`RawRecord` objects: the raw bytes (for the article id and hash), where they came from,
and what the format itself says about the article. Cleaning happens later, the same way for every format.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from builder.errors import DocumentError, InputError

SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
#: JSONL fields copied into the article (``date`` is accepted for ``published``).
JSONL_FIELDS = ("title", "url", "outlet", "published")
#: An HTML page whose extracted main text has fewer words than this has no article (only menus, link labels).
HTML_MIN_WORDS = 10


@dataclass
class RawRecord:
    """One article as read: raw bytes or text, its source name, and metadata from the format."""

    raw: bytes | str
    source: str
    source_id: str | None = None
    fmt: str = "txt"  # txt | jsonl | html
    meta: dict[str, str] = field(default_factory=dict)
    text: str | None = None  # the article text when the format wraps it (JSONL 'text'); else decoded from raw


def iter_files(root: Path) -> list[Path]:
    """Every file under ``root`` (a folder or one file), sorted by path; hidden files and folders left out.

    Raises :class:`InputError` for a missing input or a folder without article files.
    """
    if not root.exists():
        raise InputError(f"{root}: input folder not found")
    if root.is_file():
        if root.suffix.lower() not in SUFFIXES:
            raise InputError(f"{root}: not an article file (expected {', '.join(SUFFIXES)})")
        return [root]
    files = sorted(p for p in root.rglob("*")
                   if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts))
    if not any(p.suffix.lower() in SUFFIXES for p in files):
        raise InputError(f"{root}: no article files ({', '.join(SUFFIXES)}) found")
    return files


def read_file(path: Path, name: str, max_bytes: int) -> Iterator[RawRecord | DocumentError]:
    """Raw records of one file, or a :class:`DocumentError` for each part that cannot be read.

    Errors are yielded, not raised, so one broken JSONL line does not stop the lines after it.
    """
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield DocumentError(name, "unsupported_type", f"not an article file type ({suffix or 'no suffix'}); "
                                                      f"expected {', '.join(SUFFIXES)}")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield DocumentError(name, "too_large", f"file has {size:,} bytes, over the limit of {max_bytes:,} "
                                                   f"(max_file_bytes)")
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield DocumentError(name, "unreadable", f"cannot read file: {exc.strerror or exc}")
        return
    if suffix == ".jsonl":
        yield from read_jsonl(raw, name)
    elif suffix in (".html", ".htm"):
        yield RawRecord(raw, name, fmt="html")
    else:
        yield RawRecord(raw, name, fmt="txt")


def _jsonl_lines(raw: bytes) -> list[bytes]:
    """The lines of a JSONL file as UTF-8 bytes; a UTF-16/32 file (with BOM) is re-encoded first."""
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            try:
                raw = raw.decode(enc).encode("utf-8")
            except UnicodeDecodeError:
                pass  # left as is: every line will be reported as not valid JSON
            break
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    return raw.split(b"\n")


def read_jsonl(raw: bytes, name: str) -> Iterator[RawRecord | DocumentError]:
    """One record per non-blank line ``{"id", "text", optional "title", "url", "outlet", "published"}``."""
    if not raw.strip():
        yield DocumentError(name, "empty", "file is empty" if not raw else "file has only whitespace")
        return
    for lineno, line in enumerate(_jsonl_lines(raw), 1):
        line = line.rstrip(b"\r")
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            obj = json.loads(line)
        except UnicodeDecodeError as exc:
            yield DocumentError(where, "broken_jsonl", f"line {lineno} is not UTF-8 ({exc.reason} at byte {exc.start})")
            continue
        except ValueError as exc:
            yield DocumentError(where, "broken_jsonl", f"line {lineno} is not valid JSON: {str(exc).split(':')[0]}")
            continue
        if not isinstance(obj, dict):
            yield DocumentError(where, "broken_jsonl", f"line {lineno} is not a JSON object")
            continue
        text = obj.get("text")
        if not isinstance(text, str):
            yield DocumentError(where, "broken_jsonl", f"line {lineno} has no 'text' string")
            continue
        raw_id = obj.get("id")
        if raw_id is not None and not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool):
            yield DocumentError(where, "broken_jsonl", f"line {lineno}: 'id' must be a string or integer")
            continue
        meta = {k: str(obj[k]) for k in JSONL_FIELDS if obj.get(k) not in (None, "")}
        if "published" not in meta and obj.get("date"):
            meta["published"] = str(obj["date"])
        source_id = str(raw_id) if raw_id not in (None, "") else None
        yield RawRecord(line, where, source_id=source_id, fmt="jsonl", meta=meta, text=text)


def extract_html(html: str, source: str) -> tuple[str, dict[str, str]]:
    """Main text and metadata of a news page, by trafilatura (no network); raises ``no_text`` if there is none."""
    import trafilatura  # noqa: PLC0415 (slow import, only when HTML is read)

    try:
        doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                          favor_precision=True)
    except Exception as exc:  # noqa: BLE001 (a parser failure on one page must not end the build)
        raise DocumentError(source, "bad_html", f"HTML cannot be parsed: {type(exc).__name__}: {exc}") from None
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < HTML_MIN_WORDS:
        raise DocumentError(source, "no_text", "HTML page has no article text")
    meta = {}
    for key, attr in (("title", "title"), ("url", "url"), ("outlet", "sitename"), ("published", "date")):
        value = getattr(doc, attr, None)
        if value:
            meta[key] = str(value)
    site = meta.get("outlet")
    if site and "title" in meta:
        # "Hafen bekommt neues Terminal | Nordkurier" → "Hafen bekommt neues Terminal"
        meta["title"] = re.sub(rf"\s+[|–—:-]\s+{re.escape(site)}\s*$", "", meta["title"]) or meta["title"]
    return text, meta
