"""Connection: a configured keystoneauth1 Session plus lazily attached service proxies.

``conn.compute`` resolves the name (dashes/underscores and os-service-types aliases),
picks the major version, imports that one plugin, builds its Proxy and caches it in
this instance's ``__dict__``; later accesses are plain attribute reads. The Connection
class itself is never modified, so two connections never share state.
"""

from __future__ import annotations

import functools
import keyword
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from keystoneauth1 import exceptions as ksa_exc
from keystoneauth1 import session as ks_session

from openstack_core import _config, _discovery, exceptions
from openstack_core._version import __version__
from openstack_core.plugins import NAMESPACE, EntryName, contract_violations
from openstack_core.proxy import translate_keystoneauth_error

if TYPE_CHECKING:
    from types import TracebackType

    from openstack_core.proxy import Proxy

__all__ = ["Connection", "connect"]


@functools.cache
def _service_types() -> Any:
    """os-service-types' bundled data, loaded on first need (connecting never needs it)."""
    import os_service_types

    return os_service_types.ServiceTypes()


def official_type(name: str) -> str | None:
    """The official service type for a type or alias (``volume`` -> ``block-storage``)."""
    result = _service_types().get_service_type(name)
    return str(result) if result else None


def aliases_of(service_type: str) -> list[str]:
    """os-service-types aliases of an official service type."""
    return [str(a) for a in _service_types().get_aliases(service_type) or []]


def _attr_name(service_type: str) -> str:
    return service_type.replace("-", "_")


