"""Fixtures: a fake cloud whose network endpoint is Neutron's unversioned root."""

from __future__ import annotations

import pytest
from openstack_network.v2._proxy import Proxy

from openstack_core.testing import FakeCloud

ROOT = "https://network.example.com:9696"
#: Where requests go: the catalog root plus /v2.0.
URL = f"{ROOT}/v2.0"


@pytest.fixture
def net(fake_cloud: FakeCloud) -> Proxy:
    """The network Proxy on a catalog entry without /v2.0 and no version document."""
    fake_cloud.add_service("network", ROOT + "/", discovery=False)
    return fake_cloud.proxy(Proxy)
