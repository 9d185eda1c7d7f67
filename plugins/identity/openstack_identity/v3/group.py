"""Groups, their members, and the groups of a user."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from openstack_core import exceptions, resource
from openstack_identity.v3._base import IdentityResource

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

__all__ = ["Group", "UserGroup"]


class Group(IdentityResource):
    """A Keystone group (``/v3/groups``)."""

    resource_key: ClassVar[str | None] = "group"
    resources_key = "groups"
    base_path = "/groups"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters("domain_id", "name")

    description = resource.Body("description", type=str)
    domain_id = resource.Body("domain_id", type=str)
    links = resource.Body("links", type=dict)

    def add_user(self, proxy: Proxy, user: Any) -> None:
        """``PUT /groups/{id}/users/{user_id}``."""
        proxy.request(self.resource_path("users", resource.id_of(user)), "PUT")

    def remove_user(self, proxy: Proxy, user: Any) -> None:
        """``DELETE /groups/{id}/users/{user_id}``; NotFoundException if not a member."""
        proxy.request(self.resource_path("users", resource.id_of(user)), "DELETE")

    def check_user(self, proxy: Proxy, user: Any) -> bool:
        """Whether ``user`` is a member (``HEAD /groups/{id}/users/{user_id}``)."""
        try:
            proxy.request(self.resource_path("users", resource.id_of(user)), "HEAD")
        except exceptions.NotFoundException:
            return False
        return True


class UserGroup(Group):
    """A group a user belongs to (``/v3/users/{user_id}/groups``)."""

    resource_key = None
    base_path = "/users/%(user_id)s/groups"
    allow_create = allow_fetch = allow_commit = allow_delete = False
    allow_list = True

    user_id = resource.URI("user_id")
