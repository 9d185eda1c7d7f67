"""Unified limits (registered limits and project or domain limits) and trusts.

Services and regions are Keystone's (the core's catalog): the fake asks it over HTTP
whether one exists, as any fake asks another.
"""

from __future__ import annotations

from typing import Any

from openstack_core import fakes
from openstack_identity.v3._fake._store import Store, conflict, forbidden, invalid, new_id

_REGISTERED_KEYS = ("service_id", "region_id", "resource_name")


class LimitRoutes(Store):
    """``/v3/registered_limits``, ``/v3/limits`` and ``/v3/OS-TRUST/trusts``."""

    def _in_catalog(self, request: fakes.Request, kind: str, entity_id: Any) -> None:
        """400 unless Keystone's catalog has the service or region."""
        answer = self.call(request, "identity", "GET", f"/v3/{kind}s/{entity_id}")
        if answer is None or answer.status != 200:
            raise invalid(f"{kind}_id", f"Could not find {kind}: {entity_id}.")

    # -- registered limits --------------------------------------------------------------------

    def registered_view(self, request: fakes.Request, item: dict[str, Any]) -> dict[str, Any]:
        """A registered limit as Keystone shows it."""
        return {**item, "links": self.link(request, f"/v3/registered_limits/{item['id']}")}

    def _registered(self, limit_id: str) -> dict[str, Any]:
        message = f"Could not find registered limit for {limit_id}."
        return self.found(self.registered_limits, limit_id, message)

    def _unique_registered(self, item: dict[str, Any]) -> None:
        if any(
            all(other[k] == item[k] for k in _REGISTERED_KEYS) and other["id"] != item["id"]
            for other in self.registered_limits.values()
        ):
            raise conflict("registered_limit", "Duplicate entry")

    @fakes.route("GET", "/v3/registered_limits")
    def list_registered_limits(self, request: fakes.Request) -> dict[str, Any]:
        """Every registered limit; ``?service_id=``, ``?region_id=``, ``?resource_name=``."""
        return self.listing(
            request,
            "registered_limits",
            self.registered_limits.values(),
            lambda r: self.registered_view(request, r),
            _REGISTERED_KEYS,
        )

    @fakes.route("POST", "/v3/registered_limits")
    def create_registered_limits(self, request: fakes.Request) -> fakes.Response:
        """Create a batch (admin): ``{"registered_limits": [...]}``."""
        self.admin(request, "create_registered_limits")
        specs = (request.json() or {}).get("registered_limits")
        if not isinstance(specs, list) or not specs:
            raise invalid("registered_limits", "a non-empty list is required")
        created = []
        for spec in specs:
            self._in_catalog(request, "service", self.name_of(spec, "service_id"))
            if spec.get("region_id") is not None:
                self._in_catalog(request, "region", spec["region_id"])
            if not isinstance(spec.get("default_limit"), int) or spec["default_limit"] < -1:
                raise invalid("default_limit", f"{spec.get('default_limit')!r} is not valid")
            item = {
                "id": new_id(),
                "service_id": spec["service_id"],
                "region_id": spec.get("region_id"),
                "resource_name": self.name_of(spec, "resource_name"),
                "default_limit": spec["default_limit"],
                "description": spec.get("description"),
            }
            self._unique_registered(item)
            created.append(item)
        for item in created:
            self.registered_limits[item["id"]] = item
        views = [self.registered_view(request, item) for item in created]
        return fakes.Response.json({"registered_limits": views}, 201)

    @fakes.route("GET", "/v3/registered_limits/{limit_id}")
    def get_registered_limit(self, request: fakes.Request, limit_id: str) -> dict[str, Any]:
        """One registered limit."""
        return {"registered_limit": self.registered_view(request, self._registered(limit_id))}

    def _referenced(self, item: dict[str, Any]) -> bool:
        return any(
            all(limit[k] == item[k] for k in _REGISTERED_KEYS) for limit in self.limits.values()
        )

    @fakes.route("PATCH", "/v3/registered_limits/{limit_id}")
    def update_registered_limit(self, request: fakes.Request, limit_id: str) -> dict[str, Any]:
        """Change a registered limit (admin); its identity only while no limit uses it."""
        self.admin(request, "update_registered_limit")
        item = self._registered(limit_id)
        spec = self.body(request, "registered_limit")
        changed = {
            **item,
            **{
                k: v
                for k, v in spec.items()
                if k in (*_REGISTERED_KEYS, "default_limit", "description")
            },
        }
        if any(changed[k] != item[k] for k in _REGISTERED_KEYS) and self._referenced(item):
            raise fakes.Fault(
                403,
                f"Unable to update or delete registered limit {limit_id} because there are "
                "project limits associated with it.",
            )
        self._unique_registered(changed)
        item.update(changed)
        return {"registered_limit": self.registered_view(request, item)}

    @fakes.route("DELETE", "/v3/registered_limits/{limit_id}")
    def delete_registered_limit(self, request: fakes.Request, limit_id: str) -> None:
        """Delete a registered limit no limit uses (admin)."""
        self.admin(request, "delete_registered_limit")
        item = self._registered(limit_id)
        if self._referenced(item):
            raise fakes.Fault(
                403,
                f"Unable to update or delete registered limit {limit_id} because there are "
                "project limits associated with it.",
            )
        del self.registered_limits[limit_id]

    # -- limits -------------------------------------------------------------------------------

    def limit_view(self, request: fakes.Request, item: dict[str, Any]) -> dict[str, Any]:
        """A limit as Keystone shows it."""
        return {**item, "links": self.link(request, f"/v3/limits/{item['id']}")}

    def _limit(self, request: fakes.Request, limit_id: str) -> dict[str, Any]:
        visible = {
            k: v
            for k, v in self.limits.items()
            if request.is_admin or v["project_id"] == request.project_id
        }
        return self.found(visible, limit_id, f"Could not find limit for {limit_id}.")

    @fakes.route("GET", "/v3/limits/model")
    def limit_model(self, request: fakes.Request) -> dict[str, Any]:
        """The enforcement model: ``flat``."""
        return {
            "model": {
                "name": "flat",
                "description": "Limit enforcement and validation does not take project "
                "hierarchy into consideration.",
            }
        }

    @fakes.route("GET", "/v3/limits")
    def list_limits(self, request: fakes.Request) -> dict[str, Any]:
        """The limits (of the caller's project, unless admin); ``?service_id=``,
        ``?region_id=``, ``?resource_name=``, ``?project_id=``, ``?domain_id=``."""
        items = [
            i
            for i in self.limits.values()
            if request.is_admin or i["project_id"] == request.project_id
        ]
        return self.listing(
            request,
            "limits",
            items,
            lambda i: self.limit_view(request, i),
            (*_REGISTERED_KEYS, "project_id", "domain_id"),
        )

    @fakes.route("POST", "/v3/limits")
    def create_limits(self, request: fakes.Request) -> fakes.Response:
        """Create a batch (admin): ``{"limits": [...]}``, each of a project or a domain
        and overriding a registered limit."""
        self.admin(request, "create_limits")
        specs = (request.json() or {}).get("limits")
        if not isinstance(specs, list) or not specs:
            raise invalid("limits", "a non-empty list is required")
        created: list[dict[str, Any]] = []
        for spec in specs:
            item = {
                "id": new_id(),
                "service_id": spec.get("service_id"),
                "region_id": spec.get("region_id"),
                "resource_name": spec.get("resource_name"),
                "project_id": spec.get("project_id"),
                "domain_id": spec.get("domain_id"),
                "resource_limit": spec.get("resource_limit"),
                "description": spec.get("description"),
            }
            if bool(item["project_id"]) == bool(item["domain_id"]):
                raise invalid("project_id", "a limit is of a project or of a domain")
            if item["project_id"]:
                self.entity("project", str(item["project_id"]))
            else:
                self.entity("domain", str(item["domain_id"]))
            if not isinstance(item["resource_limit"], int) or item["resource_limit"] < -1:
                raise invalid("resource_limit", f"{item['resource_limit']!r} is not valid")
            if not any(
                all(r[k] == item[k] for k in _REGISTERED_KEYS)
                for r in self.registered_limits.values()
            ):
                raise fakes.Fault(
                    403, "Unable to create a limit that has no corresponding registered limit."
                )
            keys = (*_REGISTERED_KEYS, "project_id", "domain_id")
            if any(all(o[k] == item[k] for k in keys) for o in [*self.limits.values(), *created]):
                raise conflict("limit", "Duplicate entry")
            created.append(item)
        for item in created:
            self.limits[item["id"]] = item
        return fakes.Response.json(
            {"limits": [self.limit_view(request, item) for item in created]}, 201
        )

    @fakes.route("GET", "/v3/limits/{limit_id}")
    def get_limit(self, request: fakes.Request, limit_id: str) -> dict[str, Any]:
        """One limit (admin, or of the caller's project)."""
        return {"limit": self.limit_view(request, self._limit(request, limit_id))}

    @fakes.route("PATCH", "/v3/limits/{limit_id}")
    def update_limit(self, request: fakes.Request, limit_id: str) -> dict[str, Any]:
        """Change a limit's value or description (admin)."""
        self.admin(request, "update_limit")
        item = self._limit(request, limit_id)
        spec = self.body(request, "limit")
        if "resource_limit" in spec:
            if not isinstance(spec["resource_limit"], int) or spec["resource_limit"] < -1:
                raise invalid("resource_limit", f"{spec['resource_limit']!r} is not valid")
            item["resource_limit"] = spec["resource_limit"]
        if "description" in spec:
            item["description"] = spec["description"]
        return {"limit": self.limit_view(request, item)}

    @fakes.route("DELETE", "/v3/limits/{limit_id}")
    def delete_limit(self, request: fakes.Request, limit_id: str) -> None:
        """Delete a limit (admin)."""
        self.admin(request, "delete_limit")
        self._limit(request, limit_id)
        del self.limits[limit_id]

    # -- trusts -------------------------------------------------------------------------------

    def trust_view(self, request: fakes.Request, trust: dict[str, Any]) -> dict[str, Any]:
        """A trust as Keystone shows it, its roles in full."""
        path = f"/v3/OS-TRUST/trusts/{trust['id']}"
        roles = [self.roles[r] for r in trust["role_ids"] if r in self.roles]
        return {
            **{k: v for k, v in trust.items() if k != "role_ids"},
            "roles": [
                {
                    "id": r["id"],
                    "name": r["name"],
                    "domain_id": r["domain_id"],
                    "links": self.link(request, f"/v3/roles/{r['id']}"),
                }
                for r in roles
            ],
            "roles_links": {"self": request.link(f"{path}/roles"), "next": None, "previous": None},
            "links": self.link(request, path),
        }

    def _trust(self, request: fakes.Request, trust_id: str) -> dict[str, Any]:
        trust = self.found(self.trusts, trust_id, f"Could not find trust: {trust_id}.")
        if not request.is_admin and request.user_id not in (
            trust["trustor_user_id"],
            trust["trustee_user_id"],
        ):
            raise forbidden("identity:get_trust")
        return trust

    @fakes.route("POST", "/v3/OS-TRUST/trusts")
    def create_trust(self, request: fakes.Request) -> fakes.Response:
        """The caller (the trustor) delegates roles it holds on a project to a trustee."""
        spec = self.body(request, "trust")
        trustor, trustee = spec.get("trustor_user_id"), spec.get("trustee_user_id")
        if trustor != request.user_id:
            raise forbidden("identity:create_trust")
        self.entity("user", str(trustee))
        project_id = spec.get("project_id")
        held: set[str] = set()
        if project_id:
            self.entity("project", str(project_id))
            held = {r["id"] for r in self.effective_roles(str(trustor), project_id=str(project_id))}
        role_ids = []
        for reference in spec.get("roles") or []:
            role = self.find_role(reference if isinstance(reference, dict) else {})
            if role is None:
                raise fakes.Fault(404, f"Could not find role: {reference}.")
            if role["id"] not in held:
                raise forbidden("identity:create_trust (the trustor lacks a role it delegates)")
            role_ids.append(role["id"])
        uses = spec.get("remaining_uses")
        if uses is not None and (not isinstance(uses, int) or uses <= 0):
            raise invalid("remaining_uses", f"{uses!r} is not a positive integer")
        trust: dict[str, Any] = {
            "id": new_id(),
            "trustor_user_id": trustor,
            "trustee_user_id": trustee,
            "project_id": project_id,
            "impersonation": bool(spec.get("impersonation", False)),
            "allow_redelegation": bool(spec.get("allow_redelegation", False)),
            "redelegation_count": 0 if spec.get("allow_redelegation") else None,
            "redelegated_trust_id": None,
            "remaining_uses": uses,
            "expires_at": spec.get("expires_at"),
            "role_ids": role_ids,
        }
        self.trusts[trust["id"]] = trust
        return fakes.Response.json({"trust": self.trust_view(request, trust)}, 201)

    @fakes.route("GET", "/v3/OS-TRUST/trusts")
    def list_trusts(self, request: fakes.Request) -> dict[str, Any]:
        """Every trust (admin), or the caller's with ``?trustor_user_id=`` or
        ``?trustee_user_id=`` naming it."""
        mine = request.user_id in (request.arg("trustor_user_id"), request.arg("trustee_user_id"))
        if not (request.is_admin or mine):
            raise forbidden("identity:list_trusts")
        return self.listing(
            request,
            "trusts",
            self.trusts.values(),
            lambda t: self.trust_view(request, t),
            ("trustor_user_id", "trustee_user_id"),
        )

    @fakes.route("GET", "/v3/OS-TRUST/trusts/{trust_id}")
    def get_trust(self, request: fakes.Request, trust_id: str) -> dict[str, Any]:
        """One trust (its trustor, its trustee or an admin)."""
        return {"trust": self.trust_view(request, self._trust(request, trust_id))}

    @fakes.route("GET", "/v3/OS-TRUST/trusts/{trust_id}/roles")
    def list_trust_roles(self, request: fakes.Request, trust_id: str) -> dict[str, Any]:
        """The roles a trust delegates."""
        view = self.trust_view(request, self._trust(request, trust_id))
        return {"roles": view["roles"], "links": view["roles_links"]}

    @fakes.route("DELETE", "/v3/OS-TRUST/trusts/{trust_id}")
    def delete_trust(self, request: fakes.Request, trust_id: str) -> None:
        """Delete a trust (its trustor or an admin)."""
        trust = self._trust(request, trust_id)
        if not (request.is_admin or request.user_id == trust["trustor_user_id"]):
            raise forbidden("identity:delete_trust")
        del self.trusts[trust_id]
