"""The only module that talks HTTP to Label Studio: a small client over its REST API.

Built on ``httpx`` (the transport the Label Studio SDK itself uses) rather than on the SDK's generated client,
for two reasons: the generated client retries *every* method on 5xx, which would duplicate tasks when an import
committed on the server but its answer was lost; and its errors carry raw response bodies. Here only *safe* calls
(GET, DELETE, and updates that set a value) are retried, with exponential backoff, and every failure becomes one
line of :class:`~builder.errors.StudioError` (or :class:`~builder.errors.RetryableError` for passing faults) that
names the server and the call — and never contains the API token.

Where the connection comes from (:func:`connection`): ``LABEL_STUDIO_URL`` and ``LABEL_STUDIO_API_KEY`` from the
environment, else the git-ignored ``.studio/credentials.json`` that ``claimset studio`` writes.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from builder.errors import RetryableError, StudioError

#: Where ``claimset studio`` keeps its data folder and credentials (relative to the project root).
STUDIO_DIR = ".studio"
#: The credentials file inside :data:`STUDIO_DIR` (mode 0600, git-ignored).
CREDENTIALS_FILE = "credentials.json"

#: HTTP methods that may be repeated without changing the outcome.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "PUT"})


@dataclass(frozen=True)
class Connection:
    """Where Label Studio runs and the API token to use. ``repr`` never shows the token."""

    url: str
    api_key: str = field(repr=False)
    source: str = "environment"


def connection(root: Path | None = None, *, url: str | None = None, api_key: str | None = None) -> Connection:
    """The Label Studio connection: explicit arguments, else the environment, else ``.studio/credentials.json``.

    Raises:
        StudioError: when no complete connection is found (the message says how to get one).
    """
    url = url or os.environ.get("LABEL_STUDIO_URL")
    api_key = api_key or os.environ.get("LABEL_STUDIO_API_KEY")
    source = "environment"
    if not (url and api_key):
        path = Path(root or Path.cwd()) / STUDIO_DIR / CREDENTIALS_FILE
        stored = _read_credentials(path)
        if stored:
            url = url or stored.get("url")
            api_key = api_key or stored.get("api_key")
            source = str(path)
    if not url or not api_key:
        missing = "LABEL_STUDIO_URL" if not url else "LABEL_STUDIO_API_KEY"
        raise StudioError(f"no Label Studio connection: {missing} is not set and there is no "
                          f"{STUDIO_DIR}/{CREDENTIALS_FILE}; start a local server with `claimset studio` "
                          "or set LABEL_STUDIO_URL and LABEL_STUDIO_API_KEY")
    return Connection(url=url.rstrip("/"), api_key=api_key, source=source)


def _read_credentials(path: Path) -> dict | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StudioError(f"{path}: cannot read Label Studio credentials: {type(exc).__name__}") from None
    return data if isinstance(data, dict) else None


class StudioClient:
    """A Label Studio REST client with retries for safe calls and one-line, token-free errors.

    Args:
        url: Base address, e.g. ``http://127.0.0.1:8080``.
        api_key: A legacy API token (``Authorization: Token ...``) or a personal access token (a JWT refresh
            token; it is exchanged for an access token first).
        timeout: Seconds to wait for any one answer.
        retries: How often a safe call is repeated after a passing fault (connection refused or reset,
            timeout, HTTP 429 or 5xx).
        backoff: Seconds before the first repeat; doubled each time.
    """

    def __init__(self, url: str, api_key: str, *, timeout: float = 120.0, retries: int = 4,
                 backoff: float = 0.5) -> None:
        if not api_key:
            raise StudioError(f"Label Studio at {url}: no API token given")
        self.url = url.rstrip("/")
        self._key = api_key
        self.retries = retries
        self.backoff = backoff
        self._http = httpx.Client(base_url=self.url, timeout=timeout, follow_redirects=False,
                                  headers={"Accept": "application/json"})
        self._auth: str | None = None

    @classmethod
    def from_connection(cls, conn: Connection, **kwargs: Any) -> "StudioClient":
        return cls(conn.url, conn.api_key, **kwargs)

    def __repr__(self) -> str:
        return f"StudioClient({self.url!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "StudioClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the one place requests are made ----------------------------------------------------------------------

    def request(self, method: str, path: str, *, params: dict | None = None, json_body: Any = None,
                safe: bool | None = None, missing_ok: bool = False) -> Any:
        """Send one call and return its decoded JSON (``None`` for an empty answer).

        Args:
            safe: Whether repeating the call is harmless; default: by method (GET, PUT, DELETE are).
            missing_ok: Return ``None`` for HTTP 404 instead of failing.

        Raises:
            RetryableError: the server did not answer or answered 429/5xx, after the retries (if safe).
            StudioError: any other failure (4xx, a refused token, an answer that is not JSON).
        """
        method = method.upper()
        safe = method in SAFE_METHODS if safe is None else safe
        attempts = 1 + (self.retries if safe else 0)
        for attempt in range(attempts):
            try:
                return self._once(method, path, params, json_body, missing_ok)
            except RetryableError:
                if attempt + 1 >= attempts:
                    raise
                time.sleep(self.backoff * (2 ** attempt))
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, method: str, path: str, params: dict | None, json_body: Any, missing_ok: bool,
              refreshed: bool = False) -> Any:
        what = f"Label Studio at {self.url}: {method} {path}"
        try:
            response = self._http.request(method, path, params=params, json=json_body,
                                          headers={"Authorization": self._authorization()})
        except httpx.TimeoutException:
            raise RetryableError(self._scrub(f"{what}: no answer within {self._http.timeout.read:g} s")) from None
        except (httpx.TransportError, OSError) as exc:
            reason = _reason(exc)
            raise RetryableError(self._scrub(f"{what}: cannot reach the server ({reason}); is it running? "
                                             "Start one with `claimset studio` or set LABEL_STUDIO_URL")) from None
        status = response.status_code
        if status == 401 and _is_jwt(self._key) and not refreshed:  # the short-lived access token expired
            self._auth = None
            return self._once(method, path, params, json_body, missing_ok, refreshed=True)
        if status == 404 and missing_ok:
            return None
        if status in (401, 403):
            raise StudioError(self._scrub(f"{what}: the server refused the API token (HTTP {status}); check "
                                          "LABEL_STUDIO_API_KEY or .studio/credentials.json"))
        if status == 429 or status >= 500:
            raise RetryableError(self._scrub(f"{what}: server error HTTP {status} {_detail(response)}".rstrip()))
        if status >= 400:
            raise StudioError(self._scrub(f"{what}: HTTP {status} {_detail(response)}".rstrip()))
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise StudioError(self._scrub(f"{what}: the answer is not JSON (is {self.url} a Label Studio "
                                          "server?)")) from None

    def _authorization(self) -> str:
        if self._auth is None:
            if _is_jwt(self._key):  # a personal access token: exchange it for a short-lived access token
                try:
                    answer = self._http.post("/api/token/refresh", json={"refresh": self._key})
                    access = answer.json().get("access") if answer.status_code == 200 else None
                except (httpx.TransportError, OSError) as exc:
                    raise RetryableError(self._scrub(f"Label Studio at {self.url}: cannot reach the server "
                                                     f"({_reason(exc)})")) from None
                except ValueError:
                    access = None
                if not access:
                    raise StudioError(f"Label Studio at {self.url}: the server refused the personal access "
                                      "token; check LABEL_STUDIO_API_KEY")
                self._auth = f"Bearer {access}"
            else:
                self._auth = f"Token {self._key}"
        return self._auth

    def _scrub(self, message: str) -> str:
        """The message with the token (and any access token) blanked out, on one line."""
        for secret in (self._key, (self._auth or "").split(" ", 1)[-1]):
            if secret and len(secret) >= 4:
                message = message.replace(secret, "***")
        return " ".join(message.split())

    # --- calls ------------------------------------------------------------------------------------------------

    def whoami(self) -> dict:
        """The user the token belongs to (checks that the server answers and accepts the token)."""
        return self.request("GET", "/api/current-user/whoami")

    def users(self) -> dict[int, dict]:
        """All users of the organisation by id."""
        answer = self.request("GET", "/api/users")
        rows = answer if isinstance(answer, list) else (answer or {}).get("results", [])
        return {u["id"]: u for u in rows if isinstance(u, dict) and "id" in u}

    def project(self, project_id: int) -> dict | None:
        return self.request("GET", f"/api/projects/{project_id}", missing_ok=True)

    def find_project(self, title: str) -> dict | None:
        """The project with exactly this title (the oldest, if several)."""
        answer = self.request("GET", "/api/projects", params={"title": title, "page_size": 100})
        rows = answer.get("results", []) if isinstance(answer, dict) else answer or []
        exact = sorted((p for p in rows if p.get("title") == title), key=lambda p: p["id"])
        return exact[0] if exact else None

    def create_project(self, title: str, label_config: str, **settings: Any) -> dict:
        return self.request("POST", "/api/projects", json_body={"title": title, "label_config": label_config,
                                                                **settings})

    def update_project(self, project_id: int, **fields: Any) -> dict:
        return self.request("PATCH", f"/api/projects/{project_id}", json_body=fields, safe=True)

    def iter_tasks(self, project_id: int, *, include: str | None = None, fields: str | None = None,
                   query: dict | None = None, page_size: int = 500) -> Iterator[dict]:
        """Every task of a project, page by page (each page a retried GET)."""
        params: dict[str, Any] = {"project": project_id, "page_size": page_size}
        if include:
            params["include"] = include
        if fields:
            params["fields"] = fields
        if query:
            params["query"] = json.dumps(query)
        page, seen = 1, 0
        while True:
            answer = self.request("GET", "/api/tasks", params={**params, "page": page}, missing_ok=True)
            if answer is None:  # Label Studio answers 404 "Invalid page" past the last page
                return
            tasks = answer.get("tasks", []) if isinstance(answer, dict) else answer
            yield from tasks
            seen += len(tasks)
            total = answer.get("total") if isinstance(answer, dict) else None
            if not tasks or (seen >= total if isinstance(total, int) else len(tasks) < page_size):
                return  # (a server may cap page_size, so a short page alone does not mean the end)
            page += 1

    def import_tasks(self, project_id: int, tasks: list[dict]) -> list[int]:
        """Create tasks (with their predictions) in one call; returns their ids. Not retried: see the module doc."""
        answer = self.request("POST", f"/api/projects/{project_id}/import", params={"return_task_ids": "true"},
                              json_body=tasks, safe=False)
        ids = (answer or {}).get("task_ids")
        if not isinstance(ids, list) or len(ids) != len(tasks):
            raise StudioError(f"Label Studio at {self.url}: import into project {project_id} created "
                              f"{len(ids) if isinstance(ids, list) else 'an unknown number of'} tasks "
                              f"for {len(tasks)} sent")
        return ids

    def update_task(self, task_id: int, **fields: Any) -> dict:
        """Set fields of a task (``data``, ``meta``); setting the same values again is harmless, so retried."""
        return self.request("PATCH", f"/api/tasks/{task_id}", json_body=fields, safe=True)

    def task(self, task_id: int) -> dict | None:
        return self.request("GET", f"/api/tasks/{task_id}", missing_ok=True)

    def predictions(self, task_id: int) -> list[dict]:
        return self.request("GET", "/api/predictions", params={"task": task_id}) or []

    def delete_prediction(self, prediction_id: int) -> None:
        self.request("DELETE", f"/api/predictions/{prediction_id}", missing_ok=True)

    def create_prediction(self, task_id: int, prediction: dict) -> dict:
        return self.request("POST", "/api/predictions", json_body={"task": task_id, **prediction}, safe=False)

    def create_annotation(self, task_id: int, result: list[dict], **fields: Any) -> dict:
        """Save an annotation on a task as the token's user (``was_cancelled=True`` marks a skip)."""
        return self.request("POST", f"/api/tasks/{task_id}/annotations", json_body={"result": result, **fields},
                            safe=False)


def _is_jwt(token: str) -> bool:
    return token.count(".") == 2 and token.startswith("eyJ")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    if "Connection refused" in text or "111" in text:
        return "connection refused"
    return (text.splitlines() or [type(exc).__name__])[0][:120] or type(exc).__name__


def _detail(response: httpx.Response) -> str:
    """A short reason from an error answer: Label Studio's ``detail`` or validation errors, else the reason phrase."""
    try:
        body = response.json()
    except ValueError:
        return f"({response.reason_phrase})" if response.reason_phrase else ""
    if isinstance(body, dict):
        parts = []
        for key in ("detail", "validation_errors", "message", "error"):
            if body.get(key):
                value = body[key]
                parts.append(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
        if parts:
            return f"({': '.join(parts)[:400]})"
        return f"({json.dumps(body, ensure_ascii=False)[:300]})"
    return f"({str(body)[:300]})"
