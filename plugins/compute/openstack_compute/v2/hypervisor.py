"""Hypervisors (``/os-hypervisors``, admin)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from openstack_core import resource

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

H = TypeVar("H", bound="Hypervisor")


class Hypervisor(resource.Resource):
    """A compute node. Since 2.53 its id is a UUID; since 2.88 the resource counters
    (``vcpus``, ``memory_size``, ...) are gone (read None) and ``uptime`` is included."""

    resource_key = "hypervisor"
    resources_key = "hypervisors"
    base_path = "/os-hypervisors"
    allow_fetch = allow_list = True
    _max_microversion = "2.88"
    _query_mapping = resource.QueryParameters("hypervisor_hostname_pattern", "with_servers")

    #: The node's host name.
    name = resource.Body("hypervisor_hostname")
    #: CPU details: a dict since 2.28, a JSON string before.
    cpu_info = resource.Body("cpu_info")
    #: The hypervisor's IP address.
    host_ip = resource.Body("host_ip")
    #: E.g. ``QEMU``.
    hypervisor_type = resource.Body("hypervisor_type")
    #: Version as an integer, e.g. ``6002000``.
    hypervisor_version = resource.Body("hypervisor_version")
    #: ``{"host", "id", "disabled_reason"}`` of the compute service.
    service_details = resource.Body("service", type=dict)
    #: ``[{"name", "uuid"}]`` with ``with_servers`` (2.53+).
    servers = resource.Body("servers", type=list, list_type=dict)
    #: ``up`` or ``down``.
    state = resource.Body("state")
    #: ``enabled`` or ``disabled``.
    status = resource.Body("status")
    #: Output of ``uptime`` (2.88+ in the body).
    uptime = resource.Body("uptime")
    current_workload = resource.Body("current_workload", type=int)
    disk_available = resource.Body("disk_available_least", type=int)
    local_disk_used = resource.Body("local_gb_used", type=int)
    local_disk_size = resource.Body("local_gb", type=int)
    local_disk_free = resource.Body("free_disk_gb", type=int)
    memory_used = resource.Body("memory_mb_used", type=int)
    memory_size = resource.Body("memory_mb", type=int)
    memory_free = resource.Body("free_ram_mb", type=int)
    running_vms = resource.Body("running_vms", type=int)
    vcpus_used = resource.Body("vcpus_used", type=int)
    vcpus = resource.Body("vcpus", type=int)

    def get_uptime(self: H, proxy: Proxy) -> H:
        """Fill in ``uptime``: a fetch since 2.88 (it is in the body), else
        ``GET /os-hypervisors/{id}/uptime``, which Nova removed in 2.88."""
        microversion = proxy.microversion_for(type(self), "fetch")
        if resource.at_least(microversion, "2.88"):
            return self.fetch(proxy, microversion=microversion)
        response = self.invoke_action(
            proxy,
            path="uptime",
            method="GET",
            microversion=microversion,
            error_message=f"No Hypervisor found for {self.id}",
        )
        # {"hypervisor": {...}}: merged into what is known of the hypervisor.
        self.translate_response(response)
        return self
