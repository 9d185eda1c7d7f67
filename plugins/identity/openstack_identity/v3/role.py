"""Roles (global and domain-specific) and implied roles."""

from __future__ import annotations

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

__all__ = ["Role", "RoleInference"]


class Role(IdentityResource):
    """A role (``/v3/roles``); with a ``domain_id`` it is specific to that domain."""

    resource_key = "role"
    resources_key = "roles"
    base_path = "/roles"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters("name", "domain_id")

    description = resource.Body("description", type=str)
    domain_id = resource.Body("domain_id", type=str)
    options = resource.Body("options", type=dict)
    links = resource.Body("links", type=dict)


class RoleInference(IdentityResource):
    """One prior role and what it implies (``/v3/role_inferences``).

    ``prior_role`` is the role's ``{"id", "name", "links"}``; ``implies`` is one such
    dict for a single rule (``get_implied_role``) or a list of them in listings.
    """

    resources_key = "role_inferences"
    base_path = "/role_inferences"
    allow_list = True
    _query_mapping = resource.QueryParameters(include_pagination_defaults=False)

    prior_role = resource.Body("prior_role", type=dict)
    implies = resource.Body("implies")
    links = resource.Body("links", type=dict)
