"""A local Label Studio server on demand: start it, wait until it answers, stop it.

``claimset studio`` and the integration tests both use :class:`StudioServer`. The server is the ``label-studio``
executable of a separate virtual environment (``.venv-studio/``, made by ``.ci/install-studio.sh``; its
dependencies clash with ``datasets`` in one resolver run), found by :func:`find_executable`. It listens on
127.0.0.1 only, keeps all its data (SQLite database, media) in one folder, and gets its user and legacy API token
non-interactively: the user name on the command line, password and token through ``LABEL_STUDIO_PASSWORD`` /
``LABEL_STUDIO_USER_TOKEN`` in its environment (so they show in no process list), with
``--enable-legacy-api-token`` (Label Studio 1.23 turns legacy tokens off by default). The credentials are made
once per data folder and kept in ``<data folder>/credentials.json`` (mode 0600; the data folder is git-ignored),
because Label Studio only applies a token when it creates the user.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from builder.errors import StudioError
from builder.studio.client import CREDENTIALS_FILE, STUDIO_DIR, StudioClient

#: The project root (the folder holding ``pyproject.toml``).
ROOT = Path(__file__).resolve().parents[2]
#: Environment variable naming the ``label-studio`` executable explicitly.
EXECUTABLE_ENV = "CLAIMSET_LABEL_STUDIO"
#: Where ``.ci/install-studio.sh`` puts the server's virtual environment.
STUDIO_VENV = ".venv-studio"


@dataclass(frozen=True)
class Credentials:
    """Login and API token of a local server. ``repr`` shows neither password nor token."""

    url: str
    username: str
    password: str = field(repr=False)
    api_key: str = field(repr=False)


def find_executable(root: Path | None = None) -> Path:
    """The ``label-studio`` executable: ``$CLAIMSET_LABEL_STUDIO``, else ``<root>/.venv-studio/bin/label-studio``,
    else one on ``PATH``.

    Raises:
        StudioError: when none exists (the message says how to install one).
    """
    explicit = os.environ.get(EXECUTABLE_ENV)
    if explicit:
        if not Path(explicit).is_file():
            raise StudioError(f"{EXECUTABLE_ENV}={explicit}: no such file")
        return Path(explicit)
    local = Path(root or ROOT) / STUDIO_VENV / "bin" / "label-studio"
    if local.is_file():
        return local
    found = shutil.which("label-studio")
    if found:
        return Path(found)
    raise StudioError(f"label-studio is not installed: run .ci/install-studio.sh (it creates {STUDIO_VENV}/) "
                      f"or set {EXECUTABLE_ENV} to a label-studio executable")


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def load_credentials(data_dir: Path) -> Credentials | None:
    """The credentials kept in ``<data_dir>/credentials.json``, if any."""
    path = Path(data_dir) / CREDENTIALS_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Credentials(**{k: data[k] for k in ("url", "username", "password", "api_key")})
    except (OSError, ValueError, KeyError, TypeError):
        raise StudioError(f"{path}: unreadable Label Studio credentials; delete the file and its data folder "
                          "to start afresh") from None


def save_credentials(data_dir: Path, creds: Credentials) -> Path:
    """Write ``<data_dir>/credentials.json`` readable by the owner only."""
    path = Path(data_dir) / CREDENTIALS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(asdict(creds), fh, indent=2)
    os.replace(tmp, path)
    return path


class StudioServer:
    """One Label Studio process with its data in ``data_dir``.

    Use as a context manager, or call :meth:`start` and :meth:`stop`. A second start on the same data folder
    reuses its database and credentials (only the port may change).

    Args:
        data_dir: Folder for the database, media and ``credentials.json``; created if missing.
        port: Port on 127.0.0.1; a free one when not given (kept across :meth:`restart`).
        username: Login e-mail of the user made on first start.
        executable: The ``label-studio`` program (default: :func:`find_executable`).
        log_path: Where the server's output goes (default: ``<data_dir>/server.log``).
    """

    host = "127.0.0.1"

    def __init__(self, data_dir: Path, *, port: int | None = None, username: str = "admin@claimset.local",
                 executable: Path | None = None, log_path: Path | None = None) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self.username = username
        self.executable = executable
        self.log_path = Path(log_path) if log_path else self.data_dir / "server.log"
        self.process: subprocess.Popen | None = None
        self.credentials: Credentials | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = 900.0) -> Credentials:
        """Start the server and wait until ``/health`` answers and the API token is accepted.

        The first start on a new data folder runs Label Studio's database migrations (a minute or two).

        Raises:
            StudioError: when the program is missing, exits early, or does not answer within ``timeout`` seconds
                (the message names the log file).
        """
        if self.running:
            assert self.credentials is not None
            return self.credentials
        executable = self.executable or find_executable()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port(self.host)
        stored = load_credentials(self.data_dir)
        creds = Credentials(url=self.url, username=stored.username if stored else self.username,
                            password=stored.password if stored else secrets.token_urlsafe(12),
                            api_key=stored.api_key if stored else secrets.token_hex(20))
        save_credentials(self.data_dir, creds)
        env = {**os.environ,
               "LABEL_STUDIO_PASSWORD": creds.password, "LABEL_STUDIO_USER_TOKEN": creds.api_key,
               "LABEL_STUDIO_USERNAME": creds.username, "LABEL_STUDIO_BASE_DATA_DIR": str(self.data_dir),
               # no calls home: no version check, no analytics, no sign-ups from outside
               "LATEST_VERSION_CHECK": "false", "COLLECT_ANALYTICS": "false", "LABEL_STUDIO_COLLECT_ANALYTICS": "false",
               "DISABLE_SIGNUP_WITHOUT_LINK": "true", "LOG_LEVEL": "WARNING",
               "SECRET_KEY": _secret_key(self.data_dir)}
        cmd = [str(executable), "start", "--no-browser", "--data-dir", str(self.data_dir),
               "--internal-host", self.host, "--port", str(self.port), "--username", creds.username,
               "--enable-legacy-api-token", "--log-level", "WARNING"]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        try:
            self.process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                            env=env, cwd=self.data_dir, start_new_session=True)
        except OSError as exc:
            raise StudioError(f"{executable}: cannot start Label Studio: {exc.strerror or exc}") from None
        finally:
            log.close()
        self.credentials = creds
        self._wait(timeout)
        return creds

    def _wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        assert self.credentials is not None
        client = StudioClient(self.url, self.credentials.api_key, timeout=10, retries=0)
        try:
            while time.monotonic() < deadline:
                if not self.running:
                    code = self.process.returncode if self.process else None
                    raise StudioError(f"Label Studio exited with code {code} while starting; see {self.log_path}")
                try:
                    health = httpx.get(f"{self.url}/health", timeout=5)
                    if health.status_code == 200:
                        client.whoami()  # the token works: the user and organisation exist
                        return
                except (httpx.TransportError, StudioError):
                    pass
                time.sleep(1.0)
        finally:
            client.close()
        self.stop()
        raise StudioError(f"Label Studio did not answer on {self.url} within {timeout:g} s; see {self.log_path}")

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the server (SIGTERM to its process group, then SIGKILL after ``timeout`` seconds)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self._signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self.process.wait(10)
        self.process = None

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would; for tests of failure handling."""
        if self.process is not None and self.process.poll() is None:
            self._signal(signal.SIGKILL)
            self.process.wait(10)

    def restart(self, timeout: float = 900.0) -> Credentials:
        """Stop (if running) and start again on the same port and data folder."""
        self.stop()
        return self.start(timeout)

    def _signal(self, sig: int) -> None:
        assert self.process is not None
        try:  # the process group we created with start_new_session: the server and anything it spawned
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass

    def __enter__(self) -> "StudioServer":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _secret_key(data_dir: Path) -> str:
    """Django's secret key for this data folder, made once (sessions survive a restart)."""
    path = Path(data_dir) / "secret_key"
    if not path.is_file():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def studio_dir(root: Path | None = None) -> Path:
    """The project's Label Studio data folder, ``<root>/.studio`` (git-ignored)."""
    return Path(root or Path.cwd()) / STUDIO_DIR


