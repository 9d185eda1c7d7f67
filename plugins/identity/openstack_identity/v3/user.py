"""Users, and the users of a group.

A user's body carries its password on create and update, so its bodies stay out of
debug logs (``log_bodies = False``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

__all__ = ["GroupUser", "User"]


class User(IdentityResource):
    """A Keystone user (``/v3/users``)."""

    resource_key: ClassVar[str | None] = "user"
    resources_key = "users"
    base_path = "/users"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    log_bodies = False
    # Keystone keeps extra keys on users of the SQL backend (e.g. "email").
    allow_extra_attributes = True
    _query_mapping = resource.QueryParameters(
        "domain_id",
        "name",
        "password_expires_at",
        "unique_id",
        "idp_id",
        "protocol_id",
        is_enabled="enabled",
    )

    default_project_id = resource.Body("default_project_id", type=str)
    description = resource.Body("description", type=str)
    domain_id = resource.Body("domain_id", type=str)
    email = resource.Body("email", type=str)
    is_enabled = resource.Body("enabled", type=bool)
    links = resource.Body("links", type=dict)
    #: Sent on create and update only; Keystone never answers it.
    password = resource.Body("password", type=str)
    password_expires_at = resource.Body("password_expires_at", type=str)
    federated = resource.Body("federated", type=list)
    options = resource.Body("options", type=dict, default={})

    def update_password(self, proxy: Proxy, original_password: str, password: str) -> None:
        """Change this user's own password (``POST /users/{id}/password``); Keystone
        then revokes the user's tokens. Neither password is logged."""
        proxy.request(
            self.resource_path("password"),
            "POST",
            json={"user": {"original_password": original_password, "password": password}},
            log=False,
        )


class GroupUser(User):
    """A member of a group (``/v3/groups/{group_id}/users``)."""

    resource_key = None
    base_path = "/groups/%(group_id)s/users"
    allow_create = allow_fetch = allow_commit = allow_delete = False
    allow_list = True
    _query_mapping = resource.QueryParameters("password_expires_at")

    group_id = resource.URI("group_id")
