"""Keystone's catalog administration for the fake Keystone: regions, services and
endpoints (admin only), so that a local cloud's catalog can also list services it does
not fake, such as a real service or a stub of a test, as Keystone lists them.

The fakes' own services and endpoints are listed too (with stable ids) but cannot be
deleted: the local cloud serves them.
"""

from __future__ import annotations

import uuid
from typing import Any

from openstack_core._local.http import Fault, Request, Response
from openstack_core._local.service import FakeService, route

__all__ = ["CatalogAdmin"]

_INTERFACES = ("public", "internal", "admin")


def _forbidden(action: str) -> Fault:
    return Fault(403, f"You are not authorized to perform the requested action: {action}.")


class CatalogAdmin(FakeService):
    """``/v3/regions``, ``/v3/services`` and ``/v3/endpoints`` of the fake Keystone."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.regions: dict[str, dict[str, Any]] = {}
        self.services: dict[str, dict[str, Any]] = {}
        self.endpoints: dict[str, dict[str, Any]] = {}

    def registered_catalog(self) -> list[dict[str, Any]]:
        """The registered services with their enabled endpoints, as a token lists them."""
        catalog = []
        for service in self.services.values():
            endpoints = [
                {
                    "id": e["id"],
                    "interface": e["interface"],
                    "region": e["region_id"],
                    "region_id": e["region_id"],
                    "url": e["url"],
                }
                for e in self.endpoints.values()
                if e["service_id"] == service["id"] and e["enabled"]
            ]
            if endpoints and service["enabled"]:
                catalog.append(
                    {
                        "id": service["id"],
                        "type": service["type"],
                        "name": service["name"],
                        "endpoints": endpoints,
                    }
                )
        return catalog

    def _builtin(self) -> list[dict[str, Any]]:
        return self._context.cloud.served_catalog()

    @staticmethod
    def _admin(request: Request, action: str) -> None:
        if not request.is_admin:
            raise _forbidden(f"identity:{action}")

    def _spec(self, request: Request, key: str, required: tuple[str, ...]) -> dict[str, Any]:
        spec = request.json_object(key)
        for name in required:
            if not spec.get(name):
                raise Fault(400, f"'{name}' is a required property")
        return spec

    # -- regions ----------------------------------------------------------------------

    def _region_view(self, request: Request, region: dict[str, Any]) -> dict[str, Any]:
        return {**region, "links": {"self": request.link(f"/v3/regions/{region['id']}")}}

    @route("GET", "/v3/regions")
    def list_regions(self, request: Request) -> dict[str, Any]:
        """RegionOne and the registered regions."""
        regions = [{"id": "RegionOne", "description": "", "parent_region_id": None}]
        regions += list(self.regions.values())
        return {
            "regions": [self._region_view(request, r) for r in regions],
            "links": {"self": request.url, "next": None, "previous": None},
        }

    @route("POST", "/v3/regions")
    def create_region(self, request: Request) -> Response:
        """Register a region (admin)."""
        self._admin(request, "create_region")
        spec = self._spec(request, "region", ("id",))
        if spec["id"] == "RegionOne" or spec["id"] in self.regions:
            raise Fault(
                409, f"Conflict occurred attempting to store region - Duplicate ID, {spec['id']}."
            )
        region = {
            "id": str(spec["id"]),
            "description": spec.get("description", ""),
            "parent_region_id": spec.get("parent_region_id"),
        }
        self.regions[region["id"]] = region
        return Response.json({"region": self._region_view(request, region)}, 201)

    @route("DELETE", "/v3/regions/{region_id}")
    def delete_region(self, request: Request, region_id: str) -> None:
        """Remove a registered region (admin)."""
        self._admin(request, "delete_region")
        if self.regions.pop(region_id, None) is None:
            raise Fault(404, f"Could not find region: {region_id}.")

    # -- services ---------------------------------------------------------------------

    def _service_view(self, request: Request, service: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": service["id"],
            "type": service["type"],
            "name": service.get("name"),
            "description": service.get("description", ""),
            "enabled": service.get("enabled", True),
            "links": {"self": request.link(f"/v3/services/{service['id']}")},
        }

    @route("GET", "/v3/services")
    def list_services(self, request: Request) -> dict[str, Any]:
        """The fakes' services and the registered ones (``?type=``)."""
        self._admin(request, "list_services")
        services = [*self._builtin(), *self.services.values()]
        wanted = request.arg("type")
        return {
            "services": [
                self._service_view(request, s) for s in services if wanted in (None, s["type"])
            ],
            "links": {"self": request.url, "next": None, "previous": None},
        }

    @route("POST", "/v3/services")
    def create_service(self, request: Request) -> Response:
        """Register a service (admin)."""
        self._admin(request, "create_service")
        spec = self._spec(request, "service", ("type",))
        service = {
            "id": uuid.uuid4().hex,
            "type": str(spec["type"]),
            "name": spec.get("name"),
            "description": spec.get("description", ""),
            "enabled": bool(spec.get("enabled", True)),
        }
        self.services[service["id"]] = service
        return Response.json({"service": self._service_view(request, service)}, 201)

    @route("DELETE", "/v3/services/{service_id}")
    def delete_service(self, request: Request, service_id: str) -> None:
        """Remove a registered service and its endpoints (admin)."""
        self._admin(request, "delete_service")
        if service_id not in self.services:
            if any(s["id"] == service_id for s in self._builtin()):
                raise Fault(403, "The local cloud serves this service; it cannot be deleted.")
            raise Fault(404, f"Could not find service: {service_id}.")
        del self.services[service_id]
        for endpoint_id, endpoint in list(self.endpoints.items()):
            if endpoint["service_id"] == service_id:
                del self.endpoints[endpoint_id]

    # -- endpoints --------------------------------------------------------------------

    def _endpoint_view(self, request: Request, endpoint: dict[str, Any]) -> dict[str, Any]:
        return {
            **endpoint,
            "region": endpoint["region_id"],
            "links": {"self": request.link(f"/v3/endpoints/{endpoint['id']}")},
        }

    @route("GET", "/v3/endpoints")
    def list_endpoints(self, request: Request) -> dict[str, Any]:
        """The fakes' endpoints and the registered ones (``?service_id=``,
        ``?interface=``, ``?region_id=``)."""
        self._admin(request, "list_endpoints")
        endpoints = [
            {**e, "service_id": s["id"], "enabled": True}
            for s in self._builtin()
            for e in s["endpoints"]
        ]
        endpoints += list(self.endpoints.values())
        filters = {k: request.arg(k) for k in ("service_id", "interface", "region_id")}
        return {
            "endpoints": [
                self._endpoint_view(request, e)
                for e in endpoints
                if all(v is None or e.get(k) == v for k, v in filters.items())
            ],
            "links": {"self": request.url, "next": None, "previous": None},
        }

    @route("POST", "/v3/endpoints")
    def create_endpoint(self, request: Request) -> Response:
        """Register an endpoint of a registered service (admin)."""
        self._admin(request, "create_endpoint")
        spec = self._spec(request, "endpoint", ("service_id", "interface", "url"))
        if spec["service_id"] not in self.services:
            raise Fault(400, f"Could not find service: {spec['service_id']}.")
        if spec["interface"] not in _INTERFACES:
            raise Fault(400, f"'{spec['interface']}' is not one of {list(_INTERFACES)}")
        region = str(spec.get("region_id") or spec.get("region") or "RegionOne")
        if region != "RegionOne" and region not in self.regions:
            raise Fault(400, f"Could not find region: {region}.")
        endpoint = {
            "id": uuid.uuid4().hex,
            "service_id": spec["service_id"],
            "interface": spec["interface"],
            "url": str(spec["url"]),
            "region_id": region,
            "enabled": bool(spec.get("enabled", True)),
        }
        self.endpoints[endpoint["id"]] = endpoint
        return Response.json({"endpoint": self._endpoint_view(request, endpoint)}, 201)

    @route("DELETE", "/v3/endpoints/{endpoint_id}")
    def delete_endpoint(self, request: Request, endpoint_id: str) -> None:
        """Remove a registered endpoint (admin)."""
        self._admin(request, "delete_endpoint")
        if self.endpoints.pop(endpoint_id, None) is None:
            raise Fault(404, f"Could not find endpoint: {endpoint_id}.")

    # -- state ------------------------------------------------------------------------

    def dump_catalog(self) -> dict[str, Any]:
        """The registered regions, services and endpoints."""
        return {"regions": self.regions, "services": self.services, "endpoints": self.endpoints}

    def load_catalog(self, data: dict[str, Any]) -> None:
        """Take the registered regions, services and endpoints back."""
        self.regions = dict(data.get("regions", {}))
        self.services = dict(data.get("services", {}))
        self.endpoints = dict(data.get("endpoints", {}))
