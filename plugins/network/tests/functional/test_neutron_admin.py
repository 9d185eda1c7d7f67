"""Agents, availability zones, extensions, quotas, service providers and trunks against
a real Neutron without agents."""

from __future__ import annotations

from typing import Any

import pytest

from openstack_core import exceptions


def test_no_agents_and_their_bindings(admin: Any, net: Any) -> None:
    network, _ = net
    assert list(admin.network.agents()) == []
    assert list(admin.network.network_hosting_dhcp_agents(network)) == []
    with pytest.raises(exceptions.NotFoundException) as err:
        admin.network.get_agent("00000000-0000-0000-0000-000000000000")
    assert err.value.error_code == "AgentNotFound"
    with pytest.raises(exceptions.NotFoundException):
        list(admin.network.dhcp_agent_hosting_networks("00000000-0000-0000-0000-000000000000"))
    with pytest.raises(exceptions.NotFoundException):
        admin.network.add_dhcp_agent_to_network("00000000-0000-0000-0000-000000000000", network)


def test_service_description(admin: Any, demo: Any) -> None:
    aliases = {e.alias for e in demo.network.extensions()}
    assert {"router", "qos", "trunk", "standard-attr-tag", "revision-if-match"} <= aliases
    assert demo.network.find_extension("trunk").name == "Trunk Extension"
    assert demo.network.find_extension("no-such-extension") is None
    assert list(demo.network.availability_zones()) == []
    providers = list(demo.network.service_providers())
    assert all(p.service_type for p in providers)


def test_quotas(admin: Any, demo: Any) -> None:
    project = demo.network.get_project_id()
    defaults = admin.network.get_quota_default(project)
    assert defaults.networks == 100
    quota = admin.network.update_quota(project, networks=42, security_groups=7)
    assert quota.networks == 42 and quota.security_groups == 7
    try:
        assert admin.network.get_quota(project).networks == 42
        details = admin.network.get_quota(project, details=True)
        assert details.networks["limit"] == 42 and "used" in details.networks
        assert project in {q.project_id for q in admin.network.quotas()}
    finally:
        admin.network.delete_quota(project)
    assert admin.network.get_quota(project).networks == defaults.networks
    with pytest.raises(exceptions.ForbiddenException):
        demo.network.update_quota(project, networks=1000)


def test_trunks_and_subports(demo: Any, net: Any, cleanup: Any, name: Any) -> None:
    network, _ = net
    parent = demo.network.create_port(network_id=network.id, name=name("parent"))
    cleanup(lambda: demo.network.delete_port(parent))
    child = demo.network.create_port(network_id=network.id, name=name("child"))
    cleanup(lambda: demo.network.delete_port(child))
    trunk = demo.network.create_trunk(port_id=parent.id, name=name("trunk"))
    cleanup(lambda: demo.network.delete_trunk(trunk))
    assert trunk.sub_ports == [] and demo.network.find_trunk(trunk.name).id == trunk.id
    subport = {"port_id": child.id, "segmentation_type": "vlan", "segmentation_id": 101}
    trunk = demo.network.add_trunk_subports(trunk, [subport])
    assert trunk.sub_ports == [subport]
    assert demo.network.get_trunk_subports(trunk.id) == {"sub_ports": [subport]}
    trunk = demo.network.update_trunk(trunk, description="tagged")
    assert demo.network.get_trunk(trunk.id).description == "tagged"
    trunk = demo.network.delete_trunk_subports(trunk, [{"port_id": child.id}])
    assert trunk.sub_ports == []
    assert [t.id for t in demo.network.trunks(port_id=parent.id)] == [trunk.id]
