"""The observer machinery: one record per call of :meth:`Proxy.request`, handed to whoever
listens.

Who listens, in the order a finished call reaches them:

1. scopes opened before the call (the OpenTelemetry span, which must be current while
   the request is sent and puts ``traceparent`` into its headers), closed first;
2. the Proxy's observers: the metric backends configured for its Connection
   (:mod:`openstack_core._observe_config`) and ``Connection(observers=[...])``;
3. the process-wide observers of :func:`add_observer`;
4. the ``openstack_core.http`` logger, one DEBUG line per call when it is enabled;
5. the plugin's ``on_response`` hook, when the plugin overrides it.

Nothing here runs when nothing listens: :meth:`Proxy.request` creates a :class:`Call`
only when its precomputed ``_observed`` flag is set or :func:`wanted` says so (a
process-wide observer, or the logger enabled for DEBUG). An observer that raises is
logged (once with its traceback, then at DEBUG) and never breaks the call; the plugin's
``on_response`` keeps its documented contract (its error reaches the caller).

URL templates keep label and metric-name cardinality bounded; see :func:`url_template`.
This module imports no third-party library: every backend lives in a module of its own,
imported only when configured.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    import requests

    from openstack_core.proxy import Proxy, RequestRecord

__all__ = [
    "Backend",
    "Call",
    "Observer",
    "add_observer",
    "metric_name",
    "redacted_url",
    "remove_observer",
    "url_template",
    "wanted",
]

#: The logger of the one-line-per-call DEBUG log.
LOG = logging.getLogger("openstack_core.http")
_DEBUG = logging.DEBUG
_REQUEST_ID_HEADERS = ("x-openstack-request-id", "x-compute-request-id")


class Observer(Protocol):
    """What :func:`add_observer` and ``Connection(observers=...)`` accept: a callable
    that receives the :class:`~openstack_core.proxy.RequestRecord` of every call."""

    def __call__(self, record: RequestRecord, /) -> None: ...


class Backend:
    """Base of the built-in observers (statsd, Prometheus, InfluxDB, OpenTelemetry).

    A backend is an :class:`Observer`; a tracing backend also opens a scope before the
    call (:meth:`open`), and a backend holding sockets or threads releases them in
    :meth:`close`, which the Connection that built it calls.
    """

    #: True when :meth:`open` must run before each call.
    opens_scope = False

    def __call__(self, record: RequestRecord, /) -> None:
        """Report one finished call."""

    def open(self, call: Call, kwargs: dict[str, Any]) -> Callable[[RequestRecord], None]:
        """Before the call: start a scope; may add headers to ``kwargs["headers"]``.
        Returns what closes the scope with the call's record."""
        raise NotImplementedError

    def close(self) -> None:
        """Flush and release what the backend holds."""


# -- process-wide observers ------------------------------------------------------------

# A tuple replaced under a lock, never mutated: a request reads it without locking.
_GLOBAL: tuple[Observer, ...] = ()
_GLOBAL_LOCK = threading.Lock()


def add_observer(observer: Observer) -> Observer:
    """Receive the record of every call of every service of every Connection in this
    process; returns ``observer`` (usable as a decorator)."""
    global _GLOBAL
    if not callable(observer):
        raise TypeError(f"an observer is a callable taking a RequestRecord, not {observer!r}")
    with _GLOBAL_LOCK:
        _GLOBAL = (*_GLOBAL, observer)
    return observer


def remove_observer(observer: Observer) -> None:
    """Stop sending records to ``observer`` (added with :func:`add_observer`); nothing
    happens when it is not there."""
    global _GLOBAL
    with _GLOBAL_LOCK:
        found = list(_GLOBAL)
        if observer in found:
            found.remove(observer)
            _GLOBAL = tuple(found)


def wanted() -> bool:
    """Whether calls of Proxies with no observer of their own are observed now."""
    return bool(_GLOBAL) or LOG.isEnabledFor(_DEBUG)


# -- one call ----------------------------------------------------------------------------


