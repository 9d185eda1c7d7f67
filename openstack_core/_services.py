"""Which plugin serves a service name, at which major version, and how its Proxy is built.

:class:`ServiceResolver` turns a ``conn.<name>`` into a Proxy class: the name is matched
against installed service types, os-service-types aliases and plugins' own
``service_aliases``; the major version comes from the user's ``<service>_api_version``
or the cloud's version discovery. :func:`build_proxy` builds any Proxy class from the
configuration, the one way both :class:`~openstack_core.Connection` and
:class:`~openstack_core.testing.FakeCloud` do it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from keystoneauth1 import exceptions as ksa_exc

from openstack_core import _discovery, exceptions
from openstack_core.plugin_api import NAMESPACE, EntryName, contract_violations

if TYPE_CHECKING:
    from keystoneauth1 import session as ks_session

    from openstack_core._config import CloudConfig
    from openstack_core._observe import Observer
    from openstack_core.proxy import Proxy

__all__ = ["ServiceResolver", "aliases_of", "attr_name", "build_proxy", "official_type"]


#: The service plugins this project publishes, by service type: the only distributions
#: an error may tell the user to install (a name that does not exist would be a guess).
PUBLISHED_PLUGINS = {"compute": "openstack-compute", "image": "openstack-image"}


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


def attr_name(service_type: str) -> str:
    """The Connection attribute of a service type (dashes become underscores)."""
    return service_type.replace("-", "_")


def names_of(service_type: str) -> list[str]:
    """The service type followed by its os-service-types aliases: the prefixes under
    which the user's ``<service>_*`` settings are looked up."""
    official = official_type(service_type)
    return [service_type, *(aliases_of(official) if official else [])]


