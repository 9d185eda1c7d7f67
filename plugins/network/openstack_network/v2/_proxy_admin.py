"""Proxy methods for agents and their bindings, trunks, quotas and what the service
offers (extensions, availability zones, service providers)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from openstack_core import crud, proxy, resource
from openstack_network.v2.agent import Agent, NetworkHostingDHCPAgent, RouterL3Agent
from openstack_network.v2.network import DHCPAgentHostingNetwork, Network
from openstack_network.v2.quota import Quota, QuotaDefault, QuotaDetails
from openstack_network.v2.router import L3AgentRouter, Router
from openstack_network.v2.service_info import AvailabilityZone, Extension, ServiceProvider
from openstack_network.v2.trunk import Trunk


class AdminMethods(proxy.Proxy):
    """Operators' calls, trunks and the service's own description."""

    # -- agents -------------------------------------------------------------------------

    agents = crud.lister(Agent)
    get_agent = crud.getter(Agent, fields=True)
    update_agent = crud.updater(Agent)
    delete_agent = crud.deleter(Agent)

    def dhcp_agent_hosting_networks(
        self, agent: str | Agent, **query: Any
    ) -> Iterator[DHCPAgentHostingNetwork]:
        """Iterate over the networks a DHCP agent serves."""
        return self._list(DHCPAgentHostingNetwork, agent_id=resource.id_of(agent), **query)

    def network_hosting_dhcp_agents(
        self, network: str | Network, **query: Any
    ) -> Iterator[NetworkHostingDHCPAgent]:
        """Iterate over the DHCP agents serving a network."""
        return self._list(NetworkHostingDHCPAgent, network_id=resource.id_of(network), **query)

    def add_dhcp_agent_to_network(
        self, agent: str | Agent, network: str | Network
    ) -> dict[str, Any]:
        """Schedule a network on a DHCP agent; Neutron's answer."""
        response = self._get_resource(Agent, agent).invoke_action(
            self, {"network_id": resource.id_of(network)}, path="dhcp-networks"
        )
        answer: dict[str, Any] = resource.decode_json(response, "add network to agent") or {}
        return answer

    def remove_dhcp_agent_from_network(self, agent: str | Agent, network: str | Network) -> None:
        """Take a network off a DHCP agent."""
        self._get_resource(Agent, agent).invoke_action(
            self, path=("dhcp-networks", resource.id_of(network)), method="DELETE"
        )

    def routers_hosting_l3_agents(
        self, router: str | Router, **query: Any
    ) -> Iterator[RouterL3Agent]:
        """Iterate over the L3 agents hosting a router."""
        return self._list(RouterL3Agent, router_id=resource.id_of(router), **query)

    def agent_hosted_routers(self, agent: str | Agent, **query: Any) -> Iterator[L3AgentRouter]:
        """Iterate over the routers an L3 agent hosts."""
        return self._list(L3AgentRouter, agent_id=resource.id_of(agent), **query)

    def add_router_to_agent(
        self, agent: str | Agent, router: str | Router, *, ha_chassis_priority: int | None = None
    ) -> dict[str, Any]:
        """Schedule a router on an L3 agent; Neutron's answer."""
        body: dict[str, Any] = {"router_id": resource.id_of(router)}
        if ha_chassis_priority is not None:
            body["ha_chassis_priority"] = ha_chassis_priority
        response = self._get_resource(Agent, agent).invoke_action(self, body, path="l3-routers")
        answer: dict[str, Any] = resource.decode_json(response, "add router to agent") or {}
        return answer

    def update_router_in_agent(
        self, agent: str | Agent, router: str | Router, *, ha_chassis_priority: int | None = None
    ) -> dict[str, Any]:
        """Change a router's scheduling on an L3 agent (its HA chassis priority)."""
        body: dict[str, Any] = {}
        if ha_chassis_priority is not None:
            body["ha_chassis_priority"] = ha_chassis_priority
        response = self._get_resource(Agent, agent).invoke_action(
            self, body, path=("l3-routers", resource.id_of(router)), method="PUT"
        )
        answer: dict[str, Any] = resource.decode_json(response, "update router in agent") or {}
        return answer

    def remove_router_from_agent(self, agent: str | Agent, router: str | Router) -> None:
        """Take a router off an L3 agent."""
        self._get_resource(Agent, agent).invoke_action(
            self, path=("l3-routers", resource.id_of(router)), method="DELETE"
        )

    # -- trunks -------------------------------------------------------------------------

    trunks = crud.lister(Trunk)
    get_trunk = crud.getter(Trunk, fields=True)
    find_trunk = crud.finder(Trunk)
    create_trunk = crud.creator(Trunk)
    update_trunk = crud.updater(Trunk)
    delete_trunk = crud.deleter(Trunk)

    def add_trunk_subports(self, trunk: str | Trunk, subports: list[dict[str, Any]]) -> Trunk:
        """Add subports (``[{"port_id", "segmentation_type", "segmentation_id"}]``)."""
        target = self._get_resource(Trunk, trunk)
        target.subports_action(self, "add_subports", subports)
        return target

    def delete_trunk_subports(
        self, trunk: str | Trunk, subports: Iterable[dict[str, Any]]
    ) -> Trunk:
        """Remove subports (``[{"port_id": ...}]``)."""
        target = self._get_resource(Trunk, trunk)
        target.subports_action(self, "remove_subports", list(subports))
        return target

    def get_trunk_subports(self, trunk: str | Trunk) -> dict[str, Any]:
        """A trunk's subports: ``{"sub_ports": [...]}``."""
        return self._get_resource(Trunk, trunk).subports_action(self, "get_subports")

    # -- quotas -------------------------------------------------------------------------

    quotas = crud.lister(Quota)
    update_quota = crud.updater(Quota)
    delete_quota = crud.deleter(Quota)

    def get_quota(self, quota: str | Quota, details: bool = False) -> Quota | QuotaDetails:
        """A project's quotas (``quota`` is a project id or a Quota); ``details=True``
        gives each as ``{"limit", "used", "reserved"}`` (a QuotaDetails)."""
        if details:
            project = resource.id_of(quota)
            return self._get(QuotaDetails, project=project, requires_id=False)
        return self._get(Quota, quota)

    def get_quota_default(self, quota: str | Quota) -> QuotaDefault:
        """The default quotas, as seen for a project."""
        return self._get(QuotaDefault, project=resource.id_of(quota), requires_id=False)

    # -- what the service offers --------------------------------------------------------

    extensions = crud.lister(Extension)
    find_extension = crud.finder(Extension)

    def availability_zones(self, **query: Any) -> Iterator[AvailabilityZone]:
        """Iterate over the availability zones of networks and routers."""
        return self._list(AvailabilityZone, **query)

    service_providers = crud.lister(ServiceProvider)
