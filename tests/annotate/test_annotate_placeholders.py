"""Redaction placeholders written by cleaning are never taken for actors."""

from __future__ import annotations

from builder.annotate import annotate
from builder.ingest import article_from_text, placeholders


def test_annotate_placeholders_are_not_mentions():
    text = ("Spenden bitte an DE89 3704 0044 0532 0130 00 oder per Mail an max.muster@example.org, "
            "sagte der Vereinsvorsitzende Peter Schulz. Auch die SPD rief zu Spenden auf.")
    doc = annotate(article_from_text(text, "spende.txt"))
    assert "[IBAN]" in doc.article.text and "[EMAIL]" in doc.article.text
    names = {m.text for m in doc.mentions}
    assert not names & {p.strip("[]") for p in placeholders()}
    assert {"Peter Schulz", "SPD"} <= names
