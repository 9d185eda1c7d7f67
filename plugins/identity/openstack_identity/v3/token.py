"""Tokens, as ``GET /v3/auth/tokens`` validates them.

The token itself travels in the ``X-Subject-Token`` header only, and keystoneauth1
logs that header as a hash; the Proxy's token methods send no debug log at all,
because Keystone's 404 for an unknown token repeats the token in its message.
"""

from __future__ import annotations

from typing import Any

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

__all__ = ["Token"]


class Token(IdentityResource):
    """What Keystone knows of a token: its user, scope, roles, expiry and catalog."""

    base_path = "/auth/tokens"
    log_bodies = False

    #: The token, from the answer's header (never shown in a repr).
    subject_token = resource.Header("x-subject-token", type=str)
    audit_ids = resource.Body("audit_ids", type=list)
    catalog = resource.Body("catalog", type=list, list_type=dict)
    expires_at = resource.Body("expires_at", type=str)
    issued_at = resource.Body("issued_at", type=str)
    methods = resource.Body("methods", type=list)
    user = resource.Body("user", type=dict)
    project = resource.Body("project", type=dict)
    domain = resource.Body("domain", type=dict)
    is_domain = resource.Body("is_domain", type=bool)
    system = resource.Body("system", type=dict)
    roles = resource.Body("roles", type=list, list_type=dict)
    application_credential = resource.Body("application_credential", type=dict)

    @classmethod
    def extract_one(cls, data: Any) -> Any:
        """The ``token`` of Keystone's answer (no resource_key: tokens are never
        fetched by id, only validated with the Proxy's token methods)."""
        if isinstance(data, dict) and isinstance(data.get("token"), dict):
            return data["token"]
        return data
