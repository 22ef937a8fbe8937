"""Reading articles: files → decoded, normalised, cleaned, sentence-split :class:`schemas.Article` records.

FIRST PASS (to be replaced by the ingestion issue): .txt and .jsonl, UTF-8 only, no boilerplate removal.
The public entry points and their signatures stay: :func:`read_articles` and :func:`article_from_text`.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from builder.buildreport import BuildReport
from builder.config import BuildConfig
from builder.errors import DocumentError, InputError
from schemas import Article, Sentence, article_id_for

SUFFIXES = (".txt", ".jsonl", ".html", ".htm")
_SENT = re.compile(r"[^\n.!?]+(?:[.!?]+[\"“”»«]?|$)", re.M)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries as (start, end) offsets, whitespace trimmed."""
    spans = []
    for m in _SENT.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def article_from_text(raw: bytes | str, source_file: str, source_id: str | None = None,
                      clean: bool = True, **meta) -> Article:
    """Build one Article from raw bytes (or already-decoded text) and optional metadata."""
    raw_bytes = raw.encode("utf-8") if isinstance(raw, str) else raw
    if isinstance(raw, str):
        text = raw
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DocumentError(source_file, "invalid_encoding", f"not valid UTF-8 at byte {exc.start}") from None
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\x00", "")).strip()
    if not text:
        raise DocumentError(source_file, "empty", "no text")
    sentences = [Sentence(start=s, end=e) for s, e in split_sentences(text)]
    return Article(
        article_id=article_id_for(source_id, raw_bytes), source_file=source_file, source_id=source_id,
        text=text, raw_sha256=hashlib.sha256(raw_bytes).hexdigest(), sentences=sentences,
        **{k: v for k, v in meta.items() if v is not None},
    )


def iter_files(root: Path) -> list[Path]:
    """The article files under ``root`` (a folder or one file), sorted by path."""
    if not root.exists():
        raise InputError(f"{root}: input folder not found")
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise InputError(f"{root}: no article files ({', '.join(SUFFIXES)}) found")
    return files


def read_articles(config: BuildConfig, report: BuildReport) -> Iterator[Article]:
    """Every usable article under ``config.input``, in path order; skips go into ``report``."""
    root = config.input
    for path in iter_files(root):
        name = str(path.relative_to(root)) if path != root else path.name
        try:
            if path.suffix.lower() == ".jsonl":
                for lineno, line in enumerate(path.read_bytes().splitlines(), 1):
                    if not line.strip():
                        continue
                    where = f"{name}:{lineno}"
                    try:
                        obj = json.loads(line)
                        yield article_from_text(obj["text"], name, str(obj["id"]), clean=config.clean)
                    except (ValueError, KeyError, TypeError):
                        report.skip(DocumentError(where, "broken_jsonl", "not a JSON object with 'id' and 'text'"))
                    except DocumentError as err:
                        report.skip(DocumentError(where, err.reason, err.detail))
            else:
                yield article_from_text(path.read_bytes(), name, clean=config.clean)
        except DocumentError as err:
            report.skip(err)
