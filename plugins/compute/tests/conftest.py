"""Shared fixtures: a fake cloud whose compute endpoint announces microversions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests_mock
from openstack_compute.v2._proxy import Proxy

from openstack_core.testing import FakeCloud

COMPUTE = "https://compute.example.com/v2.1"


@pytest.fixture
def mock() -> Iterator[requests_mock.Mocker]:
    with requests_mock.Mocker(case_sensitive=True) as m:
        yield m


@pytest.fixture
def make_compute(mock: requests_mock.Mocker) -> Callable[[str], Proxy]:
    """A Proxy on a cloud whose maximum microversion is the argument."""

    def make(max_version: str = "2.100") -> Proxy:
        cloud = FakeCloud(mock)
        cloud.add_service("compute", COMPUTE, microversions=("2.1", max_version))
        return cloud.proxy(Proxy)

    return make


@pytest.fixture
def compute(make_compute: Callable[[str], Proxy]) -> Proxy:
    """A Proxy on a cloud supporting microversions 2.1 to 2.100."""
    return make_compute("2.100")


class Wire:
    """What the tests inspect: the compute API requests and their microversion."""

    def __init__(self, mocker: requests_mock.Mocker) -> None:
        self.mocker = mocker

    def calls(self) -> list[Any]:
        """The requests sent to the compute API, without token and version discovery."""
        return [
            r
            for r in self.mocker.request_history
            if r.url.startswith(COMPUTE + "/") and r.url.rstrip("/") != COMPUTE
        ]

    @staticmethod
    def microversion(request: Any) -> str | None:
        """The compute microversion a request carried (both headers must agree)."""
        new = request.headers.get("OpenStack-API-Version")
        legacy = request.headers.get("X-OpenStack-Nova-API-Version")
        if new is None:
            assert legacy is None
            return None
        assert new == f"compute {legacy}"
        return str(legacy)


@pytest.fixture
def wire(mock: requests_mock.Mocker) -> Wire:
    """Helpers to inspect what was sent."""
    return Wire(mock)