def serve(root: Path | None = None, *, port: int | None = None, out=None) -> StudioServer:
    """Start the project's local server (data in ``<root>/.studio``) and print its address and login.

    The caller stops it (``claimset studio`` waits for Ctrl-C, then calls :meth:`StudioServer.stop`). The API
    token is not printed: ``claimset sync`` reads it from ``.studio/credentials.json``.
    """
    out = out or sys.stdout
    server = StudioServer(studio_dir(root), port=port)
    print(f"starting Label Studio (first start sets up its database: a minute or two); log: {server.log_path}",
          file=out, flush=True)
    creds = server.start()
    print(f"Label Studio is running at {creds.url}", file=out)
    print(f"  login:    {creds.username}", file=out)
    print(f"  password: {creds.password}", file=out)
    print(f"  API token: in {server.data_dir / CREDENTIALS_FILE} (used by `claimset sync`)", file=out, flush=True)
    return server


def run(root: Path | None = None, *, port: int | None = None, out=None) -> int:
    """``claimset studio``: :func:`serve`, then wait until Ctrl-C (SIGINT) or SIGTERM and stop the server.

    Returns:
        0 after an interrupt; 1 when the server stopped by itself (its log is named on stderr).
    """
    stop = {"asked": False}

    def ask_stop(signum, frame) -> None:
        stop["asked"] = True

    previous = {sig: signal.signal(sig, ask_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    server = None
    try:
        server = serve(root, port=port, out=out)
        while server.running and not stop["asked"]:
            time.sleep(0.5)
        if not stop["asked"]:
            print(f"error: Label Studio stopped by itself; see {server.log_path}", file=sys.stderr)
            return 1
        return 0
    finally:
        if server is not None:
            server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
