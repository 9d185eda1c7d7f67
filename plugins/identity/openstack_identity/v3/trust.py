"""Trusts (``/v3/OS-TRUST/trusts``): a trustor delegates roles on a project."""

from __future__ import annotations

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

__all__ = ["Trust"]


class Trust(IdentityResource):
    """A trust; Keystone cannot update one (create a new one instead)."""

    resource_key = "trust"
    resources_key = "trusts"
    base_path = "/OS-TRUST/trusts"
    allow_create = allow_fetch = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters("trustor_user_id", "trustee_user_id")

    allow_redelegation = resource.Body("allow_redelegation", type=bool)
    expires_at = resource.Body("expires_at", type=str)
    is_impersonation = resource.Body("impersonation", type=bool)
    links = resource.Body("links", type=dict)
    project_id = resource.Body("project_id", type=str)
    role_links = resource.Body("role_links", type=dict)
    #: ``[{"id": ...}]`` or ``[{"name": ...}]`` on create; full roles in answers.
    roles = resource.Body("roles", type=list)
    redelegated_trust_id = resource.Body("redelegated_trust_id", type=str)
    redelegation_count = resource.Body("redelegation_count", type=int)
    remaining_uses = resource.Body("remaining_uses", type=int)
    trustee_user_id = resource.Body("trustee_user_id", type=str)
    trustor_user_id = resource.Body("trustor_user_id", type=str)
