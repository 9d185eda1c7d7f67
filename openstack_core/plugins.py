"""The service plugin contract, stated once. ``docs/plugins.md`` explains it with examples.

A service plugin is a distribution that declares, in its ``pyproject.toml``::

    [project.entry-points."openstack_core.services"]
    "compute.v2" = "openstack_compute.v2._proxy:Proxy"

* **Group** :data:`NAMESPACE` (``openstack_core.services``).
* **Name** ``<service-type>.v<major>``: the official service type from os-service-types
  (``compute``, ``block-storage``, ...) or the plugin's own type, and the API's major
  version.
* **Value** a subclass of :class:`openstack_core.proxy.Proxy` that declares, in its own
  class body or a base of its own (not only inherited from the core):

  - ``service_type``: the same service type as the entry point name;
  - ``api_version``: the same major version, as an ``int``;
  - ``plugin_api_version``: the plugin API version it was written for, a
    ``"major.minor"`` string with the core's :data:`PLUGIN_API_VERSION` major and a
    minor no newer than the core's (a 1.1 core accepts 1.0 and 1.1, refuses 1.2, 2.0
    and 0.9);
  - ``service_aliases`` (optional): a tuple of extra Connection attribute names, for
    service types that os-service-types does not know;
  - ``catalog_types`` (optional): a tuple of other types the service catalog may list
    the service under;
  - ``microversioned`` (optional): a bool, whether the API has microversions.

The core guarantees: plugin code is imported only when its service is first used, and
only the chosen version; a plugin that fails to import or breaks this contract raises
:class:`~openstack_core.exceptions.PluginLoadError` for that service alone; two
distributions registering one name raise
:class:`~openstack_core.exceptions.PluginConflictError` unless the user chooses one with
``<service>_plugin_distribution``; everything documented in ``docs/plugins.md`` stays
compatible while :data:`PLUGIN_API_VERSION`'s major is unchanged.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, NamedTuple

from openstack_core._version import PLUGIN_API_VERSION

if TYPE_CHECKING:
    from openstack_core._conformance import Violation, check_plugin

__all__ = [
    "NAMESPACE",
    "PLUGIN_API_VERSION",
    "EntryName",
    "Violation",
    "check_plugin",
    "contract_violations",
    "parse_name",
]

#: Entry-point group every service plugin registers its Proxy under.
NAMESPACE = "openstack_core.services"

_NAME = re.compile(r"^(?P<type>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.v(?P<major>\d+)$")
_API_VERSION = re.compile(r"^(\d+)\.(\d+)$")


# A NamedTuple, not a frozen dataclass: importing dataclasses costs about 3 ms of
# ``import openstack_core`` (it pulls in inspect, ast and dis).
class EntryName(NamedTuple):
    """A parsed entry-point name: ``compute.v2`` -> service type and major version."""

    service_type: str
    major: int

    def __str__(self) -> str:
        return f"{self.service_type}.v{self.major}"


def parse_name(name: str) -> EntryName | None:
    """``"compute.v2"`` -> ``EntryName("compute", 2)``; ``None`` if it is malformed."""
    match = _NAME.match(name)
    if match is None:
        return None
    return EntryName(match.group("type"), int(match.group("major")))


def _plugin_api_problem(declared: object) -> str | None:
    """Why this core cannot load a plugin written for plugin API ``declared``; None if
    it can (same major, same or older minor)."""
    match = _API_VERSION.match(declared) if isinstance(declared, str) else None
    if match is None:
        return f"plugin_api_version must look like '1.0', not {declared!r}"
    major, minor = int(match.group(1)), int(match.group(2))
    core_major, core_minor = (int(part) for part in PLUGIN_API_VERSION.split("."))
    if major != core_major:
        return (
            f"it was written for plugin API {declared!r}, but this openstack-core provides "
            f"plugin API {PLUGIN_API_VERSION} (major versions must match): install an "
            f"openstack-core with plugin API {major}.x or a plugin release for "
            f"{core_major}.x"
        )
    if minor > core_minor:
        return (
            f"it was written for plugin API {declared!r}, newer than this openstack-core's "
            f"plugin API {PLUGIN_API_VERSION}: upgrade openstack-core"
        )
    return None


def contract_violations(obj: Any, entry: EntryName) -> list[str]:
    """Every way ``obj``, loaded for ``entry``, breaks the contract; empty when it holds."""
    from openstack_core.proxy import Proxy

    if not isinstance(obj, type) or not issubclass(obj, Proxy):
        return [f"{obj!r} is not a subclass of openstack_core.proxy.Proxy"]
    problems = []
    own = {name for klass in obj.__mro__ if klass is not Proxy for name in vars(klass)}
    for attr in ("service_type", "api_version", "plugin_api_version"):
        if attr not in own:
            problems.append(f"{obj.__qualname__} does not declare {attr}")
    if "service_type" in own and obj.service_type != entry.service_type:
        problems.append(
            f"{obj.__qualname__}.service_type is {obj.service_type!r} but the entry point "
            f"is named for {entry.service_type!r}"
        )
    if "api_version" in own and obj.api_version != entry.major:
        problems.append(
            f"{obj.__qualname__}.api_version is {obj.api_version!r} but the entry point "
            f"is named for major version {entry.major}"
        )
    if "plugin_api_version" in own:
        problem = _plugin_api_problem(obj.plugin_api_version)
        if problem is not None:
            problems.append(f"{obj.__qualname__}: {problem}")
    for attr in ("service_aliases", "catalog_types"):
        names = getattr(obj, attr)
        if not isinstance(names, tuple) or not all(isinstance(a, str) for a in names):
            problems.append(f"{obj.__qualname__}.{attr} must be a tuple of str")
    if not isinstance(obj.microversioned, bool):
        problems.append(f"{obj.__qualname__}.microversioned must be True or False")
    return problems


def __getattr__(name: str) -> Any:
    # The checker imports Proxy and Resource; load it only when asked for.
    if name in ("check_plugin", "Violation"):
        from openstack_core import _conformance

        return getattr(_conformance, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
