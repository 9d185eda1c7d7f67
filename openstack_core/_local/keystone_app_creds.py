"""Application credentials and their access rules, for the fake Keystone.

A user creates them with a project-scoped token, for that project and the token's roles
(or some of them); the secret is answered once and kept as a hash. Access rules
(``{"service", "method", "path"}``, ``*`` matching one path segment and ``**`` any
number) limit what a token of the credential may call, as keystonemiddleware enforces
them in every service: the local cloud checks them on every request. A user's identical
rules are one rule, shared by the credentials that name it, and cannot be deleted while
one does.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from openstack_core._local.clock import isotime, parse_time
from openstack_core._local.http import Fault, Request, Response
from openstack_core._local.keystone_catalog import CatalogAdmin
from openstack_core._local.service import route

if TYPE_CHECKING:
    from openstack_core._local.accounts import Accounts

__all__ = ["AppCredentials", "digest"]

_RULE_KEYS = ("service", "method", "path")
#: What a user owns here: the attribute that keeps it and its name in Keystone's 404.
_OWNED = {
    "application_credential": ("app_creds", "Application Credential"),
    "access_rule": ("access_rules", "Access Rule"),
}


def digest(secret: str) -> str:
    """How a secret is kept: its SHA-256."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _forbidden(action: str) -> Fault:
    return Fault(403, f"You are not authorized to perform the requested action: {action}.")


def _path_pattern(path: str) -> re.Pattern[str]:
    parts = []
    for segment in path.strip("/").split("/"):
        if segment == "**":
            parts.append(".*")
        elif segment == "*":
            parts.append("[^/]+")
        else:
            parts.append(re.escape(segment))
    return re.compile("^/" + "/".join(parts) + "/?$")


