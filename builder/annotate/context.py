"""The state labeling functions share while one article is annotated: text, sentences and earlier layers."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from builder.annotate.lexicon import UPPER
from schemas import Article

#: Characters that may stand before the first word of a sentence without making it non-initial.
_LEAD = " \t\n„“\"»«‚'(–—-•*·>"

#: A capitalised word: an upper-case letter that no word character or hyphen precedes, and the word characters
#: and hyphens after it. Same matches as ``(?<![\w-])[UPPER][\w-]*``; with the letter first, ``re`` skips
#: ahead to candidate letters instead of trying the look-behind at every position.
CAP_WORD = re.compile(rf"[{UPPER}](?<![\w-].)[\w-]*")


def finditer_from(pattern: re.Pattern, text: str, starts: list[int]) -> Iterator[re.Match]:
    """``pattern.finditer(text)``, trying the pattern only at ``starts`` (ascending): the same matches whenever
    every match of the pattern starts at one of them and none is empty."""
    end = 0
    match = pattern.match
    for pos in starts:
        if pos >= end and (m := match(text, pos)):
            yield m
            end = m.end()  # not empty: the next match starts at or after its end


def find_all(text: str, sub: str) -> Iterator[int]:
    """Every offset where ``sub`` stands in ``text`` (overlapping occurrences included)."""
    i = text.find(sub)
    while i >= 0:
        yield i
        i = text.find(sub, i + 1)


_CHUNK_CAPS: dict[str, tuple[tuple[int, str], ...]] = {}


def chunk_cap_words(chunk: str) -> tuple[tuple[int, str], ...]:
    """``(offset, word)`` of the capitalised words (:data:`CAP_WORD`) in one chunk (kept by chunk): a text's
    capitalised words are those of its chunks, since white space stands before a chunk and none is inside."""
    found = _CHUNK_CAPS.get(chunk)
    if found is None:
        if len(_CHUNK_CAPS) >= 200_000:
            _CHUNK_CAPS.clear()
        # no upper-case letter: none of UPPER but "×" (U+00D7, in the range À-Þ) can stand in a lower-case chunk
        found = _CHUNK_CAPS[chunk] = () if chunk.islower() and "\u00d7" not in chunk else \
            tuple((m.start(), m.group()) for m in CAP_WORD.finditer(chunk))
    return found


@dataclass
class Context:
    """One article under annotation; ``cache`` keeps results that several functions reuse."""

    article: Article
    text: str = ""
    spans: list[tuple[int, int]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, article: Article) -> "Context":
        spans = [(s.start, s.end) for s in article.sentences] or [(0, len(article.text))]
        return cls(article=article, text=article.text, spans=spans, starts=[s for s, _ in spans])

    def chunk_before(self, pos: int) -> tuple[int, int] | None:
        """``(start, end)`` of the chunk before the white space that ends at ``pos`` (None when no white space
        or no chunk stands there)."""
        text = self.text
        end = pos
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end == pos or end == 0:
            return None
        # after the last space or line break before ``end``, when no other white space is in between
        space = text.rfind(" ", 0, end)
        start = max(space, text.rfind("\n", space + 1, end)) + 1
        piece = text[start:end].split()
        if len(piece) == 1 and len(piece[0]) == end - start:
            return start, end
        start = end
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        return start, end

    def chunk_list(self) -> list[str]:
        """The article's chunks in text order (``str.split``: the runs of non-white-space characters), computed
        once."""
        chunks = self.cache.get("chunk_list")
        if chunks is None:
            chunks = self.cache["chunk_list"] = self.text.split()
        return chunks

    def distinct_chunks(self) -> set[str]:
        """The article's distinct chunks (:meth:`chunk_list`), computed once (do not modify the set)."""
        found = self.cache.get("chunks")
        if found is None:
            found = self.cache["chunks"] = set(self.chunk_list())
        return found

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence that holds offset ``pos`` (the one before it when ``pos`` is between)."""
        i = bisect_right(self.starts, pos)
        return i - 1 if i else 0

    def sentence_span(self, pos: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence :meth:`sentence_of` gives."""
        i = bisect_right(self.starts, pos)
        return self.spans[i - 1 if i else 0]

    def is_initial(self, pos: int) -> bool:
        """True when only punctuation stands between the sentence start (or a colon) and ``pos``."""
        i = bisect_right(self.starts, pos)
        s = self.spans[i - 1 if i else 0][0]
        text = self.text
        i = pos - 1
        while i >= s:  # backwards: mostly a word ends one or two characters before ``pos``
            ch = text[i]
            if ch == ":" or ch == "\n":
                return True
            if ch not in _LEAD:
                return False
            i -= 1
        return True
