"""Small helpers for the core's unit tests."""

from __future__ import annotations

from pathlib import Path

import requests

from openstack_core import proxy, resource
from openstack_core.testing import AUTH_URL, FakeCloud

COMPUTE = "https://compute.example.com/v2.1"
SID = "0b6f0a3e-36a2-4c4f-9d8a-3d1e8f1c2b7a"


def observed_compute(cloud: FakeCloud) -> FakeCloud:
    """Compute on ``cloud`` with what observers see: a server (200, request id req-1), a
    missing one (404, req-2), one behind a dead socket, and a listing."""
    cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.96"))
    mock = cloud.mocker
    mock.get(
        f"{COMPUTE}/servers/{SID}",
        json={"server": {"id": SID, "name": "web"}},
        headers={"x-openstack-request-id": "req-1"},
    )
    mock.get(
        f"{COMPUTE}/servers/gone",
        status_code=404,
        json={"itemNotFound": {"code": 404, "message": "gone"}},
        headers={"x-compute-request-id": "req-2"},
    )
    mock.get(f"{COMPUTE}/servers/down", exc=requests.exceptions.ConnectionError("refused"))
    mock.get(f"{COMPUTE}/servers/detail", json={"servers": [{"id": SID}]})
    return cloud


def clouds_yaml(path: Path, cloud: FakeCloud, name: str, extra: str = "") -> Path:
    """A clouds.yaml at ``path`` whose cloud ``name`` authenticates against ``cloud``;
    ``extra`` is YAML appended to the file (top-level keys, or indented cloud keys)."""
    path.write_text(
        f"clouds:\n  {name}:\n    region_name: RegionOne\n    auth:\n"
        f"      auth_url: {AUTH_URL}\n      username: demo\n      password: fake-password\n"
        f"      project_id: {cloud.project_id}\n      user_domain_id: default\n{extra}"
    )
    return path


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
