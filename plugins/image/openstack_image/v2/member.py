"""The Member resource: projects an image is shared with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from openstack_core import resource

if TYPE_CHECKING:
    from collections.abc import Mapping

    from openstack_core.proxy import Proxy

M = TypeVar("M", bound="Member")


class Member(resource.Resource):
    """A project an image is shared with, and whether it accepted the image."""

    resources_key = "members"
    base_path = "/images/%(image_id)s/members"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(include_pagination_defaults=False)

    #: The project id; also the member's id in URLs.
    member_id = resource.Body("member_id", alternate_id=True)
    image_id = resource.URI("image_id")
    status = resource.Body("status")
    created_at = resource.Body("created_at")
    updated_at = resource.Body("updated_at")
    schema = resource.Body("schema")

    def create(
        self: M,
        session: Proxy,
        prepend_key: bool = True,
        base_path: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        microversion: str | None = None,
        **params: Any,
    ) -> M:
        """``POST /images/{image_id}/members`` with Glance's ``{"member": <project>}``."""
        self._check_allowed("create")
        response = session.request(
            self.resource_path(base_path=base_path, requires_id=False),
            "POST",
            json={"member": self.member_id},
            headers=headers,
        )
        self.translate_response(response)
        return self
