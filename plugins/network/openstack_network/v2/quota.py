"""Quotas (``/quotas``): per-project limits, their defaults and their usage."""

from __future__ import annotations

from typing import Any, ClassVar

from openstack_core import resource


class Quota(resource.Resource):
    """A project's quotas (-1: unlimited); its id is the project's id.

    ``update_quota(project, networks=20)`` sends only the changed limits;
    ``delete_quota(project)`` resets the project to the defaults.
    """

    resource_key = "quota"
    # Typed as the core declares it: QuotaDefault below has no list (None).
    resources_key: ClassVar[str | None] = "quotas"
    base_path = "/quotas"
    allow_fetch = allow_commit = allow_delete = allow_list = True
    commit_method = "PUT"
    allow_extra_attributes = True

    #: The project (also the id).
    project_id = resource.Body("project_id", type=str, alias="tenant_id", alternate_id=True)
    #: The project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: Whether an update checks the new limits against current usage.
    check_limit = resource.Body("check_limit", type=bool)
    #: Floating IPs.
    floating_ips = resource.Body("floatingip", type=int)
    #: Load balancer health monitors (Octavia, when it shares Neutron's quotas).
    health_monitors = resource.Body("healthmonitor", type=int)
    #: Load balancer listeners.
    listeners = resource.Body("listener", type=int)
    #: Load balancers.
    load_balancers = resource.Body("loadbalancer", type=int)
    #: Load balancer L7 policies.
    l7_policies = resource.Body("l7policy", type=int)
    #: Networks.
    networks = resource.Body("network", type=int)
    #: Load balancer pools.
    pools = resource.Body("pool", type=int)
    #: Ports.
    ports = resource.Body("port", type=int)
    #: RBAC policies.
    rbac_policies = resource.Body("rbac_policy", type=int)
    #: Extra routes per router.
    router_routes = resource.Body("router_route", type=int)
    #: Routers.
    routers = resource.Body("router", type=int)
    #: Subnets.
    subnets = resource.Body("subnet", type=int)
    #: Subnet pools.
    subnet_pools = resource.Body("subnetpool", type=int)
    #: Security group rules.
    security_group_rules = resource.Body("security_group_rule", type=int)
    #: Security groups.
    security_groups = resource.Body("security_group", type=int)

    def request_body(
        self,
        body: dict[str, Any],
        *,
        operation: str,
        microversion: str | None,
        prepend_key: bool = True,
    ) -> Any:
        """The changed limits only: the project is in the path, and Neutron refuses
        ``project_id`` in the body."""
        limits = {k: v for k, v in body.items() if k not in ("project_id", "tenant_id")}
        return super().request_body(
            limits, operation=operation, microversion=microversion, prepend_key=prepend_key
        )


class QuotaDefault(Quota):
    """The default quotas, as a project without quotas of its own has them."""

    resources_key = None
    base_path = "/quotas/%(project)s/default"
    allow_commit = allow_delete = allow_list = False

    #: The project asked about.
    project = resource.URI("project")


class QuotaDetails(resource.Resource):
    """A project's quotas with usage: each value is ``{"limit", "used", "reserved"}``."""

    resource_key = "quota"
    base_path = "/quotas/%(project)s/details"
    allow_fetch = True
    allow_extra_attributes = True

    #: The project asked about.
    project = resource.URI("project")
    #: The project (also the id).
    project_id = resource.Body("project_id", type=str, alternate_id=True)
    #: Floating IPs.
    floating_ips = resource.Body("floatingip", type=dict)
    #: Load balancer health monitors.
    health_monitors = resource.Body("healthmonitor", type=dict)
    #: Load balancer listeners.
    listeners = resource.Body("listener", type=dict)
    #: Load balancers.
    load_balancers = resource.Body("loadbalancer", type=dict)
    #: Load balancer L7 policies.
    l7_policies = resource.Body("l7policy", type=dict)
    #: Networks.
    networks = resource.Body("network", type=dict)
    #: Load balancer pools.
    pools = resource.Body("pool", type=dict)
    #: Ports.
    ports = resource.Body("port", type=dict)
    #: RBAC policies.
    rbac_policies = resource.Body("rbac_policy", type=dict)
    #: Extra routes per router.
    router_routes = resource.Body("router_route", type=dict)
    #: Routers.
    routers = resource.Body("router", type=dict)
    #: Subnets.
    subnets = resource.Body("subnet", type=dict)
    #: Subnet pools.
    subnet_pools = resource.Body("subnetpool", type=dict)
    #: Security group rules.
    security_group_rules = resource.Body("security_group_rule", type=dict)
    #: Security groups.
    security_groups = resource.Body("security_group", type=dict)
