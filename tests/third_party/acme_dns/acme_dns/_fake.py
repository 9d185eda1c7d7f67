"""Acme DNS in memory, for the local cloud: a third party ships a fake as the
service plugins do (entry point ``dns.v2`` under ``openstack_core.fakes``).

It answers as Acme's service does: zones under ``/v2/<project_id>``, single objects
wrapped in ``{"result": ...}``, record sets paged by ``page.next_marker``, errors as
``{"error_code": "DNS.0302", "error_msg": ...}`` with status 400 for a missing zone.
A new zone gets its SOA and NS record sets, as DNS services create them.
"""

from __future__ import annotations

from typing import Any

from openstack_core import fakes


class Fake(fakes.FakeService):
    """Zones and record sets of Acme DNS, per project."""

    service_type = "dns"
    api_version = 2
    plugin_api_version = "2.0"
    prefix = "acme-dns"
    catalog_name = "acme-dns"

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.zones: dict[str, dict[str, Any]] = {}

    def error(
        self, request: fakes.Request, status: int, message: str, **details: Any
    ) -> fakes.Response:
        """Acme's error body: ``{"error_code", "error_msg"}``."""
        code = details.get("code", f"DNS.{status:04d}")
        return fakes.Response.json({"error_code": code, "error_msg": message}, status)

    def _zone(self, request: fakes.Request, project_id: str, zone_id: str) -> dict[str, Any]:
        if project_id != request.project_id:
            raise fakes.Fault(403, "The project in the URL is not the token's", code="DNS.0403")
        zone = self.zones.get(zone_id)
        if zone is None or zone["project_id"] != project_id:
            raise fakes.Fault(400, "The zone does not exist.", code="DNS.0302")
        return zone

    @fakes.route("GET", "/v2/{project_id}/zones")
    def list_zones(self, request: fakes.Request, project_id: str) -> dict[str, Any]:
        """The project's zones."""
        zones = [z for z in self.zones.values() if z["project_id"] == project_id]
        return {"zones": [{k: v for k, v in z.items() if k != "recordsets"} for z in zones]}

    @fakes.route("POST", "/v2/{project_id}/zones")
    def create_zone(self, request: fakes.Request, project_id: str) -> fakes.Response:
        """Create a zone with its SOA and NS record sets."""
        if project_id != request.project_id:
            raise fakes.Fault(403, "The project in the URL is not the token's", code="DNS.0403")
        body = request.json_object()
        zone: dict[str, Any] = {
            "id": fakes.new_id(),
            "name": body.get("name"),
            "email": body.get("email"),
            "ttl": int(body.get("ttl", 3600)),
            "project_id": project_id,
        }
        zone["recordsets"] = [
            {"id": fakes.new_id(), "type": kind, "records": [f"ns1.acme.example. {zone['email']}"]}
            for kind in ("SOA", "NS")
        ]
        self.zones[zone["id"]] = zone
        shown = {k: v for k, v in zone.items() if k != "recordsets"}
        return fakes.Response.json({"result": shown}, 201)

    @fakes.route("GET", "/v2/{project_id}/zones/{zone_id}")
    def get_zone(self, request: fakes.Request, project_id: str, zone_id: str) -> dict[str, Any]:
        """One zone, wrapped in ``result``."""
        zone = self._zone(request, project_id, zone_id)
        return {"result": {k: v for k, v in zone.items() if k != "recordsets"}}

    @fakes.route("POST", "/v2/{project_id}/zones/{zone_id}/tasks/abandon")
    def abandon_zone(self, request: fakes.Request, project_id: str, zone_id: str) -> None:
        """Forget the zone (it stays on the name servers)."""
        del self.zones[self._zone(request, project_id, zone_id)["id"]]

    @fakes.route("GET", "/v2/{project_id}/zones/{zone_id}/recordsets")
    def list_recordsets(
        self, request: fakes.Request, project_id: str, zone_id: str
    ) -> dict[str, Any]:
        """A zone's record sets, paged with Acme's ``page.next_marker``."""
        zone = self._zone(request, project_id, zone_id)
        page = fakes.paginate(zone["recordsets"], request)
        return {"recordsets": page.items, "page": {"next_marker": page.next_marker}}

    def dump_state(self) -> Any:
        """The zones and their record sets."""
        return self.zones

    def load_state(self, data: Any) -> None:
        """The zones back."""
        self.zones = dict(data)
