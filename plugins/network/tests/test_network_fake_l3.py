"""The network fake at the HTTP level: routers, floating IPs and port forwardings,
QoS, RBAC, address scopes and subnet pools, trunks, segments, IP availability and what
the service says about itself."""

from __future__ import annotations

from typing import Any

#: The ``neutron`` fixture (tests/conftest.py): the fake at the HTTP level.
Neutron = Any


def _net(neutron: Neutron, cidr: str = "10.20.0.0/24") -> tuple[Any, Any]:
    network = neutron.create("networks", "network", name="net")
    subnet = neutron.create("subnets", "subnet", network_id=network["id"], ip_version=4, cidr=cidr)
    return network, subnet


def _external(neutron: Neutron) -> tuple[Any, Any]:
    network = neutron.create(
        "networks",
        "network",
        user="admin",
        name="ext",
        **{
            "router:external": True,
            "provider:network_type": "flat",
            "provider:physical_network": "ext",
        },
    )
    subnet = neutron.create(
        "subnets",
        "subnet",
        user="admin",
        network_id=network["id"],
        ip_version=4,
        cidr="203.0.113.0/24",
        enable_dhcp=False,
    )
    return network, subnet


def test_router_interfaces_gateway_and_routes(neutron: Neutron) -> None:
    _, subnet = _net(neutron)
    ext, ext_subnet = _external(neutron)
    assert neutron.ok("GET", f"/networks/{ext['id']}")["network"]["router:external"] is True
    router = neutron.create("routers", "router", name="r")
    assert router["external_gateway_info"] is None and router["revision_number"] == 1
    path = f"/routers/{router['id']}"
    answer = neutron.ok("PUT", f"{path}/add_router_interface", json={"subnet_id": subnet["id"]})
    assert set(answer) == {"id", "network_id", "port_id", "project_id", "subnet_id", "subnet_ids"}
    port = neutron.ok("GET", f"/ports/{answer['port_id']}")["port"]
    assert port["fixed_ips"][0]["ip_address"] == "10.20.0.1"
    assert (port["device_owner"], port["device_id"]) == ("network:router_interface", router["id"])
    twice = neutron("PUT", f"{path}/add_router_interface", json={"subnet_id": subnet["id"]})
    assert "Router already has a port on subnet" in neutron.error(twice, 400, "BadRequest")
    direct = neutron("DELETE", f"/ports/{answer['port_id']}")
    neutron.error(direct, 409, "ServicePortInUse")
    neutron.error(neutron("DELETE", path), 409, "RouterInUse")
    neutron.error(neutron("DELETE", f"/subnets/{subnet['id']}"), 409, "SubnetInUse")
    routes = {"router": {"routes": [{"destination": "10.99.0.0/24", "nexthop": "10.20.0.9"}]}}
    routed = neutron.ok("PUT", f"{path}/add_extraroutes", json=routes)["router"]
    assert routed["routes"] == routes["router"]["routes"] and routed["gw_port_id"] is None
    far = {"router": {"routes": [{"destination": "10.98.0.0/24", "nexthop": "10.77.0.9"}]}}
    neutron.error(neutron("PUT", f"{path}/add_extraroutes", json=far), 400, "InvalidRoutes")
    assert neutron.ok("PUT", f"{path}/remove_extraroutes", json=routes)["router"]["routes"] == []
    snat = {"router": {"external_gateway_info": {"network_id": ext["id"], "enable_snat": False}}}
    neutron.error(neutron("PUT", path, json=snat), 403, "PolicyNotAuthorized")
    gateway = {"router": {"external_gateway_info": {"network_id": ext["id"]}}}
    info = neutron.ok("PUT", path, json=gateway)["router"]["external_gateway_info"]
    assert info["network_id"] == ext["id"] and info["enable_snat"] is True
    assert info["external_fixed_ips"] == [
        {"subnet_id": ext_subnet["id"], "ip_address": "203.0.113.2"}
    ]
    assert neutron.ok("GET", "/ports?device_owner=network:router_gateway")["ports"] == []
    removed = neutron.ok(
        "PUT", f"{path}/remove_router_interface", json={"port_id": answer["port_id"]}
    )
    assert removed["port_id"] == answer["port_id"]
    missing = neutron("PUT", f"{path}/remove_router_interface", json={"subnet_id": subnet["id"]})
    neutron.error(missing, 404, "RouterInterfaceNotFoundForSubnet")
    assert neutron("DELETE", path).status == 204
    assert (
        neutron.ok("GET", "/ports?device_owner=network:router_gateway", user="admin")["ports"] == []
    )


