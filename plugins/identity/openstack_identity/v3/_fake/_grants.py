"""Grants of roles on projects, domains and the system (OS-INHERIT too), and
``/v3/role_assignments`` with every filter, in Keystone's direct and effective modes.

Effective mode expands as Keystone does: a group's grant becomes one per member, an
inherited grant one per project below its target (every project of a domain), implied
roles are added, and domain-specific roles, which only imply others, are left out;
system grants are not listed there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from openstack_core import fakes
from openstack_identity.v3._fake._store import Store, grant_record, truthy

_INHERIT = "OS-INHERIT:inherited_to"
_PLURAL = {"projects": "project", "domains": "domain", "users": "user", "groups": "group"}
F = TypeVar("F", bound=Callable[..., Any])


def _grant_paths(listing: bool) -> list[str]:
    """The paths of grants (of one role; or, ``listing``, of the roles granted):
    on projects and domains, on the system, and OS-INHERIT's to a target's projects."""
    role = "" if listing else "/{role_id}"
    paths = []
    for actor in ("users", "groups"):
        paths.append(f"/v3/system/{actor}/{{actor_id}}/roles{role}")
        for target in ("projects", "domains"):
            grant = f"/{target}/{{target_id}}/{actor}/{{actor_id}}/roles{role}"
            paths += [f"/v3{grant}", f"/v3/OS-INHERIT{grant}/inherited_to_projects"]
    return paths


def _grant_routes(method: str, *, listing: bool = False) -> Callable[[F], F]:
    """Declare a method as the handler of ``method`` on every grant path."""

    def declare(function: F) -> F:
        for path in _grant_paths(listing):
            function = fakes.route(method, path)(function)
        return function

    return declare


def _invalid(message: str) -> fakes.Fault:
    return fakes.Fault(400, message)


class GrantRoutes(Store):
    """Role grants and role assignments."""

    # -- grants -------------------------------------------------------------------------------

    def _grant_of(self, request: fakes.Request, role_id: str | None = None) -> dict[str, Any]:
        """The target, actor and inheritance a grant path names (``/v3/projects/p/users/
        u/roles/r``, ``/v3/system/groups/g/roles/r``, ``/v3/OS-INHERIT/domains/d/...``),
        each checked to exist."""
        parts = request.path.strip("/").split("/")[1:]
        inherited = parts[0] == "OS-INHERIT"
        if inherited:
            parts = parts[1:]
        if parts[0] == "system":
            target, target_id, actor, actor_id = "system", "all", _PLURAL[parts[1]], parts[2]
        else:
            target, target_id = _PLURAL[parts[0]], parts[1]
            actor, actor_id = _PLURAL[parts[2]], parts[3]
            self.entity(target, target_id)
        self.entity(actor, actor_id)
        if role_id is not None:
            role = self.entity("role", role_id)
            if role["domain_id"] is not None and target != "system":
                domain = target_id if target == "domain" else self.projects[target_id]["domain_id"]
                if role["domain_id"] != domain:
                    raise fakes.Fault(
                        403,
                        f"The {target} {target_id} must be in the same domain as the role "
                        f"{role_id} being assigned.",
                    )
        return grant_record(actor, actor_id, target, target_id, role_id, inherited)

    @_grant_routes("PUT")
    def create_grant(self, request: fakes.Request, role_id: str, **_: str) -> None:
        """Grant a role (admin); granting it again changes nothing."""
        self.admin(request, "create_grant")
        grant = self._grant_of(request, role_id)
        self.add_grant(**grant)

    @_grant_routes("GET")
    def check_grant(self, request: fakes.Request, role_id: str, **_: str) -> None:
        """204 if the role was granted so (HEAD too), else 404 (admin)."""
        self.admin(request, "check_grant")
        grant = self._grant_of(request, role_id)
        if grant not in self.grants:
            raise self._no_assignment(grant)

    @_grant_routes("DELETE")
    def revoke_grant(self, request: fakes.Request, role_id: str, **_: str) -> None:
        """Revoke a grant (admin); 404 if there is none."""
        self.admin(request, "revoke_grant")
        grant = self._grant_of(request, role_id)
        if grant not in self.grants:
            raise self._no_assignment(grant)
        self.grants.remove(grant)

    @staticmethod
    def _no_assignment(grant: dict[str, Any]) -> fakes.Fault:
        return fakes.Fault(
            404,
            f"Could not find role assignment with role: {grant['role_id']}, user or group: "
            f"{grant['actor_id']}, project, domain, or system: {grant['target_id']}.",
        )

    @_grant_routes("GET", listing=True)
    def list_grants(self, request: fakes.Request, **_: str) -> dict[str, Any]:
        """The roles granted so (admin)."""
        self.admin(request, "list_grants")
        where = self._grant_of(request)
        roles = [
            self.roles[g["role_id"]]
            for g in self.grants
            if all(g[k] == v for k, v in where.items() if k != "role_id")
        ]
        return self.listing(
            request,
            "roles",
            roles,
            lambda r: {**r, "links": self.link(request, f"/v3/roles/{r['id']}")},
        )

    # -- role assignments ---------------------------------------------------------------------

    @fakes.route("GET", "/v3/role_assignments")
    def list_role_assignments(self, request: fakes.Request) -> dict[str, Any]:
        """Role assignments (admin), filtered by ``user.id``, ``group.id``, ``role.id``,
        ``scope.project.id``, ``scope.domain.id``, ``scope.system``,
        ``scope.OS-INHERIT:inherited_to``; ``effective``, ``include_names`` and
        ``include_subtree`` as Keystone takes them."""
        self.admin(request, "list_role_assignments")
        arg = request.arg
        effective, subtree = truthy(arg("effective")), truthy(arg("include_subtree"))
        inherited_arg = arg(f"scope.{_INHERIT}")
        inherited = None if inherited_arg is None else inherited_arg == "projects"
        for first, second, what in (
            ("scope.domain.id", "scope.project.id", "a domain or project"),
            ("scope.domain.id", "scope.system", "system or domain"),
            ("scope.project.id", "scope.system", "system or project"),
            ("user.id", "group.id", "a user or group"),
        ):
            if arg(first) and arg(second):
                raise _invalid(f"Specify {what}, not both")
        if effective and arg("group.id"):
            raise _invalid(
                "Combining effective and group filter will always result in an empty list."
            )
        if effective and inherited and arg("scope.domain.id"):
            raise _invalid(
                "Combining effective, domain and inherited filters will always result in an "
                "empty list."
            )
        if subtree and not arg("scope.project.id"):
            raise _invalid(
                "scope.project.id must be specified if include_subtree is also specified"
            )
        projects = None
        if arg("scope.project.id"):
            project_id = str(arg("scope.project.id"))
            projects = {project_id, *(self.subtree(project_id) if subtree else ())}
        refs = self._effective(request) if effective else self._direct(request, inherited)
        refs = [
            r
            for r in refs
            if (projects is None or r.get("project_id") in projects)
            and (arg("scope.domain.id") in (None, r.get("domain_id")))
            and (arg("role.id") in (None, r["role_id"]))
        ]
        names = truthy(arg("include_names"))
        assignments = [self._assignment_view(request, r, names) for r in refs]
        return {"role_assignments": assignments, "links": self.link(request, request.path)}

    def _ref(self, grant: dict[str, Any]) -> dict[str, Any]:
        ref = {f"{grant['actor']}_id": grant["actor_id"], "role_id": grant["role_id"]}
        if grant["target"] == "system":
            ref["system"] = {"all": True}
        else:
            ref[f"{grant['target']}_id"] = grant["target_id"]
        if grant["inherited"]:
            ref["inherited"] = True
        return ref

    def _direct(self, request: fakes.Request, inherited: bool | None) -> list[dict[str, Any]]:
        """The grants as they are, system ones only without a project or domain filter
        (as Keystone lists them)."""
        arg = request.arg
        targeted = arg("scope.project.id") or arg("scope.domain.id")
        system = arg("scope.system")
        return [
            self._ref(g)
            for g in self.grants
            if arg("user.id") in (None, g["actor_id"] if g["actor"] == "user" else None)
            and arg("group.id") in (None, g["actor_id"] if g["actor"] == "group" else None)
            and (
                g["target"] == "system"
                if system
                else (g["target"] != "system" and inherited in (None, g["inherited"]))
                or (g["target"] == "system" and not targeted)
            )
        ]

    def _effective(self, request: fakes.Request) -> list[dict[str, Any]]:
        """Every assignment that puts a role in some user's token."""
        user_id = request.arg("user.id")
        refs: list[dict[str, Any]] = []
        for grant in self.grants:
            if grant["target"] == "system":
                continue
            if grant["actor"] == "user":
                users = [(grant["actor_id"], None)]
            else:
                users = [(u, grant["actor_id"]) for u in self.members.get(grant["actor_id"], [])]
            for member, via_group in users:
                if user_id not in (None, member):
                    continue
                indirect: dict[str, str] = {"group_id": via_group} if via_group else {}
                if not grant["inherited"]:
                    target = {f"{grant['target']}_id": grant["target_id"]}
                    refs.append(
                        {
                            "user_id": member,
                            "role_id": grant["role_id"],
                            **target,
                            "indirect": indirect,
                        }
                    )
                    continue
                if grant["target"] == "domain":
                    below = [
                        p for p, v in self.projects.items() if v["domain_id"] == grant["target_id"]
                    ]
                    source = {"domain_id": grant["target_id"]}
                else:
                    below = self.subtree(grant["target_id"])
                    source = {"project_id": grant["target_id"]}
                refs.extend(
                    {
                        "user_id": member,
                        "project_id": project_id,
                        "role_id": grant["role_id"],
                        "indirect": {**indirect, **source},
                    }
                    for project_id in below
                )
        implied = []
        for ref in refs:
            for role_id in self.implied_closure([ref["role_id"]])[1:]:
                implied.append(
                    {
                        **ref,
                        "role_id": role_id,
                        "indirect": {**ref["indirect"], "role_id": ref["role_id"]},
                    }
                )
        return [r for r in refs + implied if self.roles[r["role_id"]]["domain_id"] is None]

    def _assignment_view(
        self, request: fakes.Request, ref: dict[str, Any], names: bool
    ) -> dict[str, Any]:
        """One assignment as Keystone formats it, with its links (and names)."""
        indirect = ref.get("indirect", {})
        view: dict[str, Any] = {"links": {}}
        link = ""
        inherited = (
            bool(ref.get("inherited")) or "domain_id" in indirect or "project_id" in indirect
        )
        if "project_id" in ref:
            view["scope"] = {"project": self._named("project", ref["project_id"], names)}
            source = indirect.get("domain_id") and f"/domains/{indirect['domain_id']}"
            link = source or f"/projects/{indirect.get('project_id', ref['project_id'])}"
        elif "domain_id" in ref:
            view["scope"] = {"domain": self._named("domain", ref["domain_id"], names)}
            link = f"/domains/{ref['domain_id']}"
        else:
            view["scope"] = {"system": ref["system"]}
            link = "/system"
        if "user_id" in ref:
            view["user"] = self._named("user", ref["user_id"], names)
            if "group_id" in indirect:
                view["links"]["membership"] = request.link(
                    f"/v3/groups/{indirect['group_id']}/users/{ref['user_id']}"
                )
                link += f"/groups/{indirect['group_id']}"
            else:
                link += f"/users/{ref['user_id']}"
        else:
            view["group"] = self._named("group", ref["group_id"], names)
            link += f"/groups/{ref['group_id']}"
        view["role"] = self._named("role", ref["role_id"], names)
        link += f"/roles/{indirect.get('role_id', ref['role_id'])}"
        if inherited:
            view["scope"][_INHERIT] = "projects"
            link = f"/OS-INHERIT{link}/inherited_to_projects"
        view["links"]["assignment"] = request.link(f"/v3{link}")
        if "role_id" in indirect:
            view["links"]["prior_role"] = request.link(
                f"/v3/prior_role/{ref['role_id']}/implies/{indirect['role_id']}"
            )
        return view

    def _named(self, kind: str, entity_id: str, names: bool) -> dict[str, Any]:
        """``{"id"}``, or with ``include_names`` its name and domain."""
        if not names:
            return {"id": entity_id}
        entity = getattr(self, f"{kind}s").get(entity_id) or {"name": None, "domain_id": None}
        shown: dict[str, Any] = {"id": entity_id, "name": entity["name"]}
        domain = self.domains.get(entity.get("domain_id") or "")
        if kind != "domain" and (kind != "role" or domain is not None):
            shown["domain"] = {"id": entity.get("domain_id"), "name": domain and domain["name"]}
        return shown
