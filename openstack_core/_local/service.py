"""The base class of fakes, its routes, and the link-pagination helper.

A fake is a :class:`FakeService` subclass whose methods are declared as routes::

    class Fake(fakes.FakeService):
        service_type, api_version, plugin_api_version = "dns", 2, "2.0"

        @fakes.route("GET", "/v2/zones/{zone_id}")
        def get_zone(self, request, zone_id):
            ...

Routes are collected when the class is defined (``__init_subclass__``), compiled to
regular expressions once, and tried literal-first (``/servers/detail`` before
``/servers/{server_id}``). The dispatcher in :mod:`openstack_core._local.cloud` matches
them, checks the token, negotiates the microversion and calls the handler.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar

from openstack_core._local.clock import Clock
from openstack_core._local.http import Fault, Request, Response

if TYPE_CHECKING:
    from openstack_core._local.cloud import ServiceContext

__all__ = ["FakeService", "Page", "Route", "paginate", "route"]

F = TypeVar("F", bound=Callable[..., Any])
_PARAM = re.compile(r"\{(\w+)\}")
_ROUTES_ATTRIBUTE = "__fake_routes__"


class Route(NamedTuple):
    """One declared route of a fake."""

    method: str
    path: str
    handler: str  # the method's name on the service
    pattern: re.Pattern[str]
    params: tuple[str, ...]
    auth: bool  # a valid token is required
    microversioned: bool  # negotiate the microversion (microversioned services)

    @property
    def shape(self) -> tuple[int, str, str]:
        """(number of segments, first, second segment; "{}" for a parameter): the bucket
        of the route index."""
        segments = [*self.path.split("/"), "", ""]
        named = ["{}" if s.startswith("{") else s for s in segments[1:3]]
        return len(self.path.split("/")), named[0], named[1]


def route_index(routes: tuple[Route, ...]) -> dict[tuple[int, str, str], tuple[Route, ...]]:
    """Routes by their shape (segment count and first two segments), so matching a
    path tries a handful of patterns instead of every route."""
    index: dict[tuple[int, str, str], list[Route]] = {}
    for candidate in routes:
        index.setdefault(candidate.shape, []).append(candidate)
    return {key: tuple(found) for key, found in index.items()}


def candidates(index: dict[tuple[int, str, str], tuple[Route, ...]], path: str) -> list[Route]:
    """The routes that may match ``path``, literal ones first."""
    segments = [*path.split("/"), "", ""]
    count = len(path.split("/"))
    found: list[Route] = []
    for first in (segments[1], "{}"):
        for second in (segments[2], "{}"):
            found.extend(index.get((count, first, second), ()))
    return sorted(found, key=lambda r: (len(r.params), -len(r.path), r.path, r.method))


def route(
    method: str, path: str, *, auth: bool = True, microversioned: bool = True
) -> Callable[[F], F]:
    """Declare a method of a FakeService as the handler of ``method path``.

    ``path`` is relative to the service's URL prefix; ``{name}`` matches one path
    segment, percent-decoded and passed to the handler as a keyword argument.
    ``auth=False`` serves callers without a token (version documents);
    ``microversioned=False`` skips microversion negotiation. Stack several to serve
    several routes with one method.
    """
    method = method.upper()
    if not path.startswith("/") and path != "":
        raise ValueError(f"route path {path!r} must start with '/'")

    def declare(function: F) -> F:
        declared = list(getattr(function, _ROUTES_ATTRIBUTE, ()))
        declared.append((method, path, auth, microversioned))
        setattr(function, _ROUTES_ATTRIBUTE, tuple(declared))
        return function

    return declare


def _compile(path: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    names: list[str] = []
    parts: list[str] = []
    position = 0
    for match in _PARAM.finditer(path):
        parts.append(re.escape(path[position : match.start()]))
        parts.append(f"(?P<{match.group(1)}>[^/]+)")
        names.append(match.group(1))
        position = match.end()
    parts.append(re.escape(path[position:]))
    return re.compile("^" + "".join(parts) + "$"), tuple(names)


def _collect_routes(cls: type) -> tuple[Route, ...]:
    found: dict[tuple[str, str], Route] = {}
    catalog_path = str(getattr(cls, "catalog_path", "")).rstrip("/")
    if catalog_path:
        # The version document also answers on the catalog URL (keystoneauth asks there).
        for path in (catalog_path, catalog_path + "/"):
            pattern, params = _compile(path)
            found[("GET", path)] = Route(
                "GET", path, "_version_route", pattern, params, False, False
            )
    # Base classes first, so a subclass's route for the same method and path wins.
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            for method, path, auth, microversioned in getattr(value, _ROUTES_ATTRIBUTE, ()):
                pattern, params = _compile(path)
                found[(method, path)] = Route(
                    method, path, name, pattern, params, auth, microversioned
                )
    # Literal routes first: /servers/detail before /servers/{server_id}.
    return tuple(
        sorted(found.values(), key=lambda r: (len(r.params), -len(r.path), r.path, r.method))
    )


class FakeService:
    """The base class of a fake of one service version, served by the local cloud.

    Hooks (class attributes): ``service_type``, ``api_version`` and
    ``plugin_api_version`` (as on the plugin's Proxy, and as in the entry-point name
    ``<service-type>.v<major>`` under ``openstack_core.fakes``); ``prefix``, the URL
    path the service is served under (default: the service type); ``catalog_path``,
    appended to it in the catalog (``"/v2.1"``); ``version_id``; ``microversions``
    (``("2.1", "2.100")``) with ``microversion_name`` and
    ``legacy_microversion_header``; ``request_id_headers``; ``default_settings``.

    Hooks (methods): ``__init__`` (state of your own; call ``super().__init__``
    first), ``version_document(request)``, ``error(request, status, message,
    **details)``, ``dump_state()`` and ``load_state(data)``.

    Helpers: ``clock``, ``settings``, ``now()``, ``call()`` (a request to another
    fake, as the caller), and the routes themselves (``@fakes.route``).
    """

    service_type: ClassVar[str] = ""
    api_version: ClassVar[int] = 0
    plugin_api_version: ClassVar[str] = ""
    prefix: ClassVar[str] = ""
    catalog_path: ClassVar[str] = ""
    version_id: ClassVar[str] = ""
    microversions: ClassVar[tuple[str, str] | None] = None
    microversion_name: ClassVar[str] = ""
    legacy_microversion_header: ClassVar[str] = ""
    catalog_name: ClassVar[str] = ""
    request_id_headers: ClassVar[tuple[str, ...]] = ("x-openstack-request-id",)
    default_settings: ClassVar[Mapping[str, Any]] = {}

    _routes: ClassVar[tuple[Route, ...]] = ()
    _route_index: ClassVar[dict[tuple[int, str, str], tuple[Route, ...]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._routes = _collect_routes(cls)
        cls._route_index = route_index(cls._routes)
        if not cls.__module__.startswith("openstack_core."):
            from openstack_core import plugin_api

            plugin_api.verify_class(cls)

    def __init__(self, context: ServiceContext) -> None:
        self._context = context
        #: The local cloud's clock (shared by every fake).
        self.clock: Clock = context.clock
        #: This service's settings: ``default_settings`` updated with the cloud's.
        self.settings: dict[str, Any] = {**self.default_settings, **context.settings}

    # -- hooks -----------------------------------------------------------------------

    def version_document(self, request: Request) -> Response | dict[str, Any]:
        """The answer to ``GET`` on the service's prefix (``{"versions": [...]}``) and
        on its catalog URL (``{"version": {...}}``)."""
        entry = self.version_entry(request)
        if self.catalog_path and request.path.rstrip("/") == self.catalog_path.rstrip("/"):
            return {"version": entry}
        return {"versions": [entry]}

    def version_entry(self, request: Request) -> dict[str, Any]:
        """This version in a version document: id, status, link and microversions."""
        entry: dict[str, Any] = {
            "id": self.version_id or f"v{self.api_version}.0",
            "status": "CURRENT",
            "links": [{"rel": "self", "href": f"{request.service_url}{self.catalog_path}/"}],
        }
        if self.microversions is not None:
            entry["min_version"], entry["version"] = self.microversions
        else:
            entry["min_version"] = entry["version"] = ""
        return entry

    def error(self, request: Request, status: int, message: str, **details: Any) -> Response:
        """The service's error answer; by default Keystone's shape,
        ``{"error": {"code", "title", "message"}}``."""
        from openstack_core._local.http import status_title

        body = {"error": {"code": status, "title": status_title(status), "message": message}}
        return Response.json(body, status, details.get("headers"))

    def dump_state(self) -> Any:
        """The service's state as JSON-serialisable data (saved by ``--state``)."""
        return None

    def load_state(self, data: Any) -> None:
        """Take back what :meth:`dump_state` returned (after a restart)."""

    # -- helpers ---------------------------------------------------------------------

    def now(self) -> float:
        """The cloud's time in epoch seconds (``self.clock.now()``)."""
        return self.clock.now()

    def call(
        self,
        request: Request,
        service_type: str,
        method: str,
        path: str,
        *,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response | None:
        """Send ``method path`` to the fake of ``service_type`` as the caller of
        ``request`` (its token), as Nova asks Glance about an image; None when that
        fake is not installed."""
        return self._context.cloud.call_peer(request, service_type, method, path, json, headers)

    @route("GET", "", auth=False, microversioned=False)
    @route("GET", "/", auth=False, microversioned=False)
    def _version_route(self, request: Request) -> Response | dict[str, Any]:
        return self.version_document(request)

    def __repr__(self) -> str:
        return f"<{type(self).__qualname__} {self.service_type}.v{self.api_version}>"


class Page(NamedTuple):
    """One page of a listing: its items and the marker of the next page (None after
    the last page)."""

    items: list[Any]
    next_marker: str | None
    limit: int | None

    def next_query(self, request: Request) -> dict[str, Any] | None:
        """The request's query with this page's ``marker`` and ``limit``; None after
        the last page."""
        if self.next_marker is None:
            return None
        query: dict[str, Any] = {k: v for k, v in request.query.items() if k != "marker"}
        if self.limit is not None:
            query["limit"] = str(self.limit)
        query["marker"] = self.next_marker
        return query

    def next_link(self, request: Request, *, relative: bool = False) -> str | None:
        """The next page's URL: absolute (Nova's ``servers_links``) or ``path?query``
        (Glance's ``next``); None after the last page."""
        query = self.next_query(request)
        if query is None:
            return None
        if relative:
            return request.relative_link(request.path, query)
        return request.link(request.path, query)


def paginate(
    items: Sequence[Any] | Iterable[Any],
    request: Request,
    *,
    key: Callable[[Any], str] = lambda item: str(item["id"]),
    default_limit: int | None = None,
    max_limit: int | None = None,
    missing_marker: Callable[[str], Fault] | None = None,
) -> Page:
    """The page of ``items`` (already filtered and sorted) that ``?marker=&limit=``
    asks for, as OpenStack services page: the items after the marker, at most
    ``limit`` (``default_limit`` when absent, never more than ``max_limit``), and a
    next marker when the page is full. An unknown marker raises
    ``missing_marker(marker)`` (default: ``Fault(400, "marker [x] not found")``).
    """
    listing = list(items)
    limit = request.int_arg("limit", default_limit)
    if max_limit is not None:
        limit = max_limit if limit is None else min(limit, max_limit)
    marker = request.arg("marker")
    start = 0
    if marker is not None:
        for position, item in enumerate(listing):
            if key(item) == marker:
                start = position + 1
                break
        else:
            if missing_marker is not None:
                raise missing_marker(marker)
            raise Fault(400, f"marker [{marker}] not found")
    end = len(listing) if limit is None else start + limit
    page = listing[start:end]
    full = limit is not None and limit > 0 and len(page) == limit
    return Page(page, key(page[-1]) if full else None, limit)
