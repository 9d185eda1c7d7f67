"""Small helpers for the core's unit tests."""

from __future__ import annotations

from openstack_core import proxy, resource

COMPUTE = "https://compute.example.com/v2.1"


class ComputeProxy(proxy.Proxy):
    """A bare compute proxy for exercising Resource against requests-mock."""

    service_type = "compute"
    api_version = 2
    plugin_api_version = "1.0"


class Server(resource.Resource):
    """Enough of a Nova server for the engine's tests."""

    resource_key = "server"
    resources_key = "servers"
    base_path = "/servers"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = allow_head = True
    _max_microversion = "2.100"
    _query_mapping = resource.QueryParameters(
        "status", "name", changes_since="changes-since", tags={"name": "tags", "type": resource.csv}
    )

    status = resource.Body("status")
    is_locked = resource.Body("locked", type=bool)
    progress = resource.Body("progress", type=int, default=0)
    metadata = resource.Body("metadata", type=dict, default={})
    admin_password = resource.Body("adminPass")
    project_id = resource.Body("tenant_id")


class Interface(resource.Resource):
    """A resource under a parent path parameter."""

    resource_key = "interfaceAttachment"
    resources_key = "interfaceAttachments"
    base_path = "/servers/%(server_id)s/os-interface"
    allow_list = allow_fetch = allow_delete = True
    id = resource.Body("port_id")
    server_id = resource.URI("server_id")


def setup_compute(mock, cloud, microversions=("2.1", "2.96")):
    """Register compute on a FakeCloud and return its proxy."""
    cloud.add_service("compute", COMPUTE, microversions=microversions)
    return cloud.proxy(ComputeProxy)
