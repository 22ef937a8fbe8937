"""Fixtures for the Label Studio converters: tiny hand-built documents (no server)."""

from __future__ import annotations

import pytest

from builder.document import Document
from claimset_testing import make_doc

#: German text with characters outside the Basic Multilingual Plane before and inside the spans.
EMOJI_TEXT = ("🇩🇪 Olaf Scholz sagte, die Lage sei ernst 😟. "
              "Laut Kreml gibt es keine Einigung. Der Kanzler betonte, man brauche einen Waffenstillstand.")


def emoji_doc() -> Document:
    """Three mentions, three claims (two with cue and claimant), two stances, emoji before every span."""
    return make_doc(
        EMOJI_TEXT,
        mentions=[("Olaf Scholz", "person", "act_olaf_scholz"), ("Kreml", "government", "act_kreml"),
                  ("Kanzler", "person", "act_olaf_scholz")],
        claims=[("die Lage sei ernst 😟", "indirect_speech", "sagte", 0, "ceasefire"),
                ("gibt es keine Einigung", "attributed_report", "Laut", 1, "peace_negotiations"),
                ("man brauche einen Waffenstillstand", "indirect_speech", "betonte", 2, "ceasefire")],
        stances=[(0, "neutral"), (2, "favor")],
    )


@pytest.fixture
def doc() -> Document:
    """The emoji document (see :func:`emoji_doc`)."""
    return emoji_doc()


@pytest.fixture
def build_doc():
    """The document factory :func:`make_doc`."""
    return make_doc


@pytest.fixture
def fresh_doc():
    """A factory of new emoji documents (equal to ``doc``, but separate objects)."""
    return emoji_doc


@pytest.fixture
def emoji_text() -> str:
    """The text of the emoji document."""
    return EMOJI_TEXT
