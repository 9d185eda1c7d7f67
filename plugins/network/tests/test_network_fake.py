"""The network fake at the HTTP level: version documents, errors, Neutron's listings
(filters, fields, sorting, pagination links), revisions, tags, networks, subnets,
ports, security groups, quotas and state, on a frozen clock."""

from __future__ import annotations

import json
from typing import Any

from openstack_network.v2._fake import Fake

from openstack_core import fakes
from openstack_core.testing import LocalCloud

#: The ``neutron`` fixture (tests/conftest.py): the fake at the HTTP level.
Neutron = Any


def _net(neutron: Neutron, cidr: str = "10.20.0.0/24", user: str = "demo") -> tuple[Any, Any]:
    network = neutron.create("networks", "network", user=user, name="net")
    subnet = neutron.create(
        "subnets", "subnet", user=user, network_id=network["id"], ip_version=4, cidr=cidr
    )
    return network, subnet


def test_root_lists_v2_0_and_v2_0_lists_the_core_collections(neutron: Neutron) -> None:
    root = neutron.cloud.request("GET", "/network", user=None)
    assert root.status == 200
    (version,) = root.json_body()["versions"]
    assert version == {
        "id": "v2.0",
        "status": "CURRENT",
        "links": [{"rel": "self", "href": "http://local-cloud.invalid/network/v2.0/"}],
    }
    assert neutron.cloud.url_of("network") == "http://local-cloud.invalid/network"
    resources = neutron.ok("GET", "/")["resources"]
    assert [r["collection"] for r in resources] == ["networks", "subnets", "subnetpools", "ports"]
    assert resources[0]["links"][0]["href"].endswith("/network/v2.0/networks")
    # Neutron: /v2.0 without the slash is a 404, and every /v2.0 path needs a token.
    neutron.error(neutron.cloud.request("GET", "/network/v2.0"), 404, "HTTPNotFound")
    unauthorized = neutron("GET", "/networks", user=None)
    assert unauthorized.status == 401 and unauthorized.json_body()["error"]["code"] == 401


def test_errors_are_neutron_errors(neutron: Neutron) -> None:
    message = neutron.error(neutron("GET", "/networks/nope"), 404, "NetworkNotFound")
    assert message == "Network nope could not be found."
    assert neutron.error(neutron("GET", "/no-such-things"), 404, "HTTPNotFound")
    neutron.error(neutron("POST", "/networks/abc", json={}), 405, "HTTPMethodNotAllowed")
    message = neutron.error(neutron("POST", "/networks", json={"net": {}}), 400, "HTTPBadRequest")
    assert message == "Unable to find 'network' in request body"
    bogus = neutron("POST", "/networks", json={"network": {"bogus": 1}})
    assert neutron.error(bogus, 400, "HTTPBadRequest") == "Unrecognized attribute(s) 'bogus'"
    provider = neutron("POST", "/networks", json={"network": {"provider:network_type": "flat"}})
    assert neutron.error(provider, 403, "PolicyNotAuthorized") == (
        "(rule:create_network and rule:create_network:provider:network_type) is disallowed by "
        "policy"
    )
    network, _ = _net(neutron)
    status = neutron("PUT", f"/networks/{network['id']}", json={"network": {"status": "DOWN"}})
    assert (
        neutron.error(status, 400, "HTTPBadRequest") == "Cannot update read-only attribute status"
    )


