"""Failures against a real Label Studio: wrong token, unknown project, server down, server killed mid-push."""

from __future__ import annotations

import secrets
import threading
from collections import Counter

import pytest

from builder.errors import RetryableError, StudioError
from builder.studio.client import StudioClient
from builder.studio.server import free_port
from builder.studio.sync import pull, push

from studio_testdocs import RULE_VERSION, small_docs

pytestmark = pytest.mark.integration


def test_studio_wrong_token_is_one_line_without_the_token(studio_server, project):
    token = secrets.token_hex(16)  # made up, new each run
    with StudioClient(studio_server.url, token, retries=0) as bad:
        with pytest.raises(StudioError) as caught:
            push(small_docs(1), client=bad, project=project, model_version=RULE_VERSION)
    message = str(caught.value)
    assert "refused the API token (HTTP 401)" in message and studio_server.url in message
    assert token not in message and "\n" not in message
    assert not isinstance(caught.value, RetryableError)  # not worth repeating


def test_studio_error_messages_never_contain_the_real_token(studio_server, client, tmp_path):
    with pytest.raises(StudioError) as caught:
        pull(client=client, project=987654, annotations_dir=tmp_path)
    message = str(caught.value)
    assert message == f"Label Studio at {studio_server.url}: project 987654 does not exist"
    assert studio_server.credentials.api_key not in message and "\n" not in message


def test_studio_server_down_is_one_retryable_line():
    with StudioClient(f"http://127.0.0.1:{free_port()}", "some-token-123456", retries=2, backoff=0.01) as c:
        with pytest.raises(RetryableError) as caught:
            push(small_docs(1), client=c, project="nobody home", model_version=RULE_VERSION)
    message = str(caught.value)
    assert "cannot reach the server (connection refused)" in message and "\n" not in message
    assert "some-token-123456" not in message


def _article_counts(client, project_id):
    return Counter(t["meta"]["article_id"] for t in client.iter_tasks(project_id, include="id,meta"))


def test_studio_server_killed_mid_push_then_rerun_completes(studio_server, client, project):
    docs = small_docs(6, "kill")

    def kill_after_first_batch(done: int) -> None:
        if done == 2:
            studio_server.kill()

    try:
        with pytest.raises(StudioError) as caught:
            push(docs, client=client, project=project, model_version=RULE_VERSION, batch_size=2,
                 progress=kill_after_first_batch)
        message = str(caught.value)
        assert message.startswith("push stopped after 2 of 6 tasks: ") and "run the push again" in message
        assert "\n" not in message
    finally:
        studio_server.start()
    rerun = push(docs, client=client, project=project, model_version=RULE_VERSION, batch_size=2)
    assert len(rerun.created) == 4 and len(rerun.unchanged) == 2
    counts = _article_counts(client, rerun.project_id)
    assert counts == Counter({d.article_id: 1 for d in docs})  # every article once: no loss, no duplicates


def test_studio_server_killed_during_an_import_then_rerun_completes(studio_server, client, project):
    docs = small_docs(300, "mitten")
    killer = threading.Timer(0.05, studio_server.kill)

    def kill_during_second_batch(done: int) -> None:
        if done == 100:
            killer.start()  # lands while the next import call is being served

    try:
        try:  # wherever the kill lands in that call, the re-run must finish the job
            push(docs, client=client, project=project, model_version=RULE_VERSION, batch_size=100,
                 progress=kill_during_second_batch)
        except StudioError as exc:
            assert "run the push again" in str(exc) and "\n" not in str(exc)
    finally:
        if killer.is_alive() or killer.finished.is_set():
            killer.join()
        studio_server.start()
    rerun = push(docs, client=client, project=project, model_version=RULE_VERSION, batch_size=100)
    assert rerun.needs_review == []  # (an import cut short may leave tasks to repair: "updated")
    counts = _article_counts(client, rerun.project_id)
    assert counts == Counter({d.article_id: 1 for d in docs})
