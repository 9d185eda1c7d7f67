"""The Proxy: one service at one major version, on top of a keystoneauth1 Adapter.

Service plugins subclass :class:`Proxy`, declare the contract attributes
(``service_type``, ``api_version``, ``plugin_api_version``, optionally
``service_aliases``) and write their public methods (``servers()``, ``get_server()``,
...) with the generic helpers ``_get``, ``_list``, ``_find``, ``_create``, ``_update``,
``_delete``, ``_head`` and ``_wait_for_status``.

keystoneauth1 does everything HTTP-level: catalog lookup, version discovery,
microversion headers, connect and status-code retries (honouring ``Retry-After``).
The Proxy adds our exceptions, microversion negotiation (:meth:`Proxy.microversion_for`)
and the public hooks a plugin may override: :meth:`Proxy.requests_auth` (per-service
signing), :meth:`Proxy.exception_for_response` (per-service error mapping),
:meth:`Proxy.on_response` (per-service metrics), ``endpoint_template`` and
``catalog_types`` (how the endpoint is found), all part of the plugin API
(``docs/plugins.md``).
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar

from keystoneauth1 import adapter, discover
from keystoneauth1 import exceptions as ksa_exc

from openstack_core import _microversions, exceptions
from openstack_core import resource as _resource

if TYPE_CHECKING:
    import requests
    import requests.auth
    from keystoneauth1 import session as ks_session

__all__ = ["Proxy", "RequestRecord"]

R = TypeVar("R", bound=_resource.Resource)

# keystoneauth1 fills these in endpoint overrides on every request.
_SUBSTITUTION = re.compile(r"%\((project_id|user_id)\)s")


# A NamedTuple rather than a frozen dataclass: importing dataclasses (with inspect, ast
# and dis) costs about 3 ms of ``import openstack_core``.
class RequestRecord(NamedTuple):
    """What :meth:`Proxy.on_response` learns about one call of :meth:`Proxy.request`.

    ``url`` is the absolute URL when a response arrived, else the URL as given to
    ``request``. ``status_code`` and ``response`` are None when no response arrived
    (connection failure, authentication failure, no endpoint); ``exception`` is then the
    error the caller gets. ``elapsed`` is the wall time of the call in seconds, including
    keystoneauth1's retries and any authentication the call triggered.
    """

    service_type: str
    method: str
    url: str
    status_code: int | None
    elapsed: float
    response: requests.Response | None
    exception: exceptions.SDKException | None


_LOG = logging.getLogger(__name__)


class Proxy(adapter.Adapter):
    """Base class of every service plugin's versioned proxy.

    Construct it like a keystoneauth1 Adapter: ``Proxy(session, region_name=...,
    interface=..., endpoint_override=..., default_microversion=...)``; Connection does
    that for installed plugins.
    """

    #: Official service type (os-service-types), e.g. ``"compute"``. Required.
    service_type = ""
    #: Major API version this proxy speaks, e.g. ``2``. Required.
    api_version: ClassVar[int] = 0
    #: Version of the plugin API the plugin was written for, e.g. ``"1.0"``. Required.
    plugin_api_version: ClassVar[str] = ""
    #: Extra names for service types os-service-types does not know (``("dns",)``):
    #: Connection attribute names only; see ``catalog_types`` for the catalog.
    service_aliases: ClassVar[tuple[str, ...]] = ()
    #: Other types the service catalog may list this service under (``("acme-dns",)``),
    #: tried in order when the catalog has no ``service_type`` entry.
    catalog_types: ClassVar[tuple[str, ...]] = ()
    #: Whether the service's API has microversions. The checker then requires
    #: ``_max_microversion`` on every Resource with a ``base_path``.
    microversioned: ClassVar[bool] = False
    #: HTTP status codes keystoneauth1 retries (with ``status_code_retries``). A tuple:
    #: a class attribute shared by every instance and subclass must not be mutable.
    #: Each instance gives keystoneauth1 a list of its own, which is why keystoneauth1's
    #: ``list`` annotation of this (instance) attribute is overridden here.
    retriable_status_codes: tuple[int, ...] = (503,)  # type: ignore[assignment]
    #: How the endpoint is built from the catalog's URL, e.g.
    #: ``"{endpoint}/v2/%(project_id)s"``: ``{endpoint}`` is the catalog URL and
    #: keystoneauth1 fills ``%(project_id)s`` and ``%(user_id)s`` on every request.
    #: A user's ``<service>_endpoint_override`` still wins.
    endpoint_template: ClassVar[str | None] = None

    def __init__(
        self,
        session: ks_session.Session,
        *,
        service_options: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        #: The user's ``<service>_*`` config keys with the prefix removed (e.g.
        #: ``dns_access_key`` -> ``access_key``): where a plugin reads its own settings.
        self.service_options: dict[str, Any] = dict(service_options or {})
        kwargs.setdefault("service_type", type(self).service_type or None)
        kwargs.setdefault("retriable_status_codes", list(type(self).retriable_status_codes or ()))
        super().__init__(session, **kwargs)
        self._version_range: tuple[Any, Any] | None = None
        self._template_pending = (
            type(self).endpoint_template is not None and not self.endpoint_override
        )
        self._catalog_type_pending = bool(type(self).catalog_types) and not self.endpoint_override
        # Passed per request, not set as endpoint_override: keystoneauth1's version
        # discovery would otherwise query the unsubstituted %(project_id)s URL.
        self._templated_endpoint: str | None = None
        # The endpoint resolved from the catalog and version discovery, and the token
        # (access info) it was resolved with; see _endpoint_for_request.
        self._resolved_endpoint: str | None = None
        self._resolved_with: object = None

    def __repr__(self) -> str:
        cls = type(self)
        return (
            f"<{cls.__module__}.{cls.__qualname__} service_type={self.service_type!r} "
            f"region={self.region_name!r}>"
        )

    # -- public hooks -------------------------------------------------------------------

    def requests_auth(self) -> requests.auth.AuthBase | None:
        """A ``requests`` auth object applied to this service's requests only.

        Override it for services that sign each request (e.g. AK/SK signatures); the
        token from the Session is still sent unless the plugin removes it.
        """
        return None

    def exception_for_response(
        self, response: requests.Response, error_message: str | None = None
    ) -> exceptions.HttpException:
        """The exception for an HTTP error response of this service.

        Override it when the service's error bodies have a shape of their own; other
        services are not affected. ``error_message`` is the caller's context, e.g.
        ``"No Server found for abc"``.
        """
        return exceptions.exception_from_response(response, error_message=error_message)

    def on_response(self, record: RequestRecord) -> None:
        """Called once per :meth:`request` of this service, after it ended.

        Override it to count, time or trace this service's calls (metrics); other
        services are not affected. ``record`` says what was called and how it ended. It
        runs on the caller's thread, so keep it cheap; an exception it raises reaches the
        caller as an SDKException naming this hook.
        """

    # -- HTTP ---------------------------------------------------------------------------

    def request(
        self,
        url: str,
        method: str,
        *,
        error_message: str | None = None,
        raise_exc: bool = True,
        **kwargs: Any,
    ) -> requests.Response:
        """Send a request through keystoneauth1; HTTP errors raise our exceptions.

        ``raise_exc=False`` returns error responses instead of raising.
        """
        auth = self.requests_auth()
        if auth is not None:
            kwargs.setdefault("requests_auth", auth)
        observed = type(self).on_response is not Proxy.on_response
        started = time.perf_counter() if observed else 0.0
        try:
            self._prepare_endpoint()
            if self._templated_endpoint is not None:
                kwargs.setdefault("endpoint_override", self._templated_endpoint)
            elif (
                not self.endpoint_override
                and "endpoint_override" not in kwargs
                and "endpoint_filter" not in kwargs
                and "://" not in url
            ):
                endpoint = self._endpoint_for_request()
                if endpoint is not None:
                    kwargs["endpoint_override"] = endpoint
            if self.service_type != type(self).service_type:
                # Found under one of catalog_types: the header still names the service.
                kwargs.setdefault("microversion_service_type", type(self).service_type)
            response = super().request(url, method, raise_exc=False, **kwargs)
        except ksa_exc.ClientException as exc:
            # Never this service's own answer (raise_exc=False): authentication, catalog
            # or discovery failed, so the default mapping applies, not the service's hook.
            error = self._translate_ksa_error(exc, method, url)
            if observed:
                self._observe(method, url, None, started, error)
            raise error from exc
        if observed:
            self._observe(method, url, response, started, None)
        if raise_exc and response.status_code >= 400:
            raise self._exception_from_hook(response, error_message)
        return response

    def _observe(
        self,
        method: str,
        url: str,
        response: requests.Response | None,
        started: float,
        error: exceptions.SDKException | None,
    ) -> None:
        request = response.request if response is not None else None
        record = RequestRecord(
            service_type=type(self).service_type,
            method=method,
            url=(request.url if request is not None else None) or url,
            status_code=response.status_code if response is not None else None,
            elapsed=time.perf_counter() - started,
            response=response,
            exception=error,
        )
        try:
            self.on_response(record)
        except Exception as exc:
            raise exceptions.SDKException(
                f"{_hook_name(self, 'on_response')} raised {type(exc).__name__}: {exc} "
                f"(after {method} {record.url}); fix or report the plugin"
            ) from exc

    def _exception_from_hook(
        self, response: requests.Response, error_message: str | None
    ) -> exceptions.SDKException:
        """The plugin's mapping of an error response; the default one if the hook fails."""
        try:
            error = self.exception_for_response(response, error_message)
        except exceptions.SDKException:
            raise  # the plugin chose to raise instead of returning: its decision
        except Exception as exc:
            hook_error: Exception = exc
        else:
            if isinstance(error, exceptions.SDKException):
                return error
            hook_error = TypeError(f"returned {error!r}, not an SDKException")
        # A broken hook must not hide the service's error: map it the default way and
        # say which plugin hook failed, with its exception as the cause.
        default = exceptions.exception_from_response(response, error_message=error_message)
        note = f"{_hook_name(self, 'exception_for_response')} failed: {hook_error}"
        mapped = exceptions.exception_from_response(
            response,
            cls=type(default),
            details=f"{default.details}; {note}" if default.details else note,
        )
        mapped.__cause__ = hook_error
        return mapped

    def _endpoint_for_request(self) -> str | None:
        """The service endpoint, resolved once per token instead of once per request.

        Left to itself, keystoneauth1 looks the endpoint up again for every request of
        an Adapter that asks for a major version: catalog filtering, then matching the
        cached discovery document against the version, about a sixth of the client's
        CPU time per ``get_server`` against a fast server. The answer only changes with
        the catalog, so it is kept until the auth plugin holds a different token (a
        re-authentication may bring a new catalog), and handed to keystoneauth1 as the
        request's ``endpoint_override``. Returns None when there is nothing to pin (no
        auth plugin, no endpoint): keystoneauth1 then reports the problem as usual.
        Errors are keystoneauth1's, for :meth:`request` to translate.
        """
        auth = self.auth or self.session.auth
        if auth is None:
            return None
        access = getattr(auth, "auth_ref", None)
        if self._resolved_endpoint is None or access is not self._resolved_with:
            # keystoneauth1's own lookup, not this class's get_endpoint, which
            # translates errors and fills in templates (not used on this path).
            endpoint = adapter.Adapter.get_endpoint(self)
            if not endpoint:
                return None
            # keystoneauth1 %-formats endpoint_override (for %(project_id)s); a resolved
            # URL is literal, so its own percent signs are escaped.
            self._resolved_endpoint = endpoint.replace("%", "%%")
            # Read after the lookup, which authenticates when there is no token yet.
            self._resolved_with = getattr(auth, "auth_ref", None)
        return self._resolved_endpoint

    def _prepare_endpoint(self) -> None:
        """Once per Proxy: find the catalog type, then apply ``endpoint_template``."""
        if self._catalog_type_pending:
            self._resolve_catalog_type()
        if self._template_pending:
            self._apply_endpoint_template()

    def _resolve_catalog_type(self) -> None:
        """Use the first of ``service_type`` and ``catalog_types`` the catalog lists."""
        candidates = (type(self).service_type, *type(self).catalog_types)
        for candidate in candidates:
            try:
                url = self.session.get_endpoint(
                    self.auth,
                    service_type=candidate,
                    interface=self.interface,
                    region_name=self.region_name,
                    skip_discovery=True,
                )
            except ksa_exc.EndpointNotFound:
                continue
            if url:
                self.service_type = candidate
                self._catalog_type_pending = False
                return
        raise ksa_exc.EndpointNotFound(f"no endpoint for any of {candidates}")

    def get_endpoint(self, auth: Any = None, **kwargs: Any) -> str | None:
        """This service's endpoint URL, as requests use it (template and catalog types
        applied, ``%(project_id)s`` filled in)."""
        try:
            if auth is None:
                self._prepare_endpoint()
            endpoint = self._templated_endpoint if auth is None else None
            if endpoint is None:
                endpoint = super().get_endpoint(auth, **kwargs)
            if endpoint and "%(" in endpoint:
                session, plugin = self.session, auth or self.auth
                values = {
                    "project_id": lambda: session.get_project_id(plugin),
                    "user_id": lambda: session.get_user_id(plugin),
                }
                endpoint = _SUBSTITUTION.sub(lambda m: str(values[m.group(1)]()), endpoint)
        except ksa_exc.ClientException as exc:
            raise self._translate_ksa_error(exc, "GET", "(endpoint lookup)") from exc
        return endpoint

    def get_endpoint_data(self, auth: Any = None) -> Any:
        """keystoneauth1's endpoint data for this service (catalog types applied)."""
        if auth is None and self._catalog_type_pending:
            self._resolve_catalog_type()
        return super().get_endpoint_data(auth)

    def _apply_endpoint_template(self) -> None:
        """Build the endpoint from the catalog URL and ``endpoint_template``, once."""
        template = type(self).endpoint_template
        assert template is not None
        catalog_url = self.session.get_endpoint(
            self.auth,
            service_type=self.service_type,
            interface=self.interface,
            region_name=self.region_name,
            skip_discovery=True,
        )
        if catalog_url is None:
            raise ksa_exc.EndpointNotFound(f"no {self.service_type} endpoint in the catalog")
        self._templated_endpoint = template.replace("{endpoint}", catalog_url.rstrip("/"))
        self._template_pending = False

    def _translate_ksa_error(
        self, exc: ksa_exc.ClientException, method: str, url: str
    ) -> exceptions.SDKException:
        return translate_keystoneauth_error(
            exc,
            f"{method} {url} ({self.service_type} service)",
            service_type=type(self).service_type or self.service_type,
            region_name=self.region_name,
            interface=str(self.interface) if self.interface else None,
            catalog_types=type(self).catalog_types,
        )

    # -- microversions ------------------------------------------------------------------

    def _server_version_range(self, what: str = "", required: str | None = None) -> tuple[Any, Any]:
        """(min, max) microversion of the endpoint, kept once it is known.

        keystoneauth1 answers a version document it could not read (a 5xx, an error page,
        no connection) exactly as one that announces no microversions. Only an answer
        from a document that was read is kept; otherwise the next call asks again, so a
        transient failure cannot switch microversions off for the Proxy's lifetime.
        """
        if self._version_range is not None:
            return self._version_range
        try:
            data = self.get_endpoint_data()
        except ksa_exc.ClientException as exc:
            raise self._translate_ksa_error(exc, "GET", "(version discovery)") from exc
        if data is None or not (data.catalog_url or data.url):
            return (None, None)
        if data.max_microversion is not None:
            self._version_range = (data.min_microversion, data.max_microversion)
            return self._version_range
        url = str(data.catalog_url or data.url)
        try:
            # Served from keystoneauth1's discovery cache when the document was read.
            discover.get_discovery(self.session, url, authenticated=False)
        except (ksa_exc.DiscoveryFailure, ksa_exc.HttpError, ksa_exc.ConnectionError) as exc:
            problem = f"the version document at {url} could not be read ({exc})"
            if required:
                raise exceptions.DiscoveryError(
                    f"{what} needs microversion {required}, but {problem}. Check that the "
                    f"{self.service_type} endpoint is up and retry"
                ) from exc
            _LOG.warning(
                "%s: %s; sending no microversion header this time and asking again on the "
                "next call",
                what or self.service_type,
                problem,
            )
            return (None, None)
        # The document was read (perhaps only now): keep what it announces.
        data = self.get_endpoint_data() or data
        self._version_range = (data.min_microversion, data.max_microversion)
        return self._version_range

    def microversion_for(
        self,
        resource_type: type[_resource.Resource],
        action: str,
        requested: str | None = None,
        required: str | None = None,
    ) -> str | None:
        """The microversion to send for ``action`` on ``resource_type``.

        An explicit ``requested`` version wins; else the user's pinned
        ``default_microversion``; else the highest both the resource
        (``_max_microversion``) and the server support. ``required`` is the minimum the
        call needs: ``NotSupported`` names both versions when the server is older.
        ``None`` means send no microversion header. ``action`` only names the call in
        error messages (``"create"``, ``"action"``, ``"tags"``, ...).
        """
        if requested:
            return requested
        pinned = self.default_microversion
        if resource_type._max_microversion is None and not pinned and not required:
            return None
        what = f"{resource_type.__qualname__}.{action}"
        server_min, server_max = self._server_version_range(what, required)
        return _microversions.negotiate(
            client_max=resource_type._max_microversion,
            server_min=server_min,
            server_max=server_max,
            required=required,
            pinned=pinned,
            what=what,
        )

    def _microversion_for(
        self,
        resource_type: type[_resource.Resource],
        action: str,
        requested: str | None = None,
        required: str | None = None,
    ) -> str | None:
        # The name plugins written before plugin API 1.1 call; kept working.
        return self.microversion_for(resource_type, action, requested, required)

    # -- generic helpers for plugins ----------------------------------------------------

    def _get_resource(self, resource_type: type[R], value: Any, **attrs: Any) -> R:
        """A resource from an id, an instance, a dict or None, updated with ``attrs``."""
        if isinstance(value, resource_type):
            if attrs:
                value._update(attrs)
            return value
        if value is None:
            return resource_type.new(**attrs)
        if isinstance(value, _resource.Resource):
            return resource_type.new(id=value.id, **attrs)
        if isinstance(value, dict):
            res = resource_type.existing(**value)
            if attrs:
                res._update(attrs)
            return res
        return resource_type.new(id=value, **attrs)

    def _get(
        self,
        resource_type: type[R],
        value: Any = None,
        requires_id: bool = True,
        base_path: str | None = None,
        skip_cache: bool = False,
        **attrs: Any,
    ) -> R:
        res = self._get_resource(resource_type, value, **attrs)
        return res.fetch(
            self,
            requires_id=requires_id,
            base_path=base_path,
            skip_cache=skip_cache,
            error_message=f"No {resource_type.__name__} found for {value}",
        )

    def _list(
        self,
        resource_type: type[R],
        paginated: bool = True,
        base_path: str | None = None,
        **attrs: Any,
    ) -> Iterator[R]:
        return resource_type.list(self, paginated=paginated, base_path=base_path, **attrs)

    def _find(
        self,
        resource_type: type[R],
        name_or_id: str,
        ignore_missing: bool = True,
        **attrs: Any,
    ) -> R | None:
        return resource_type.find(self, name_or_id, ignore_missing=ignore_missing, **attrs)

    def _create(self, resource_type: type[R], base_path: str | None = None, **attrs: Any) -> R:
        return resource_type.new(**attrs).create(self, base_path=base_path)

    def _update(
        self, resource_type: type[R], value: Any, base_path: str | None = None, **attrs: Any
    ) -> R:
        res = self._get_resource(resource_type, value, **attrs)
        return res.commit(self, base_path=base_path)

    def _delete(
        self,
        resource_type: type[R],
        value: Any,
        ignore_missing: bool = True,
        **attrs: Any,
    ) -> R | None:
        res = self._get_resource(resource_type, value, **attrs)
        try:
            return res.delete(self, error_message=f"No {resource_type.__name__} found for {res.id}")
        except exceptions.NotFoundException:
            if ignore_missing:
                return None
            raise

    def _head(
        self,
        resource_type: type[R],
        value: Any = None,
        base_path: str | None = None,
        **attrs: Any,
    ) -> R:
        res = self._get_resource(resource_type, value, **attrs)
        return res.head(self, base_path=base_path)

    def wait_for_status(
        self,
        res: R,
        status: str,
        failures: list[str] | None = None,
        interval: float | None = 2,
        wait: float | None = None,
        attribute: str = "status",
        callback: Callable[[Any], None] | None = None,
    ) -> R:
        """Wait until ``res`` reaches ``status``; see :func:`resource.wait_for_status`."""
        return _resource.wait_for_status(
            self, res, status, failures, interval, wait, attribute, callback
        )

    #: openstacksdk's name for the helper plugins call.
    _wait_for_status = wait_for_status

    def wait_for_delete(
        self,
        res: R,
        interval: float = 2,
        wait: float = 120,
        callback: Callable[[Any], None] | None = None,
    ) -> R:
        """Wait until ``res`` is gone; see :func:`resource.wait_for_delete`."""
        return _resource.wait_for_delete(self, res, interval, wait, callback)


