"""Agents (``/agents``) and their scheduling of networks (DHCP) and routers (L3)."""

from __future__ import annotations

from openstack_core import resource
from openstack_network.v2._base import COMMON_FILTERS


class Agent(resource.Resource):
    """A Neutron agent (DHCP, L3, Open vSwitch...) reporting from a host (admin)."""

    resource_key = "agent"
    resources_key = "agents"
    base_path = "/agents"
    allow_fetch = allow_commit = allow_delete = allow_list = True
    allow_extra_attributes = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS,
        "agent_type",
        "availability_zone",
        "binary",
        "description",
        "host",
        "topic",
        is_admin_state_up="admin_state_up",
        is_alive="alive",
    )

    #: The agent's type (``DHCP agent``, ``L3 agent``...).
    agent_type = resource.Body("agent_type", type=str)
    #: Its availability zone.
    availability_zone = resource.Body("availability_zone", type=str)
    #: Its executable.
    binary = resource.Body("binary", type=str)
    #: Its configuration as it reports it.
    configuration = resource.Body("configurations", type=dict)
    #: When it first reported.
    created_at = resource.Body("created_at", type=str)
    #: A free description.
    description = resource.Body("description", type=str)
    #: Its last report.
    last_heartbeat_at = resource.Body("heartbeat_timestamp", type=str)
    #: The host it runs on.
    host = resource.Body("host", type=str)
    #: Administrative state.
    is_admin_state_up = resource.Body("admin_state_up", type=bool)
    #: Whether it reported recently.
    is_alive = resource.Body("alive", type=bool)
    #: Whether its resources are synced with Placement.
    resources_synced = resource.Body("resources_synced", type=bool)
    #: When it last started.
    started_at = resource.Body("started_at", type=str)
    #: Its message topic.
    topic = resource.Body("topic", type=str)
    #: HA state of a router on an L3 agent (when listed under a router).
    ha_state = resource.Body("ha_state", type=str)
    #: HA chassis priority (OVN).
    ha_chassis_priority = resource.Body("ha_chassis_priority", type=int)


class NetworkHostingDHCPAgent(Agent):
    """A DHCP agent as listed under a network (``/networks/{id}/dhcp-agents``)."""

    base_path = "/networks/%(network_id)s/dhcp-agents"
    allow_commit = allow_delete = False

    #: The network.
    network_id = resource.URI("network_id")


class RouterL3Agent(Agent):
    """An L3 agent as listed under a router (``/routers/{id}/l3-agents``)."""

    base_path = "/routers/%(router_id)s/l3-agents"
    allow_commit = allow_delete = False

    #: The router.
    router_id = resource.URI("router_id")
