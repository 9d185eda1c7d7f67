"""Projects, their tags, and the projects a user may use."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

__all__ = ["Project", "UserProject"]


class Project(IdentityResource):
    """A Keystone project (``/v3/projects``), tags included."""

    resource_key: ClassVar[str | None] = "project"
    resources_key = "projects"
    base_path = "/projects"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    # Keystone keeps keys it does not know in a project (as openstacksdk allows).
    allow_extra_attributes = True
    _query_mapping = resource.QueryParameters(
        "domain_id",
        "is_domain",
        "name",
        "parent_id",
        is_enabled="enabled",
        tags={"name": "tags", "type": resource.csv},
        any_tags={"name": "tags-any", "type": resource.csv},
        not_tags={"name": "not-tags", "type": resource.csv},
        not_any_tags={"name": "not-tags-any", "type": resource.csv},
    )

    description = resource.Body("description", type=str)
    domain_id = resource.Body("domain_id", type=str)
    is_domain = resource.Body("is_domain", type=bool)
    is_enabled = resource.Body("enabled", type=bool)
    options = resource.Body("options", type=dict)
    parent_id = resource.Body("parent_id", type=str)
    links = resource.Body("links", type=dict)
    tags = resource.Body("tags", type=list, default=[])

    # -- tags (openstacksdk's TagMixin names; each takes the Proxy) -----------------------

    def fetch_tags(self, proxy: Proxy) -> Project:
        """Reload the tags from ``GET /projects/{id}/tags``."""
        answer = resource.decode_json(proxy.request(self.resource_path("tags"), "GET"))
        self.set_from_server(tags=list((answer or {}).get("tags", [])))
        return self

    def set_tags(self, proxy: Proxy, tags: list[str]) -> Project:
        """Replace every tag (``PUT /projects/{id}/tags``)."""
        proxy.request(self.resource_path("tags"), "PUT", json={"tags": list(tags)})
        self.set_from_server(tags=list(tags))
        return self

    def remove_all_tags(self, proxy: Proxy) -> Project:
        """Remove every tag (``DELETE /projects/{id}/tags``)."""
        proxy.request(self.resource_path("tags"), "DELETE")
        self.set_from_server(tags=[])
        return self

    def check_tag(self, proxy: Proxy, tag: str) -> Project:
        """Raise NotFoundException unless the project has ``tag``."""
        proxy.request(
            self.resource_path("tags", tag), "GET", error_message=f"No tag {tag!r} on project"
        )
        return self

    def add_tag(self, proxy: Proxy, tag: str) -> Project:
        """Add one tag (``PUT /projects/{id}/tags/{tag}``)."""
        proxy.request(self.resource_path("tags", tag), "PUT")
        current = self.tags or []
        if tag not in current:
            self.set_from_server(tags=[*current, tag])
        return self

    def remove_tag(self, proxy: Proxy, tag: str) -> Project:
        """Remove one tag (``DELETE /projects/{id}/tags/{tag}``)."""
        proxy.request(self.resource_path("tags", tag), "DELETE")
        self.set_from_server(tags=[t for t in self.tags or [] if t != tag])
        return self


class UserProject(Project):
    """A project a user has a role on (``/v3/users/{user_id}/projects``)."""

    resource_key = None
    base_path = "/users/%(user_id)s/projects"
    allow_create = allow_fetch = allow_commit = allow_delete = False
    allow_list = True

    user_id = resource.URI("user_id")
