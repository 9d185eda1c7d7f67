"""Domains."""

from __future__ import annotations

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

__all__ = ["Domain"]


class Domain(IdentityResource):
    """A Keystone domain (``/v3/domains``); disable it before deleting it."""

    resource_key = "domain"
    resources_key = "domains"
    base_path = "/domains"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters("name", is_enabled="enabled")

    description = resource.Body("description", type=str)
    is_enabled = resource.Body("enabled", type=bool)
    options = resource.Body("options", type=dict)
    links = resource.Body("links", type=dict)
