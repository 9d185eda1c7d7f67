"""Trunks (``/trunks``): a parent port carrying subports' VLANs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openstack_core import resource
from openstack_network.v2._base import COMMON_FILTERS, TAG_FILTERS, TaggedResource

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy


class Trunk(TaggedResource):
    """A trunk: a parent port and subports, each with a segmentation type and id."""

    resource_key = "trunk"
    resources_key = "trunks"
    base_path = "/trunks"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS,
        "name",
        "description",
        "port_id",
        "status",
        "sub_ports",
        "project_id",
        is_admin_state_up="admin_state_up",
        **TAG_FILTERS,
    )

    #: The trunk's name.
    name = resource.Body("name", type=str)
    #: The owning project.
    project_id = resource.Body("project_id", type=str, alias="tenant_id")
    #: The owning project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: A free description.
    description = resource.Body("description", type=str)
    #: Administrative state.
    is_admin_state_up = resource.Body("admin_state_up", type=bool)
    #: The parent port.
    port_id = resource.Body("port_id", type=str)
    #: ACTIVE, DOWN, BUILD, DEGRADED or ERROR.
    status = resource.Body("status", type=str)
    #: ``[{"port_id": ..., "segmentation_type": "vlan", "segmentation_id": 100}]``.
    sub_ports = resource.Body("sub_ports", type=list)

    def subports_action(
        self, proxy: Proxy, action: str, subports: list[dict[str, Any]] | None = None
    ) -> dict[str, Any]:
        """``PUT /trunks/{id}/add_subports`` or ``remove_subports`` with the subports,
        or ``GET /trunks/{id}/get_subports``; the answer's keys are taken and returned."""
        if subports is None:
            response = self.invoke_action(proxy, path=action, method="GET")
        else:
            response = self.invoke_action(proxy, {"sub_ports": subports}, path=action, method="PUT")
        data = resource.decode_json(response, f"trunk {action}") or {}
        self.set_from_server(**data)
        return dict(data)
