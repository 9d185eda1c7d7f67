"""The accounts behind the fake Keystone, and the seam an identity plugin's fake uses.

The core's Keystone (:mod:`openstack_core._local.keystone`) speaks Keystone's
authentication protocol: it issues, validates and revokes tokens, answers the catalog
and version discovery, and keeps application credentials. Who the users are, their
passwords, projects, domains and roles it asks an :class:`Accounts`: a FakeService
served under Keystone's URL prefix beside it, whose routes answer whatever Keystone has
no route for.

Without an identity plugin the core's :class:`SeededAccounts` answers: the users of the
``users`` setting, each in a project of its own name, with Keystone's default roles.
A plugin's fake of ``identity.v3`` (registered under ``openstack_core.fakes``) is an
Accounts subclass that replaces it, adding Keystone's administration API (users,
projects, domains, groups, roles, grants, ...) on the same accounts.

Keystone checks a token on every request as Keystone does with Fernet tokens: its user,
project and roles are looked up again, so deleting a user or a project, disabling one,
or removing a role assignment ends the tokens that depended on it without any
revocation list; :meth:`Accounts.revoke_tokens` ends a user's tokens outright (a
password change).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

from openstack_core._local.http import Fault, Request
from openstack_core._local.service import FakeService, route

__all__ = ["DEFAULT_USERS", "Accounts", "SeededAccounts"]

#: The users a local cloud starts with (setting ``users`` of identity).
DEFAULT_USERS = (
    {"name": "admin", "project": "admin", "roles": ["admin"]},
    {"name": "demo", "project": "demo", "roles": ["member"]},
)
DEFAULT_DOMAIN = {"id": "default", "name": "Default"}
#: Keystone's default roles and what each implies (``keystone-manage bootstrap``).
_IMPLIED = {"admin": ("admin", "member", "reader"), "member": ("member", "reader")}


class Accounts(FakeService):
    """The accounts the core's Keystone authenticates: subclass it to ship a fake of
    identity (``identity.v3`` under ``openstack_core.fakes``).

    The local cloud serves it under Keystone's prefix: requests Keystone has no route
    for (``/v3/users``, ``/v3/projects``, ...) go to its routes, and Keystone asks its
    hooks when it authenticates and checks a token. Hooks answer dicts shaped as
    Keystone shows the entity (at least ``id``, ``name`` and, but for domains,
    ``domain_id``), or None:

    ``find_user(reference)``, ``check_password(user_id, password)``,
    ``find_project(reference)``, ``find_domain(reference)``, ``find_role(reference)``,
    ``effective_roles(user_id, project_id=)``, ``user_projects(user_id)`` and
    ``credentials()``. A reference is what an authentication request names:
    ``{"id": ...}``, or ``{"name": ..., "domain": {"id": ...} or {"name": ...}}``.

    Helper: ``revoke_tokens(user_id)``. Keystone itself is reached over HTTP with
    ``call()``, as any fake reaches another (``/v3/services``, ``/v3/regions``).
    ``self.settings["users"]`` always lists the users to seed (``name``, ``project``,
    ``roles``): the cloud's setting, or the core's default (``admin`` and ``demo``).
    """

    service_type = "identity"
    api_version = 3
    prefix = "identity"

    # -- hooks: what Keystone asks ------------------------------------------------------

    def find_user(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        """The enabled user ``reference`` names (``{"id"}``, or ``{"name", "domain"}``);
        None if there is none or it is disabled."""
        raise NotImplementedError

    def check_password(self, user_id: str, password: str) -> bool:
        """Whether ``password`` is the user's password."""
        raise NotImplementedError

    def find_project(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        """The enabled project ``reference`` names; None if none (or it is disabled)."""
        raise NotImplementedError

    def find_domain(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        """The enabled domain ``reference`` names (``{"id"}`` or ``{"name"}``)."""
        raise NotImplementedError

    def find_role(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        """The global role ``reference`` names (``{"id"}`` or ``{"name"}``)."""
        raise NotImplementedError

    def effective_roles(self, user_id: str, *, project_id: str) -> list[dict[str, Any]]:
        """The roles (``{"id", "name"}``) a token of the user on the project carries:
        granted to the user or its groups, inherited, and implied; empty if none."""
        raise NotImplementedError

    def user_projects(self, user_id: str) -> list[dict[str, Any]]:
        """The enabled projects the user has a role on (``/v3/auth/projects``)."""
        raise NotImplementedError

    def credentials(self) -> dict[str, dict[str, str]]:
        """The clouds.yaml ``auth`` sections (``username``, ``password``,
        ``project_name``, ``user_domain_name``, ``project_domain_name``) of the users
        the ``users`` setting seeds, by user name."""
        raise NotImplementedError

    # -- helpers ------------------------------------------------------------------------

    def revoke_tokens(self, user_id: str) -> None:
        """End every token of the user issued so far (Keystone's revocation on a
        password change); the user's next authentication works as usual."""
        self._context.cloud.identity.revoke_user_tokens(user_id)


def _named(table: Mapping[str, dict[str, Any]], reference: Mapping[str, Any]) -> Any:
    """The entity of ``table`` a reference names: by id, or by name in domain Default
    (the only domain of the seeded accounts)."""
    if reference.get("id") is not None:
        return table.get(str(reference["id"]))
    domain = reference.get("domain")
    if not isinstance(domain, Mapping) or not (
        domain.get("id") == "default"
        or (domain.get("id") is None and domain.get("name") == "Default")
    ):
        return None
    return next((e for e in table.values() if e["name"] == reference.get("name")), None)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class SeededAccounts(Accounts):
    """The core's accounts: the users of the ``users`` setting (default: ``admin``, with
    the admin role in project ``admin``, and ``demo``, a member of project ``demo``),
    each with a random password, in domain Default; roles imply as Keystone's defaults
    do (admin implies member, member implies reader). Read-only: an identity plugin's
    fake adds the administration API."""

    plugin_api_version = "2.1"
    default_settings: ClassVar[Mapping[str, Any]] = {"users": DEFAULT_USERS}

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.roles: dict[str, str] = {}  # name -> id
        self.projects: dict[str, dict[str, Any]] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self._seed()

    def _seed(self) -> None:
        for spec in self.settings["users"]:
            if any(u["name"] == spec["name"] for u in self.users.values()):
                continue
            project = self._project_named(str(spec["project"]))
            roles = list(dict.fromkeys(n for r in spec["roles"] for n in _IMPLIED.get(r, (r,))))
            for name in roles:
                self.roles.setdefault(name, uuid.uuid4().hex)
            user = {
                "id": uuid.uuid4().hex,
                "name": str(spec["name"]),
                "domain_id": "default",
                "password": secrets.token_urlsafe(16),
                "default_project_id": project["id"],
                "assignments": {project["id"]: roles},
            }
            self.users[user["id"]] = user

    def _project_named(self, name: str) -> dict[str, Any]:
        for project in self.projects.values():
            if project["name"] == name:
                return project
        project = {"id": uuid.uuid4().hex, "name": name, "domain_id": "default", "description": ""}
        self.projects[project["id"]] = project
        return project

    # -- hooks --------------------------------------------------------------------------

    def find_user(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        """A seeded user by id, or by name in domain Default."""
        user = _named(self.users, reference)
        if user is None:
            return None
        return {
            "id": user["id"],
            "name": user["name"],
            "domain_id": "default",
            "default_project_id": user["default_project_id"],
            "enabled": True,
            "password_expires_at": None,
            "options": {},
        }

    def check_password(self, user_id: str, password: str) -> bool:
        """Compare with the user's password (in constant time)."""
        user = self.users.get(user_id)
        return user is not None and hmac.compare_digest(
            _digest(password), _digest(user["password"])
        )

    def find_project(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        """A project by id, or by name in domain Default."""
        project = _named(self.projects, reference)
        if project is None:
            return None
        return {
            "id": project["id"],
            "name": project["name"],
            "domain_id": "default",
            "description": project["description"],
            "enabled": True,
            "is_domain": False,
            "parent_id": "default",
            "tags": [],
            "options": {},
        }

    def find_domain(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        """Domain Default, the only one."""
        if reference.get("id") == "default" or reference.get("name") == "Default":
            return {**DEFAULT_DOMAIN, "description": "", "enabled": True}
        return None

    def find_role(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        """admin, member, reader (and any role a seeded user was given)."""
        for name, role_id in self.roles.items():
            if reference.get("id") == role_id or reference.get("name") == name:
                return {"id": role_id, "name": name, "domain_id": None}
        return None

    def effective_roles(self, user_id: str, *, project_id: str) -> list[dict[str, Any]]:
        """The seeded roles on the project, with those they imply."""
        user = self.users.get(user_id)
        names = user["assignments"].get(project_id, []) if user else []
        return [{"id": self.roles[n], "name": n} for n in names]

    def user_projects(self, user_id: str) -> list[dict[str, Any]]:
        """The seeded user's project."""
        user = self.users.get(user_id)
        found = [self.find_project({"id": p}) for p in (user or {}).get("assignments", {})]
        return [p for p in found if p is not None]

    def credentials(self) -> dict[str, dict[str, str]]:
        """Every user's password and project."""
        return {
            user["name"]: {
                "username": user["name"],
                "password": user["password"],
                "project_name": self.projects[user["default_project_id"]]["name"],
                "user_domain_name": "Default",
                "project_domain_name": "Default",
            }
            for user in self.users.values()
        }

    # -- routes -------------------------------------------------------------------------

    @route("GET", "/v3/projects/{project_id}")
    def get_project(self, request: Request, project_id: str) -> dict[str, Any]:
        """A project the caller is a member of (any, for admins)."""
        project = self.find_project({"id": project_id})
        mine = self.effective_roles(str(request.user_id), project_id=project_id)
        if project is None or not (request.is_admin or mine):
            raise Fault(404, f"Could not find project: {project_id}.")
        return {"project": {**project, "links": {"self": request.link(request.path)}}}

    @route("GET", "/v3/users/{user_id}")
    def get_user(self, request: Request, user_id: str) -> dict[str, Any]:
        """The caller's own user (any user, for admins)."""
        user = self.find_user({"id": user_id})
        if user is None or not (request.is_admin or user_id == request.user_id):
            raise Fault(404, f"Could not find user: {user_id}.")
        return {"user": {**user, "links": {"self": request.link(request.path)}}}

    # -- state --------------------------------------------------------------------------

    def dump_state(self) -> Any:
        """Roles, projects and users (with their passwords)."""
        return {"roles": self.roles, "projects": self.projects, "users": self.users}

    def load_state(self, data: Any) -> None:
        """Replace the seeded accounts with the saved ones; users the settings name that
        the saved state lacks are added."""
        self.roles = dict(data["roles"])
        self.projects = dict(data["projects"])
        self.users = dict(data["users"])
        self._seed()

    def __repr__(self) -> str:
        return f"<SeededAccounts users={sorted(u['name'] for u in self.users.values())}>"
