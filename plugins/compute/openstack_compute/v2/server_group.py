"""Server groups (``/os-server-groups``): affinity policies for scheduling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openstack_core import resource
from openstack_core.pagination import OffsetPagination


def _first_policy(body: Mapping[str, Any]) -> Any:
    """``policy`` of a group from a cloud before 2.64: the first of its ``policies``."""
    policies = body.get("policies")
    return policies[0] if policies else None


def _policy_list(body: Mapping[str, Any]) -> Any:
    """``policies`` of a group from a 2.64+ cloud: its one ``policy``, as a list."""
    policy = body.get("policy")
    return [policy] if policy is not None else None


class ServerGroup(resource.Resource):
    """A server group. Since 2.64 it has one ``policy`` (and ``rules``), before a
    ``policies`` list; both attributes read correctly at every version and create
    sends whichever the negotiated microversion expects."""

    resource_key = "server_group"
    resources_key = "server_groups"
    base_path = "/os-server-groups"
    allow_create = allow_fetch = allow_delete = allow_list = True
    create_exclude_id_from_body = True
    # Nova pages server groups by limit/offset and sends no next link.
    pagination = OffsetPagination()
    _query_mapping = resource.QueryParameters("all_projects", "offset")
    _max_microversion = "2.64"

    #: ``affinity``, ``anti-affinity``, ``soft-affinity`` or ``soft-anti-affinity``.
    #: Whichever of ``policy`` and ``policies`` the cloud sent, both read correctly.
    policy = resource.Body("policy", fallback=_first_policy)
    #: The policies list of microversions before 2.64.
    policies = resource.Body("policies", type=list, fallback=_policy_list)
    #: The ids of the member servers.
    member_ids = resource.Body("members", type=list)
    #: Metadata (always empty).
    metadata = resource.Body("metadata", type=dict)
    #: The owning project (2.13+).
    project_id = resource.Body("project_id")
    #: Policy rules, e.g. ``{"max_server_per_host": 2}`` (2.64+).
    rules = resource.Body("rules", type=dict)
    #: The owning user (2.13+).
    user_id = resource.Body("user_id")

    def request_body(self, body: dict[str, Any], *, microversion: str | None, **kw: Any) -> Any:
        """Create sends ``policy`` (2.64+, with ``rules``) or ``policies`` (before), from
        whichever of the two was given."""
        body = dict(body)
        policy = body.pop("policy", None)
        policies = body.pop("policies", None)
        if resource.at_least(microversion, "2.64"):
            body["policy"] = policy if policy is not None else (policies or [None])[0]
        else:
            body.pop("rules", None)
            body["policies"] = policies if policies is not None else [policy]
        return super().request_body(body, microversion=microversion, **kw)
