"""Fixtures: a fake cloud whose image endpoint is unversioned, as Glance's usually is."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests_mock
from openstack_image.v2._proxy import Proxy

from openstack_core.testing import FakeCloud

ROOT = "https://image.example.com"
URL = f"{ROOT}/v2"


@pytest.fixture
def mock() -> Iterator[requests_mock.Mocker]:
    # case_sensitive: compare query values exactly (Glance wants "true", not "True").
    with requests_mock.Mocker(case_sensitive=True) as m:
        yield m


@pytest.fixture
def cloud(mock: requests_mock.Mocker) -> FakeCloud:
    cloud = FakeCloud(mock)
    cloud.add_service("image", ROOT, version_path="v2", version_id="v2.16")
    return cloud


@pytest.fixture
def image_proxy(cloud: FakeCloud) -> Proxy:
    # version="2" is what Connection passes: discovery resolves the root to /v2/.
    return cloud.proxy(Proxy, version="2")
