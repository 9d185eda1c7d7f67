"""Operator APIs of the one fake host: hypervisors, services, aggregates, migrations,
and the image proxy Nova kept up to 2.35."""

from __future__ import annotations

import uuid
from typing import Any

from openstack_compute.v2._fake._views import Views
from openstack_core import fakes

_HYPERVISOR = {
    "hypervisor_type": "fake",
    "hypervisor_version": 1000,
    "vcpus": 64,
    "memory_mb": 131072,
    "local_gb": 2048,
}


def _time(seconds: float | None) -> str | None:
    return fakes.isotime(seconds, micro=True, zulu=False) if seconds is not None else None


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


class AdminRoutes(Views):
    """Hypervisors, services, aggregates and migrations (admin)."""

    # -- hypervisors ------------------------------------------------------------------

    def _compute_service(self) -> dict[str, Any]:
        return next(s for s in self.services_state.values() if s["binary"] == "nova-compute")

    def _hypervisor_view(self, request: fakes.Request, *, detail: bool) -> dict[str, Any]:
        service = self._compute_service()
        host = service["host"]
        new = request.at_least("2.53")
        view: dict[str, Any] = {
            "id": self.hypervisor_id if new else 1,
            "hypervisor_hostname": host,
            "state": "down" if service["forced_down"] else "up",
            "status": service["status"],
        }
        servers = [s for s in self.live_servers() if s["host"] == host]
        if detail:
            view.update(
                hypervisor_type=_HYPERVISOR["hypervisor_type"],
                hypervisor_version=_HYPERVISOR["hypervisor_version"],
                host_ip="127.0.0.1",
                service={
                    "id": service["id"] if new else service["number"],
                    "host": host,
                    "disabled_reason": service["disabled_reason"],
                },
            )
            if request.at_least("2.88"):
                view["uptime"] = None
            else:
                used_ram = sum(s["flavor"]["ram"] for s in servers)
                used_disk = sum(s["flavor"]["disk"] for s in servers)
                view.update(
                    vcpus=_HYPERVISOR["vcpus"],
                    memory_mb=_HYPERVISOR["memory_mb"],
                    local_gb=_HYPERVISOR["local_gb"],
                    vcpus_used=sum(s["flavor"]["vcpus"] for s in servers),
                    memory_mb_used=used_ram,
                    local_gb_used=used_disk,
                    free_ram_mb=_HYPERVISOR["memory_mb"] - used_ram,
                    free_disk_gb=_HYPERVISOR["local_gb"] - used_disk,
                    current_workload=0,
                    running_vms=len(servers),
                    disk_available_least=_HYPERVISOR["local_gb"] - used_disk,
                    cpu_info={} if request.at_least("2.28") else "",
                )
        if request.at_least("2.53") and (request.arg("with_servers") or "").lower() in (
            "1",
            "true",
        ):
            view["servers"] = [{"name": s["instance_name"], "uuid": s["id"]} for s in servers]
        return view

    def _hypervisors(self, request: fakes.Request, detail: bool) -> dict[str, Any]:
        self.admin_only(
            request, "os_compute_api:os-hypervisors:list" + ("-detail" if detail else "")
        )
        pattern = request.arg("hypervisor_hostname_pattern")
        view = self._hypervisor_view(request, detail=detail)
        if pattern is not None and not self.name_matches(pattern, view["hypervisor_hostname"]):
            raise fakes.Fault(404, f"No hypervisor matching '{pattern}' could be found.")
        return {"hypervisors": [view]}

    @fakes.route("GET", "/v2.1/os-hypervisors")
    def list_hypervisors(self, request: fakes.Request) -> dict[str, Any]:
        """The fake's one compute node."""
        return self._hypervisors(request, False)

    @fakes.route("GET", "/v2.1/os-hypervisors/detail")
    def list_hypervisors_detail(self, request: fakes.Request) -> dict[str, Any]:
        """The fake's one compute node, in full."""
        return self._hypervisors(request, True)

    @fakes.route("GET", "/v2.1/os-hypervisors/{hypervisor_id}")
    def get_hypervisor(self, request: fakes.Request, hypervisor_id: str) -> dict[str, Any]:
        """The node by id (a UUID since 2.53: anything else is a 400)."""
        self.admin_only(request, "os_compute_api:os-hypervisors:show")
        if request.at_least("2.53"):
            if not _is_uuid(hypervisor_id):
                raise fakes.Fault(400, f"Invalid uuid {hypervisor_id}")
            found = hypervisor_id == self.hypervisor_id
        else:
            found = hypervisor_id == "1"
        if not found:
            raise fakes.Fault(404, f"Hypervisor with ID '{hypervisor_id}' could not be found.")
        return {"hypervisor": self._hypervisor_view(request, detail=True)}

    # -- services ---------------------------------------------------------------------

    def _service_view(self, request: fakes.Request, service: dict[str, Any]) -> dict[str, Any]:
        view = {
            "id": service["id"] if request.at_least("2.53") else service["number"],
            "binary": service["binary"],
            "host": service["host"],
            "zone": service["zone"],
            "status": service["status"],
            "state": "down" if service["forced_down"] else "up",
            "disabled_reason": service["disabled_reason"],
            "updated_at": _time(self.now()),
        }
        if request.at_least("2.11"):
            view["forced_down"] = service["forced_down"]
        return view

    @fakes.route("GET", "/v2.1/os-services")
    def list_services(self, request: fakes.Request) -> dict[str, Any]:
        """The fake's scheduler, conductor and compute services (``binary``, ``host``)."""
        self.admin_only(request, "os_compute_api:os-services:list")
        services = [
            s
            for s in self.services_state.values()
            if request.arg("binary") in (None, s["binary"])
            and request.arg("host") in (None, s["host"])
        ]
        return {"services": [self._service_view(request, s) for s in services]}

    @fakes.route("PUT", "/v2.1/os-services/{service_id}")
    def update_service(self, request: fakes.Request, service_id: str) -> dict[str, Any]:
        """Enable, disable or force down a service: by id since 2.53, before with
        ``enable``, ``disable``, ``disable-log-reason`` or ``force-down`` and
        ``{"host", "binary"}``."""
        self.admin_only(request, "os_compute_api:os-services:update")
        body = request.json_object()
        if not request.at_least("2.53"):
            service = next(
                (
                    s
                    for s in self.services_state.values()
                    if s["host"] == body.get("host") and s["binary"] == body.get("binary")
                ),
                None,
            )
            if service is None:
                raise fakes.Fault(404, f"Compute host {body.get('host')} could not be found.")
            if service_id == "enable":
                service["status"], service["disabled_reason"] = "enabled", None
            elif service_id in ("disable", "disable-log-reason"):
                service["status"] = "disabled"
                service["disabled_reason"] = body.get("disabled_reason")
            elif service_id == "force-down" and request.at_least("2.11"):
                service["forced_down"] = bool(body.get("forced_down"))
            else:
                raise fakes.Fault(404, f"Unknown action {service_id}")
            view = {
                "host": service["host"],
                "binary": service["binary"],
                "status": service["status"],
            }
            if service["disabled_reason"]:
                view["disabled_reason"] = service["disabled_reason"]
            return {"service": view}
        service = self.services_state.get(service_id)
        if service is None:
            raise fakes.Fault(404, f"Service {service_id} not found.")
        if "status" in body:
            if body["status"] not in ("enabled", "disabled"):
                raise fakes.Fault(400, "Invalid input for field/attribute status")
            service["status"] = body["status"]
            service["disabled_reason"] = (
                body.get("disabled_reason") if body["status"] == "disabled" else None
            )
        if "forced_down" in body:
            service["forced_down"] = bool(body["forced_down"])
        return {"service": self._service_view(request, service)}

    @fakes.route("DELETE", "/v2.1/os-services/{service_id}")
    def delete_service(self, request: fakes.Request, service_id: str) -> fakes.Response:
        """Delete a service record (the fake's host keeps running its servers)."""
        self.admin_only(request, "os_compute_api:os-services:delete")
        if self.services_state.pop(service_id, None) is None:
            raise fakes.Fault(404, f"Service {service_id} not found.")
        return fakes.Response.empty()

    # -- aggregates -------------------------------------------------------------------

    def _aggregate_view(self, request: fakes.Request, aggregate: dict[str, Any]) -> dict[str, Any]:
        view = {
            "id": aggregate["id"],
            "name": aggregate["name"],
            "availability_zone": aggregate["availability_zone"],
            "hosts": list(aggregate["hosts"]),
            "metadata": dict(aggregate["metadata"]),
            "created_at": _time(aggregate["created_at"]),
            "updated_at": _time(aggregate["updated_at"]),
            "deleted_at": None,
            "deleted": False,
        }
        if request.at_least("2.41"):
            view["uuid"] = aggregate["uuid"]
        return {"aggregate": view}

    def _aggregate(self, request: fakes.Request, aggregate_id: str) -> dict[str, Any]:
        self.admin_only(request, "os_compute_api:os-aggregates:show")
        if not aggregate_id.isdigit():
            raise fakes.Fault(
                400,
                f"Invalid input for field/attribute id. Value: {aggregate_id}. "
                "It must be an integer",
            )
        aggregate = self.aggregates.get(aggregate_id)
        if aggregate is None:
            raise fakes.Fault(404, f"Aggregate {aggregate_id} could not be found.")
        return aggregate

    @fakes.route("GET", "/v2.1/os-aggregates")
    def list_aggregates(self, request: fakes.Request) -> dict[str, Any]:
        """Every aggregate."""
        self.admin_only(request, "os_compute_api:os-aggregates:index")
        return {
            "aggregates": [
                self._aggregate_view(request, a)["aggregate"] for a in self.aggregates.values()
            ]
        }

    @fakes.route("POST", "/v2.1/os-aggregates")
    def create_aggregate(self, request: fakes.Request) -> dict[str, Any]:
        """Create an aggregate: ``name``, optional ``availability_zone``."""
        self.admin_only(request, "os_compute_api:os-aggregates:create")
        spec = request.json_object("aggregate")
        name = spec.get("name")
        if not isinstance(name, str) or not name:
            raise fakes.Fault(400, "Invalid input for field/attribute name: a name is required")
        if any(a["name"] == name for a in self.aggregates.values()):
            raise fakes.Fault(409, f"Aggregate {name} already exists.")
        self.counters["aggregate"] += 1
        now = self.now()
        aggregate: dict[str, Any] = {
            "id": self.counters["aggregate"],
            "uuid": fakes.new_id(),
            "name": name,
            "availability_zone": spec.get("availability_zone"),
            "hosts": [],
            "metadata": (
                {"availability_zone": spec["availability_zone"]}
                if spec.get("availability_zone")
                else {}
            ),
            "created_at": now,
            "updated_at": None,
        }
        self.aggregates[str(aggregate["id"])] = aggregate
        return self._aggregate_view(request, aggregate)

    @fakes.route("GET", "/v2.1/os-aggregates/{aggregate_id}")
    def get_aggregate(self, request: fakes.Request, aggregate_id: str) -> dict[str, Any]:
        """One aggregate, by its integer id."""
        return self._aggregate_view(request, self._aggregate(request, aggregate_id))

    @fakes.route("PUT", "/v2.1/os-aggregates/{aggregate_id}")
    def update_aggregate(self, request: fakes.Request, aggregate_id: str) -> dict[str, Any]:
        """Rename, or change the availability zone."""
        aggregate = self._aggregate(request, aggregate_id)
        spec = request.json_object("aggregate")
        for key in ("name", "availability_zone"):
            if key in spec:
                aggregate[key] = spec[key]
        aggregate["updated_at"] = self.now()
        return self._aggregate_view(request, aggregate)

    @fakes.route("DELETE", "/v2.1/os-aggregates/{aggregate_id}")
    def delete_aggregate(self, request: fakes.Request, aggregate_id: str) -> fakes.Response:
        """Delete an aggregate that has no hosts."""
        aggregate = self._aggregate(request, aggregate_id)
        if aggregate["hosts"]:
            raise fakes.Fault(400, f"Aggregate {aggregate_id} has hosts; remove them first")
        del self.aggregates[aggregate_id]
        return fakes.Response.empty(200)

    @fakes.route("POST", "/v2.1/os-aggregates/{aggregate_id}/action")
    def aggregate_action(self, request: fakes.Request, aggregate_id: str) -> dict[str, Any]:
        """add_host, remove_host and set_metadata (a null value removes a key)."""
        aggregate = self._aggregate(request, aggregate_id)
        body = request.json_object()
        hosts = {s["host"] for s in self.services_state.values()}
        if "add_host" in body:
            host = (body["add_host"] or {}).get("host")
            if host not in hosts:
                raise fakes.Fault(404, f"Compute host {host} could not be found.")
            if host in aggregate["hosts"]:
                raise fakes.Fault(409, f"Aggregate {aggregate_id} already has host {host}.")
            aggregate["hosts"].append(host)
        elif "remove_host" in body:
            host = (body["remove_host"] or {}).get("host")
            if host not in aggregate["hosts"]:
                raise fakes.Fault(404, f"Cannot remove host {host} in aggregate {aggregate_id}")
            aggregate["hosts"].remove(host)
        elif "set_metadata" in body:
            for key, value in ((body["set_metadata"] or {}).get("metadata") or {}).items():
                if value is None:
                    aggregate["metadata"].pop(key, None)
                else:
                    aggregate["metadata"][key] = str(value)
        else:
            raise fakes.Fault(400, f"There is no such action: {', '.join(body)}")
        aggregate["updated_at"] = self.now()
        return self._aggregate_view(request, aggregate)

    # -- migrations -------------------------------------------------------------------

    @fakes.route("GET", "/v2.1/os-migrations")
    def list_migrations(self, request: fakes.Request) -> dict[str, Any]:
        """Every migration (resizes here), newest first, with Nova's filters."""
        self.admin_only(request, "os_compute_api:os-migrations:index")
        self.live_servers()
        filters = {
            "instance_uuid": request.arg("instance_uuid"),
            "status": request.arg("status"),
            "migration_type": request.arg("migration_type"),
            "source_compute": request.arg("source_compute"),
            "project_id": request.arg("project_id"),
            "user_id": request.arg("user_id"),
        }
        found = [
            m
            for m in reversed(self.migrations)
            if all(v is None or str(m.get(k)) == v for k, v in filters.items())
        ]
        views = []
        for migration in found:
            view = {k: v for k, v in migration.items() if k != "on_settle"}
            view["created_at"] = _time(migration["created_at"])
            view["updated_at"] = _time(migration["updated_at"])
            if not request.at_least("2.59"):
                view.pop("uuid")
            if not request.at_least("2.80"):
                view.pop("project_id")
                view.pop("user_id")
            if not request.at_least("2.23"):
                view.pop("migration_type")
            views.append(view)
        return {"migrations": views}

    # -- the image proxy (up to 2.35) -------------------------------------------------

    @fakes.route("GET", "/v2.1/images/{image_id}")
    def get_image(self, request: fakes.Request, image_id: str) -> dict[str, Any]:
        """An image as Nova's deprecated proxy shows it (the image fake's record)."""
        if request.at_least("2.36"):
            raise fakes.Fault(404, "The resource could not be found.")
        answer = self.call(request, "image", "GET", f"/v2/images/{image_id}")
        if answer is None or answer.status != 200:
            raise fakes.Fault(404, f"Image {image_id} could not be found.")
        image = answer.json_body()
        status = {"active": "ACTIVE", "queued": "SAVING", "saving": "SAVING"}.get(
            image.get("status"), "ERROR" if image.get("status") == "killed" else "DELETED"
        )
        known = {
            "id",
            "name",
            "status",
            "min_disk",
            "min_ram",
            "size",
            "created_at",
            "updated_at",
            "self",
            "file",
            "schema",
            "checksum",
            "os_hash_algo",
            "os_hash_value",
            "visibility",
            "protected",
            "tags",
            "owner",
            "disk_format",
            "container_format",
            "virtual_size",
            "os_hidden",
            "stores",
            "locations",
        }
        return {
            "image": {
                "id": image["id"],
                "name": image.get("name"),
                "status": status,
                "progress": 100 if status == "ACTIVE" else 25,
                "minDisk": image.get("min_disk", 0),
                "minRam": image.get("min_ram", 0),
                "OS-EXT-IMG-SIZE:size": image.get("size"),
                "created": image.get("created_at"),
                "updated": image.get("updated_at"),
                "metadata": {k: v for k, v in image.items() if k not in known},
                "links": self.links(request, "images", image["id"]),
            }
        }
