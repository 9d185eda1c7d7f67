"""Server groups (``/os-server-groups``): affinity policies for scheduling."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from openstack_compute.v2._common import at_least
from openstack_core import resource
from openstack_core.pagination import OffsetPagination

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

G = TypeVar("G", bound="ServerGroup")


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
    policy = resource.Body("policy")
    #: The policies list of microversions before 2.64.
    policies = resource.Body("policies", type=list)
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
        microversion = session._microversion_for(type(self), "create", microversion)
        response = session.request(
            self._url(base_path, requires_id=False),
            "POST",
            json={"server_group": self._create_body(microversion)},
            headers=self._headers_to_send(headers),
            microversion=microversion,
            params=params or None,
        )
        self._microversion = microversion
        self._translate(response, merge=False)
        return self

    def __getattribute__(self, name: str) -> Any:
        # Give ``policy`` from ``policies`` (before 2.64) and the reverse, so code reads
        # the same attribute whatever the cloud's version.
        value = super().__getattribute__(name)
        if value is None and name in ("policy", "policies"):
            body = super().__getattribute__("_body")
            if name == "policy" and body.get("policies"):
                return body["policies"][0]
            if name == "policies" and body.get("policy"):
                return [body["policy"]]
        return value
