"""Proxy methods for roles, implied roles, role assignments and grants.

A grant is a role of a user or a group on a project, a domain or the system:
``assign_*``, ``unassign_*`` and ``validate_*`` for each pair, with openstacksdk's
names. ``inherited=True`` grants the role on every project below the target
(Keystone's OS-INHERIT) instead of on the target itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openstack_core import crud, exceptions, proxy, resource
from openstack_identity.v3.domain import Domain
from openstack_identity.v3.group import Group
from openstack_identity.v3.project import Project
from openstack_identity.v3.role import Role, RoleInference
from openstack_identity.v3.role_assignment import (
    RoleAssignment,
    RoleDomainGroupAssignment,
    RoleDomainUserAssignment,
    RoleProjectGroupAssignment,
    RoleProjectUserAssignment,
    RoleSystemGroupAssignment,
    RoleSystemUserAssignment,
)
from openstack_identity.v3.user import User

_FILTERED: dict[tuple[str, str], type[resource.Resource]] = {
    ("domain", "user"): RoleDomainUserAssignment,
    ("domain", "group"): RoleDomainGroupAssignment,
    ("project", "user"): RoleProjectUserAssignment,
    ("project", "group"): RoleProjectGroupAssignment,
    ("system", "user"): RoleSystemUserAssignment,
    ("system", "group"): RoleSystemGroupAssignment,
}


def _grant_path(
    target: str, target_id: Any, actor: str, actor_id: Any, role: Any, inherited: bool
) -> str:
    """``/projects/{p}/users/{u}/roles/{r}``, its OS-INHERIT form, or the system's."""
    quote = resource.quote_segment
    tail = f"{actor}s/{quote(resource.id_of(actor_id))}/roles/{quote(resource.id_of(role))}"
    if target == "system":
        return f"/system/{tail}"
    path = f"{target}s/{quote(resource.id_of(target_id))}/{tail}"
    if inherited:
        return f"/OS-INHERIT/{path}/inherited_to_projects"
    return f"/{path}"


