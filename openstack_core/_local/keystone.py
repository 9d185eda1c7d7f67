"""The fake Keystone the core ships: v3 tokens (password, token and application
credential methods), version discovery, a catalog of every fake the local cloud serves,
``/auth/projects``, ``/auth/catalog``, application credentials with access rules, and
the catalog's regions, services and endpoints; lists page with ``?limit=`` and
``?marker=`` as Keystone 30 does.

The accounts it authenticates (users, passwords, projects, domains, roles) come from an
:class:`~openstack_core._local.accounts.Accounts`: an identity plugin's fake, or the
core's seeded users (``admin``, ``demo``). A token is checked again on every request,
as Keystone checks a Fernet token: its user, project and roles are looked up anew (and
kept until the accounts change), so a deleted user, a disabled project or a removed
role assignment ends it. Tokens last ``token_lifetime`` seconds (default a day) of the
cloud's clock. Secrets (passwords, tokens, application credential secrets) never
appear in a repr or log.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any, ClassVar

from openstack_core._local.accounts import DEFAULT_USERS, Accounts, SeededAccounts
from openstack_core._local.clock import isotime
from openstack_core._local.http import Auth, Fault, Request, Response
from openstack_core._local.keystone_app_creds import AppCredentials, digest
from openstack_core._local.service import route

__all__ = ["Keystone"]

_UNAUTHORIZED = "The request you have made requires authentication."


class _Subject:
    """Who a token stands for, as looked up when it is checked."""

    __slots__ = ("project", "roles", "user")

    def __init__(
        self, user: dict[str, Any], project: dict[str, Any] | None, roles: list[dict[str, Any]]
    ) -> None:
        self.user = user
        self.project = project
        self.roles = roles


class Keystone(AppCredentials):
    """Identity v3 authentication: tokens, catalog, discovery, application credentials,
    and the catalog's regions, services and endpoints."""

    service_type = "identity"
    api_version = 3
    plugin_api_version = "2.1"
    prefix = "identity"
    catalog_path = "/v3"
    version_id = "v3.14"
    default_settings: ClassVar[Mapping[str, Any]] = {
        "token_lifetime": 86400.0,
        "users": DEFAULT_USERS,
    }

    def __init__(self, context: Any, accounts: type[Accounts] = SeededAccounts) -> None:
        super().__init__(context)
        #: The accounts it authenticates (served beside it under its prefix).
        self.accounts: Accounts = accounts(context)
        self.tokens: dict[str, dict[str, Any]] = {}
        self.auth_cache: dict[str, Auth] = {}

    # -- accounts ---------------------------------------------------------------------

    def user_named(self, name: str) -> dict[str, Any]:
        """The user called ``name`` in domain Default (KeyError if there is none)."""
        user = self.accounts.find_user({"name": name, "domain": {"id": "default"}})
        if user is None:
            raise KeyError(name)
        return user

    def credentials(self, name: str) -> dict[str, str]:
        """The clouds.yaml ``auth`` section of seeded user ``name``, password included."""
        return dict(self.accounts.credentials()[name])

    def accounts_changed(self) -> None:
        """Forget who the tokens were last found to stand for: the accounts changed."""
        self.auth_cache.clear()

    def drop_token(self, token: str) -> None:
        """Forget one token."""
        self.tokens.pop(token, None)
        self.auth_cache.pop(token, None)

    def revoke_user_tokens(self, user_id: str) -> None:
        """End every token of ``user_id`` (Keystone's revocation on a password change)."""
        self.forget_tokens(lambda record: record["user_id"] == user_id)

    def _domain_ref(self, domain_id: str) -> dict[str, str]:
        domain = self.accounts.find_domain({"id": domain_id})
        return {"id": domain_id, "name": domain["name"] if domain else domain_id}

    def _subject(self, record: dict[str, Any]) -> _Subject | None:
        """The user, project and roles of a token now; None if they are gone."""
        user = self.accounts.find_user({"id": record["user_id"]})
        if user is None:
            return None
        if record["project_id"] is None:
            return _Subject(user, None, [])
        project = self.accounts.find_project({"id": record["project_id"]})
        if project is None:
            return None
        roles = self.accounts.effective_roles(user["id"], project_id=project["id"])
        if record["app_cred_id"]:
            cred = self.app_creds.get(record["app_cred_id"])
            if cred is None:
                return None
            granted = {r["id"] for r in cred["roles"]}
            roles = [r for r in roles if r["id"] in granted]
        if not roles:
            return None
        return _Subject(user, project, roles)

    # -- tokens -----------------------------------------------------------------------

    def validate(self, token: str | None) -> Auth | None:
        """Who holds ``token``; None for a missing, unknown, revoked or expired one, or
        one whose user, project or roles are gone."""
        if not token:
            return None
        record = self.tokens.get(token)
        if record is None:
            return None
        if record["expires_at"] <= self.now():
            self.drop_token(token)
            return None
        auth = self.auth_cache.get(token)
        if auth is None:
            subject = self._subject(record)
            if subject is None:
                return None
            project = subject.project
            auth = Auth(
                user_id=subject.user["id"],
                user_name=subject.user["name"],
                project_id=project["id"] if project else None,
                project_name=project["name"] if project else None,
                roles=tuple(r["name"] for r in subject.roles),
                domain_id=subject.user["domain_id"],
                methods=tuple(record["methods"]),
                expires_at=record["expires_at"],
            )
            self.auth_cache[token] = auth
        return auth

    def allows(self, token: str | None, service: str, method: str, path: str) -> bool:
        """Whether the access rules of the token's application credential, if any, let
        it call ``method path`` of ``service`` (as keystonemiddleware enforces them)."""
        record = self.tokens.get(token or "")
        if record is None or not record["app_cred_id"]:
            return True
        return self.allowed_by_rules(record["app_cred_id"], service, method, path)

    def _scope(self, user: dict[str, Any], scope: Any) -> str | None:
        """The project ``scope`` names, if the user has a role on it (401 otherwise)."""
        if not scope:
            return None
        project_spec = scope.get("project") if isinstance(scope, dict) else None
        if not isinstance(project_spec, dict):
            raise Fault(400, "Only project scope is supported by the local cloud's Keystone")
        project = self.accounts.find_project(project_spec)
        if project is None or not self.accounts.effective_roles(
            user["id"], project_id=project["id"]
        ):
            raise Fault(401, _UNAUTHORIZED)
        return str(project["id"])

    def _issue(
        self,
        user: dict[str, Any],
        project_id: str | None,
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
            "methods": methods,
            "issued_at": now,
            "expires_at": min(lifetime_end, expires_at or lifetime_end),
            "audit_id": secrets.token_urlsafe(16),
            "app_cred_id": app_cred["id"] if app_cred else None,
        }
        return token

    def token_body(self, request: Request, token: str, catalog: bool = True) -> dict[str, Any]:
        """The ``{"token": {...}}`` document of ``token`` (with the catalog, unless
        ``catalog`` is false); KeyError for a token that is not valid."""
        record = self.tokens[token]
        subject = self._subject(record)
        if subject is None:
            raise KeyError("the token's user, project or roles are gone")
        user = subject.user
        body: dict[str, Any] = {
            "methods": record["methods"],
            "user": {
                "id": user["id"],
                "name": user["name"],
                "domain": self._domain_ref(user["domain_id"]),
                "password_expires_at": user.get("password_expires_at"),
            },
            "audit_ids": [record["audit_id"]],
            "issued_at": isotime(record["issued_at"], micro=True),
            "expires_at": isotime(record["expires_at"], micro=True),
        }
        project = subject.project
        if project is not None:
            body["project"] = {
                "id": project["id"],
                "name": project["name"],
                "domain": self._domain_ref(project["domain_id"]),
            }
            body["is_domain"] = False
            body["roles"] = [{"id": r["id"], "name": r["name"]} for r in subject.roles]
            if catalog:
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
            user = self.accounts.find_user(spec) if isinstance(spec, dict) else None
            password = (spec or {}).get("password")
            if user is None or not isinstance(password, str):
                raise Fault(401, _UNAUTHORIZED)
            if not self.accounts.check_password(user["id"], password):
                raise Fault(401, _UNAUTHORIZED)
            project_id = self._scope(user, auth.get("scope"))
        elif method == "token":
            previous = self.validate((identity["token"] or {}).get("id"))
            if previous is None:
                raise Fault(404, "Could not find token.")
            found = self.accounts.find_user({"id": previous.user_id})
            if found is None:
                raise Fault(401, _UNAUTHORIZED)
            user = found
            project_id = self._scope(user, auth.get("scope"))
            expires_at = previous.expires_at
        elif method == "application_credential":
            app_cred, user = self._app_cred_for(identity["application_credential"] or {})
            project_id = app_cred["project_id"]
            if app_cred["expires_at"] is not None:
                expires_at = app_cred["expires_at"]
        else:
            raise Fault(401, f"Attempted to authenticate with an unsupported method: {method}")
        token = self._issue(user, project_id, [method], app_cred, expires_at)
        if self._subject(self.tokens[token]) is None:  # e.g. the credential's roles are gone
            self.drop_token(token)
            raise Fault(401, _UNAUTHORIZED)
        return Response.json(self.token_body(request, token), 201, {"X-Subject-Token": token})

    def _app_cred_for(self, spec: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        cred = None
        if spec.get("id"):
            cred = self.app_creds.get(str(spec["id"]))
        elif isinstance(spec.get("user"), dict):
            user = self.accounts.find_user(spec["user"])
            for candidate in self.app_creds.values():
                if (
                    user
                    and candidate["user_id"] == user["id"]
                    and candidate["name"] == spec.get("name")
                ):
                    cred = candidate
        if cred is None or digest(str(spec.get("secret", ""))) != cred["secret_hash"]:
            raise Fault(401, _UNAUTHORIZED)
        if cred["expires_at"] is not None and cred["expires_at"] <= self.now():
            raise Fault(401, _UNAUTHORIZED)
        owner = self.accounts.find_user({"id": cred["user_id"]})
        if owner is None:
            raise Fault(401, _UNAUTHORIZED)
        return cred, owner

    def _subject_token(self, request: Request) -> str:
        subject = request.headers.get("X-Subject-Token", "")
        if self.validate(subject) is None:
            raise Fault(404, "Could not find token.")
        return subject

    @route("GET", "/v3/auth/tokens")
    @route("HEAD", "/v3/auth/tokens")
    def check_token(self, request: Request) -> Response:
        """Validate ``X-Subject-Token``: its document (HEAD: status only;
        ``?nocatalog`` leaves the catalog out)."""
        subject = self._subject_token(request)
        body = self.token_body(request, subject, catalog="nocatalog" not in request.query)
        return Response.json(body, 200, {"X-Subject-Token": subject})

    @route("DELETE", "/v3/auth/tokens")
    def revoke_token(self, request: Request) -> Response:
        """Revoke ``X-Subject-Token``."""
        self.drop_token(self._subject_token(request))
        return Response.empty()

    @route("GET", "/v3/auth/projects")
    def auth_projects(self, request: Request) -> dict[str, Any]:
        """The projects the caller has a role on."""
        projects = [
            {**p, "links": {"self": request.link(f"/v3/projects/{p['id']}")}}
            for p in self.accounts.user_projects(str(request.user_id))
        ]
        return self.collection(request, "projects", projects)

    @route("GET", "/v3/auth/catalog")
    def auth_catalog(self, request: Request) -> dict[str, Any]:
        """The catalog of the caller's token."""
        if request.project_id is None:
            raise Fault(403, "A project-scoped token is required to produce a service catalog.")
        return {"catalog": self._context.cloud.catalog(), "links": {"self": request.url}}

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
        """Live tokens, application credentials and access rules, the registered
        catalog, and the accounts (named by their class)."""
        now = self.now()
        kind = type(self.accounts)
        return {
            "tokens": {t: r for t, r in self.tokens.items() if r["expires_at"] > now},
            "app_creds": self.app_creds,
            "access_rules": self.access_rules,
            "catalog": self.dump_catalog(),
            "accounts": {
                "kind": f"{kind.__module__}.{kind.__qualname__}",
                "state": self.accounts.dump_state(),
            },
        }

    def load_state(self, data: Any) -> None:
        """Take the saved state back. Accounts saved by another kind of accounts (an
        identity plugin installed or removed since) are left out, with the tokens and
        credentials of their users."""
        kind = type(self.accounts)
        accounts = data.get("accounts")
        if accounts is None and "users" in data:  # saved before accounts were apart
            accounts = {
                "kind": f"{SeededAccounts.__module__}.{SeededAccounts.__qualname__}",
                "state": {k: data[k] for k in ("roles", "projects", "users")},
            }
        self.load_catalog(data.get("catalog", {}))
        self.auth_cache.clear()
        if accounts is None or accounts["kind"] != f"{kind.__module__}.{kind.__qualname__}":
            return
        self.accounts.load_state(accounts["state"])
        self.tokens = {
            token: {k: v for k, v in record.items() if k != "roles"}
            for token, record in data["tokens"].items()
        }
        self.app_creds = {
            cred_id: {"access_rules": [], **cred} for cred_id, cred in data["app_creds"].items()
        }
        for cred in self.app_creds.values():
            cred["roles"] = [
                role if isinstance(role, dict) else self.accounts.find_role({"name": role})
                for role in cred["roles"]
            ]
            cred["roles"] = [r for r in cred["roles"] if r is not None]
        self.access_rules = dict(data.get("access_rules", {}))

    def __repr__(self) -> str:
        return f"<Keystone accounts={self.accounts!r}>"
