"""The client's connection settings and fault handling, without Label Studio: a socket that never answers and a
tiny HTTP server that answers 503 stand in for a hung and a failing server (these faults cannot be produced on
demand with the real one; the real server's failures are in test_studio_sync_failures.py)."""

from __future__ import annotations

import json
import secrets
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from builder.errors import RetryableError, StudioError
from builder.studio.client import Connection, StudioClient, connection
from builder.studio.server import EXECUTABLE_ENV, find_executable

#: A made-up token, new each run: the tests check it never shows up in messages.
TOKEN = secrets.token_hex(16)


def test_studio_connection_from_environment_then_credentials_file(tmp_path, monkeypatch):
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", TOKEN)
    conn = connection(tmp_path)
    assert (conn.url, conn.api_key, conn.source) == ("http://127.0.0.1:9", TOKEN, "environment")
    assert TOKEN not in repr(conn)
    monkeypatch.delenv("LABEL_STUDIO_URL")
    monkeypatch.delenv("LABEL_STUDIO_API_KEY")
    (tmp_path / ".studio").mkdir()
    (tmp_path / ".studio" / "credentials.json").write_text(json.dumps({"url": "http://127.0.0.1:8", "api_key": TOKEN}))
    conn = connection(tmp_path)
    assert conn.url == "http://127.0.0.1:8" and conn.source.endswith("credentials.json")


def test_studio_connection_missing_says_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", TOKEN)
    with pytest.raises(StudioError) as caught:
        connection(tmp_path)
    message = str(caught.value)
    assert message.startswith("no Label Studio connection: LABEL_STUDIO_URL is not set")
    assert "claimset studio" in message and TOKEN not in message


def test_studio_client_repr_hides_the_token():
    client = StudioClient("http://127.0.0.1:9", TOKEN)
    assert TOKEN not in repr(client) and TOKEN not in repr(Connection("http://x", TOKEN))


class _Silent:
    """A listening socket that accepts connections and never answers; counts them."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def close(self) -> None:
        for c in self.accepted:
            c.close()
        self.sock.close()


def test_studio_timeout_is_retried_for_safe_calls_only():
    silent = _Silent()
    try:
        client = StudioClient(silent.url, TOKEN, timeout=0.3, retries=2, backoff=0.01)
        with pytest.raises(RetryableError) as caught:
            client.request("GET", "/api/projects")
        assert str(caught.value) == f"Label Studio at {silent.url}: GET /api/projects: no answer within 0.3 s"
        assert len(silent.accepted) == 3  # first try + 2 retries
        with pytest.raises(RetryableError):
            client.request("POST", "/api/projects/1/import", json_body=[])
        assert len(silent.accepted) == 4  # an import is never repeated blindly
    finally:
        silent.close()


class _Failing(BaseHTTPRequestHandler):
    calls: list[str] = []

    def _answer(self) -> None:
        type(self).calls.append(self.command)
        body = json.dumps({"detail": f"overloaded, your token was {self.headers.get('Authorization')}"}).encode()
        self.send_response(503)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:  # keep test output clean
        pass


def test_studio_http_5xx_retried_with_backoff_and_token_scrubbed():
    _Failing.calls = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        client = StudioClient(url, TOKEN, retries=3, backoff=0.01)
        with pytest.raises(RetryableError) as caught:
            client.request("GET", "/api/tasks")
        assert _Failing.calls == ["GET"] * 4
        message = str(caught.value)
        assert message.startswith(f"Label Studio at {url}: GET /api/tasks: server error HTTP 503")
        assert TOKEN not in message and "***" in message  # even a server echoing the token cannot leak it
        with pytest.raises(RetryableError):
            client.request("POST", "/api/predictions", json_body={})
        assert _Failing.calls == ["GET"] * 4 + ["POST"]
    finally:
        server.shutdown()


def test_studio_missing_executable_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv(EXECUTABLE_ENV, str(tmp_path / "nope" / "label-studio"))
    with pytest.raises(StudioError, match=r"CLAIMSET_LABEL_STUDIO=.*: no such file"):
        find_executable(tmp_path)
    monkeypatch.delenv(EXECUTABLE_ENV)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(StudioError, match=r"label-studio is not installed: run \.ci/install-studio\.sh"):
        find_executable(tmp_path)
