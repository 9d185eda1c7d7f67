"""The local cloud: every installed fake behind the fake Keystone, as one WSGI app.

:class:`LocalCloud` loads the fakes (``loader``), builds each with its settings and the
shared clock, serves them under ``<base_url>/<prefix>`` and lists them in the catalog.
:meth:`LocalCloud.handle` is the dispatcher both transports use (the in-process requests
session and the HTTP server call the WSGI callable, which calls it): it finds the
service by prefix and the route by path, checks the token (401 without a valid one),
negotiates the microversion, runs the handler under one lock (fakes need no locking of
their own), and shapes faults with the service's ``error()`` hook.
"""

from __future__ import annotations

import json as jsonlib
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import unquote

from openstack_core._local.accounts import DEFAULT_USERS, Accounts, SeededAccounts
from openstack_core._local.clock import Clock, request_id
from openstack_core._local.http import Fault, Request, Response, status_title
from openstack_core._local.keystone import Keystone
from openstack_core._local.service import FakeService, Route, candidates

__all__ = ["IN_PROCESS_URL", "REGION", "LocalCloud", "ServiceContext"]

LOG = logging.getLogger("openstack_core.local_cloud")
#: Where the in-process transport serves the cloud; ``.invalid`` never resolves, so a
#: request that escaped the transport could not reach any real host.
IN_PROCESS_URL = "http://local-cloud.invalid"
REGION = "RegionOne"
STATE_FORMAT = 1
_NOT_FOUND = "The resource could not be found."

StartResponse = Callable[[str, list[tuple[str, str]]], Any]


class ServiceContext:
    """What the cloud gives each fake: the clock, its settings, peers and the catalog."""

    def __init__(self, cloud: LocalCloud, settings: Mapping[str, Any]) -> None:
        self.clock = cloud.clock
        self.settings = dict(settings)
        #: The cloud: FakeService.call() reaches other fakes through it, Keystone
        #: reads the catalog from it.
        self.cloud = cloud


def _negotiate(service: FakeService, request: Request) -> str:
    """The microversion to serve: asked for in ``OpenStack-API-Version`` (or the
    legacy header), else the minimum; Fault(400/406) as Nova words it."""
    assert service.microversions is not None
    low, high = service.microversions
    name = (service.microversion_name or service.service_type).lower()
    wanted = None
    for part in request.headers.get("OpenStack-API-Version", "").split(","):
        words = part.split()
        if len(words) == 2 and words[0].lower() == name:
            wanted = words[1]
    if wanted is None and service.legacy_microversion_header:
        wanted = request.headers.get(service.legacy_microversion_header)
    if wanted is None:
        return low
    if wanted.strip().lower() == "latest":
        return high
    major, dot, minor = wanted.strip().partition(".")
    if not (major.isdigit() and dot and minor.isdigit()):
        raise Fault(
            400,
            f"API Version String {wanted} is of invalid format. Must be of format "
            "MajorNum.MinorNum.",
        )
    asked = (int(major), int(minor))

    def parse(text: str) -> tuple[int, int]:
        a, _, b = text.partition(".")
        return int(a), int(b)

    if not parse(low) <= asked <= parse(high):
        raise Fault(
            406,
            f"Version {wanted} is not supported by the API. Minimum is {low} and maximum "
            f"is {high}.",
        )
    return f"{asked[0]}.{asked[1]}"


