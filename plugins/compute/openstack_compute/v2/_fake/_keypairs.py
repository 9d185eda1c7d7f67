"""Keypairs (``/os-keypairs``) and server groups (``/os-server-groups``): what a user
or project keeps beside its servers."""

from __future__ import annotations

import re
from typing import Any

from openstack_compute.v2._fake import _keys
from openstack_compute.v2._fake._views import Views
from openstack_core import fakes

_KEYPAIR_NAME = re.compile(r"^[a-zA-Z0-9 _.@-]{1,255}$")
_POLICIES = ("affinity", "anti-affinity", "soft-affinity", "soft-anti-affinity")


def _time(seconds: float | None) -> str | None:
    return fakes.isotime(seconds, micro=True, zulu=False) if seconds is not None else None


class KeypairRoutes(Views):
    """Keypairs and server groups."""

    # -- keypairs ---------------------------------------------------------------------

    def _keypair_owner(self, request: fakes.Request) -> str:
        user = request.arg("user_id")
        if user is None or user == request.user_id:
            return str(request.user_id)
        if not request.at_least("2.10"):
            return str(request.user_id)
        self.admin_only(request, "os_compute_api:os-keypairs:index")
        return user

    def _keypair_view(
        self, request: fakes.Request, keypair: dict[str, Any], *, full: bool
    ) -> dict[str, Any]:
        view = {
            "name": keypair["name"],
            "public_key": keypair["public_key"],
            "fingerprint": keypair["fingerprint"],
        }
        if request.at_least("2.2"):
            view["type"] = keypair["type"]
        if full:
            view.update(
                {
                    "user_id": keypair["user_id"],
                    "id": keypair["id"],
                    "created_at": _time(keypair["created_at"]),
                    "updated_at": None,
                    "deleted_at": None,
                    "deleted": False,
                }
            )
        return view

    @fakes.route("POST", "/v2.1/os-keypairs")
    def create_keypair(self, request: fakes.Request) -> fakes.Response:
        """Generate (an Ed25519 key) or import a keypair."""
        spec = request.json_object("keypair")
        name = spec.get("name")
        if not isinstance(name, str) or not _KEYPAIR_NAME.match(name):
            raise fakes.Fault(
                400, "Keypair data is invalid: Keypair name contains unsafe characters"
            )
        user_id = str(request.user_id)
        if spec.get("user_id") not in (None, user_id):
            self.admin_only(request, "os_compute_api:os-keypairs:create")
            user_id = str(spec["user_id"])
        key = f"{user_id}/{name}"
        if key in self.keypairs:
            raise fakes.Fault(409, f"Key pair '{name}' already exists.")
        count = sum(1 for k in self.keypairs.values() if k["user_id"] == user_id)
        allowed = self.quota(str(request.project_id), "key_pairs")
        if 0 <= allowed <= count:
            raise fakes.Fault(403, "Quota exceeded, too many key pairs.")
        public_key = spec.get("public_key")
        private_key = None
        if public_key is None:
            if request.at_least("2.92"):
                raise fakes.Fault(400, "'public_key' is a required property")
            private_key, public_key = _keys.generate("Generated-by-Nova")
        fingerprint = _keys.fingerprint(str(public_key))
        if fingerprint is None:
            raise fakes.Fault(400, "Keypair data is invalid: failed to generate fingerprint")
        self.counters["keypair"] += 1
        keypair = {
            "id": self.counters["keypair"],
            "name": name,
            "user_id": user_id,
            "public_key": str(public_key),
            "fingerprint": fingerprint,
            "type": spec.get("type", "ssh"),
            "created_at": self.now(),
        }
        self.keypairs[key] = keypair
        view = self._keypair_view(request, keypair, full=False)
        view["user_id"] = user_id
        if private_key is not None:
            view["private_key"] = private_key
        return fakes.Response.json({"keypair": view}, 201 if request.at_least("2.2") else 200)

    @fakes.route("GET", "/v2.1/os-keypairs")
    def list_keypairs(self, request: fakes.Request) -> dict[str, Any]:
        """The user's keypairs (another user's for admins, 2.10)."""
        owner = self._keypair_owner(request)
        mine = sorted(
            (k for k in self.keypairs.values() if k["user_id"] == owner), key=lambda k: k["name"]
        )
        if request.at_least("2.35"):
            page = fakes.paginate(mine, request, key=lambda k: str(k["name"]))
            mine, link = page.items, page.next_link(request)
        else:
            link = None
        answer: dict[str, Any] = {
            "keypairs": [{"keypair": self._keypair_view(request, k, full=False)} for k in mine]
        }
        if link is not None:
            answer["keypairs_links"] = [{"rel": "next", "href": link}]
        return answer

    def _keypair(self, request: fakes.Request, name: str) -> tuple[str, dict[str, Any]]:
        owner = self._keypair_owner(request)
        keypair = self.keypairs.get(f"{owner}/{name}")
        if keypair is None:
            raise fakes.Fault(404, f"Keypair {name} not found for user {owner}")
        return f"{owner}/{name}", keypair

    @fakes.route("GET", "/v2.1/os-keypairs/{name}")
    def get_keypair(self, request: fakes.Request, name: str) -> dict[str, Any]:
        """One keypair (its private key is never shown again)."""
        return {"keypair": self._keypair_view(request, self._keypair(request, name)[1], full=True)}

    @fakes.route("DELETE", "/v2.1/os-keypairs/{name}")
    def delete_keypair(self, request: fakes.Request, name: str) -> fakes.Response:
        """Delete a keypair."""
        key, _ = self._keypair(request, name)
        del self.keypairs[key]
        return fakes.Response.empty(204 if request.at_least("2.2") else 202)

    # -- server groups ----------------------------------------------------------------

    def _group_view(self, request: fakes.Request, group: dict[str, Any]) -> dict[str, Any]:
        view: dict[str, Any] = {
            "id": group["id"],
            "name": group["name"],
            "members": [m for m in group["members"] if m in self.servers],
        }
        if request.at_least("2.13"):
            view["project_id"] = group["project_id"]
            view["user_id"] = group["user_id"]
        if request.at_least("2.64"):
            view["policy"] = group["policy"]
            view["rules"] = dict(group["rules"])
        else:
            view["policies"] = [group["policy"]]
            view["metadata"] = {}
        return view

    @fakes.route("POST", "/v2.1/os-server-groups")
    def create_server_group(self, request: fakes.Request) -> dict[str, Any]:
        """Create a server group: ``policy`` and ``rules`` (2.64) or ``policies``."""
        spec = request.json_object("server_group")
        name = spec.get("name")
        if not isinstance(name, str) or not name:
            raise fakes.Fault(400, "Invalid input for field/attribute name: a name is required")
        if request.at_least("2.64"):
            policy = spec.get("policy")
            rules = spec.get("rules") or {}
            if "policies" in spec:
                raise fakes.Fault(
                    400, "Additional properties are not allowed ('policies' was unexpected)"
                )
        else:
            policies = spec.get("policies")
            if not isinstance(policies, list) or len(policies) != 1:
                raise fakes.Fault(
                    400,
                    "Invalid input for field/attribute policies: exactly one policy is required",
                )
            policy, rules = policies[0], {}
        allowed = _POLICIES if request.at_least("2.15") else _POLICIES[:2]
        if policy not in allowed:
            raise fakes.Fault(
                400,
                f"Invalid input for field/attribute policy. Value: {policy!r}. "
                f"{policy!r} is not one of {list(allowed)}",
            )
        if rules and policy != "anti-affinity":
            raise fakes.Fault(400, "Only anti-affinity policy supports rules.")
        project = str(request.project_id)
        groups = sum(1 for g in self.server_groups.values() if g["project_id"] == project)
        if 0 <= self.quota(project, "server_groups") <= groups:
            raise fakes.Fault(403, "Quota exceeded, too many server groups.")
        group: dict[str, Any] = {
            "id": fakes.new_id(),
            "name": name,
            "policy": policy,
            "rules": dict(rules),
            "members": [],
            "project_id": project,
            "user_id": request.user_id,
            "created_at": self.now(),
        }
        self.server_groups[group["id"]] = group
        return {"server_group": self._group_view(request, group)}

    @fakes.route("GET", "/v2.1/os-server-groups")
    def list_server_groups(self, request: fakes.Request) -> dict[str, Any]:
        """The project's groups (every project's for admins with ``all_projects``),
        paged by ``limit`` and ``offset``, as Nova pages them (no links)."""
        groups = sorted(self.server_groups.values(), key=lambda g: (g["created_at"], g["id"]))
        everyone = request.is_admin and (request.arg("all_projects") or "").lower() in (
            "1",
            "true",
            "yes",
        )
        if not everyone:
            groups = [g for g in groups if g["project_id"] == request.project_id]
        offset = request.int_arg("offset", 0) or 0
        limit = request.int_arg("limit", int(self.settings["max_limit"]))
        limit = min(limit or 0, int(self.settings["max_limit"]))
        return {
            "server_groups": [self._group_view(request, g) for g in groups[offset : offset + limit]]
        }

    def _group(self, request: fakes.Request, group_id: str) -> dict[str, Any]:
        group = self.server_groups.get(group_id)
        if group is None or not (request.is_admin or group["project_id"] == request.project_id):
            raise fakes.Fault(404, f"Instance group {group_id} could not be found.")
        return group

    @fakes.route("GET", "/v2.1/os-server-groups/{group_id}")
    def get_server_group(self, request: fakes.Request, group_id: str) -> dict[str, Any]:
        """One server group."""
        return {"server_group": self._group_view(request, self._group(request, group_id))}

    @fakes.route("DELETE", "/v2.1/os-server-groups/{group_id}")
    def delete_server_group(self, request: fakes.Request, group_id: str) -> fakes.Response:
        """Delete a server group."""
        self._group(request, group_id)
        del self.server_groups[group_id]
        return fakes.Response.empty()
