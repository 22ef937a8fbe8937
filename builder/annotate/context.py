"""The state labeling functions share while one article is annotated: text, sentences and earlier layers."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from schemas import Article

#: Characters that may stand before the first word of a sentence without making it non-initial.
_LEAD = " \t\n„“\"»«‚'(–—-•*·>"


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
