"""State, errors, policy, sharing and quotas shared by the network fake's route groups.

Every resource is a plain dict in ``tables[<kind>]`` (JSON-serialisable, what
``--state`` saves), holding what Neutron stores; what Neutron computes (a network's
``subnets``, a port's ``status``, ``shared``...) is computed by the views when read.
Resources with Neutron's standard attributes carry ``revision_number`` (incremented
by :meth:`NetworkBase.touch` on every change), ``created_at``/``updated_at`` from the
cloud's clock, ``description`` and ``tags``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from openstack_core import fakes
from openstack_network.v2._fake._data import DEFAULT_QUOTAS
from openstack_network.v2._fake._kinds import KINDS, QOS_RULES, Kind

Record = dict[str, Any]

#: NeutronError types of faults raised without one, by status.
_TYPES = {
    400: "HTTPBadRequest",
    403: "PolicyNotAuthorized",
    404: "HTTPNotFound",
    405: "HTTPMethodNotAllowed",
    409: "HTTPConflict",
    412: "HTTPPreconditionFailed",
    500: "HTTPInternalServerError",
}
QOS_RULE_NAMES = frozenset(kind.name for kind in QOS_RULES.values())
_METHOD_NOT_ALLOWED = (
    "The server could not comply with the request since it is either malformed or otherwise "
    "incorrect."
)
#: The table each quota resource counts (the project's records in it).
QUOTA_TABLES = {kind.quota: kind.name for kind in KINDS.values() if kind.quota is not None}


def denied(rule: str) -> fakes.Fault:
    """Neutron's policy refusal: ``rule:create_policy is disallowed by policy``."""
    return fakes.Fault(403, f"{rule} is disallowed by policy", type="PolicyNotAuthorized")


def attribute_rule(action: str, name: str, attributes: Iterable[str]) -> str:
    """The rule Neutron names when attributes need more than the action itself:
    ``(rule:create_network and rule:create_network:shared)``."""
    rule = f"rule:{action}_{name}"
    for attribute in attributes:
        rule = f"({rule} and rule:{action}_{name}:{attribute})"
    return rule