def test_floating_ips_and_port_forwardings(neutron: Neutron) -> None:
    network, subnet = _net(neutron)
    ext, _ = _external(neutron)
    port = neutron.create("ports", "port", network_id=network["id"])
    address = port["fixed_ips"][0]["ip_address"]
    fip = neutron.create("floatingips", "floatingip", floating_network_id=ext["id"])
    assert fip["floating_ip_address"] == "203.0.113.2" and fip["status"] == "DOWN"
    assert (fip["port_id"], fip["router_id"], fip["revision_number"]) == (None, None, 0)
    path = f"/floatingips/{fip['id']}"
    unreachable = neutron("PUT", path, json={"floatingip": {"port_id": port["id"]}})
    message = neutron.error(unreachable, 404, "ExternalGatewayForFloatingIPNotFound")
    assert f"is not reachable from subnet {subnet['id']}" in message
    router = neutron.create("routers", "router", external_gateway_info={"network_id": ext["id"]})
    neutron.ok(
        "PUT", f"/routers/{router['id']}/add_router_interface", json={"subnet_id": subnet["id"]}
    )
    associated = neutron.ok("PUT", path, json={"floatingip": {"port_id": port["id"]}})["floatingip"]
    assert (associated["fixed_ip_address"], associated["router_id"]) == (address, router["id"])
    assert associated["port_details"]["mac_address"] == port["mac_address"]
    detach = neutron(
        "PUT", f"/routers/{router['id']}/remove_router_interface", json={"subnet_id": subnet["id"]}
    )
    neutron.error(detach, 409, "RouterInterfaceInUseByFloatingIP")
    freed = neutron.ok("PUT", path, json={"floatingip": {"port_id": None}})["floatingip"]
    assert (freed["port_id"], freed["router_id"], freed["revision_number"]) == (None, None, 2)
    not_external = neutron(
        "POST", "/floatingips", json={"floatingip": {"floating_network_id": network["id"]}}
    )
    neutron.error(not_external, 400, "BadRequest")
    forwarding = {
        "internal_port_id": port["id"],
        "internal_ip_address": address,
        "internal_port": 22,
        "external_port": 2222,
        "protocol": "tcp",
    }
    made = neutron.ok("POST", f"{path}/port_forwardings", 201, json={"port_forwarding": forwarding})
    made = made["port_forwarding"]
    assert made["internal_port_range"] == "22:22" and made["external_port_range"] == "2222:2222"
    again = neutron("POST", f"{path}/port_forwardings", json={"port_forwarding": forwarding})
    assert "port collision with the internal_port_range" in neutron.error(again, 400, "BadRequest")
    shown = neutron.ok("GET", path)["floatingip"]
    assert shown["router_id"] == router["id"] and shown["port_forwardings"][0]["id"] == made["id"]
    changed = neutron.ok(
        "PUT",
        f"{path}/port_forwardings/{made['id']}",
        json={"port_forwarding": {"external_port": 2200}},
    )
    assert changed["port_forwarding"]["external_port"] == 2200
    listed = neutron.ok("GET", f"{path}/port_forwardings?protocol=tcp")["port_forwardings"]
    assert [f["id"] for f in listed] == [made["id"]]
    # A new address for the port drops the forwarding to the old one, as in Neutron.
    moved = {"port": {"fixed_ips": [{"subnet_id": subnet["id"], "ip_address": "10.20.0.77"}]}}
    neutron.ok("PUT", f"/ports/{port['id']}", json=moved)
    assert neutron.ok("GET", f"{path}/port_forwardings")["port_forwardings"] == []
    gone = neutron("GET", f"{path}/port_forwardings/{made['id']}")
    neutron.error(gone, 404, "PortForwardingNotFound")
    assert neutron("DELETE", path).status == 204
    assert neutron.ok("GET", "/ports?device_owner=network:floatingip", user="admin")["ports"] == []