class Call:
    """One call of :meth:`Proxy.request` in flight, from before it is sent to its end."""

    __slots__ = ("closers", "method", "microversion", "proxy", "started", "url")

    def __init__(self, proxy: Proxy, method: str, url: str, kwargs: dict[str, Any]) -> None:
        self.proxy = proxy
        self.method = method.upper()
        self.url = url
        microversion = kwargs.get("microversion") or proxy.default_microversion
        self.microversion = str(microversion) if microversion else None
        self.closers: list[tuple[Backend, Callable[[RequestRecord], None]]] = []
        for backend in proxy._scope_openers:
            try:
                self.closers.append((backend, backend.open(self, kwargs)))
            except Exception:
                _failed(backend, "open")
        self.started = time.perf_counter()

    def template(self) -> str:
        """The call's URL template (see :func:`url_template`)."""
        return url_template(self.url, endpoint_of(self.proxy))

    def end(
        self,
        response: requests.Response | None,
        exception: BaseException | None,
    ) -> RequestRecord:
        """The call ended: build its record and hand it to everyone listening."""
        elapsed = time.perf_counter() - self.started
        proxy = self.proxy
        request = response.request if response is not None else None
        url = (request.url if request is not None else None) or self.url
        request_id = None
        if response is not None:
            headers = response.headers
            for name in _REQUEST_ID_HEADERS:
                request_id = headers.get(name)
                if request_id:
                    break
        record = type(proxy)._record_type(
            service_type=type(proxy).service_type,
            method=self.method,
            url=url,
            status_code=response.status_code if response is not None else None,
            elapsed=elapsed,
            response=response,
            exception=exception,
            url_template=url_template(url, endpoint_of(proxy)),
            request_id=request_id,
            microversion=self.microversion,
            region_name=proxy.region_name,
        )
        for backend, close in reversed(self.closers):
            try:
                close(record)
            except Exception:
                _failed(backend, "close")
        for observer in proxy._observers:
            try:
                observer(record)
            except Exception:
                _failed(observer, "observer")
        for observer in _GLOBAL:
            try:
                observer(record)
            except Exception:
                _failed(observer, "observer")
        if LOG.isEnabledFor(_DEBUG):
            log_record(record)
        if proxy._has_response_hook:
            proxy._call_response_hook(record)
        return record


_warned: set[int] = set()


def _failed(what: object, role: str) -> None:
    """Log an observer's failure: the first one of each observer with its traceback at
    WARNING, later ones at DEBUG, so a broken observer cannot flood the log."""
    name = getattr(what, "__qualname__", None) or type(what).__qualname__
    if id(what) in _warned:
        LOG.debug("%s %s failed again", role, name, exc_info=True)
        return
    _warned.add(id(what))
    LOG.warning(
        "%s %s raised; the call itself went on (later failures are logged at DEBUG)",
        role,
        name,
        exc_info=True,
    )


def log_record(record: RequestRecord) -> None:
    """The DEBUG line of one call: method, URL (credentials removed), status or error,
    duration, service, microversion and request id; never headers or bodies."""
    if record.status_code is not None:
        outcome = str(record.status_code)
    else:
        error = record.exception
        outcome = f"failed ({type(error).__name__})" if error is not None else "failed"
    LOG.debug(
        "%s %s %s in %.1f ms (%s%s, request id %s)",
        record.method,
        redacted_url(record.url),
        outcome,
        record.elapsed * 1000,
        record.service_type,
        f" {record.microversion}" if record.microversion else "",
        record.request_id or "none",
    )


# -- URLs --------------------------------------------------------------------------------

_VERSION = re.compile(r"^v\d+(\.\d+)*$")
# Keystone project ids (uuid4 hex), also as Swift's AUTH_<id> account.
_PROJECT = re.compile(r"^(AUTH_)?[0-9a-f]{32}$")
_UUID = re.compile(r"^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$", re.I)
_PLACEHOLDER = re.compile(r"%\(\w+\)s")
_SECRET_PARAMS = ("sig", "signature", "token", "password", "secret", "credential")


def endpoint_of(proxy: Proxy) -> str | None:
    """The endpoint the Proxy's requests go to, when it is already known."""
    return proxy.endpoint_override or proxy._resolved_endpoint


