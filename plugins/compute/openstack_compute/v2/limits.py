"""Limits (``GET /limits``): absolute quotas with usage, and (old clouds) rate limits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from openstack_core import resource

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

L = TypeVar("L", bound="Limits")


class AbsoluteLimits(resource.Resource):
    """``limits.absolute``; keys removed by later microversions (2.36: floating IPs
    and security groups, 2.57: personality) read None."""

    _max_microversion = "2.57"

    image_meta = resource.Body("maxImageMeta", type=int)
    personality = resource.Body("maxPersonality", type=int)
    personality_size = resource.Body("maxPersonalitySize", type=int)
    security_group_rules = resource.Body("maxSecurityGroupRules", type=int)
    security_groups = resource.Body("maxSecurityGroups", type=int)
    security_groups_used = resource.Body("totalSecurityGroupsUsed", type=int)
    server_meta = resource.Body("maxServerMeta", type=int)
    total_cores = resource.Body("maxTotalCores", type=int)
    total_cores_used = resource.Body("totalCoresUsed", type=int)
    floating_ips = resource.Body("maxTotalFloatingIps", type=int)
    floating_ips_used = resource.Body("totalFloatingIpsUsed", type=int)
    instances = resource.Body("maxTotalInstances", type=int)
    instances_used = resource.Body("totalInstancesUsed", type=int)
    keypairs = resource.Body("maxTotalKeypairs", type=int)
    total_ram = resource.Body("maxTotalRAMSize", type=int)
    total_ram_used = resource.Body("totalRAMUsed", type=int)
    server_groups = resource.Body("maxServerGroups", type=int)
    server_groups_used = resource.Body("totalServerGroupsUsed", type=int)
    server_group_members = resource.Body("maxServerGroupMembers", type=int)


class RateLimit(resource.Resource):
    """One rate limit of a URI."""

    next_available = resource.Body("next-available")
    remaining = resource.Body("remaining", type=int)
    unit = resource.Body("unit")
    value = resource.Body("value", type=int)
    verb = resource.Body("verb")


class RateLimits(resource.Resource):
    """The rate limits of one URI pattern."""

    limits = resource.Body("limit", type=list, list_type=RateLimit)
    regex = resource.Body("regex")
    uri = resource.Body("uri")


class Limits(resource.Resource):
    """``GET /limits`` (a singleton: no id)."""

    base_path = "/limits"
    resource_key = "limits"
    allow_fetch = True
    requires_id = False
    _max_microversion = "2.57"
    _query_mapping = resource.QueryParameters(
        "tenant_id", "reserved", project_id="tenant_id", include_pagination_defaults=False
    )

    #: Absolute limits and usage.
    absolute = resource.Body("absolute", type=AbsoluteLimits)
    #: Rate limits (always empty on current clouds).
    rate = resource.Body("rate", type=list, list_type=RateLimits, default=[])

    def fetch(
        self: L,
        proxy: Proxy,
        requires_id: bool = False,
        base_path: str | None = None,
        error_message: str | None = None,
        skip_cache: bool = False,
        *,
        microversion: str | None = None,
        **params: Any,
    ) -> L:
        """Fetch the limits; ``project_id``/``tenant_id`` (admin) and ``reserved``
        are sent as query parameters."""
        query = self._query_mapping.transpose(params, type(self).__qualname__)
        return super().fetch(
            proxy,
            requires_id=False,
            base_path=base_path,
            error_message=error_message,
            skip_cache=skip_cache,
            microversion=microversion,
            **query,
        )
