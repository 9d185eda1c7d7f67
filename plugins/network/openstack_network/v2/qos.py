"""QoS policies (``/qos/policies``), their rules and the rule types."""

from __future__ import annotations

from openstack_core import resource
from openstack_network.v2._base import COMMON_FILTERS, TAG_FILTERS, TaggedResource


class QoSPolicy(TaggedResource):
    """A QoS policy: rules applied to the ports or networks that name it."""

    resource_key = "policy"
    resources_key = "policies"
    base_path = "/qos/policies"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS,
        "name",
        "description",
        "id",
        "is_default",
        "project_id",
        is_shared="shared",
        **TAG_FILTERS,
    )

    #: The policy's name.
    name = resource.Body("name", type=str)
    #: The owning project.
    project_id = resource.Body("project_id", type=str, alias="tenant_id")
    #: The owning project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: A free description.
    description = resource.Body("description", type=str)
    #: Whether it is the project's default policy.
    is_default = resource.Body("is_default", type=bool)
    #: Whether every project may use it.
    is_shared = resource.Body("shared", type=bool)
    #: The policy's rules, as dicts.
    rules = resource.Body("rules", type=list)


class _QoSRule(resource.Resource):
    """What every QoS rule has: its policy in the path."""

    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    allow_extra_attributes = True
    _query_mapping = resource.QueryParameters(*COMMON_FILTERS)

    #: The policy the rule belongs to.
    qos_policy_id = resource.URI("qos_policy_id")


class QoSBandwidthLimitRule(_QoSRule):
    """A bandwidth limit (``max_kbps``, ``max_burst_kbps``) in one direction."""

    resource_key = "bandwidth_limit_rule"
    resources_key = "bandwidth_limit_rules"
    base_path = "/qos/policies/%(qos_policy_id)s/bandwidth_limit_rules"

    #: The limit in kbps.
    max_kbps = resource.Body("max_kbps", type=int)
    #: The burst in kilobits.
    max_burst_kbps = resource.Body("max_burst_kbps", type=int)
    #: ingress or egress.
    direction = resource.Body("direction", type=str)


class QoSDSCPMarkingRule(_QoSRule):
    """A DSCP mark set on outgoing packets."""

    resource_key = "dscp_marking_rule"
    resources_key = "dscp_marking_rules"
    base_path = "/qos/policies/%(qos_policy_id)s/dscp_marking_rules"

    #: The DSCP mark (0 to 56, even).
    dscp_mark = resource.Body("dscp_mark", type=int)


class QoSMinimumBandwidthRule(_QoSRule):
    """A guaranteed minimum bandwidth in one direction."""

    resource_key = "minimum_bandwidth_rule"
    resources_key = "minimum_bandwidth_rules"
    base_path = "/qos/policies/%(qos_policy_id)s/minimum_bandwidth_rules"

    #: The minimum in kbps.
    min_kbps = resource.Body("min_kbps", type=int)
    #: ingress or egress.
    direction = resource.Body("direction", type=str)


class QoSRuleType(resource.Resource):
    """A rule type the loaded QoS drivers support; its id is its ``type``."""

    resource_key = "rule_type"
    resources_key = "rule_types"
    base_path = "/qos/rule-types"
    allow_fetch = allow_list = True
    allow_extra_attributes = True
    _query_mapping = resource.QueryParameters(
        "type", "drivers", "fields", "all_rules", "all_supported"
    )

    #: The rule type (bandwidth_limit, dscp_marking, minimum_bandwidth...).
    type = resource.Body("type", type=str, alternate_id=True)
    #: The drivers supporting it and their parameters (fetch only).
    drivers = resource.Body("drivers", type=list)
