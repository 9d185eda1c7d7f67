"""``/servers``: boot, list, show, update and delete (the actions are in ``_actions``)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

from openstack_compute.v2._fake._base import NOSTATE, RUNNING
from openstack_compute.v2._fake._views import Views
from openstack_core import fakes

#: Keys ``POST /servers`` accepts, with the microversion that added or removed them.
_CREATE_KEYS = {
    "name": None,
    "imageRef": None,
    "flavorRef": None,
    "adminPass": None,
    "metadata": None,
    "networks": None,
    "OS-DCF:diskConfig": None,
    "accessIPv4": None,
    "accessIPv6": None,
    "availability_zone": None,
    "block_device_mapping_v2": None,
    "block_device_mapping": None,
    "config_drive": None,
    "key_name": None,
    "min_count": None,
    "max_count": None,
    "return_reservation_id": None,
    "security_groups": None,
    "user_data": None,
    "personality": None,
    "description": "2.19",
    "tags": "2.52",
    "trusted_image_certificates": "2.63",
    "host": "2.74",
    "hypervisor_hostname": "2.74",
    "hostname": "2.90",
}
#: Keys whose value may not be null (Nova's schema types them as strings or objects).
_NOT_NULL = {
    "name": "string",
    "imageRef": "string",
    "flavorRef": "string",
    "key_name": "string",
    "availability_zone": "string",
    "user_data": "string",
    "adminPass": "string",
    "metadata": "object",
    "hostname": "string",
    "accessIPv4": "string",
    "accessIPv6": "string",
}
_HOSTNAME_BAD = re.compile(r"[^a-z0-9-]+")


def invalid(field: str, value: Any, why: str) -> fakes.Fault:
    """Nova's 400 for a value its schema refuses."""
    return fakes.Fault(400, f"Invalid input for field/attribute {field}. Value: {value!r}. {why}")


def _hostname(name: str) -> str:
    cleaned = _HOSTNAME_BAD.sub("-", name.lower()).strip("-.")
    return cleaned[:63] or "server"


def _bool(text: str | None) -> bool | None:
    if text is None:
        return None
    return text.strip().lower() in ("1", "true", "yes", "on")


