"""Find the installed fakes: entry points of ``openstack_core.fakes`` (``plugin_api.
FAKES_NAMESPACE``), named ``<service-type>.v<major>`` like the service plugins.

Read with ``importlib.metadata`` when a local cloud starts, never at import time. A fake
that cannot be loaded is left out with a warning naming the entry point, its
distribution and the error; the others are served.
"""

from __future__ import annotations

import importlib.metadata
import warnings
from typing import Any

from openstack_core._discovery import distribution_of
from openstack_core.plugin_api import (
    FAKES_NAMESPACE,
    EntryName,
    identity_problems,
    parse_name,
    plugin_api_problem,
)

__all__ = ["fake_contract_violations", "installed_fakes"]


def fake_contract_violations(obj: Any, entry: EntryName) -> list[str]:
    """Every way ``obj``, loaded for ``entry``, breaks the fake's contract."""
    from openstack_core._local.accounts import Accounts
    from openstack_core._local.service import FakeService

    if not isinstance(obj, type) or not issubclass(obj, FakeService):
        return [f"{obj!r} is not a subclass of openstack_core.fakes.FakeService"]
    own = {
        name
        for klass in obj.__mro__[:-1]
        if not klass.__module__.startswith("openstack_core.")
        for name in vars(klass)
    }
    problems = identity_problems(obj, entry, own)
    version = str(obj.plugin_api_version)
    if "plugin_api_version" in own and plugin_api_problem(version) is None:
        if not version.startswith("2."):
            problems.append(f"{obj.__qualname__}: fakes need plugin API 2.0 or later")
        elif issubclass(obj, Accounts) and version == "2.0":
            problems.append(f"{obj.__qualname__}: fakes.Accounts needs plugin API 2.1 or later")
    if entry.service_type == "identity" or issubclass(obj, Accounts):
        problems.extend(_keystone_problems(obj, entry))
    return problems


def _keystone_problems(obj: type[Any], entry: EntryName) -> list[str]:
    """A fake of identity is served beside the core's Keystone: an Accounts of
    identity whose routes leave Keystone's alone."""
    from openstack_core._local.accounts import Accounts
    from openstack_core._local.keystone import Keystone

    if not issubclass(obj, Accounts):
        return [
            f"{obj.__qualname__}: a fake of identity extends the core's Keystone: subclass "
            "openstack_core.fakes.Accounts"
        ]
    if entry.service_type != "identity":
        return [f"{obj.__qualname__}: fakes.Accounts is the fake of identity only"]
    keystone = {(r.method, r.path) for r in Keystone._routes}
    return [
        f"{obj.__qualname__}.{r.handler} answers {r.method} {r.path}, which the core's "
        "Keystone answers: leave it out"
        for r in obj._routes
        if (r.method, r.path) in keystone and r.handler != "_version_route"
    ]


def installed_fakes() -> tuple[dict[str, type[Any]], list[str]]:
    """``({service_type: FakeService class}, problems)``: the highest major of each
    installed fake, and why any entry point was left out."""
    found: dict[str, tuple[int, type[Any]]] = {}
    problems: list[str] = []
    entry_points = list(importlib.metadata.entry_points(group=FAKES_NAMESPACE))
    by_name: dict[str, list[str]] = {}
    for ep in entry_points:
        by_name.setdefault(ep.name, []).append(distribution_of(ep)[0])
    for name, dists in by_name.items():
        if len(dists) > 1:
            problems.append(
                f"fake {name}: {len(dists)} distributions register it ({', '.join(dists)}); "
                "neither is served: uninstall one"
            )
    for ep in entry_points:
        if len(by_name[ep.name]) > 1:
            continue
        dist, version = distribution_of(ep)
        where = f"fake {ep.name} = {ep.value} (distribution {dist} {version})"
        entry = parse_name(ep.name)
        if entry is None:
            problems.append(f"{where}: the name must look like <service-type>.v<major>")
            continue
        try:
            loaded = ep.load()
        except Exception as exc:
            problems.append(f"{where} could not be loaded: {type(exc).__name__}: {exc}")
            continue
        violations = fake_contract_violations(loaded, entry)
        if violations:
            problems.append(f"{where} breaks the fake contract: " + "; ".join(violations))
            continue
        current = found.get(entry.service_type)
        if current is None or current[0] < entry.major:
            found[entry.service_type] = (entry.major, loaded)
    for problem in problems:
        warnings.warn(f"local cloud: {problem}; it is not served", stacklevel=3)
    return {service_type: cls for service_type, (_, cls) in found.items()}, problems
