"""Pre-annotation: labeling functions that suggest actor mentions, claims and stances.

FIRST PASS (to be replaced by the pre-annotation issue): direct quotes only.
The public entry points stay: :func:`annotate` and :data:`RULES_VERSION`.
"""

from __future__ import annotations

import re

from builder.document import Document
from schemas import Article, Claim, predicted

#: Version of the rule set as a whole; Label Studio predictions carry it as ``model_version``.
RULES_VERSION = "rules-0.1.0"

_QUOTE = re.compile(r"„([^“”„]{3,}?)[“”]")


def annotate(article: Article) -> Document:
    """Run every labeling function over one article and return the predicted records."""
    doc = Document(article=article)
    for m in _QUOTE.finditer(article.text):
        doc.claims.append(Claim(
            article_id=article.article_id, start=m.start(1), end=m.end(1), text=m.group(1),
            kind="direct_quote", provenance=predicted("direct_quote@1", 0.9),
        ))
    return doc
