"""Roles (global and domain-specific) and implied roles."""

from __future__ import annotations

from typing import Any

from openstack_core import fakes
from openstack_identity.v3._fake._store import Store, conflict

#: Roles no other role may imply (Keystone's ``[assignment] prohibited_implied_role``).
_PROHIBITED_IMPLIED = ("admin",)


class RoleRoutes(Store):
    """``/v3/roles``, ``/v3/roles/{id}/implies`` and ``/v3/role_inferences``."""

    def role_view(self, request: fakes.Request, role: dict[str, Any]) -> dict[str, Any]:
        """A role as Keystone shows it."""
        return {**role, "links": self.link(request, f"/v3/roles/{role['id']}")}

    def _role_ref(self, request: fakes.Request, role_id: str) -> dict[str, Any]:
        role = self.roles[role_id]
        return {
            "id": role["id"],
            "name": role["name"],
            "links": self.link(request, f"/v3/roles/{role['id']}"),
        }

    def _mutable(self, role_id: str, action: str) -> dict[str, Any]:
        role = self.entity("role", role_id)
        if role["options"].get("immutable"):
            raise fakes.Fault(
                403,
                f"Unable to {action} immutable role resource: `{role_id}`. Immutable resources "
                "cannot be updated or deleted, unset the `immutable` option first.",
            )
        return role

    @fakes.route("GET", "/v3/roles")
    def list_roles(self, request: fakes.Request) -> dict[str, Any]:
        """The global roles, or a domain's with ``?domain_id=`` (admin); ``?name=``."""
        self.admin(request, "list_roles")
        domain_id = request.arg("domain_id")
        roles = [r for r in self.roles.values() if r["domain_id"] == domain_id]
        return self.listing(
            request, "roles", roles, lambda r: self.role_view(request, r), ("name",)
        )

    @fakes.route("POST", "/v3/roles")
    def create_role(self, request: fakes.Request) -> fakes.Response:
        """Create a role, specific to a domain with ``domain_id`` (admin)."""
        self.admin(request, "create_role")
        spec = self.body(request, "role")
        name = self.name_of(spec)
        domain_id = spec.get("domain_id")
        if domain_id is not None:
            self.entity("domain", str(domain_id))
        if any(r["name"] == name and r["domain_id"] == domain_id for r in self.roles.values()):
            raise conflict("role", f"Duplicate entry found with name {name}")
        role = self.add_role(name, domain_id=domain_id)
        role["description"] = spec.get("description")
        role["options"] = dict(spec.get("options") or {})
        return fakes.Response.json({"role": self.role_view(request, role)}, 201)

    @fakes.route("GET", "/v3/roles/{role_id}")
    def get_role(self, request: fakes.Request, role_id: str) -> dict[str, Any]:
        """One role (admin)."""
        self.admin(request, "get_role")
        return {"role": self.role_view(request, self.entity("role", role_id))}

    @fakes.route("PATCH", "/v3/roles/{role_id}")
    def update_role(self, request: fakes.Request, role_id: str) -> dict[str, Any]:
        """Rename or describe a role (admin; not an immutable one)."""
        self.admin(request, "update_role")
        spec = self.body(request, "role")
        role = self.entity("role", role_id)
        if not (set(spec) <= {"options"} and spec.get("options", {}).get("immutable") is False):
            role = self._mutable(role_id, "update")
        if "domain_id" in spec and spec["domain_id"] != role["domain_id"]:
            raise fakes.Fault(400, "Update of `domain_id` is not allowed.")
        if "name" in spec:
            name = self.name_of(spec)
            if any(
                r["name"] == name and r["domain_id"] == role["domain_id"] and r["id"] != role_id
                for r in self.roles.values()
            ):
                raise conflict("role", f"Duplicate entry found with name {name}")
            role["name"] = name
        if "description" in spec:
            role["description"] = spec["description"]
        if "options" in spec:
            role["options"] = {**role["options"], **spec["options"]}
        return {"role": self.role_view(request, role)}

    @fakes.route("DELETE", "/v3/roles/{role_id}")
    def delete_role(self, request: fakes.Request, role_id: str) -> None:
        """Delete a role, its grants and implications (admin; not an immutable one)."""
        self.admin(request, "delete_role")
        self._mutable(role_id, "delete")
        del self.roles[role_id]
        self.forget_missing()

    # -- implied roles ------------------------------------------------------------------------

    def _inference(self, request: fakes.Request, prior_id: str, implied_id: str) -> Any:
        self.admin(request, "get_implied_role")
        self.entity("role", prior_id)
        self.entity("role", implied_id)
        if [prior_id, implied_id] not in self.implied:
            raise fakes.Fault(404, f"{prior_id} does not imply {implied_id}.")
        return {
            "role_inference": {
                "prior_role": self._role_ref(request, prior_id),
                "implies": self._role_ref(request, implied_id),
            },
            "links": self.link(request, f"/v3/roles/{prior_id}/implies/{implied_id}"),
        }

    @fakes.route("PUT", "/v3/roles/{prior_id}/implies/{implied_id}")
    def create_implied_role(
        self, request: fakes.Request, prior_id: str, implied_id: str
    ) -> fakes.Response:
        """Make the prior role imply the other (admin): whoever holds the first holds
        the second."""
        self.admin(request, "create_implied_role")
        self.entity("role", prior_id)
        implied = self.entity("role", implied_id)
        if implied["name"] in _PROHIBITED_IMPLIED and implied["domain_id"] is None:
            raise fakes.Fault(403, f"{implied_id} cannot be an implied roles.")
        if [prior_id, implied_id] in self.implied:
            raise conflict("implied_role", "Duplicate entry")
        self.implied.append([prior_id, implied_id])
        return fakes.Response.json(self._inference(request, prior_id, implied_id), 201)

    @fakes.route("GET", "/v3/roles/{prior_id}/implies/{implied_id}")
    def get_implied_role(
        self, request: fakes.Request, prior_id: str, implied_id: str
    ) -> dict[str, Any]:
        """The rule, or 404 ``<prior> does not imply <implied>.``"""
        answer: dict[str, Any] = self._inference(request, prior_id, implied_id)
        return answer

    @fakes.route("DELETE", "/v3/roles/{prior_id}/implies/{implied_id}")
    def delete_implied_role(self, request: fakes.Request, prior_id: str, implied_id: str) -> None:
        """Remove the rule (admin); 404 if there is none."""
        self._inference(request, prior_id, implied_id)
        self.implied.remove([prior_id, implied_id])

    @fakes.route("GET", "/v3/roles/{prior_id}/implies")
    def list_implied_roles(self, request: fakes.Request, prior_id: str) -> dict[str, Any]:
        """The roles the prior role implies directly (admin)."""
        self.admin(request, "list_implied_roles")
        self.entity("role", prior_id)
        return {
            "role_inference": {
                "prior_role": self._role_ref(request, prior_id),
                "implies": [
                    self._role_ref(request, implied)
                    for prior, implied in self.implied
                    if prior == prior_id
                ],
            },
            "links": self.link(request, f"/v3/roles/{prior_id}/implies"),
        }

    @fakes.route("GET", "/v3/role_inferences")
    def list_role_inferences(self, request: fakes.Request) -> dict[str, Any]:
        """Every rule, one entry per prior role (admin)."""
        self.admin(request, "list_role_inference_rules")
        priors = list(dict.fromkeys(prior for prior, _ in self.implied))
        return {
            "role_inferences": [
                {
                    "prior_role": self._role_ref(request, prior),
                    "implies": [
                        self._role_ref(request, implied)
                        for first, implied in self.implied
                        if first == prior
                    ],
                }
                for prior in priors
            ],
            "links": self.link(request, "/v3/role_inferences"),
        }
