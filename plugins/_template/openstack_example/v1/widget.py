"""The Widget resource: one module per resource."""

from __future__ import annotations

from openstack_core import resource


class Widget(resource.Resource):
    """A widget: ``GET /widgets``, ``POST /widgets``, ``GET|PUT|DELETE /widgets/{id}``."""

    resource_key = "widget"
    resources_key = "widgets"
    base_path = "/widgets"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters("name", "color", sort_key="sort")

    #: Server-side names stay as the API spells them; attribute names are snake_case.
    #: ``type=`` converts on read and tells type checkers what the attribute holds.
    name = resource.Body("name", type=str)
    color = resource.Body("color", type=str)
    size = resource.Body("size", type=int)
    is_enabled = resource.Body("enabled", type=bool)
    created_at = resource.Body("created_at", type=str)
