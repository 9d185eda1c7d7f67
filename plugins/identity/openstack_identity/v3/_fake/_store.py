"""The identity fake's state, what its route groups share, and the accounts hooks the
core's Keystone asks (``openstack_core.fakes.Accounts``).

Every entity is a plain dict shaped as Keystone stores it, so the state is JSON as it
is. Seeding follows ``keystone-manage bootstrap``: domain ``Default``; the roles
``reader``, ``member`` (implies reader), ``manager`` (implies member), ``admin``
(implies manager) and ``service``, immutable; then the users of the ``users`` setting,
each granted its roles on a project of that name (an admin also on the system).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

from openstack_core import fakes

DEFAULT_DOMAIN = "default"
#: Keystone's bootstrap roles and the role each implies.
BOOTSTRAP_ROLES = {"reader": None, "member": "reader", "manager": "member", "admin": "manager"}
FALSE = ("false", "0", "no", "off")


def new_id() -> str:
    """A Keystone id: 32 hex digits."""
    return uuid.uuid4().hex


def hashed(password: str) -> str:
    """How a password is kept."""
    return hashlib.sha256(password.encode()).hexdigest()


def forbidden(action: str) -> fakes.Fault:
    """Keystone's policy denial."""
    return fakes.Fault(403, f"You are not authorized to perform the requested action: {action}.")


def conflict(kind: str, details: str) -> fakes.Fault:
    """Keystone's 409."""
    return fakes.Fault(409, f"Conflict occurred attempting to store {kind} - {details}.")


def invalid(field: str, why: str) -> fakes.Fault:
    """Keystone's schema validation error."""
    return fakes.Fault(400, f"Invalid input for field '{field}': {why}")


def grant_record(
    actor: str, actor_id: str, target: str, target_id: str, role_id: Any, inherited: bool
) -> dict[str, Any]:
    """A grant as the fake keeps it (``target_id`` ``all`` for the system)."""
    return {
        "actor": actor,
        "actor_id": actor_id,
        "target": target,
        "target_id": target_id,
        "role_id": role_id,
        "inherited": inherited,
    }


def truthy(text: str | None) -> bool:
    """A query flag as Keystone reads it: present and not false, 0, no or off."""
    return text is not None and text.lower() not in FALSE


