"""RBAC policies (``/rbac-policies``): sharing objects with other projects."""

from __future__ import annotations

from openstack_core import resource
from openstack_network.v2._base import COMMON_FILTERS


class RBACPolicy(resource.Resource):
    """Grants a project (or ``*``) an action on an object (share a network...)."""

    resource_key = "rbac_policy"
    resources_key = "rbac_policies"
    base_path = "/rbac-policies"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    allow_extra_attributes = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS,
        "action",
        "object_id",
        "object_type",
        "project_id",
        target_project_id="target_tenant",
    )

    #: The shared object.
    object_id = resource.Body("object_id", type=str)
    #: The project it is shared with, or ``*``.
    target_project_id = resource.Body("target_tenant", type=str)
    #: The owning project.
    project_id = resource.Body("project_id", type=str, alias="tenant_id")
    #: The owning project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: network, qos_policy, security_group, address_scope, subnetpool...
    object_type = resource.Body("object_type", type=str)
    #: access_as_shared or access_as_external.
    action = resource.Body("action", type=str)