def build_proxy(
    proxy_cls: type[Proxy],
    session: ks_session.Session,
    config: CloudConfig,
    service_type: str | None = None,
    major: int | None = None,
    **overrides: Any,
) -> Proxy:
    """An instance of ``proxy_cls`` for ``config``: region, interface, major version and
    the user's ``<service>_*`` settings (endpoint override, default microversion,
    retries, plugin options); ``overrides`` are constructor arguments that win."""
    names = names_of(service_type or proxy_cls.service_type)
    kwargs: dict[str, Any] = {
        "region_name": config.region_name,
        "interface": config.interface,
        "version": str(major if major is not None else proxy_cls.api_version),
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
    kwargs.update(overrides)
    return proxy_cls(session, **kwargs)


def checked_extra_services(extra: Mapping[str, type[Proxy]] | None) -> dict[str, type[Proxy]]:
    """``extra_services`` checked against the plugin contract."""
    checked: dict[str, type[Proxy]] = {}
    for service_type, proxy_cls in (extra or {}).items():
        entry = EntryName(service_type, getattr(proxy_cls, "api_version", 0))
        problems = contract_violations(proxy_cls, entry)
        if problems:
            raise exceptions.PluginLoadError(
                f"extra_services[{service_type!r}] breaks the plugin contract: "
                + "; ".join(problems),
                entry_point=str(entry),
            )
        checked[service_type] = proxy_cls
    return checked


class ServiceResolver:
    """Names to installed service plugins, and the version to load, for one cloud.

    ``extra`` are Proxy classes given to the Connection (``extra_services``); they win
    over entry points. The entry points are read on first need and again whenever a
    lookup fails, so a plugin installed a moment ago is found.
    """

    def __init__(
        self,
        config: CloudConfig,
        session: ks_session.Session,
        extra: Mapping[str, type[Proxy]] | None = None,
        *,
        observers: Iterable[Observer] = (),
    ) -> None:
        self.config = config
        self.session = session
        self.extra: dict[str, type[Proxy]] = dict(extra or {})
        #: Given to every Proxy built: who observes its calls.
        self.observers = tuple(observers)
        self._registry: _discovery.Registry | None = None

    @property
    def registry(self) -> _discovery.Registry:
        """Installed service plugins (entry-point names only), read on first use."""
        if self._registry is None:
            self._registry = _discovery.Registry.scan()
        return self._registry

    def rescan(self) -> bool:
        """Read the installed plugins again (cheap when nothing changed); True when the
        entry points differ from those read before, so a retry can succeed."""
        before = self._registry
        self._registry = _discovery.Registry.scan()
        return before is None or self._registry.entry_points != before.entry_points

    def attribute_names(self) -> list[str]:
        """Every attribute name that reaches an installed service, aliases included."""
        names = set()
        for service_type in {*self.registry.service_types(), *self.extra}:
            names.add(attr_name(service_type))
            for alias in aliases_of(service_type):
                attr = attr_name(alias)
                if attr.isidentifier():
                    names.add(attr)
        return sorted(names)

    def _match(self, name: str) -> str | None:
        candidate = name.replace("_", "-")
        official = official_type(candidate)
        for known in (self.extra, self.registry.by_type):
            if candidate in known:
                return candidate
            if official in known:
                return official
        return None

    def resolve(self, name: str) -> str | None:
        """The installed service type ``name`` (an attribute name or alias) reaches."""
        found = self._match(name)
        if found is None:
            self.rescan()  # a plugin may have been installed since the scan
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
                aliases = self.load(service_type).service_aliases
            except exceptions.PluginLoadError:
                continue
            if candidate in aliases or name in aliases:
                return service_type
        return None

    def not_found(self, name: str) -> exceptions.SDKException:
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
        installed = [attr_name(t) for t in self.registry.service_types()]
        listing = ", ".join(installed) or "none"
        official = official_type(name.replace("_", "-"))
        if official in PUBLISHED_PLUGINS:
            hint = (
                f"{name!r} is the OpenStack service type {official!r}: install its plugin, "
                f"the distribution {PUBLISHED_PLUGINS[official]}"
            )
        elif official:
            hint = (
                f"{name!r} is the OpenStack service type {official!r}, for which the "
                "openstack-core project publishes no plugin; any distribution registering "
                f"{official}.v<major> in the {NAMESPACE} entry-point group serves it"
            )
        else:
            hint = f"{name!r} is neither a Connection attribute nor a known service type"
        return exceptions.ServiceNotInstalled(
            f"Connection has no service {name!r}. Installed services: {listing}. {hint}",
            service=name,
            installed=installed,
        )

    def load(self, service_type: str, major: int | None = None) -> type[Proxy]:
        """Import the Proxy class of ``service_type`` (the highest major by default)."""
        if major is None:
            major = self.registry.majors(service_type)[0]
        distribution = self.config.service_option(names_of(service_type), "plugin_distribution")
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

    def choose_major(self, service_type: str) -> int:
        """The major version to load: the user's pin, else the highest installed one
        the cloud offers."""
        choice = self._pick_major(service_type)
        if isinstance(choice, exceptions.ConfigException) and self.rescan():
            choice = self._pick_major(service_type)  # a plugin may have just been installed
        if isinstance(choice, exceptions.ConfigException):
            raise choice
        return choice

    def _pick_major(self, service_type: str) -> int | exceptions.ConfigException:
        """The major version to load, or the error explaining why there is none."""
        installed = self.registry.majors(service_type)
        listing = ", ".join(f"v{m}" for m in installed)
        pin = self.config.find_service_option(names_of(service_type), "api_version")
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
            # Installed and pinned: trusted without asking the cloud. Most clouds.yaml
            # pin identity_api_version, and asking would cost every connection a
            # round trip; a version the cloud lacks shows at the first call instead.
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
        malformed = self.registry.malformed_for(set(names_of(service_type)))
        if not malformed:
            return ""
        names = ", ".join(repr(ep.name) for ep in malformed)
        return (
            f" (ignored: malformed entry points {names}; names must look like "
            "<service-type>.v<major>)"
        )

    def proxy_for(self, service_type: str) -> Proxy:
        """A new Proxy for the installed (or extra) ``service_type``."""
        proxy_cls = self.extra.get(service_type)
        if proxy_cls is not None:
            major = proxy_cls.api_version
        else:
            major = self.choose_major(service_type)
            proxy_cls = self.load(service_type, major)
        return build_proxy(
            proxy_cls, self.session, self.config, service_type, major, observers=self.observers
        )
