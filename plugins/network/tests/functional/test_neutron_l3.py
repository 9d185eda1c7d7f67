"""Routers, floating IPs, port forwardings, address scopes and subnet pools against a
real Neutron (no L3 agent: everything is recorded, nothing is wired)."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

from openstack_core import exceptions


def test_router_interfaces_routes_and_gateway(
    demo: Any, admin: Any, net: Any, external: Any, cleanup: Any, name: Any
) -> None:
    _, subnet = net
    ext_net, _ = external
    router = demo.network.create_router(name=name("router"))
    cleanup(lambda: demo.network.delete_router(router))
    answer = demo.network.add_interface_to_router(router, subnet=subnet.id)
    assert answer["subnet_id"] == subnet.id and answer["port_id"]

    def detach() -> None:
        with contextlib.suppress(exceptions.NotFoundException):
            demo.network.remove_interface_from_router(router, subnet=subnet.id)

    cleanup(detach)
    ports = list(demo.network.ports(device_id=router.id))
    assert [p.fixed_ips[0]["ip_address"] for p in ports] == ["10.20.0.1"]
    routed = demo.network.add_extra_routes_to_router(
        router, {"router": {"routes": [{"destination": "10.99.0.0/24", "nexthop": "10.20.0.9"}]}}
    )
    assert routed.routes == [{"destination": "10.99.0.0/24", "nexthop": "10.20.0.9"}]
    assert routed.id == router.id
    routed = demo.network.remove_extra_routes_from_router(
        router, {"router": {"routes": routed.routes}}
    )
    assert routed.routes == []
    gateway = demo.network.update_router(router, external_gateway_info={"network_id": ext_net.id})
    assert gateway.external_gateway_info["network_id"] == ext_net.id
    with pytest.raises(exceptions.ConflictException) as err:
        demo.network.delete_subnet(subnet)
    assert err.value.error_code == "SubnetInUse"
    demo.network.update_router(router, external_gateway_info={})
    removed = demo.network.remove_interface_from_router(router, port=answer["port_id"])
    assert removed["port_id"] == answer["port_id"]
    assert list(demo.network.ports(device_id=router.id)) == []


def test_floating_ips_and_port_forwardings(
    demo: Any, net: Any, external: Any, cleanup: Any, name: Any
) -> None:
    network, subnet = net
    ext_net, _ = external
    router = demo.network.create_router(
        name=name("fip-router"), external_gateway_info={"network_id": ext_net.id}
    )
    cleanup(lambda: demo.network.delete_router(router))
    demo.network.add_interface_to_router(router, subnet=subnet.id)
    cleanup(lambda: demo.network.remove_interface_from_router(router, subnet=subnet.id))
    port = demo.network.create_port(network_id=network.id, name=name("fip-port"))
    cleanup(lambda: demo.network.delete_port(port))

    ip = demo.network.create_ip(floating_network_id=ext_net.id, description="mine")
    cleanup(lambda: demo.network.delete_ip(ip))
    assert ip.floating_ip_address.startswith("203.0.113.") and ip.port_id is None
    assert demo.network.find_ip(ip.floating_ip_address).id == ip.id
    assert ip.name == ip.floating_ip_address
    assert demo.network.find_available_ip().id == ip.id
    associated = demo.network.add_ip_to_port(port, ip)
    assert (
        associated.port_id == port.id
        and associated.fixed_ip_address == port.fixed_ips[0]["ip_address"]
    )
    assert demo.network.get_ip(ip.id, fields=["port_id"]).port_id == port.id
    freed = demo.network.remove_ip_from_port(demo.network.get_ip(ip.id))
    assert freed.port_id is None
    with pytest.raises(exceptions.PreconditionFailedException):
        demo.network.update_ip(ip.id, if_revision=1, description="old")

    forwarding = demo.network.create_floating_ip_port_forwarding(
        ip,
        internal_port_id=port.id,
        internal_ip_address=port.fixed_ips[0]["ip_address"],
        internal_port=22,
        external_port=2222,
        protocol="tcp",
    )
    cleanup(lambda: demo.network.delete_floating_ip_port_forwarding(ip, forwarding))
    assert forwarding.external_port == 2222 and forwarding.floatingip_id == ip.id
    got = demo.network.get_port_forwarding(forwarding.id, ip.id)
    assert got.internal_port == 22
    assert demo.network.find_floating_ip_port_forwarding(ip, forwarding.id).id == forwarding.id
    changed = demo.network.update_floating_ip_port_forwarding(ip, forwarding, external_port=2200)
    assert changed.external_port == 2200
    listed = list(demo.network.floating_ip_port_forwardings(ip, protocol="tcp"))
    assert [f.id for f in listed] == [forwarding.id]
    assert [f.id for f in demo.network.port_forwardings(ip.id)] == [forwarding.id]
    demo.network.delete_port_forwarding(forwarding, ip, ignore_missing=False)
    assert demo.network.find_port_forwarding(forwarding.id, ip) is None


def test_address_scopes_and_subnet_pools(demo: Any, cleanup: Any, name: Any) -> None:
    # A network of its own: Neutron refuses pool and non-pool subnets on one network.
    network = demo.network.create_network(name=name("pooled"))
    cleanup(lambda: demo.network.delete_network(network))
    scope = demo.network.create_address_scope(name=name("scope"), ip_version=4)
    cleanup(lambda: demo.network.delete_address_scope(scope))
    assert demo.network.find_address_scope(scope.name).id == scope.id
    scope = demo.network.update_address_scope(scope, name=name("scope2"))
    assert demo.network.get_address_scope(scope).name == scope.name
    pool = demo.network.create_subnet_pool(
        name=name("pool"),
        prefixes=["10.128.0.0/16"],
        default_prefix_length=26,
        address_scope_id=scope.id,
    )
    cleanup(lambda: demo.network.delete_subnet_pool(pool))
    assert pool.default_prefix_length == 26 and pool.ip_version == 4
    pool = demo.network.update_subnet_pool(pool, description="pooled")
    assert demo.network.find_subnet_pool(pool.name).description == "pooled"
    subnet = demo.network.create_subnet(network_id=network.id, ip_version=4, subnet_pool_id=pool.id)
    cleanup(lambda: demo.network.delete_subnet(subnet))
    assert subnet.cidr.startswith("10.128.") and subnet.cidr.endswith("/26")
    assert [p.id for p in demo.network.subnet_pools(address_scope_id=scope.id)] == [pool.id]
    assert [s.id for s in demo.network.address_scopes(name=scope.name)] == [scope.id]
