"""Keystone's catalog administration for the fake Keystone: regions, services and
endpoints (admin only), so that a local cloud's catalog can also list services it does
not fake, such as a real service or a stub of a test, as Keystone lists them.

The fakes' own services and endpoints are listed too (with stable ids) but cannot be
changed or deleted: the local cloud serves them. Deleting a region deletes the regions
below it, as Keystone's SQL backend does.
"""

from __future__ import annotations

import uuid
from typing import Any

from openstack_core._local.http import Fault, Request, Response
from openstack_core._local.service import FakeService, paginate, route

__all__ = ["CatalogAdmin"]

_INTERFACES = ("public", "internal", "admin")
_REGION = "RegionOne"
_SERVED = "The local cloud serves this service; it cannot be changed or deleted."


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
    def collection(request: Request, key: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        """A collection as Keystone answers it: all of it, or with ``?limit=`` (and
        ``?marker=``, an id) one page, ``links.next`` and ``truncated`` after a full
        page."""
        page = paginate(
            items,
            request,
            missing_marker=lambda m: Fault(404, f"Marker {m} could not be found."),
        )
        links = {"self": request.url, "next": page.next_link(request), "previous": None}
        answer: dict[str, Any] = {key: page.items, "links": links}
        if page.next_marker is not None:
            answer["truncated"] = True
        return answer

    @staticmethod
    def _admin(request: Request, action: str) -> None:
        if not request.is_admin:
            raise _forbidden(f"identity:{action}")

    @staticmethod
    def _spec(request: Request, key: str, required: tuple[str, ...] = ()) -> dict[str, Any]:
        spec = request.json_object(key)
        for name in required:
            if not spec.get(name):
                raise Fault(400, f"'{name}' is a required property")
        return spec

    # -- regions ----------------------------------------------------------------------

    def _all_regions(self) -> list[dict[str, Any]]:
        builtin = {"id": _REGION, "description": "", "parent_region_id": None}
        return [builtin, *self.regions.values()]

    def _region(self, region_id: str) -> dict[str, Any]:
        for region in self._all_regions():
            if region["id"] == region_id:
                return region
        raise Fault(404, f"Could not find region: {region_id}.")

    @staticmethod
    def _region_view(request: Request, region: dict[str, Any]) -> dict[str, Any]:
        return {**region, "links": {"self": request.link(f"/v3/regions/{region['id']}")}}

    @route("GET", "/v3/regions")
    def list_regions(self, request: Request) -> dict[str, Any]:
        """RegionOne and the registered regions (``?parent_region_id=``)."""
        parent = request.arg("parent_region_id")
        regions = [
            self._region_view(request, r)
            for r in self._all_regions()
            if parent is None or r["parent_region_id"] == parent
        ]
        return self.collection(request, "regions", regions)

    @route("GET", "/v3/regions/{region_id}")
    def get_region(self, request: Request, region_id: str) -> dict[str, Any]:
        """One region."""
        return {"region": self._region_view(request, self._region(region_id))}

    @route("POST", "/v3/regions")
    def create_region(self, request: Request) -> Response:
        """Register a region (admin); its id is given or made up."""
        self._admin(request, "create_region")
        spec = self._spec(request, "region")
        region_id = str(spec.get("id") or uuid.uuid4().hex)
        if any(r["id"] == region_id for r in self._all_regions()):
            raise Fault(
                409, f"Conflict occurred attempting to store region - Duplicate ID, {region_id}."
            )
        parent = spec.get("parent_region_id")
        if parent is not None:
            self._region(str(parent))
        region = {
            "id": region_id,
            "description": spec.get("description") or "",
            "parent_region_id": parent,
        }
        self.regions[region_id] = region
        return Response.json({"region": self._region_view(request, region)}, 201)

    @route("PATCH", "/v3/regions/{region_id}")
    def update_region(self, request: Request, region_id: str) -> dict[str, Any]:
        """Change a registered region's description or parent (admin)."""
        self._admin(request, "update_region")
        region = self.regions.get(region_id)
        if region is None:
            self._region(region_id)  # 404, or RegionOne, which the local cloud keeps
            raise Fault(403, _SERVED)
        spec = self._spec(request, "region")
        if spec.get("parent_region_id") is not None:
            self._region(str(spec["parent_region_id"]))
        for key in ("description", "parent_region_id"):
            if key in spec:
                region[key] = spec[key] if key != "description" else spec[key] or ""
        return {"region": self._region_view(request, region)}

    @route("DELETE", "/v3/regions/{region_id}")
    def delete_region(self, request: Request, region_id: str) -> None:
        """Remove a registered region and the regions below it (admin)."""
        self._admin(request, "delete_region")
        if region_id not in self.regions:
            self._region(region_id)
            raise Fault(403, _SERVED)
        doomed = [region_id]
        for current in doomed:
            doomed.extend(
                r["id"] for r in self.regions.values() if r["parent_region_id"] == current
            )
        for gone in doomed:
            self.regions.pop(gone, None)

    # -- services ---------------------------------------------------------------------

    @staticmethod
    def _service_view(request: Request, service: dict[str, Any]) -> dict[str, Any]:
        return {
            **{k: v for k, v in service.items() if k != "endpoints"},
            "name": service.get("name"),
            "description": service.get("description", ""),
            "enabled": service.get("enabled", True),
            "links": {"self": request.link(f"/v3/services/{service['id']}")},
        }

    def _service(self, service_id: str) -> dict[str, Any]:
        for service in [*self._builtin(), *self.services.values()]:
            if service["id"] == service_id:
                return service
        raise Fault(404, f"Could not find service: {service_id}.")

    def _registered_service(self, service_id: str) -> dict[str, Any]:
        service = self.services.get(service_id)
        if service is None:
            self._service(service_id)
            raise Fault(403, _SERVED)
        return service

    @route("GET", "/v3/services")
    def list_services(self, request: Request) -> dict[str, Any]:
        """The fakes' services and the registered ones (``?type=``, ``?name=``)."""
        self._admin(request, "list_services")
        wanted = {k: request.arg(k) for k in ("type", "name")}
        services = [
            self._service_view(request, s)
            for s in [*self._builtin(), *self.services.values()]
            if all(v is None or s.get(k) == v for k, v in wanted.items())
        ]
        return self.collection(request, "services", services)

    @route("GET", "/v3/services/{service_id}")
    def get_service(self, request: Request, service_id: str) -> dict[str, Any]:
        """One service (admin)."""
        self._admin(request, "get_service")
        return {"service": self._service_view(request, self._service(service_id))}

    @route("POST", "/v3/services")
    def create_service(self, request: Request) -> Response:
        """Register a service (admin)."""
        self._admin(request, "create_service")
        spec = self._spec(request, "service", ("type",))
        service = {
            **{k: v for k, v in spec.items() if k not in ("id", "links")},
            "id": uuid.uuid4().hex,
            "type": str(spec["type"]),
            "name": spec.get("name", ""),
            "enabled": bool(spec.get("enabled", True)),
        }
        self.services[service["id"]] = service
        return Response.json({"service": self._service_view(request, service)}, 201)

    @route("PATCH", "/v3/services/{service_id}")
    def update_service(self, request: Request, service_id: str) -> dict[str, Any]:
        """Change a registered service (admin)."""
        self._admin(request, "update_service")
        service = self._registered_service(service_id)
        spec = self._spec(request, "service")
        service.update({k: v for k, v in spec.items() if k not in ("id", "links")})
        service["enabled"] = bool(service.get("enabled", True))
        return {"service": self._service_view(request, service)}

    @route("DELETE", "/v3/services/{service_id}")
    def delete_service(self, request: Request, service_id: str) -> None:
        """Remove a registered service and its endpoints (admin)."""
        self._admin(request, "delete_service")
        self._registered_service(service_id)
        del self.services[service_id]
        for endpoint_id, endpoint in list(self.endpoints.items()):
            if endpoint["service_id"] == service_id:
                del self.endpoints[endpoint_id]

    # -- endpoints --------------------------------------------------------------------

    @staticmethod
    def _endpoint_view(request: Request, endpoint: dict[str, Any]) -> dict[str, Any]:
        return {
            **endpoint,
            "region": endpoint["region_id"],
            "links": {"self": request.link(f"/v3/endpoints/{endpoint['id']}")},
        }

    def _all_endpoints(self) -> list[dict[str, Any]]:
        served = [
            {**e, "service_id": s["id"], "enabled": True}
            for s in self._builtin()
            for e in s["endpoints"]
        ]
        return [*served, *self.endpoints.values()]

    def _endpoint(self, endpoint_id: str) -> dict[str, Any]:
        for endpoint in self._all_endpoints():
            if endpoint["id"] == endpoint_id:
                return endpoint
        raise Fault(404, f"Could not find endpoint: {endpoint_id}.")

    def _checked_endpoint(self, spec: dict[str, Any], endpoint: dict[str, Any]) -> None:
        """Apply ``spec`` to ``endpoint``, as Keystone validates it."""
        if "service_id" in spec:
            if spec["service_id"] not in self.services:
                raise Fault(400, f"Could not find service: {spec['service_id']}.")
            endpoint["service_id"] = spec["service_id"]
        if "interface" in spec:
            if spec["interface"] not in _INTERFACES:
                raise Fault(400, f"'{spec['interface']}' is not one of {list(_INTERFACES)}")
            endpoint["interface"] = spec["interface"]
        region = spec.get("region_id") or spec.get("region")
        if region is not None:
            if not any(r["id"] == region for r in self._all_regions()):
                raise Fault(
                    400,
                    "Expecting to find endpoint region_id in region table. The server could "
                    "not comply with the request since it is either malformed or otherwise "
                    "incorrect. The client is assumed to be in error.",
                )
            endpoint["region_id"] = str(region)
        if "url" in spec:
            endpoint["url"] = str(spec["url"])
        if "enabled" in spec:
            endpoint["enabled"] = bool(spec["enabled"])

    @route("GET", "/v3/endpoints")
    def list_endpoints(self, request: Request) -> dict[str, Any]:
        """The fakes' endpoints and the registered ones (``?service_id=``,
        ``?interface=``, ``?region_id=``)."""
        self._admin(request, "list_endpoints")
        filters = {k: request.arg(k) for k in ("service_id", "interface", "region_id")}
        endpoints = [
            self._endpoint_view(request, e)
            for e in self._all_endpoints()
            if all(v is None or e.get(k) == v for k, v in filters.items())
        ]
        return self.collection(request, "endpoints", endpoints)

    @route("GET", "/v3/endpoints/{endpoint_id}")
    def get_endpoint(self, request: Request, endpoint_id: str) -> dict[str, Any]:
        """One endpoint (admin)."""
        self._admin(request, "get_endpoint")
        return {"endpoint": self._endpoint_view(request, self._endpoint(endpoint_id))}

    @route("POST", "/v3/endpoints")
    def create_endpoint(self, request: Request) -> Response:
        """Register an endpoint of a registered service (admin)."""
        self._admin(request, "create_endpoint")
        spec = self._spec(request, "endpoint", ("service_id", "interface", "url"))
        endpoint: dict[str, Any] = {"id": uuid.uuid4().hex, "region_id": _REGION, "enabled": True}
        self._checked_endpoint(spec, endpoint)
        self.endpoints[endpoint["id"]] = endpoint
        return Response.json({"endpoint": self._endpoint_view(request, endpoint)}, 201)

    @route("PATCH", "/v3/endpoints/{endpoint_id}")
    def update_endpoint(self, request: Request, endpoint_id: str) -> dict[str, Any]:
        """Change a registered endpoint (admin)."""
        self._admin(request, "update_endpoint")
        endpoint = self.endpoints.get(endpoint_id)
        if endpoint is None:
            self._endpoint(endpoint_id)
            raise Fault(403, _SERVED)
        self._checked_endpoint(self._spec(request, "endpoint"), endpoint)
        return {"endpoint": self._endpoint_view(request, endpoint)}

    @route("DELETE", "/v3/endpoints/{endpoint_id}")
    def delete_endpoint(self, request: Request, endpoint_id: str) -> None:
        """Remove a registered endpoint (admin)."""
        self._admin(request, "delete_endpoint")
        if self.endpoints.pop(endpoint_id, None) is None:
            self._endpoint(endpoint_id)
            raise Fault(403, _SERVED)

    # -- state ------------------------------------------------------------------------

    def dump_catalog(self) -> dict[str, Any]:
        """The registered regions, services and endpoints."""
        return {"regions": self.regions, "services": self.services, "endpoints": self.endpoints}

    def load_catalog(self, data: dict[str, Any]) -> None:
        """Take the registered regions, services and endpoints back."""
        self.regions = dict(data.get("regions", {}))
        self.services = dict(data.get("services", {}))
        self.endpoints = dict(data.get("endpoints", {}))
