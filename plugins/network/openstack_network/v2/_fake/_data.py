"""What the network fake says about itself: the API extensions it implements (with the
names, dates and descriptions Neutron 29 gives them), its service providers, the QoS
rule types of its one driver, and Neutron's default quotas."""

from __future__ import annotations

from typing import Any

#: The extensions the fake implements: (alias, name, updated, description), as Neutron
#: 29 (ML2 with Open vSwitch) lists them. Extensions it does not implement are left out.
EXTENSIONS: tuple[tuple[str, str, str, str], ...] = (
    ("address-scope", "Address scope", "2015-07-26T10:00:00-00:00", "Address scopes extension."),
    ("agent", "agent", "2013-02-03T10:00:00-00:00", "The agent management extension."),
    (
        "allowed-address-pairs",
        "Allowed Address Pairs",
        "2013-07-23T10:00:00-00:00",
        "Provides allowed address pairs",
    ),
    (
        "availability_zone",
        "Availability Zone",
        "2015-01-01T10:00:00-00:00",
        "The availability zone extension.",
    ),
    (
        "binding",
        "Port Binding",
        "2014-02-03T10:00:00-00:00",
        "Expose port bindings of a virtual port to external application",
    ),
    (
        "data-plane-status",
        "Port data plane status extension",
        "2017-01-24T10:00:00-00:00",
        "Expose status of underlying data plane",
    ),
    (
        "dhcp_agent_scheduler",
        "DHCP Agent Scheduler",
        "2013-02-07T10:00:00-00:00",
        "Schedule networks among dhcp agents",
    ),
    (
        "dns-integration",
        "DNS Integration",
        "2015-08-15T18:00:00-00:00",
        "Provides integration with DNS.",
    ),
    (
        "dns-domain-ports",
        "dns_domain for ports",
        "2017-04-24T10:00:00-00:00",
        "Allows the DNS domain to be specified for a network port.",
    ),
    (
        "empty-string-filtering",
        "Empty String Filtering Extension",
        "2018-05-01T10:00:00-00:00",
        "Allow filtering by attributes with empty string value",
    ),
    (
        "expose-port-forwarding-in-fip",
        "Expose Floating IP port forwardings",
        "2018-06-28T16:00:00-00:00",
        "Expose port forwarding fields in floating IP response",
    ),
    (
        "external-net",
        "Neutron external network",
        "2013-01-14T10:00:00-00:00",
        "Adds external network attribute to network resource.",
    ),
    (
        "extra_dhcp_opt",
        "Neutron Extra DHCP options",
        "2013-03-17T12:00:00-00:00",
        "Extra options configuration for DHCP. For example PXE boot options to DHCP clients can "
        "be specified (e.g. tftp-server, server-ip-address, bootfile-name)",
    ),
    (
        "extraroute",
        "Neutron Extra Route",
        "2013-02-01T10:00:00-00:00",
        "Extra routes configuration for L3 router",
    ),
    (
        "extraroute-atomic",
        "Atomically add/remove extra routes",
        "2019-07-10T00:00:00+00:00",
        "Edit extra routes of a router on server side by atomically adding/removing extra routes",
    ),
    (
        "filter-validation",
        "Filter parameters validation",
        "2018-07-04T10:00:00-00:00",
        "Provides validation on filter parameters.",
    ),
    (
        "fip-port-details",
        "Floating IP Port Details Extension",
        "2018-04-09T10:00:00-00:00",
        "Add port_details attribute to Floating IP resource",
    ),
    (
        "floating-ip-port-forwarding",
        "Floating IP Port Forwarding",
        "2018-01-19T10:00:00-00:00",
        "Allow port forwarding from floating IP port to an internal port",
    ),
    (
        "floating-ip-port-forwarding-description",
        "Floating IP Port Forwarding new attribute description",
        "2019-11-01T10:00:00-00:00",
        "Add a description field to Port Forwarding rules",
    ),
    (
        "floating-ip-port-forwarding-detail",
        "Floating IP port forwarding detail",
        "2022-05-06T10:00:00-00:00",
        "Allow list floating ip return more port forwarding data, include'id' and "
        "'internal_port_id'",
    ),
    ("ip_allocation", "IP Allocation", "2016-06-10T23:00:00-00:00", "IP allocation extension."),
    (
        "ip-substring-filtering",
        "IP address substring filtering",
        "2017-11-28T09:00:00-00:00",
        "Provides IP address substring filtering when listing ports",
    ),
    (
        "l2_adjacency",
        "L2 Adjacency",
        "2016-04-12T16:00:00-00:00",
        "Display L2 Adjacency for Neutron Networks.",
    ),
    (
        "router",
        "Neutron L3 Router",
        "2012-07-20T10:00:00-00:00",
        "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to "
        "external networks via a NAT gateway.",
    ),
    (
        "ext-gw-mode",
        "Neutron L3 Configurable external gateway mode",
        "2013-03-28T10:00:00-00:00",
        "Extension of the router abstraction for specifying whether SNAT should occur on the "
        "external gateway",
    ),
    (
        "l3_agent_scheduler",
        "L3 Agent Scheduler",
        "2013-02-07T10:00:00-00:00",
        "Schedule routers among l3 agents",
    ),
    (
        "net-mtu",
        "Network MTU",
        "2015-03-25T10:00:00-00:00",
        "Provides MTU attribute for a network resource.",
    ),
    (
        "net-mtu-writable",
        "Network MTU (writable)",
        "2017-07-12T00:00:00-00:00",
        "Provides a writable MTU attribute for a network resource.",
    ),
    (
        "network_availability_zone",
        "Network Availability Zone",
        "2015-01-01T10:00:00-00:00",
        "Availability zone support for network.",
    ),
    (
        "network-ip-availability",
        "Network IP Availability",
        "2015-09-24T00:00:00-00:00",
        "Provides IP availability data for each network and subnet.",
    ),
    (
        "network-ip-availability-details",
        "Network IP Availability Details Extension",
        "2025-10-31T00:00:00-00:00",
        "Add ip_availability_details attribute to network-ip-availabilities resource.",
    ),
    (
        "pagination",
        "Pagination support",
        "2016-06-12T00:00:00-00:00",
        "Extension that indicates that pagination is enabled.",
    ),
    (
        "port-device-profile",
        "Port device profile",
        "2020-12-17T10:00:00-00:00",
        "Expose the port device profile (Cyborg)",
    ),
    (
        "port-hardware-offload-type",
        "Port hardware offload",
        "2023-05-09T10:00:00-00:00",
        "Expose port hardware offload extension",
    ),
    (
        "port-numa-affinity-policy",
        "Port NUMA affinity policy",
        "2020-07-08T10:00:00-00:00",
        "Expose the port NUMA affinity policy",
    ),
    (
        "port-resource-request",
        "Port Resource Request",
        "2018-05-08T10:00:00-00:00",
        "Expose resource request to Port",
    ),
    (
        "binding-extended",
        "Port Bindings Extended",
        "2017-07-17T10:00:00-00:00",
        "Expose port bindings of a virtual port to external application",
    ),
    ("port-security", "Port Security", "2012-07-23T10:00:00-00:00", "Provides port security"),
    (
        "project-id",
        "project_id field enabled",
        "2016-09-09T09:09:09-09:09",
        "Extension that indicates that project_id field is enabled.",
    ),
    (
        "provider",
        "Provider Network",
        "2012-09-07T10:00:00-00:00",
        "Expose mapping of virtual networks to physical networks",
    ),
    ("qos", "Quality of Service", "2015-06-08T10:00:00-00:00", "The Quality of Service extension."),
    (
        "qos-bw-limit-direction",
        "Direction for QoS bandwidth limit rule",
        "2017-04-10T10:00:00-00:00",
        "Allow to configure QoS bandwidth limit rule with specific direction: ingress or egress",
    ),
    (
        "qos-bw-minimum-ingress",
        "Ingress direction for QoS minimum bandwidth rule",
        "2018-07-09T10:00:00-00:00",
        "Allow to configure QoS minumum bandwidth rule with ingress direction.",
    ),
    (
        "qos-fip",
        "Floating IP QoS",
        "2017-07-20T00:00:00-00:00",
        "The floating IP Quality of Service extension",
    ),
    (
        "qos-port-network-policy",
        "QoS port network policy ID",
        "2019-11-01T10:00:00-00:00",
        "Adds a the QoS network ID to the port definition",
    ),
    (
        "qos-rule-type-details",
        "Details of QoS rule types",
        "2017-06-22T10:00:00-00:00",
        "Expose details about QoS rule types supported by loaded backend drivers",
    ),
    (
        "quotas",
        "Quota management support",
        "2012-07-29T10:00:00-00:00",
        "Expose functions for quotas management per project",
    ),
    (
        "quota_details",
        "Quota details management support",
        "2017-02-10T10:00:00-00:00",
        "Expose functions for quotas usage statistics per project",
    ),
    (
        "quota-check-limit",
        "Quota engine limit check",
        "2021-09-08T16:00:00-00:00",
        "Support for checking the resource usage before applying a new quota limit",
    ),
    (
        "quota-check-limit-default",
        "Quota engine limit check by default",
        "2024-08-21T16:00:00-00:00",
        "By default, the Neutron quota engine checks the resource usage before applying a new "
        "quota limit",
    ),
    (
        "rbac-policies",
        "RBAC Policies",
        "2015-06-17T12:15:12-00:00",
        "Allows creation and modification of policies that control project access to resources.",
    ),
    (
        "rbac-address-scope",
        "Add address_scope type to RBAC",
        "2020-02-12T00:00:00-00:00",
        "Add address_scope type to RBAC",
    ),
    (
        "rbac-security-groups",
        "Add security_group type to network RBAC",
        "2019-02-14T00:00:00-00:00",
        "Add security_group type to network RBAC",
    ),
    (
        "rbac-subnetpool",
        "Add subnetpool type to RBAC",
        "2020-02-05T00:00:00-00:00",
        "Add subnetpool type to RBAC",
    ),
    (
        "revision-if-match",
        "If-Match constraints based on revision_number",
        "2016-12-11T00:00:00-00:00",
        "Extension indicating that If-Match based on revision_number is supported.",
    ),
    (
        "standard-attr-revisions",
        "Resource revision numbers",
        "2016-04-11T10:00:00-00:00",
        "This extension will display the revision number of neutron resources.",
    ),
    (
        "router_availability_zone",
        "Router Availability Zone",
        "2015-01-01T10:00:00-00:00",
        "Availability zone support for router.",
    ),
    (
        "security-groups-normalized-cidr",
        "Normalized CIDR field for security group rules",
        "2020-07-28T10:00:00-00:00",
        "Add new field with normalized remote_ip_prefix cidr in SG rule",
    ),
    (
        "port-security-groups-filtering",
        "Port filtering on security groups",
        "2018-01-09T09:00:00-00:00",
        "Provides security groups filtering when listing ports",
    ),
    (
        "security-groups-remote-address-group",
        "Remote address group id field for security group rules",
        "2020-08-25T10:00:00-00:00",
        "Add new field of remote address group id in SG rules",
    ),
    (
        "security-groups-rules-belongs-to-default-sg",
        "Security group rule belongs to the project's default security group",
        "2023-05-23T10:00:00-00:00",
        "Flag to determine if the security group rule belongs to the project's default security "
        "group",
    ),
    (
        "security-groups-shared-filtering",
        "Security group filtering on the shared field",
        "2021-10-05T09:00:00-00:00",
        "Support filtering security groups on the shared field",
    ),
    (
        "security-group",
        "security-group",
        "2012-10-05T10:00:00-00:00",
        "The security groups extension.",
    ),
    ("segment", "Segment", "2016-02-24T17:00:00-00:00", "Segments extension."),
    (
        "service-type",
        "Neutron Service Type Management",
        "2013-01-20T00:00:00-00:00",
        "API for retrieving service providers for Neutron advanced services",
    ),
    (
        "sorting",
        "Sorting support",
        "2016-06-12T00:00:00-00:00",
        "Extension that indicates that sorting is enabled.",
    ),
    (
        "standard-attr-segment",
        "Standard Attribute Segment Extension",
        "2018-04-09T10:00:00-00:00",
        "Add standard attributes to Segment resource",
    ),
    (
        "standard-attr-description",
        "standard-attr-description",
        "2016-02-10T10:00:00-00:00",
        "Extension to add descriptions to standard attributes",
    ),
    (
        "stateful-security-group",
        "Stateful security group",
        "2019-11-26T09:00:00-00:00",
        "Indicates if the security group is stateful or not",
    ),
    (
        "subnet-dns-publish-fixed-ip",
        "Subnet DNS publish fixed IP",
        "2019-05-24T10:00:00-00:00",
        "Support choosing to publish DNS records for IPs from a subnet",
    ),
    (
        "subnet-external-network",
        "Subnet belongs to an external network",
        "2024-02-05T18:00:00-00:00",
        "Informs if the subnet belongs to an external network",
    ),
    (
        "subnet_allocation",
        "Subnet Allocation",
        "2015-03-30T10:00:00-00:00",
        "Enables allocation of subnets from a subnet pool",
    ),
    (
        "subnet_onboard",
        "Subnet Onboard",
        "2018-12-18T09:00:00-00:00",
        "Provides support for onboarding subnets into subnet pools",
    ),
    (
        "subnet-service-types",
        "Subnet service types",
        "2016-03-15T18:00:00-00:00",
        "Provides ability to set the subnet service_types field",
    ),
    (
        "tag-creation",
        "Tag creation extension",
        "2024-23-07T10:00:00-00:00",
        "Allow to create multiple tags for a resource",
    ),
    (
        "standard-attr-tag",
        "Tag support for resources with standard attribute: port, subnet, subnetpool, network, "
        "security_group, router, floatingip, policy, trunk, network_segment_range",
        "2017-01-01T00:00:00-00:00",
        "Enables to set tag on resources with standard attribute.",
    ),
    (
        "standard-attr-timestamp",
        "Resource timestamps",
        "2016-09-12T10:00:00-00:00",
        "Adds created_at and updated_at fields to all Neutron resources that have Neutron "
        "standard attributes.",
    ),
    ("trunk", "Trunk Extension", "2016-01-01T10:00:00-00:00", "Provides support for trunk ports"),
    (
        "trunk-details",
        "Trunk port details",
        "2016-01-01T10:00:00-00:00",
        "Expose trunk port details",
    ),
    (
        "uplink-status-propagation",
        "Uplink status propagation extension",
        "2018-05-31T18:00:00-00:00",
        "Provides ability to propagate port uplink status.",
    ),
)

