"""The kinds of resources the network fake keeps, as Neutron names and finds them.

A :class:`Kind` says where a collection is served (``/v2.0/<path>``), the keys of its
bodies (``network``/``networks``), the attributes a listing may filter and sort on
(Neutron's ``filter-validation`` refuses any other), whether it has Neutron's standard
attributes (``revision_number``, timestamps, ``description``) and tags, which quota
counts it, and the ``NeutronError`` answered when an id is not found.
"""

from __future__ import annotations

from typing import NamedTuple

from openstack_core import fakes


class Kind(NamedTuple):
    """One kind of resource: its names, its attributes and how it is not found."""

    name: str  # the member key and the table: "network"
    plural: str  # the collection key: "networks"
    path: str  # under /v2.0: "networks", "security-groups", "qos/policies"
    not_found: str  # the NeutronError type: "NetworkNotFound"
    missing: str  # its message, with {id}: "Network {id} could not be found."
    attributes: frozenset[str]  # what a listing may filter and sort on
    standard: bool = True  # revision_number, created_at, updated_at, description
    taggable: bool = True  # /<path>/{id}/tags
    quota: str | None = None  # the quota resource that counts it

    def fault(self, item_id: str, parent: str = "") -> fakes.Fault:
        """The 404 of an id that is not there (or not visible to the caller)."""
        message = self.missing.format(id=item_id, parent=parent)
        return fakes.Fault(404, message, type=self.not_found)


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STANDARD = "id created_at updated_at revision_number description project_id tenant_id"

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "network",
            "networks",
            "networks",
            "NetworkNotFound",
            "Network {id} could not be found.",
            _names(
                f"{_STANDARD} name admin_state_up availability_zone_hints availability_zones"
                " dns_domain ipv4_address_scope ipv6_address_scope is_default l2_adjacency mtu"
                " port_security_enabled provider:network_type provider:physical_network"
                " provider:segmentation_id qos_policy_id router:external shared status subnets"
            ),
            quota="network",
        ),
        Kind(
            "subnet",
            "subnets",
            "subnets",
            "SubnetNotFound",
            "Subnet {id} could not be found.",
            _names(
                f"{_STANDARD} name allocation_pools cidr dns_nameservers dns_publish_fixed_ip"
                " enable_dhcp gateway_ip host_routes ip_version ipv6_address_mode ipv6_ra_mode"
                " network_id router:external segment_id service_types subnetpool_id"
            ),
            quota="subnet",
        ),
        Kind(
            "port",
            "ports",
            "ports",
            "PortNotFound",
            "Port {id} could not be found.",
            _names(
                f"{_STANDARD} name admin_state_up allowed_address_pairs binding:host_id"
                " binding:profile binding:vif_details binding:vif_type binding:vnic_type"
                " data_plane_status device_id device_owner device_profile dns_assignment"
                " dns_domain dns_name extra_dhcp_opts fixed_ips hardware_offload_type hints"
                " ip_allocation mac_address network_id numa_affinity_policy"
                " port_security_enabled propagate_uplink_status qos_network_policy_id"
                " qos_policy_id resource_request security_groups status trunk_details trusted"
            ),
            quota="port",
        ),
        Kind(
            "router",
            "routers",
            "routers",
            "RouterNotFound",
            "Router {id} could not be found",
            _names(
                f"{_STANDARD} name admin_state_up availability_zone_hints availability_zones"
                " conntrack_helpers distributed enable_ndp_proxy external_gateway_info"
                " flavor_id ha routes status"
            ),
            quota="router",
        ),
        Kind(
            "floatingip",
            "floatingips",
            "floatingips",
            "FloatingIPNotFound",
            "Floating IP {id} could not be found",
            _names(
                f"{_STANDARD} dns_domain dns_name fixed_ip_address floating_ip_address"
                " floating_network_id port_details port_forwardings port_id qos_policy_id"
                " router_id status"
            ),
            quota="floatingip",
        ),
        Kind(
            "security_group",
            "security_groups",
            "security-groups",
            "SecurityGroupNotFound",
            "Security group {id} does not exist",
            _names(f"{_STANDARD} name security_group_rules shared stateful"),
            quota="security_group",
        ),
        Kind(
            "security_group_rule",
            "security_group_rules",
            "security-group-rules",
            "SecurityGroupRuleNotFound",
            "Security group rule {id} does not exist",
            _names(
                f"{_STANDARD} belongs_to_default_sg direction ethertype normalized_cidr"
                " port_range_max port_range_min protocol remote_address_group_id"
                " remote_group_id remote_ip_prefix security_group_id"
            ),
            taggable=False,
            quota="security_group_rule",
        ),
        Kind(
            "address_scope",
            "address_scopes",
            "address-scopes",
            "AddressScopeNotFound",
            "Address scope {id} could not be found.",
            _names("id name ip_version project_id shared tenant_id"),
            standard=False,
            taggable=False,
        ),
        Kind(
            "subnetpool",
            "subnetpools",
            "subnetpools",
            "SubnetPoolNotFound",
            "Subnet pool {id} could not be found.",
            _names(
                f"{_STANDARD} name address_scope_id default_prefixlen default_quota ip_version"
                " is_default max_prefixlen min_prefixlen prefixes shared"
            ),
            quota="subnetpool",
        ),
        Kind(
            "policy",
            "policies",
            "qos/policies",
            "QosPolicyNotFound",
            "QoS policy {id} could not be found.",
            _names(f"{_STANDARD} name is_default rules shared"),
        ),
        Kind(
            "rbac_policy",
            "rbac_policies",
            "rbac-policies",
            "RbacPolicyNotFound",
            "RBAC policy of type unknown with ID {id} not found",
            _names("id action object_id object_type project_id target_tenant tenant_id"),
            standard=False,
            taggable=False,
            quota="rbac_policy",
        ),
        Kind(
            "trunk",
            "trunks",
            "trunks",
            "TrunkNotFound",
            "Trunk {id} could not be found.",
            _names(f"{_STANDARD} name admin_state_up port_id status sub_ports"),
            quota="trunk",
        ),
        Kind(
            "segment",
            "segments",
            "segments",
            "SegmentNotFound",
            "Segment {id} could not be found.",
            _names(
                "id created_at updated_at revision_number description name network_id"
                " network_type physical_network segmentation_id"
            ),
            taggable=False,
        ),
        Kind(
            "port_forwarding",
            "port_forwardings",
            "floatingips/{parent}/port_forwardings",
            "PortForwardingNotFound",
            "Port Forwarding {id} could not be found.",
            _names(
                "id description external_port external_port_range internal_ip_address"
                " internal_port internal_port_id internal_port_range protocol"
            ),
            standard=False,
            taggable=False,
        ),
        *(
            Kind(
                member,
                f"{member}s",
                f"qos/policies/{{parent}}/{member}s",
                "QosRuleNotFound",
                "QoS rule {id} for policy {parent} could not be found.",
                _names(f"id qos_policy_id {attributes}"),
                standard=False,
                taggable=False,
            )
            for member, attributes in (
                ("bandwidth_limit_rule", "max_kbps max_burst_kbps direction"),
                ("dscp_marking_rule", "dscp_mark"),
                ("minimum_bandwidth_rule", "min_kbps direction"),
            )
        ),
    )
}

#: The kinds served at /v2.0/<path>, by path.
BY_PATH: dict[str, Kind] = {kind.path: kind for kind in KINDS.values() if "{" not in kind.path}

#: The kinds of QoS rules, by their collection under /qos/policies/{id}/.
QOS_RULES: dict[str, Kind] = {
    kind.plural: kind for kind in KINDS.values() if kind.path.startswith("qos/policies/{")
}
