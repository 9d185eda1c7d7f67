"""QoS policies, their bandwidth-limit, DSCP-marking and minimum-bandwidth rules and the
rule types; RBAC policies that share objects with other projects.

Under Neutron's default policies only admins create and change QoS policies and rules;
a project shares what it owns with one other project, and only admins share with
every project (``*``) or change a policy's target.
"""

from __future__ import annotations

from typing import Any

from openstack_core import fakes
from openstack_network.v2._fake._base import Record, attribute_rule, denied
from openstack_network.v2._fake._data import DSCP_MARKS, RULE_TYPES
from openstack_network.v2._fake._fips import FloatingIPRoutes
from openstack_network.v2._fake._kinds import KINDS, QOS_RULES, Kind
from openstack_network.v2._fake._networks import required
from openstack_network.v2._fake._query import bad_request, listing

POLICY = KINDS["policy"]
RBAC = KINDS["rbac_policy"]
_RULE_PARAMETERS: dict[str, dict[str, Any]] = {
    # member key: {parameter: default (None: required)}
    "bandwidth_limit_rule": {"max_kbps": None, "max_burst_kbps": 0, "direction": "egress"},
    "dscp_marking_rule": {"dscp_mark": None},
    "minimum_bandwidth_rule": {"min_kbps": None, "direction": "egress"},
}
#: What RBAC policies may share, the kind of object and the actions allowed on it.
_RBAC_TYPES = {
    "network": ("network", ("access_as_shared", "access_as_external")),
    "qos_policy": ("policy", ("access_as_shared",)),
    "security_group": ("security_group", ("access_as_shared",)),
    "address_scope": ("address_scope", ("access_as_shared",)),
    "subnetpool": ("subnetpool", ("access_as_shared",)),
}


