"""Proxy methods for security groups and rules, QoS policies and rules, RBAC policies."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from openstack_core import crud, proxy
from openstack_network.v2._common import bulk_create
from openstack_network.v2.qos import (
    QoSBandwidthLimitRule,
    QoSDSCPMarkingRule,
    QoSMinimumBandwidthRule,
    QoSPolicy,
    QoSRuleType,
)
from openstack_network.v2.rbac_policy import RBACPolicy
from openstack_network.v2.security_group import SecurityGroup, SecurityGroupRule

# openstacksdk's QoS rule methods take (qos_rule, qos_policy): the rule first.
_POLICY = "qos_policy_id"
_POLICY_ARG = "qos_policy"


class PolicyMethods(proxy.Proxy):
    """Who may send what: packet filters, QoS and sharing."""

    security_groups = crud.lister(SecurityGroup)
    get_security_group = crud.getter(SecurityGroup, fields=True)
    find_security_group = crud.finder(SecurityGroup)
    create_security_group = crud.creator(SecurityGroup)
    update_security_group = crud.updater(SecurityGroup, if_revision=True)
    delete_security_group = crud.deleter(SecurityGroup, if_revision=True)

    security_group_rules = crud.lister(SecurityGroupRule)
    get_security_group_rule = crud.getter(SecurityGroupRule, fields=True)
    find_security_group_rule = crud.finder(SecurityGroupRule)
    create_security_group_rule = crud.creator(SecurityGroupRule)
    delete_security_group_rule = crud.deleter(SecurityGroupRule, if_revision=True)

    def create_security_group_rules(
        self, data: Sequence[Mapping[str, Any]]
    ) -> Iterator[SecurityGroupRule]:
        """Create several rules in one request (all or none); yields them in order."""
        return bulk_create(self, SecurityGroupRule, data)

    qos_policies = crud.lister(QoSPolicy)
    get_qos_policy = crud.getter(QoSPolicy, fields=True)
    find_qos_policy = crud.finder(QoSPolicy)
    create_qos_policy = crud.creator(QoSPolicy)
    update_qos_policy = crud.updater(QoSPolicy)
    delete_qos_policy = crud.deleter(QoSPolicy)

    qos_bandwidth_limit_rules = crud.lister(
        QoSBandwidthLimitRule, parent=_POLICY, parent_arg=_POLICY_ARG
    )
    get_qos_bandwidth_limit_rule = crud.getter(
        QoSBandwidthLimitRule, arg="qos_rule", parent=_POLICY, parent_arg=_POLICY_ARG
    )
    find_qos_bandwidth_limit_rule = crud.finder(
        QoSBandwidthLimitRule, arg="qos_rule_id", parent=_POLICY, parent_arg=_POLICY_ARG
    )
    create_qos_bandwidth_limit_rule = crud.creator(
        QoSBandwidthLimitRule, parent=_POLICY, parent_arg=_POLICY_ARG
    )
    update_qos_bandwidth_limit_rule = crud.updater(
        QoSBandwidthLimitRule, arg="qos_rule", parent=_POLICY, parent_arg=_POLICY_ARG
    )
    delete_qos_bandwidth_limit_rule = crud.deleter(
        QoSBandwidthLimitRule, arg="qos_rule", parent=_POLICY, parent_arg=_POLICY_ARG
    )

    qos_dscp_marking_rules = crud.lister(QoSDSCPMarkingRule, parent=_POLICY, parent_arg=_POLICY_ARG)
    get_qos_dscp_marking_rule = crud.getter(
        QoSDSCPMarkingRule, arg="qos_rule", parent=_POLICY, parent_arg=_POLICY_ARG
    )
    find_qos_dscp_marking_rule = crud.finder(
        QoSDSCPMarkingRule, arg="qos_rule_id", parent=_POLICY, parent_arg=_POLICY_ARG
    )
    create_qos_dscp_marking_rule = crud.creator(
        QoSDSCPMarkingRule, parent=_POLICY, parent_arg=_POLICY_ARG
    )
    update_qos_dscp_marking_rule = crud.updater(
        QoSDSCPMarkingRule, arg="qos_rule", parent=_POLICY, parent_arg=_POLICY_ARG
    )
    delete_qos_dscp_marking_rule = crud.deleter(
        QoSDSCPMarkingRule, arg="qos_rule", parent=_POLICY, parent_arg=_POLICY_ARG
    )

    qos_minimum_bandwidth_rules = crud.lister(
        QoSMinimumBandwidthRule, parent=_POLICY, parent_arg=_POLICY_ARG
    )
    get_qos_minimum_bandwidth_rule = crud.getter(
        QoSMinimumBandwidthRule, arg="qos_rule", parent=_POLICY, parent_arg=_POLICY_ARG
    )
    find_qos_minimum_bandwidth_rule = crud.finder(
        QoSMinimumBandwidthRule, arg="qos_rule_id", parent=_POLICY, parent_arg=_POLICY_ARG
    )
    create_qos_minimum_bandwidth_rule = crud.creator(
        QoSMinimumBandwidthRule, parent=_POLICY, parent_arg=_POLICY_ARG
    )
    update_qos_minimum_bandwidth_rule = crud.updater(
        QoSMinimumBandwidthRule, arg="qos_rule", parent=_POLICY, parent_arg=_POLICY_ARG
    )
    delete_qos_minimum_bandwidth_rule = crud.deleter(
        QoSMinimumBandwidthRule, arg="qos_rule", parent=_POLICY, parent_arg=_POLICY_ARG
    )

    qos_rule_types = crud.lister(QoSRuleType)
    get_qos_rule_type = crud.getter(QoSRuleType, fields=True)

    def find_qos_rule_type(
        self, rule_type_name: str, ignore_missing: bool = True
    ) -> QoSRuleType | None:
        """The QoS rule type named ``rule_type_name`` (its id), or None."""
        return self._find(QoSRuleType, rule_type_name, ignore_missing=ignore_missing)

    rbac_policies = crud.lister(RBACPolicy)
    get_rbac_policy = crud.getter(RBACPolicy, fields=True)
    find_rbac_policy = crud.finder(RBACPolicy, arg="rbac_policy")
    create_rbac_policy = crud.creator(RBACPolicy)
    update_rbac_policy = crud.updater(RBACPolicy)
    delete_rbac_policy = crud.deleter(RBACPolicy)
