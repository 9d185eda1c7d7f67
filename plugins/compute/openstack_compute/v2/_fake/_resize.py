"""Actions that change what a server is: rebuild, resize, confirm and revert."""

from __future__ import annotations

import secrets
from typing import Any

from openstack_compute.v2._fake._actions import ActionRoutes
from openstack_compute.v2._fake._base import RUNNING
from openstack_core import fakes

#: Rebuild keys and the microversion that added each.
_REBUILD_KEYS = {
    "imageRef": None,
    "name": None,
    "adminPass": None,
    "metadata": None,
    "preserve_ephemeral": None,
    "accessIPv4": None,
    "accessIPv6": None,
    "OS-DCF:diskConfig": None,
    "personality": None,
    "description": "2.19",
    "key_name": "2.54",
    "user_data": "2.57",
    "trusted_image_certificates": "2.63",
    "hostname": "2.90",
}


class ResizeRoutes(ActionRoutes):
    """rebuild, resize, confirmResize and revertResize (dispatched by server_action)."""

    def _new_migration(
        self, server: dict[str, Any], old: dict[str, Any], new: dict[str, Any]
    ) -> dict[str, Any]:
        self.counters["migration"] += 1
        now = self.now()
        host = server["host"]
        migration = {
            "id": self.counters["migration"],
            "uuid": fakes.new_id(),
            "instance_uuid": server["id"],
            "migration_type": "resize",
            "status": "pre-migrating",
            "on_settle": "finished",
            "source_compute": host,
            "dest_compute": host,
            "source_node": host,
            "dest_node": host,
            "dest_host": "127.0.0.1",
            "source_region": "RegionOne",
            "dest_region": "RegionOne",
            "old_instance_type_id": old["internal_id"],
            "new_instance_type_id": new["internal_id"],
            "project_id": server["project_id"],
            "user_id": server["user_id"],
            "created_at": now,
            "updated_at": now,
        }
        self.migrations.append(migration)
        return migration

    def _current_migration(self, server: dict[str, Any]) -> dict[str, Any] | None:
        for migration in reversed(self.migrations):
            if migration["instance_uuid"] == server["id"] and migration["status"] == "finished":
                found: dict[str, Any] = migration
                return found
        return None

    def _action_resize(self, request: fakes.Request, server: dict[str, Any], args: Any) -> None:
        self._allow(request, server, "resize", ("active", "stopped"))
        flavor_ref = (args or {}).get("flavorRef")
        if not flavor_ref:
            raise fakes.Fault(400, "Resize requires a flavor change.")
        flavor = self.find_flavor(request, str(flavor_ref).rsplit("/", 1)[-1], 400)
        if flavor["id"] == server["flavor"]["id"]:
            raise fakes.Fault(400, "When resizing, instances must change flavor!")
        old = self.flavors.get(server["flavor"]["id"], server["flavor"])
        self.check_quota(
            server["project_id"],
            {
                "cores": max(0, flavor["vcpus"] - server["flavor"]["vcpus"]),
                "ram": max(0, flavor["ram"] - server["flavor"]["ram"]),
            },
        )
        self._new_migration(server, {"internal_id": old.get("internal_id")}, flavor)
        server["old_flavor"] = server["flavor"]
        server["task_state"] = "resize_prep"
        server["updated_at"] = self.now()
        self.record_action(
            request,
            server,
            "resize",
            "compute_prep_resize",
            "compute_resize_instance",
            "compute_finish_resize",
        )
        self.schedule(
            server,
            "action_delay",
            vm_state="resized",
            flavor=self.flavor_snapshot(flavor),
            resized_from=server["vm_state"],
        )

    def _action_confirmresize(
        self, request: fakes.Request, server: dict[str, Any], args: Any
    ) -> None:
        self._allow(request, server, "confirmResize", ("resized",))
        migration = self._current_migration(server)
        if migration is None:
            raise fakes.Fault(404, f"Migration for instance {server['id']} not found")
        migration["status"], migration["on_settle"] = "confirming", "confirmed"
        self.record_action(request, server, "confirmResize", "compute_confirm_resize")
        final = server.get("resized_from") or "active"
        server["old_flavor"] = None
        self.schedule(server, "action_delay", vm_state=final)

    def _action_revertresize(
        self, request: fakes.Request, server: dict[str, Any], args: Any
    ) -> None:
        self._allow(request, server, "revertResize", ("resized",))
        migration = self._current_migration(server)
        if migration is None:
            raise fakes.Fault(404, f"Migration for instance {server['id']} not found")
        migration["status"], migration["on_settle"] = "reverting", "reverted"
        server["task_state"] = "resize_reverting"
        self.record_action(
            request, server, "revertResize", "compute_revert_resize", "compute_finish_revert_resize"
        )
        final = server.get("resized_from") or "active"
        self.schedule(
            server, "action_delay", vm_state=final, flavor=server["old_flavor"], old_flavor=None
        )

    def _action_rebuild(
        self, request: fakes.Request, server: dict[str, Any], args: Any
    ) -> fakes.Response:
        self._allow(request, server, "rebuild", ("active", "stopped", "error"))
        spec = args if isinstance(args, dict) else {}
        for key in spec:
            added = _REBUILD_KEYS.get(key, "unknown")
            if added == "unknown" or (added is not None and not request.at_least(added)):
                raise fakes.Fault(
                    400, f"Additional properties are not allowed ('{key}' was unexpected)"
                )
        if "imageRef" not in spec:
            raise fakes.Fault(400, "'imageRef' is a required property")
        image = self._image_for(request, {"imageRef": spec["imageRef"]})
        server["image_id"] = (image or {}).get("id", "")
        for key, field in (
            ("name", "name"),
            ("metadata", "metadata"),
            ("description", "description"),
            ("key_name", "key_name"),
            ("user_data", "user_data"),
            ("hostname", "hostname"),
            ("accessIPv4", "access_ipv4"),
            ("accessIPv6", "access_ipv6"),
            ("OS-DCF:diskConfig", "disk_config"),
            ("trusted_image_certificates", "trusted_image_certificates"),
        ):
            if key in spec:
                server[field] = spec[key]
        if (
            spec.get("key_name") is not None
            and f"{request.user_id}/{spec['key_name']}" not in self.keypairs
        ):
            raise fakes.Fault(400, "Invalid key_name provided.")
        final_state = server["vm_state"] if server["vm_state"] != "error" else "active"
        server["task_state"] = "rebuilding"
        server["updated_at"] = self.now()
        self.record_action(request, server, "rebuild", "compute_rebuild_instance")
        self.schedule(
            server,
            "action_delay",
            vm_state=final_state,
            power_state=RUNNING if final_state == "active" else server["power_state"],
        )
        view = self.server_view(request, server)
        view["adminPass"] = spec.get("adminPass") or secrets.token_urlsafe(9)
        if request.at_least("2.57"):
            view["user_data"] = server["user_data"]
        return fakes.Response.json({"server": view}, 202)