class Store(fakes.Accounts):
    """State, seeding, the accounts hooks and the helpers every route group uses."""

    service_type = "identity"
    api_version = 3
    plugin_api_version = "2.1"
    default_settings: ClassVar[Mapping[str, Any]] = {"max_list_limit": 1000}

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.domains: dict[str, dict[str, Any]] = {}
        self.projects: dict[str, dict[str, Any]] = {}
        self.users: dict[str, dict[str, Any]] = {}
        #: Clear passwords of the seeded users (the local cloud writes them to clouds.yaml).
        self.seeded: dict[str, str] = {}
        self.groups: dict[str, dict[str, Any]] = {}
        self.members: dict[str, list[str]] = {}  # group id -> user ids
        self.roles: dict[str, dict[str, Any]] = {}
        self.implied: list[list[str]] = []  # [prior role id, implied role id]
        #: Grants: actor ("user"/"group"), actor_id, target ("project"/"domain"/"system"),
        #: target_id ("all" for the system), role_id, inherited.
        self.grants: list[dict[str, Any]] = []
        self.domain_configs: dict[str, dict[str, Any]] = {}
        self.creds: dict[str, dict[str, Any]] = {}
        self.registered_limits: dict[str, dict[str, Any]] = {}
        self.limits: dict[str, dict[str, Any]] = {}
        self.trusts: dict[str, dict[str, Any]] = {}
        self.idps: dict[str, dict[str, Any]] = {}
        self.protocols: dict[str, dict[str, dict[str, Any]]] = {}  # idp id -> protocols
        self.mappings: dict[str, dict[str, Any]] = {}
        self.sps: dict[str, dict[str, Any]] = {}
        self.seed()

    # -- seeding --------------------------------------------------------------------------

    def seed(self) -> None:
        """Domain Default, the bootstrap roles and the users of the ``users`` setting
        (those already there are left as they are)."""
        self.domains.setdefault(
            DEFAULT_DOMAIN,
            {
                "id": DEFAULT_DOMAIN,
                "name": "Default",
                "description": "The default domain",
                "enabled": True,
                "options": {},
                "tags": [],
            },
        )
        for name, implies in BOOTSTRAP_ROLES.items():
            role = self.role_named(name) or self.add_role(name, immutable=True)
            implied = self.role_named(implies) if implies else None
            if implied is not None and [role["id"], implied["id"]] not in self.implied:
                self.implied.append([role["id"], implied["id"]])
        if self.role_named("service") is None:
            self.add_role("service", immutable=True)
        for spec in self.settings["users"]:
            if any(u["name"] == spec["name"] for u in self.users.values()):
                continue
            project = next(
                (p for p in self.projects.values() if p["name"] == spec["project"]), None
            ) or self.add_project(str(spec["project"]), DEFAULT_DOMAIN)
            password = secrets.token_urlsafe(16)
            user = self.add_user(
                str(spec["name"]), DEFAULT_DOMAIN, password, default_project_id=project["id"]
            )
            self.seeded[user["id"]] = password
            for role_name in spec["roles"]:
                role = self.role_named(str(role_name)) or self.add_role(str(role_name))
                self.add_grant("user", user["id"], "project", project["id"], role["id"])
                if role_name == "admin":
                    self.add_grant("user", user["id"], "system", "all", role["id"])

    def add_role(
        self, name: str, *, domain_id: str | None = None, immutable: bool = False
    ) -> dict[str, Any]:
        """A new role."""
        role: dict[str, Any] = {
            "id": new_id(),
            "name": name,
            "domain_id": domain_id,
            "description": None,
            "options": {"immutable": True} if immutable else {},
        }
        self.roles[role["id"]] = role
        return role

    def add_project(self, name: str, domain_id: str, **attrs: Any) -> dict[str, Any]:
        """A new project (top-level unless ``parent_id`` says otherwise)."""
        project = {
            "id": new_id(),
            "name": name,
            "domain_id": domain_id,
            "description": "",
            "enabled": True,
            "is_domain": False,
            "parent_id": domain_id,
            "tags": [],
            "options": {},
            **attrs,
        }
        self.projects[project["id"]] = project
        return project

    def add_user(
        self, name: str, domain_id: str, password: str | None, **attrs: Any
    ) -> dict[str, Any]:
        """A new user."""
        user = {
            "id": new_id(),
            "name": name,
            "domain_id": domain_id,
            "enabled": True,
            "password": hashed(password) if password else None,
            "password_expires_at": None,
            "options": {},
            **attrs,
        }
        self.users[user["id"]] = user
        return user

    def add_grant(
        self,
        actor: str,
        actor_id: str,
        target: str,
        target_id: str,
        role_id: str,
        inherited: bool = False,
    ) -> bool:
        """Grant a role (False if it was granted already)."""
        grant = grant_record(actor, actor_id, target, target_id, role_id, inherited)
        if grant in self.grants:
            return False
        self.grants.append(grant)
        return True

    # -- lookups ----------------------------------------------------------------------------

    def role_named(self, name: str, domain_id: str | None = None) -> dict[str, Any] | None:
        """The role called ``name`` (global, or of ``domain_id``)."""
        for role in self.roles.values():
            if role["name"] == name and role["domain_id"] == domain_id:
                return role
        return None

    @staticmethod
    def found(table: Mapping[str, dict[str, Any]], item_id: str, message: str) -> dict[str, Any]:
        """``table[item_id]``; a 404 saying ``message`` if there is none."""
        item = table.get(item_id)
        if item is None:
            raise fakes.Fault(404, message)
        return item

    def entity(self, kind: str, entity_id: str) -> dict[str, Any]:
        """A domain, project, user, group or role by id; Keystone's 404 otherwise."""
        return self.found(
            getattr(self, f"{kind}s"), entity_id, f"Could not find {kind}: {entity_id}."
        )

    def named(self, table: Mapping[str, dict[str, Any]], reference: Mapping[str, Any]) -> Any:
        """The entity of ``table`` a reference names: ``{"id"}``, or ``{"name",
        "domain": {"id" or "name"}}``."""
        if reference.get("id") is not None:
            return table.get(str(reference["id"]))
        domain_ref = reference.get("domain")
        if not isinstance(domain_ref, Mapping):
            return None
        domain = self.domain_of(domain_ref)
        if domain is None:
            return None
        return next(
            (
                e
                for e in table.values()
                if e["name"] == reference.get("name") and e["domain_id"] == domain["id"]
            ),
            None,
        )

    def domain_of(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        """The domain ``{"id"}`` or ``{"name"}`` names, enabled or not."""
        if reference.get("id") is not None:
            return self.domains.get(str(reference["id"]))
        return next((d for d in self.domains.values() if d["name"] == reference.get("name")), None)

    def group_ids_of(self, user_id: str) -> set[str]:
        """The groups the user is a member of."""
        return {g for g, users in self.members.items() if user_id in users}

    def ancestors(self, project_id: str) -> list[str]:
        """The project's parents, nearest first (projects only, not the domain)."""
        found: list[str] = []
        current = self.projects.get(project_id)
        while current is not None and current["parent_id"] in self.projects:
            found.append(current["parent_id"])
            current = self.projects[current["parent_id"]]
        return found

    def subtree(self, project_id: str) -> list[str]:
        """The projects below the project, parents before children."""
        found = [project_id]
        for current in found:
            found.extend(p["id"] for p in self.projects.values() if p["parent_id"] == current)
        return found[1:]

    def implied_closure(self, role_ids: Iterable[str]) -> list[str]:
        """``role_ids`` and every role they imply, directly or not."""
        found = list(dict.fromkeys(role_ids))
        for role_id in found:
            for prior, implied in self.implied:
                if prior == role_id and implied not in found:
                    found.append(implied)
        return found

    # -- policy and requests ----------------------------------------------------------------

    @staticmethod
    def admin(request: fakes.Request, action: str) -> None:
        """Keystone's default policy, reduced: the admin role, else 403."""
        if not request.is_admin:
            raise forbidden(f"identity:{action}")

    def scope_domain(self, request: fakes.Request) -> str:
        """The domain of the caller's project (Keystone's default ``domain_id``)."""
        project = self.projects.get(request.project_id or "")
        return str(project["domain_id"]) if project else DEFAULT_DOMAIN

    @staticmethod
    def body(request: fakes.Request, key: str) -> dict[str, Any]:
        """The request's ``{key: {...}}``; Keystone's 400 otherwise."""
        data = request.json()
        if not isinstance(data, dict) or not isinstance(data.get(key), dict):
            raise fakes.Fault(
                400,
                f"Expecting to find {key} in request body. The server could not comply with "
                "the request since it is either malformed or otherwise incorrect. The client "
                "is assumed to be in error.",
            )
        found: dict[str, Any] = data[key]
        return found

    @staticmethod
    def name_of(spec: Mapping[str, Any], field: str = "name") -> str:
        """A required, non-empty string of ``spec``."""
        value = spec.get(field)
        if not isinstance(value, str):
            raise invalid(field, f"{value!r} is not of type 'string'")
        if not value.strip():
            raise invalid(field, f"{value!r} is too short")
        if len(value) > 255:
            raise invalid(field, f"{value!r} is too long")
        return value

    @staticmethod
    def link(request: fakes.Request, path: str) -> dict[str, str]:
        """``{"self": <url of path>}``."""
        return {"self": request.link(path)}

    def listing(
        self,
        request: fakes.Request,
        key: str,
        items: Iterable[dict[str, Any]],
        view: Callable[[dict[str, Any]], dict[str, Any]],
        filters: Iterable[str] = (),
    ) -> dict[str, Any]:
        """A collection as Keystone answers it: exact ``filters`` from the query (and
        their inexact forms, ``name__contains`` ...), then ``?limit=`` and ``?marker=``
        pages with a ``links.next`` (and ``truncated``) when a page is full."""
        views = [view(item) for item in items]
        for name in filters:
            views = [v for v in views if _matches(v, name, request)]
        page = fakes.paginate(
            views,
            request,
            max_limit=int(self.settings["max_list_limit"]) if request.arg("limit") else None,
            missing_marker=lambda marker: fakes.Fault(404, f"Marker {marker} could not be found."),
        )
        answer: dict[str, Any] = {
            key: page.items,
            "links": {"self": request.url, "next": page.next_link(request), "previous": None},
        }
        if page.next_marker is not None:
            answer["truncated"] = True
        return answer

    # -- the accounts hooks (what the core's Keystone asks) -------------------------------------

    def _enabled_domain(self, domain_id: str) -> bool:
        domain = self.domains.get(domain_id)
        return domain is not None and bool(domain["enabled"])

    def find_user(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        """An enabled user of an enabled domain, as Keystone shows users."""
        user = self.named(self.users, reference)
        if user is None or not user["enabled"] or not self._enabled_domain(user["domain_id"]):
            return None
        return {k: v for k, v in user.items() if k != "password"}

    def check_password(self, user_id: str, password: str) -> bool:
        """Compare with the user's password (in constant time)."""
        stored = self.users.get(user_id, {}).get("password")
        return stored is not None and hmac.compare_digest(stored, hashed(password))

    def find_project(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        """An enabled project of an enabled domain."""
        project = self.named(self.projects, reference)
        if (
            project is None
            or not project["enabled"]
            or not self._enabled_domain(project["domain_id"])
        ):
            return None
        return dict(project)

    def find_domain(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        """An enabled domain."""
        domain = self.domain_of(reference)
        return dict(domain) if domain is not None and domain["enabled"] else None

    def find_role(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        """A global role by id or name."""
        if reference.get("id") is not None:
            role = self.roles.get(str(reference["id"]))
        else:
            role = self.role_named(str(reference.get("name")))
        return dict(role) if role is not None and role["domain_id"] is None else None

    def effective_roles(self, user_id: str, *, project_id: str) -> list[dict[str, Any]]:
        """Granted to the user or its groups on the project, inherited from its parents
        or its domain, then implied; domain-specific roles only imply others."""
        project = self.projects.get(project_id)
        if project is None:
            return []
        actors = {("user", user_id)} | {("group", g) for g in self.group_ids_of(user_id)}
        parents = set(self.ancestors(project_id))
        granted = [
            g["role_id"]
            for g in self.grants
            if (g["actor"], g["actor_id"]) in actors
            and (
                (g["target"] == "project" and g["target_id"] == project_id and not g["inherited"])
                or (g["target"] == "project" and g["target_id"] in parents and g["inherited"])
                or (
                    g["target"] == "domain"
                    and g["target_id"] == project["domain_id"]
                    and g["inherited"]
                )
            )
        ]
        roles = [self.roles[r] for r in self.implied_closure(granted) if r in self.roles]
        return [{"id": r["id"], "name": r["name"]} for r in roles if r["domain_id"] is None]

    def user_projects(self, user_id: str) -> list[dict[str, Any]]:
        """The enabled projects where the user has an effective role."""
        found = [self.find_project({"id": p}) for p in self.projects]
        return [
            p for p in found if p is not None and self.effective_roles(user_id, project_id=p["id"])
        ]

    def credentials(self) -> dict[str, dict[str, str]]:
        """The seeded users' passwords and projects (as long as they exist)."""
        found = {}
        for user_id, password in self.seeded.items():
            user = self.users.get(user_id)
            if user is None:
                continue
            project = self.projects.get(user.get("default_project_id") or "")
            domain = self.domains[user["domain_id"]]
            found[user["name"]] = {
                "username": user["name"],
                "password": password,
                "project_name": project["name"] if project else "",
                "user_domain_name": domain["name"],
                "project_domain_name": domain["name"],
            }
        return found

    # -- what deletions leave behind --------------------------------------------------------

    def forget_missing(self) -> None:
        """Drop grants, memberships, credentials, limits and trusts of entities that no
        longer exist (after a deletion)."""
        tables = {
            "user": self.users,
            "group": self.groups,
            "project": self.projects,
            "domain": self.domains,
        }
        self.grants = [
            g
            for g in self.grants
            if g["actor_id"] in tables[g["actor"]]
            and g["role_id"] in self.roles
            and (g["target"] == "system" or g["target_id"] in tables[g["target"]])
        ]
        self.members = {
            g: [u for u in users if u in self.users]
            for g, users in self.members.items()
            if g in self.groups
        }
        self.implied = [pair for pair in self.implied if all(r in self.roles for r in pair)]
        self.creds = {k: c for k, c in self.creds.items() if c["user_id"] in self.users}
        self.limits = {
            k: limit
            for k, limit in self.limits.items()
            if (limit["project_id"] or limit["domain_id"]) in {**self.projects, **self.domains}
        }
        self.trusts = {
            k: t
            for k, t in self.trusts.items()
            if t["trustor_user_id"] in self.users and t["trustee_user_id"] in self.users
        }
        self.seeded = {k: v for k, v in self.seeded.items() if k in self.users}
        if DEFAULT_DOMAIN not in self.domains:  # never deleted: it is enabled
            self.seed()

    # -- state ------------------------------------------------------------------------------

    _STATE = (
        "domains",
        "projects",
        "users",
        "seeded",
        "groups",
        "members",
        "roles",
        "implied",
        "grants",
        "domain_configs",
        "creds",
        "registered_limits",
        "limits",
        "trusts",
        "idps",
        "protocols",
        "mappings",
        "sps",
    )

    def dump_state(self) -> Any:
        """Everything, as it is (JSON-serialisable)."""
        return {name: getattr(self, name) for name in self._STATE}

    def load_state(self, data: Any) -> None:
        """Take the saved state back; users the settings name that it lacks are seeded."""
        for name in self._STATE:
            setattr(self, name, type(getattr(self, name))(data.get(name, ())))
        self.seed()


def _matches(view: Mapping[str, Any], name: str, request: fakes.Request) -> bool:
    """Whether a view passes the query's filter ``name`` (and its inexact forms)."""
    for key, values in request.query.items():
        field, _, comparator = key.partition("__")
        if field != name:
            continue
        wanted, actual = values[-1], view.get(field)
        if isinstance(actual, bool):
            if actual != truthy(wanted):
                return False
        elif not comparator:
            if actual != wanted and not (actual is None and wanted in ("", "null")):
                return False
        elif not _inexact(comparator, str(actual or ""), wanted):
            return False
    return True


def _inexact(comparator: str, actual: str, wanted: str) -> bool:
    if comparator.startswith("i"):
        comparator, actual, wanted = comparator[1:], actual.lower(), wanted.lower()
    if comparator == "contains":
        return wanted in actual
    if comparator == "startswith":
        return actual.startswith(wanted)
    if comparator == "endswith":
        return actual.endswith(wanted)
    if comparator == "exact":
        return actual == wanted
    return True