class PolicyRoutes(FloatingIPRoutes):
    """``/qos/policies``, their rules, ``/qos/rule-types`` and ``/rbac-policies``."""

    # -- QoS policies -------------------------------------------------------------------

    def rules_of(self, policy_id: str) -> list[tuple[Kind, Record]]:
        """A policy's rules, by kind."""
        return [
            (kind, rule)
            for kind in QOS_RULES.values()
            for rule in self.tables[kind.name].values()
            if rule["qos_policy_id"] == policy_id
        ]

    def view_policy(self, request: fakes.Request, policy: Record) -> Record:
        """A QoS policy with its rules."""
        view = self.standard_view(policy)
        view.update(
            name=policy["name"],
            is_default=policy["is_default"],
            shared=self.shared_with(request, "qos_policy", policy["id"]),
            rules=[
                {
                    **self.view_rule(kind, rule),
                    "qos_policy_id": policy["id"],
                    "type": kind.name.removesuffix("_rule"),
                }
                for kind, rule in self.rules_of(policy["id"])
            ],
        )
        return view

    def build_policy(self, request: fakes.Request, body: Any, project: str) -> Record:
        """A new QoS policy (admins only, under Neutron's default policies)."""
        if not request.is_admin:
            raise denied("rule:create_policy")
        self.accept(body, ("name", "description", "shared", "is_default", "tags"))
        policy = self.new_record(
            POLICY,
            project,
            body,
            is_default=bool(body.get("is_default", False)),
        )
        if body.get("shared"):
            self.grant("qos_policy", policy, "access_as_shared")
        return policy

    def change_policy(self, request: fakes.Request, policy: Record, changes: Any) -> None:
        """Rename, describe, share or unshare a policy (admins only)."""
        if not request.is_admin:
            raise denied("rule:update_policy")
        self.writable(changes, ("name", "description", "shared", "is_default"), POLICY.attributes)
        if "shared" in changes:
            self.revoke("qos_policy", policy["id"], "access_as_shared")
            if changes["shared"]:
                self.grant("qos_policy", policy, "access_as_shared")
        for key in ("name", "description", "is_default"):
            if key in changes:
                policy[key] = changes[key]

    def drop_policy(self, request: fakes.Request, policy: Record) -> None:
        """Not while a network, port or floating IP uses it; its rules go too."""
        if not request.is_admin:
            raise denied("rule:delete_policy")
        for name in ("network", "port", "floatingip"):
            for record in self.tables[name].values():
                if record.get("qos_policy_id") == policy["id"]:
                    raise fakes.Fault(
                        409,
                        f"QoS Policy {policy['id']} is used by {name} {record['id']}.",
                        type="QosPolicyInUse",
                    )
        for kind, rule in self.rules_of(policy["id"]):
            del self.tables[kind.name][rule["id"]]
        self.drop_rbac("qos_policy", policy["id"])

    # -- QoS rules ----------------------------------------------------------------------

    @staticmethod
    def view_rule(kind: Kind, rule: Record) -> Record:
        """A rule as its collection shows it: its id and parameters."""
        return {"id": rule["id"], **{key: rule[key] for key in _RULE_PARAMETERS[kind.name]}}

    @staticmethod
    def rule_kind(request: fakes.Request) -> Kind:
        """The rule kind of ``/qos/policies/{id}/<kind>s[/{rule_id}]``."""
        return QOS_RULES[request.path.split("/")[5]]

    def rule_of(self, request: fakes.Request, policy: Record, rule_id: str) -> Record:
        """One rule of a policy; Neutron's ``QosRuleNotFound`` otherwise."""
        kind = self.rule_kind(request)
        rule = self.tables[kind.name].get(rule_id)
        if rule is None or rule["qos_policy_id"] != policy["id"]:
            raise kind.fault(rule_id, policy["id"])
        return rule

    def changed_rule(
        self, request: fakes.Request, policy_id: str, rule_id: str, action: str
    ) -> tuple[Record, Kind, Record]:
        """The policy, kind and rule an admin changes or removes."""
        policy = self.record_of(request, POLICY, policy_id)
        kind = self.rule_kind(request)
        rule = self.rule_of(request, policy, rule_id)
        if not request.is_admin:
            raise denied(f"rule:{action}_policy_{kind.name}")
        return policy, kind, rule

    def checked_rule(self, kind: Kind, values: Any, *, partial: bool) -> Record:
        """A rule's parameters, with Neutron's 400s (defaults unless ``partial``)."""
        parameters = _RULE_PARAMETERS[kind.name]
        if not isinstance(values, dict):
            raise fakes.Fault(400, f"Unable to find '{kind.name}' in request body")
        self.accept(values, parameters)
        found: Record = {}
        for key, default in parameters.items():
            if key not in values:
                if partial:
                    continue
                if default is None:
                    required(values, key)
                found[key] = default
                continue
            value = values[key]
            if key == "direction" and value not in ("ingress", "egress"):
                raise bad_request(
                    f"Invalid input for direction. Reason: {value} is not in valid_values."
                )
            if key == "dscp_mark" and value not in DSCP_MARKS:
                raise bad_request(
                    f"Invalid input for dscp_mark. Reason: {value} is not in valid_values."
                )
            if key.endswith("kbps") and (not isinstance(value, int) or value < 0):
                raise bad_request(f"Invalid input for {key}. Reason: '{value}' is not an integer.")
            found[key] = value
        return found

    @fakes.route("GET", "/v2.0/qos/policies/{policy_id}/bandwidth_limit_rules")
    @fakes.route("GET", "/v2.0/qos/policies/{policy_id}/dscp_marking_rules")
    @fakes.route("GET", "/v2.0/qos/policies/{policy_id}/minimum_bandwidth_rules")
    def list_qos_rules(self, request: fakes.Request, policy_id: str) -> Record:
        """A policy's rules of one kind."""
        policy = self.record_of(request, POLICY, policy_id)
        kind = self.rule_kind(request)
        rules = [r for k, r in self.rules_of(policy["id"]) if k is kind]

        def marker_of(rule_id: str) -> Record:
            return self.view_rule(kind, self.rule_of(request, policy, rule_id))

        views = [self.view_rule(kind, rule) for rule in rules]
        return listing(request, kind.plural, views, attributes=kind.attributes, marker_of=marker_of)

    @fakes.route("POST", "/v2.0/qos/policies/{policy_id}/bandwidth_limit_rules")
    @fakes.route("POST", "/v2.0/qos/policies/{policy_id}/dscp_marking_rules")
    @fakes.route("POST", "/v2.0/qos/policies/{policy_id}/minimum_bandwidth_rules")
    def create_qos_rule(self, request: fakes.Request, policy_id: str) -> fakes.Response:
        """Add a rule to a policy (admins only)."""
        policy = self.record_of(request, POLICY, policy_id)
        kind = self.rule_kind(request)
        if not request.is_admin:
            raise denied(f"rule:create_policy_{kind.name}")
        body = request.json()
        values = self.checked_rule(kind, (body or {}).get(kind.name), partial=False)
        for other_kind, other in self.rules_of(policy["id"]):
            if other_kind is kind and other.get("direction") == values.get("direction"):
                raise fakes.Fault(
                    409,
                    f"Rule {kind.name.removesuffix('_rule')} already exists in QoS policy "
                    f"{policy['id']}.",
                    type="QoSRulesConflict",
                )
        rule = self.new_record(kind, policy["project_id"], qos_policy_id=policy["id"], **values)
        self.touch(policy)
        return fakes.Response.json({kind.name: self.view_rule(kind, rule)}, 201)

    @fakes.route("GET", "/v2.0/qos/policies/{policy_id}/bandwidth_limit_rules/{rule_id}")
    @fakes.route("GET", "/v2.0/qos/policies/{policy_id}/dscp_marking_rules/{rule_id}")
    @fakes.route("GET", "/v2.0/qos/policies/{policy_id}/minimum_bandwidth_rules/{rule_id}")
    def show_qos_rule(self, request: fakes.Request, policy_id: str, rule_id: str) -> Record:
        """One rule of a policy."""
        policy = self.record_of(request, POLICY, policy_id)
        kind = self.rule_kind(request)
        return {kind.name: self.view_rule(kind, self.rule_of(request, policy, rule_id))}

    @fakes.route("PUT", "/v2.0/qos/policies/{policy_id}/bandwidth_limit_rules/{rule_id}")
    @fakes.route("PUT", "/v2.0/qos/policies/{policy_id}/dscp_marking_rules/{rule_id}")
    @fakes.route("PUT", "/v2.0/qos/policies/{policy_id}/minimum_bandwidth_rules/{rule_id}")
    def update_qos_rule(self, request: fakes.Request, policy_id: str, rule_id: str) -> Record:
        """Change a rule's parameters (admins only)."""
        policy, kind, rule = self.changed_rule(request, policy_id, rule_id, "update")
        rule.update(self.checked_rule(kind, self.changes_of(request, kind), partial=True))
        self.touch(policy)
        return {kind.name: self.view_rule(kind, rule)}

    @fakes.route("DELETE", "/v2.0/qos/policies/{policy_id}/bandwidth_limit_rules/{rule_id}")
    @fakes.route("DELETE", "/v2.0/qos/policies/{policy_id}/dscp_marking_rules/{rule_id}")
    @fakes.route("DELETE", "/v2.0/qos/policies/{policy_id}/minimum_bandwidth_rules/{rule_id}")
    def delete_qos_rule(self, request: fakes.Request, policy_id: str, rule_id: str) -> None:
        """Remove a rule (admins only)."""
        policy, kind, rule = self.changed_rule(request, policy_id, rule_id, "delete")
        del self.tables[kind.name][rule["id"]]
        self.touch(policy)

    @fakes.route("GET", "/v2.0/qos/rule-types")
    def list_rule_types(self, request: fakes.Request) -> Record:
        """The rule types the (one, openvswitch) driver supports."""
        return {"rule_types": [{"type": name} for name in RULE_TYPES]}

    @fakes.route("GET", "/v2.0/qos/rule-types/{rule_type}")
    def show_rule_type(self, request: fakes.Request, rule_type: str) -> Record:
        """A rule type and its driver's parameters (admins only)."""
        if not request.is_admin:
            raise fakes.Fault(403, "Not authorized.", type="NotAuthorized")
        if rule_type not in RULE_TYPES:
            raise fakes.Fault(
                404, f"QoS rule type {rule_type} could not be found.", type="QosRuleTypeNotFound"
            )
        drivers = [{"name": "openvswitch", "supported_parameters": RULE_TYPES[rule_type]}]
        return {"rule_type": {"type": rule_type, "drivers": drivers}}

    # -- RBAC policies ------------------------------------------------------------------

    def view_rbac_policy(self, request: fakes.Request, policy: Record) -> Record:
        """An RBAC policy."""
        view = {key: policy[key] for key in ("id", "object_type", "object_id", "action")}
        view.update(
            target_tenant=policy["target_tenant"],
            project_id=policy["project_id"],
            tenant_id=policy["project_id"],
        )
        return view

    def build_rbac_policy(self, request: fakes.Request, body: Any, project: str) -> Record:
        """Share an object the caller owns (with every project: admins only)."""
        names = ("object_type", "object_id", "target_tenant", "action")
        self.accept(body, names)
        required(body, *names)
        object_type, action = body["object_type"], body["action"]
        if object_type not in _RBAC_TYPES:
            raise bad_request(
                f"Invalid input for object_type. Reason: {object_type} is not in valid_values."
            )
        kind_name, actions = _RBAC_TYPES[object_type]
        if action not in actions:
            raise bad_request(f"Invalid input for action. Reason: {action} is not in valid_values.")
        if body["target_tenant"] == "*" and not request.is_admin:
            raise denied(attribute_rule("create", "rbac_policy", names))
        target = self.owned(request, KINDS[kind_name], str(body["object_id"]), "update")
        if body["target_tenant"] in self.targets(object_type, target["id"], action):
            raise fakes.Fault(
                409, "An RBAC policy already exists with those values.", type="DuplicateRbacPolicy"
            )
        return self.new_record(
            RBAC,
            project,
            object_type=object_type,
            object_id=target["id"],
            action=action,
            target_tenant=str(body["target_tenant"]),
        )

    def change_rbac_policy(self, request: fakes.Request, policy: Record, changes: Any) -> None:
        """Change the target (admins only under Neutron's default policies)."""
        self.writable(changes, ("target_tenant",), RBAC.attributes)
        self.admin_only(request, "update", "rbac_policy", changes, "target_tenant")
        if "target_tenant" in changes:
            if changes["target_tenant"] != "*":
                self.check_unused(policy)
            policy["target_tenant"] = str(changes["target_tenant"])

    def drop_rbac_policy(self, request: fakes.Request, policy: Record) -> None:
        """Not while the project it shares a network with has ports on it."""
        self.check_unused(policy)

    def check_unused(self, policy: Record) -> None:
        """Neutron's 409 when the target project uses the shared network."""
        if policy["object_type"] != "network" or policy["action"] != "access_as_shared":
            return
        network = self.tables["network"].get(policy["object_id"])
        if network is None:
            return
        target = policy["target_tenant"]
        for port in self.tables["port"].values():
            user = port["project_id"]
            if port["network_id"] == network["id"] and user not in ("", network["project_id"]):
                if target in ("*", user):
                    raise fakes.Fault(
                        409,
                        f"RBAC policy on object {network['id']} cannot be removed because other "
                        f"objects depend on it.\nDetails: project {user} has ports on it",
                        type="RbacPolicyInUse",
                    )