class NetworkBase(fakes.FakeService):
    """What the network fake's route groups share."""

    default_settings: ClassVar[Mapping[str, Any]] = {
        "quotas": {},  # limits other than Neutron's defaults, per quota resource
        "tenant_network_type": "vxlan",  # what a network without provider attributes gets
        "vni_ranges": [[1000, 1999]],  # VXLAN ids (ml2_type_vxlan)
        "vlan_ranges": {"physnet1": [[100, 199]]},  # VLAN ids per physical network
        "dns_domain": "openstacklocal.",  # ports' dns_assignment fqdn
    }

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.tables: dict[str, dict[str, Record]] = {name: {} for name in KINDS}
        self.quotas: dict[str, dict[str, int]] = {}
        self.serial = 0  # the last standard_attr_id given

    # -- errors and version documents --------------------------------------------------

    def error(
        self, request: fakes.Request, status: int, message: str, **details: Any
    ) -> fakes.Response:
        """``{"NeutronError": {"type", "message", "detail"}}``; a 401 in keystonemiddleware's
        shape, as it answers before Neutron does."""
        headers = details.get("headers")
        if status == 401:
            body: Record = {"error": {"code": 401, "title": "Unauthorized", "message": message}}
            return fakes.Response.json(body, status, headers)
        kind = details.get("type") or _TYPES.get(status, "NeutronException")
        if status == 405:
            message = _METHOD_NOT_ALLOWED
        error = {"type": kind, "message": message, "detail": ""}
        return fakes.Response.json({"NeutronError": error}, status, headers)

    def version_document(self, request: fakes.Request) -> Record:
        """``GET /``: Neutron's one version, v2.0."""
        link = {"rel": "self", "href": f"{request.service_url}/v2.0/"}
        return {"versions": [{"id": "v2.0", "status": "CURRENT", "links": [link]}]}

    @fakes.route("GET", "/v2.0/", microversioned=False)
    def resources(self, request: fakes.Request) -> Record:
        """``GET /v2.0/``: the core collections (``/v2.0`` without the slash is a 404,
        as in Neutron)."""
        return {
            "resources": [
                {
                    "name": name,
                    "collection": collection,
                    "links": [{"rel": "self", "href": request.link(f"/v2.0/{collection}")}],
                }
                for name, collection in (
                    ("network", "networks"),
                    ("subnet", "subnets"),
                    ("subnetpool", "subnetpools"),
                    ("port", "ports"),
                )
            ]
        }

    # -- state --------------------------------------------------------------------------

    def dump_state(self) -> Any:
        """Every table, the quotas and the standard attribute counter."""
        return {"tables": self.tables, "quotas": self.quotas, "serial": self.serial}

    def load_state(self, data: Any) -> None:
        """Take back what :meth:`dump_state` returned."""
        for name, table in data["tables"].items():
            self.tables[name] = dict(table)
        self.quotas = {k: dict(v) for k, v in data["quotas"].items()}
        self.serial = int(data["serial"])

    def snapshot(self) -> Any:
        """A copy of the state, to restore when a bulk request fails half-way."""
        return copy.deepcopy(self.dump_state())

    # -- records ------------------------------------------------------------------------

    def table(self, name: str) -> dict[str, Record]:
        """The records of one kind, by id."""
        return self.tables[name]

    def new_record(
        self,
        kind: Kind,
        project_id: str,
        body: Mapping[str, Any] | None = None,
        **attrs: Any,
    ) -> Record:
        """A record of ``kind`` with its id, project and (standard kinds) Neutron's
        standard attributes, its ``name`` and ``description`` from ``body`` ("" when not
        given), and ``attrs``; stored at once."""
        record: Record = {"id": fakes.new_id(), "project_id": project_id}
        if kind.standard:
            now = fakes.isotime(self.now())
            self.serial += 1
            record.update(
                description="",
                created_at=now,
                updated_at=now,
                revision_number=0,
                standard_attr_id=self.serial,
            )
            if kind.taggable:
                record["tags"] = []
        if body is not None:
            if "name" in kind.attributes:
                record["name"] = str(body.get("name") or "")
            if kind.standard:
                record["description"] = str(body.get("description") or "")
        record.update(attrs)
        self.tables[kind.name][record["id"]] = record
        return record

    def touch(self, record: Record) -> None:
        """Record a change: the next revision number and a new ``updated_at``."""
        if "revision_number" in record:
            record["revision_number"] += 1
            record["updated_at"] = fakes.isotime(self.now())

    def standard_view(self, record: Record, keys: str = "") -> Record:
        """The standard attributes (and the project under both names) of a record, and
        its attributes named in ``keys`` (space-separated)."""
        view = {key: record[key] for key in keys.split()}
        view.update(id=record["id"], project_id=record["project_id"])
        view["tenant_id"] = record["project_id"]
        for key in ("description", "created_at", "updated_at", "revision_number", "tags"):
            if key in record:
                view[key] = list(record[key]) if key == "tags" else record[key]
        return view

    @staticmethod
    def check_revision(request: fakes.Request, record: Record) -> None:
        """Honour ``If-Match: revision_number=N`` (412 ``RevisionNumberConstraintFailed``)."""
        header = request.headers.get("If-Match")
        if not header:
            return
        wanted = None
        for tag in header.split(","):
            text = tag.strip().strip('"')
            if not text.startswith("revision_number="):
                continue
            if wanted is not None:
                raise fakes.Fault(
                    400,
                    "Bad if-match request: Multiple revision_number etags are not supported.",
                    type="BadRequest",
                )
            number = text.partition("=")[2]
            if not number.isdigit():
                raise fakes.Fault(
                    400,
                    "Bad if-match request: Revision number etag must be in the format of "
                    "revision_number=<int>.",
                    type="BadRequest",
                )
            wanted = int(number)
        current = record.get("revision_number")
        if wanted is not None and current is not None and wanted != current:
            raise fakes.Fault(
                412,
                f"Constrained to {wanted}, but current revision is {current}",
                type="RevisionNumberConstraintFailed",
            )

    # -- who may see and change what ----------------------------------------------------

    def targets(self, object_type: str, object_id: str, action: str) -> set[str]:
        """The projects (or ``*``) RBAC policies grant ``action`` on an object."""
        return {
            policy["target_tenant"]
            for policy in self.tables["rbac_policy"].values()
            if policy["object_id"] == object_id
            and policy["object_type"] == object_type
            and policy["action"] == action
        }

    def shared_with(
        self, request: fakes.Request, object_type: str, object_id: str, action: str = ""
    ) -> bool:
        """Whether an RBAC policy shares the object with the caller (or everyone)."""
        granted = self.targets(object_type, object_id, action or "access_as_shared")
        return "*" in granted or request.project_id in granted

    def can_see(self, request: fakes.Request, name: str, record: Record) -> bool:
        """Neutron's read policies: admins see everything, projects their own, and
        what RBAC shares with them."""
        if request.is_admin:
            return True
        project = request.project_id
        mine = record.get("project_id") == project
        if name == "network":
            return (
                mine
                or self.shared_with(request, "network", record["id"])
                or self.shared_with(request, "network", record["id"], "access_as_external")
            )
        if name == "subnet":
            network = self.tables["network"].get(record["network_id"])
            return network is not None and self.can_see(request, "network", network)
        if name == "port":
            network = self.tables["network"].get(record["network_id"]) or {}
            return mine or network.get("project_id") == project
        if name in QOS_RULE_NAMES:
            policy = self.tables["policy"].get(record["qos_policy_id"])
            return policy is not None and self.can_see(request, "policy", policy)
        if name == "security_group_rule":
            group = self.tables["security_group"].get(record["security_group_id"]) or {}
            return mine or group.get("project_id") == project
        shared_types = {
            "security_group": "security_group",
            "address_scope": "address_scope",
            "subnetpool": "subnetpool",
            "policy": "qos_policy",
        }
        if name in shared_types:
            return mine or self.shared_with(request, shared_types[name], record["id"])
        return mine and name not in ("segment",)

    def record_of(self, request: fakes.Request, kind: Kind, item_id: str) -> Record:
        """The record, if the caller may see it; the kind's 404 otherwise."""
        record = self.tables[kind.name].get(item_id)
        if record is None or not self.can_see(request, kind.name, record):
            raise kind.fault(item_id)
        return record

    def owned(self, request: fakes.Request, kind: Kind, item_id: str, action: str) -> Record:
        """The record, if the caller may ``action`` it (admin or owner); 404 if it is
        not visible, Neutron's 403 if it is visible but not the caller's."""
        record = self.record_of(request, kind, item_id)
        if not request.is_admin and record.get("project_id") != request.project_id:
            raise denied(f"rule:{action}_{kind.name}")
        return record

    @staticmethod
    def admin_only(
        request: fakes.Request, action: str, name: str, body: Mapping[str, Any], *attrs: str
    ) -> None:
        """Neutron's 403 when a non-admin sets attributes only admins may set."""
        given = [attr for attr in attrs if attr in body]
        if given and not request.is_admin:
            raise denied(attribute_rule(action, name, given))

    @staticmethod
    def project_for(request: fakes.Request, body: Mapping[str, Any]) -> str:
        """The project a new resource belongs to: the caller's, or (admins only) the
        one the body names."""
        named = body.get("project_id") or body.get("tenant_id")
        if named and named != request.project_id and not request.is_admin:
            raise fakes.Fault(
                400,
                "Specifying 'project_id' or 'tenant_id' other than the authenticated project "
                "in request requires admin privileges",
                type="HTTPBadRequest",
            )
        return str(named or request.project_id or "")

    @staticmethod
    def accept(body: Mapping[str, Any], allowed: Iterable[str]) -> None:
        """Neutron's 400 for attributes a resource does not have."""
        known = {*allowed, "project_id", "tenant_id"}
        unknown = [key for key in body if key not in known]
        if unknown:
            raise fakes.Fault(
                400, f"Unrecognized attribute(s) '{', '.join(unknown)}'", type="HTTPBadRequest"
            )

    @staticmethod
    def writable(body: Mapping[str, Any], updatable: Iterable[str], known: Iterable[str]) -> None:
        """Neutron's 400s for an update of unknown or read-only attributes."""
        can = set(updatable)
        unknown = [key for key in body if key not in can and key not in known]
        if unknown:
            raise fakes.Fault(
                400, f"Unrecognized attribute(s) '{', '.join(unknown)}'", type="HTTPBadRequest"
            )
        for key in body:
            if key not in can:
                raise fakes.Fault(
                    400, f"Cannot update read-only attribute {key}", type="HTTPBadRequest"
                )

    # -- quotas -------------------------------------------------------------------------

    def default_quotas(self) -> dict[str, int]:
        """Neutron's default limits, with those the ``quotas`` setting changes."""
        return {**DEFAULT_QUOTAS, **self.settings["quotas"]}

    def quota_limits(self, project: str) -> dict[str, int]:
        """A project's limits: the defaults, with its own overrides."""
        return {**self.default_quotas(), **self.quotas.get(project, {})}

    def used(self, project: str, resource: str) -> int:
        """How many of a quota resource a project has."""
        if resource == "router_route":
            return 0
        table = self.tables[QUOTA_TABLES[resource]]
        return sum(1 for record in table.values() if record.get("project_id") == project)

    def check_quota(self, project: str, resource: str, count: int = 1) -> None:
        """Neutron's 409 ``OverQuota`` when ``count`` more would exceed the limit."""
        limit = self.quota_limits(project).get(resource, -1)
        if limit >= 0 and self.used(project, resource) + count > limit:
            raise fakes.Fault(
                409, f"Quota exceeded for resources: ['{resource}'].", type="OverQuota"
            )