def test_a_network_as_members_and_admins_see_it(neutron: Neutron) -> None:
    created = neutron.create("networks", "network", name="web", description="front")
    assert created["created_at"] == created["updated_at"] == "2026-01-31T12:00:00Z"
    assert (created["status"], created["mtu"], created["revision_number"]) == ("ACTIVE", 1450, 1)
    assert created["shared"] is False and created["router:external"] is False
    assert created["project_id"] == created["tenant_id"] and created["is_default"] is False
    shown = neutron.ok("GET", f"/networks/{created['id']}")["network"]
    assert "is_default" not in shown and "provider:network_type" not in shown
    admin = neutron.ok("GET", f"/networks/{created['id']}", user="admin")["network"]
    assert (admin["provider:network_type"], admin["provider:segmentation_id"]) == ("vxlan", 1000)
    second = neutron.create("networks", "network", name="two")
    assert (
        neutron.ok("GET", f"/networks/{second['id']}", user="admin")["network"][
            "provider:segmentation_id"
        ]
        == 1001
    )
    neutron.error(
        neutron("GET", f"/networks/{created['id']}", user="other"), 404, "NetworkNotFound"
    )
    mtu = neutron("PUT", f"/networks/{created['id']}", json={"network": {"mtu": 9000}})
    assert "maximum is 1450" in neutron.error(mtu, 400, "InvalidInput")


def test_revisions_and_if_match(neutron: Neutron) -> None:
    clock = neutron.cloud.clock
    network, _ = _net(neutron)
    assert neutron.ok("GET", f"/networks/{network['id']}")["network"]["revision_number"] == 2
    clock.advance(60)
    stale = {"If-Match": "revision_number=1"}
    change = {"network": {"description": "x"}}
    refused = neutron("PUT", f"/networks/{network['id']}", json=change, headers=stale)
    message = neutron.error(refused, 412, "RevisionNumberConstraintFailed")
    assert message == "Constrained to 1, but current revision is 2"
    current = {"If-Match": "revision_number=2"}
    updated = neutron.ok("PUT", f"/networks/{network['id']}", json=change, headers=current)
    assert updated["network"]["revision_number"] == 3
    assert updated["network"]["updated_at"] == "2026-01-31T12:01:00Z"
    gone = neutron("DELETE", f"/networks/{network['id']}", headers=stale)
    neutron.error(gone, 412, "RevisionNumberConstraintFailed")
    assert len(neutron.ok("GET", f"/networks/{network['id']}")["network"]["subnets"]) == 1
    # What keeps a resource in use is checked first, as Neutron checks the revision last.
    neutron.create("ports", "port", network_id=network["id"])
    in_use = neutron("DELETE", f"/networks/{network['id']}", headers=stale)
    neutron.error(in_use, 409, "NetworkInUse")


def test_listing_filters_fields_and_sorting(neutron: Neutron) -> None:
    for name in ("b", "a", "c"):
        neutron.create("networks", "network", name=name, admin_state_up=name != "c")
    names = neutron.ok("GET", "/networks?fields=name&sort_key=name&sort_dir=desc")["networks"]
    assert names == [{"name": "c"}, {"name": "b"}, {"name": "a"}]
    two_keys = (
        "/networks?fields=name&sort_key=admin_state_up&sort_dir=asc&sort_key=name&sort_dir=desc"
    )
    assert [n["name"] for n in neutron.ok("GET", two_keys)["networks"]] == ["c", "b", "a"]
    ored = neutron.ok("GET", "/networks?name=a&name=c&admin_state_up=True&fields=name")
    assert ored["networks"] == [{"name": "a"}]
    for query, message in (
        ("sort_key=name", "The number of sort_keys and sort_dirs must be same"),
        ("sort_key=x&sort_dir=asc", "['x'] is invalid attribute for sort_keys"),
        ("sort_key=name&sort_dir=up", "['up'] is invalid value for sort_dirs, valid value is"),
        ("colour=red", "['colour'] is invalid attribute for filtering"),
    ):
        assert message in neutron.error(neutron("GET", f"/networks?{query}"), 400, "HTTPBadRequest")
    limit = neutron("GET", "/networks?limit=abc")
    assert "Limit must be an integer 0 or greater and not 'abc'" in neutron.error(
        limit, 400, "BadRequest"
    )
    neutron.error(neutron("GET", "/networks?limit=1&marker=nope"), 404, "NetworkNotFound")


