"""``conn.compute`` reaches this plugin through its installed entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

import openstack_compute
import pytest
import requests_mock
from openstack_compute.v2._proxy import Proxy

from openstack_core.testing import FakeCloud

COMPUTE = "https://compute.example.com/v2.1"


@pytest.fixture
def mock() -> Iterator[requests_mock.Mocker]:
    with requests_mock.Mocker(case_sensitive=True) as m:
        yield m


def test_conn_compute_is_this_plugin(mock: requests_mock.Mocker) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.96"))
    mock.get(
        f"{COMPUTE}/servers/detail",
        json={"servers": [{"id": "1", "name": "web", "status": "ACTIVE"}]},
    )
    conn = cloud.connection()
    assert isinstance(conn.compute, Proxy)
    assert [(s.id, s.status) for s in conn.compute.servers()] == [("1", "ACTIVE")]
    assert mock.last_request.headers["OpenStack-API-Version"] == "compute 2.96"
    assert "compute" in dir(conn)


#: Run in a fresh interpreter: import every module of the plugin while the other
#: plugins and openstacksdk cannot be imported, then load the installed entry point.
_IMPORT_ALONE = """
import importlib, importlib.abc, importlib.metadata, json, pkgutil, sys

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("openstack", "openstack_image"):
            raise ImportError(f"{name} must not be needed by openstack_compute")
        return None

sys.meta_path.insert(0, Refuse())
import openstack_compute
modules = [
    info.name
    for info in pkgutil.walk_packages(openstack_compute.__path__, "openstack_compute.")
]
for name in modules:
    importlib.import_module(name)
(entry,) = [
    e
    for e in importlib.metadata.entry_points(group="openstack_core.services")
    if e.name == "compute.v2"
]
proxy = entry.load()
print(json.dumps({
    "modules": modules,
    "entry_point": entry.value,
    "service_type": proxy.service_type,
    "version": openstack_compute.__version__,
    "loaded": sorted({m.split(".")[0] for m in sys.modules if m.startswith("openstack")}),
}))
"""


def test_plugin_package_is_importable_alone() -> None:
    result = subprocess.run(
        [sys.executable, "-I", "-c", _IMPORT_ALONE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["entry_point"] == "openstack_compute.v2._proxy:Proxy"
    assert report["service_type"] == "compute"
    assert report["version"] == openstack_compute.__version__
    assert "openstack_compute.v2.server" in report["modules"]
    assert len(report["modules"]) >= 25
    # Only the core and the plugin itself: no other service plugin, no openstacksdk.
    assert report["loaded"] == ["openstack_compute", "openstack_core"]
