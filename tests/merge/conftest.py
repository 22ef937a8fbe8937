"""Fixtures for the merge: a tiny emoji document and reviewed versions of it (no server)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

# The document and review factories live with the store fixtures; load them by path (tests/ is not a package).
_spec = importlib.util.spec_from_file_location("store_review_fixtures",
                                               Path(__file__).parents[1] / "store" / "conftest.py")
_store = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_store)


@pytest.fixture
def doc():
    return _store.docs.emoji_doc()


@pytest.fixture
def fresh_doc():
    return _store.docs.emoji_doc


@pytest.fixture
def build_doc():
    return _store.docs.make_doc


@pytest.fixture
def review():
    """Factory of one annotator's version: accepts all, deletes one claim, adds the claim 'Laut Kreml'."""
    return _store.reviewed
