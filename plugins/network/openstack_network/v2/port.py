"""Ports (``/ports``)."""

from __future__ import annotations

from openstack_core import resource
from openstack_network.v2._base import COMMON_FILTERS, TAG_FILTERS, TaggedResource


class Port(TaggedResource):
    """A virtual switch port: a MAC address and fixed IPs on a network.

    ``ports(fixed_ips=["ip_address=10.0.0.5", "subnet_id=..."])`` filters by fixed IP
    as openstacksdk does (one ``fixed_ips=`` query parameter per item).
    """

    resource_key = "port"
    resources_key = "ports"
    base_path = "/ports"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS,
        "binding:host_id",
        "binding:profile",
        "binding:vif_details",
        "binding:vif_type",
        "binding:vnic_type",
        "description",
        "device_id",
        "device_owner",
        "fixed_ips",
        "id",
        "ip_address",
        "mac_address",
        "name",
        "network_id",
        "status",
        "subnet_id",
        "project_id",
        "security_groups",
        tenant_id="project_id",
        is_admin_state_up="admin_state_up",
        is_port_security_enabled="port_security_enabled",
        security_group_ids="security_groups",
        **TAG_FILTERS,
    )

    #: Extra address pairs allowed through port security.
    allowed_address_pairs = resource.Body("allowed_address_pairs", type=list)
    #: The host the port is bound to.
    binding_host_id = resource.Body("binding:host_id", type=str)
    #: Binding details for the mechanism driver.
    binding_profile = resource.Body("binding:profile", type=dict)
    #: Details of the binding from the mechanism driver.
    binding_vif_details = resource.Body("binding:vif_details", type=dict)
    #: The VIF type (``unbound``, ``binding_failed``, ``ovs``...).
    binding_vif_type = resource.Body("binding:vif_type", type=str)
    #: The vNIC type (normal, direct...).
    binding_vnic_type = resource.Body("binding:vnic_type", type=str)
    #: Data plane status (data-plane-status).
    data_plane_status = resource.Body("data_plane_status", type=str)
    #: A free description.
    description = resource.Body("description", type=str)
    #: What uses the port (a server's id, a router's id...).
    device_id = resource.Body("device_id", type=str)
    #: The kind of user (``compute:nova``, ``network:router_interface``...).
    device_owner = resource.Body("device_owner", type=str)
    #: Cyborg device profile.
    device_profile = resource.Body("device_profile", type=str)
    #: DNS names assigned to the port's addresses.
    dns_assignment = resource.Body("dns_assignment", type=list)
    #: DNS domain of the port.
    dns_domain = resource.Body("dns_domain", type=str)
    #: DNS name of the port.
    dns_name = resource.Body("dns_name", type=str)
    #: Extra DHCP options.
    extra_dhcp_opts = resource.Body("extra_dhcp_opts", type=list)
    #: ``[{"subnet_id": ..., "ip_address": ...}]``.
    fixed_ips = resource.Body("fixed_ips", type=list)
    #: Hardware offload type.
    hardware_offload_type = resource.Body("hardware_offload_type", type=str)
    #: immediate, deferred or none.
    ip_allocation = resource.Body("ip_allocation", type=str)
    #: Administrative state.
    is_admin_state_up = resource.Body("admin_state_up", type=bool)
    #: Whether port security is on.
    is_port_security_enabled = resource.Body("port_security_enabled", type=bool, default=False)
    #: The MAC address.
    mac_address = resource.Body("mac_address", type=str)
    #: The port's name.
    name = resource.Body("name", type=str)
    #: The network it is on.
    network_id = resource.Body("network_id", type=str)
    #: NUMA affinity policy.
    numa_affinity_policy = resource.Body("numa_affinity_policy", type=str)
    #: The owning project.
    project_id = resource.Body("project_id", type=str, alias="tenant_id")
    #: The owning project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: Whether uplink status is propagated.
    propagate_uplink_status = resource.Body("propagate_uplink_status", type=bool)
    #: Private VLAN type.
    pvlan_type = resource.Body("pvlan_type", type=str)
    #: Private VLAN community.
    pvlan_community = resource.Body("pvlan_community", type=str)
    #: QoS policy inherited from the network.
    qos_network_policy_id = resource.Body("qos_network_policy_id", type=str)
    #: QoS policy of the port.
    qos_policy_id = resource.Body("qos_policy_id", type=str)
    #: Placement resources the port needs.
    resource_request = resource.Body("resource_request", type=dict)
    #: Security groups applied to the port.
    security_group_ids = resource.Body("security_groups", type=list)
    #: ACTIVE, DOWN, BUILD or ERROR.
    status = resource.Body("status", type=str)
    #: The trunk the port is the parent of, with its subports.
    trunk_details = resource.Body("trunk_details", type=dict)
    #: Whether the VIF is trusted.
    trusted = resource.Body("trusted", type=bool)
