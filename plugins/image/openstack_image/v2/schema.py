"""The Schema resource: ``/v2/schemas/{images,image,members,member,tasks,task}``."""

from __future__ import annotations

from openstack_core import resource


class Schema(resource.Resource):
    """A JSON schema Glance publishes for one of its documents."""

    base_path = "/schemas"
    allow_fetch = True
    requires_id = False

    properties = resource.Body("properties", type=dict)
    additional_properties = resource.Body("additionalProperties")
    links = resource.Body("links", type=list)
    required = resource.Body("required", type=list)
