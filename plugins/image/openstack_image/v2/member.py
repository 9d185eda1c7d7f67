"""The Member resource: projects an image is shared with."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from openstack_core import resource


class Member(resource.Resource):
    """A project an image is shared with, and whether it accepted the image."""

    resources_key = "members"
    base_path = "/images/%(image_id)s/members"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(include_pagination_defaults=False)
    #: openstacksdk's other spelling: ``add_member(image, member=project_id)``.
    attribute_synonyms = MappingProxyType({"member": "member_id"})

    #: The project id; also the member's id in URLs.
    member_id = resource.Body("member_id", alternate_id=True)
    image_id = resource.URI("image_id")
    status = resource.Body("status")
    created_at = resource.Body("created_at")
    updated_at = resource.Body("updated_at")
    schema = resource.Body("schema")

    def request_body(self, body: dict[str, Any], *, operation: str, **options: Any) -> Any:
        """Glance creates a member from ``{"member": <project>}``; updates send the
        changed attributes (``{"status": "accepted"}``)."""
        if operation == "create":
            return {"member": self.member_id}
        return super().request_body(body, operation=operation, **options)
