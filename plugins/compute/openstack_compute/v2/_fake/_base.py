"""State, errors, views and the server lifecycle shared by the fake's route groups.

Servers move as Nova moves them, computed from timestamps when read: an action sets
the task state at once and records a ``pending`` transition that completes
``action_delay`` seconds later (``build_delay`` for a boot, ``delete_delay`` for a
delete); reading the server after that applies it. Nothing sleeps and no thread runs.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from openstack_core import fakes

#: Nova's names of error bodies by status (nova.api.openstack.wsgi.Fault).
FAULT_NAMES = {
    400: "badRequest",
    401: "unauthorized",
    403: "forbidden",
    404: "itemNotFound",
    405: "badMethod",
    409: "conflictingRequest",
    413: "overLimit",
    415: "badMediaType",
    429: "overLimit",
    501: "notImplemented",
    503: "serviceUnavailable",
}

#: (vm_state, task_state) -> status, as nova.api.openstack.common maps them.
_STATUS: dict[str, dict[str | None, str]] = {
    "active": {
        None: "ACTIVE",
        "rebooting": "REBOOT",
        "rebooting_hard": "HARD_REBOOT",
        "rebuilding": "REBUILD",
        "resize_prep": "RESIZE",
        "resize_migrating": "RESIZE",
        "resize_finish": "RESIZE",
        "migrating": "MIGRATING",
    },
    "building": {None: "BUILD"},
    "stopped": {None: "SHUTOFF", "resize_prep": "RESIZE", "rebuilding": "REBUILD"},
    "resized": {None: "VERIFY_RESIZE", "resize_reverting": "REVERT_RESIZE"},
    "paused": {None: "PAUSED"},
    "suspended": {None: "SUSPENDED"},
    "rescued": {None: "RESCUE"},
    "error": {None: "ERROR", "rebuilding": "REBUILD"},
    "shelved": {None: "SHELVED"},
    "shelved_offloaded": {None: "SHELVED_OFFLOADED"},
}
#: Nova's default quotas (nova.conf [quota]).
DEFAULT_QUOTAS = {
    "instances": 10,
    "cores": 20,
    "ram": 51200,
    "metadata_items": 128,
    "key_pairs": 100,
    "server_groups": 10,
    "server_group_members": 10,
    "injected_files": 5,
    "injected_file_content_bytes": 10240,
    "injected_file_path_bytes": 255,
}
#: Quotas Nova dropped at 2.36 (network proxies); still shown below it.
LEGACY_QUOTAS = {
    "fixed_ips": -1,
    "floating_ips": -1,
    "security_group_rules": -1,
    "security_groups": -1,
    "networks": -1,
}
DEFAULT_FLAVORS = (
    {"id": "1", "name": "m1.tiny", "vcpus": 1, "ram": 512, "disk": 1},
    {"id": "2", "name": "m1.small", "vcpus": 1, "ram": 2048, "disk": 20},
    {"id": "3", "name": "m1.medium", "vcpus": 2, "ram": 4096, "disk": 40},
    {"id": "4", "name": "m1.large", "vcpus": 4, "ram": 8192, "disk": 80},
    {"id": "5", "name": "m1.xlarge", "vcpus": 8, "ram": 16384, "disk": 160},
)
RUNNING, PAUSED, SHUTDOWN, SUSPENDED, NOSTATE = 1, 3, 4, 7, 0


def status_of(server: dict[str, Any]) -> str:
    """Nova's status of a server from its vm_state and task_state."""
    states = _STATUS.get(str(server["vm_state"]), {None: "UNKNOWN"})
    return states.get(server["task_state"], states[None])


def host_id(project_id: str, host: str | None) -> str:
    """Nova's obfuscated host id: sha224 of project and host ('' without a host)."""
    if not host:
        return ""
    return hashlib.sha224((project_id + host).encode()).hexdigest()


def version_tuple(text: str) -> tuple[int, int]:
    """``"2.79"`` -> ``(2, 79)``."""
    major, _, minor = text.partition(".")
    return int(major), int(minor)


