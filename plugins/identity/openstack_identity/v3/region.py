"""Regions (``/v3/regions``)."""

from __future__ import annotations

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

__all__ = ["Region"]


class Region(IdentityResource):
    """A region; its id is its name (``create_region(id="RegionTwo")``)."""

    resource_key = "region"
    resources_key = "regions"
    base_path = "/regions"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters("parent_region_id")

    description = resource.Body("description", type=str)
    links = resource.Body("links", type=dict)
    parent_region_id = resource.Body("parent_region_id", type=str)
