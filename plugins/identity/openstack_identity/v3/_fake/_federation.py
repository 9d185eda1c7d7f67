"""Federation (``/v3/OS-FEDERATION``): identity providers and their protocols,
mappings and service providers, each created with ``PUT`` at its own id. CRUD only:
there is no federated login."""

from __future__ import annotations

from typing import Any

from openstack_core import fakes
from openstack_identity.v3._fake._store import Store, conflict, invalid, new_id

_BASE = "/v3/OS-FEDERATION"


def _rules(value: Any) -> list[Any]:
    if not isinstance(value, list) or not all(
        isinstance(r, dict)
        and isinstance(r.get("local"), list)
        and isinstance(r.get("remote"), list)
        for r in value
    ):
        raise invalid("rules", "each rule needs a list of 'local' and a list of 'remote'")
    return value


class FederationRoutes(Store):
    """Identity providers, protocols, mappings and service providers (admin)."""

    # -- identity providers -------------------------------------------------------------------

    def idp_view(self, request: fakes.Request, idp: dict[str, Any]) -> dict[str, Any]:
        """An identity provider as Keystone shows it."""
        path = f"{_BASE}/identity_providers/{idp['id']}"
        return {
            **idp,
            "links": {"self": request.link(path), "protocols": request.link(f"{path}/protocols")},
        }

    def _idp(self, idp_id: str) -> dict[str, Any]:
        return self.found(self.idps, idp_id, f"Could not find Identity Provider: {idp_id}.")

    def _remote_ids(self, value: Any, idp_id: str) -> list[str]:
        remote_ids = list(value or [])
        taken = {r for i in self.idps.values() if i["id"] != idp_id for r in i["remote_ids"]}
        if taken & set(remote_ids):
            raise conflict("identity_provider", "Duplicate remote ID")
        return remote_ids

    @fakes.route("GET", f"{_BASE}/identity_providers")
    def list_idps(self, request: fakes.Request) -> dict[str, Any]:
        """Every identity provider; ``?id=``, ``?enabled=``."""
        self.admin(request, "list_identity_providers")
        return self.listing(
            request,
            "identity_providers",
            self.idps.values(),
            lambda i: self.idp_view(request, i),
            ("id", "enabled"),
        )

    @fakes.route("PUT", f"{_BASE}/identity_providers/{{idp_id}}")
    def create_idp(self, request: fakes.Request, idp_id: str) -> fakes.Response:
        """Register an identity provider, disabled unless ``enabled``; without a
        ``domain_id`` Keystone makes a domain for its users."""
        self.admin(request, "create_identity_provider")
        spec = self.body(request, "identity_provider")
        if idp_id in self.idps:
            raise conflict("identity_provider", f"Duplicate entry found with ID {idp_id}")
        domain_id = spec.get("domain_id")
        if domain_id is None:
            domain_id = new_id()
            self.domains[domain_id] = {
                "id": domain_id,
                "name": domain_id,
                "description": f"Auto generated federated domain for Identity Provider: {idp_id}",
                "enabled": True,
                "options": {},
                "tags": [],
            }
        else:
            self.entity("domain", str(domain_id))
        idp = {
            "id": idp_id,
            "domain_id": domain_id,
            "enabled": bool(spec.get("enabled", False)),
            "description": spec.get("description"),
            "remote_ids": self._remote_ids(spec.get("remote_ids"), idp_id),
            "authorization_ttl": spec.get("authorization_ttl"),
        }
        self.idps[idp_id] = idp
        self.protocols[idp_id] = {}
        return fakes.Response.json({"identity_provider": self.idp_view(request, idp)}, 201)

    @fakes.route("GET", f"{_BASE}/identity_providers/{{idp_id}}")
    def get_idp(self, request: fakes.Request, idp_id: str) -> dict[str, Any]:
        """One identity provider."""
        self.admin(request, "get_identity_provider")
        return {"identity_provider": self.idp_view(request, self._idp(idp_id))}

    @fakes.route("PATCH", f"{_BASE}/identity_providers/{{idp_id}}")
    def update_idp(self, request: fakes.Request, idp_id: str) -> dict[str, Any]:
        """Change ``enabled``, ``description``, ``remote_ids``, ``authorization_ttl``."""
        self.admin(request, "update_identity_provider")
        idp = self._idp(idp_id)
        spec = self.body(request, "identity_provider")
        if "domain_id" in spec and spec["domain_id"] != idp["domain_id"]:
            raise fakes.Fault(400, "Update of `domain_id` is not allowed.")
        if "remote_ids" in spec:
            idp["remote_ids"] = self._remote_ids(spec["remote_ids"], idp_id)
        for key in ("enabled", "description", "authorization_ttl"):
            if key in spec:
                idp[key] = spec[key]
        return {"identity_provider": self.idp_view(request, idp)}

    @fakes.route("DELETE", f"{_BASE}/identity_providers/{{idp_id}}")
    def delete_idp(self, request: fakes.Request, idp_id: str) -> None:
        """Delete an identity provider and its protocols (its domain stays)."""
        self.admin(request, "delete_identity_provider")
        self._idp(idp_id)
        del self.idps[idp_id]
        self.protocols.pop(idp_id, None)

    # -- protocols ----------------------------------------------------------------------------

    def protocol_view(self, request: fakes.Request, idp_id: str, protocol: dict[str, Any]) -> Any:
        """A protocol as Keystone shows it."""
        path = f"{_BASE}/identity_providers/{idp_id}"
        return {
            **protocol,
            "links": {
                "self": request.link(f"{path}/protocols/{protocol['id']}"),
                "identity_provider": request.link(path),
            },
        }

    def _protocol(self, idp_id: str, protocol_id: str) -> dict[str, Any]:
        self._idp(idp_id)
        return self.found(
            self.protocols.get(idp_id, {}),
            protocol_id,
            f"Could not find federated protocol {protocol_id} for Identity Provider: {idp_id}.",
        )

    def _mapping_id(self, spec: dict[str, Any]) -> str:
        mapping_id = str(spec.get("mapping_id"))
        if mapping_id not in self.mappings:
            raise fakes.Fault(400, f"Invalid mapping id: {mapping_id}")
        return mapping_id

    @fakes.route("GET", f"{_BASE}/identity_providers/{{idp_id}}/protocols")
    def list_protocols(self, request: fakes.Request, idp_id: str) -> dict[str, Any]:
        """The protocols of an identity provider; ``?id=``."""
        self.admin(request, "list_protocols")
        self._idp(idp_id)
        return self.listing(
            request,
            "protocols",
            self.protocols.get(idp_id, {}).values(),
            lambda p: self.protocol_view(request, idp_id, p),
            ("id",),
        )

    @fakes.route("PUT", f"{_BASE}/identity_providers/{{idp_id}}/protocols/{{protocol_id}}")
    def create_protocol(self, request: fakes.Request, idp_id: str, protocol_id: str) -> Any:
        """Add a protocol using an existing mapping."""
        self.admin(request, "create_protocol")
        self._idp(idp_id)
        spec = self.body(request, "protocol")
        if protocol_id in self.protocols.setdefault(idp_id, {}):
            raise conflict("federation_protocol", f"Duplicate entry found with ID {protocol_id}")
        protocol = {
            "id": protocol_id,
            "idp_id": idp_id,
            "mapping_id": self._mapping_id(spec),
            "remote_id_attribute": spec.get("remote_id_attribute"),
        }
        self.protocols[idp_id][protocol_id] = protocol
        view = self.protocol_view(request, idp_id, protocol)
        return fakes.Response.json({"protocol": view}, 201)

    @fakes.route("GET", f"{_BASE}/identity_providers/{{idp_id}}/protocols/{{protocol_id}}")
    def get_protocol(self, request: fakes.Request, idp_id: str, protocol_id: str) -> Any:
        """One protocol."""
        self.admin(request, "get_protocol")
        protocol = self._protocol(idp_id, protocol_id)
        return {"protocol": self.protocol_view(request, idp_id, protocol)}

    @fakes.route("PATCH", f"{_BASE}/identity_providers/{{idp_id}}/protocols/{{protocol_id}}")
    def update_protocol(self, request: fakes.Request, idp_id: str, protocol_id: str) -> Any:
        """Change a protocol's mapping."""
        self.admin(request, "update_protocol")
        protocol = self._protocol(idp_id, protocol_id)
        spec = self.body(request, "protocol")
        protocol["mapping_id"] = self._mapping_id({**protocol, **spec})
        if "remote_id_attribute" in spec:
            protocol["remote_id_attribute"] = spec["remote_id_attribute"]
        return {"protocol": self.protocol_view(request, idp_id, protocol)}

    @fakes.route("DELETE", f"{_BASE}/identity_providers/{{idp_id}}/protocols/{{protocol_id}}")
    def delete_protocol(self, request: fakes.Request, idp_id: str, protocol_id: str) -> None:
        """Delete a protocol."""
        self.admin(request, "delete_protocol")
        self._protocol(idp_id, protocol_id)
        del self.protocols[idp_id][protocol_id]

    # -- mappings -----------------------------------------------------------------------------

    def mapping_view(self, request: fakes.Request, mapping: dict[str, Any]) -> dict[str, Any]:
        """A mapping as Keystone shows it."""
        return {**mapping, "links": self.link(request, f"{_BASE}/mappings/{mapping['id']}")}

    def _mapping(self, mapping_id: str) -> dict[str, Any]:
        return self.found(self.mappings, mapping_id, f"Could not find mapping: {mapping_id}.")

    @fakes.route("GET", f"{_BASE}/mappings")
    def list_mappings(self, request: fakes.Request) -> dict[str, Any]:
        """Every mapping."""
        self.admin(request, "list_mappings")
        return self.listing(
            request, "mappings", self.mappings.values(), lambda m: self.mapping_view(request, m)
        )

    @fakes.route("PUT", f"{_BASE}/mappings/{{mapping_id}}")
    def create_mapping(self, request: fakes.Request, mapping_id: str) -> fakes.Response:
        """Create a mapping of federated assertions to local users and groups."""
        self.admin(request, "create_mapping")
        spec = self.body(request, "mapping")
        if mapping_id in self.mappings:
            raise conflict("mapping", f"Duplicate entry found with ID {mapping_id}")
        mapping = {
            "id": mapping_id,
            "rules": _rules(spec.get("rules")),
            "schema_version": str(spec.get("schema_version", "1.0")),
        }
        self.mappings[mapping_id] = mapping
        return fakes.Response.json({"mapping": self.mapping_view(request, mapping)}, 201)

    @fakes.route("GET", f"{_BASE}/mappings/{{mapping_id}}")
    def get_mapping(self, request: fakes.Request, mapping_id: str) -> dict[str, Any]:
        """One mapping."""
        self.admin(request, "get_mapping")
        return {"mapping": self.mapping_view(request, self._mapping(mapping_id))}

    @fakes.route("PATCH", f"{_BASE}/mappings/{{mapping_id}}")
    def update_mapping(self, request: fakes.Request, mapping_id: str) -> dict[str, Any]:
        """Replace a mapping's rules (or schema version)."""
        self.admin(request, "update_mapping")
        mapping = self._mapping(mapping_id)
        spec = self.body(request, "mapping")
        if "rules" in spec:
            mapping["rules"] = _rules(spec["rules"])
        if "schema_version" in spec:
            mapping["schema_version"] = str(spec["schema_version"])
        return {"mapping": self.mapping_view(request, mapping)}

    @fakes.route("DELETE", f"{_BASE}/mappings/{{mapping_id}}")
    def delete_mapping(self, request: fakes.Request, mapping_id: str) -> None:
        """Delete a mapping."""
        self.admin(request, "delete_mapping")
        self._mapping(mapping_id)
        del self.mappings[mapping_id]

    # -- service providers --------------------------------------------------------------------

    def sp_view(self, request: fakes.Request, sp: dict[str, Any]) -> dict[str, Any]:
        """A service provider as Keystone shows it."""
        return {**sp, "links": self.link(request, f"{_BASE}/service_providers/{sp['id']}")}

    def _sp(self, sp_id: str) -> dict[str, Any]:
        return self.found(self.sps, sp_id, f"Could not find Service Provider: {sp_id}.")

    @fakes.route("GET", f"{_BASE}/service_providers")
    def list_sps(self, request: fakes.Request) -> dict[str, Any]:
        """Every service provider; ``?id=``, ``?enabled=``."""
        self.admin(request, "list_service_providers")
        return self.listing(
            request,
            "service_providers",
            self.sps.values(),
            lambda s: self.sp_view(request, s),
            ("id", "enabled"),
        )

    @fakes.route("PUT", f"{_BASE}/service_providers/{{sp_id}}")
    def create_sp(self, request: fakes.Request, sp_id: str) -> fakes.Response:
        """Register a service provider (``auth_url`` and ``sp_url``), disabled unless
        ``enabled``."""
        self.admin(request, "create_service_provider")
        spec = self.body(request, "service_provider")
        if sp_id in self.sps:
            raise conflict("service_provider", f"Duplicate entry found with ID {sp_id}")
        sp = {
            "id": sp_id,
            "auth_url": self.name_of(spec, "auth_url"),
            "sp_url": self.name_of(spec, "sp_url"),
            "enabled": bool(spec.get("enabled", False)),
            "description": spec.get("description"),
            "relay_state_prefix": spec.get("relay_state_prefix") or "ss:mem:",
        }
        self.sps[sp_id] = sp
        return fakes.Response.json({"service_provider": self.sp_view(request, sp)}, 201)

    @fakes.route("GET", f"{_BASE}/service_providers/{{sp_id}}")
    def get_sp(self, request: fakes.Request, sp_id: str) -> dict[str, Any]:
        """One service provider."""
        self.admin(request, "get_service_provider")
        return {"service_provider": self.sp_view(request, self._sp(sp_id))}

    @fakes.route("PATCH", f"{_BASE}/service_providers/{{sp_id}}")
    def update_sp(self, request: fakes.Request, sp_id: str) -> dict[str, Any]:
        """Change a service provider."""
        self.admin(request, "update_service_provider")
        sp = self._sp(sp_id)
        spec = self.body(request, "service_provider")
        for key in ("auth_url", "sp_url", "enabled", "description", "relay_state_prefix"):
            if key in spec:
                sp[key] = spec[key]
        return {"service_provider": self.sp_view(request, sp)}

    @fakes.route("DELETE", f"{_BASE}/service_providers/{{sp_id}}")
    def delete_sp(self, request: fakes.Request, sp_id: str) -> None:
        """Delete a service provider."""
        self.admin(request, "delete_service_provider")
        self._sp(sp_id)
        del self.sps[sp_id]