class ComputeBase(fakes.FakeService):
    """What every route group of the compute fake shares."""

    microversions = ("2.1", "2.100")
    default_settings: ClassVar[Mapping[str, Any]] = {
        "build_delay": 0.5,
        "action_delay": 0.2,
        "delete_delay": 0.2,
        "host": "local-cloud",
        "flavors": DEFAULT_FLAVORS,
        "quotas": DEFAULT_QUOTAS,
        "max_limit": 1000,
    }

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.servers: dict[str, dict[str, Any]] = {}
        self.flavors: dict[str, dict[str, Any]] = {}
        self.keypairs: dict[str, dict[str, Any]] = {}  # "<user_id>/<name>" -> keypair
        self.server_groups: dict[str, dict[str, Any]] = {}
        self.aggregates: dict[str, dict[str, Any]] = {}
        self.migrations: list[dict[str, Any]] = []
        self.quotas: dict[str, dict[str, int]] = {}  # project -> overrides
        self.services_state: dict[str, dict[str, Any]] = {}
        self.counters = {"keypair": 0, "aggregate": 0, "migration": 0, "flavor": 0}
        host = str(self.settings["host"])
        for binary, zone in (
            ("nova-scheduler", "internal"),
            ("nova-conductor", "internal"),
            ("nova-compute", "nova"),
        ):
            service_id = fakes.new_id()
            self.services_state[service_id] = {
                "id": service_id,
                "binary": binary,
                "host": host,
                "zone": zone,
                "status": "enabled",
                "disabled_reason": None,
                "forced_down": False,
                "number": len(self.services_state) + 1,
            }
        self.hypervisor_id = fakes.new_id()
        for spec in self.settings["flavors"]:
            self.add_flavor(dict(spec))

    # -- errors -----------------------------------------------------------------------

    def error(
        self, request: fakes.Request, status: int, message: str, **details: Any
    ) -> fakes.Response:
        """Nova's error body: ``{"itemNotFound": {"code": 404, "message": ...}}``."""
        name = FAULT_NAMES.get(status, "computeFault")
        return fakes.Response.json(
            {name: {"code": status, "message": message}}, status, details.get("headers")
        )

    def version_entry(self, request: fakes.Request) -> dict[str, Any]:
        """Nova's v2.1 entry with its microversion range and media type."""
        entry = super().version_entry(request)
        entry["updated"] = "2013-07-23T11:33:21Z"
        entry["links"].append(
            {"rel": "describedby", "type": "text/html", "href": "http://docs.openstack.org/"}
        )
        entry["media-types"] = [
            {
                "base": "application/json",
                "type": "application/vnd.openstack.compute+json;version=2.1",
            }
        ]
        return entry

    # -- helpers ----------------------------------------------------------------------

    def links(self, request: fakes.Request, collection: str, item_id: str) -> list[dict[str, str]]:
        """Nova's self and bookmark links of an item."""
        return [
            {"rel": "self", "href": request.link(f"/v2.1/{collection}/{item_id}")},
            {"rel": "bookmark", "href": request.link(f"/{collection}/{item_id}")},
        ]

    @staticmethod
    def admin_only(request: fakes.Request, rule: str) -> None:
        """Fault(403) with Nova's policy message unless the caller is an admin."""
        if not request.is_admin:
            raise fakes.Fault(403, f"Policy doesn't allow {rule} to be performed.")

    @staticmethod
    def name_matches(pattern: str, name: str) -> bool:
        """Nova's ``name`` filters are regular expressions, searched in the name."""
        try:
            return re.search(pattern, name) is not None
        except re.error:
            return pattern in name

    def quota(self, project_id: str, name: str) -> int:
        """The project's limit of ``name`` (-1: unlimited)."""
        overrides = self.quotas.get(project_id, {})
        defaults = {**DEFAULT_QUOTAS, **self.settings["quotas"]}
        return int(overrides.get(name, defaults.get(name, -1)))

    def usage(self, project_id: str) -> dict[str, int]:
        """What the project uses: instances, cores, ram, server groups."""
        mine = [s for s in self.live_servers() if s["project_id"] == project_id]
        return {
            "instances": len(mine),
            "cores": sum(s["flavor"]["vcpus"] for s in mine),
            "ram": sum(s["flavor"]["ram"] for s in mine),
            "server_groups": sum(
                1 for g in self.server_groups.values() if g["project_id"] == project_id
            ),
        }

    def check_quota(self, project_id: str, wanted: dict[str, int]) -> None:
        """Fault(403) as Nova words it when ``wanted`` more would exceed a quota."""
        limits = {name: self.quota(project_id, name) for name in wanted}
        if all(allowed < 0 for allowed in limits.values()):
            return  # unlimited: no need to count what the project uses
        used = self.usage(project_id)
        for name, count in wanted.items():
            allowed = limits[name]
            if allowed >= 0 and used.get(name, 0) + count > allowed:
                raise fakes.Fault(
                    403,
                    f"Quota exceeded for {name}: Requested {count}, but already used "
                    f"{used.get(name, 0)} of {allowed} {name}",
                )

    def zone_names(self) -> set[str]:
        """``nova`` and the zones aggregates define."""
        return {"nova"} | {
            a["availability_zone"] for a in self.aggregates.values() if a["availability_zone"]
        }

    # -- flavors ----------------------------------------------------------------------

    def add_flavor(self, spec: dict[str, Any]) -> dict[str, Any]:
        """Store a flavor from a create body or a seed."""
        self.counters["flavor"] += 1
        flavor = {
            "id": str(spec.get("id") or fakes.new_id()),
            "internal_id": self.counters["flavor"],
            "name": spec["name"],
            "vcpus": int(spec["vcpus"]),
            "ram": int(spec["ram"]),
            "disk": int(spec.get("disk", 0)),
            "ephemeral": int(spec.get("ephemeral", spec.get("OS-FLV-EXT-DATA:ephemeral", 0))),
            "swap": int(spec.get("swap") or 0),
            "rxtx_factor": float(spec.get("rxtx_factor", 1.0)),
            "is_public": bool(spec.get("is_public", spec.get("os-flavor-access:is_public", True))),
            "disabled": False,
            "description": spec.get("description"),
            "extra_specs": dict(spec.get("extra_specs", {})),
            "access": [],
        }
        self.flavors[flavor["id"]] = flavor
        return flavor

    def flavor_visible(self, request: fakes.Request, flavor: dict[str, Any]) -> bool:
        """Public flavors, private ones the project has access to, all for admins."""
        return flavor["is_public"] or request.is_admin or request.project_id in flavor["access"]

    def find_flavor(
        self, request: fakes.Request, flavor_id: str, status: int = 404
    ) -> dict[str, Any]:
        """A flavor the caller may see; Fault ``status`` (404, or 400 on boot) otherwise."""
        flavor = self.flavors.get(flavor_id)
        if flavor is None or not self.flavor_visible(request, flavor):
            raise fakes.Fault(status, f"Flavor {flavor_id} could not be found.")
        return flavor

    # -- servers ----------------------------------------------------------------------

    def settle(self, server: dict[str, Any]) -> dict[str, Any] | None:
        """Apply a pending transition whose time has come; None once deleted."""
        pending = server.get("pending")
        if pending is None or pending["at"] > self.now():
            return server
        server["pending"] = None
        if pending.get("delete"):
            self.servers.pop(server["id"], None)
            for group in self.server_groups.values():
                if server["id"] in group["members"]:
                    group["members"].remove(server["id"])
            return None
        for key, value in pending["set"].items():
            server[key] = value
        server["task_state"] = None
        server["updated_at"] = pending["at"]
        for action in server["actions"]:
            for event in action["events"]:
                if event["finish_time"] is None:
                    event["finish_time"] = pending["at"]
                    event["result"] = "Success"
        for migration in self.migrations:
            if migration["instance_uuid"] == server["id"] and migration.get("on_settle"):
                migration["status"] = migration.pop("on_settle")
                migration["updated_at"] = pending["at"]
        return server

    def live_servers(self) -> list[dict[str, Any]]:
        """Every server, transitions applied (deleted ones dropped)."""
        found = []
        for server in list(self.servers.values()):
            settled = self.settle(server)
            if settled is not None:
                found.append(settled)
        return found

    def server_of(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """A server of the caller's project (any, for admins); Fault(404) otherwise."""
        server = self.servers.get(server_id)
        if server is not None:
            server = self.settle(server)
        if server is None or not (request.is_admin or server["project_id"] == request.project_id):
            raise fakes.Fault(404, f"Instance {server_id} could not be found.")
        return server

    def schedule(self, server: dict[str, Any], delay_setting: str, **final: Any) -> None:
        """Complete the current task ``delay_setting`` seconds from now with ``final``."""
        server["pending"] = {"at": self.now() + float(self.settings[delay_setting]), "set": final}

    def record_action(
        self, request: fakes.Request, server: dict[str, Any], action: str, *events: str
    ) -> None:
        """Add to the server's action log (its events finish when the task does)."""
        now = self.now()
        server["actions"].insert(
            0,
            {
                "action": action,
                "request_id": request.request_id,
                "user_id": request.user_id,
                "project_id": request.project_id,
                "start_time": now,
                "updated_at": now,
                "message": None,
                "events": [
                    {"event": event, "start_time": now, "finish_time": None, "result": None}
                    for event in events
                ],
            },
        )
        if not events:
            server["actions"][0]["events"] = []

    def flavor_snapshot(self, flavor: dict[str, Any]) -> dict[str, Any]:
        """The copy of a flavor a server keeps (deleting the flavor leaves it)."""
        return copy.deepcopy({k: v for k, v in flavor.items() if k != "access"})

    # -- state ------------------------------------------------------------------------

    def dump_state(self) -> Any:
        """Servers, flavors, keypairs, groups, aggregates, migrations, quotas, services."""
        self.live_servers()
        return {
            "servers": self.servers,
            "flavors": self.flavors,
            "keypairs": self.keypairs,
            "server_groups": self.server_groups,
            "aggregates": self.aggregates,
            "migrations": self.migrations,
            "quotas": self.quotas,
            "services": self.services_state,
            "hypervisor_id": self.hypervisor_id,
            "counters": self.counters,
        }

    def load_state(self, data: Any) -> None:
        """Take the saved state in place of the seeded one."""
        self.servers = dict(data["servers"])
        self.flavors = dict(data["flavors"])
        self.keypairs = dict(data["keypairs"])
        self.server_groups = dict(data["server_groups"])
        self.aggregates = dict(data["aggregates"])
        self.migrations = list(data["migrations"])
        self.quotas = dict(data["quotas"])
        self.services_state = dict(data["services"])
        self.hypervisor_id = str(data["hypervisor_id"])
        self.counters = dict(data["counters"])
