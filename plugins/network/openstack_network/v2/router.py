"""Routers (``/routers``) and their actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openstack_core import resource
from openstack_network.v2._base import COMMON_FILTERS, TAG_FILTERS, TaggedResource

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy


class Router(TaggedResource):
    """A router between networks, with an optional external gateway.

    Its actions are ``PUT /routers/{id}/<action>``: interfaces, extra routes and
    gateways.
    """

    resource_key = "router"
    resources_key = "routers"
    base_path = "/routers"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS,
        "description",
        "flavor_id",
        "id",
        "name",
        "status",
        "project_id",
        is_admin_state_up="admin_state_up",
        is_distributed="distributed",
        is_ha="ha",
        **TAG_FILTERS,
    )

    #: Availability zones the router may be scheduled in.
    availability_zone_hints = resource.Body("availability_zone_hints", type=list)
    #: Availability zones the router is in.
    availability_zones = resource.Body("availability_zones", type=list)
    #: A free description.
    description = resource.Body("description", type=str)
    #: Whether NDP proxies are allowed.
    enable_ndp_proxy = resource.Body("enable_ndp_proxy", type=bool)
    #: EVPN VNI.
    evpn_vni = resource.Body("evpn_vni", type=int)
    #: ``{"network_id": ..., "enable_snat": ..., "external_fixed_ips": [...]}``.
    external_gateway_info = resource.Body("external_gateway_info", type=dict)
    #: The router's flavor.
    flavor_id = resource.Body("flavor_id", type=str)
    #: Administrative state.
    is_admin_state_up = resource.Body("admin_state_up", type=bool)
    #: Whether it is a distributed (DVR) router.
    is_distributed = resource.Body("distributed", type=bool)
    #: Whether it is highly available.
    is_ha = resource.Body("ha", type=bool)
    #: The router's name.
    name = resource.Body("name", type=str)
    #: The owning project.
    project_id = resource.Body("project_id", type=str, alias="tenant_id")
    #: The owning project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: Extra routes: ``[{"destination": ..., "nexthop": ...}]``.
    routes = resource.Body("routes", type=list)
    #: ACTIVE, DOWN, BUILD or ERROR.
    status = resource.Body("status", type=str)

    def act(self, proxy: Proxy, action: str, body: Any, *, take: bool = False) -> Any:
        """``PUT /routers/{id}/{action}`` with ``body``; the decoded answer.

        ``take=True`` when the answer is the router (extra routes, external gateways):
        this object then holds the server's new view.
        """
        response = self.invoke_action(proxy, body, path=action, method="PUT")
        if take:
            self.translate_response(response)
            return self
        return resource.decode_json(response, f"router {action}")


class L3AgentRouter(Router):
    """A router as listed under an L3 agent (``/agents/{id}/l3-routers``)."""

    base_path = "/agents/%(agent_id)s/l3-routers"
    allow_create = allow_commit = allow_delete = False
    allow_fetch = allow_list = True

    #: The L3 agent.
    agent_id = resource.URI("agent_id")
