"""Reading articles: files → decoded, normalised, cleaned, sentence-split :class:`schemas.Article` records.

Public entry points (the pipeline and ``claimset annotate`` call them):

- :func:`read_articles` — every usable article under ``config.input``; bad inputs become skips in the report.
- :func:`article_from_text` — one article from raw bytes or text; raises :class:`DocumentError` if unusable.
- :func:`split_sentences` — the German sentence splitter (SoMaJo plus post-rules).
- :func:`placeholders` — the typed placeholders redaction writes into the text (``[IBAN]``, ``[EMAIL]``, ...).
- :func:`warm_up` — load the cleaning rules and the sentence splitter once (e.g. before forking workers).

Cleaning order: decode (``encoding``) → normalise → header (``metadata``) → boilerplate lines
(``boilerplate``) → personal data in the kept text (``personal_data``) → metadata → sentences. Every removal
and redaction is recorded in ``Article.removals`` with its span in the normalised raw text. Personal data found
inside a removed boilerplate block is recorded too (nested in the block's span, replacement ``""``), so the
build report counts every IBAN, e-mail address or wallet the input held, not only those in kept text.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from builder.buildreport import BuildReport
from builder.config import BuildConfig
from builder.errors import DocumentError
from builder.ingest.boilerplate import Cut, find_boilerplate
from builder.ingest.encoding import _ODD, decode_bytes, normalise
from builder.ingest.metadata import detect_language, find_published, find_title, parse_date, read_header
from builder.ingest.personal_data import find_personal_data, placeholders
from builder.ingest.readers import SUFFIXES, RawRecord, extract_html, iter_files, read_file
from builder.ingest.sentences import split_sentences
from schemas import Article, article_id_for

__all__ = [
    "SUFFIXES", "Admission", "article_from_text", "clean_record", "iter_files", "iter_records", "placeholders",
    "read_articles", "source_name", "split_sentences", "warm_up",
]

HEADER_RULE = "text_header@1"


_UNTIDY = ("  ", " \n", "\n ", "\n\n\n")  # what normalise() tidies in text without odd characters


def _apply(text: str, cuts: list[Cut]) -> str:
    """Normalised ``text`` with the top-level (non-overlapping, sorted) cuts applied, then whitespace tidied.

    Speed: the pieces of ``text`` are tidy already, so when the joined text is NFC only the white space where
    pieces and replacements meet is tidied (the same result as normalising it).
    """
    parts, seams, pos, length = [], [], 0, 0
    for c in cuts:
        piece = text[pos:c.start]
        parts.append(piece)
        parts.append(c.replacement)
        length += len(piece)
        seams.append(length)
        length += len(c.replacement)
        seams.append(length)
        pos = c.end
    parts.append(text[pos:])
    joined = "".join(parts)
    # ``text`` is normalised, so it holds no character that normalising removes or rewrites; the replacements
    # (placeholders) are checked.
    replacements = [c.replacement for c in cuts if c.replacement]
    plain = not any(_ODD.search(r) for r in replacements)
    if plain and unicodedata.is_normalized("NFC", joined) and not any(u in r for r in replacements for u in _UNTIDY):
        return _tidy_seams(joined, seams)
    return normalise(joined, plain=plain)


def _tidy_seams(joined: str, seams: list[int]) -> str:
    """:func:`normalise` of ``joined`` when its only untidy white space touches the ``seams`` (and it is NFC
    and holds no odd characters): each run of spaces and line breaks at a seam becomes one space (no line
    break in it), else its line breaks, at most two."""
    out, last, n = [], 0, len(joined)
    for p in seams:
        if p < last:
            continue  # inside the run of the seam before
        a, b = p, p
        while a > last and joined[a - 1] in " \n":
            a -= 1
        while b < n and joined[b] in " \n":
            b += 1
        if b - a < 2:
            continue  # no run, or one space or line break: tidy
        breaks = joined.count("\n", a, b)
        out.append(joined[last:a])
        out.append(("\n\n" if breaks >= 3 else "\n" * breaks) if breaks else " ")
        last = b
    out.append(joined[last:])
    return "".join(out).strip()


def _kept(start: int, end: int, cuts: list[Cut]) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` outside the cuts (sorted, non-overlapping)."""
    spans, pos = [], start
    for c in cuts:
        if c.start > pos:
            spans.append((pos, c.start))
        pos = max(pos, c.end)
    if pos < end:
        spans.append((pos, end))
    return spans


