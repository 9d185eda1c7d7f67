"""Quotas of a project (``/os-quota-sets/{project_id}``, ``/detail``, ``/defaults``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from openstack_core import resource


def _limit(value: Any) -> Any:
    """A quota value: an int, or (``/detail``) ``{"limit", "in_use", "reserved"}``."""
    if isinstance(value, dict):
        value = value.get("limit")
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def _detail(key: str) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """``{quota: value[key]}`` of a ``/detail`` body (empty for a plain one)."""

    def read(body: Mapping[str, Any]) -> dict[str, Any]:
        return {n: v[key] for n, v in body.items() if isinstance(v, dict) and key in v}

    return read


class QuotaSet(resource.Resource):
    """The quota set of a project (or a user, with ``user_id``).

    From ``/detail`` every quota is ``{"limit", "in_use", "reserved"}``: the attributes
    still give the limit and :attr:`usage` / :attr:`reservation` the rest. Keys that
    later microversions dropped (2.36: networks, floating and fixed IPs, security groups;
    2.57: injected files) read None.
    """

    resource_key = "quota_set"
    base_path = "/os-quota-sets/%(project_id)s"
    allow_fetch = allow_commit = allow_delete = True
    requires_id = False
    _max_microversion = "2.56"
    _query_mapping = resource.QueryParameters("user_id", include_pagination_defaults=False)

    #: The project (path parameter).
    project_id = resource.URI("project_id")
    cores = resource.Body("cores", type=_limit)
    fixed_ips = resource.Body("fixed_ips", type=_limit)
    floating_ips = resource.Body("floating_ips", type=_limit)
    #: Send ``force=True`` with an update to set limits below current usage.
    force = resource.Body("force", type=bool)
    injected_file_content_bytes = resource.Body("injected_file_content_bytes", type=_limit)
    injected_file_path_bytes = resource.Body("injected_file_path_bytes", type=_limit)
    injected_files = resource.Body("injected_files", type=_limit)
    instances = resource.Body("instances", type=_limit)
    key_pairs = resource.Body("key_pairs", type=_limit)
    metadata_items = resource.Body("metadata_items", type=_limit)
    networks = resource.Body("networks", type=_limit)
    ram = resource.Body("ram", type=_limit)
    security_group_rules = resource.Body("security_group_rules", type=_limit)
    security_groups = resource.Body("security_groups", type=_limit)
    server_groups = resource.Body("server_groups", type=_limit)
    server_group_members = resource.Body("server_group_members", type=_limit)
    #: ``{quota: in_use}`` from a detail fetch (``usage=True``); else empty.
    usage = resource.Body("usage", type=dict, fallback=_detail("in_use"))
    #: ``{quota: reserved}`` from a detail fetch; else empty.
    reservation = resource.Body("reservation", type=dict, fallback=_detail("reserved"))
