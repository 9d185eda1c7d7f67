"""Catalog endpoints (``/v3/endpoints``)."""

from __future__ import annotations

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

__all__ = ["Endpoint"]


class Endpoint(IdentityResource):
    """An endpoint of a catalog service, for one interface in one region."""

    resource_key = "endpoint"
    resources_key = "endpoints"
    base_path = "/endpoints"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters("interface", "region_id", "service_id")

    #: ``public``, ``internal`` or ``admin``.
    interface = resource.Body("interface", type=str)
    is_enabled = resource.Body("enabled", type=bool)
    links = resource.Body("links", type=dict)
    region_id = resource.Body("region_id", type=str)
    #: Keystone's deprecated name of ``region_id``, still accepted and answered.
    region = resource.Body("region", type=str)
    service_id = resource.Body("service_id", type=str)
    url = resource.Body("url", type=str)
