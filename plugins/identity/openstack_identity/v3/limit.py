"""Unified limits: registered (default) limits and project or domain limits.

Keystone creates them in batches: ``POST /v3/limits`` takes ``{"limits": [...]}`` and
answers a list. One create here sends a batch of one and keeps its answer; updates and
reads use the usual ``{"limit": {...}}``.
"""

from __future__ import annotations

from typing import Any

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

__all__ = ["Limit", "RegisteredLimit"]


class _BatchCreated(IdentityResource):
    """A resource Keystone creates from a list under ``resources_key`` (abstract)."""

    def request_body(
        self,
        body: dict[str, Any],
        *,
        operation: str,
        microversion: str | None,
        prepend_key: bool = True,
    ) -> Any:
        """A batch of one on create; the usual envelope on update."""
        if operation == "create" and self.resources_key:
            return {self.resources_key: [body]}
        return super().request_body(
            body, operation=operation, microversion=microversion, prepend_key=prepend_key
        )

    @classmethod
    def extract_one(cls, data: Any) -> Any:
        """The one item of a create's list answer, else the ``resource_key`` dict."""
        if isinstance(data, dict) and cls.resources_key:
            items = data.get(cls.resources_key)
            if isinstance(items, list) and len(items) == 1:
                return items[0]
        return super().extract_one(data)


class RegisteredLimit(_BatchCreated):
    """The default limit of a resource of a service, optionally in one region."""

    resource_key = "registered_limit"
    resources_key = "registered_limits"
    base_path = "/registered_limits"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters("service_id", "region_id", "resource_name")

    description = resource.Body("description", type=str)
    links = resource.Body("links", type=dict)
    service_id = resource.Body("service_id", type=str)
    region_id = resource.Body("region_id", type=str)
    resource_name = resource.Body("resource_name", type=str)
    default_limit = resource.Body("default_limit", type=int)


class Limit(_BatchCreated):
    """A project's (or domain's) limit, overriding the registered one."""

    resource_key = "limit"
    resources_key = "limits"
    base_path = "/limits"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        "service_id", "region_id", "resource_name", "project_id", "domain_id"
    )

    domain_id = resource.Body("domain_id", type=str)
    description = resource.Body("description", type=str)
    links = resource.Body("links", type=dict)
    service_id = resource.Body("service_id", type=str)
    region_id = resource.Body("region_id", type=str)
    resource_name = resource.Body("resource_name", type=str)
    resource_limit = resource.Body("resource_limit", type=int)
    project_id = resource.Body("project_id", type=str)