def test_pagination_links_as_neutron_builds_them(neutron: Neutron) -> None:
    made = [neutron.create("networks", "network", name=f"n{i}") for i in range(5)]
    base = "sort_key=name&sort_dir=asc&fields=name&limit=2"
    first = neutron.ok("GET", f"/networks?{base}")
    assert [n["name"] for n in first["networks"]] == ["n0", "n1"]
    links = {link["rel"]: link["href"] for link in first["networks_links"]}
    prefix = "http://local-cloud.invalid/network/v2.0/networks?"
    assert links["next"] == f"{prefix}{base}&marker={made[1]['id']}"
    assert links["previous"] == f"{prefix}{base}&marker={made[0]['id']}&page_reverse=True"
    pages, url = [], links["next"]
    for _ in range(5):  # a fake that always links to a next page fails, not loops
        if not url:
            break
        answer = neutron.cloud.request("GET", url.removeprefix("http://local-cloud.invalid"))
        body = answer.json_body()
        pages.append([n["name"] for n in body["networks"]])
        url = {link["rel"]: link["href"] for link in body.get("networks_links", [])}.get("next")
    assert pages == [["n2", "n3"], ["n4"]]  # a short page has no next link
    # A full page has one, even when nothing follows: the page after it is empty.
    full = neutron.ok("GET", "/networks?limit=5&fields=id")
    rels = [link["rel"] for link in full["networks_links"]]
    assert rels == ["next", "previous"]
    last = full["networks"][-1]["id"]  # without sort keys, by id
    empty = neutron.ok("GET", f"/networks?limit=5&fields=id&marker={last}")
    assert empty["networks"] == [] and [x["rel"] for x in empty["networks_links"]] == ["previous"]
    back = neutron.ok("GET", f"/networks?{base}&marker={made[4]['id']}&page_reverse=True")
    assert [n["name"] for n in back["networks"]] == ["n2", "n3"]
    everything = neutron.ok("GET", "/networks?limit=0&fields=id")
    assert len(everything["networks"]) == 5 and "networks_links" not in everything


def test_tags_on_resources_and_tag_filters(neutron: Neutron) -> None:
    network, subnet = _net(neutron)
    path = f"/networks/{network['id']}/tags"
    assert neutron.ok("PUT", path, json={"tags": ["red", "blue"]}) == {"tags": ["red", "blue"]}
    assert neutron("PUT", f"{path}/green").status == 201
    assert neutron.ok("POST", path, json={"tags": ["white", "red"]}) == {"tags": ["white", "red"]}
    assert neutron.ok("GET", path) == {"tags": ["blue", "green", "red", "white"]}
    assert neutron("GET", f"{path}/green").status == 204
    assert neutron("DELETE", f"{path}/green").status == 204
    neutron.error(neutron("DELETE", f"{path}/green"), 404, "TagNotFound")
    neutron.error(neutron("PUT", path, json={"tags": "red"}), 400, "InvalidInput")
    shown = neutron.ok("GET", f"/networks/{network['id']}?fields=tags&fields=revision_number")
    assert shown["network"] == {"tags": ["blue", "red", "white"], "revision_number": 6}
    for query, found in (
        ("tags=red,blue", True),
        ("tags=red,nope", False),
        ("tags-any=nope,white", True),
        ("not-tags=red,nope", True),
        ("not-tags-any=nope,red", False),
    ):
        listed = neutron.ok("GET", f"/networks?{query}&fields=id")["networks"]
        assert (listed == [{"id": network["id"]}]) is found, query
    neutron.ok("PUT", f"/subnets/{subnet['id']}/tags", json={"tags": ["s"]})
    born = neutron.create("networks", "network", name="born", tags=["b", "a"])
    assert born["tags"] == ["a", "b"] and born["revision_number"] == 1
    assert neutron.ok("GET", "/subnets?tags=s&fields=id")["subnets"] == [{"id": subnet["id"]}]
    rule = neutron.ok("GET", "/security-group-rules")["security_group_rules"][0]
    neutron.error(neutron("GET", f"/security-group-rules/{rule['id']}/tags"), 404, "HTTPNotFound")
    assert neutron("DELETE", path).status == 204
    assert neutron.ok("GET", path) == {"tags": []}


