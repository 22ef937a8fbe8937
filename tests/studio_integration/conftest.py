"""Fixtures for the Label Studio integration tests: ONE real server per test session, tiny hand-built documents.

The server is the ``label-studio`` program found by :func:`builder.studio.server.find_executable` (``.venv-studio/``
from ``.ci/install-studio.sh``, or ``$CLAIMSET_LABEL_STUDIO``), on a free loopback port with a temporary data
folder (``$CLAIMSET_STUDIO_TEST_DATA`` names a folder to keep between sessions: a restart takes
seconds instead of minutes). When it cannot start, the tests fail if ``CI`` is set and are skipped (with the reason) otherwise.
Each test works in its own project, so tests do not see each other's tasks.
"""

from __future__ import annotations

import os
import uuid

import pytest

from builder.errors import StudioError
from builder.studio.client import StudioClient
from builder.studio.server import StudioServer, find_executable
from studio_testdocs import council_doc, make_doc, small_docs


def _fail_or_skip(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"Label Studio server cannot start in CI: {reason}", pytrace=False)
    pytest.skip(f"Label Studio server not available: {reason}")


@pytest.fixture(scope="session")
def studio_server(tmp_path_factory):
    """A running Label Studio (one per session), stopped at the end."""
    try:
        executable = find_executable()
    except StudioError as exc:
        _fail_or_skip(str(exc))
    reuse = os.environ.get("CLAIMSET_STUDIO_TEST_DATA")  # a kept data folder: later sessions skip the migrations
    server = StudioServer(reuse or tmp_path_factory.mktemp("label-studio"), executable=executable)
    try:
        server.start(timeout=900)
    except StudioError as exc:
        _fail_or_skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def client(studio_server):
    """A client of the session server with short backoff (failures come quickly)."""
    if not studio_server.running:  # a test that kills the server restarts it; be safe if it did not
        studio_server.start()
    c = StudioClient(studio_server.url, studio_server.credentials.api_key, timeout=60, retries=2, backoff=0.2)
    yield c
    c.close()


@pytest.fixture
def project(request) -> str:
    """A project title unique to this test."""
    return f"{request.node.name[:36]} {uuid.uuid4().hex[:8]}"


@pytest.fixture
def docs_factory():
    """Builders of test documents: ``council``, ``small`` and ``make``."""
    return {"council": council_doc, "small": small_docs, "make": make_doc}