def article_from_text(raw: bytes | str, source_file: str, source_id: str | None = None, clean: bool = True,
                      *, text: str | None = None, fmt: str = "txt", warnings: list[str] | None = None,
                      default_language: str = "de", **meta) -> Article:
    """Build one :class:`Article` from raw bytes (or already-decoded text) and optional metadata.

    Args:
        raw: the file's (or JSONL line's) bytes, or text. The article id and ``raw_sha256`` come from these.
        source_file: name used in messages and stored in the article (``file`` or ``file:line``).
        source_id: the id the source gives the article (JSONL ``id``), if any.
        text: the article text when ``raw`` is a container of it (a JSONL line); ``raw`` then only gives the
            id and hash.
        clean: remove boilerplate and redact personal data (``False``: only decode and normalise).
        fmt: ``txt`` (a leading header such as ``date 2025-02`` is metadata), ``jsonl`` or ``html``.
        warnings: list that receives notes for the build report (truncated or mixed encodings, ...).
        default_language: language assumed when the text is too short to recognise one.
        **meta: ``title``, ``url``, ``outlet``, ``published`` given by the source; they win over what the
            text says. Unknown keys are ignored.

    Raises:
        DocumentError: the input is empty, binary, has no article text, or cannot be decoded.
    """
    notes = warnings if warnings is not None else []
    raw_bytes = raw.encode("utf-8") if isinstance(raw, str) else raw
    if text is None and isinstance(raw, str):
        text = raw
    if text is not None:
        if not text:
            raise DocumentError(source_file, "empty", "text is empty")
    else:
        decoded = decode_bytes(raw, source_file)
        notes.extend(decoded.notes)
        text = decoded.text
    meta = {k: v for k, v in meta.items() if k in ("title", "url", "outlet", "published") and v not in (None, "")}
    if fmt == "html":
        text, html_meta = extract_html(text, source_file)
        meta = {**html_meta, **meta}
    norm = normalise(text)
    if not norm:
        raise DocumentError(source_file, "empty", "file has only whitespace" if fmt != "jsonl" else "'text' has only whitespace")

    # Removals and sentences go into the Article as dicts: pydantic validates them there in one pass (faster
    # than one model call each; the same records).
    removals: list[dict] = []
    body_start = 0
    if fmt == "txt":
        header = read_header(norm)
        if header.end:
            removals.append({"start": 0, "end": header.end, "rule": HEADER_RULE, "reason": "metadata:header"})
            body_start = header.end
            meta = {**header.fields, **meta}
    cuts: list[Cut] = [Cut(0, body_start, HEADER_RULE, "metadata:header")] if body_start else []
    if clean:
        body = norm[body_start:]
        boiler = [Cut(c.start + body_start, c.end + body_start, c.rule, c.reason) for c in find_boilerplate(body, normalised=True)]
        kept = _kept(body_start, len(norm), boiler)
        scans: dict[str, list[int]] = {}  # the finders' scans of norm, shared by the two calls
        pii = find_personal_data(norm, kept, scans=scans)
        nested = find_personal_data(norm, [(c.start, c.end) for c in boiler], scans=scans)
        cuts = sorted(cuts + boiler + pii, key=lambda c: c.start)
        removals += [{"start": c.start, "end": c.end, "rule": c.rule, "reason": c.reason, "replacement": c.replacement}
                     for c in sorted(boiler + pii + nested, key=lambda c: (c.start, -c.end))]
    cleaned = _apply(norm, cuts)
    if not cleaned:
        raise DocumentError(source_file, "no_text", "no article text left after removing boilerplate")

    title = meta.get("title") or find_title(cleaned)
    published = None
    if meta.get("published"):
        published = parse_date(str(meta["published"])[:10]) or parse_date(str(meta["published"]))
        if published is None:
            notes.append(f"{source_file}: published date {meta['published']!r} not understood; left empty")
    # The dateline may be a removed boilerplate line, so the date is looked for in the text before cleaning.
    published = published or find_published(norm[body_start:])
    language = detect_language(cleaned)
    if language == "und":
        notes.append(f"{source_file}: language not recognised (too few words or function words); "
                     f"assumed '{default_language}'")
        language = default_language
    sentences = [{"start": s, "end": e} for s, e in split_sentences(cleaned)]
    return Article(
        article_id=article_id_for(source_id, raw_bytes), source_file=source_file, source_id=source_id,
        title=title, url=meta.get("url"), outlet=meta.get("outlet"), published=published, language=language,
        text=cleaned, raw_sha256=hashlib.sha256(raw_bytes).hexdigest(), sentences=sentences, removals=removals,
    )


