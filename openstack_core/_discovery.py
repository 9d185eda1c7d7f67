"""Find and load service plugins. The only module that talks to stevedore.

Listing reads entry-point names from stevedore's cache and imports nothing. Loading by
name goes through stevedore's DriverManager, which imports only that one plugin.
stevedore caches entry points in memory per process (and on disk, keyed on the
installed ``entry_points.txt`` files); :func:`refresh` drops the in-memory copy, and a
name that is not found triggers one refresh before giving up, so a plugin installed a
moment ago is seen.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from openstack_core import exceptions
from openstack_core.plugins import NAMESPACE, EntryName, contract_violations, parse_name

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy


def _stevedore_entry_points() -> list[importlib.metadata.EntryPoint]:
    from stevedore import named

    # names=[] loads no plugin; the manager only reads the (cached) entry-point table.
    manager: Any = named.NamedExtensionManager(NAMESPACE, names=[])
    return list(manager.list_entry_points())


def refresh() -> None:
    """Forget stevedore's in-process entry-point cache (after installing a plugin)."""
    from stevedore import _cache, extension

    extension.ExtensionManager.ENTRY_POINT_CACHE.pop(NAMESPACE, None)
    _cache._c._internal.clear()


def distribution_of(entry_point: importlib.metadata.EntryPoint) -> tuple[str, str]:
    """(distribution name, version) that declares ``entry_point``; ``("?", "?")`` if none.

    stevedore's cached entry points do not carry their distribution, so this scans the
    installed metadata; it runs only for errors, conflicts and the ``services`` command.
    """
    for ep in importlib.metadata.entry_points(group=NAMESPACE, name=entry_point.name):
        if ep.value == entry_point.value and ep.dist is not None:
            return ep.dist.name, ep.dist.version
    return "?", "?"


def _describe(entry_point: importlib.metadata.EntryPoint) -> str:
    dist, version = distribution_of(entry_point)
    return f"entry point {entry_point.name} = {entry_point.value} (distribution {dist} {version})"


class Registry:
    """The installed service plugins, known by entry-point name; nothing imported."""

    # A plain class, not a dataclass: see CloudConfig in _config for why.
    def __init__(
        self,
        by_type: dict[str, dict[int, list[importlib.metadata.EntryPoint]]] | None = None,
        malformed: list[importlib.metadata.EntryPoint] | None = None,
    ) -> None:
        self.by_type = {} if by_type is None else by_type
        self.malformed = [] if malformed is None else malformed

    def __repr__(self) -> str:
        return f"Registry(by_type={self.by_type!r}, malformed={self.malformed!r})"

    @classmethod
    def scan(cls) -> Registry:
        """Read the entry-point table (cheap: no plugin is imported)."""
        registry = cls()
        for ep in _stevedore_entry_points():
            entry = parse_name(ep.name)
            if entry is None:
                registry.malformed.append(ep)
                continue
            registry.by_type.setdefault(entry.service_type, {}).setdefault(entry.major, []).append(
                ep
            )
        return registry

    def service_types(self) -> list[str]:
        """Installed service types, sorted."""
        return sorted(self.by_type)

    def majors(self, service_type: str) -> list[int]:
        """Installed major versions of ``service_type``, highest first."""
        return sorted(self.by_type.get(service_type, {}), reverse=True)

    def load(self, service_type: str, major: int, distribution: str | None = None) -> type[Proxy]:
        """Import the Proxy class of ``<service_type>.v<major>`` and check the contract.

        ``distribution`` picks one of several distributions registering the same name.
        """
        entry = EntryName(service_type, major)
        candidates = self.by_type.get(service_type, {}).get(major, [])
        if not candidates:
            installed = ", ".join(f"v{m}" for m in self.majors(service_type)) or "none"
            raise exceptions.PluginLoadError(
                f"No plugin is installed for {entry} (installed versions of "
                f"{service_type}: {installed})",
                entry_point=str(entry),
            )
        if distribution is not None:
            chosen = [ep for ep in candidates if distribution_of(ep)[0] == distribution]
            if not chosen:
                found = ", ".join(distribution_of(ep)[0] for ep in candidates)
                raise exceptions.PluginLoadError(
                    f"{service_type.replace('-', '_')}_plugin_distribution is "
                    f"{distribution!r}, but {entry} is provided by: {found}",
                    entry_point=str(entry),
                    distribution=distribution,
                )
            # stevedore loads by name only, and the name is shared: load this one directly.
            return _load(chosen[0], entry, importlib.metadata.EntryPoint.load)
        if len(candidates) > 1:
            names = [distribution_of(ep) for ep in candidates]
            listing = "; ".join(_describe(ep) for ep in candidates)
            key = f"{service_type.replace('-', '_')}_plugin_distribution"
            raise exceptions.PluginConflictError(
                f"{len(candidates)} distributions register {entry}: {listing}. Uninstall "
                f"one, or choose one with {key}: <distribution> in clouds.yaml or as an "
                "argument",
                entry_point=str(entry),
                distribution=", ".join(name for name, _ in names),
            )
        return _load(candidates[0], entry, _stevedore_driver)


def _stevedore_driver(ep: importlib.metadata.EntryPoint) -> Any:
    from stevedore import driver

    manager: Any = driver.DriverManager(NAMESPACE, ep.name, invoke_on_load=False)
    return manager.driver


def _load(
    ep: importlib.metadata.EntryPoint,
    entry: EntryName,
    importer: Callable[[importlib.metadata.EntryPoint], Any],
) -> type[Proxy]:
    """Import ``ep`` with ``importer`` and check the contract; errors name the plugin."""
    try:
        plugin = importer(ep)
    except Exception as exc:
        dist, version = distribution_of(ep)
        raise exceptions.PluginLoadError(
            f"The plugin for {entry} could not be loaded: {type(exc).__name__}: {exc}. "
            f"It comes from {_describe(ep)}; reinstall or upgrade {dist}",
            entry_point=f"{ep.name} = {ep.value}",
            distribution=dist,
            version=version,
        ) from exc
    return _checked(plugin, ep, entry)


def _checked(plugin: object, ep: importlib.metadata.EntryPoint, entry: EntryName) -> type[Proxy]:
    problems = contract_violations(plugin, entry)
    if problems:
        dist, version = distribution_of(ep)
        raise exceptions.PluginLoadError(
            f"The plugin for {entry} breaks the plugin contract ({_describe(ep)}): "
            + "; ".join(problems),
            entry_point=f"{ep.name} = {ep.value}",
            distribution=dist,
            version=version,
        )
    assert isinstance(plugin, type)
    return plugin
