"""The keystoneauth1 auth plugin of a configuration: its loader, found once, and the
plugin built with errors that name what is missing and where to set it.

Connecting never builds it: the Session builds it at the first request
(:mod:`openstack_core._session`), so a script that never calls pays nothing for it.
"""

from __future__ import annotations

import functools
from typing import Any

from openstack_core._config import CloudConfig, cloud_label
from openstack_core.exceptions import ConfigException

__all__ = ["build_auth", "loader", "nothing_configured"]


@functools.cache
def loader(auth_type: str) -> Any:
    """keystoneauth1's loader of ``auth_type``, found once per process.

    The entry point is chosen as ``keystoneauth1.loading.get_plugin_loader`` chooses it
    (of several, the last one not shipped by keystoneauth1 itself), from entry points
    read as :mod:`openstack_core._discovery` reads its own: stevedore's manager, which
    that function builds, took a millisecond more to find the same one.
    """
    from keystoneauth1 import loading

    from openstack_core._discovery import entry_points

    found = [ep for ep in entry_points(loading.PLUGIN_NAMESPACE) if ep.name == auth_type]
    if not found:
        available = ", ".join(sorted(loading.get_available_plugin_names()))
        raise ConfigException(f"unknown auth_type {auth_type!r}; keystoneauth1 offers: {available}")
    out_of_tree = [ep for ep in found if not _in_keystoneauth1(ep)]
    return (out_of_tree or found)[-1].load()()


def _in_keystoneauth1(entry_point: Any) -> bool:
    dist = entry_point.dist
    if dist is not None:
        return bool(dist.name == "keystoneauth1")
    return bool(entry_point.value.startswith("keystoneauth1."))


def nothing_configured(config: CloudConfig) -> ConfigException | None:
    """The error for a configuration with nothing in it (no cloud named, no ``OS_*``
    variables, no auth options), else None: told without loading any auth plugin, so
    connecting reports it although the plugin is built on the first request."""
    if config.name != "defaults" or config.auth:
        return None
    return ConfigException(
        "nothing is configured: no cloud was named (connect(cloud=...) or OS_CLOUD), "
        "no OS_* variables are set and no auth options were passed. Name a cloud "
        "of clouds.yaml, export OS_AUTH_URL and the other OS_* variables (an "
        "openrc file), or pass auth_url=... and the credentials as arguments"
        + (f" (files read: {', '.join(config.files)})" if config.files else ""),
    )


def build_auth(config: CloudConfig) -> Any:
    """The keystoneauth1 auth plugin for ``config``; missing options are named."""
    from keystoneauth1 import exceptions as ksa_exc

    plugin_loader = loader(config.auth_type)
    known = {opt.dest for opt in plugin_loader.get_options()}
    unknown = sorted(set(config.auth) - known)
    where = config.files[0] if config.files else None
    if unknown:
        raise ConfigException(
            f"{cloud_label(config.name)}: auth options {', '.join(unknown)} are not options of "
            f"auth_type {config.auth_type!r} (its options: {', '.join(sorted(known))})",
            file=where,
        )
    try:
        return plugin_loader.load_from_options(**config.auth)
    except ksa_exc.MissingRequiredOptions as exc:
        missing = ", ".join(opt.dest for opt in exc.options)
        empty = nothing_configured(config)
        if empty is not None:
            raise empty from exc
        raise ConfigException(
            f"{cloud_label(config.name)}: auth_type {config.auth_type!r} needs {missing}; set "
            f"them under 'auth:' in clouds.yaml, as OS_* variables or as arguments",
            file=where,
        ) from exc
    except TypeError as exc:
        # Some plugins (v3token) declare a required option as optional; the message
        # names the missing argument, never a value.
        raise ConfigException(
            f"{cloud_label(config.name)}: auth_type {config.auth_type!r} cannot be built from "
            f"the options given ({', '.join(sorted(config.auth)) or 'none'}): {exc}; set "
            "the missing one under 'auth:' in clouds.yaml, as an OS_* variable or as an "
            "argument",
            file=where,
        ) from exc
