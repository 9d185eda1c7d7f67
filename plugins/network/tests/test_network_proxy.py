"""The network Proxy on the wire, against a fake Neutron (requests-mock)."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from openstack_network.v2._proxy import Proxy
from openstack_network.v2.network import Network
from openstack_network.v2.port import Port

from openstack_core import exceptions

#: The conftest fixture registers the root; requests go to the root plus /v2.0.
URL = "https://network.example.com:9696/v2.0"

NEUTRON_409 = {
    "NeutronError": {
        "type": "SecurityGroupRuleExists",
        "message": "Security group rule already exists. Rule id is r1.",
        "detail": "",
    }
}


def test_endpoint_is_the_root_plus_v2_0(net: Proxy) -> None:
    assert net.get_endpoint() == URL


def test_signatures_follow_openstacksdk() -> None:
    def sig(name: str) -> str:
        return str(inspect.signature(getattr(Proxy, name)))

    assert sig("get_network").startswith("(self, network: 'Any', *, fields")
    assert sig("update_port").startswith("(self, port: 'Any', if_revision")
    assert sig("delete_security_group_rule").startswith(
        "(self, security_group_rule: 'Any', ignore_missing: 'bool' = True, if_revision"
    )
    assert sig("get_qos_bandwidth_limit_rule").startswith("(self, qos_rule: 'Any', qos_policy")
    assert sig("find_qos_dscp_marking_rule").startswith("(self, qos_rule_id: 'str', qos_policy")
    assert sig("find_port_forwarding").startswith("(self, pf_id: 'str', floating_ip")
    assert sig("update_ip").startswith("(self, floating_ip: 'Any', if_revision")


def test_neutron_error_becomes_conflict_with_its_type(net: Proxy, fake_cloud: Any) -> None:
    fake_cloud.mocker.post(
        f"{URL}/security-group-rules",
        status_code=409,
        json=NEUTRON_409,
        headers={"X-Openstack-Request-Id": "req-1"},
    )
    with pytest.raises(exceptions.ConflictException) as err:
        net.create_security_group_rule(security_group_id="g", direction="ingress")
    assert err.value.error_code == "SecurityGroupRuleExists"
    assert err.value.details == "Security group rule already exists. Rule id is r1."
    assert err.value.request_id == "req-1"
    body = fake_cloud.mocker.last_request.json()
    assert body == {"security_group_rule": {"security_group_id": "g", "direction": "ingress"}}


def test_fixed_ips_filter_and_tag_filters(net: Proxy, fake_cloud: Any) -> None:
    fake_cloud.mocker.get(f"{URL}/ports", json={"ports": [{"id": "p1"}]})
    ports = list(net.ports(fixed_ips=["ip_address=10.0.0.5", "subnet_id=s1"], any_tags=["a", "b"]))
    assert [p.id for p in ports] == ["p1"]
    query = fake_cloud.mocker.last_request.qs
    assert query == {"fixed_ips": ["ip_address=10.0.0.5", "subnet_id=s1"], "tags-any": ["a,b"]}
    with pytest.raises(exceptions.InvalidResourceQuery):
        list(net.ports(colour="red"))


def test_pagination_follows_networks_links(net: Proxy, fake_cloud: Any) -> None:
    page2 = f"{URL}/networks?limit=1&marker=n1&sort_key=name"
    fake_cloud.mocker.get(
        f"{URL}/networks?limit=1&sort_key=name",
        complete_qs=True,
        json={"networks": [{"id": "n1"}], "networks_links": [{"rel": "next", "href": page2}]},
    )
    fake_cloud.mocker.get(
        page2,
        complete_qs=True,
        json={"networks": [{"id": "n2"}], "networks_links": [{"rel": "previous", "href": "x"}]},
    )
    assert [n.id for n in net.networks(limit=1, sort_key="name")] == ["n1", "n2"]


def test_get_with_fields_and_encoded_ids(net: Proxy, fake_cloud: Any) -> None:
    fake_cloud.mocker.get(
        f"{URL}/ports/a%2Fb", json={"port": {"id": "a/b", "admin_state_up": True}}
    )
    port = net.get_port("a/b", fields=["is_admin_state_up", "id"])
    assert port.is_admin_state_up is True
    assert fake_cloud.mocker.last_request.qs == {"fields": ["admin_state_up", "id"]}


def test_revision_checked_update_and_delete(net: Proxy, fake_cloud: Any) -> None:
    fake_cloud.mocker.put(f"{URL}/routers/r1", json={"router": {"id": "r1", "name": "x"}})
    fake_cloud.mocker.delete(f"{URL}/routers/r1", status_code=204)
    assert net.update_router("r1", if_revision=3, name="x").name == "x"
    assert fake_cloud.mocker.last_request.headers["If-Match"] == "revision_number=3"
    net.delete_router("r1", if_revision=4)
    assert fake_cloud.mocker.last_request.headers["If-Match"] == "revision_number=4"


def test_bulk_create_sends_server_names(net: Proxy, fake_cloud: Any) -> None:
    fake_cloud.mocker.post(
        f"{URL}/ports", json={"ports": [{"id": "a", "security_groups": ["g"]}, {"id": "b"}]}
    )
    ports = list(net.create_ports([{"network_id": "n", "security_group_ids": ["g"]}, {"x": 1}]))
    assert [p.id for p in ports] == ["a", "b"] and ports[0].security_group_ids == ["g"]
    assert fake_cloud.mocker.last_request.json() == {
        "ports": [{"network_id": "n", "security_groups": ["g"]}, {"x": 1}]
    }


def test_router_actions(net: Proxy, fake_cloud: Any) -> None:
    fake_cloud.mocker.put(
        f"{URL}/routers/r1/add_router_interface", json={"port_id": "p", "subnet_id": "s"}
    )
    assert net.add_interface_to_router("r1", subnet="s")["port_id"] == "p"
    assert fake_cloud.mocker.last_request.json() == {"subnet_id": "s"}
    fake_cloud.mocker.put(f"{URL}/routers/r1/remove_router_interface", json={"port_id": "p"})
    net.remove_interface_from_router("r1", subnet="s", port=Port.existing(id="p"))
    assert fake_cloud.mocker.last_request.json() == {"port_id": "p"}
    routes = [{"destination": "10.1.0.0/24", "nexthop": "10.0.0.9"}]
    fake_cloud.mocker.put(
        f"{URL}/routers/r1/add_extraroutes", json={"router": {"id": "r1", "routes": routes}}
    )
    assert net.add_extra_routes_to_router("r1", {"router": {"routes": routes}}).routes == routes
    fake_cloud.mocker.put(f"{URL}/routers/r1/add_gateway_router", json={"router": {"id": "r1"}})
    assert net.add_gateway_to_router("r1", network_id="e") == {"router": {"id": "r1"}}


def test_tags_follow_the_object(net: Proxy, fake_cloud: Any) -> None:
    network = Network.existing(id="n1", tags=["a"])
    fake_cloud.mocker.put(f"{URL}/networks/n1/tags/b", status_code=201)
    fake_cloud.mocker.delete(f"{URL}/networks/n1/tags/a", status_code=204)
    fake_cloud.mocker.put(f"{URL}/networks/n1/tags", json={"tags": ["x"]})
    fake_cloud.mocker.get(f"{URL}/networks/n1/tags", json={"tags": ["x", "y"]})
    net.add_tag(network, "b")
    net.remove_tag(network, "a")
    assert network.tags == ["b"]
    net.set_tags(network, ["x"])
    assert fake_cloud.mocker.last_request.json() == {"tags": ["x"]}
    assert net.get_tags(network) == ["x", "y"] and network.tags == ["x", "y"]
    with pytest.raises(exceptions.InvalidRequest):
        net.add_tag("n1", "b")  # type: ignore[arg-type]


def test_quotas(net: Proxy, fake_cloud: Any) -> None:
    fake_cloud.mocker.put(f"{URL}/quotas/p1", json={"quota": {"network": 5, "port": 50}})
    quota = net.update_quota("p1", networks=5)
    assert quota.networks == 5 and quota.ports == 50
    assert fake_cloud.mocker.last_request.json() == {"quota": {"network": 5}}
    fake_cloud.mocker.get(
        f"{URL}/quotas/p1/details", json={"quota": {"network": {"limit": 5, "used": 1}}}
    )
    details = net.get_quota("p1", details=True)
    assert details.networks == {"limit": 5, "used": 1}  # type: ignore[union-attr]
    fake_cloud.mocker.get(f"{URL}/quotas/p1/default", json={"quota": {"network": 100}})
    assert net.get_quota_default("p1").networks == 100
    fake_cloud.mocker.delete(f"{URL}/quotas/p1", status_code=204)
    net.delete_quota("p1")


def test_trunk_subports_and_agents(net: Proxy, fake_cloud: Any) -> None:
    sub = {"port_id": "c", "segmentation_type": "vlan", "segmentation_id": 5}
    fake_cloud.mocker.put(f"{URL}/trunks/t1/add_subports", json={"id": "t1", "sub_ports": [sub]})
    assert net.add_trunk_subports("t1", [sub]).sub_ports == [sub]
    assert fake_cloud.mocker.last_request.json() == {"sub_ports": [sub]}
    fake_cloud.mocker.post(f"{URL}/agents/a1/dhcp-networks", json={})
    net.add_dhcp_agent_to_network("a1", "n1")
    assert fake_cloud.mocker.last_request.json() == {"network_id": "n1"}
    fake_cloud.mocker.delete(f"{URL}/agents/a1/l3-routers/r1", status_code=204)
    net.remove_router_from_agent("a1", "r1")
    fake_cloud.mocker.get(f"{URL}/routers/r1/l3-agents", json={"agents": [{"id": "a1"}]})
    assert [a.id for a in net.routers_hosting_l3_agents("r1")] == ["a1"]


def test_find_available_ip(net: Proxy, fake_cloud: Any) -> None:
    fake_cloud.mocker.get(
        f"{URL}/floatingips",
        json={"floatingips": [{"id": "f1", "port_id": "p"}, {"id": "f2", "port_id": None}]},
    )
    found = net.find_available_ip()
    assert found is not None and found.id == "f2"
    fake_cloud.mocker.get(f"{URL}/floatingips", json={"floatingips": []})
    assert net.find_available_ip() is None
    with pytest.raises(exceptions.NotFoundException):
        net.find_available_ip(ignore_missing=False)
