"""Find and load service plugins. The only module that talks to stevedore.

Listing reads the entry points of :data:`~openstack_core.plugins.NAMESPACE` with the
standard library's ``importlib.metadata`` and imports nothing. Loading by name goes
through stevedore's ``DriverManager``, which imports only that one plugin; it is handed
the same freshly read table (stevedore's ``ExtensionManager.ENTRY_POINT_CACHE``), so
what is listed is what stevedore loads.

Freshness. The table is rebuilt whenever an exact fingerprint of the installed
entry-point metadata changes: path, inode, size, ``st_mtime_ns`` and ``st_ctime_ns`` of
every ``*.dist-info/entry_points.txt`` and ``*.egg-info/entry_points.txt`` on
``sys.path`` (stat calls only; the ctime changes on every write, rename and ``utime``).
A file changed within :data:`_RACY_NS` of a scan may be changed again without any stat
field moving (file timestamps tick coarsely), so such a fingerprint is never trusted
twice: the next scan rereads the metadata, as git does for "racily clean" files. Every
:class:`~openstack_core.Connection` scans once, on first need; a name, a pinned version
or a load that fails scans once more before reporting an error. So a plugin installed,
removed or edited (same version, changed ``entry_points.txt``) a moment ago is seen,
in this process and in new ones.

Trade-off: stevedore's own on-disk entry-point cache is not read for this group. Its key
packs mtimes as 32-bit floats (128 s steps), so a same-version reinstall with changed
entry points can keep a stale key for good, and it is off for an interpreter under
``/tmp``. Reading ``importlib.metadata`` instead costs about 1 ms with 20 installed
distributions and 2 ms with 70, once per process and again only after the metadata
changed; the fingerprint costs 0.2 to 0.5 ms per Connection. The ``importlib-metadata``
backport is not used: Python 3.11's ``importlib.metadata`` has everything needed here
(``entry_points(group=)``, ``EntryPoint.dist``, one distribution per name), it is what
stevedore uses, so the entry points handed to stevedore are its own type, and importing
the backport would add about 4 ms to the first scan.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import os
import re
import sys
import time
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from openstack_core import exceptions
from openstack_core.plugin_api import NAMESPACE, EntryName, contract_violations, parse_name

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy


#: A file changed this recently may change again without moving any stat field (file
#: timestamps follow a coarse clock; some file systems keep 1 s or 2 s steps).
_RACY_NS = 2_000_000_000
_METADATA_DIRS = (".dist-info", ".egg-info")

Fingerprint = tuple[tuple[str, int, int, int, int], ...]


def fingerprint() -> tuple[Fingerprint, bool]:
    """The installed entry-point metadata as stat results, and whether a file in it
    changed so recently that an unchanged fingerprint would not prove it unchanged."""
    recent = time.time_ns() - _RACY_NS
    parts: list[tuple[str, int, int, int, int]] = []
    for entry in sys.path:
        root = entry or "."
        try:
            with os.scandir(root) as listing:
                names = [item.name for item in listing if item.name.endswith(_METADATA_DIRS)]
        except NotADirectoryError:
            paths = [root]  # a zip on sys.path: its own stat stands for its contents
        except OSError:
            continue
        else:
            paths = [os.path.join(root, name, "entry_points.txt") for name in names]
        for path in paths:
            try:
                st = os.stat(path)
            except OSError:
                continue
            parts.append((path, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    # Every write, rename or utime sets the ctime to "now", so the ctime alone tells.
    racy = any(part[4] >= recent for part in parts)
    return tuple(parts), racy


def _forget_metadata_listings() -> None:
    # importlib.metadata caches each directory's listing keyed on the directory's mtime,
    # which need not move within one timestamp tick. Python 3.11 declares
    # MetadataPathFinder.invalidate_caches without @classmethod, so call the function.
    finder = importlib.metadata.MetadataPathFinder
    invalidate = vars(finder).get("invalidate_caches")
    if invalidate is None:  # moved in some other Python version: use the general hook
        importlib.invalidate_caches()
        return
    if isinstance(invalidate, classmethod):
        invalidate = invalidate.__func__
    invalidate(finder)


#: The latest scan, shared by every Connection of the process (see :meth:`Registry.scan`).
_latest: dict[str, Registry] = {}


def distribution_of(entry_point: importlib.metadata.EntryPoint) -> tuple[str, str]:
    """(distribution name, version) that declares ``entry_point``; ``("?", "?")`` if none."""
    dist = getattr(entry_point, "dist", None)
    if dist is not None:
        # The metadata is read now, not at scan time: it is gone if just uninstalled.
        # .get(): dist.name warns on Python 3.12+ when the metadata has no Name.
        metadata = dist.metadata
        name, version = metadata.get("Name"), metadata.get("Version")
        if name:
            return name, version or "?"
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
        entry_points: list[importlib.metadata.EntryPoint] | None = None,
        fingerprint: Fingerprint = (),
        trusted: bool = False,
    ) -> None:
        self.by_type = {} if by_type is None else by_type
        self.malformed = [] if malformed is None else malformed
        self.entry_points = [] if entry_points is None else entry_points
        self.fingerprint = fingerprint
        #: False when a metadata file changed just before this table was read.
        self.trusted = trusted

    def __repr__(self) -> str:
        return (
            f"Registry(by_type={self.by_type!r}, malformed={self.malformed!r}, "
            f"trusted={self.trusted!r})"
        )

    @classmethod
    def scan(cls) -> Registry:
        """The installed plugins now (no plugin is imported).

        Returns the table of the previous scan, in any Connection, when the metadata
        fingerprint proves nothing changed since; otherwise rereads the metadata.
        """
        current, racy = fingerprint()
        latest = _latest.get("registry")
        if latest is not None and latest.trusted and latest.fingerprint == current:
            return latest
        registry = cls(fingerprint=current, trusted=not racy)
        _forget_metadata_listings()
        registry.entry_points = list(importlib.metadata.entry_points(group=NAMESPACE))
        for ep in registry.entry_points:
            entry = parse_name(ep.name)
            if entry is None:
                registry.malformed.append(ep)
                continue
            registry.by_type.setdefault(entry.service_type, {}).setdefault(entry.major, []).append(
                ep
            )
        _latest["registry"] = registry
        return registry

    def service_types(self) -> list[str]:
        """Installed service types, sorted."""
        return sorted(self.by_type)

    def majors(self, service_type: str) -> list[int]:
        """Installed major versions of ``service_type``, highest first."""
        return sorted(self.by_type.get(service_type, {}), reverse=True)

    def malformed_for(self, names: Collection[str]) -> list[importlib.metadata.EntryPoint]:
        """Malformed entry points that look meant for one of ``names`` (service types or
        aliases): ``orchestration``, ``Orchestration.v1``, ``orchestration.v1.0``,
        ``orchestration_v1`` all look meant for ``orchestration``."""
        found = []
        for ep in self.malformed:
            base = ep.name.strip().lower().replace("_", "-").split(".", 1)[0]
            if base in names or re.sub(r"-?v?\d+$", "", base) in names:
                found.append(ep)
        return found

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
        return _load(candidates[0], entry, self._stevedore_driver)

    def _stevedore_driver(self, ep: importlib.metadata.EntryPoint) -> Any:
        from stevedore import driver, extension

        # stevedore loads from this table rather than its disk cache (module docstring).
        extension.ExtensionManager.ENTRY_POINT_CACHE[NAMESPACE] = list(self.entry_points)
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
        from openstack_core._enforcement import PluginAPIError

        advice = (
            f"ask the maintainers of {dist} to keep to the plugin API, or use a release "
            "of it written for this openstack-core"
            if isinstance(exc, PluginAPIError)
            else f"reinstall or upgrade {dist}"
        )
        raise exceptions.PluginLoadError(
            f"The plugin for {entry} could not be loaded: {type(exc).__name__}: {exc}. "
            f"It comes from {_describe(ep)}; {advice}",
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
