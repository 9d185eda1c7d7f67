"""Security groups and their rules, with the default group every project gets.

Neutron makes a project's ``default`` group (four rules: egress IPv4 and IPv6, ingress
from members of the group itself) the first time the project lists or creates groups,
networks or ports; a new group comes with the two egress rules. Rules cannot change,
only go; a duplicate is Neutron's 409 ``SecurityGroupRuleExists``.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from openstack_core import fakes
from openstack_network.v2._fake._base import Record
from openstack_network.v2._fake._collections import CollectionRoutes
from openstack_network.v2._fake._kinds import KINDS
from openstack_network.v2._fake._query import bad_request

GROUP = KINDS["security_group"]
RULE = KINDS["security_group_rule"]
#: Protocols whose rules have a port range.
PORT_PROTOCOLS = ("tcp", "udp", "sctp", "dccp", "udplite", "6", "17", "132", "33", "136")
#: Protocols whose rules' "ports" are ICMP type and code.
ICMP_PROTOCOLS = ("icmp", "icmpv6", "ipv6-icmp", "1", "58")
_PROTOCOL_NAMES = (
    "ah dccp egp esp gre hopopt icmp igmp ipip ipv6-encap ipv6-frag ipv6-icmp icmpv6"
    " ipv6-nonxt ipv6-opts ipv6-route ospf pgm rsvp sctp tcp udp udplite vrrp any"
).split()
#: What makes two rules the same rule.
_IDENTITY = (
    "security_group_id",
    "direction",
    "ethertype",
    "protocol",
    "port_range_min",
    "port_range_max",
    "remote_ip_prefix",
    "remote_group_id",
    "remote_address_group_id",
)
_RULE_ATTRIBUTES = (*_IDENTITY, "description")


class SecurityRoutes(CollectionRoutes):
    """``/security-groups`` and ``/security-group-rules``."""

    # -- the default group --------------------------------------------------------------

    def default_group(self, project: str) -> Record:
        """The project's ``default`` group, made with its four rules on first use."""
        for group in self.tables["security_group"].values():
            if group["project_id"] == project and group.get("default"):
                return group
        group = self.new_record(
            GROUP,
            project,
            name="default",
            description="Default security group",
            stateful=True,
            default=True,
            revision_number=1,
        )
        for ethertype in ("IPv6", "IPv4"):
            self.add_rule(group, direction="ingress", ethertype=ethertype, remote=group["id"])
            self.add_rule(group, direction="egress", ethertype=ethertype)
        return group

    def add_rule(
        self, group: Record, *, direction: str, ethertype: str, remote: str | None = None
    ) -> Record:
        """One of the rules Neutron gives a new group (no description)."""
        return self.new_record(
            RULE,
            group["project_id"],
            security_group_id=group["id"],
            direction=direction,
            ethertype=ethertype,
            protocol=None,
            port_range_min=None,
            port_range_max=None,
            remote_ip_prefix=None,
            remote_group_id=remote,
            remote_address_group_id=None,
            description=None,
        )

    # -- views --------------------------------------------------------------------------

    def view_security_group_rule(
        self, request: fakes.Request, rule: Record, *, embedded: bool = False
    ) -> Record:
        """A rule, as ``/security-group-rules`` shows it (``embedded``: as its group
        lists it, with ``standard_attr_id`` and ``tags``)."""
        group = self.tables["security_group"].get(rule["security_group_id"]) or {}
        view = self.standard_view(rule)
        view.update({key: rule[key] for key in _RULE_ATTRIBUTES})
        prefix = rule["remote_ip_prefix"]
        view["normalized_cidr"] = (
            str(ipaddress.ip_network(prefix, strict=False)) if prefix else None
        )
        view["belongs_to_default_sg"] = bool(group.get("default"))
        if embedded:
            # Neutron's group view leaves the flag unset on the default group's rules.
            view["belongs_to_default_sg"] = None if group.get("default") else False
            view["standard_attr_id"] = rule["standard_attr_id"]
            view["tags"] = []
        return view

    def view_security_group(self, request: fakes.Request, group: Record) -> Record:
        """A group with its rules."""
        view = self.standard_view(group)
        rules = [r for r in self.tables["security_group_rule"].values() if self.in_group(r, group)]
        view.update(
            name=group["name"],
            stateful=group["stateful"],
            shared=self.shared_with(request, "security_group", group["id"]),
            security_group_rules=[
                self.view_security_group_rule(request, rule, embedded=True)
                for rule in sorted(rules, key=lambda r: str(r["id"]))
            ],
        )
        return view

    @staticmethod
    def in_group(rule: Record, group: Record) -> bool:
        """Whether ``rule`` belongs to ``group``."""
        return bool(rule["security_group_id"] == group["id"])

    # -- groups -------------------------------------------------------------------------

    @fakes.route("GET", "/v2.0/security-groups")
    def list_security_groups(self, request: fakes.Request) -> Record:
        """List groups (the caller's default group is made first)."""
        if request.project_id:
            self.default_group(request.project_id)
        return self.list_kind(request, GROUP)

    @fakes.route("POST", "/v2.0/security-groups")
    def create_security_groups(self, request: fakes.Request) -> fakes.Response:
        """Create groups (the caller's default group is made first)."""
        if request.project_id:
            self.default_group(request.project_id)
        return self.create_kind(request, GROUP)

    def build_security_group(self, request: fakes.Request, body: Any, project: str) -> Record:
        """A new group with Neutron's two egress rules."""
        self.accept(body, ("name", "description", "stateful", "tags"))
        self.default_group(project)
        if body.get("name") == "default":
            raise fakes.Fault(
                409,
                "Default security group already exists.",
                type="SecurityGroupDefaultAlreadyExists",
            )
        self.check_quota(project, "security_group_rule", 2)
        group = self.new_record(
            GROUP,
            project,
            body,
            stateful=bool(body.get("stateful", True)),
            revision_number=1,
        )
        self.add_rule(group, direction="egress", ethertype="IPv4")
        self.add_rule(group, direction="egress", ethertype="IPv6")
        return group

    def change_security_group(self, request: fakes.Request, group: Record, changes: Any) -> None:
        """Rename, describe, make stateless (not the default group's name)."""
        self.writable(changes, ("name", "description", "stateful"), GROUP.attributes)
        if group.get("default") and "name" in changes and changes["name"] != "default":
            raise fakes.Fault(
                409,
                "Updating default security group not allowed.",
                type="SecurityGroupCannotUpdateDefault",
            )
        group.update(
            {key: changes[key] for key in ("name", "description", "stateful") if key in changes}
        )

    def drop_security_group(self, request: fakes.Request, group: Record) -> None:
        """Not while ports use it, nor the default group for its project; the rules go too."""
        if group.get("default") and not request.is_admin:
            raise fakes.Fault(
                409,
                "Removing default security group not allowed.",
                type="SecurityGroupCannotRemoveDefault",
            )
        if any(group["id"] in port["security_groups"] for port in self.tables["port"].values()):
            raise fakes.Fault(
                409, f"Security Group {group['id']} in use.", type="SecurityGroupInUse"
            )
        rules = self.tables["security_group_rule"]
        for rule in list(rules.values()):
            if group["id"] in (rule["security_group_id"], rule["remote_group_id"]):
                del rules[rule["id"]]
        self.drop_rbac("security_group", group["id"])

    def drop_rbac(self, object_type: str, object_id: str) -> None:
        """Remove the RBAC policies of an object that goes."""
        policies = self.tables["rbac_policy"]
        for policy in list(policies.values()):
            if policy["object_type"] == object_type and policy["object_id"] == object_id:
                del policies[policy["id"]]

    # -- rules --------------------------------------------------------------------------

    def build_security_group_rule(self, request: fakes.Request, body: Any, project: str) -> Record:
        """A validated rule; 409 ``SecurityGroupRuleExists`` for a duplicate."""
        self.accept(body, _RULE_ATTRIBUTES)
        for required in ("security_group_id", "direction"):
            if required not in body:
                raise bad_request(
                    f"Failed to parse request. Required attribute '{required}' not specified"
                )
        group = self.owned(request, GROUP, str(body["security_group_id"]), "update")
        rule = {key: body.get(key) for key in _RULE_ATTRIBUTES}
        rule["ethertype"] = rule["ethertype"] or "IPv4"
        rule["description"] = str(body.get("description") or "")
        self.check_rule(request, rule)
        for other in self.tables["security_group_rule"].values():
            if all(other[key] == rule[key] for key in _IDENTITY):
                raise fakes.Fault(
                    409,
                    f"Security group rule already exists. Rule id is {other['id']}.",
                    type="SecurityGroupRuleExists",
                )
        self.touch(group)
        return self.new_record(RULE, project, **rule)

    def check_rule(self, request: fakes.Request, rule: Record) -> None:
        """Neutron's validation of a rule's attributes; normalises ports and protocol."""
        for key, valid in (("direction", ("ingress", "egress")), ("ethertype", ("IPv4", "IPv6"))):
            if rule[key] not in valid:
                raise bad_request(
                    f"Invalid input for {key}. Reason: {rule[key]} is not in valid_values."
                )
        protocol = rule["protocol"]
        if protocol is not None:
            protocol = str(protocol).lower()
            number = protocol.isdigit() and 0 <= int(protocol) <= 255
            if not number and protocol not in _PROTOCOL_NAMES:
                raise fakes.Fault(
                    400,
                    f"Security group rule protocol {protocol} not supported. Only protocol "
                    "values [None, 'tcp', 'udp', 'icmp', 'icmpv6', ...] and integer "
                    "representations [0 to 255] are supported.",
                    type="SecurityGroupRuleInvalidProtocol",
                )
            rule["protocol"] = None if protocol == "any" else protocol
        for key in ("port_range_min", "port_range_max"):
            value = rule[key]
            if value is not None:
                if not str(value).isdigit():
                    raise bad_request(
                        f"Invalid input for {key}. Reason: '{value}' is not an integer."
                    )
                rule[key] = int(value)
        self.check_ports(rule)
        if rule["remote_ip_prefix"] is not None and rule["remote_group_id"] is not None:
            raise fakes.Fault(
                400,
                "Only remote_ip_prefix or remote_group_id may be provided.",
                type="SecurityGroupRemoteGroupAndRemoteIpPrefix",
            )
        if rule["remote_ip_prefix"] is not None:
            try:
                prefix = ipaddress.ip_network(str(rule["remote_ip_prefix"]), strict=False)
            except ValueError:
                raise bad_request(
                    f"Invalid input for remote_ip_prefix. Reason: '{rule['remote_ip_prefix']}'"
                    " is not a valid IP subnet."
                ) from None
            if f"IPv{prefix.version}" != rule["ethertype"]:
                raise fakes.Fault(
                    400,
                    f"Conflicting value ethertype {rule['ethertype']} for CIDR "
                    f"{rule['remote_ip_prefix']}",
                    type="SecurityGroupRuleParameterConflict",
                )
        if rule["remote_group_id"] is not None:
            self.record_of(request, GROUP, str(rule["remote_group_id"]))

    @staticmethod
    def check_ports(rule: Record) -> None:
        """Port ranges of TCP-like protocols, type and code of ICMP."""
        low, high = rule["port_range_min"], rule["port_range_max"]
        protocol = rule["protocol"]
        if protocol in PORT_PROTOCOLS:
            for value in (low, high):
                if value is not None and not 1 <= value <= 65535:
                    raise fakes.Fault(
                        400, f"Invalid value for port {value}", type="SecurityGroupInvalidPortValue"
                    )
            if low is not None and high is not None and low > high:
                raise fakes.Fault(
                    400,
                    "For TCP/UDP protocols, port_range_min must be <= port_range_max",
                    type="SecurityGroupInvalidPortRange",
                )
        elif protocol in ICMP_PROTOCOLS:
            for field, value in (("port_range_min", low), ("port_range_max", high)):
                if value is not None and not 0 <= value <= 255:
                    raise fakes.Fault(
                        400,
                        f"Invalid value for ICMP {field} ({field}): {value}. It must be 0 to 255.",
                        type="SecurityGroupInvalidIcmpValue",
                    )
        elif low is not None or high is not None:
            raise fakes.Fault(
                400,
                "Ports cannot be specified without a protocol that supports them.",
                type="SecurityGroupInvalidPortRange",
            )

    def change_security_group_rule(
        self, request: fakes.Request, rule: Record, changes: Any
    ) -> None:
        """Rules cannot change."""
        self.writable(changes, (), RULE.attributes)

    def drop_security_group_rule(self, request: fakes.Request, rule: Record) -> None:
        """A rule going is a change of its group."""
        group = self.tables["security_group"].get(rule["security_group_id"])
        if group is not None:
            self.touch(group)
