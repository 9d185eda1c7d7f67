"""The network Proxy against the network fake of a local cloud (in this process, no
sockets): what a user's test of code written against ``conn.network`` sees."""

from __future__ import annotations

import pytest
from openstack_network.v2._fake import Fake
from openstack_network.v2._proxy import Proxy

from openstack_core import exceptions
from openstack_core.testing import local_cloud


def test_the_installed_fake_is_served_at_the_catalog_root() -> None:
    with local_cloud() as conn:
        assert "network" in conn.local_cloud.services
        assert conn.network.get_endpoint() == "http://local-cloud.invalid/network/v2.0"
        network = conn.network.create_network(name="web")
        subnet = conn.network.create_subnet(network_id=network.id, ip_version=4, cidr="10.0.0.0/24")
        port = conn.network.create_port(network_id=network.id, fixed_ips=[{"subnet_id": subnet.id}])
        assert port.fixed_ips == [{"subnet_id": subnet.id, "ip_address": "10.0.0.2"}]
        assert conn.network.find_network("web").id == network.id
        assert [p.id for p in conn.network.get_subnet_ports(subnet)] == [port.id]


def test_revisions_errors_and_paging_through_the_proxy() -> None:
    with local_cloud(fakes={"network": Fake}, extra_services={"network": Proxy}) as conn:
        net = conn.network
        network = net.create_network(name="rev")
        current = network.revision_number
        net.update_network(network.id, if_revision=current, description="ok")
        with pytest.raises(exceptions.PreconditionFailedException) as stale:
            net.update_network(network.id, if_revision=current, description="no")
        assert stale.value.error_code == "RevisionNumberConstraintFailed"
        assert stale.value.request_id.startswith("req-")
        with pytest.raises(exceptions.NotFoundException) as missing:
            net.get_port("00000000-0000-0000-0000-000000000001")
        assert missing.value.error_code == "PortNotFound"
        for i in range(5):
            net.create_network(name=f"page-{i}")
        names = [n.name for n in net.networks(sort_key="name", sort_dir="desc", limit=2)]
        assert names == ["rev", "page-4", "page-3", "page-2", "page-1", "page-0"]
        got = net.get_network(network.id, fields=["id", "name", "is_shared"])
        assert got.name == "rev" and got.status is None and got.is_shared is False


def test_tags_and_security_group_rules_through_the_proxy() -> None:
    with local_cloud(fakes={"network": Fake}, extra_services={"network": Proxy}) as conn:
        net = conn.network
        network = net.create_network(name="tagged")
        net.set_tags(network, ["red", "blue"])
        net.add_tag(network, "green")
        net.remove_tag(network, "red")
        assert sorted(net.get_tags(network)) == ["blue", "green"]
        assert [n.id for n in net.networks(any_tags=["nope", "green"])] == [network.id]
        group = net.create_security_group(name="web")
        rule = {"security_group_id": group.id, "direction": "ingress", "protocol": "tcp"}
        created = net.create_security_group_rule(**rule)
        with pytest.raises(exceptions.ConflictException) as dup:
            net.create_security_group_rule(**rule)
        assert dup.value.error_code == "SecurityGroupRuleExists" and created.id in dup.value.details


def test_the_compute_fake_boots_on_a_network_of_the_network_fake() -> None:
    with local_cloud() as conn:
        network = conn.network.create_network(name="boot")
        image = conn.image.create_image(
            "cirros", data=b"disk", disk_format="raw", container_format="bare"
        )
        server = conn.compute.create_server(
            name="web", image_id=image.id, flavor_id="1", networks=[{"uuid": network.id}]
        )
        assert conn.compute.get_server(server).status == "BUILD"
        with pytest.raises(exceptions.BadRequestException):
            conn.compute.create_server(
                name="lost",
                image_id=image.id,
                flavor_id="1",
                networks=[{"uuid": "00000000-0000-0000-0000-000000000009"}],
            )
