"""The action log of a server (``/servers/{server_id}/os-instance-actions``)."""

from __future__ import annotations

from openstack_core import resource


class ServerActionEvent(resource.Resource):
    """One event of an action (in ``get_server_action`` answers)."""

    _max_microversion = "2.84"

    #: The event's name, e.g. ``compute_reboot_instance``.
    event = resource.Body("event")
    #: Start time.
    start_time = resource.Body("start_time")
    #: Finish time.
    finish_time = resource.Body("finish_time")
    #: ``Success`` or ``Error``.
    result = resource.Body("result")
    #: The error traceback (admin).
    traceback = resource.Body("traceback")
    #: The host (admin, 2.62+).
    host = resource.Body("host")
    #: Obfuscated host id (2.62+).
    host_id = resource.Body("hostId")
    #: Details of a failure (2.84+).
    details = resource.Body("details")


class ServerAction(resource.Resource):
    """An action on a server; identified by its ``request_id``."""

    resource_key = "instanceAction"
    resources_key = "instanceActions"
    base_path = "/servers/%(server_id)s/os-instance-actions"
    allow_fetch = allow_list = True
    _max_microversion = "2.84"
    _query_mapping = resource.QueryParameters(
        changes_since="changes-since", changes_before="changes-before"
    )

    #: The server's id (path parameter).
    server_id = resource.URI("server_id")
    #: The action's name, e.g. ``reboot``.
    action = resource.Body("action")
    #: The request id; the resource's id.
    request_id = resource.Body("request_id", alternate_id=True)
    #: The user who acted.
    user_id = resource.Body("user_id")
    #: The user's project.
    project_id = resource.Body("project_id")
    #: Start time.
    start_time = resource.Body("start_time")
    #: The error message, if any.
    message = resource.Body("message")
    #: The events (fetch only).
    events = resource.Body("events", type=list, list_type=ServerActionEvent)
    #: Last update time (2.58+).
    updated_at = resource.Body("updated_at")
