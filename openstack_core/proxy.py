"""The Proxy: one service at one major version, on top of a keystoneauth1 Adapter.

Service plugins subclass :class:`Proxy`, declare the contract attributes
(``service_type``, ``api_version``, ``plugin_api_version``, optionally
``service_aliases``) and declare or write their public methods (``servers()``,
``get_server()``, ...): :mod:`openstack_core.crud` declares the conventional
list/get/find/create/update/delete methods, and the openstacksdk-compatible helpers
``_get``, ``_list``, ``_find``, ``_create``, ``_update``, ``_delete``, ``_head`` serve
the rest.

keystoneauth1 does everything HTTP-level: catalog lookup, version discovery,
microversion headers, connect and status-code retries (honouring ``Retry-After``).
What may be sent twice is decided here (:mod:`openstack_core._resend`): the Proxy
renews the token after a 401 itself, never resends a one-shot body, adds 429 to the
retried codes and caps ``Retry-After``. The Proxy adds our exceptions, microversion
negotiation (:meth:`Proxy.microversion_for`), endpoint resolution
(:mod:`openstack_core._endpoints`) and the hooks a plugin may override, all declared in
:mod:`openstack_core.plugin_api` and ``docs/plugins.md``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, TypeVar, overload

from keystoneauth1 import discover
from keystoneauth1 import exceptions as ksa_exc
from keystoneauth1 import plugin as ksa_plugin

from openstack_core import _microversions, _observe, _resend, _waiters, exceptions
from openstack_core._endpoints import EndpointMixin
from openstack_core._resource import Resource

if TYPE_CHECKING:
    import requests
    import requests.auth
    from keystoneauth1 import session as ks_session

__all__ = ["Proxy", "RequestRecord"]

R = TypeVar("R", bound=Resource)


# A NamedTuple rather than a frozen dataclass: importing dataclasses (with inspect, ast
# and dis) costs about 3 ms of ``import openstack_core``.
class RequestRecord(NamedTuple):
    """What observers and :meth:`Proxy.on_response` learn about one call of
    :meth:`Proxy.request`.

    ``url`` is the absolute URL when a response arrived, else the URL as given to
    ``request``. ``status_code`` and ``response`` are None when no response arrived
    (connection failure, authentication failure, no endpoint); ``exception`` is then the
    error the caller gets. ``elapsed`` is the wall time of the call in seconds, including
    keystoneauth1's retries and any authentication the call triggered (for a streamed
    download, until its headers arrived; the body is read later). ``url_template``
    is the URL's path with ids replaced (``/v2.1/servers/{id}``: one value per API
    route, see ``openstack_core.observe``); ``request_id`` the service's
    ``X-OpenStack-Request-Id`` (or ``X-Compute-Request-Id``); ``microversion`` the one
    requested, if any; ``region_name`` the Proxy's region.
    """

    service_type: str
    method: str
    url: str
    status_code: int | None
    elapsed: float
    response: requests.Response | None
    exception: BaseException | None
    url_template: str = ""
    request_id: str | None = None
    microversion: str | None = None
    region_name: str | None = None


_LOG = logging.getLogger(__name__)


class Proxy(EndpointMixin):
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
    #: Whether the service's API has microversions. The checker then requires
    #: ``_max_microversion`` on every Resource with a ``base_path``.
    microversioned: ClassVar[bool] = False
    #: HTTP status codes keystoneauth1 retries (with ``status_code_retries``). A tuple:
    #: a class attribute shared by every instance and subclass must not be mutable.
    #: Each instance gives keystoneauth1 a list of its own, which is why keystoneauth1's
    #: ``list`` annotation of this (instance) attribute is overridden here.
    retriable_status_codes: tuple[int, ...] = (503,)  # type: ignore[assignment]
    # What observers get; here for _observe, which cannot import this module.
    _record_type: ClassVar[type[RequestRecord]] = RequestRecord
    #: For an API with a resource named "endpoint" (Keystone's service catalog): the
    #: Resource that ``get_endpoint(value)`` fetches, as openstacksdk's identity proxy
    #: does, while ``get_endpoint()`` stays the URL requests use.
    endpoint_resource: ClassVar[type[Resource] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__module__.startswith("openstack_core."):
            from openstack_core import plugin_api

            plugin_api.verify_class(cls)

    def __init__(
        self,
        session: ks_session.Session,
        *,
        service_options: Mapping[str, Any] | None = None,
        observers: Iterable[_observe.Observer] = (),
        statsd_client: Any = None,
        statsd_prefix: str | None = None,
        prometheus_counter: Any = None,
        prometheus_histogram: Any = None,
        influxdb_config: Mapping[str, Any] | None = None,
        influxdb_client: Any = None,
        **kwargs: Any,
    ) -> None:
        cls = type(self)
        #: The user's ``<service>_*`` config keys with the prefix removed (e.g.
        #: ``dns_access_key`` -> ``access_key``): where a plugin reads its own settings.
        self.service_options: dict[str, Any] = dict(service_options or {})
        kwargs.setdefault("service_type", cls.service_type or None)
        kwargs.setdefault("retriable_status_codes", list(cls.retriable_status_codes or ()))
        if not cls.version_discovery:
            # No version document is ever asked for: keystoneauth1 discovers only for
            # an Adapter that names a version.
            kwargs.pop("version", None)
        super().__init__(session, **kwargs)
        self._version_range: tuple[Any, Any] | None = None
        self._init_endpoints()
        backends = (statsd_client, prometheus_counter, prometheus_histogram, influxdb_client)
        if any(b is not None for b in backends):
            # openstacksdk's Proxy arguments, for code that builds proxies itself.
            from openstack_core import _observe_config

            observers = [
                *observers,
                *_observe_config.proxy_backends(
                    statsd_client=statsd_client,
                    statsd_prefix=statsd_prefix,
                    prometheus_counter=prometheus_counter,
                    prometheus_histogram=prometheus_histogram,
                    influxdb_config=influxdb_config,
                    influxdb_client=influxdb_client,
                ),
            ]
        self._init_observers(observers)

    def _init_observers(self, observers: Iterable[_observe.Observer]) -> None:
        self._observers = tuple(observers)
        self._scope_openers = tuple(
            o for o in self._observers if isinstance(o, _observe.Backend) and o.opens_scope
        )
        self._has_response_hook = type(self).on_response is not Proxy.on_response
        # Read by every request: with nothing observing, a call is not even timed.
        self._observed = self._has_response_hook or bool(self._observers)

    def __repr__(self) -> str:
        cls = type(self)
        return (
            f"<{cls.__module__}.{cls.__qualname__} service_type={self.service_type!r} "
            f"region={self.region_name!r}>"
        )

    @overload
    def get_endpoint(
        self, auth: ksa_plugin.BaseAuthPlugin | None = None, **kwargs: Any
    ) -> str | None: ...

    @overload
    def get_endpoint(self, auth: Any, **kwargs: Any) -> Any: ...

    def get_endpoint(self, auth: Any = None, **kwargs: Any) -> Any:
        """This service's endpoint URL, exactly as requests use it (the user's
        ``endpoint_override``, else :meth:`resolve_endpoint`'s answer, with
        ``%(project_id)s`` filled in); keystoneauth1's ``(auth, **filters)`` form looks
        up another endpoint.

        When the Proxy declares ``endpoint_resource`` (Keystone's API has a resource
        named endpoint), ``get_endpoint(value)`` or ``get_endpoint(endpoint=value)`` with
        an id, dict or Resource fetches that resource instead, as openstacksdk's
        ``conn.identity.get_endpoint(endpoint)`` does.
        """
        resource_type = type(self).endpoint_resource
        if resource_type is not None:
            value = kwargs.pop("endpoint", None) if auth is None else auth
            if value is not None and not isinstance(value, ksa_plugin.BaseAuthPlugin):
                if kwargs:
                    raise TypeError(
                        f"get_endpoint({value!r}) fetches a {resource_type.__name__}; it "
                        f"takes no other arguments, not {sorted(kwargs)}"
                    )
                return self._get(resource_type, value)
            auth = value
        return super().get_endpoint(auth, **kwargs)

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
        caller as an SDKException naming this hook. Applications observe every service
        with ``openstack_core.observe`` instead.
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

        ``url`` is relative to the endpoint (or absolute). ``raise_exc=False`` returns
        error responses instead of raising; other keywords are keystoneauth1's
        (``json=``, ``data=``, ``headers=``, ``params=``, ``microversion=``,
        ``log=False``, ``endpoint_override=`` for one request, ...).

        A 401 renews the token and sends the request once more (``allow_reauth=False``
        prevents it), except a ``data=`` that is consumed by being sent (a generator,
        an iterator, a file object): that is never sent twice, by no retry either, and
        its 401 raises :class:`~openstack_core.exceptions.BodyNotResent` once the token
        is renewed.
        """
        auth = self.requests_auth()
        if auth is not None:
            kwargs.setdefault("requests_auth", auth)
        call = (
            _observe.Call(self, method, url, kwargs)
            if self._observed or _observe.wanted()
            else None
        )
        try:
            if (
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
            response, not_resent = self._send(url, method, kwargs)
        except ksa_exc.ClientException as exc:
            # Never this service's own answer (raise_exc=False): authentication, catalog
            # or discovery failed, so the default mapping applies, not the service's hook.
            error = self._translate_ksa_error(
                exc, method, url, timeout=kwargs.get("timeout", self.session.timeout)
            )
            if call is not None:
                call.end(None, error)
            raise error from exc
        except BaseException as exc:
            if call is not None:
                call.end(None, exc)
            raise
        if call is not None:
            call.end(response, None)
        if raise_exc and response.status_code >= 400:
            if not_resent:
                raise exceptions.exception_from_response(response, cls=exceptions.BodyNotResent)
            raise self._exception_from_hook(response, error_message)
        return response

    def _send(
        self, url: str, method: str, kwargs: dict[str, Any]
    ) -> tuple[requests.Response, bool]:
        """keystoneauth1's request, re-authenticated and retried by the rules of
        :mod:`openstack_core._resend`; also whether a 401 to a one-shot body was left
        unanswered (the token renewed, the body not resent)."""
        one_shot = _resend.is_one_shot(kwargs.get("data"))
        if one_shot:
            # keystoneauth1 would resend what is left of the stream: nothing, or its tail.
            kwargs["connect_retries"] = 0
            kwargs["status_code_retries"] = 0
        reauth = kwargs.pop("allow_reauth", True) and kwargs.get("authenticated") is not False
        cap = _resend.retry_after_cap(kwargs, self.status_code_retries, self.retriable_status_codes)
        # allow_reauth=False: keystoneauth1's own 401 handling resends a consumed body
        # and races between threads; renew_token replaces it (see _resend).
        response = super().request(url, method, raise_exc=False, allow_reauth=False, **kwargs)
        not_resent = False
        if response.status_code == 401 and reauth:
            auth = kwargs.get("auth") or self.auth or self.session.auth
            if auth is not None and _resend.renew_token(self.session, auth, response):
                if one_shot:
                    not_resent = True
                else:
                    response = super().request(
                        url, method, raise_exc=False, allow_reauth=False, **kwargs
                    )
        if cap is not None:
            cap.restore(response)
        return response, not_resent

    def _call_response_hook(self, record: RequestRecord) -> None:
        try:
            self.on_response(record)
        except Exception as exc:
            raise exceptions.SDKException(
                f"{_hook_name(self, 'on_response')} raised {type(exc).__name__}: {exc} "
                f"(after {record.method} {record.url}); fix or report the plugin"
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
        resource_type: type[Resource],
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
        resource_type: type[Resource],
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
                value._set_attributes(attrs)
            return value
        if value is None:
            return resource_type.new(**attrs)
        if isinstance(value, Resource):
            return resource_type.new(id=value.id, **attrs)
        if isinstance(value, dict):
            res = resource_type.existing(**value)
            if attrs:
                res._set_attributes(attrs)
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
        self,
        resource_type: type[R],
        value: Any,
        base_path: str | None = None,
        if_revision: int | None = None,
        **attrs: Any,
    ) -> R:
        res = self._get_resource(resource_type, value, **attrs)
        return res.commit(self, base_path=base_path, if_revision=if_revision)

    def _delete(
        self,
        resource_type: type[R],
        value: Any,
        ignore_missing: bool = True,
        if_revision: int | None = None,
        **attrs: Any,
    ) -> R | None:
        res = self._get_resource(resource_type, value, **attrs)
        try:
            return res.delete(
                self,
                error_message=f"No {resource_type.__name__} found for {res.id}",
                if_revision=if_revision,
            )
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
        return _waiters.wait_for_status(
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
        return _waiters.wait_for_delete(self, res, interval, wait, callback)


def _hook_name(proxy: Proxy, hook: str) -> str:
    cls = type(proxy)
    return f"{cls.__module__}.{cls.__qualname__}.{hook}"
