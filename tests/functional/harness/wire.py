"""A recorder of the HTTP exchanges between a Connection and one service.

Functional tests that check what went over the wire (a request body, a microversion
header, a request id, the pages of a listing) wrap the calls in :func:`record`; it hooks
the Connection's requests session, so it sees the requests exactly as sent and the
responses as received, whatever layer of the SDK made them.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

import openstack_core


@dataclass
class Exchange:
    """One HTTP request to the service and its response, as they went over the wire."""

    method: str
    url: str
    status: int
    request_headers: dict[str, str]
    response_headers: dict[str, str]
    #: The request's JSON body (None when there is none or it is not JSON, e.g. data).
    body: Any = None
    #: The response's JSON body (None unless the response is JSON).
    answer: Any = None

    @property
    def path(self) -> str:
        """The URL's path (``/v2.1/servers/<id>``)."""
        return urlsplit(self.url).path

    @property
    def query(self) -> dict[str, list[str]]:
        """The URL's query, decoded (``{"limit": ["2"]}``)."""
        return parse_qs(urlsplit(self.url).query)


@dataclass
class Wire:
    """Records the exchanges with the service at ``service_url`` (a requests response
    hook); the others, such as Keystone's token requests, are left out."""

    #: The service's endpoint as in the catalog, e.g. ``http://127.0.0.1:<port>/v2.1``.
    service_url: str
    exchanges: list[Exchange] = field(default_factory=list)

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        request = response.request
        url = str(request.url)
        if not _under(url, self.service_url):
            return
        self.exchanges.append(
            Exchange(
                method=str(request.method),
                url=url,
                status=response.status_code,
                request_headers=dict(request.headers),
                response_headers=dict(response.headers),
                body=_json_body(request.body),
                answer=_json_answer(response),
            )
        )

    def only(self, method: str, path_suffix: str = "") -> list[Exchange]:
        """The exchanges with this method whose path ends with ``path_suffix``."""
        return [e for e in self.exchanges if e.method == method and e.path.endswith(path_suffix)]


@contextlib.contextmanager
def record(conn: openstack_core.Connection, service_url: str) -> Iterator[Wire]:
    """Record ``conn``'s exchanges with the service at ``service_url`` inside the block."""
    wire = Wire(service_url)
    hooks = conn.session.session.hooks["response"]
    hooks.append(wire)
    try:
        yield wire
    finally:
        hooks.remove(wire)


def _under(url: str, base: str) -> bool:
    # A plain string prefix would also take http://127.0.0.1:50001 for a service on
    # port 5000, or /v2.10 for /v2.1: the prefix has to end where a URL part ends.
    base = base.rstrip("/")
    return url == base or url.startswith((f"{base}/", f"{base}?"))


def _json_body(body: object) -> Any:
    # Streamed uploads (file objects, generators) are neither bytes nor str; uploaded
    # data is bytes that do not decode as JSON.
    if not isinstance(body, bytes | str) or not body:
        return None
    try:
        return json.loads(body)
    except ValueError:  # UnicodeDecodeError included
        return None


def _json_answer(response: requests.Response) -> Any:
    # Only a JSON answer is read: reading a data download here would buffer the stream.
    if not response.headers.get("Content-Type", "").startswith("application/json"):
        return None
    try:
        return response.json()
    except ValueError:  # a JSON content type over an empty or cut-off body
        return None