def translate_keystoneauth_error(
    exc: ksa_exc.ClientException,
    where: str,
    *,
    service_type: str | None,
    region_name: str | None,
    interface: str | None,
    catalog_types: Sequence[str] = (),
) -> exceptions.SDKException:
    """Our exception for a keystoneauth1 error, saying where and what to do.

    HTTP errors keystoneauth1 raises (authentication answering 401, ...) are mapped the
    default way: they are the identity service's answers, never a plugin's.
    """
    if isinstance(exc, ksa_exc.SSLError):
        return exceptions.SSLError(
            f"{where}: TLS verification failed: {exc}. Set cacert to the CA bundle that "
            "signed the endpoint's certificate (verification stays on by default)"
        )
    if isinstance(exc, (ksa_exc.ConnectFailure, ksa_exc.ConnectTimeout)):
        return exceptions.SDKConnectionError(
            f"{where}: could not connect: {exc}. Check the endpoint URL and the network"
        )
    if isinstance(exc, ksa_exc.RequestTimeout):
        return exceptions.SDKConnectionError(
            f"{where}: no answer in time: {exc}. Raise api_timeout or retry later"
        )
    if isinstance(exc, (ksa_exc.EndpointNotFound, ksa_exc.EmptyCatalog)):
        key = (service_type or "service").replace("-", "_")
        also = "".join(f" or {t!r}" for t in catalog_types)
        return exceptions.EndpointNotFound(
            f"The catalog has no {service_type!r}{also} endpoint for region {region_name!r} and "
            f"interface {interface!r}. Check region_name and interface, or set "
            f"{key}_endpoint_override",
            service_type=service_type,
            region_name=region_name,
            interface=interface,
        )
    if isinstance(exc, ksa_exc.DiscoveryFailure):
        return exceptions.DiscoveryError(
            f"{where}: version discovery failed: {exc}. Check the endpoint in the catalog "
            "or set an endpoint_override"
        )
    if isinstance(exc, ksa_exc.HttpError) and exc.response is not None:
        # Raised by keystoneauth1 itself, e.g. when authentication answers 401.
        return exceptions.exception_from_response(exc.response)
    if isinstance(exc, (ksa_exc.MissingAuthPlugin, ksa_exc.AuthPluginException)):
        return exceptions.ConfigException(f"{where}: authentication is not usable: {exc}")
    return exceptions.SDKException(f"{where}: {type(exc).__name__}: {exc}")


def _hook_name(proxy: Proxy, hook: str) -> str:
    cls = type(proxy)
    return f"{cls.__module__}.{cls.__qualname__}.{hook}"
