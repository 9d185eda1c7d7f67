"""In-progress migrations of a server (``/servers/{server_id}/migrations``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openstack_core import resource
from openstack_core.pagination import NoPagination

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy


class ServerMigration(resource.Resource):
    """A running live migration (admin, 2.23+); delete aborts it (2.24+)."""

    resource_key = "migration"
    resources_key = "migrations"
    base_path = "/servers/%(server_id)s/migrations"
    allow_fetch = allow_list = allow_delete = True
    pagination = NoPagination()
    _query_mapping = resource.QueryParameters(include_pagination_defaults=False)
    _max_microversion = "2.80"

    #: The server's id (path parameter).
    server_id = resource.URI("server_id")
    created_at = resource.Body("created_at")
    dest_host = resource.Body("dest_host")
    dest_compute = resource.Body("dest_compute")
    dest_node = resource.Body("dest_node")
    disk_processed_bytes = resource.Body("disk_processed_bytes", type=int)
    disk_remaining_bytes = resource.Body("disk_remaining_bytes", type=int)
    disk_total_bytes = resource.Body("disk_total_bytes", type=int)
    memory_processed_bytes = resource.Body("memory_processed_bytes", type=int)
    memory_remaining_bytes = resource.Body("memory_remaining_bytes", type=int)
    memory_total_bytes = resource.Body("memory_total_bytes", type=int)
    #: The owning project (2.80+).
    project_id = resource.Body("project_id")
    #: The migrated server's id.
    server_uuid = resource.Body("server_uuid")
    source_compute = resource.Body("source_compute")
    source_node = resource.Body("source_node")
    #: ``running``, ``preparing``, ``queued``, ...
    status = resource.Body("status")
    updated_at = resource.Body("updated_at")
    #: The owning user (2.80+).
    user_id = resource.Body("user_id")
    #: The migration's uuid (2.59+).
    uuid = resource.Body("uuid")

    def force_complete(self, proxy: Proxy) -> None:
        """Force a live migration to complete (``force_complete`` action, 2.22+)."""
        self.invoke_action(proxy, {"force_complete": None}, required_microversion="2.22")
