"""The Task resource: Glance's asynchronous import tasks."""

from __future__ import annotations

from openstack_core import resource


class Task(resource.Resource):
    """An asynchronous Glance task (``type`` import), with its input and result."""

    resources_key = "tasks"
    base_path = "/tasks"
    allow_create = allow_fetch = allow_list = True
    _query_mapping = resource.QueryParameters("type", "status", "sort_key", "sort_dir")

    type = resource.Body("type")
    status = resource.Body("status")
    input = resource.Body("input", type=dict)
    result = resource.Body("result", type=dict)
    message = resource.Body("message")
    owner_id = resource.Body("owner")
    image_id = resource.Body("image_id")
    request_id = resource.Body("request_id")
    user_id = resource.Body("user_id")
    expires_at = resource.Body("expires_at")
    created_at = resource.Body("created_at")
    updated_at = resource.Body("updated_at")
    schema = resource.Body("schema")
