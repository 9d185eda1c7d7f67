"""Subnets (``/subnets``)."""

from __future__ import annotations

from openstack_core import resource
from openstack_network.v2._base import COMMON_FILTERS, TAG_FILTERS, TaggedResource


class Subnet(TaggedResource):
    """An IP range of a network, with its DHCP and routing settings."""

    resource_key = "subnet"
    resources_key = "subnets"
    base_path = "/subnets"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS,
        "cidr",
        "description",
        "gateway_ip",
        "id",
        "ip_version",
        "ipv6_address_mode",
        "ipv6_ra_mode",
        "name",
        "network_id",
        "segment_id",
        "dns_publish_fixed_ip",
        "project_id",
        is_dhcp_enabled="enable_dhcp",
        subnet_pool_id="subnetpool_id",
        use_default_subnet_pool="use_default_subnetpool",
        **TAG_FILTERS,
    )

    #: Ranges handed out by DHCP: ``[{"start": ..., "end": ...}]``.
    allocation_pools = resource.Body("allocation_pools", type=list)
    #: The subnet's CIDR.
    cidr = resource.Body("cidr", type=str)
    #: A free description.
    description = resource.Body("description", type=str)
    #: DNS servers handed out by DHCP.
    dns_nameservers = resource.Body("dns_nameservers", type=list)
    #: Whether fixed IPs are published to DNS.
    dns_publish_fixed_ip = resource.Body("dns_publish_fixed_ip", type=bool)
    #: The gateway address.
    gateway_ip = resource.Body("gateway_ip", type=str)
    #: Extra routes handed out by DHCP: ``[{"destination": ..., "nexthop": ...}]``.
    host_routes = resource.Body("host_routes", type=list)
    #: 4 or 6.
    ip_version = resource.Body("ip_version", type=int)
    #: IPv6 address mode (slaac, dhcpv6-stateful, dhcpv6-stateless).
    ipv6_address_mode = resource.Body("ipv6_address_mode", type=str)
    #: IPv6 router advertisement mode.
    ipv6_ra_mode = resource.Body("ipv6_ra_mode", type=str)
    #: Whether DHCP is on.
    is_dhcp_enabled = resource.Body("enable_dhcp", type=bool)
    #: The subnet's name.
    name = resource.Body("name", type=str)
    #: The network it belongs to.
    network_id = resource.Body("network_id", type=str)
    #: Prefix length to take from a subnet pool.
    prefix_length = resource.Body("prefixlen", type=int)
    #: The owning project.
    project_id = resource.Body("project_id", type=str, alias="tenant_id")
    #: The owning project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: The segment it is on (routed networks).
    segment_id = resource.Body("segment_id", type=str)
    #: Device owners that may use it.
    service_types = resource.Body("service_types", type=list)
    #: The subnet pool it came from.
    subnet_pool_id = resource.Body("subnetpool_id", type=str)
    #: Take the CIDR from the default subnet pool.
    use_default_subnet_pool = resource.Body("use_default_subnetpool", type=bool)