def test_subnets_pools_gateways_and_errors(neutron: Neutron) -> None:
    network, subnet = _net(neutron)
    assert subnet["allocation_pools"] == [{"start": "10.20.0.2", "end": "10.20.0.254"}]
    assert (subnet["gateway_ip"], subnet["enable_dhcp"], subnet["revision_number"]) == (
        "10.20.0.1",
        True,
        0,
    )

    def create(**attrs: Any) -> fakes.Response:
        return neutron("POST", "/subnets", json={"subnet": {"network_id": network["id"], **attrs}})

    message = neutron.error(create(ip_version=4, cidr="not-a-cidr"), 400, "InvalidInput")
    assert message == "Invalid input for operation: not-a-cidr is not in a CIDR format."
    assert "overlaps with another subnet" in neutron.error(
        create(ip_version=4, cidr="10.20.0.128/25"), 400, "InvalidInput"
    )
    assert "'ip_version' not specified" in neutron.error(
        create(cidr="10.21.0.0/24"), 400, "HTTPBadRequest"
    )
    normalised = neutron.ok(
        "POST",
        "/subnets",
        201,
        json={
            "subnet": {
                "network_id": network["id"],
                "ip_version": 4,
                "cidr": "10.21.0.5/24",
                "gateway_ip": None,
            }
        },
    )
    assert (
        normalised["subnet"]["cidr"] == "10.21.0.0/24"
        and normalised["subnet"]["gateway_ip"] is None
    )
    assert normalised["subnet"]["allocation_pools"] == [
        {"start": "10.21.0.1", "end": "10.21.0.254"}
    ]
    conflict = create(
        ip_version=4,
        cidr="10.22.0.0/24",
        allocation_pools=[{"start": "10.22.0.1", "end": "10.22.0.9"}],
    )
    assert "conflicts with allocation pool 10.22.0.1-10.22.0.9" in neutron.error(
        conflict, 409, "GatewayConflictWithAllocationPools"
    )
    v6 = create(ip_version=6, cidr="fd00:1::/64", ipv6_address_mode="slaac", ipv6_ra_mode="slaac")
    assert v6.json_body()["subnet"]["gateway_ip"] == "fd00:1::"
    assert v6.json_body()["subnet"]["allocation_pools"] == [
        {"start": "fd00:1::1", "end": "fd00:1::ffff:ffff:ffff:ffff"}
    ]
    shown = neutron.ok("GET", f"/networks/{network['id']}")["network"]
    assert len(shown["subnets"]) == 3 and shown["revision_number"] == 4


def test_ports_get_addresses_macs_and_their_errors(neutron: Neutron) -> None:
    network, subnet = _net(neutron)
    port = neutron.create("ports", "port", network_id=network["id"], name="p")
    assert port["fixed_ips"] == [{"subnet_id": subnet["id"], "ip_address": "10.20.0.2"}]
    assert port["status"] == "DOWN" and port["mac_address"].startswith("fa:16:3e:")
    assert port["dns_assignment"][0]["fqdn"] == "host-10-20-0-2.openstacklocal."
    assert "binding:vif_type" not in port and port["binding:vnic_type"] == "normal"
    assert port["data_plane_status"] is None and "binding:host_id" not in port
    group = neutron.ok("GET", "/security-groups?name=default")["security_groups"][0]
    assert port["security_groups"] == [group["id"]]
    asked = [{"subnet_id": subnet["id"], "ip_address": "10.20.0.50"}]
    fixed = neutron.create("ports", "port", network_id=network["id"], fixed_ips=asked)
    assert fixed["fixed_ips"] == asked
    again = neutron(
        "POST", "/ports", json={"port": {"network_id": network["id"], "fixed_ips": asked}}
    )
    message = neutron.error(again, 409, "IpAddressAlreadyAllocated")
    assert message == f"IP address 10.20.0.50 already allocated in subnet {subnet['id']}"
    outside = [{"ip_address": "10.99.0.9"}]
    wrong = neutron(
        "POST", "/ports", json={"port": {"network_id": network["id"], "fixed_ips": outside}}
    )
    neutron.error(wrong, 400, "InvalidIpForNetwork")
    bad_mac = neutron(
        "POST", "/ports", json={"port": {"network_id": network["id"], "mac_address": "zz"}}
    )
    assert "'zz' is not a valid MAC address" in neutron.error(bad_mac, 400, "HTTPBadRequest")
    found = neutron.ok("GET", "/ports?fixed_ips=ip_address%3D10.20.0.50&fields=id")["ports"]
    assert found == [{"id": fixed["id"]}]
    on_subnet = neutron.ok("GET", f"/ports?fixed_ips=subnet_id%3D{subnet['id']}&fields=id")
    assert len(on_subnet["ports"]) == 2
    bound = neutron.create(
        "ports", "port", user="admin", network_id=network["id"], **{"binding:host_id": "h1"}
    )
    assert bound["binding:vif_type"] == "binding_failed" and bound["status"] == "DOWN"
    in_use = neutron("DELETE", f"/networks/{network['id']}")
    assert "ports still in use on the network" in neutron.error(in_use, 409, "NetworkInUse")
    neutron.error(neutron("DELETE", f"/subnets/{subnet['id']}"), 409, "SubnetInUse")