class RoleMethods(proxy.Proxy):
    """What may be done: roles and who holds them where."""

    # -- roles --------------------------------------------------------------------------

    roles = crud.lister(Role)
    get_role = crud.getter(Role)
    find_role = crud.finder(Role)
    create_role = crud.creator(Role)
    update_role = crud.updater(Role)
    delete_role = crud.deleter(Role)

    # -- implied roles (names of our own: openstacksdk 4.22 has none) ----------------------

    def _inference_path(self, prior_role: Any, implied_role: Any) -> str:
        return self._get_resource(Role, prior_role).resource_path(
            "implies", resource.id_of(implied_role)
        )

    def create_implied_role(
        self, prior_role: str | Role, implied_role: str | Role
    ) -> RoleInference:
        """Make ``prior_role`` imply ``implied_role`` (``PUT
        /roles/{prior}/implies/{implied}``): whoever holds the first holds the second."""
        response = self.request(self._inference_path(prior_role, implied_role), "PUT")
        return RoleInference.existing(**resource.decode_json(response)["role_inference"])

    def get_implied_role(self, prior_role: str | Role, implied_role: str | Role) -> RoleInference:
        """The rule ``prior_role`` implies ``implied_role``; NotFoundException if none."""
        response = self.request(self._inference_path(prior_role, implied_role), "GET")
        return RoleInference.existing(**resource.decode_json(response)["role_inference"])

    def check_implied_role(self, prior_role: str | Role, implied_role: str | Role) -> bool:
        """Whether ``prior_role`` implies ``implied_role``."""
        try:
            self.request(self._inference_path(prior_role, implied_role), "HEAD")
        except exceptions.NotFoundException:
            return False
        return True

    def delete_implied_role(
        self, prior_role: str | Role, implied_role: str | Role, ignore_missing: bool = True
    ) -> None:
        """Remove the rule; a missing one is ignored unless ``ignore_missing=False``."""
        try:
            self.request(self._inference_path(prior_role, implied_role), "DELETE")
        except exceptions.NotFoundException:
            if not ignore_missing:
                raise

    def implied_roles(self, prior_role: str | Role) -> Iterator[Role]:
        """The roles ``prior_role`` implies directly (``GET /roles/{prior}/implies``)."""
        path = self._get_resource(Role, prior_role).resource_path("implies")
        answer = resource.decode_json(self.request(path, "GET"))
        for item in answer["role_inference"].get("implies", []):
            yield Role.existing(**item)

    #: ``role_inferences()``: every rule, one RoleInference per prior role, its
    #: ``implies`` a list.
    role_inferences = crud.lister(RoleInference)

    # -- role assignments -------------------------------------------------------------------

    #: ``role_assignments(**query)``; see RoleAssignment for every filter.
    role_assignments = crud.lister(RoleAssignment)

    def role_assignments_filter(
        self,
        domain: str | Domain | None = None,
        project: str | Project | None = None,
        system: str | None = None,
        group: str | Group | None = None,
        user: str | User | None = None,
    ) -> Iterator[Any]:
        """The roles one user or group holds on one domain, project or the system
        (``system="all"``), as openstacksdk's ``Role<Target><Actor>Assignment``."""
        targets = {"domain": domain, "project": project, "system": system}
        actors = {"group": group, "user": user}
        target = [name for name, value in targets.items() if value is not None]
        actor = [name for name, value in actors.items() if value is not None]
        if len(target) != 1:
            raise exceptions.InvalidRequest(
                "role_assignments_filter needs exactly one of domain, project or system"
            )
        if len(actor) != 1:
            raise exceptions.InvalidRequest(
                "role_assignments_filter needs exactly one of group or user"
            )
        kind = _FILTERED[(target[0], actor[0])]
        ids = {f"{actor[0]}_id": resource.id_of(actors[actor[0]])}
        if target[0] != "system":
            ids[f"{target[0]}_id"] = resource.id_of(targets[target[0]])
        return kind.list(self, **ids)

    # -- grants -------------------------------------------------------------------------

    def _grant(self, method: str, path: str) -> bool:
        if method != "HEAD":
            self.request(path, method)
            return True
        try:
            self.request(path, method)
        except exceptions.NotFoundException:
            return False
        return True

    def assign_project_role_to_user(
        self, project: str | Project, user: str | User, role: str | Role, *, inherited: bool = False
    ) -> None:
        """Grant ``role`` to ``user`` on ``project`` (ids or objects)."""
        self._grant("PUT", _grant_path("project", project, "user", user, role, inherited))

    def unassign_project_role_from_user(
        self, project: str | Project, user: str | User, role: str | Role, *, inherited: bool = False
    ) -> None:
        """Revoke ``role`` of ``user`` on ``project``."""
        self._grant("DELETE", _grant_path("project", project, "user", user, role, inherited))

    def validate_user_has_project_role(
        self, project: str | Project, user: str | User, role: str | Role, *, inherited: bool = False
    ) -> bool:
        """Whether ``user`` was granted ``role`` on ``project`` itself."""
        return self._grant("HEAD", _grant_path("project", project, "user", user, role, inherited))

    def assign_project_role_to_group(
        self,
        project: str | Project,
        group: str | Group,
        role: str | Role,
        *,
        inherited: bool = False,
    ) -> None:
        """Grant ``role`` to ``group`` on ``project``."""
        self._grant("PUT", _grant_path("project", project, "group", group, role, inherited))

    def unassign_project_role_from_group(
        self,
        project: str | Project,
        group: str | Group,
        role: str | Role,
        *,
        inherited: bool = False,
    ) -> None:
        """Revoke ``role`` of ``group`` on ``project``."""
        self._grant("DELETE", _grant_path("project", project, "group", group, role, inherited))

    def validate_group_has_project_role(
        self,
        project: str | Project,
        group: str | Group,
        role: str | Role,
        *,
        inherited: bool = False,
    ) -> bool:
        """Whether ``group`` was granted ``role`` on ``project``."""
        path = _grant_path("project", project, "group", group, role, inherited)
        return self._grant("HEAD", path)

    def assign_domain_role_to_user(
        self, domain: str | Domain, user: str | User, role: str | Role, *, inherited: bool = False
    ) -> None:
        """Grant ``role`` to ``user`` on ``domain``."""
        self._grant("PUT", _grant_path("domain", domain, "user", user, role, inherited))

    def unassign_domain_role_from_user(
        self, domain: str | Domain, user: str | User, role: str | Role, *, inherited: bool = False
    ) -> None:
        """Revoke ``role`` of ``user`` on ``domain``."""
        self._grant("DELETE", _grant_path("domain", domain, "user", user, role, inherited))

    def validate_user_has_domain_role(
        self, domain: str | Domain, user: str | User, role: str | Role, *, inherited: bool = False
    ) -> bool:
        """Whether ``user`` was granted ``role`` on ``domain``."""
        return self._grant("HEAD", _grant_path("domain", domain, "user", user, role, inherited))

    def assign_domain_role_to_group(
        self, domain: str | Domain, group: str | Group, role: str | Role, *, inherited: bool = False
    ) -> None:
        """Grant ``role`` to ``group`` on ``domain``."""
        self._grant("PUT", _grant_path("domain", domain, "group", group, role, inherited))

    def unassign_domain_role_from_group(
        self, domain: str | Domain, group: str | Group, role: str | Role, *, inherited: bool = False
    ) -> None:
        """Revoke ``role`` of ``group`` on ``domain``."""
        self._grant("DELETE", _grant_path("domain", domain, "group", group, role, inherited))

    def validate_group_has_domain_role(
        self, domain: str | Domain, group: str | Group, role: str | Role, *, inherited: bool = False
    ) -> bool:
        """Whether ``group`` was granted ``role`` on ``domain``."""
        return self._grant("HEAD", _grant_path("domain", domain, "group", group, role, inherited))

    # The system argument is openstacksdk's; Keystone has one system ("all"), which
    # its paths do not name.

    def assign_system_role_to_user(self, user: str | User, role: str | Role, system: str) -> None:
        """Grant ``role`` to ``user`` on the system."""
        self._grant("PUT", _grant_path("system", system, "user", user, role, False))

    def unassign_system_role_from_user(
        self, user: str | User, role: str | Role, system: str
    ) -> None:
        """Revoke ``role`` of ``user`` on the system."""
        self._grant("DELETE", _grant_path("system", system, "user", user, role, False))

    def validate_user_has_system_role(
        self, user: str | User, role: str | Role, system: str
    ) -> bool:
        """Whether ``user`` was granted ``role`` on the system."""
        return self._grant("HEAD", _grant_path("system", system, "user", user, role, False))

    def assign_system_role_to_group(
        self, group: str | Group, role: str | Role, system: str
    ) -> None:
        """Grant ``role`` to ``group`` on the system."""
        self._grant("PUT", _grant_path("system", system, "group", group, role, False))

    def unassign_system_role_from_group(
        self, group: str | Group, role: str | Role, system: str
    ) -> None:
        """Revoke ``role`` of ``group`` on the system."""
        self._grant("DELETE", _grant_path("system", system, "group", group, role, False))

    def validate_group_has_system_role(
        self, group: str | Group, role: str | Role, system: str
    ) -> bool:
        """Whether ``group`` was granted ``role`` on the system."""
        return self._grant("HEAD", _grant_path("system", system, "group", group, role, False))