class ServerRoutes(Views):
    """Servers and their actions."""

    # -- create -----------------------------------------------------------------------

    def _validate_create(self, request: fakes.Request, spec: dict[str, Any]) -> None:
        for key in spec:
            added = _CREATE_KEYS.get(key, "unknown")
            if added == "unknown" or (added is not None and not request.at_least(added)):
                raise fakes.Fault(
                    400,
                    "Invalid input for field/attribute server. Value: "
                    f"{spec!r}. Additional properties are not allowed ('{key}' was unexpected)",
                )
        if "personality" in spec and request.at_least("2.57"):
            raise fakes.Fault(
                400, "Additional properties are not allowed ('personality' was unexpected)"
            )
        for key, kind in _NOT_NULL.items():
            if key in spec and spec[key] is None:
                raise invalid(key, None, f"None is not of type '{kind}'")
        for key in ("name", "flavorRef"):
            if key not in spec:
                raise fakes.Fault(
                    400,
                    f"Invalid input for field/attribute server. Value: {spec!r}. "
                    f"'{key}' is a required property",
                )
        name = spec["name"]
        if not isinstance(name, str) or not name.strip() or len(name) > 255:
            raise invalid("name", name, "It must be a non-empty string of at most 255 characters")
        if request.at_least("2.37") and "networks" not in spec:
            raise fakes.Fault(
                400,
                f"Invalid input for field/attribute server. Value: {spec!r}. "
                "'networks' is a required property",
            )
        metadata = spec.get("metadata", {})
        if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
            raise invalid("metadata", metadata, "Metadata values must be strings")

    def _image_for(self, request: fakes.Request, spec: dict[str, Any]) -> dict[str, Any] | None:
        """The image to boot from (via the image fake when it is served), or None for a
        boot from volume."""
        image_ref = spec.get("imageRef")
        if not image_ref:
            mappings = spec.get("block_device_mapping_v2") or []
            if any(str(m.get("boot_index")) == "0" for m in mappings if isinstance(m, dict)):
                return None
            raise fakes.Fault(
                400,
                "Block Device Mapping is Invalid: Boot sequence for the "
                "instance and image/block device mapping combination is not valid.",
            )
        image_id = str(image_ref).rstrip("/").rsplit("/", 1)[-1]
        answer = self.call(request, "image", "GET", f"/v2/images/{image_id}")
        if answer is None:  # no image fake: any image id is taken
            return {"id": image_id, "properties": {}}
        if answer.status != 200:
            raise fakes.Fault(400, f"Image {image_id} could not be found.")
        image = answer.json_body()
        if image.get("status") != "active":
            raise fakes.Fault(400, f"Image {image_id} is not active.")
        return {"id": image_id, "image": image}

    def _check_image_fits(self, image: dict[str, Any] | None, flavor: dict[str, Any]) -> None:
        record = (image or {}).get("image") or {}
        if int(record.get("min_ram") or 0) > flavor["ram"]:
            raise fakes.Fault(400, "Flavor's memory is too small for requested image.")
        if flavor["disk"] and int(record.get("min_disk") or 0) > flavor["disk"]:
            raise fakes.Fault(400, "Flavor's disk is too small for requested image.")

    def _addresses(self, request: fakes.Request, spec: dict[str, Any]) -> dict[str, Any]:
        networks = spec.get("networks", "auto")
        if networks == "none":
            return {}
        if networks == "auto":
            octet = 3 + len(self.servers) % 250
            mac = "fa:16:3e:" + ":".join(f"{b:02x}" for b in secrets.token_bytes(3))
            return {
                "private": [
                    {
                        "addr": f"10.0.0.{octet}",
                        "version": 4,
                        "OS-EXT-IPS:type": "fixed",
                        "OS-EXT-IPS-MAC:mac_addr": mac,
                    }
                ]
            }
        if not isinstance(networks, list):
            raise invalid("networks", networks, "It must be 'auto', 'none' or a list")
        for network in networks:
            if not isinstance(network, dict):
                raise invalid("networks", networks, "Each network must be an object")
            network_id = network.get("uuid") or network.get("port")
            kind = "ports" if "port" in network else "networks"
            answer = self.call(request, "network", "GET", f"/v2.0/{kind}/{network_id}")
            if answer is None or answer.status != 200:
                raise fakes.Fault(400, f"Network {network_id} could not be found.")
        return {}

    def _group_for(self, request: fakes.Request, hints: dict[str, Any]) -> dict[str, Any] | None:
        group_id = hints.get("group")
        if not group_id:
            return None
        group = self.server_groups.get(str(group_id))
        if group is None or group["project_id"] != request.project_id:
            raise fakes.Fault(400, f"Invalid server group {group_id}")
        return group

    @fakes.route("POST", "/v2.1/servers")
    def create_server(self, request: fakes.Request) -> fakes.Response:
        """Boot servers: BUILD, then ACTIVE after ``build_delay`` seconds."""
        body = request.json_object()
        spec = body.get("server")
        if not isinstance(spec, dict):
            raise fakes.Fault(400, "Invalid input for field/attribute server: it is required")
        self._validate_create(request, spec)
        flavor = self.find_flavor(request, str(spec["flavorRef"]).rsplit("/", 1)[-1], 400)
        image = self._image_for(request, spec)
        self._check_image_fits(image, flavor)
        key_name = spec.get("key_name")
        if key_name is not None and f"{request.user_id}/{key_name}" not in self.keypairs:
            raise fakes.Fault(400, "Invalid key_name provided.")
        zone = spec.get("availability_zone")
        if zone is not None and zone not in self.zone_names():
            raise fakes.Fault(400, "The requested availability zone is not available")
        hints = body.get("OS-SCH-HNT:scheduler_hints") or body.get("os:scheduler_hints") or {}
        group = self._group_for(request, hints)
        count = int(spec.get("max_count") or spec.get("min_count") or 1)
        self.check_quota(
            str(request.project_id),
            {"instances": count, "cores": flavor["vcpus"] * count, "ram": flavor["ram"] * count},
        )
        reservation = "r-" + secrets.token_hex(4)
        created = [
            self._new_server(request, spec, flavor, image, zone, hints, group, reservation, index)
            for index in range(count)
        ]
        first = created[0]
        if spec.get("return_reservation_id"):
            return fakes.Response.json({"reservation_id": reservation}, 202)
        answer = {
            "id": first["id"],
            "links": self.links(request, "servers", first["id"]),
            "OS-DCF:diskConfig": first["disk_config"],
            "security_groups": [{"name": g} for g in first["security_groups"]],
            "adminPass": spec.get("adminPass") or secrets.token_urlsafe(9),
        }
        location = answer["links"][0]["href"]
        return fakes.Response.json({"server": answer}, 202, {"Location": location})

    def _new_server(
        self,
        request: fakes.Request,
        spec: dict[str, Any],
        flavor: dict[str, Any],
        image: dict[str, Any] | None,
        zone: str | None,
        hints: dict[str, Any],
        group: dict[str, Any] | None,
        reservation: str,
        index: int,
    ) -> dict[str, Any]:
        now = self.now()
        name = str(spec["name"]) if index == 0 else f"{spec['name']}-{index + 1}"
        image_record = (image or {}).get("image") or {}
        server: dict[str, Any] = {
            "id": fakes.new_id(),
            "name": name,
            "project_id": request.project_id,
            "user_id": request.user_id,
            "created_at": now,
            "updated_at": now,
            "launched_at": None,
            "flavor": self.flavor_snapshot(flavor),
            "old_flavor": None,
            "image_id": (image or {}).get("id", ""),
            "image_properties": {
                k: v
                for k, v in image_record.items()
                if k in ("architecture", "os_distro", "os_type", "hw_disk_bus")
            },
            "key_name": spec.get("key_name"),
            "metadata": dict(spec.get("metadata") or {}),
            "tags": list(spec.get("tags") or []),
            "locked_by": None,
            "locked_reason": None,
            "description": spec.get("description"),
            "availability_zone": zone or "nova",
            "pinned_availability_zone": zone,
            "hostname": spec.get("hostname") or _hostname(name),
            "access_ipv4": spec.get("accessIPv4"),
            "access_ipv6": spec.get("accessIPv6"),
            "config_drive": "True" if spec.get("config_drive") else "",
            "disk_config": spec.get("OS-DCF:diskConfig", "MANUAL"),
            "scheduler_hints": dict(hints),
            "user_data": spec.get("user_data"),
            "security_groups": [
                str(g.get("name")) for g in spec.get("security_groups") or [{"name": "default"}]
            ],
            "addresses": self._addresses(request, spec),
            "trusted_image_certificates": spec.get("trusted_image_certificates"),
            "host": str(self.settings["host"]),
            "instance_name": "instance-%08x" % (len(self.servers) + 1),
            "launch_index": index,
            "reservation_id": reservation,
            "vm_state": "building",
            "task_state": "spawning",
            "power_state": NOSTATE,
            "fault": None,
            "actions": [],
            "pending": None,
        }
        self.servers[server["id"]] = server
        self.record_action(request, server, "create", "compute__do_build_and_run_instance")
        if group is not None and not self._group_admits(group):
            server["vm_state"], server["task_state"] = "error", None
            server["fault"] = {
                "code": 500,
                "created": fakes.isotime(now),
                "message": "No valid host was found. There are not enough hosts available.",
            }
            server["actions"][0]["events"][0].update(finish_time=now, result="Error")
            return server
        if group is not None:
            group["members"].append(server["id"])
        launched = now + float(self.settings["build_delay"])
        self.schedule(
            server, "build_delay", vm_state="active", power_state=RUNNING, launched_at=launched
        )
        return server

    def _group_admits(self, group: dict[str, Any]) -> bool:
        """The fake has one host: anti-affinity admits ``max_server_per_host`` members."""
        if group["policy"] not in ("anti-affinity",):
            return True
        limit = int((group.get("rules") or {}).get("max_server_per_host", 1))
        return len(group["members"]) < limit

    # -- list, show, update, delete ---------------------------------------------------

    def _visible(self, request: fakes.Request) -> list[dict[str, Any]]:
        servers = self.live_servers()
        all_tenants = request.is_admin and _bool(request.arg("all_tenants")) is True
        project = request.arg("project_id") or request.arg("tenant_id")
        if all_tenants:
            return [s for s in servers if project is None or s["project_id"] == project]
        if request.is_admin and project:
            return [s for s in servers if s["project_id"] == project]
        return [s for s in servers if s["project_id"] == request.project_id]

    def _filtered(self, request: fakes.Request) -> list[dict[str, Any]]:
        from openstack_compute.v2._fake._base import status_of

        servers = self._visible(request)
        name = request.arg("name")
        if name is not None:
            servers = [s for s in servers if self.name_matches(name, s["name"])]
        status = request.arg("status")
        if status is not None:
            wanted = {part.strip().upper() for part in request.args("status")}
            servers = [s for s in servers if status_of(s) in wanted]
        for key, compare in (("changes-since", 1), ("changes-before", -1)):
            text = request.arg(key)
            if text is not None:
                try:
                    moment = fakes.parse_time(text)
                except ValueError:
                    raise invalid(key, text, "It is not a valid date-time") from None
                servers = [
                    s
                    for s in servers
                    if (s["updated_at"] >= moment if compare > 0 else s["updated_at"] <= moment)
                ]
        tag_filters = {
            key: [t for t in (request.arg(key) or "").split(",") if t]
            for key in ("tags", "tags-any", "not-tags", "not-tags-any")
        }
        if tag_filters["tags"]:
            servers = [s for s in servers if set(tag_filters["tags"]) <= set(s["tags"])]
        if tag_filters["tags-any"]:
            servers = [s for s in servers if set(tag_filters["tags-any"]) & set(s["tags"])]
        if tag_filters["not-tags"]:
            servers = [s for s in servers if not set(tag_filters["not-tags"]) <= set(s["tags"])]
        if tag_filters["not-tags-any"]:
            servers = [s for s in servers if not set(tag_filters["not-tags-any"]) & set(s["tags"])]
        simple: dict[str, Callable[[dict[str, Any]], Any]] = {
            "image": lambda s: s["image_id"],
            "flavor": lambda s: s["flavor"]["id"],
            "key_name": lambda s: s["key_name"],
            "availability_zone": lambda s: s["availability_zone"],
            "reservation_id": lambda s: s["reservation_id"],
            "uuid": lambda s: s["id"],
            "vm_state": lambda s: s["vm_state"],
            "task_state": lambda s: s["task_state"],
            "user_id": lambda s: s["user_id"],
            "host": lambda s: s["host"],
        }
        for key, read in simple.items():
            value = request.arg(key)
            if value is not None:
                servers = [s for s in servers if str(read(s)) == value]
        locked = _bool(request.arg("locked"))
        if locked is not None:
            servers = [s for s in servers if (s["locked_by"] is not None) == locked]
        ip = request.arg("ip")
        if ip is not None:
            servers = [
                s
                for s in servers
                if any(
                    self.name_matches(ip, a["addr"])
                    for addrs in s["addresses"].values()
                    for a in addrs
                )
            ]
        if _bool(request.arg("deleted")):
            servers = []  # deleted servers are gone from the fake at once
        return self._sorted(request, servers)

    @staticmethod
    def _sorted(request: fakes.Request, servers: list[dict[str, Any]]) -> list[dict[str, Any]]:
        keys = request.args("sort_key") or ["created_at"]
        dirs = request.args("sort_dir")
        fields = {
            "created_at": "created_at",
            "updated_at": "updated_at",
            "display_name": "name",
            "uuid": "id",
            "launched_at": "launched_at",
            "vm_state": "vm_state",
        }
        ordered = list(servers)
        for position in reversed(range(len(keys))):
            field = fields.get(keys[position], keys[position])
            direction = dirs[position] if position < len(dirs) else "desc"
            ordered.sort(
                key=lambda s: (s.get(field) is None, str(s.get(field))), reverse=direction == "desc"
            )
        # Nova breaks ties by id, so pages never overlap.
        return ordered

    def _listing(self, request: fakes.Request, *, detail: bool) -> dict[str, Any]:
        page = fakes.paginate(
            self._filtered(request),
            request,
            max_limit=int(self.settings["max_limit"]),
            missing_marker=lambda m: fakes.Fault(400, f"marker [{m}] not found"),
        )
        if detail:
            items = [self.server_view(request, s, listing=True) for s in page.items]
        else:
            items = [
                {"id": s["id"], "name": s["name"], "links": self.links(request, "servers", s["id"])}
                for s in page.items
            ]
        answer: dict[str, Any] = {"servers": items}
        link = page.next_link(request)
        if link is not None:
            answer["servers_links"] = [{"rel": "next", "href": link}]
        return answer

    @fakes.route("GET", "/v2.1/servers")
    def list_servers(self, request: fakes.Request) -> dict[str, Any]:
        """Ids, names and links of the project's servers (filters, marker/limit)."""
        return self._listing(request, detail=False)

    @fakes.route("GET", "/v2.1/servers/detail")
    def list_servers_detail(self, request: fakes.Request) -> dict[str, Any]:
        """The project's servers in full."""
        return self._listing(request, detail=True)

    @fakes.route("GET", "/v2.1/servers/{server_id}")
    def get_server(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """One server."""
        return {"server": self.server_view(request, self.server_of(request, server_id))}

    @fakes.route("PUT", "/v2.1/servers/{server_id}")
    def update_server(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """Rename, describe, set access IPs or the hostname (2.90)."""
        server = self.server_of(request, server_id)
        spec = request.json_object("server")
        names = {
            "name": "name",
            "description": "description",
            "accessIPv4": "access_ipv4",
            "accessIPv6": "access_ipv6",
            "OS-DCF:diskConfig": "disk_config",
            "hostname": "hostname",
        }
        for key, value in spec.items():
            if (
                key not in names
                or (key == "description" and not request.at_least("2.19"))
                or (key == "hostname" and not request.at_least("2.90"))
            ):
                raise fakes.Fault(
                    400, f"Additional properties are not allowed ('{key}' was unexpected)"
                )
            if key == "name" and (not isinstance(value, str) or not value.strip()):
                raise invalid("name", value, "It must be a non-empty string")
            server[names[key]] = value
        server["updated_at"] = self.now()
        return {"server": self.server_view(request, server)}

    def _check_lock(self, request: fakes.Request, server: dict[str, Any]) -> None:
        if server["locked_by"] is not None and not request.is_admin:
            raise fakes.Fault(409, f"Instance {server['id']} is locked")

    @fakes.route("DELETE", "/v2.1/servers/{server_id}")
    def delete_server(self, request: fakes.Request, server_id: str) -> fakes.Response:
        """Delete: task ``deleting``, gone ``delete_delay`` seconds later."""
        server = self.server_of(request, server_id)
        self._check_lock(request, server)
        if server["task_state"] != "deleting":
            server["task_state"] = "deleting"
            server["pending"] = {
                "at": self.now() + float(self.settings["delete_delay"]),
                "delete": True,
            }
            if not server["pending"]["at"] > self.now():
                self.settle(server)
        return fakes.Response.empty()