class Connection:
    """A connection to one cloud and region.

    ``Connection(cloud="mycloud")`` reads clouds.yaml; keyword arguments (``auth_url``,
    ``username``, ``region_name``, ``compute_api_version``, ...) override it;
    ``Connection(session=keystoneauth1_session)`` reuses an existing Session.
    ``extra_services={"dns": DnsProxy}`` attaches Proxy classes that are not installed
    as distributions (checked against the plugin contract); they win over entry points.
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
        **kwargs: Any,
    ) -> None:
        if config is None:
            from_files = load_yaml_config and (session is None or cloud is not None)
            config = _config.build_config(
                cloud,
                load_files=from_files,
                load_envvars=load_envvars and session is None,
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
        self._registry: _discovery.Registry | None = None
        self._proxies: dict[str, Proxy] = {}
        self._extra: dict[str, type[Proxy]] = {}
        for service_type, proxy_cls in (extra_services or {}).items():
            entry = EntryName(service_type, getattr(proxy_cls, "api_version", 0))
            problems = contract_violations(proxy_cls, entry)
            if problems:
                raise exceptions.PluginLoadError(
                    f"extra_services[{service_type!r}] breaks the plugin contract: "
                    + "; ".join(problems),
                    entry_point=str(entry),
                )
            self._extra[service_type] = proxy_cls

    # -- services -----------------------------------------------------------------------

    @property
    def registry(self) -> _discovery.Registry:
        """Installed service plugins (entry-point names only), read on first use."""
        if self._registry is None:
            self._registry = _discovery.Registry.scan()
        return self._registry

    def _rescan(self) -> bool:
        """Read the installed plugins again (cheap when nothing changed); True when the
        entry points differ from those read before, so a retry can succeed."""
        before = self._registry
        self._registry = _discovery.Registry.scan()
        return before is None or self._registry.entry_points != before.entry_points

    def __getattr__(self, name: str) -> Any:
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
        names = set()
        for service_type in {*self.registry.service_types(), *self._extra}:
            names.add(_attr_name(service_type))
            for alias in aliases_of(service_type):
                attr = _attr_name(alias)
                if attr.isidentifier():
                    names.add(attr)
        return sorted(names)

    def _match(self, name: str) -> str | None:
        candidate = name.replace("_", "-")
        official = official_type(candidate)
        for known in (self._extra, self.registry.by_type):
            if candidate in known:
                return candidate
            if official in known:
                return official
        return None

    def _resolve(self, name: str) -> str | None:
        found = self._match(name)
        if found is None:
            self._rescan()  # a plugin may have been installed since the scan
            found = self._match(name)
        if found is not None:
            return found
        # Plugins for types os-service-types does not know declare their own aliases;
        # reading them means importing those plugins, so it happens only on a miss. A
        # broken plugin is skipped here and reports its error when it is used by name.
        candidate = name.replace("_", "-")
        for service_type in self.registry.service_types():
            if official_type(service_type) is not None:
                continue
            try:
                aliases = self._load(service_type).service_aliases
            except exceptions.PluginLoadError:
                continue
            if candidate in aliases or name in aliases:
                return service_type
        return None

    def get_service(self, name: str) -> Proxy:
        """The Proxy for a service type or alias; what ``conn.<name>`` returns."""
        service_type = self._resolve(name)
        if service_type is None:
            raise self._not_found(name)
        proxy = self._proxies.get(service_type)
        if proxy is None:
            try:
                proxy = self._build_proxy(service_type)
            except exceptions.PluginLoadError:
                # The plugin may have been removed, replaced or fixed since the entry
                # points were read: read them again and retry once.
                if not self._rescan():
                    raise
                service_type = self._resolve(name)
                if service_type is None:
                    raise self._not_found(name) from None
                proxy = self._proxies.get(service_type) or self._build_proxy(service_type)
            self._proxies[service_type] = proxy
        return proxy

    def _not_found(self, name: str) -> exceptions.SDKException:
        """PluginLoadError if a malformed entry point looks meant for ``name``, else
        ServiceNotInstalled."""
        candidate = name.replace("_", "-")
        official = official_type(candidate)
        names = {name, candidate, *([official, *aliases_of(official)] if official else [])}
        malformed = self.registry.malformed_for(names)
        if not malformed:
            return self._not_installed(name)
        first = malformed[0]
        dist, version = _discovery.distribution_of(first)
        listing = "; ".join(
            f"{ep.name!r} = {ep.value} (distribution {' '.join(_discovery.distribution_of(ep))})"
            for ep in malformed
        )
        return exceptions.PluginLoadError(
            f"No plugin for {name!r} has a well-formed entry point, but group "
            f"{NAMESPACE} has {listing}. Entry-point names must look like "
            f"<service-type>.v<major> (e.g. {official or candidate}.v1): ask the maintainers "
            f"of {dist} to fix the name",
            entry_point=f"{first.name} = {first.value}",
            distribution=dist,
            version=version,
        )

    def _not_installed(self, name: str) -> exceptions.ServiceNotInstalled:
        installed = [_attr_name(t) for t in self.registry.service_types()]
        listing = ", ".join(installed) or "none"
        official = official_type(name.replace("_", "-"))
        if official:
            hint = (
                f"{name!r} is the OpenStack service type {official!r}: install its plugin, "
                f"e.g. pip install openstack-{official}"
            )
        else:
            hint = f"{name!r} is neither a Connection attribute nor a known service type"
        return exceptions.ServiceNotInstalled(
            f"Connection has no service {name!r}. Installed services: {listing}. {hint}",
            service=name,
            installed=installed,
        )

    def _names(self, service_type: str) -> list[str]:
        official = official_type(service_type)
        return [service_type, *(aliases_of(official) if official else [])]

    def _load(self, service_type: str, major: int | None = None) -> type[Proxy]:
        if major is None:
            major = self.registry.majors(service_type)[0]
        distribution = self.config.service_option(self._names(service_type), "plugin_distribution")
        return self.registry.load(service_type, major, distribution)

    def offered_versions(self, service_type: str) -> list[int] | None:
        """Major API versions of ``service_type`` that the cloud's version discovery
        offers (keystoneauth1), highest first; None when they cannot be found out (no
        catalog entry, or discovery failed). Authenticates if needed."""
        try:
            data = self.session.get_all_version_data(
                service_type=service_type,
                region_name=self.config.region_name,
                interface=self.config.interface,
            )
        except ksa_exc.ClientException:
            return None  # the service itself will report the problem when it is used
        majors = set()
        for interfaces in data.values():
            for services in interfaces.values():
                for versions in services.values():
                    for version in versions:
                        number = version.version
                        if number:
                            majors.add(int(float(str(number).lstrip("v").split(".")[0])))
        return sorted(majors, reverse=True) or None

    def _choose_major(self, service_type: str) -> int:
        choice = self._pick_major(service_type)
        if isinstance(choice, exceptions.ConfigException) and self._rescan():
            choice = self._pick_major(service_type)  # a plugin may have just been installed
        if isinstance(choice, exceptions.ConfigException):
            raise choice
        return choice

    def _pick_major(self, service_type: str) -> int | exceptions.ConfigException:
        """The major version to load, or the error explaining why there is none."""
        installed = self.registry.majors(service_type)
        listing = ", ".join(f"v{m}" for m in installed)
        pin = self.config.find_service_option(self._names(service_type), "api_version")
        if pin is not None:
            key, pinned = pin
            try:
                major = int(float(str(pinned).lstrip("v").split(".")[0]))
            except ValueError:
                return self.config.option_error(
                    key, f"{pinned!r} is not a version; expected a version such as 2 or 2.1"
                )
            where = self.config.origin(key)
            if major not in installed:
                offered = self.offered_versions(service_type)
                cloud = (
                    ", ".join(f"v{m}" for m in offered)
                    if offered
                    else "unknown versions (not in its catalog, or version discovery failed)"
                )
                return exceptions.ConfigException(
                    f"{key} is {pinned!r} ({where}) but the installed {service_type} "
                    f"plugins provide {listing or 'no version'} and the cloud offers "
                    f"{cloud}{self._malformed_note(service_type)}; install a plugin for "
                    f"v{major} or change {key}"
                )
            offered = self.offered_versions(service_type)
            if offered is not None and major not in offered:
                return exceptions.ConfigException(
                    f"{key} is {pinned!r} ({where}) but the cloud offers {service_type} "
                    f"{', '.join(f'v{m}' for m in offered)} (installed plugins: {listing})"
                )
            return major
        if len(installed) == 1:
            return installed[0]
        offered = self.offered_versions(service_type)
        for major in installed:
            if offered is None or major in offered:
                return major
        return exceptions.ConfigException(
            f"No installed {service_type} plugin matches the cloud: installed "
            f"{listing}, the cloud offers {', '.join(f'v{m}' for m in offered or [])}"
        )

    def _malformed_note(self, service_type: str) -> str:
        malformed = self.registry.malformed_for(set(self._names(service_type)))
        if not malformed:
            return ""
        names = ", ".join(repr(ep.name) for ep in malformed)
        return (
            f" (ignored: malformed entry points {names}; names must look like "
            "<service-type>.v<major>)"
        )

    def _build_proxy(self, service_type: str) -> Proxy:
        proxy_cls = self._extra.get(service_type)
        if proxy_cls is not None:
            major = proxy_cls.api_version
        else:
            major = self._choose_major(service_type)
            proxy_cls = self._load(service_type, major)
        names = self._names(service_type)
        config = self.config
        kwargs: dict[str, Any] = {
            "region_name": config.region_name,
            "interface": config.interface,
            "version": str(major),
            "service_options": config.service_options(names),
        }
        override = config.service_option(names, "endpoint_override")
        if override:
            kwargs["endpoint_override"] = override
        microversion = config.service_option(names, "default_microversion")
        if microversion:
            kwargs["default_microversion"] = str(microversion)
        for option in ("status_code_retries", "connect_retries"):
            retries = config.find_service_option(names, option)
            if retries is not None:
                key, value = retries
                try:
                    kwargs[option] = int(value)
                except (TypeError, ValueError):
                    raise config.option_error(
                        key, f"expected a whole number of retries, got {value!r}"
                    ) from None
        return proxy_cls(self.session, **kwargs)

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
            f"authentication to cloud {self.config.name!r}",
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
                f"cloud {self.config.name!r}: the auth plugin produced no token"
            )
        return token

    @property
    def current_project_id(self) -> str | None:
        """The project id of the current token (authenticates if needed)."""
        return self.session.get_project_id()

    def close(self) -> None:
        """Release the HTTP connection pool."""
        self.session.session.close()

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
