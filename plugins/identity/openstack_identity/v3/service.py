"""Catalog services (``/v3/services``)."""

from __future__ import annotations

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

__all__ = ["Service"]


class Service(IdentityResource):
    """A service of the catalog (``type`` is its os-service-types type)."""

    resource_key = "service"
    resources_key = "services"
    base_path = "/services"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters("name", "type")

    description = resource.Body("description", type=str)
    is_enabled = resource.Body("enabled", type=bool)
    links = resource.Body("links", type=dict)
    type = resource.Body("type", type=str)
