"""Requests, responses and faults as fakes see them.

The dispatcher (:mod:`openstack_core._local.cloud`) builds one :class:`Request` per
call, with the path parameters of the matched route, the caller's identity from the
token and the negotiated microversion; a handler returns a :class:`Response`, a JSON
document (a dict or list: ``200 OK``), or raises :class:`Fault`, which the service's
``error()`` hook turns into the service's own error body.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs, urlencode

from requests.structures import CaseInsensitiveDict

__all__ = ["Auth", "Fault", "Request", "Response"]

_STATUS_TITLES = {
    200: "OK",
    201: "Created",
    202: "Accepted",
    204: "No Content",
    300: "Multiple Choices",
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    410: "Gone",
    411: "Length Required",
    412: "Precondition Failed",
    413: "Request Entity Too Large",
    415: "Unsupported Media Type",
    429: "Too Many Requests",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
}


def status_title(status: int) -> str:
    """``404`` -> ``Not Found``."""
    return _STATUS_TITLES.get(status, "Unknown")


class Fault(Exception):
    """Raise it from a handler to answer an error: ``Fault(404, "Instance x could not
    be found.")``. The service's ``error()`` hook shapes the body; ``details`` are
    passed to it (a Neutron-like ``type=``, a ``headers=`` mapping, ...)."""

    def __init__(self, status: int, message: str, **details: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details


class Response:
    """What a handler answers: a status, headers and a body (bytes, or an iterable
    of bytes that is streamed)."""

    __slots__ = ("body", "headers", "status")

    def __init__(
        self,
        status: int = 200,
        body: bytes | Iterable[bytes] = b"",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.status = status
        self.body = body
        self.headers: CaseInsensitiveDict[str] = CaseInsensitiveDict(headers or {})

    @classmethod
    def json(
        cls, data: Any, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> Response:
        """A JSON answer (``Content-Type: application/json``)."""
        response = cls(status, json.dumps(data).encode(), headers)
        response.headers.setdefault("Content-Type", "application/json")
        return response

    @classmethod
    def empty(cls, status: int = 204, headers: Mapping[str, str] | None = None) -> Response:
        """An answer without a body (``204 No Content`` unless told otherwise)."""
        return cls(status, b"", headers)

    @classmethod
    def text(
        cls,
        text: str,
        status: int = 200,
        content_type: str = "text/plain; charset=UTF-8",
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """A text answer (an HTML error page, a console log)."""
        response = cls(status, text.encode(), headers)
        response.headers.setdefault("Content-Type", content_type)
        return response

    @classmethod
    def data(
        cls,
        chunks: Iterable[bytes],
        *,
        length: int | None = None,
        content_type: str = "application/octet-stream",
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """Streamed bytes (an image download); ``length`` becomes Content-Length."""
        response = cls(status, chunks, headers)
        response.headers.setdefault("Content-Type", content_type)
        if length is not None:
            response.headers["Content-Length"] = str(length)
        return response

    def body_bytes(self) -> bytes:
        """The whole body (a streamed one is consumed)."""
        if isinstance(self.body, bytes):
            return self.body
        return b"".join(self.body)

    def json_body(self) -> Any:
        """The body decoded as JSON (None when empty)."""
        data = self.body_bytes()
        self.body = data
        return json.loads(data) if data else None

    def __repr__(self) -> str:
        return f"<Response {self.status} {status_title(self.status)}>"


class Auth:
    """Who sent a request, from the token the fake Keystone issued."""

    __slots__ = (
        "domain_id",
        "expires_at",
        "methods",
        "project_id",
        "project_name",
        "roles",
        "user_id",
        "user_name",
    )

    def __init__(
        self,
        *,
        user_id: str,
        user_name: str,
        project_id: str | None,
        project_name: str | None,
        roles: tuple[str, ...],
        domain_id: str = "default",
        methods: tuple[str, ...] = ("password",),
        expires_at: float = 0.0,
    ) -> None:
        self.user_id = user_id
        self.user_name = user_name
        self.project_id = project_id
        self.project_name = project_name
        self.roles = roles
        self.domain_id = domain_id
        self.methods = methods
        self.expires_at = expires_at

    def __repr__(self) -> str:
        return f"<Auth user={self.user_name} project={self.project_name} roles={self.roles}>"


def _version_tuple(text: str) -> tuple[int, int]:
    major, _, minor = text.partition(".")
    return int(major), int(minor or 0)


class Request:
    """One request to a fake, as its handler sees it.

    ``path`` is relative to the service's URL prefix; ``params`` holds the route's
    path parameters (also passed to the handler as keyword arguments), ``query`` the
    decoded query (every value a list). ``auth`` is the caller (None on routes that
    need no token); ``microversion`` the negotiated ``"2.79"`` of a microversioned
    service.
    """

    def __init__(
        self,
        method: str,
        *,
        root_url: str,
        service_url: str,
        path: str,
        query_string: str = "",
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
        request_id: str = "",
    ) -> None:
        self.method = method.upper()
        #: The local cloud's address, ``http://127.0.0.1:8080``.
        self.root_url = root_url.rstrip("/")
        #: Where this service is served: ``http://127.0.0.1:8080/compute``.
        self.service_url = service_url.rstrip("/")
        self.path = path
        self.query_string = query_string
        self.query: dict[str, list[str]] = parse_qs(query_string, keep_blank_values=True)
        self.headers: CaseInsensitiveDict[str] = CaseInsensitiveDict(headers or {})
        self.body = body
        self.request_id = request_id
        self.params: dict[str, str] = {}
        self.auth: Auth | None = None
        self.microversion: str | None = None
        self._json: Any = None
        self._parsed = False

    # -- the URL ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The full URL of this request."""
        tail = f"?{self.query_string}" if self.query_string else ""
        return f"{self.service_url}{self.path}{tail}"

    def link(self, path: str, query: Mapping[str, Any] | None = None) -> str:
        """An absolute URL of ``path`` (relative to the service's prefix) with ``query``."""
        return self.service_url + self.relative_link(path, query)

    @staticmethod
    def relative_link(path: str, query: Mapping[str, Any] | None = None) -> str:
        """``path?query``, the form of Glance's ``next`` links."""
        if not query:
            return path
        pairs = [
            (key, item)
            for key, value in query.items()
            for item in (value if isinstance(value, list | tuple) else [value])
        ]
        return f"{path}?{urlencode(pairs)}"

    # -- the query -------------------------------------------------------------------

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The last value of query parameter ``name``, or ``default``."""
        values = self.query.get(name)
        return values[-1] if values else default

    def args(self, name: str) -> list[str]:
        """Every value of query parameter ``name`` (``?tag=a&tag=b``)."""
        return list(self.query.get(name, ()))

    def int_arg(self, name: str, default: int | None = None, *, minimum: int = 0) -> int | None:
        """An integer query parameter; ``Fault(400)`` if it is not one."""
        text = self.arg(name)
        if text is None:
            return default
        try:
            value = int(text)
        except ValueError:
            raise Fault(400, f"Invalid value for {name}: {text!r} is not an integer") from None
        if value < minimum:
            raise Fault(400, f"Invalid value for {name}: {value} is less than {minimum}")
        return value

    # -- the body --------------------------------------------------------------------

    def json(self) -> Any:
        """The body decoded as JSON; ``Fault(400)`` for a body that is not JSON."""
        if not self._parsed:
            if not self.body:
                self._json = None
            else:
                try:
                    self._json = json.loads(self.body)
                except ValueError:
                    raise Fault(400, "Malformed request body: it is not JSON") from None
            self._parsed = True
        return self._json

    def json_object(self, key: str | None = None) -> dict[str, Any]:
        """The JSON body as an object (or its ``key`` member); ``Fault(400)`` otherwise."""
        data = self.json()
        if key is not None:
            if not isinstance(data, dict) or key not in data:
                raise Fault(400, f"Malformed request body: {key!r} is required")
            data = data[key]
        if not isinstance(data, dict):
            raise Fault(400, "Malformed request body: a JSON object is required")
        return data

    # -- who and which version -------------------------------------------------------

    @property
    def project_id(self) -> str | None:
        """The project of the caller's token."""
        return self.auth.project_id if self.auth is not None else None

    @property
    def user_id(self) -> str | None:
        """The caller's user id."""
        return self.auth.user_id if self.auth is not None else None

    @property
    def roles(self) -> tuple[str, ...]:
        """The caller's role names in the token's project."""
        return self.auth.roles if self.auth is not None else ()

    @property
    def is_admin(self) -> bool:
        """Whether the caller has the ``admin`` role."""
        return "admin" in self.roles

    def at_least(self, version: str) -> bool:
        """Whether the negotiated microversion is ``version`` or newer."""
        if self.microversion is None:
            return False
        return _version_tuple(self.microversion) >= _version_tuple(version)

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.service_url}{self.path}>"
