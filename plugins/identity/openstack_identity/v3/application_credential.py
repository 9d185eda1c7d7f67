"""Application credentials and their access rules (both under ``/v3/users/{user_id}``).

The secret is answered once, on create; it and the whole body stay out of debug logs.
"""

from __future__ import annotations

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

__all__ = ["AccessRule", "ApplicationCredential"]


class ApplicationCredential(IdentityResource):
    """An application credential of a user; ``secret`` is set only in the answer to
    create (or when the caller chose it)."""

    resource_key = "application_credential"
    resources_key = "application_credentials"
    base_path = "/users/%(user_id)s/application_credentials"
    allow_create = allow_fetch = allow_delete = allow_list = True
    log_bodies = False
    _query_mapping = resource.QueryParameters("name")

    user_id = resource.URI("user_id")
    user = resource.Body("user", type=dict)
    links = resource.Body("links", type=dict)
    secret = resource.Body("secret", type=str)
    description = resource.Body("description", type=str)
    expires_at = resource.Body("expires_at", type=str)
    roles = resource.Body("roles", type=list)
    unrestricted = resource.Body("unrestricted", type=bool)
    project_id = resource.Body("project_id", type=str)
    #: ``[{"service": "compute", "method": "GET", "path": "/v2.1/servers"}, ...]``
    access_rules = resource.Body("access_rules", type=list)


class AccessRule(IdentityResource):
    """An access rule of a user's application credentials (read and delete only; an
    access rule still used by an application credential cannot be deleted)."""

    resource_key = "access_rule"
    resources_key = "access_rules"
    base_path = "/users/%(user_id)s/access_rules"
    allow_fetch = allow_delete = allow_list = True

    user_id = resource.URI("user_id")
    links = resource.Body("links", type=dict)
    method = resource.Body("method", type=str)
    path = resource.Body("path", type=str)
    service = resource.Body("service", type=str)
