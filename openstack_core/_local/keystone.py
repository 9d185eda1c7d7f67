"""The fake Keystone the core ships: v3 tokens (password, token and application
credential methods), version discovery, a catalog of every fake the local cloud serves,
``/auth/projects``, ``/auth/catalog``, and application credentials.

Users are seeded from the ``users`` setting (default: ``admin`` with the admin role in
project ``admin``, ``demo`` a member of project ``demo``), each with a random password.
Roles imply as Keystone's defaults do: admin implies member, member implies reader.
Tokens last ``token_lifetime`` seconds (default a day) of the cloud's clock. Secrets
(passwords, tokens, application credential secrets) never appear in a repr or log.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Mapping
from typing import Any, ClassVar

from openstack_core._local.clock import isotime
from openstack_core._local.http import Auth, Fault, Request, Response
from openstack_core._local.keystone_catalog import CatalogAdmin
from openstack_core._local.service import route

__all__ = ["Keystone"]

DEFAULT_DOMAIN = {"id": "default", "name": "Default"}
_IMPLIED = {"admin": ("admin", "member", "reader"), "member": ("member", "reader")}
_UNAUTHORIZED = "The request you have made requires authentication."
DEFAULT_USERS = (
    {"name": "admin", "project": "admin", "roles": ["admin"]},
    {"name": "demo", "project": "demo", "roles": ["member"]},
)


def _hex_id() -> str:
    return uuid.uuid4().hex


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _expanded(roles: list[str]) -> list[str]:
    names: dict[str, None] = {}
    for role in roles:
        for name in _IMPLIED.get(role, (role,)):
            names[name] = None
    return list(names)


class Keystone(CatalogAdmin):
    """Identity v3: tokens, catalog, discovery, application credentials, and the
    catalog's regions, services and endpoints."""

    service_type = "identity"
    api_version = 3
    plugin_api_version = "2.0"
    prefix = "identity"
    catalog_path = "/v3"
    version_id = "v3.14"
    default_settings: ClassVar[Mapping[str, Any]] = {
        "token_lifetime": 86400.0,
        "users": DEFAULT_USERS,
    }

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.roles: dict[str, str] = {}  # name -> id
        self.projects: dict[str, dict[str, Any]] = {}
        self.users: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self.app_creds: dict[str, dict[str, Any]] = {}
        self._auth_cache: dict[str, Auth] = {}
        for user in self.settings["users"]:
            self._seed_user(user["name"], user["project"], list(user["roles"]))

    # -- accounts ---------------------------------------------------------------------

    def _role_id(self, name: str) -> str:
        if name not in self.roles:
            self.roles[name] = _hex_id()
        return self.roles[name]

    def _project_named(self, name: str) -> dict[str, Any]:
        for project in self.projects.values():
            if project["name"] == name:
                return project
        project = {"id": _hex_id(), "name": name, "domain_id": "default", "description": ""}
        self.projects[project["id"]] = project
        return project

    def _seed_user(self, name: str, project_name: str, roles: list[str]) -> None:
        if any(u["name"] == name for u in self.users.values()):
            return
        project = self._project_named(project_name)
        for role in _expanded(roles):
            self._role_id(role)
        user = {
            "id": _hex_id(),
            "name": name,
            "domain_id": "default",
            "password": secrets.token_urlsafe(16),
            "default_project_id": project["id"],
            "assignments": {project["id"]: _expanded(roles)},
        }
        self.users[user["id"]] = user

    def user_named(self, name: str) -> dict[str, Any]:
        """The user record called ``name`` (KeyError if there is none)."""
        for user in self.users.values():
            if user["name"] == name:
                return user
        raise KeyError(name)

    def credentials(self, name: str) -> dict[str, str]:
        """The clouds.yaml ``auth`` section of user ``name``, password included."""
        user = self.user_named(name)
        project = self.projects[user["default_project_id"]]
        return {
            "username": user["name"],
            "password": user["password"],
            "project_name": project["name"],
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        }

    # -- tokens -----------------------------------------------------------------------

    def validate(self, token: str | None) -> Auth | None:
        """Who holds ``token``; None for a missing, unknown, revoked or expired one."""
        if not token:
            return None
        record = self.tokens.get(token)
        if record is None:
            return None
        if record["expires_at"] <= self.now():
            self.tokens.pop(token, None)
            self._auth_cache.pop(token, None)
            return None
        auth = self._auth_cache.get(token)
        if auth is None:
            user = self.users[record["user_id"]]
            project = self.projects.get(record["project_id"] or "")
            auth = Auth(
                user_id=user["id"],
                user_name=user["name"],
                project_id=project["id"] if project else None,
                project_name=project["name"] if project else None,
                roles=tuple(record["roles"]),
                methods=tuple(record["methods"]),
                expires_at=record["expires_at"],
            )
            self._auth_cache[token] = auth
        return auth

    def _find_user(self, spec: Any) -> dict[str, Any] | None:
        if not isinstance(spec, dict):
            return None
        if spec.get("id"):
            return self.users.get(str(spec["id"]))
        domain = spec.get("domain") or {}
        if domain and domain.get("id") != "default" and domain.get("name") != "Default":
            return None  # users live in the default domain only
        for user in self.users.values():
            if user["name"] == spec.get("name"):
                return user
        return None

    def _scope(self, user: dict[str, Any], scope: Any) -> tuple[str | None, list[str]]:
        if not scope:
            return None, []
        project_spec = scope.get("project") if isinstance(scope, dict) else None
        if not isinstance(project_spec, dict):
            raise Fault(400, "Only project scope is supported by the local cloud's Keystone")
        project = None
        if project_spec.get("id"):
            project = self.projects.get(str(project_spec["id"]))
        else:
            for candidate in self.projects.values():
                if candidate["name"] == project_spec.get("name"):
                    project = candidate
        roles = user["assignments"].get(project["id"]) if project else None
        if not roles or project is None:
            raise Fault(401, _UNAUTHORIZED)
        return project["id"], list(roles)

    def _issue(
        self,
        user: dict[str, Any],
        project_id: str | None,
        roles: list[str],
        methods: list[str],
        app_cred: dict[str, Any] | None = None,
        expires_at: float | None = None,
    ) -> str:
        token = "gAAAAA" + secrets.token_urlsafe(96)
        now = self.now()
        lifetime_end = now + float(self.settings["token_lifetime"])
        self.tokens[token] = {
            "user_id": user["id"],
            "project_id": project_id,
            "roles": roles,
            "methods": methods,
            "issued_at": now,
            "expires_at": min(lifetime_end, expires_at or lifetime_end),
            "audit_id": secrets.token_urlsafe(16),
            "app_cred_id": app_cred["id"] if app_cred else None,
        }
        return token

    def token_body(self, request: Request, token: str) -> dict[str, Any]:
        """The ``{"token": {...}}`` document of ``token``, with the catalog."""
        record = self.tokens[token]
        user = self.users[record["user_id"]]
        body: dict[str, Any] = {
            "methods": record["methods"],
            "user": {
                "id": user["id"],
                "name": user["name"],
                "domain": DEFAULT_DOMAIN,
                "password_expires_at": None,
            },
            "audit_ids": [record["audit_id"]],
            "issued_at": isotime(record["issued_at"], micro=True),
            "expires_at": isotime(record["expires_at"], micro=True),
        }
        project = self.projects.get(record["project_id"] or "")
        if project is not None:
            body["project"] = {
                "id": project["id"],
                "name": project["name"],
                "domain": DEFAULT_DOMAIN,
            }
            body["is_domain"] = False
            body["roles"] = [{"id": self._role_id(r), "name": r} for r in record["roles"]]
            body["catalog"] = self._context.cloud.catalog()
        if record["app_cred_id"]:
            cred = self.app_creds.get(record["app_cred_id"], {})
            body["application_credential"] = {
                "id": record["app_cred_id"],
                "name": cred.get("name"),
                "restricted": not cred.get("unrestricted", False),
            }
        return {"token": body}

    @route("POST", "/v3/auth/tokens", auth=False)
    def authenticate(self, request: Request) -> Response:
        """``POST /v3/auth/tokens``: password, token or application credential."""
        auth = request.json_object("auth")
        identity = auth.get("identity") or {}
        methods = list(identity.get("methods") or [])
        if len(methods) != 1 or methods[0] not in identity:
            raise Fault(400, "Expecting to find one of password, token or application_credential")
        method = methods[0]
        app_cred = None
        expires_at = None
        if method == "password":
            spec = (identity["password"] or {}).get("user")
            user = self._find_user(spec)
            if user is None or (spec or {}).get("password") != user["password"]:
                raise Fault(401, _UNAUTHORIZED)
            project_id, roles = self._scope(user, auth.get("scope"))
        elif method == "token":
            previous = self.validate((identity["token"] or {}).get("id"))
            if previous is None:
                raise Fault(404, "Could not find token.")
            user = self.users[previous.user_id]
            project_id, roles = self._scope(user, auth.get("scope"))
            expires_at = previous.expires_at
        elif method == "application_credential":
            app_cred, user = self._app_cred_for(identity["application_credential"] or {})
            project_id, roles = app_cred["project_id"], list(app_cred["roles"])
            if app_cred["expires_at"] is not None:
                expires_at = app_cred["expires_at"]
        else:
            raise Fault(401, f"Attempted to authenticate with an unsupported method: {method}")
        token = self._issue(user, project_id, roles, [method], app_cred, expires_at)
        return Response.json(self.token_body(request, token), 201, {"X-Subject-Token": token})

    def _app_cred_for(self, spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        cred = None
        if spec.get("id"):
            cred = self.app_creds.get(str(spec["id"]))
        else:
            user = self._find_user(spec.get("user"))
            for candidate in self.app_creds.values():
                if (
                    user
                    and candidate["user_id"] == user["id"]
                    and candidate["name"] == spec.get("name")
                ):
                    cred = candidate
        if cred is None or _digest(str(spec.get("secret", ""))) != cred["secret_hash"]:
            raise Fault(401, _UNAUTHORIZED)
        if cred["expires_at"] is not None and cred["expires_at"] <= self.now():
            raise Fault(401, _UNAUTHORIZED)
        return cred, self.users[cred["user_id"]]

    def _subject(self, request: Request) -> str:
        subject = request.headers.get("X-Subject-Token", "")
        if self.validate(subject) is None:
            raise Fault(404, "Could not find token.")
        return subject

    @route("GET", "/v3/auth/tokens")
    @route("HEAD", "/v3/auth/tokens")
    def check_token(self, request: Request) -> Response:
        """Validate ``X-Subject-Token``: its document (HEAD: status only)."""
        subject = self._subject(request)
        return Response.json(self.token_body(request, subject), 200, {"X-Subject-Token": subject})

    @route("DELETE", "/v3/auth/tokens")
    def revoke_token(self, request: Request) -> Response:
        """Revoke ``X-Subject-Token``."""
        subject = self._subject(request)
        self.tokens.pop(subject, None)
        self._auth_cache.pop(subject, None)
        return Response.empty()

    @route("GET", "/v3/auth/projects")
    def auth_projects(self, request: Request) -> dict[str, Any]:
        """The projects the caller has a role on."""
        user = self.users[str(request.user_id)]
        projects = [self._project_view(request, self.projects[p]) for p in user["assignments"]]
        return {
            "projects": projects,
            "links": {"self": request.url, "next": None, "previous": None},
        }

    @route("GET", "/v3/auth/catalog")
    def auth_catalog(self, request: Request) -> dict[str, Any]:
        """The catalog of the caller's token."""
        if request.project_id is None:
            raise Fault(403, "A project-scoped token is required to produce a service catalog.")
        return {"catalog": self._context.cloud.catalog(), "links": {"self": request.url}}

    def _project_view(self, request: Request, project: dict[str, Any]) -> dict[str, Any]:
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
            "links": {"self": request.link(f"/v3/projects/{project['id']}")},
        }

    @route("GET", "/v3/projects/{project_id}")
    def get_project(self, request: Request, project_id: str) -> dict[str, Any]:
        """A project the caller is a member of (any, for admins)."""
        project = self.projects.get(project_id)
        user = self.users[str(request.user_id)]
        if project is None or not (request.is_admin or project_id in user["assignments"]):
            raise Fault(404, f"Could not find project: {project_id}.")
        return {"project": self._project_view(request, project)}

    @route("GET", "/v3/users/{user_id}")
    def get_user(self, request: Request, user_id: str) -> dict[str, Any]:
        """The caller's own user (any user, for admins)."""
        user = self.users.get(user_id)
        if user is None or not (request.is_admin or user_id == request.user_id):
            raise Fault(404, f"Could not find user: {user_id}.")
        return {
            "user": {
                "id": user["id"],
                "name": user["name"],
                "domain_id": "default",
                "default_project_id": user["default_project_id"],
                "enabled": True,
                "password_expires_at": None,
                "options": {},
                "links": {"self": request.link(f"/v3/users/{user['id']}")},
            }
        }

    # -- application credentials ------------------------------------------------------

    def _own(self, request: Request, user_id: str) -> None:
        if user_id != request.user_id:
            raise Fault(
                403,
                "You are not authorized to perform the requested action: "
                "identity:create_application_credential.",
            )

    def _cred_view(self, request: Request, cred: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": cred["id"],
            "name": cred["name"],
            "description": cred["description"],
            "project_id": cred["project_id"],
            "user_id": cred["user_id"],
            "roles": [
                {"id": self._role_id(r), "name": r, "domain_id": None} for r in cred["roles"]
            ],
            "expires_at": isotime(cred["expires_at"], micro=True, zulu=False)
            if cred["expires_at"] is not None
            else None,
            "unrestricted": cred["unrestricted"],
            "access_rules": [],
            "links": {
                "self": request.link(
                    f"/v3/users/{cred['user_id']}/application_credentials/{cred['id']}"
                )
            },
        }

    @route("POST", "/v3/users/{user_id}/application_credentials")
    def create_app_cred(self, request: Request, user_id: str) -> Response:
        """Create an application credential of the caller, for the token's project and
        roles (or a subset); the secret is in this answer only."""
        self._own(request, user_id)
        spec = request.json_object("application_credential")
        name = spec.get("name")
        if not isinstance(name, str) or not name:
            raise Fault(400, "Invalid input for field 'name': a name is required.")
        if any(c["user_id"] == user_id and c["name"] == name for c in self.app_creds.values()):
            raise Fault(409, f"Duplicate entry found with name {name}.")
        if request.project_id is None:
            raise Fault(403, "Application credentials need a project-scoped token.")
        roles = list(request.roles)
        wanted = spec.get("roles")
        if wanted:
            names = [
                r.get("name") or next((n for n, i in self.roles.items() if i == r.get("id")), None)
                for r in wanted
            ]
            if any(n not in roles for n in names):
                raise Fault(403, "Application credential roles must be a subset of the token's")
            roles = [str(n) for n in names]
        secret = str(spec.get("secret") or secrets.token_urlsafe(64))
        expires = spec.get("expires_at")
        from openstack_core._local.clock import parse_time

        cred: dict[str, Any] = {
            "id": _hex_id(),
            "name": name,
            "description": spec.get("description"),
            "user_id": user_id,
            "project_id": request.project_id,
            "roles": roles,
            "secret_hash": _digest(secret),
            "expires_at": parse_time(expires) if expires else None,
            "unrestricted": bool(spec.get("unrestricted", False)),
        }
        self.app_creds[cred["id"]] = cred
        view = self._cred_view(request, cred)
        view["secret"] = secret
        return Response.json({"application_credential": view}, 201)

    @route("GET", "/v3/users/{user_id}/application_credentials")
    def list_app_creds(self, request: Request, user_id: str) -> dict[str, Any]:
        """The caller's application credentials (``?name=`` filters)."""
        self._own(request, user_id)
        name = request.arg("name")
        creds = [
            self._cred_view(request, c)
            for c in self.app_creds.values()
            if c["user_id"] == user_id and (name is None or c["name"] == name)
        ]
        return {"application_credentials": creds, "links": {"self": request.url}}

    def _cred(self, request: Request, user_id: str, cred_id: str) -> dict[str, Any]:
        self._own(request, user_id)
        cred = self.app_creds.get(cred_id)
        if cred is None or cred["user_id"] != user_id:
            raise Fault(404, f"Could not find Application Credential: {cred_id}.")
        return cred

    @route("GET", "/v3/users/{user_id}/application_credentials/{cred_id}")
    def get_app_cred(self, request: Request, user_id: str, cred_id: str) -> dict[str, Any]:
        """One application credential of the caller (without its secret)."""
        return {
            "application_credential": self._cred_view(
                request, self._cred(request, user_id, cred_id)
            )
        }

    @route("DELETE", "/v3/users/{user_id}/application_credentials/{cred_id}")
    def delete_app_cred(self, request: Request, user_id: str, cred_id: str) -> Response:
        """Delete an application credential and revoke the tokens issued with it."""
        self._cred(request, user_id, cred_id)
        del self.app_creds[cred_id]
        for token, record in list(self.tokens.items()):
            if record["app_cred_id"] == cred_id:
                del self.tokens[token]
                self._auth_cache.pop(token, None)
        return Response.empty()

    # -- discovery --------------------------------------------------------------------

    def version_entry(self, request: Request) -> dict[str, Any]:
        """Keystone's v3 entry: status ``stable`` and its media type."""
        return {
            "id": self.version_id,
            "status": "stable",
            "updated": "2020-04-07T00:00:00Z",
            "links": [{"rel": "self", "href": f"{request.service_url}/v3/"}],
            "media-types": [
                {"base": "application/json", "type": "application/vnd.openstack.identity-v3+json"}
            ],
        }

    def version_document(self, request: Request) -> Response | dict[str, Any]:
        """``/v3``: the version; the root: Keystone's ``{"versions": {"values": [...]}}``
        with ``300 Multiple Choices``."""
        entry = self.version_entry(request)
        if request.path.rstrip("/") == "/v3":
            return {"version": entry}
        return Response.json({"versions": {"values": [entry]}}, 300)

    @route("GET", "/v3", auth=False, microversioned=False)
    @route("GET", "/v3/", auth=False, microversioned=False)
    def v3(self, request: Request) -> Response | dict[str, Any]:
        """The v3 version document."""
        return self.version_document(request)

    # -- state ------------------------------------------------------------------------

    def dump_state(self) -> Any:
        """Roles, projects, users (with passwords), live tokens and credentials."""
        now = self.now()
        return {
            "roles": self.roles,
            "projects": self.projects,
            "users": self.users,
            "tokens": {t: r for t, r in self.tokens.items() if r["expires_at"] > now},
            "app_creds": self.app_creds,
            "catalog": self.dump_catalog(),
        }

    def load_state(self, data: Any) -> None:
        """Replace the seeded accounts with the saved ones."""
        self.roles = dict(data["roles"])
        self.projects = dict(data["projects"])
        self.users = dict(data["users"])
        self.tokens = dict(data["tokens"])
        self.app_creds = dict(data["app_creds"])
        self.load_catalog(data.get("catalog", {}))
        self._auth_cache.clear()
        # Users the settings name that the saved state lacks are added.
        for user in self.settings["users"]:
            self._seed_user(user["name"], user["project"], list(user["roles"]))

    def __repr__(self) -> str:
        return f"<Keystone users={sorted(u['name'] for u in self.users.values())}>"
