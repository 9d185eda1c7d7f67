"""Connection: a configured keystoneauth1 Session plus lazily attached service proxies.

``conn.compute`` resolves the name (:mod:`openstack_core._services`: dashes and
underscores, os-service-types aliases, the version to load), imports that one plugin,
builds its Proxy and caches it in this instance's ``__dict__``; later accesses are plain
attribute reads. The Connection class itself is never modified, so two connections
never share state.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from keystoneauth1 import exceptions as ksa_exc
from keystoneauth1 import session as ks_session

from openstack_core import _config, _discovery, _observe, _observe_config, exceptions
from openstack_core._ksa_errors import translate_keystoneauth_error
from openstack_core._services import ServiceResolver, checked_extra_services
from openstack_core._typed_services import ServiceAttributes
from openstack_core._version import __version__

if TYPE_CHECKING:
    from types import TracebackType

    from openstack_core._observe import Observer
    from openstack_core.proxy import Proxy

__all__ = ["Connection", "connect"]


class Connection(ServiceAttributes):
    """A connection to one cloud and region.

    ``Connection(cloud="mycloud")`` reads clouds.yaml; keyword arguments (``auth_url``,
    ``username``, ``region_name``, ``compute_api_version``, ...) override it;
    ``Connection(session=keystoneauth1_session)`` reuses an existing Session.
    ``extra_services={"dns": DnsProxy}`` attaches Proxy classes that are not installed
    as distributions (checked against the plugin contract); they win over entry points.
    ``observers=[callable, ...]`` receive the record of every call of every service of
    this Connection (``openstack_core.observe``); ``statsd_config=``,
    ``influxdb_config=``, ``prometheus_config=`` and ``opentelemetry_config=`` set up
    metrics and tracing as clouds.yaml's ``metrics:`` does.
    """

    def __init__(
        self,
        cloud: str | None = None,
        config: _config.CloudConfig | None = None,
        session: ks_session.Session | None = None,
        *,
        app_name: str | None = None,
        app_version: str | None = None,
        load_yaml_config: bool = True,
        load_envvars: bool = True,
        extra_services: Mapping[str, type[Proxy]] | None = None,
        observers: Iterable[Observer] = (),
        **kwargs: Any,
    ) -> None:
        if config is None:
            from_files = load_yaml_config and (session is None or cloud is not None)
            config = _config.build_config(
                cloud,
                load_files=from_files,
                load_envvars=load_envvars and session is None,
                # STATSD_* set up the process's metrics, whatever the session.
                metrics_envvars=load_envvars,
                **kwargs,
            )
        self.config = config
        if session is None:
            session = ks_session.Session(
                auth=_config.build_auth(config),
                verify=config.verify,
                cert=config.cert,
                timeout=config.api_timeout,
                app_name=app_name,
                app_version=app_version,
                additional_user_agent=[("openstack-core", __version__)],
            )
        self.session = session
        # The metric and tracing backends the configuration asks for, built (and their
        # libraries imported) only when configured; closed by close().
        self._backends = _observe_config.backends(config)
        self._services = ServiceResolver(
            config,
            session,
            checked_extra_services(extra_services),
            observers=(*self._backends, *observers),
        )
        self._proxies: dict[str, Proxy] = {}

    # -- services -----------------------------------------------------------------------

    @property
    def registry(self) -> _discovery.Registry:
        """Installed service plugins (entry-point names only), read on first use."""
        return self._services.registry

    if not TYPE_CHECKING:
        # Hidden from type checkers, which read the services' types from ServiceAttributes
        # (generated stubs) instead, so that a misspelt service is an error there.

        def __getattr__(self, name: str) -> Proxy:
            # Only called when normal lookup fails: the first access to a service.
            if name.startswith("_") or keyword.iskeyword(name):
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            proxy = self.get_service(name)
            self.__dict__[name] = proxy
            return proxy

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | set(self.service_attribute_names()))

    def service_attribute_names(self) -> list[str]:
        """Every attribute name that reaches an installed service, aliases included."""
        return self._services.attribute_names()

    def get_service(self, name: str) -> Proxy:
        """The Proxy for a service type or alias; what ``conn.<name>`` returns."""
        services = self._services
        service_type = services.resolve(name)
        if service_type is None:
            raise services.not_found(name)
        proxy = self._proxies.get(service_type)
        if proxy is None:
            try:
                proxy = services.proxy_for(service_type)
            except exceptions.PluginLoadError:
                # The plugin may have been removed, replaced or fixed since the entry
                # points were read: read them again and retry once.
                if not services.rescan():
                    raise
                service_type = services.resolve(name)
                if service_type is None:
                    raise services.not_found(name) from None
                proxy = self._proxies.get(service_type) or services.proxy_for(service_type)
            self._proxies[service_type] = proxy
        return proxy

    def offered_versions(self, service_type: str) -> list[int] | None:
        """Major API versions of ``service_type`` that the cloud's version discovery
        offers (keystoneauth1), highest first; None when they cannot be found out (no
        catalog entry, or discovery failed). Authenticates if needed."""
        return self._services.offered_versions(service_type)

    def has_catalog_entry(self, service_type: str) -> bool:
        """Whether the token's catalog lists ``service_type`` for this region and
        interface (authenticates if needed)."""
        try:
            access = self.session.auth.get_access(self.session)  # type: ignore[union-attr]
        except ksa_exc.ClientException as exc:
            raise self._authentication_error(exc) from exc
        endpoints = access.service_catalog.get_endpoints(
            service_type=service_type,
            interface=self.config.interface,
            region_name=self.config.region_name,
        )
        # keystoneauth1 keys the result by the catalog's own type, which may be an alias
        # (a block-storage endpoint listed as volumev3).
        return any(endpoints.values())

    # -- session ------------------------------------------------------------------------

    def _authentication_error(self, exc: ksa_exc.ClientException) -> exceptions.SDKException:
        return translate_keystoneauth_error(
            exc,
            f"authentication to {_config.cloud_label(self.config.name)}",
            service_type="identity",
            region_name=self.config.region_name,
            interface=self.config.interface,
        )

    def authorize(self) -> str:
        """Authenticate now and return the token (normally this happens on first use)."""
        try:
            token = self.session.get_token()
        except ksa_exc.ClientException as exc:
            raise self._authentication_error(exc) from exc
        if token is None:
            raise exceptions.ConfigException(
                f"{_config.cloud_label(self.config.name)}: the auth plugin produced no token"
            )
        return token

    @property
    def current_project_id(self) -> str | None:
        """The project id of the current token (authenticates if needed)."""
        return self.session.get_project_id()

    def close(self) -> None:
        """Release the HTTP connection pool, and flush and close the metric backends the
        configuration set up (statsd socket, InfluxDB writer)."""
        self.session.session.close()
        _observe.closing(self._backends)

    def __enter__(self) -> Connection:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Connection cloud={self.config.name!r} region={self.config.region_name!r}>"


def connect(cloud: str | None = None, **kwargs: Any) -> Connection:
    """Connect to ``cloud`` (a clouds.yaml entry, or ``OS_CLOUD``/``OS_*`` when None).

    Nothing is sent until the first call; keyword arguments are those of
    :class:`Connection`.
    """
    return Connection(cloud=cloud, **kwargs)
