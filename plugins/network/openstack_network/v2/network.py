"""Networks (``/networks``)."""

from __future__ import annotations

from openstack_core import resource
from openstack_network.v2._base import COMMON_FILTERS, TAG_FILTERS, TaggedResource


class Network(TaggedResource):
    """A Neutron network."""

    resource_key = "network"
    resources_key = "networks"
    base_path = "/networks"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS,
        "description",
        "name",
        "status",
        "project_id",
        "id",
        ipv4_address_scope_id="ipv4_address_scope",
        ipv6_address_scope_id="ipv6_address_scope",
        is_admin_state_up="admin_state_up",
        is_port_security_enabled="port_security_enabled",
        is_router_external="router:external",
        is_shared="shared",
        provider_network_type="provider:network_type",
        provider_physical_network="provider:physical_network",
        provider_segmentation_id="provider:segmentation_id",
        **TAG_FILTERS,
    )

    #: Availability zones the network may be scheduled in.
    availability_zone_hints = resource.Body("availability_zone_hints", type=list)
    #: Availability zones the network is in.
    availability_zones = resource.Body("availability_zones", type=list)
    #: A free description.
    description = resource.Body("description", type=str)
    #: DNS domain of the network's ports (dns-integration).
    dns_domain = resource.Body("dns_domain", type=str)
    #: IPv4 address scope of the network.
    ipv4_address_scope_id = resource.Body("ipv4_address_scope", type=str)
    #: IPv6 address scope of the network.
    ipv6_address_scope_id = resource.Body("ipv6_address_scope", type=str)
    #: Administrative state.
    is_admin_state_up = resource.Body("admin_state_up", type=bool)
    #: Whether it is the default external network.
    is_default = resource.Body("is_default", type=bool)
    #: Whether ports get port security by default.
    is_port_security_enabled = resource.Body("port_security_enabled", type=bool, default=False)
    #: Whether it is an external network (router gateways, floating IPs).
    is_router_external = resource.Body("router:external", type=bool, default=False)
    #: Whether every project may use it.
    is_shared = resource.Body("shared", type=bool)
    #: Whether it is VLAN transparent.
    is_vlan_transparent = resource.Body("vlan_transparent", type=bool)
    #: Whether it is a VLAN QinQ network.
    is_vlan_qinq = resource.Body("vlan_qinq", type=bool)
    #: The largest packet size.
    mtu = resource.Body("mtu", type=int)
    #: The network's name.
    name = resource.Body("name", type=str)
    #: The owning project.
    project_id = resource.Body("project_id", type=str, alias="tenant_id")
    #: The owning project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: Provider network type (flat, vlan, vxlan...).
    provider_network_type = resource.Body("provider:network_type", type=str)
    #: Provider physical network.
    provider_physical_network = resource.Body("provider:physical_network", type=str)
    #: Provider segmentation id (VLAN id, VNI).
    provider_segmentation_id = resource.Body("provider:segmentation_id", type=int)
    #: Whether private VLANs are used.
    pvlan = resource.Body("pvlan", type=bool)
    #: QoS policy of the network.
    qos_policy_id = resource.Body("qos_policy_id", type=str)
    #: Segments of a multi-provider network.
    segments = resource.Body("segments", type=list)
    #: ACTIVE, DOWN, BUILD or ERROR.
    status = resource.Body("status", type=str)
    #: Ids of the network's subnets.
    subnet_ids = resource.Body("subnets", type=list)


class DHCPAgentHostingNetwork(Network):
    """A network as listed under a DHCP agent (``/agents/{id}/dhcp-networks``)."""

    base_path = "/agents/%(agent_id)s/dhcp-networks"
    allow_create = allow_commit = allow_delete = False
    allow_fetch = allow_list = True

    #: The DHCP agent.
    agent_id = resource.URI("agent_id")
