"""The state labeling functions share while one article is annotated: text, sentences and earlier layers."""

from __future__ import annotations

import bisect
import re
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


def is_word_char(ch: str) -> bool:
    r"""True for a character of ``[\w-]`` (a word character of ``re`` or a hyphen)."""
    return ch.isalnum() or ch == "_" or ch == "-"


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

    def cap_words(self) -> set[str]:
        """The distinct capitalised words (:data:`CAP_WORD`) of the article, found by one scan and kept.

        Labeling functions test these few words (with per-word caches) instead of scanning the whole text with
        their own patterns, and look up the offsets of the words that pass with :meth:`cap_starts`.
        """
        words = self.cache.get("cap_words")
        if words is None:
            words = self.cache["cap_words"] = set(CAP_WORD.findall(self.text))
        return words

    def cap_starts(self, word: str) -> list[int]:
        r"""Offsets (ascending) where ``word`` of :meth:`cap_words` stands as a whole capitalised word: no
        ``[\w-]`` character before or after it."""
        index = self.cache.setdefault("cap_starts", {})
        found = index.get(word)
        if found is None:
            text, n, size = self.text, len(word), len(self.text)
            found = []
            i = text.find(word)
            while i >= 0:
                if (i == 0 or not is_word_char(text[i - 1])) and (i + n == size or not is_word_char(text[i + n])):
                    found.append(i)
                i = text.find(word, i + 1)
            index[word] = found
        return found

    def chunks(self) -> set[str]:
        """The distinct white-space-delimited chunks of the article (``str.split``), found once and kept."""
        found = self.cache.get("chunks")
        if found is None:
            found = self.cache["chunks"] = set(self.text.split())
        return found

    def chunk_starts(self, chunk: str) -> list[int]:
        """Offsets (ascending) where ``chunk`` of :meth:`chunks` stands as a whole chunk: white space or the
        text's edge on both sides."""
        index = self.cache.setdefault("chunk_starts", {})
        found = index.get(chunk)
        if found is None:
            text, n, size = self.text, len(chunk), len(self.text)
            found = []
            i = text.find(chunk)
            while i >= 0:
                if (i == 0 or text[i - 1].isspace()) and (i + n == size or text[i + n].isspace()):
                    found.append(i)
                i = text.find(chunk, i + 1)
            index[chunk] = found
        return found

    def chunk_before(self, pos: int) -> tuple[int, int] | None:
        """``(start, end)`` of the chunk before the white space that ends at ``pos`` (None when no white space
        or no chunk stands there)."""
        text = self.text
        end = pos
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end == pos or end == 0:
            return None
        start = end
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        return start, end

    def sentence_of(self, pos: int) -> int:
        """Index of the sentence that holds offset ``pos`` (the one before it when ``pos`` is between)."""
        return max(0, bisect.bisect_right(self.starts, pos) - 1)

    def sentence_span(self, pos: int) -> tuple[int, int]:
        return self.spans[self.sentence_of(pos)]

    def is_initial(self, pos: int) -> bool:
        """True when only punctuation stands between the sentence start (or a colon) and ``pos``."""
        s, _ = self.sentence_span(pos)
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