def test_bulk_ports_are_all_or_nothing(neutron: Neutron) -> None:
    network, _ = _net(neutron)
    two = [{"network_id": network["id"], "name": "a"}, {"network_id": network["id"], "name": "b"}]
    created = neutron.ok("POST", "/ports", 201, json={"ports": two})["ports"]
    assert [p["name"] for p in created] == ["a", "b"]
    broken = [{"network_id": network["id"], "name": "c"}, {"network_id": "nope"}]
    neutron.error(neutron("POST", "/ports", json={"ports": broken}), 400, "HTTPBadRequest")
    assert {p["name"] for p in neutron.ok("GET", "/ports")["ports"]} == {"a", "b"}


def test_default_security_group_and_rules(neutron: Neutron) -> None:
    (group,) = neutron.ok("GET", "/security-groups")["security_groups"]
    assert (group["name"], group["description"]) == ("default", "Default security group")
    rules = {
        (r["direction"], r["ethertype"], r["remote_group_id"])
        for r in group["security_group_rules"]
    }
    assert rules == {
        ("ingress", "IPv4", group["id"]),
        ("ingress", "IPv6", group["id"]),
        ("egress", "IPv4", None),
        ("egress", "IPv6", None),
    }
    web = neutron.create("security-groups", "security_group", name="web")
    assert len(web["security_group_rules"]) == 2
    rule = {
        "security_group_id": web["id"],
        "direction": "ingress",
        "protocol": "tcp",
        "port_range_min": 22,
        "port_range_max": 22,
        "remote_ip_prefix": "192.0.2.0/24",
    }
    made = neutron.create("security-group-rules", "security_group_rule", **rule)
    assert made["ethertype"] == "IPv4" and made["normalized_cidr"] == "192.0.2.0/24"
    dup = neutron("POST", "/security-group-rules", json={"security_group_rule": rule})
    message = neutron.error(dup, 409, "SecurityGroupRuleExists")
    assert message == f"Security group rule already exists. Rule id is {made['id']}."
    bulk = [
        {"security_group_id": web["id"], "direction": "ingress", "protocol": "icmp"},
        {"security_group_id": web["id"], "direction": "ingress", "ethertype": "IPv6"},
    ]
    added = neutron.ok("POST", "/security-group-rules", 201, json={"security_group_rules": bulk})
    assert [r["protocol"] for r in added["security_group_rules"]] == ["icmp", None]
    listed = neutron.ok("GET", f"/security-group-rules?security_group_id={web['id']}")
    assert len(listed["security_group_rules"]) == 5
    reversed_range = {**rule, "port_range_min": 30, "port_range_max": 20}
    neutron.error(
        neutron("POST", "/security-group-rules", json={"security_group_rule": reversed_range}),
        400,
        "SecurityGroupInvalidPortRange",
    )
    rename = neutron(
        "PUT", f"/security-groups/{group['id']}", json={"security_group": {"name": "x"}}
    )
    neutron.error(rename, 409, "SecurityGroupCannotUpdateDefault")
    network, _ = _net(neutron)
    neutron.create("ports", "port", network_id=network["id"], security_groups=[web["id"]])
    neutron.error(neutron("DELETE", f"/security-groups/{web['id']}"), 409, "SecurityGroupInUse")


