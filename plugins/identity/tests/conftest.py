"""Fixtures: a fake cloud whose identity endpoint is Keystone's unversioned root."""

from __future__ import annotations

import pytest
from openstack_identity.v3._proxy import Proxy

from openstack_core.testing import FakeCloud

ROOT = "https://keystone.example.com:5000/"
URL = "https://keystone.example.com:5000/v3"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def identity(fake_cloud: FakeCloud) -> Proxy:
    """The identity Proxy on a catalog listing Keystone's root (no version document)."""
    fake_cloud.add_service("identity", ROOT, discovery=False)
    return fake_cloud.proxy(Proxy)
