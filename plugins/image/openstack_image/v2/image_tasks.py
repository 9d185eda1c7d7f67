"""ImageTasks: the tasks that worked on one image (``/v2/images/{id}/tasks``)."""

from __future__ import annotations

from openstack_core import pagination, resource


class ImageTasks(resource.Resource):
    """A task of one image (an import, a copy), as ``image_tasks`` lists it.

    Unlike ``/v2/tasks`` (admin only by default), anyone who may see the image may
    list its tasks, with their input, result and message.
    """

    resources_key = "tasks"
    base_path = "/images/%(image_id)s/tasks"
    allow_list = True
    # Glance answers every task of the image at once, with no paging parameters.
    pagination = pagination.NoPagination()
    _query_mapping = resource.QueryParameters(include_pagination_defaults=False)

    image_id = resource.URI("image_id")
    #: ``api_image_import`` for an interoperable import, ``import`` for a legacy task.
    type = resource.Body("type", type=str)
    #: ``pending``, ``processing``, ``success`` or ``failure``.
    status = resource.Body("status", type=str)
    #: The project that owns the task.
    owner = resource.Body("owner", type=str)
    expires_at = resource.Body("expires_at", type=str)
    created_at = resource.Body("created_at", type=str)
    updated_at = resource.Body("updated_at", type=str)
    deleted_at = resource.Body("deleted_at", type=str)
    deleted = resource.Body("deleted", type=bool)
    request_id = resource.Body("request_id", type=str)
    user_id = resource.Body("user_id", type=str)
    #: What the task was asked to do (the import request, for an import).
    input = resource.Body("input", type=dict)
    #: What it produced (``{"image_id": ...}`` after an import).
    result = resource.Body("result", type=dict)
    #: Glance's explanation, usually of a failure; often empty.
    message = resource.Body("message", type=str)
