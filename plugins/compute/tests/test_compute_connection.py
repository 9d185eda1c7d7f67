"""``conn.compute`` reaches this plugin through its installed entry point."""

from __future__ import annotations

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


def test_plugin_package_is_importable_alone() -> None:
    assert openstack_compute.__version__ and "openstack_compute.v2._proxy" in sys.modules
