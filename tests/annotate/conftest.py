"""Fixtures of the annotate tests: articles built from hand-written German text (never seed sentences)."""

import pytest

from builder.annotate import annotate
from builder.ingest import article_from_text


@pytest.fixture
def annotated():
    """Annotate a text (optionally with an outlet) and return the Document."""

    def run(text: str, outlet: str | None = None):
        return annotate(article_from_text(text, "test.txt", outlet=outlet))

    return run
