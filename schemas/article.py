"""An article as it enters the dataset: cleaned text, where it came from, and what cleaning did."""

from __future__ import annotations

import hashlib

from pydantic import Field, model_validator

from schemas.base import Record


def article_id_for(source_id: str | None, raw: bytes) -> str:
    """The stable id of an article: from the id its source gives, else from its raw bytes.

    Never from the cleaned text, so better cleaning never changes an id and human work stays attached.
    """
    if source_id:
        digest = hashlib.sha256(b"id:" + source_id.encode("utf-8")).hexdigest()
    else:
        digest = hashlib.sha256(raw).hexdigest()
    return f"art_{digest[:16]}"


class Sentence(Record):
    """A sentence as ``[start, end)`` offsets into the cleaned text."""

    start: int = Field(ge=0, description="Start offset of the sentence in the cleaned text.")
    end: int = Field(ge=0, description="End offset (exclusive) of the sentence in the cleaned text.")


class Removal(Record):
    """Something cleaning took out of the raw text or replaced (boilerplate, personal data)."""

    start: int = Field(ge=0, description="Start offset in the normalised raw text.")
    end: int = Field(ge=0, description="End offset (exclusive) in the normalised raw text.")
    rule: str = Field(description="Cleaning rule as name@version.")
    reason: str = Field(description="Why it was removed, e.g. 'boilerplate:breadcrumb' or 'pii:iban'.")
    replacement: str = Field(default="", description="What stands in its place in the cleaned text ('' or a placeholder such as [IBAN]).")


class Article(Record):
    """One news article after reading and cleaning."""

    article_id: str = Field(description="Stable id: hash of the source's id, else of the raw bytes.")
    source_file: str = Field(description="Path of the file the article was read from, relative to the input folder.")
    source_id: str | None = Field(default=None, description="The id the source gave the article (JSONL 'id'), if any.")
    title: str | None = Field(default=None, description="Headline, when one was found.")
    url: str | None = Field(default=None, description="Address of the article, when known.")
    outlet: str | None = Field(default=None, description="Outlet that published the article, when known.")
    published: str | None = Field(
        default=None, description="Publication date as ISO 8601 at its known precision: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    language: str = Field(default="de", description="ISO 639-1 language code of the text.")
    text: str = Field(description="The cleaned text; every offset in the dataset refers to it.")
    raw_sha256: str = Field(description="sha256 of the raw bytes of the source (file or JSONL line).")
    text_sha256: str = Field(description="sha256 of the cleaned text (UTF-8).")
    sentences: list[Sentence] = Field(default_factory=list, description="Sentence boundaries in the cleaned text.")
    removals: list[Removal] = Field(default_factory=list, description="What cleaning removed or redacted, with the rule.")

    @model_validator(mode="before")
    @classmethod
    def _fill_hash(cls, data: object) -> object:
        if isinstance(data, dict) and not data.get("text_sha256") and isinstance(data.get("text"), str):
            data = dict(data)
            data["text_sha256"] = hashlib.sha256(data["text"].encode("utf-8")).hexdigest()
        return data

    @model_validator(mode="after")
    def _check(self) -> "Article":
        n = len(self.text)
        for s in self.sentences:
            if not 0 <= s.start < s.end <= n:
                raise ValueError(f"sentence [{s.start}, {s.end}) lies outside the text of {n} characters")
        if self.text_sha256 != hashlib.sha256(self.text.encode("utf-8")).hexdigest():
            raise ValueError("text_sha256 does not match the text")
        return self
