"""Flavors (with access and extra specs), keypairs, limits, availability zones,
server groups and quota sets."""

from __future__ import annotations

import re
from typing import Any

from openstack_compute.v2._fake._base import DEFAULT_QUOTAS, LEGACY_QUOTAS
from openstack_compute.v2._fake._views import Views
from openstack_core import fakes

_KEYPAIR_NAME = re.compile(r"^[a-zA-Z0-9 _.@-]{1,255}$")
_POLICIES = ("affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity")


def _time(seconds: float | None) -> str | None:
    return fakes.isotime(seconds, micro=True, zulu=False) if seconds is not None else None


class CatalogRoutes(Views):
    """What a project boots servers with, and what it may use."""

    # -- flavors ----------------------------------------------------------------------

    def _flavors_listed(self, request: fakes.Request) -> list[dict[str, Any]]:
        flavors = list(self.flavors.values())
        if request.is_admin:
            text = request.arg("is_public")
            if text is None or text.lower() in ("true", "t", "1", "yes", "y", "on"):
                wanted: bool | None = True
            elif text.lower() == "none":
                wanted = None
            elif text.lower() in ("false", "f", "0", "no", "n", "off"):
                wanted = False
            else:
                raise fakes.Fault(400, f"Invalid is_public filter [{text}]")
        else:
            wanted = True
        if wanted is not None:
            flavors = [
                f
                for f in flavors
                if f["is_public"] == wanted or (wanted and request.project_id in f["access"])
            ]
        for key, field in (("minRam", "ram"), ("minDisk", "disk")):
            text = request.arg(key)
            if text is not None:
                if not text.isdigit():
                    raise fakes.Fault(400, f"Invalid {key} filter [{text}]")
                flavors = [f for f in flavors if f[field] >= int(text)]
        name = request.arg("name")
        if name is not None:
            flavors = [f for f in flavors if self.name_matches(name, f["name"])]
        key = {"flavorid": "id", "memory_mb": "ram", "root_gb": "disk"}.get(
            request.arg("sort_key") or "flavorid", request.arg("sort_key") or "id"
        )
        flavors.sort(
            key=lambda f: (str(type(f.get(key))), f.get(key)),
            reverse=request.arg("sort_dir") == "desc",
        )
        return flavors

    def _flavor_listing(self, request: fakes.Request, detail: bool) -> dict[str, Any]:
        page = fakes.paginate(
            self._flavors_listed(request), request, max_limit=int(self.settings["max_limit"])
        )
        answer: dict[str, Any] = {
            "flavors": [self.flavor_view(request, f, detail=detail) for f in page.items]
        }
        link = page.next_link(request)
        if link is not None:
            answer["flavors_links"] = [{"rel": "next", "href": link}]
        return answer

    @fakes.route("GET", "/v2.1/flavors")
    def list_flavors(self, request: fakes.Request) -> dict[str, Any]:
        """Ids, names and links of the flavors the caller may use."""
        return self._flavor_listing(request, False)

    @fakes.route("GET", "/v2.1/flavors/detail")
    def list_flavors_detail(self, request: fakes.Request) -> dict[str, Any]:
        """The flavors the caller may use, in full."""
        return self._flavor_listing(request, True)

    @fakes.route("GET", "/v2.1/flavors/{flavor_id}")
    def get_flavor(self, request: fakes.Request, flavor_id: str) -> dict[str, Any]:
        """One flavor."""
        return {"flavor": self.flavor_view(request, self.find_flavor(request, flavor_id))}

    @fakes.route("POST", "/v2.1/flavors")
    def create_flavor(self, request: fakes.Request) -> dict[str, Any]:
        """Create a flavor (admin)."""
        self.admin_only(request, "os_compute_api:os-flavor-manage:create")
        spec = request.json_object("flavor")
        for key, minimum in (("ram", 1), ("vcpus", 1), ("disk", 0)):
            value = spec.get(key)
            if isinstance(value, str) and value.isdigit():
                value = int(value)
            if not isinstance(value, int) or value < minimum:
                raise fakes.Fault(
                    400,
                    f"Invalid input for field/attribute {key}. Value: "
                    f"{value!r}. It must be an integer of at least {minimum}",
                )
            spec[key] = value
        name = spec.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fakes.Fault(
                400, f"Invalid input for field/attribute name. Value: {name!r}. A name is required"
            )
        if "description" in spec and not request.at_least("2.55"):
            raise fakes.Fault(
                400, "Additional properties are not allowed ('description' was unexpected)"
            )
        if any(f["name"] == name for f in self.flavors.values()):
            raise fakes.Fault(409, f"Flavor with name {name} already exists.")
        if spec.get("id") and str(spec["id"]) in self.flavors:
            raise fakes.Fault(409, f"Flavor with ID {spec['id']} already exists.")
        return {"flavor": self.flavor_view(request, self.add_flavor(spec))}

    @fakes.route("PUT", "/v2.1/flavors/{flavor_id}")
    def update_flavor(self, request: fakes.Request, flavor_id: str) -> dict[str, Any]:
        """Change a flavor's description (admin, 2.55)."""
        if not request.at_least("2.55"):
            raise fakes.Fault(405, "The method is not allowed for this resource.")
        self.admin_only(request, "os_compute_api:os-flavor-manage:update")
        flavor = self.find_flavor(request, flavor_id)
        spec = request.json_object("flavor")
        if set(spec) != {"description"}:
            raise fakes.Fault(400, "Only the description of a flavor can be changed")
        flavor["description"] = spec["description"]
        return {"flavor": self.flavor_view(request, flavor)}

    @fakes.route("DELETE", "/v2.1/flavors/{flavor_id}")
    def delete_flavor(self, request: fakes.Request, flavor_id: str) -> fakes.Response:
        """Delete a flavor (admin); servers keep their copy."""
        self.admin_only(request, "os_compute_api:os-flavor-manage:delete")
        self.find_flavor(request, flavor_id)
        del self.flavors[flavor_id]
        return fakes.Response.empty(202)

    @fakes.route("GET", "/v2.1/flavors/{flavor_id}/os-flavor-access")
    def list_flavor_access(self, request: fakes.Request, flavor_id: str) -> dict[str, Any]:
        """The projects with access to a private flavor (admin)."""
        self.admin_only(request, "os_compute_api:os-flavor-access")
        flavor = self.find_flavor(request, flavor_id)
        if flavor["is_public"]:
            raise fakes.Fault(404, "Access list not available for public flavors.")
        return {"flavor_access": self._access(flavor)}

    @staticmethod
    def _access(flavor: dict[str, Any]) -> list[dict[str, str]]:
        return [{"flavor_id": flavor["id"], "tenant_id": p} for p in flavor["access"]]

    @fakes.route("POST", "/v2.1/flavors/{flavor_id}/action")
    def flavor_action(self, request: fakes.Request, flavor_id: str) -> dict[str, Any]:
        """addTenantAccess and removeTenantAccess (admin)."""
        body = request.json_object()
        if "addTenantAccess" in body:
            self.admin_only(request, "os_compute_api:os-flavor-access:add_tenant_access")
            flavor = self.find_flavor(request, flavor_id)
            tenant = str((body["addTenantAccess"] or {}).get("tenant"))
            if flavor["is_public"]:
                raise fakes.Fault(409, "Can not add access to a public flavor.")
            if tenant in flavor["access"]:
                raise fakes.Fault(
                    409,
                    f"Flavor access already exists for flavor {flavor_id} "
                    f"and project {tenant} combination.",
                )
            flavor["access"].append(tenant)
        elif "removeTenantAccess" in body:
            self.admin_only(request, "os_compute_api:os-flavor-access:remove_tenant_access")
            flavor = self.find_flavor(request, flavor_id)
            tenant = str((body["removeTenantAccess"] or {}).get("tenant"))
            if tenant not in flavor["access"]:
                raise fakes.Fault(
                    404, f"Flavor access not found for {flavor_id} / {tenant} combination."
                )
            flavor["access"].remove(tenant)
        else:
            raise fakes.Fault(400, f"There is no such action: {', '.join(body)}")
        return {"flavor_access": self._access(flavor)}

    @fakes.route("GET", "/v2.1/flavors/{flavor_id}/os-extra_specs")
    def list_extra_specs(self, request: fakes.Request, flavor_id: str) -> dict[str, Any]:
        """Every extra spec of a flavor."""
        return {"extra_specs": dict(self.find_flavor(request, flavor_id)["extra_specs"])}

    @fakes.route("POST", "/v2.1/flavors/{flavor_id}/os-extra_specs")
    def create_extra_specs(self, request: fakes.Request, flavor_id: str) -> dict[str, Any]:
        """Add or overwrite extra specs (admin)."""
        self.admin_only(request, "os_compute_api:os-flavor-extra-specs:create")
        flavor = self.find_flavor(request, flavor_id)
        specs = request.json_object("extra_specs")
        specs = {str(k): str(v) for k, v in specs.items()}
        flavor["extra_specs"].update(specs)
        return {"extra_specs": specs}

    @fakes.route("GET", "/v2.1/flavors/{flavor_id}/os-extra_specs/{key}")
    def get_extra_spec(self, request: fakes.Request, flavor_id: str, key: str) -> dict[str, Any]:
        """One extra spec."""
        specs = self.find_flavor(request, flavor_id)["extra_specs"]
        if key not in specs:
            raise fakes.Fault(404, f"Flavor {flavor_id} has no extra specs with key {key}.")
        return {key: specs[key]}

    @fakes.route("PUT", "/v2.1/flavors/{flavor_id}/os-extra_specs/{key}")
    def set_extra_spec(self, request: fakes.Request, flavor_id: str, key: str) -> dict[str, Any]:
        """Set one extra spec (admin): ``{key: value}``."""
        self.admin_only(request, "os_compute_api:os-flavor-extra-specs:update")
        flavor = self.find_flavor(request, flavor_id)
        body = request.json_object()
        if list(body) != [key]:
            raise fakes.Fault(400, "Request body and URI mismatch")
        flavor["extra_specs"][key] = str(body[key])
        return {key: flavor["extra_specs"][key]}

    @fakes.route("DELETE", "/v2.1/flavors/{flavor_id}/os-extra_specs/{key}")
    def delete_extra_spec(self, request: fakes.Request, flavor_id: str, key: str) -> fakes.Response:
        """Remove one extra spec (admin)."""
        self.admin_only(request, "os_compute_api:os-flavor-extra-specs:delete")
        flavor = self.find_flavor(request, flavor_id)
        if key not in flavor["extra_specs"]:
            raise fakes.Fault(404, f"Flavor {flavor_id} has no extra specs with key {key}.")
        del flavor["extra_specs"][key]
        return fakes.Response.empty(202)

    # -- limits, zones ----------------------------------------------------------------

    @fakes.route("GET", "/v2.1/limits")
    def get_limits(self, request: fakes.Request) -> dict[str, Any]:
        """Absolute limits and usage of the caller's project (another's for admins)."""
        project = str(request.project_id)
        wanted = request.arg("tenant_id")
        if wanted and wanted != project:
            self.admin_only(request, "os_compute_api:limits:other_project")
            project = wanted
        used = self.usage(project)
        absolute: dict[str, int] = {
            "maxServerMeta": self.quota(project, "metadata_items"),
            "maxTotalCores": self.quota(project, "cores"),
            "maxTotalInstances": self.quota(project, "instances"),
            "maxTotalKeypairs": self.quota(project, "key_pairs"),
            "maxTotalRAMSize": self.quota(project, "ram"),
            "maxServerGroups": self.quota(project, "server_groups"),
            "maxServerGroupMembers": self.quota(project, "server_group_members"),
            "totalCoresUsed": used["cores"],
            "totalInstancesUsed": used["instances"],
            "totalRAMUsed": used["ram"],
            "totalServerGroupsUsed": used["server_groups"],
        }
        if not request.at_least("2.39"):
            absolute["maxImageMeta"] = 128
        if not request.at_least("2.57"):
            absolute["maxPersonality"] = self.quota(project, "injected_files")
            absolute["maxPersonalitySize"] = self.quota(project, "injected_file_content_bytes")
        if not request.at_least("2.36"):
            absolute.update(
                maxSecurityGroupRules=-1,
                maxSecurityGroups=-1,
                maxTotalFloatingIps=-1,
                totalFloatingIpsUsed=0,
                totalSecurityGroupsUsed=0,
            )
        return {"limits": {"absolute": absolute, "rate": []}}

    @fakes.route("GET", "/v2.1/os-availability-zone")
    def list_zones(self, request: fakes.Request) -> dict[str, Any]:
        """The zones servers can be booted in."""
        return {
            "availabilityZoneInfo": [
                {"zoneName": z, "zoneState": {"available": True}, "hosts": None}
                for z in sorted(self.zone_names())
            ]
        }

    @fakes.route("GET", "/v2.1/os-availability-zone/detail")
    def list_zones_detail(self, request: fakes.Request) -> dict[str, Any]:
        """Zones with their hosts and services (admin)."""
        self.admin_only(request, "os_compute_api:os-availability-zone:detail")
        zones: dict[str, dict[str, dict[str, Any]]] = {}
        for service in self.services_state.values():
            zone = service["zone"]
            if zone == "nova":
                zone = next(
                    (
                        a["availability_zone"]
                        for a in self.aggregates.values()
                        if service["host"] in a["hosts"] and a["availability_zone"]
                    ),
                    "nova",
                )
            hosts = zones.setdefault(zone, {}).setdefault(service["host"], {})
            hosts[service["binary"]] = {
                "available": service["status"] == "enabled" and not service["forced_down"],
                "active": service["status"] == "enabled",
                "updated_at": fakes.isotime(self.now(), micro=True, zulu=False),
            }
        return {
            "availabilityZoneInfo": [
                {"zoneName": z, "zoneState": {"available": True}, "hosts": hosts}
                for z, hosts in sorted(zones.items())
            ]
        }

    # -- quota sets -------------------------------------------------------------------

    def _quota_names(self, request: fakes.Request) -> list[str]:
        names = [
            n
            for n in DEFAULT_QUOTAS
            if not n.startswith("injected") or not request.at_least("2.57")
        ]
        if not request.at_least("2.36"):
            names += list(LEGACY_QUOTAS)
        return names

    def _quota_value(self, project: str, name: str) -> int:
        return LEGACY_QUOTAS[name] if name in LEGACY_QUOTAS else self.quota(project, name)

    def _quota_project(self, request: fakes.Request, project: str, rule: str) -> None:
        if project != request.project_id:
            self.admin_only(request, rule)

    @fakes.route("GET", "/v2.1/os-quota-sets/{project_id}")
    def get_quota_set(self, request: fakes.Request, project_id: str) -> dict[str, Any]:
        """The project's quotas."""
        self._quota_project(request, project_id, "os_compute_api:os-quota-sets:show")
        quotas: dict[str, Any] = {
            n: self._quota_value(project_id, n) for n in self._quota_names(request)
        }
        return {"quota_set": {"id": project_id, **quotas}}

    @fakes.route("GET", "/v2.1/os-quota-sets/{project_id}/detail")
    def get_quota_set_detail(self, request: fakes.Request, project_id: str) -> dict[str, Any]:
        """The project's quotas with what it uses."""
        self._quota_project(request, project_id, "os_compute_api:os-quota-sets:detail")
        used = self.usage(project_id)
        used["key_pairs"] = 0
        quotas = {
            n: {"limit": self._quota_value(project_id, n), "in_use": used.get(n, 0), "reserved": 0}
            for n in self._quota_names(request)
        }
        return {"quota_set": {"id": project_id, **quotas}}

    @fakes.route("GET", "/v2.1/os-quota-sets/{project_id}/defaults")
    def get_quota_defaults(self, request: fakes.Request, project_id: str) -> dict[str, Any]:
        """The default quotas."""
        defaults = {**DEFAULT_QUOTAS, **self.settings["quotas"], **LEGACY_QUOTAS}
        return {
            "quota_set": {"id": project_id, **{n: defaults[n] for n in self._quota_names(request)}}
        }

    @fakes.route("PUT", "/v2.1/os-quota-sets/{project_id}")
    def update_quota_set(self, request: fakes.Request, project_id: str) -> dict[str, Any]:
        """Change quotas (admin)."""
        self.admin_only(request, "os_compute_api:os-quota-sets:update")
        spec = request.json_object("quota_set")
        overrides = self.quotas.setdefault(project_id, {})
        for name, value in spec.items():
            if name == "force":
                continue
            if name not in DEFAULT_QUOTAS or not isinstance(value, int) or value < -1:
                raise fakes.Fault(
                    400, f"Invalid input for field/attribute {name}. Value: {value!r}"
                )
            overrides[name] = value
        return {
            "quota_set": {n: self._quota_value(project_id, n) for n in self._quota_names(request)}
        }

    @fakes.route("DELETE", "/v2.1/os-quota-sets/{project_id}")
    def revert_quota_set(self, request: fakes.Request, project_id: str) -> fakes.Response:
        """Back to the defaults (admin)."""
        self.admin_only(request, "os_compute_api:os-quota-sets:delete")
        self.quotas.pop(project_id, None)
        return fakes.Response.empty(202)
