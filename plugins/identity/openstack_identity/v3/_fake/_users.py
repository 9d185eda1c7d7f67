"""Users (password changes end their tokens), groups and membership, the projects and
groups of a user, and credentials."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from openstack_core import fakes
from openstack_identity.v3._fake._store import (
    Store,
    conflict,
    forbidden,
    hashed,
    invalid,
    new_id,
)

_USER_FIELDS = ("id", "name", "domain_id", "password", "links", "password_expires_at")
_UNAUTHORIZED = "The request you have made requires authentication."


class UserRoutes(Store):
    """``/v3/users``, ``/v3/groups`` and ``/v3/credentials``."""

    # -- users --------------------------------------------------------------------------------

    def user_view(self, request: fakes.Request, user: dict[str, Any]) -> dict[str, Any]:
        """A user as Keystone shows it (never its password)."""
        shown = {k: v for k, v in user.items() if k != "password"}
        return {**shown, "links": self.link(request, f"/v3/users/{user['id']}")}

    def _own_or_admin(self, request: fakes.Request, user_id: str, action: str) -> None:
        if not (request.is_admin or request.user_id == user_id):
            raise forbidden(f"identity:{action}")

    def _unique_user(self, name: str, domain_id: str, user_id: str | None = None) -> None:
        if any(
            u["name"] == name and u["domain_id"] == domain_id and u["id"] != user_id
            for u in self.users.values()
        ):
            raise conflict(
                "user", f"Duplicate entry found with name {name} at domain ID {domain_id}"
            )

    @fakes.route("GET", "/v3/users")
    def list_users(self, request: fakes.Request) -> dict[str, Any]:
        """Every user (admin); ``?name=``, ``?domain_id=``, ``?enabled=``."""
        self.admin(request, "list_users")
        return self.listing(
            request,
            "users",
            self.users.values(),
            lambda u: self.user_view(request, u),
            ("name", "domain_id", "enabled", "password_expires_at"),
        )

    @fakes.route("POST", "/v3/users")
    def create_user(self, request: fakes.Request) -> fakes.Response:
        """Create a user (admin); names are unique in a domain; other keys (``email``)
        are kept and shown."""
        self.admin(request, "create_user")
        spec = self.body(request, "user")
        name = self.name_of(spec)
        domain_id = str(spec.get("domain_id") or self.scope_domain(request))
        self.entity("domain", domain_id)
        self._unique_user(name, domain_id)
        password = spec.get("password")
        if password is not None and not isinstance(password, str):
            raise invalid("password", f"{password!r} is not of type 'string'")
        if spec.get("default_project_id"):
            self.entity("project", str(spec["default_project_id"]))
        extras = {k: v for k, v in spec.items() if k not in _USER_FIELDS}
        user = self.add_user(name, domain_id, password, **extras)
        user["enabled"] = bool(user.get("enabled", True))
        return fakes.Response.json({"user": self.user_view(request, user)}, 201)

    @fakes.route("GET", "/v3/users/{user_id}")
    def get_user(self, request: fakes.Request, user_id: str) -> dict[str, Any]:
        """One user (admin, or the user itself)."""
        self._own_or_admin(request, user_id, "get_user")
        return {"user": self.user_view(request, self.entity("user", user_id))}

    @fakes.route("PATCH", "/v3/users/{user_id}")
    def update_user(self, request: fakes.Request, user_id: str) -> dict[str, Any]:
        """Change a user (admin); a new password ends the user's tokens, as disabling
        the user does."""
        self.admin(request, "update_user")
        user = self.entity("user", user_id)
        spec = self.body(request, "user")
        if "domain_id" in spec and spec["domain_id"] != user["domain_id"]:
            raise fakes.Fault(400, "Update of `domain_id` is not allowed.")
        if "name" in spec:
            self._unique_user(self.name_of(spec), user["domain_id"], user_id)
        for key, value in spec.items():
            if key not in ("id", "domain_id", "links", "password"):
                user[key] = value
        if spec.get("password") is not None:
            user["password"] = hashed(str(spec["password"]))
            if user_id in self.seeded:
                self.seeded[user_id] = str(spec["password"])
            self.revoke_tokens(user_id)
        return {"user": self.user_view(request, user)}

    @fakes.route("DELETE", "/v3/users/{user_id}")
    def delete_user(self, request: fakes.Request, user_id: str) -> None:
        """Delete a user, its grants, memberships and credentials (admin)."""
        self.admin(request, "delete_user")
        self.entity("user", user_id)
        del self.users[user_id]
        self.forget_missing()

    @fakes.route("POST", "/v3/users/{user_id}/password")
    def change_password(self, request: fakes.Request, user_id: str) -> None:
        """Change the user's own password, given the current one (401 otherwise); the
        user's tokens end, as Keystone revokes them."""
        spec = self.body(request, "user")
        user = self.users.get(user_id)
        original, password = spec.get("original_password"), spec.get("password")
        if not isinstance(password, str) or not password:
            raise invalid("password", f"{password!r} is not a valid password")
        if (
            user is None
            or not isinstance(original, str)
            or not self.check_password(user_id, original)
        ):
            raise fakes.Fault(401, _UNAUTHORIZED)
        user["password"] = hashed(password)
        if user_id in self.seeded:
            self.seeded[user_id] = password
        self.revoke_tokens(user_id)

    @fakes.route("GET", "/v3/users/{user_id}/projects")
    def list_user_projects(self, request: fakes.Request, user_id: str) -> dict[str, Any]:
        """The enabled projects the user has a role on, directly, through a group or by
        inheritance (admin, or the user itself)."""
        self._own_or_admin(request, user_id, "list_user_projects")
        self.entity("user", user_id)
        return self.listing(
            request,
            "projects",
            self.user_projects(user_id),
            lambda p: {**p, "links": self.link(request, f"/v3/projects/{p['id']}")},
            ("name", "domain_id", "enabled"),
        )

    @fakes.route("GET", "/v3/users/{user_id}/groups")
    def list_user_groups(self, request: fakes.Request, user_id: str) -> dict[str, Any]:
        """The groups the user is a member of (admin, or the user itself)."""
        self._own_or_admin(request, user_id, "list_groups_for_user")
        self.entity("user", user_id)
        groups = [self.groups[g] for g in self.group_ids_of(user_id) if g in self.groups]
        return self.listing(
            request, "groups", groups, lambda g: self.group_view(request, g), ("name",)
        )

    # -- groups -------------------------------------------------------------------------------

    def group_view(self, request: fakes.Request, group: dict[str, Any]) -> dict[str, Any]:
        """A group as Keystone shows it."""
        return {**group, "links": self.link(request, f"/v3/groups/{group['id']}")}

    @fakes.route("GET", "/v3/groups")
    def list_groups(self, request: fakes.Request) -> dict[str, Any]:
        """Every group (admin); ``?name=``, ``?domain_id=``."""
        self.admin(request, "list_groups")
        return self.listing(
            request,
            "groups",
            self.groups.values(),
            lambda g: self.group_view(request, g),
            ("name", "domain_id"),
        )

    @fakes.route("POST", "/v3/groups")
    def create_group(self, request: fakes.Request) -> fakes.Response:
        """Create a group (admin); names are unique in a domain."""
        self.admin(request, "create_group")
        spec = self.body(request, "group")
        name = self.name_of(spec)
        domain_id = str(spec.get("domain_id") or self.scope_domain(request))
        self.entity("domain", domain_id)
        if any(g["name"] == name and g["domain_id"] == domain_id for g in self.groups.values()):
            raise conflict(
                "group", f"Duplicate entry found with name {name} at domain ID {domain_id}"
            )
        group = {
            **{k: v for k, v in spec.items() if k not in ("id", "links")},
            "id": new_id(),
            "name": name,
            "domain_id": domain_id,
            "description": spec.get("description", ""),
        }
        self.groups[group["id"]] = group
        self.members[group["id"]] = []
        return fakes.Response.json({"group": self.group_view(request, group)}, 201)

    @fakes.route("GET", "/v3/groups/{group_id}")
    def get_group(self, request: fakes.Request, group_id: str) -> dict[str, Any]:
        """One group (admin)."""
        self.admin(request, "get_group")
        return {"group": self.group_view(request, self.entity("group", group_id))}

    @fakes.route("PATCH", "/v3/groups/{group_id}")
    def update_group(self, request: fakes.Request, group_id: str) -> dict[str, Any]:
        """Rename or describe a group (admin)."""
        self.admin(request, "update_group")
        group = self.entity("group", group_id)
        spec = self.body(request, "group")
        if "name" in spec:
            name = self.name_of(spec)
            if any(
                g["name"] == name and g["domain_id"] == group["domain_id"] and g["id"] != group_id
                for g in self.groups.values()
            ):
                raise conflict("group", f"Duplicate entry found with name {name}")
        group.update({k: v for k, v in spec.items() if k not in ("id", "domain_id", "links")})
        return {"group": self.group_view(request, group)}

    @fakes.route("DELETE", "/v3/groups/{group_id}")
    def delete_group(self, request: fakes.Request, group_id: str) -> None:
        """Delete a group, its memberships and grants (admin)."""
        self.admin(request, "delete_group")
        self.entity("group", group_id)
        del self.groups[group_id]
        self.forget_missing()

    @fakes.route("GET", "/v3/groups/{group_id}/users")
    def list_group_users(self, request: fakes.Request, group_id: str) -> dict[str, Any]:
        """The members of a group (admin)."""
        self.admin(request, "list_users_in_group")
        self.entity("group", group_id)
        users = [self.users[u] for u in self.members.get(group_id, []) if u in self.users]
        return self.listing(
            request, "users", users, lambda u: self.user_view(request, u), ("password_expires_at",)
        )

    def _membership(
        self, request: fakes.Request, group_id: str, user_id: str, action: str
    ) -> list[str]:
        self.admin(request, action)
        self.entity("group", group_id)
        self.entity("user", user_id)
        return self.members.setdefault(group_id, [])

    @fakes.route("PUT", "/v3/groups/{group_id}/users/{user_id}")
    def add_user_to_group(self, request: fakes.Request, group_id: str, user_id: str) -> None:
        """Make the user a member (admin)."""
        members = self._membership(request, group_id, user_id, "add_user_to_group")
        if user_id not in members:
            members.append(user_id)

    @fakes.route("HEAD", "/v3/groups/{group_id}/users/{user_id}")
    @fakes.route("GET", "/v3/groups/{group_id}/users/{user_id}")
    def check_user_in_group(self, request: fakes.Request, group_id: str, user_id: str) -> None:
        """204 if the user is a member, else 404 (admin)."""
        if user_id not in self._membership(request, group_id, user_id, "check_user_in_group"):
            raise fakes.Fault(404, f"User '{user_id}' not found in group '{group_id}'")

    @fakes.route("DELETE", "/v3/groups/{group_id}/users/{user_id}")
    def remove_user_from_group(self, request: fakes.Request, group_id: str, user_id: str) -> None:
        """End a membership (admin); 404 if there is none."""
        members = self._membership(request, group_id, user_id, "remove_user_from_group")
        if user_id not in members:
            raise fakes.Fault(404, f"User '{user_id}' not found in group '{group_id}'")
        members.remove(user_id)

    # -- credentials --------------------------------------------------------------------------

    def credential_view(self, request: fakes.Request, cred: dict[str, Any]) -> dict[str, Any]:
        """A credential as Keystone shows it (the blob in clear, as Keystone does)."""
        return {**cred, "links": self.link(request, f"/v3/credentials/{cred['id']}")}

    @staticmethod
    def _ec2_access(blob: Any) -> str:
        try:
            access = json.loads(blob)["access"]
        except (TypeError, ValueError, KeyError):
            raise fakes.Fault(400, "Invalid blob in credential") from None
        return str(access)

    def _credential(self, request: fakes.Request, credential_id: str, action: str) -> Any:
        message = f"Could not find credential: {credential_id}."
        cred = self.found(self.creds, credential_id, message)
        self._own_or_admin(request, cred["user_id"], action)
        return cred

    @fakes.route("GET", "/v3/credentials")
    def list_credentials(self, request: fakes.Request) -> dict[str, Any]:
        """The credentials (the caller's own, unless admin); ``?user_id=``, ``?type=``."""
        creds = [
            c for c in self.creds.values() if request.is_admin or c["user_id"] == request.user_id
        ]
        return self.listing(
            request,
            "credentials",
            creds,
            lambda c: self.credential_view(request, c),
            ("user_id", "type"),
        )

    @fakes.route("POST", "/v3/credentials")
    def create_credential(self, request: fakes.Request) -> fakes.Response:
        """Create a credential (admin, or for oneself); an ``ec2`` one is identified by
        the SHA-256 of its access key and needs a project."""
        spec = self.body(request, "credential")
        for field in ("blob", "type", "user_id"):
            self.name_of(spec, field)
        self._own_or_admin(request, str(spec["user_id"]), "create_credential")
        self.entity("user", str(spec["user_id"]))
        credential_id = new_id()
        if spec["type"] == "ec2":
            if not spec.get("project_id"):
                raise invalid("project_id", "it is required for ec2 credentials")
            credential_id = hashlib.sha256(self._ec2_access(spec["blob"]).encode()).hexdigest()
        if credential_id in self.creds:
            raise conflict("credential", "Duplicate entry")
        cred = {
            "id": credential_id,
            "user_id": spec["user_id"],
            "project_id": spec.get("project_id"),
            "type": spec["type"],
            "blob": spec["blob"],
        }
        self.creds[credential_id] = cred
        return fakes.Response.json({"credential": self.credential_view(request, cred)}, 201)

    @fakes.route("GET", "/v3/credentials/{credential_id}")
    def get_credential(self, request: fakes.Request, credential_id: str) -> dict[str, Any]:
        """One credential (admin, or its user)."""
        cred = self._credential(request, credential_id, "get_credential")
        return {"credential": self.credential_view(request, cred)}

    @fakes.route("PATCH", "/v3/credentials/{credential_id}")
    def update_credential(self, request: fakes.Request, credential_id: str) -> dict[str, Any]:
        """Change a credential; an ``ec2`` one keeps its access key."""
        cred = self._credential(request, credential_id, "update_credential")
        spec = self.body(request, "credential")
        changed = {**cred, **{k: v for k, v in spec.items() if k not in ("id", "links")}}
        if changed["type"] == "ec2":
            access = self._ec2_access(changed["blob"])
            if hashlib.sha256(access.encode()).hexdigest() != credential_id:
                raise fakes.Fault(400, "Credential ID and access key do not match")
        cred.update(changed)
        return {"credential": self.credential_view(request, cred)}

    @fakes.route("DELETE", "/v3/credentials/{credential_id}")
    def delete_credential(self, request: fakes.Request, credential_id: str) -> None:
        """Delete a credential (admin, or its user)."""
        self._credential(request, credential_id, "delete_credential")
        del self.creds[credential_id]
