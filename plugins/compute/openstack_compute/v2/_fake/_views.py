"""What Nova shows of servers and flavors, microversion by microversion
(nova/api/openstack/compute/views/servers.py and flavors.py)."""

from __future__ import annotations

from typing import Any

from openstack_compute.v2._fake._base import ComputeBase, host_id, status_of
from openstack_core import fakes

_PROGRESS_STATUSES = ("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING")


def _time(seconds: float | None) -> str | None:
    return fakes.isotime(seconds) if seconds is not None else None


def _usage_time(seconds: float | None) -> str | None:
    # Nova prints launched_at/terminated_at as str(datetime) of a naive UTC time.
    return fakes.isotime(seconds, micro=True, zulu=False) if seconds is not None else None


class Views(ComputeBase):
    """Server and flavor documents."""

    def flavor_view(
        self, request: fakes.Request, flavor: dict[str, Any], *, detail: bool = True
    ) -> dict[str, Any]:
        """A flavor as ``GET /flavors/{id}`` (or the brief listing) shows it."""
        view: dict[str, Any] = {
            "id": flavor["id"],
            "name": flavor["name"],
            "links": self.links(request, "flavors", flavor["id"]),
        }
        if request.at_least("2.55"):
            view["description"] = flavor["description"]
        if not detail:
            return view
        swap: Any = flavor["swap"]
        if not request.at_least("2.75") and not swap:
            swap = ""
        view.update(
            {
                "ram": flavor["ram"],
                "disk": flavor["disk"],
                "vcpus": flavor["vcpus"],
                "swap": swap,
                "rxtx_factor": flavor["rxtx_factor"],
                "OS-FLV-EXT-DATA:ephemeral": flavor["ephemeral"],
                "OS-FLV-DISABLED:disabled": flavor["disabled"],
                "os-flavor-access:is_public": flavor["is_public"],
            }
        )
        if request.at_least("2.61"):
            view["extra_specs"] = dict(flavor["extra_specs"])
        return view

    def _server_flavor(self, request: fakes.Request, server: dict[str, Any]) -> dict[str, Any]:
        flavor = server["flavor"]
        if not request.at_least("2.47"):
            return {
                "id": flavor["id"],
                "links": [{"rel": "bookmark", "href": request.link(f"/flavors/{flavor['id']}")}],
            }
        return {
            "vcpus": flavor["vcpus"],
            "ram": flavor["ram"],
            "disk": flavor["disk"],
            "ephemeral": flavor["ephemeral"],
            "swap": flavor["swap"],
            "original_name": flavor["name"],
            "extra_specs": dict(flavor["extra_specs"]),
        }

    def _server_image(self, request: fakes.Request, server: dict[str, Any]) -> Any:
        if not server["image_id"]:
            return ""
        image: dict[str, Any] = {
            "id": server["image_id"],
            "links": [{"rel": "bookmark", "href": request.link(f"/images/{server['image_id']}")}],
        }
        if request.at_least("2.98"):
            image["properties"] = dict(server.get("image_properties") or {})
        return image

    def server_view(
        self, request: fakes.Request, server: dict[str, Any], *, listing: bool = False
    ) -> dict[str, Any]:
        """A server as ``GET /servers/{id}`` (``listing``: ``/servers/detail``) shows it
        to the caller at the negotiated microversion."""
        status = status_of(server)
        view: dict[str, Any] = {
            "id": server["id"],
            "name": server["name"],
            "status": status,
            "tenant_id": server["project_id"],
            "user_id": server["user_id"],
            "metadata": dict(server["metadata"]),
            "hostId": host_id(server["project_id"], server["host"]),
            "image": self._server_image(request, server),
            "flavor": self._server_flavor(request, server),
            "created": _time(server["created_at"]),
            "updated": _time(server["updated_at"]),
            "addresses": {} if server["vm_state"] == "building" else server["addresses"],
            "accessIPv4": server["access_ipv4"] or "",
            "accessIPv6": server["access_ipv6"] or "",
            "links": self.links(request, "servers", server["id"]),
            "OS-DCF:diskConfig": server["disk_config"],
            "OS-EXT-AZ:availability_zone": server["availability_zone"] or "",
            "config_drive": server["config_drive"],
            "key_name": server["key_name"],
            "OS-SRV-USG:launched_at": _usage_time(server["launched_at"]),
            "OS-SRV-USG:terminated_at": None,
            "OS-EXT-STS:task_state": server["task_state"],
            "OS-EXT-STS:vm_state": server["vm_state"],
            "OS-EXT-STS:power_state": server["power_state"],
            "os-extended-volumes:volumes_attached": [],
            "security_groups": [{"name": g} for g in server["security_groups"]],
        }
        if status in _PROGRESS_STATUSES:
            view["progress"] = 100 if status == "ACTIVE" else 0
        if status == "ERROR" and server.get("fault"):
            view["fault"] = server["fault"]
        if request.is_admin:
            view["OS-EXT-SRV-ATTR:host"] = server["host"]
            view["OS-EXT-SRV-ATTR:instance_name"] = server["instance_name"]
            view["OS-EXT-SRV-ATTR:hypervisor_hostname"] = server["host"]
            if request.at_least("2.3"):
                view["OS-EXT-SRV-ATTR:hostname"] = server["hostname"]
                view["OS-EXT-SRV-ATTR:kernel_id"] = ""
                view["OS-EXT-SRV-ATTR:ramdisk_id"] = ""
                view["OS-EXT-SRV-ATTR:launch_index"] = server["launch_index"]
                view["OS-EXT-SRV-ATTR:reservation_id"] = server["reservation_id"]
                view["OS-EXT-SRV-ATTR:root_device_name"] = "/dev/vda"
                view["OS-EXT-SRV-ATTR:user_data"] = server["user_data"]
            if request.at_least("2.16"):
                view["host_status"] = "UP" if server["host"] else ""
        if request.at_least("2.9"):
            view["locked"] = server["locked_by"] is not None
        if request.at_least("2.19"):
            view["description"] = server["description"]
        if request.at_least("2.26"):
            view["tags"] = list(server["tags"])
        if request.at_least("2.63"):
            view["trusted_image_certificates"] = server["trusted_image_certificates"]
        if request.at_least("2.71") and not listing:
            view["server_groups"] = [
                g["id"] for g in self.server_groups.values() if server["id"] in g["members"]
            ]
        if request.at_least("2.73"):
            view["locked_reason"] = server["locked_reason"]
        if request.at_least("2.90") and not request.is_admin:
            view["OS-EXT-SRV-ATTR:hostname"] = server["hostname"]
        if request.at_least("2.96"):
            view["pinned_availability_zone"] = server["pinned_availability_zone"]
        if request.at_least("2.100"):
            view["scheduler_hints"] = dict(server["scheduler_hints"])
        return view