class LocalCloud:
    """Keystone plus every installed fake, served under ``base_url``.

    ``fakes`` (``{service_type: FakeService class}``) replaces the installed ones;
    ``settings`` maps a service type to its settings (``{"compute": {"build_delay":
    0}}``); ``clock`` is shared by every fake (a frozen ``Clock(start=...)`` makes
    lifecycles testable without sleeping).
    """

    def __init__(
        self,
        *,
        base_url: str = IN_PROCESS_URL,
        clock: Clock | None = None,
        settings: Mapping[str, Mapping[str, Any]] | None = None,
        fakes: Mapping[str, type[FakeService]] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.clock = clock if clock is not None else Clock()
        self.settings = {k: dict(v) for k, v in (settings or {}).items()}
        self.problems: list[str] = []
        if fakes is None:
            from openstack_core._local.loader import installed_fakes

            fakes, self.problems = installed_fakes()
        self._lock = threading.RLock()
        accounts = fakes.get("identity", SeededAccounts)
        if not issubclass(accounts, Accounts):
            raise TypeError(
                f"{accounts.__qualname__}: a fake of identity extends the core's Keystone: "
                "subclass openstack_core.fakes.Accounts"
            )
        # Every Accounts finds the users to seed in its settings: the cloud's or the core's.
        identity = {"users": DEFAULT_USERS, **self.settings.get("identity", {})}
        self.identity = Keystone(ServiceContext(self, identity), accounts)
        self.services: dict[str, FakeService] = {"identity": self.identity}
        for service_type, cls in sorted(fakes.items()):
            if service_type != "identity":
                self.services[service_type] = cls(
                    ServiceContext(self, self.settings.get(service_type, {}))
                )
        # Each prefix with the fakes served under it, tried in order: the accounts answer
        # what Keystone has no route for.
        self._by_prefix: list[tuple[str, tuple[FakeService, ...]]] = []
        for service in self.services.values():
            prefix = "/" + (service.prefix or service.service_type).strip("/")
            clash = [s[0] for p, s in self._by_prefix if p == prefix]
            if clash:
                raise ValueError(
                    f"{service!r} and {clash[0]!r} are both served under {prefix}: give one "
                    "another prefix"
                )
            served = (service, self.identity.accounts) if service is self.identity else (service,)
            self._by_prefix.append((prefix, served))
        self._by_prefix.sort(key=lambda item: -len(item[0]))
        self._orphan_state: dict[str, Any] = {}
        self._catalog: list[dict[str, Any]] | None = None
        self._tokens: dict[str, str] = {}

    # -- addresses --------------------------------------------------------------------

    @property
    def auth_url(self) -> str:
        """Keystone's v3 URL, what clouds.yaml's ``auth_url`` holds."""
        return f"{self.base_url}/identity/v3"

    def url_of(self, service_type: str) -> str:
        """The catalog URL of a service."""
        service = self.services[service_type]
        return f"{self.base_url}/{(service.prefix or service.service_type).strip('/')}" + (
            service.catalog_path.rstrip("/")
        )

    def catalog(self) -> list[dict[str, Any]]:
        """Every served service (public, internal and admin endpoints in RegionOne) and
        the services registered with Keystone's catalog API."""
        return [*self.served_catalog(), *self.identity.registered_catalog()]

    def served_catalog(self) -> list[dict[str, Any]]:
        """The served services' entries of the catalog (computed once)."""
        if self._catalog is None:
            catalog = []
            for service_type, service in self.services.items():
                ns = uuid.uuid5(uuid.NAMESPACE_URL, f"openstack-core-local/{service_type}")
                url = self.url_of(service_type)
                catalog.append(
                    {
                        "id": ns.hex,
                        "type": service_type,
                        "name": service.catalog_name or service_type,
                        "endpoints": [
                            {
                                "id": uuid.uuid5(ns, interface).hex,
                                "interface": interface,
                                "region": REGION,
                                "region_id": REGION,
                                "url": url,
                            }
                            for interface in ("public", "internal", "admin")
                        ],
                    }
                )
            self._catalog = catalog
        return self._catalog

    def fake(self, service_type: str) -> FakeService:
        """The fake serving ``service_type`` (to read or tune its state and settings);
        for ``identity``, the accounts behind Keystone (an identity plugin's fake)."""
        if service_type == "identity":
            return self.identity.accounts
        try:
            return self.services[service_type]
        except KeyError:
            served = ", ".join(sorted(self.services))
            raise KeyError(
                f"the local cloud serves no {service_type!r} (it serves {served}); install "
                "the plugin that ships its fake"
            ) from None

    def session(self, user: str = "demo") -> Any:
        """A keystoneauth1 Session of ``user`` whose requests to this cloud's URL are
        served in this process: no socket is opened for them."""
        from keystoneauth1 import session as ks_session
        from keystoneauth1.identity import v3

        from openstack_core._local.transport import InProcessSession

        credentials = self.identity.credentials(user)
        auth = v3.Password(
            auth_url=self.auth_url,
            username=credentials["username"],
            password=credentials["password"],
            project_name=credentials["project_name"],
            user_domain_id="default",
            project_domain_id="default",
        )
        return ks_session.Session(auth=auth, session=InProcessSession(self, self.base_url))

    def token(self, user: str = "demo") -> str:
        """A token of ``user`` (password auth, scoped to the user's project), reused
        while it is valid."""
        cached = self._tokens.get(user)
        if cached is not None and self.identity.validate(cached) is not None:
            return cached
        credentials = self.identity.credentials(user)
        body = {
            "auth": {
                "identity": {
                    "methods": ["password"],
                    "password": {
                        "user": {
                            "name": credentials["username"],
                            "domain": {"id": "default"},
                            "password": credentials["password"],
                        }
                    },
                },
                "scope": {
                    "project": {"name": credentials["project_name"], "domain": {"id": "default"}}
                },
            }
        }
        answer = self.handle(
            "POST",
            "/identity/v3/auth/tokens",
            body=jsonlib.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        self._tokens[user] = str(answer.headers["X-Subject-Token"])
        return self._tokens[user]

    def request(
        self,
        method: str,
        path: str,
        *,
        user: str | None = "demo",
        json: Any = None,
        data: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        microversion: str | None = None,
    ) -> Response:
        """One HTTP-level request as ``user`` (None: without a token), for tests of
        fakes: ``cloud.request("GET", "/compute/v2.1/servers", microversion="2.79")``."""
        sent = dict(headers or {})
        if user is not None:
            sent.setdefault("X-Auth-Token", self.token(user))
        body = data or b""
        if json is not None:
            body = jsonlib.dumps(json).encode()
            sent.setdefault("Content-Type", "application/json")
        if microversion is not None:
            found = self._service_for(path.partition("?")[0])
            if found is not None:
                service = found[0][0]
                name = service.microversion_name or service.service_type
                sent["OpenStack-API-Version"] = f"{name} {microversion}"
        path, _, query = path.partition("?")
        return self.handle(method, path, query, sent, body)

    # -- dispatch ---------------------------------------------------------------------

    def _service_for(self, path: str) -> tuple[tuple[FakeService, ...], str, str] | None:
        for prefix, services in self._by_prefix:
            if path == prefix or path.startswith(prefix + "/"):
                return services, prefix, path[len(prefix) :]
        return None

    @staticmethod
    def _route(
        services: tuple[FakeService, ...], method: str, path: str
    ) -> tuple[FakeService, Route | None, dict[str, str], list[str]]:
        """The first of ``services`` with a route for ``method path``, the route and its
        parameters; else the first service, None and the methods the path allows."""
        allowed: list[str] = []
        for service in services:
            for candidate in candidates(service._route_index, path):
                match = candidate.pattern.match(path)
                if match is None:
                    continue
                if candidate.method == method or (method == "HEAD" and candidate.method == "GET"):
                    params = {k: unquote(v) for k, v in match.groupdict().items()}
                    return service, candidate, params, allowed
                allowed.append(candidate.method)
        return services[0], None, {}, allowed

    def handle(
        self,
        method: str,
        path: str,
        query_string: str = "",
        headers: Mapping[str, str] | None = None,
        body: bytes = b"",
    ) -> Response:
        """Answer one request (``path`` from the root, e.g. ``/compute/v2.1/servers``)."""
        found = self._service_for(path)
        if found is None:
            return Response.json(
                {"error": {"code": 404, "title": "Not Found", "message": _NOT_FOUND}}, 404
            )
        services, prefix, rest = found
        request = Request(
            method,
            root_url=self.base_url,
            service_url=self.base_url + prefix,
            path=rest,
            query_string=query_string,
            headers=headers,
            body=body,
            request_id=request_id(),
        )
        service, response = self._answer(services, request)
        for name in service.request_id_headers:
            response.headers.setdefault(name, request.request_id)
        if request.microversion is not None and service.microversions is not None:
            name = service.microversion_name or service.service_type
            response.headers["OpenStack-API-Version"] = f"{name} {request.microversion}"
            vary = ["OpenStack-API-Version"]
            if service.legacy_microversion_header:
                response.headers[service.legacy_microversion_header] = request.microversion
                vary.append(service.legacy_microversion_header)
            response.headers["Vary"] = ", ".join(vary)
        if isinstance(response.body, bytes):
            response.headers["Content-Length"] = str(len(response.body))
        if method == "HEAD":
            response.body = b""
        return response

    def _answer(
        self, services: tuple[FakeService, ...], request: Request
    ) -> tuple[FakeService, Response]:
        """The service that answered and its answer."""
        service, route, params, allowed = self._route(services, request.method, request.path)
        try:
            if route is None:
                if allowed:
                    raise Fault(
                        405,
                        "The method is not allowed for this resource.",
                        headers={"Allow": ", ".join(sorted(set(allowed)))},
                    )
                raise Fault(404, _NOT_FOUND)
            request.params = params
            with self._lock:
                if route.auth:
                    self._authorize(service, request)
                if route.microversioned and service.microversions is not None:
                    request.microversion = _negotiate(service, request)
                try:
                    result = getattr(service, route.handler)(request, **params)
                finally:
                    if service is self.identity.accounts and request.method not in ("GET", "HEAD"):
                        self.identity.accounts_changed()
            return service, _as_response(result)
        except Fault as fault:
            return service, self._fault(service, request, fault)
        except Exception as exc:
            LOG.exception(
                "the fake of %s failed on %s %s", service.service_type, request.method, request.path
            )
            failure = Fault(
                500,
                f"The local cloud's fake of {service.service_type} failed: "
                f"{type(exc).__name__}: {exc}",
            )
            return service, self._fault(service, request, failure)

    def _authorize(self, service: FakeService, request: Request) -> None:
        """Who sent the request, from its token; Fault(401) without a valid token, or
        with one whose application credential's access rules do not allow it."""
        token = request.headers.get("X-Auth-Token")
        request.auth = self.identity.validate(token)
        if request.auth is None or not self.identity.allows(
            token, service.service_type, request.method, request.path
        ):
            raise Fault(
                401,
                _UNAUTHORIZED,
                headers={"WWW-Authenticate": f'Keystone uri="{self.auth_url}"'},
            )

    def _fault(self, service: FakeService, request: Request, fault: Fault) -> Response:
        try:
            response = service.error(request, fault.status, fault.message, **fault.details)
            # Headers the fault needs (Allow, WWW-Authenticate) whatever the hook does.
            for name, value in (fault.details.get("headers") or {}).items():
                response.headers.setdefault(name, value)
            return response
        except Exception:
            LOG.exception("the error hook of the fake of %s failed", service.service_type)
            body = {
                "error": {
                    "code": fault.status,
                    "title": status_title(fault.status),
                    "message": fault.message,
                }
            }
            return Response.json(body, fault.status)

    def call_peer(
        self,
        request: Request,
        service_type: str,
        method: str,
        path: str,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> Response | None:
        """``method path`` on another fake (path relative to its prefix), with the token
        of ``request``; None when that fake is not served."""
        service = self.services.get(service_type)
        if service is None:
            return None
        prefix = "/" + (service.prefix or service.service_type).strip("/")
        sent = {"X-Auth-Token": request.headers.get("X-Auth-Token", "")}
        sent.update(headers or {})
        body = b""
        if json is not None:
            body = jsonlib.dumps(json).encode()
            sent["Content-Type"] = "application/json"
        path, _, query = path.partition("?")
        with self._lock:
            return self.handle(method, prefix + path, query, sent, body)

    # -- WSGI -------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """The WSGI application both transports serve."""
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        if environ.get("CONTENT_TYPE"):
            headers["Content-Type"] = environ["CONTENT_TYPE"]
        length = environ.get("CONTENT_LENGTH") or ""
        stream = environ.get("wsgi.input")
        body = b""
        if stream is not None:
            body = stream.read(int(length)) if length.isdigit() else stream.read()
        path = environ.get("PATH_INFO", "/")
        if isinstance(path, str):
            # PEP 3333: PATH_INFO is latin-1 decoded bytes; keep it percent-encoded.
            from urllib.parse import quote

            path = quote(path.encode("latin-1"), safe="/%:@!$&'()*+,;=~-._")
        response = self.handle(
            environ.get("REQUEST_METHOD", "GET"),
            path,
            environ.get("QUERY_STRING", ""),
            headers,
            body,
        )
        status = f"{response.status} {status_title(response.status)}"
        start_response(status, list(response.headers.items()))
        if isinstance(response.body, bytes):
            return [response.body]
        return response.body

    # -- state ------------------------------------------------------------------------

    def dump_state(self) -> dict[str, Any]:
        """Every service's state (and that of services no longer installed): the live
        data, not a copy; serialise it (JSON) before the cloud changes again."""
        with self._lock:
            services = dict(self._orphan_state)
            for service_type, service in self.services.items():
                services[service_type] = service.dump_state()
            return {"format": STATE_FORMAT, "services": services}

    def load_state(self, data: Mapping[str, Any]) -> None:
        """Restore what :meth:`dump_state` returned; ValueError if it is not such data."""
        if not isinstance(data, Mapping) or data.get("format") != STATE_FORMAT:
            raise ValueError(f"not local cloud state of format {STATE_FORMAT}")
        services = data.get("services")
        if not isinstance(services, Mapping):
            raise ValueError("its 'services' is not a mapping")
        with self._lock:
            for service_type, state in services.items():
                service = self.services.get(service_type)
                if service is None:
                    self._orphan_state[service_type] = state
                elif state is not None:
                    service.load_state(state)

    def __repr__(self) -> str:
        return f"<LocalCloud {self.base_url} services={sorted(self.services)}>"


_UNAUTHORIZED = "The request you have made requires authentication."


def _as_response(result: Any) -> Response:
    if isinstance(result, Response):
        return result
    if result is None:
        return Response.empty()
    return Response.json(result)