#: ``GET /service-providers``: the L3 router flavors' drivers.
SERVICE_PROVIDERS: tuple[dict[str, Any], ...] = tuple(
    {"service_type": "L3_ROUTER_NAT", "name": name, "default": False}
    for name in ("dvrha", "dvr", "ha", "single_node")
)

_RANGE = {"start": 0, "end": 2147483647}
_DIRECTION: dict[str, Any] = {
    "parameter_name": "direction",
    "parameter_type": "choices",
    "parameter_values": ["ingress", "egress"],
}

#: QoS rule types and the parameters the openvswitch driver supports for each.
RULE_TYPES: dict[str, list[dict[str, Any]]] = {
    "dscp_marking": [
        {
            "parameter_name": "dscp_mark",
            "parameter_type": "choices",
            "parameter_values": [0, *range(8, 42, 2), 46, 48, 56],
        }
    ],
    "bandwidth_limit": [
        {"parameter_name": "max_kbps", "parameter_type": "range", "parameter_values": _RANGE},
        {
            "parameter_name": "max_burst_kbps",
            "parameter_type": "range",
            "parameter_values": _RANGE,
        },
        _DIRECTION,
    ],
    "minimum_packet_rate": [
        {"parameter_name": "min_kpps", "parameter_type": "range", "parameter_values": _RANGE},
        {
            "parameter_name": "direction",
            "parameter_type": "choices",
            "parameter_values": ["any", "ingress", "egress"],
        },
    ],
    "packet_rate_limit": [
        {"parameter_name": "max_kpps", "parameter_type": "range", "parameter_values": _RANGE},
        {"parameter_name": "max_burst_kpps", "parameter_type": "range", "parameter_values": _RANGE},
        _DIRECTION,
    ],
    "minimum_bandwidth": [
        {"parameter_name": "min_kbps", "parameter_type": "range", "parameter_values": _RANGE},
        _DIRECTION,
    ],
}

#: Neutron's default quotas (neutron.conf [quotas]); -1 is unlimited.
DEFAULT_QUOTAS: dict[str, int] = {
    "floatingip": 50,
    "network": 100,
    "port": 500,
    "rbac_policy": 10,
    "router": 10,
    "router_route": 30,
    "security_group": 10,
    "security_group_rule": 100,
    "subnet": 100,
    "subnetpool": -1,
    "trunk": -1,
}

#: DSCP marks Neutron accepts.
DSCP_MARKS = frozenset(RULE_TYPES["dscp_marking"][0]["parameter_values"])
