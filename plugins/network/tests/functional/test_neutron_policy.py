"""Security groups and rules, QoS policies and rules, RBAC policies against a real
Neutron."""

from __future__ import annotations

from typing import Any

import pytest

from openstack_core import exceptions


def test_security_groups_and_rules(demo: Any, cleanup: Any, record: Any, name: Any) -> None:
    group = demo.network.create_security_group(name=name("sg"), description="web")
    cleanup(lambda: demo.network.delete_security_group(group))
    assert len(group.security_group_rules) == 2  # the default egress rules
    rule = demo.network.create_security_group_rule(
        security_group_id=group.id,
        direction="ingress",
        ether_type="IPv4",
        protocol="tcp",
        port_range_min=22,
        port_range_max=22,
        remote_ip_prefix="192.0.2.0/24",
    )
    assert rule.ether_type == "IPv4" and rule.port_range_max == 22
    assert demo.network.get_security_group_rule(rule.id).remote_ip_prefix == "192.0.2.0/24"
    assert demo.network.find_security_group_rule(rule.id).id == rule.id
    with pytest.raises(exceptions.ConflictException) as err:
        demo.network.create_security_group_rule(
            security_group_id=group.id,
            direction="ingress",
            ether_type="IPv4",
            protocol="tcp",
            port_range_min=22,
            port_range_max=22,
            remote_ip_prefix="192.0.2.0/24",
        )
    assert err.value.error_code == "SecurityGroupRuleExists"
    assert rule.id in err.value.details
    with record(demo) as wire:
        bulk = list(
            demo.network.create_security_group_rules(
                [
                    {"security_group_id": group.id, "direction": "ingress", "protocol": "icmp"},
                    {
                        "security_group_id": group.id,
                        "direction": "ingress",
                        "protocol": "udp",
                        "port_range_min": 53,
                        "port_range_max": 53,
                        "ether_type": "IPv6",
                    },
                ]
            )
        )
    assert wire.exchanges[0].body["security_group_rules"][1]["ethertype"] == "IPv6"
    assert [r.protocol for r in bulk] == ["icmp", "udp"]
    listed = {r.id for r in demo.network.security_group_rules(security_group_id=group.id)}
    assert {rule.id, *(r.id for r in bulk)} <= listed and len(listed) == 5
    demo.network.delete_security_group_rule(rule, ignore_missing=False)
    demo.network.delete_security_group_rule(rule)  # already gone: ignored
    group = demo.network.update_security_group(group, description="web2")
    assert demo.network.find_security_group(group.name).description == "web2"
    assert demo.network.get_security_group(group.id, fields=["name"]).description is None


def test_qos_policy_and_rules(admin: Any, cleanup: Any, name: Any) -> None:
    policy = admin.network.create_qos_policy(name=name("qos"), description="limits")
    cleanup(lambda: admin.network.delete_qos_policy(policy))
    assert admin.network.find_qos_policy(policy.name).id == policy.id
    policy = admin.network.update_qos_policy(policy, is_shared=True)
    assert admin.network.get_qos_policy(policy.id).is_shared is True

    limit = admin.network.create_qos_bandwidth_limit_rule(policy, max_kbps=1000, max_burst_kbps=100)
    assert limit.max_kbps == 1000 and limit.direction == "egress"
    limit = admin.network.update_qos_bandwidth_limit_rule(limit, policy, max_kbps=2000)
    assert admin.network.get_qos_bandwidth_limit_rule(limit.id, policy.id).max_kbps == 2000
    assert admin.network.find_qos_bandwidth_limit_rule(limit.id, policy).id == limit.id
    assert [r.id for r in admin.network.qos_bandwidth_limit_rules(policy)] == [limit.id]

    mark = admin.network.create_qos_dscp_marking_rule(policy.id, dscp_mark=26)
    mark = admin.network.update_qos_dscp_marking_rule(mark, policy, dscp_mark=34)
    assert admin.network.get_qos_dscp_marking_rule(mark, policy).dscp_mark == 34
    assert [r.id for r in admin.network.qos_dscp_marking_rules(policy)] == [mark.id]

    minimum = admin.network.create_qos_minimum_bandwidth_rule(policy, min_kbps=500)
    minimum = admin.network.update_qos_minimum_bandwidth_rule(minimum, policy, min_kbps=600)
    assert admin.network.find_qos_minimum_bandwidth_rule(minimum.id, policy).min_kbps == 600
    assert len(admin.network.get_qos_policy(policy).rules) == 3

    admin.network.delete_qos_bandwidth_limit_rule(limit, policy, ignore_missing=False)
    admin.network.delete_qos_dscp_marking_rule(mark, policy)
    admin.network.delete_qos_minimum_bandwidth_rule(minimum.id, policy.id)
    assert list(admin.network.qos_minimum_bandwidth_rules(policy)) == []
    with pytest.raises(exceptions.NotFoundException):
        admin.network.get_qos_dscp_marking_rule(mark, policy)

    types = {t.type for t in admin.network.qos_rule_types()}
    assert {"bandwidth_limit", "dscp_marking", "minimum_bandwidth"} <= types
    assert admin.network.find_qos_rule_type("dscp_marking").type == "dscp_marking"
    assert admin.network.get_qos_rule_type("bandwidth_limit").drivers


def test_rbac_shares_a_network(demo: Any, admin: Any, other: Any, net: Any, cleanup: Any) -> None:
    network, _ = net
    assert other.network.find_network(network.id) is None
    other_project = other.authorize() and other.network.get_project_id()
    policy = demo.network.create_rbac_policy(
        object_type="network",
        object_id=network.id,
        action="access_as_shared",
        target_project_id=other_project,
    )
    cleanup(lambda: demo.network.delete_rbac_policy(policy))
    assert policy.target_project_id == other_project
    assert other.network.get_network(network.id).id == network.id
    assert demo.network.find_rbac_policy(policy.id).object_id == network.id
    assert [p.id for p in demo.network.rbac_policies(object_id=network.id)] == [policy.id]
    # Changing the target is an admin's call under Neutron's default policies.
    with pytest.raises(exceptions.ForbiddenException):
        demo.network.update_rbac_policy(policy, target_project_id="*")
    policy = admin.network.update_rbac_policy(policy.id, target_project_id="*")
    assert demo.network.get_rbac_policy(policy.id).target_project_id == "*"
    demo.network.delete_rbac_policy(policy)
    assert other.network.find_network(network.id) is None
