"""Floating IPs (``/floatingips``) and their port forwardings."""

from __future__ import annotations

from openstack_core import resource
from openstack_network.v2._base import COMMON_FILTERS, TAG_FILTERS, TaggedResource


class FloatingIP(TaggedResource):
    """A public address of an external network, associated with a port or free.

    Its ``name`` is its address: ``find_ip("203.0.113.7")`` finds it by address.
    """

    resource_key = "floatingip"
    resources_key = "floatingips"
    base_path = "/floatingips"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS,
        "description",
        "fixed_ip_address",
        "floating_ip_address",
        "floating_network_id",
        "id",
        "port_id",
        "router_id",
        "status",
        "subnet_id",
        "project_id",
        tenant_id="project_id",
        **TAG_FILTERS,
    )

    #: A free description.
    description = resource.Body("description", type=str)
    #: DNS domain (dns-integration).
    dns_domain = resource.Body("dns_domain", type=str)
    #: DNS name (dns-integration).
    dns_name = resource.Body("dns_name", type=str)
    #: The fixed address of the associated port it maps to.
    fixed_ip_address = resource.Body("fixed_ip_address", type=str)
    #: The floating address.
    floating_ip_address = resource.Body("floating_ip_address", type=str)
    #: The address, as openstacksdk names it for find (floating IPs have no name).
    name = resource.Body("name", type=str, alias="floating_ip_address")
    #: The external network it comes from.
    floating_network_id = resource.Body("floating_network_id", type=str)
    #: Details of the associated port (fip-port-details).
    port_details = resource.Body("port_details", type=dict)
    #: The associated port, or None.
    port_id = resource.Body("port_id", type=str)
    #: QoS policy of the floating IP.
    qos_policy_id = resource.Body("qos_policy_id", type=str)
    #: The owning project.
    project_id = resource.Body("project_id", type=str, alias="tenant_id")
    #: The owning project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: The router that carries its traffic.
    router_id = resource.Body("router_id", type=str)
    #: ACTIVE, DOWN or ERROR.
    status = resource.Body("status", type=str)
    #: The external subnet to take it from (create only).
    subnet_id = resource.Body("subnet_id", type=str)


class PortForwarding(resource.Resource):
    """A port forwarding of a floating IP to an internal port's address."""

    resource_key = "port_forwarding"
    resources_key = "port_forwardings"
    base_path = "/floatingips/%(floatingip_id)s/port_forwardings"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    allow_extra_attributes = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS, "internal_port_id", "external_port", "protocol"
    )

    #: The floating IP it belongs to.
    floatingip_id = resource.URI("floatingip_id")
    #: The internal port.
    internal_port_id = resource.Body("internal_port_id", type=str)
    #: The internal port's fixed address.
    internal_ip_address = resource.Body("internal_ip_address", type=str)
    #: The internal TCP/UDP port number.
    internal_port = resource.Body("internal_port", type=int)
    #: The external TCP/UDP port number.
    external_port = resource.Body("external_port", type=int)
    #: tcp or udp.
    protocol = resource.Body("protocol", type=str)
    #: A free description.
    description = resource.Body("description", type=str)