class AppCredentials(CatalogAdmin):
    """``/v3/users/{user_id}/application_credentials`` and ``.../access_rules``."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.app_creds: dict[str, dict[str, Any]] = {}
        self.access_rules: dict[str, dict[str, Any]] = {}

    def allowed_by_rules(
        self, app_cred_id: str | None, service: str, method: str, path: str
    ) -> bool:
        """Whether a token of the credential may call ``method path`` of ``service``
        (always, for a credential without access rules)."""
        cred = self.app_creds.get(app_cred_id or "")
        if cred is None or not cred["access_rules"]:
            return True
        for rule_id in cred["access_rules"]:
            rule = self.access_rules.get(rule_id)
            if (
                rule is not None
                and rule["service"] == service
                and rule["method"] == method
                and _path_pattern(rule["path"]).match(path)
            ):
                return True
        return False

    def _own(self, request: Request, user_id: str, action: str) -> None:
        if user_id != request.user_id:
            raise _forbidden(f"identity:{action}")

    # -- views --------------------------------------------------------------------------

    def _rule_view(self, request: Request, rule: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": rule["id"],
            **{k: rule[k] for k in _RULE_KEYS},
            "links": {
                "self": request.link(f"/v3/users/{rule['user_id']}/access_rules/{rule['id']}")
            },
        }

    def _cred_view(self, request: Request, cred: dict[str, Any]) -> dict[str, Any]:
        expires = cred["expires_at"]
        rules = [self.access_rules[r] for r in cred["access_rules"] if r in self.access_rules]
        return {
            "id": cred["id"],
            "name": cred["name"],
            "description": cred["description"],
            "project_id": cred["project_id"],
            "user_id": cred["user_id"],
            "roles": [{**r, "domain_id": None} for r in cred["roles"]],
            "expires_at": isotime(expires, micro=True, zulu=False) if expires else None,
            "unrestricted": cred["unrestricted"],
            "access_rules": [{"id": r["id"], **{k: r[k] for k in _RULE_KEYS}} for r in rules],
            "links": {
                "self": request.link(
                    f"/v3/users/{cred['user_id']}/application_credentials/{cred['id']}"
                )
            },
        }

    # -- application credentials ------------------------------------------------------

    def _roles_for(self, request: Request, wanted: Any) -> list[dict[str, Any]]:
        assert request.auth is not None
        held = [self.accounts.find_role({"name": name}) for name in request.auth.roles]
        if not wanted:
            return [{"id": r["id"], "name": r["name"]} for r in held if r is not None]
        names = {r["name"] for r in held if r is not None}
        roles = []
        for reference in wanted:
            role = self.accounts.find_role(reference if isinstance(reference, dict) else {})
            if role is None or role["name"] not in names:
                raise Fault(
                    400,
                    "Invalid application credential: Cannot create an application "
                    "credential with unassigned role",
                )
            roles.append({"id": role["id"], "name": role["name"]})
        return roles

    def _rules_for(self, user_id: str, wanted: Any) -> list[str]:
        found: list[str] = []
        for spec in wanted or []:
            if not isinstance(spec, dict):
                raise Fault(400, "Invalid input for field 'access_rules': an object is required")
            if spec.get("id") and set(spec) == {"id"}:
                rule = self.access_rules.get(str(spec["id"]))
                if rule is None or rule["user_id"] != user_id:
                    raise Fault(404, f"Could not find Access Rule: {spec['id']}.")
                found.append(rule["id"])
                continue
            if not all(isinstance(spec.get(k), str) and spec[k] for k in _RULE_KEYS):
                raise Fault(400, "Invalid input for field 'access_rules': service, method and path")
            same = next(
                (
                    r
                    for r in self.access_rules.values()
                    if r["user_id"] == user_id and all(r[k] == spec[k] for k in _RULE_KEYS)
                ),
                None,
            )
            if same is None:
                same = {
                    "id": uuid.uuid4().hex,
                    "user_id": user_id,
                    **{k: spec[k] for k in _RULE_KEYS},
                }
                self.access_rules[same["id"]] = same
            found.append(same["id"])
        return found

    @route("POST", "/v3/users/{user_id}/application_credentials")
    def create_app_cred(self, request: Request, user_id: str) -> Response:
        """Create an application credential of the caller, for the token's project and
        roles (or some of them); the secret is in this answer only."""
        self._own(request, user_id, "create_application_credential")
        assert request.auth is not None
        if "application_credential" in request.auth.methods:
            used = self.app_creds.get(self.token_record(request)["app_cred_id"] or "")
            if used is None or not used["unrestricted"]:
                raise _forbidden(
                    "Using method 'application_credential' is not allowed for managing "
                    "additional application credentials."
                )
        spec = request.json_object("application_credential")
        name = spec.get("name")
        if not isinstance(name, str) or not name:
            raise Fault(400, "Invalid input for field 'name': a name is required.")
        if any(c["user_id"] == user_id and c["name"] == name for c in self.app_creds.values()):
            raise Fault(
                409,
                "Conflict occurred attempting to store application_credential - Duplicate entry.",
            )
        if request.project_id is None:
            raise Fault(401, "The request you have made requires authentication.")
        roles = self._roles_for(request, spec.get("roles"))
        secret = str(spec.get("secret") or secrets.token_urlsafe(64))
        expires = spec.get("expires_at")
        try:
            expires_at = parse_time(str(expires)) if expires else None
        except ValueError:
            raise Fault(400, f"Invalid input for field 'expires_at': {expires!r}") from None
        cred: dict[str, Any] = {
            "id": uuid.uuid4().hex,
            "name": name,
            "description": spec.get("description"),
            "user_id": user_id,
            "project_id": request.project_id,
            "roles": roles,
            "secret_hash": digest(secret),
            "expires_at": expires_at,
            "unrestricted": bool(spec.get("unrestricted", False)),
            "access_rules": self._rules_for(user_id, spec.get("access_rules")),
        }
        self.app_creds[cred["id"]] = cred
        view = self._cred_view(request, cred)
        view["secret"] = secret
        return Response.json({"application_credential": view}, 201)

    def _mine(
        self, request: Request, user_id: str, kind: str, filters: tuple[str, ...]
    ) -> list[dict[str, Any]]:
        """The caller's application credentials or access rules, ``filters`` applied."""
        self._own(request, user_id, f"list_{kind}s")
        table: dict[str, dict[str, Any]] = getattr(self, _OWNED[kind][0])
        wanted = {k: request.arg(k) for k in filters}
        return [
            item
            for item in table.values()
            if item["user_id"] == user_id and all(v in (None, item[k]) for k, v in wanted.items())
        ]

    def _owned(
        self, request: Request, user_id: str, kind: str, item_id: str, action: str
    ) -> dict[str, Any]:
        """One application credential or access rule of the caller; 404 otherwise."""
        self._own(request, user_id, f"{action}_{kind}")
        table, label = _OWNED[kind]
        item: dict[str, Any] | None = getattr(self, table).get(item_id)
        if item is None or item["user_id"] != user_id:
            raise Fault(404, f"Could not find {label}: {item_id}.")
        return item

    @route("GET", "/v3/users/{user_id}/application_credentials")
    def list_app_creds(self, request: Request, user_id: str) -> dict[str, Any]:
        """The caller's application credentials (``?name=`` filters)."""
        found = self._mine(request, user_id, "application_credential", ("name",))
        creds = [self._cred_view(request, c) for c in found]
        return self.collection(request, "application_credentials", creds)

    @route("GET", "/v3/users/{user_id}/application_credentials/{cred_id}")
    def get_app_cred(self, request: Request, user_id: str, cred_id: str) -> dict[str, Any]:
        """One application credential of the caller (without its secret)."""
        cred = self._owned(request, user_id, "application_credential", cred_id, "get")
        return {"application_credential": self._cred_view(request, cred)}

    @route("DELETE", "/v3/users/{user_id}/application_credentials/{cred_id}")
    def delete_app_cred(self, request: Request, user_id: str, cred_id: str) -> Response:
        """Delete an application credential and revoke the tokens issued with it."""
        self._owned(request, user_id, "application_credential", cred_id, "delete")
        del self.app_creds[cred_id]
        self.forget_tokens(lambda record: record["app_cred_id"] == cred_id)
        return Response.empty()

    # -- access rules -------------------------------------------------------------------

    @route("GET", "/v3/users/{user_id}/access_rules")
    def list_access_rules(self, request: Request, user_id: str) -> dict[str, Any]:
        """The caller's access rules (``?service=``, ``?method=``, ``?path=``)."""
        rules = self._mine(request, user_id, "access_rule", _RULE_KEYS)
        views = [self._rule_view(request, r) for r in rules]
        return self.collection(request, "access_rules", views)

    @route("GET", "/v3/users/{user_id}/access_rules/{rule_id}")
    def get_access_rule(self, request: Request, user_id: str, rule_id: str) -> dict[str, Any]:
        """One access rule of the caller."""
        rule = self._owned(request, user_id, "access_rule", rule_id, "get")
        return {"access_rule": self._rule_view(request, rule)}

    @route("DELETE", "/v3/users/{user_id}/access_rules/{rule_id}")
    def delete_access_rule(self, request: Request, user_id: str, rule_id: str) -> None:
        """Delete an access rule no application credential uses (403 otherwise)."""
        self._owned(request, user_id, "access_rule", rule_id, "delete")
        if any(rule_id in c["access_rules"] for c in self.app_creds.values()):
            raise Fault(403, "May not delete access rule in use")
        del self.access_rules[rule_id]

    # -- the tokens (kept by Keystone, keystone.py) -------------------------------------------

    accounts: Accounts
    #: Token records by token, and the callers they were last validated as.
    tokens: dict[str, dict[str, Any]]
    auth_cache: dict[str, Any]

    def token_record(self, request: Request) -> dict[str, Any]:
        """The record of the caller's token."""
        return self.tokens[str(request.headers.get("X-Auth-Token"))]

    def forget_tokens(self, which: Callable[[dict[str, Any]], bool]) -> None:
        """Drop the tokens whose record ``which`` accepts."""
        for token, record in list(self.tokens.items()):
            if which(record):
                del self.tokens[token]
                self.auth_cache.pop(token, None)
