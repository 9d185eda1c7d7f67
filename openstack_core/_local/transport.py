"""The in-process transport: a requests Session that hands requests for the local
cloud's URL to its WSGI app, without sockets.

It is a ``requests.Session`` subclass whose ``send`` serves the cloud's URL itself and
passes any other URL to requests as usual. Overriding ``send`` in a subclass (rather
than mounting an adapter) keeps it working beside requests-mock, which patches
``requests.Session.send`` and ``get_adapter`` while a ``Mocker`` is active.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit

import requests
from requests.structures import CaseInsensitiveDict

__all__ = ["InProcessSession", "wsgi_call"]

App = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return b"".join(bytes(chunk) for chunk in body)


def wsgi_call(
    app: App, method: str, url: str, headers: Any, body: bytes
) -> tuple[int, list[tuple[str, str]], Iterable[bytes]]:
    """Call a WSGI ``app`` for one request; (status, headers, body iterable)."""
    parts = urlsplit(url)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote(parts.path or "/").encode("utf-8").decode("latin-1"),
        "QUERY_STRING": parts.query,
        "SERVER_NAME": parts.hostname or "localhost",
        "SERVER_PORT": str(parts.port or 80),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": parts.scheme or "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)),
    }
    for name, value in headers.items():
        key = name.upper().replace("-", "_")
        if key == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
        elif key not in ("CONTENT_LENGTH", "TRANSFER_ENCODING"):
            environ["HTTP_" + key] = value
    started: list[Any] = []

    def start_response(status: str, response_headers: list[tuple[str, str]], *_: Any) -> None:
        started[:] = [status, response_headers]

    chunks = app(environ, start_response)
    status, response_headers = started
    return int(status.split()[0]), response_headers, chunks


def _merged_hooks(
    given: dict[str, Any] | None, session: dict[str, list[Any]]
) -> dict[str, list[Any]]:
    """The request's hooks after the session's, as requests merges them."""
    merged = {event: list(hooks) for event, hooks in session.items()}
    for event, hooks in (given or {}).items():
        merged.setdefault(event, []).extend(hooks if isinstance(hooks, list) else [hooks])
    return merged


class InProcessSession(requests.Session):
    """A requests Session serving ``base_url`` from a WSGI app in this process."""

    def __init__(self, app: App, base_url: str) -> None:
        super().__init__()
        self._app = app
        self._base = base_url.rstrip("/")

    def _serves(self, url: str) -> bool:
        return url == self._base or url.startswith(self._base + "/")

    def request(  # type: ignore[override]
        self, method: str, url: str, *args: Any, **kwargs: Any
    ) -> requests.Response:
        """Prepare and send a request; for the local cloud without the environment
        lookups (proxies, netrc, cookies) and URL normalisation requests does for every
        call, which cost more than serving the request. Uploads of files and form data
        take requests' own path."""
        data = kwargs.get("data")
        simple = data is None or isinstance(data, bytes | str)
        if args or kwargs.get("files") or not simple or not self._serves(str(url)):
            return super().request(method, url, *args, **kwargs)
        prepared = requests.PreparedRequest()
        prepared.method = method.upper()
        params = kwargs.get("params")
        if params:
            query = urlencode(params, doseq=True)
            url = f"{url}{'&' if '?' in url else '?'}{query}" if query else url
        prepared.url = url
        prepared.headers = CaseInsensitiveDict(kwargs.get("headers") or {})
        if kwargs.get("json") is not None:
            data = json.dumps(kwargs["json"])
            prepared.headers.setdefault("Content-Type", "application/json")
        body = data.encode("utf-8") if isinstance(data, str) else data
        prepared.body = body
        if body is not None:
            prepared.headers["Content-Length"] = str(len(body))
        prepared.hooks = _merged_hooks(kwargs.get("hooks"), self.hooks)
        auth = kwargs.get("auth")
        if auth is not None:
            prepared = auth(prepared)
        return self.send(prepared, stream=bool(kwargs.get("stream")))

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        """Serve the local cloud's URLs in process; send anything else as requests does."""
        url = str(request.url)
        if not self._serves(url):
            return super().send(request, **kwargs)
        started = time.perf_counter()
        status, headers, chunks = wsgi_call(
            self._app, str(request.method), url, request.headers, _body_bytes(request.body)
        )
        response = requests.Response()
        response.status_code = status
        response.headers = CaseInsensitiveDict(headers)
        response.raw = io.BytesIO(b"".join(chunks))
        response.url = url
        response.request = request
        response.reason = ""
        response.encoding = requests.utils.get_encoding_from_headers(response.headers)
        response.elapsed = timedelta(seconds=time.perf_counter() - started)
        for hook in request.hooks.get("response", []):
            # As requests dispatches them: a hook may answer a replacement response.
            response = hook(response, **kwargs) or response
        if not kwargs.get("stream"):
            response.content  # noqa: B018 - read now, as requests does without stream=True
        return response
