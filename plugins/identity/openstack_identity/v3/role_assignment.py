"""Role assignments: the full listing with every filter, and the roles one actor holds
on one target (openstacksdk's ``Role<Target><Actor>Assignment`` classes)."""

from __future__ import annotations

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

__all__ = [
    "RoleAssignment",
    "RoleDomainGroupAssignment",
    "RoleDomainUserAssignment",
    "RoleProjectGroupAssignment",
    "RoleProjectUserAssignment",
    "RoleSystemGroupAssignment",
    "RoleSystemUserAssignment",
]


class RoleAssignment(IdentityResource):
    """One assignment from ``GET /v3/role_assignments``.

    Filters (openstacksdk's names, then Keystone's): ``user_id`` (``user.id``),
    ``group_id`` (``group.id``), ``role_id`` (``role.id``), ``scope_project_id``
    (``scope.project.id``), ``scope_domain_id`` (``scope.domain.id``), ``scope_system``
    (``scope.system``, e.g. ``"all"``), ``inherited_to``
    (``scope.OS-INHERIT:inherited_to``), and the flags ``effective``,
    ``include_names`` and ``include_subtree``.
    """

    resources_key = "role_assignments"
    base_path = "/role_assignments"
    allow_list = True
    _query_mapping = resource.QueryParameters(
        "effective",
        "include_names",
        "include_subtree",
        user_id="user.id",
        group_id="group.id",
        role_id="role.id",
        scope_project_id="scope.project.id",
        scope_domain_id="scope.domain.id",
        scope_system="scope.system",
        inherited_to="scope.OS-INHERIT:inherited_to",
    )

    links = resource.Body("links", type=dict)
    role = resource.Body("role", type=dict)
    scope = resource.Body("scope", type=dict)
    user = resource.Body("user", type=dict)
    group = resource.Body("group", type=dict)


class _Granted(IdentityResource):
    """A role one actor holds on one target, as ``.../roles`` lists it (abstract)."""

    resources_key = "roles"
    allow_list = True

    links = resource.Body("links", type=dict)


class RoleDomainUserAssignment(_Granted):
    """A role of a user on a domain."""

    base_path = "/domains/%(domain_id)s/users/%(user_id)s/roles"
    domain_id = resource.URI("domain_id")
    user_id = resource.URI("user_id")


class RoleDomainGroupAssignment(_Granted):
    """A role of a group on a domain."""

    base_path = "/domains/%(domain_id)s/groups/%(group_id)s/roles"
    domain_id = resource.URI("domain_id")
    group_id = resource.URI("group_id")


class RoleProjectUserAssignment(_Granted):
    """A role of a user on a project."""

    base_path = "/projects/%(project_id)s/users/%(user_id)s/roles"
    project_id = resource.URI("project_id")
    user_id = resource.URI("user_id")


class RoleProjectGroupAssignment(_Granted):
    """A role of a group on a project."""

    base_path = "/projects/%(project_id)s/groups/%(group_id)s/roles"
    project_id = resource.URI("project_id")
    group_id = resource.URI("group_id")


class RoleSystemUserAssignment(_Granted):
    """A role of a user on the system (Keystone has one system, ``all``)."""

    base_path = "/system/users/%(user_id)s/roles"
    user_id = resource.URI("user_id")
    #: Not part of the path: kept for openstacksdk's attribute of that name.
    system_id = resource.Computed("system_id")


class RoleSystemGroupAssignment(_Granted):
    """A role of a group on the system."""

    base_path = "/system/groups/%(group_id)s/roles"
    group_id = resource.URI("group_id")
    system_id = resource.Computed("system_id")
