"""Plugin API 1.x's module of the plugin contract; :mod:`openstack_core.plugin_api`
is where the contract is declared now. The names below stay importable from here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openstack_core.plugin_api import (
    NAMESPACE,
    PLUGIN_API_VERSION,
    EntryName,
    contract_violations,
    parse_name,
)

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


def __getattr__(name: str) -> Any:
    if name in ("check_plugin", "Violation"):
        from openstack_core import _conformance

        return getattr(_conformance, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
