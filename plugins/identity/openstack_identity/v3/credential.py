"""Credentials (``/v3/credentials``): EC2 keys, TOTP secrets and the like.

Keystone answers the blob in clear, in listings too, so no body of this resource is
logged.
"""

from __future__ import annotations

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

__all__ = ["Credential"]


class Credential(IdentityResource):
    """A credential; ``blob`` is its secret, a JSON string for ``ec2`` credentials."""

    resource_key = "credential"
    resources_key = "credentials"
    base_path = "/credentials"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    log_bodies = False
    _query_mapping = resource.QueryParameters("type", "user_id")

    blob = resource.Body("blob", type=str)
    project_id = resource.Body("project_id", type=str)
    type = resource.Body("type", type=str)
    user_id = resource.Body("user_id", type=str)
    links = resource.Body("links", type=dict)