def test_qos_policies_and_rules(neutron: Neutron) -> None:
    refused = neutron("POST", "/qos/policies", json={"policy": {"name": "q"}})
    assert (
        neutron.error(refused, 403, "PolicyNotAuthorized")
        == "rule:create_policy is disallowed by policy"
    )
    policy = neutron.create("qos/policies", "policy", user="admin", name="q", shared=True)
    path = f"/qos/policies/{policy['id']}"
    limit = neutron.ok(
        "POST",
        f"{path}/bandwidth_limit_rules",
        201,
        user="admin",
        json={"bandwidth_limit_rule": {"max_kbps": 1000}},
    )["bandwidth_limit_rule"]
    assert limit == {
        "id": limit["id"],
        "max_kbps": 1000,
        "max_burst_kbps": 0,
        "direction": "egress",
    }
    bad_mark = neutron(
        "POST",
        f"{path}/dscp_marking_rules",
        user="admin",
        json={"dscp_marking_rule": {"dscp_mark": 27}},
    )
    assert "27 is not in valid_values" in neutron.error(bad_mark, 400, "HTTPBadRequest")
    neutron.ok(
        "POST",
        f"{path}/dscp_marking_rules",
        201,
        user="admin",
        json={"dscp_marking_rule": {"dscp_mark": 26}},
    )
    shown = neutron.ok("GET", path)["policy"]  # shared: the demo project sees it
    assert [r["type"] for r in shown["rules"]] == ["bandwidth_limit", "dscp_marking"]
    assert shown["shared"] is True and shown["revision_number"] == 2
    missing = neutron("GET", f"{path}/dscp_marking_rules/nope", user="admin")
    assert neutron.error(missing, 404, "QosRuleNotFound") == (
        f"QoS rule nope for policy {policy['id']} could not be found."
    )
    network = neutron.create("networks", "network", name="n", qos_policy_id=policy["id"])
    in_use = neutron("DELETE", path, user="admin")
    assert f"is used by network {network['id']}" in neutron.error(in_use, 409, "QosPolicyInUse")
    types = {t["type"] for t in neutron.ok("GET", "/qos/rule-types")["rule_types"]}
    assert {"bandwidth_limit", "dscp_marking", "minimum_bandwidth"} <= types
    details = neutron.ok("GET", "/qos/rule-types/bandwidth_limit", user="admin")["rule_type"]
    assert details["drivers"][0]["name"] == "openvswitch"
    neutron.error(neutron("GET", "/qos/rule-types/bandwidth_limit"), 403, "NotAuthorized")
    assert neutron.ok("PUT", f"{path}/tags", user="admin", json={"tags": ["t"]}) == {"tags": ["t"]}


def test_rbac_shares_and_unshares_a_network(neutron: Neutron) -> None:
    network, _ = _net(neutron)
    other = neutron.ok("GET", "/quotas/tenant", user="other")["tenant"]["tenant_id"]
    neutron.error(
        neutron("GET", f"/networks/{network['id']}", user="other"), 404, "NetworkNotFound"
    )
    share = {
        "object_type": "network",
        "object_id": network["id"],
        "action": "access_as_shared",
        "target_tenant": other,
    }
    policy = neutron.create("rbac-policies", "rbac_policy", **share)
    assert (
        neutron.ok("GET", f"/networks/{network['id']}", user="other")["network"]["shared"] is True
    )
    assert neutron.ok("GET", f"/networks/{network['id']}")["network"]["shared"] is False
    assert (
        len(neutron.ok("GET", f"/subnets?network_id={network['id']}", user="other")["subnets"]) == 1
    )
    everyone = neutron(
        "PUT", f"/rbac-policies/{policy['id']}", json={"rbac_policy": {"target_tenant": "*"}}
    )
    rule = "(rule:update_rbac_policy and rule:update_rbac_policy:target_tenant)"
    assert neutron.error(everyone, 403, "PolicyNotAuthorized") == f"{rule} is disallowed by policy"
    port = neutron.create("ports", "port", user="other", network_id=network["id"])
    neutron.error(neutron("DELETE", f"/rbac-policies/{policy['id']}"), 409, "RbacPolicyInUse")
    neutron.ok("DELETE", f"/ports/{port['id']}", 204, user="other")
    assert neutron("DELETE", f"/rbac-policies/{policy['id']}").status == 204
    neutron.error(
        neutron("GET", f"/networks/{network['id']}", user="other"), 404, "NetworkNotFound"
    )


