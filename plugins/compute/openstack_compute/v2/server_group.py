"""Server groups (``/os-server-groups``): affinity policies for scheduling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from openstack_compute.v2._common import at_least, send_create
from openstack_core import resource
from openstack_core.pagination import OffsetPagination

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

G = TypeVar("G", bound="ServerGroup")


class _PolicyField(resource.Body):
    """``policy`` / ``policies``: when the cloud sent the other one, derive this one, so
    code reads the same attribute whatever the cloud's microversion."""

    __slots__ = ()

    def __get__(self, instance: resource.Resource | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, owner)
        if value is None:
            body = instance._body
            if self.name == "policy" and body.get("policies"):
                return body["policies"][0]
            if self.name == "policies" and body.get("policy") is not None:
                return [body["policy"]]
        return value


class ServerGroup(resource.Resource):
    """A server group. Since 2.64 it has one ``policy`` (and ``rules``), before a
    ``policies`` list; both attributes read correctly at every version and create
    sends whichever the negotiated microversion expects."""

    resource_key = "server_group"
    resources_key = "server_groups"
    base_path = "/os-server-groups"
    allow_create = allow_fetch = allow_delete = allow_list = True
    # Nova pages server groups by limit/offset and sends no next link.
    pagination = OffsetPagination()
    _query_mapping = resource.QueryParameters("all_projects", "offset")
    _max_microversion = "2.64"

    #: ``affinity``, ``anti-affinity``, ``soft-affinity`` or ``soft-anti-affinity``.
    policy = _PolicyField("policy")
    #: The policies list of microversions before 2.64.
    policies = _PolicyField("policies", type=list)
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

    def _create_body(self, microversion: str | None) -> dict[str, Any]:
        body = {k: v for k, v in self._body.items() if k != "id"}
        policy = body.pop("policy", None)
        policies = body.pop("policies", None)
        if at_least(microversion, "2.64"):
            body["policy"] = policy if policy is not None else (policies or [None])[0]
        else:
            body.pop("rules", None)
            body["policies"] = policies if policies is not None else [policy]
        return body

    def create(
        self: G,
        session: Proxy,
        prepend_key: bool = True,
        base_path: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        microversion: str | None = None,
        **params: Any,
    ) -> G:
        """Create the group with ``policy`` or ``policies`` as the cloud expects."""
        self._check_allowed("create")
        microversion = session.microversion_for(type(self), "create", microversion)
        return send_create(
            self,
            session,
            {"server_group": self._create_body(microversion)},
            microversion,
            base_path=base_path,
            headers=headers,
            params=params,
        )