@functools.lru_cache(maxsize=1024)
def url_template(url: str, endpoint: str | None = None) -> str:
    """The path of ``url`` with its ids replaced, e.g. ``/v2.1/servers/{id}/action``.

    The part of the path that is the service's ``endpoint`` is kept (a project id in it
    becomes ``{project_id}``); below it, as openstacksdk derives its metric names,
    segments alternate between a collection and an id: every second segment is
    ``{id}``, except a last ``detail`` (``/servers/detail``). Without a known endpoint,
    or when the URL is not under it, the endpoint part is everything up to the first
    version segment (``v2.1``). A segment that looks like a UUID is ``{id}`` wherever
    it is; what follows Keystone's ``auth`` (``/v3/auth/tokens``) is a name. The result
    has one value per API route, never one per resource.
    """
    if "://" in url:
        path = urlsplit(url).path
        relative = False
    else:
        path = url.split("?", 1)[0]
        relative = True
    segments = [s for s in path.split("/") if s]
    prefix: list[str] = []
    base = [s for s in urlsplit(endpoint).path.split("/") if s] if endpoint else None
    if relative:
        prefix = base or []
    elif base is not None and _starts_with(segments, base):
        prefix, segments = segments[: len(base)], segments[len(base) :]
    else:
        for index, segment in enumerate(segments):
            if _VERSION.match(segment):
                prefix, segments = segments[: index + 1], segments[index + 1 :]
                break
    parts = ["{project_id}" if _is_project(s) else s for s in prefix]
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        named = (index == last and segment == "detail") or (index and segments[index - 1] == "auth")
        if (index % 2 and not named) or _UUID.match(segment):
            parts.append("{id}")
        else:
            parts.append(segment)
    return "/" + "/".join(parts)


def _is_project(segment: str) -> bool:
    return bool(_PROJECT.match(segment) or _PLACEHOLDER.fullmatch(segment))


def _starts_with(segments: list[str], base: list[str]) -> bool:
    if len(segments) < len(base):
        return False
    for segment, expected in zip(segments, base, strict=False):
        if segment != expected and not (_PLACEHOLDER.search(expected) and segment):
            return False
    return True


def metric_name(template: str) -> str:
    """openstacksdk's metric name of a URL, from its template: ``/v2.1/servers/{id}``
    -> ``server``, ``/v2.1/servers/detail`` -> ``servers_detail``,
    ``/v2.1/servers/{id}/os-volume_attachments`` -> ``server_os-volume_attachments``,
    ``/v2.0/networks.json`` -> ``networks``, a version document -> ``discovery``,
    Keystone's ``/v3/auth/tokens`` -> ``tokens``. Dots and colons become ``_``."""
    parts = [p for p in template.split("/") if p and p != "{project_id}"]
    if parts and parts[-1].endswith(".json"):
        parts[-1] = parts[-1][: -len(".json")]
    if template.endswith("tokens"):
        names = ["tokens"]
    elif parts and parts[-1] == "detail":
        names = parts[-2:]
    else:
        if parts and _VERSION.match(parts[0]):
            parts = parts[1:]
        names = []
        for index in range(0, len(parts), 2):
            part = parts[index]
            if not part:
                continue
            # A collection followed by an id names one member: "servers" -> "server".
            if index + 1 < len(parts) and part.endswith("s") and not part.endswith("is"):
                part = part[:-1]
            names.append(part)
    names = [n for n in names if n and n != "{id}"] or ["discovery"]
    return "_".join(n.replace(".", "_").replace(":", "_") for n in names)


def redacted_url(url: str) -> str:
    """``url`` without user information and with the values of query parameters that
    carry credentials (signatures, tokens, passwords) replaced by ``***``."""
    if "@" not in url and not any(word in url.lower() for word in _SECRET_PARAMS):
        return url
    parts = urlsplit(url)
    netloc = parts.netloc.rsplit("@", 1)[-1]
    query = parts.query
    if query:
        pairs = [
            (k, "***" if any(word in k.lower() for word in _SECRET_PARAMS) else v)
            for k, v in parse_qsl(query, keep_blank_values=True)
        ]
        query = urlencode(pairs, safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def closing(backends: Iterable[Backend]) -> None:
    """Close every backend; one that fails to close is logged, the others still close."""
    for backend in backends:
        try:
            backend.close()
        except Exception:
            _failed(backend, "close")