def test_quotas_defaults_details_and_limits(neutron: Neutron) -> None:
    demo = neutron.cloud.identity.credentials("demo")
    project = neutron.ok("GET", "/quotas/tenant")["tenant"]["tenant_id"]
    assert demo["project_name"] == "demo" and project
    assert neutron.ok("GET", f"/quotas/{project}")["quota"]["network"] == 100
    neutron.error(neutron("GET", "/quotas"), 403, "PolicyNotAuthorized")
    change = {"quota": {"network": 1}}
    assert (
        neutron.error(neutron("PUT", f"/quotas/{project}", json=change), 403, "PolicyNotAuthorized")
        == "rule:update_quota is disallowed by policy"
    )
    assert (
        neutron.ok("PUT", f"/quotas/{project}", user="admin", json=change)["quota"]["network"] == 1
    )
    neutron.create("networks", "network", name="one")
    over = neutron("POST", "/networks", json={"network": {"name": "two"}})
    assert neutron.error(over, 409, "OverQuota") == "Quota exceeded for resources: ['network']."
    details = neutron.ok("GET", f"/quotas/{project}/details")["quota"]
    assert details["network"] == {"limit": 1, "used": 1, "reserved": 0}
    assert details["security_group_rule"]["used"] == 4  # the default group's
    lower = neutron("PUT", f"/quotas/{project}", user="admin", json={"quota": {"network": 0}})
    assert "must be greater than or equal to already used 1" in neutron.error(
        lower, 400, "HTTPBadRequest"
    )
    listed = neutron.ok("GET", "/quotas", user="admin")["quotas"]
    assert [q["project_id"] for q in listed] == [project]
    assert neutron("DELETE", f"/quotas/{project}", user="admin").status == 204
    neutron.error(neutron("DELETE", f"/quotas/{project}", user="admin"), 404, "TenantQuotaNotFound")
    assert neutron.ok("GET", f"/quotas/{project}/default")["quota"]["network"] == 100


def test_state_survives_a_restart(neutron: Neutron) -> None:
    network, subnet = _net(neutron)
    neutron.ok("PUT", f"/networks/{network['id']}/tags", json={"tags": ["kept"]})
    saved = json.loads(json.dumps(neutron.cloud.dump_state()))
    again = LocalCloud(clock=neutron.cloud.clock, fakes={"network": Fake})
    again.load_state(saved)
    restored = type(neutron)(again)
    shown = restored.ok("GET", f"/networks/{network['id']}")["network"]
    assert shown["subnets"] == [subnet["id"]] and shown["tags"] == ["kept"]
    port = restored.create("ports", "port", network_id=network["id"])
    assert port["fixed_ips"][0]["ip_address"] == "10.20.0.2"


def test_settings_shape_the_fake(neutron: Neutron) -> None:
    settings = {"vni_ranges": [[7, 7]], "quotas": {"router": 1}}
    cloud = LocalCloud(settings={"network": settings}, fakes={"network": Fake})
    neutron = type(neutron)(cloud)
    first = neutron.create("networks", "network", user="admin", name="a")
    assert first["provider:segmentation_id"] == 7
    none_left = neutron("POST", "/networks", user="admin", json={"network": {"name": "b"}})
    neutron.error(none_left, 503, "NoNetworkAvailable")
    project = neutron.ok("GET", "/quotas/tenant")["tenant"]["tenant_id"]
    defaults = neutron.ok("GET", f"/quotas/{project}/default")["quota"]
    assert (defaults["router"], defaults["network"], defaults["port"]) == (1, 100, 500)
    neutron.create("routers", "router", name="one")
    neutron.error(neutron("POST", "/routers", json={"router": {}}), 409, "OverQuota")
