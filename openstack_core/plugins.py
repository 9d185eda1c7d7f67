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
  - ``plugin_api_version``: the plugin API version it was written for, a string whose
    major part equals the core's :data:`PLUGIN_API_VERSION` major;
  - ``service_aliases`` (optional): a tuple of extra names, for service types that
    os-service-types does not know.

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


def _major(version: str) -> str:
    return version.split(".", 1)[0]


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
        declared = obj.plugin_api_version
        if not isinstance(declared, str) or _major(declared) != _major(PLUGIN_API_VERSION):
            problems.append(
                f"{obj.__qualname__} was written for plugin API {declared!r}, but this "
                f"openstack-core provides plugin API {PLUGIN_API_VERSION} (major versions "
                "must match)"
            )
    aliases = obj.service_aliases
    if not isinstance(aliases, tuple) or not all(isinstance(a, str) for a in aliases):
        problems.append(f"{obj.__qualname__}.service_aliases must be a tuple of str")
    return problems


def __getattr__(name: str) -> Any:
    # The checker imports Proxy and Resource; load it only when asked for.
    if name in ("check_plugin", "Violation"):
        from openstack_core import _conformance

        return getattr(_conformance, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
