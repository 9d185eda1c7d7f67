"""Segments (``/segments``) and network IP availability (``/network-ip-availabilities``)."""

from __future__ import annotations

from openstack_core import resource
from openstack_network.v2._base import COMMON_FILTERS, NetworkResource


class Segment(NetworkResource):
    """A segment of a routed (multi-segment) network."""

    resource_key = "segment"
    resources_key = "segments"
    base_path = "/segments"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS,
        "description",
        "name",
        "network_id",
        "network_type",
        "physical_network",
        "segmentation_id",
    )

    #: A free description.
    description = resource.Body("description", type=str)
    #: The segment's name.
    name = resource.Body("name", type=str)
    #: The network it belongs to.
    network_id = resource.Body("network_id", type=str)
    #: flat, vlan, vxlan...
    network_type = resource.Body("network_type", type=str)
    #: The physical network.
    physical_network = resource.Body("physical_network", type=str)
    #: VLAN id or VNI.
    segmentation_id = resource.Body("segmentation_id", type=int)


class NetworkIPAvailability(resource.Resource):
    """How many addresses a network and each of its subnets has and uses (admin).

    Its id is the network's id and its ``name`` the network's name.
    """

    resource_key = "network_ip_availability"
    resources_key = "network_ip_availabilities"
    base_path = "/network-ip-availabilities"
    allow_fetch = allow_list = True
    allow_extra_attributes = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS, "ip_version", "network_id", "network_name", "project_id"
    )

    #: The network (the id; the answer names it ``network_id`` only).
    id = resource.Body("id", type=str, alias="network_id")
    #: The network.
    network_id = resource.Body("network_id", type=str)
    #: The network's name.
    network_name = resource.Body("network_name", type=str)
    #: The network's name, for find.
    name = resource.Body("name", type=str, alias="network_name")
    #: Per subnet: ``[{"subnet_id", "cidr", "ip_version", "total_ips", "used_ips"}]``.
    subnet_ip_availability = resource.Body("subnet_ip_availability", type=list)
    #: The owning project.
    project_id = resource.Body("project_id", type=str, alias="tenant_id")
    #: The owning project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: Addresses in all subnets.
    total_ips = resource.Body("total_ips", type=int)
    #: Addresses in use.
    used_ips = resource.Body("used_ips", type=int)
    #: Totals per IP version (network-ip-availability-details).
    ip_availability_details = resource.Body("ip_availability_details", type=dict)