def test_address_scopes_and_subnet_pools(neutron: Neutron) -> None:
    scope = neutron.create("address-scopes", "address_scope", name="s", ip_version=4)
    assert set(scope) == {"id", "name", "ip_version", "shared", "project_id", "tenant_id"}
    pool = neutron.create(
        "subnetpools",
        "subnetpool",
        name="p",
        prefixes=["10.128.0.0/16"],
        default_prefixlen=26,
        address_scope_id=scope["id"],
    )
    assert (pool["default_prefixlen"], pool["min_prefixlen"], pool["max_prefixlen"]) == (
        "26",
        "8",
        "32",
    )
    network = neutron.create("networks", "network", name="pooled")
    subnets = [
        neutron.create(
            "subnets", "subnet", network_id=network["id"], ip_version=4, subnetpool_id=pool["id"]
        )
        for _ in range(2)
    ]
    assert [s["cidr"] for s in subnets] == ["10.128.0.0/26", "10.128.0.64/26"]
    mixed = neutron(
        "POST",
        "/subnets",
        json={"subnet": {"network_id": network["id"], "ip_version": 4, "cidr": "10.55.0.0/24"}},
    )
    neutron.error(mixed, 400, "NetworkSubnetPoolAffinityError")
    assert (
        neutron.ok("GET", f"/networks/{network['id']}")["network"]["ipv4_address_scope"]
        == scope["id"]
    )
    neutron.error(neutron("DELETE", f"/subnetpools/{pool['id']}"), 400, "SubnetPoolDeleteError")
    neutron.error(neutron("DELETE", f"/address-scopes/{scope['id']}"), 409, "AddressScopeInUse")


def test_trunks_segments_and_ip_availability(neutron: Neutron) -> None:
    network, subnet = _net(neutron, "10.30.0.0/28")
    parent = neutron.create("ports", "port", network_id=network["id"])
    child = neutron.create("ports", "port", network_id=network["id"])
    trunk = neutron.create("trunks", "trunk", port_id=parent["id"], name="t")
    assert trunk["status"] == "DOWN" and trunk["sub_ports"] == []
    sub = {"port_id": child["id"], "segmentation_type": "vlan", "segmentation_id": 101}
    added = neutron.ok("PUT", f"/trunks/{trunk['id']}/add_subports", json={"sub_ports": [sub]})
    assert added["sub_ports"] == [sub] and added["revision_number"] == 0
    assert neutron.ok("GET", f"/trunks/{trunk['id']}/get_subports") == {"sub_ports": [sub]}
    details = neutron.ok("GET", f"/ports/{parent['id']}")["port"]["trunk_details"]
    assert details["sub_ports"][0]["mac_address"] == child["mac_address"]
    neutron.error(neutron("DELETE", f"/ports/{parent['id']}"), 409, "PortInUseAsTrunkParent")
    neutron.error(neutron("DELETE", f"/ports/{child['id']}"), 409, "PortInUseAsSubPort")
    gone = neutron.ok(
        "PUT",
        f"/trunks/{trunk['id']}/remove_subports",
        json={"sub_ports": [{"port_id": child["id"]}]},
    )
    assert gone["sub_ports"] == []
    assert neutron.ok("GET", "/segments")["segments"] == []  # admins only
    (segment,) = neutron.ok("GET", f"/segments?network_id={network['id']}", user="admin")[
        "segments"
    ]
    assert (segment["network_type"], segment["segmentation_id"], segment["name"]) == (
        "vxlan",
        1000,
        None,
    )
    availability = neutron.ok("GET", f"/network-ip-availabilities/{network['id']}", user="admin")
    availability = availability["network_ip_availability"]
    assert (availability["total_ips"], availability["used_ips"]) == (13, 2)
    assert availability["subnet_ip_availability"][0]["cidr"] == subnet["cidr"]
    assert neutron.ok("GET", "/network-ip-availabilities")["network_ip_availabilities"] == []


def test_what_the_service_says_about_itself(neutron: Neutron) -> None:
    aliases = {e["alias"] for e in neutron.ok("GET", "/extensions")["extensions"]}
    assert {"router", "qos", "trunk", "standard-attr-tag", "revision-if-match"} <= aliases
    assert neutron.ok("GET", "/extensions/trunk")["extension"]["name"] == "Trunk Extension"
    unknown = neutron("GET", "/extensions/nope")
    assert unknown.status == 404 and unknown.headers["Content-Type"].startswith("text/html")
    assert neutron.ok("GET", "/agents", user="admin") == {"agents": []}
    neutron.error(neutron("GET", "/agents/a1", user="admin"), 404, "AgentNotFound")
    neutron.error(
        neutron("POST", "/agents/a1/dhcp-networks", user="admin", json={}), 404, "AgentNotFound"
    )
    assert neutron.ok("GET", "/availability_zones") == {"availability_zones": []}
    providers = neutron.ok("GET", "/service-providers")["service_providers"]
    assert {p["service_type"] for p in providers} == {"L3_ROUTER_NAT"}