def _article(record: RawRecord, config: BuildConfig, notes: list[str]) -> Article:
    meta = dict(record.meta)
    if config.outlet and not meta.get("outlet"):
        meta["outlet"] = config.outlet
    return article_from_text(record.raw, record.source, record.source_id, clean=config.clean, text=record.text,
                             fmt=record.fmt, warnings=notes, default_language=config.languages[0], **meta)


def source_name(root: Path, path: Path) -> str:
    """The name messages and records give a file found under the input ``root`` (a folder or the file itself)."""
    return path.relative_to(root).as_posix() if path != root else path.name


def iter_records(config: BuildConfig, report: BuildReport) -> Iterator[RawRecord]:
    """Raw records of every article file under ``config.input``, in path then line order (the reading stage).

    Unreadable parts become skips in ``report``. Raises :class:`InputError` for a missing or empty input folder.
    """
    root = Path(config.input)
    for path in iter_files(root):
        for item in read_file(path, source_name(root, path), config.max_file_bytes):
            if isinstance(item, DocumentError):
                report.skip(item)
            else:
                yield item


def clean_record(record: RawRecord, config: BuildConfig) -> tuple[Article | DocumentError, list[str]]:
    """Decode, clean, redact and split one record (the cleaning stage; pure, so it runs in worker processes).

    Returns the article, or the :class:`DocumentError` saying why the record is unusable, and the notes
    (encoding warnings) for the build report.
    """
    notes: list[str] = []
    try:
        return _article(record, config, notes), notes
    except DocumentError as err:
        return err, notes


class Admission:
    """The checks that need the whole corpus so far (main process, input order): language, duplicate ids and
    the same cleaned text under a second name. Admitted articles have their removals counted in the report."""

    def __init__(self, config: BuildConfig, report: BuildReport) -> None:
        self.languages = config.languages
        self.report = report
        self.seen_ids: dict[str, str] = {}
        self.seen_texts: dict[str, str] = {}

    def admit(self, article: Article | DocumentError, notes: list[str], source: str) -> bool:
        """Whether the cleaned record joins the corpus; if not, the reason is a skip in the report."""
        report = self.report
        report.warnings.extend(notes)
        if isinstance(article, DocumentError):
            report.skip(article)
            return False
        if article.language not in self.languages:
            report.skip(DocumentError(source, "language",
                                      f"language is '{article.language}', not one of the configured "
                                      f"languages ({', '.join(self.languages)})"))
            return False
        first_id = self.seen_ids.get(article.article_id)
        first_text = self.seen_texts.get(article.text_sha256)
        if first_id is not None and (article.source_id or first_text is None):
            what = f"id '{article.source_id}'" if article.source_id else "raw bytes"
            report.skip(DocumentError(source, "duplicate_id", f"same {what} as {first_id}; first one kept"))
            return False
        if first_text is not None:
            report.skip(DocumentError(source, "duplicate_text",
                                      f"same article text as {first_text} (same cleaned-text hash); first one kept"))
            return False
        self.seen_ids[article.article_id] = source
        self.seen_texts[article.text_sha256] = source
        report.count_removals(article.removals)
        return True


def read_articles(config: BuildConfig, report: BuildReport) -> Iterator[Article]:
    """Every usable article under ``config.input`` in path order (then line order); skips go into ``report``.

    Skipped with a reason naming the file (and line for JSONL): empty, whitespace-only, binary, too large,
    undecodable, HTML without article text, broken JSONL lines, duplicate ids and the same cleaned text under a
    second name (the reason names the first), and languages not in ``config.languages``. Removals of every
    article yielded are counted in the report. One process; :func:`builder.pipeline.predict` runs the same
    stages (:func:`iter_records`, :func:`clean_record`, :class:`Admission`) with the cleaning in workers.

    Raises:
        InputError: the input folder is missing or holds no article files.
    """
    admission = Admission(config, report)
    for record in iter_records(config, report):
        article, notes = clean_record(record, config)
        if admission.admit(article, notes, record.source):
            yield article


def warm_up() -> None:
    """Load the cleaning rules, language data and the sentence splitter (SoMaJo and its lists) now, once.

    Call it in the parent process before forking workers, so they share the loaded data copy-on-write.
    Idempotent and cheap when done.
    """
    text = ("Berlin, 3. März 2025. Der Rat tagte am Montag. Er beschloss u. a. den Haushalt für das Jahr 2026 und "
            "vertagte die Sitzung. Kontakt: redaktion@example.org")
    article_from_text(text, "warm-up")
    split_sentences(text, splitter="somajo")
