"""Security groups (``/security-groups``) and their rules (``/security-group-rules``)."""

from __future__ import annotations

from typing import Any

from openstack_core import resource
from openstack_network.v2._base import COMMON_FILTERS, TAG_FILTERS, TaggedResource


class SecurityGroup(TaggedResource):
    """A named set of packet filter rules applied to ports."""

    resource_key = "security_group"
    resources_key = "security_groups"
    base_path = "/security-groups"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS,
        "description",
        "id",
        "name",
        "stateful",
        "project_id",
        "tenant_id",
        "revision_number",
        is_shared="shared",
        **TAG_FILTERS,
    )

    #: A free description.
    description = resource.Body("description", type=str)
    #: The group's name.
    name = resource.Body("name", type=str)
    #: Whether connection tracking is on.
    stateful = resource.Body("stateful", type=bool)
    #: The owning project.
    project_id = resource.Body("project_id", type=str, alias="tenant_id")
    #: The owning project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: The group's rules, as dicts.
    security_group_rules = resource.Body("security_group_rules", type=list)
    #: Whether it is shared with the requesting project by an RBAC policy.
    is_shared = resource.Body("shared", type=bool)


class SecurityGroupRule(TaggedResource):
    """One rule of a security group; rules cannot be changed, only replaced."""

    resource_key = "security_group_rule"
    resources_key = "security_group_rules"
    base_path = "/security-group-rules"
    allow_create = allow_fetch = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS,
        "description",
        "direction",
        "id",
        "protocol",
        "remote_group_id",
        "security_group_id",
        "remote_address_group_id",
        "port_range_max",
        "port_range_min",
        "remote_ip_prefix",
        "revision_number",
        "project_id",
        "tenant_id",
        ether_type="ethertype",
        **TAG_FILTERS,
    )

    #: A free description.
    description = resource.Body("description", type=str)
    #: ingress or egress.
    direction = resource.Body("direction", type=str)
    #: IPv4 or IPv6.
    ether_type = resource.Body("ethertype", type=str)
    #: The highest port of the range.
    port_range_max = resource.Body("port_range_max", type=int)
    #: The lowest port of the range.
    port_range_min = resource.Body("port_range_min", type=int)
    #: The owning project.
    project_id = resource.Body("project_id", type=str, alias="tenant_id")
    #: The owning project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: tcp, udp, icmp, a number, or None for any.
    protocol = resource.Body("protocol", type=str)
    #: Traffic from members of this group.
    remote_group_id = resource.Body("remote_group_id", type=str)
    #: Traffic from the addresses of this address group.
    remote_address_group_id = resource.Body("remote_address_group_id", type=str)
    #: Traffic from this CIDR.
    remote_ip_prefix = resource.Body("remote_ip_prefix", type=str)
    #: The group the rule belongs to.
    security_group_id = resource.Body("security_group_id", type=str)
    #: Whether the rule belongs to the project's default group.
    belongs_to_default_sg = resource.Body("belongs_to_default_sg", type=bool)

    def request_body(
        self,
        body: dict[str, Any],
        *,
        operation: str,
        microversion: str | None,
        prepend_key: bool = True,
    ) -> Any:
        """Leave out an empty ``remote_address_group_id``: Neutrons without the
        address-group extension refuse the key even when it is None."""
        if body.get("remote_address_group_id") is None:
            body = {k: v for k, v in body.items() if k != "remote_address_group_id"}
        return super().request_body(
            body, operation=operation, microversion=microversion, prepend_key=prepend_key
        )
