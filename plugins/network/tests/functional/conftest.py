"""Functional tests of openstack-network against the harness's real Neutron 29.

Fixtures (`neutron_service`, `functional_stack`, ...) come from the harness plugin that
`tox -e functional` loads (`tests/functional/harness/fixtures.py`); this module adds
session-long connections through clouds.yaml (made after Neutron is in the catalog),
a recorder of the HTTP exchanges with Neutron, and a cleanup stack so every test removes
what it creates, also when it fails.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import openstack_core
from tests.functional.harness import fixtures, wire


def unique(what: str) -> str:
    """A name no other test (or concurrent run) uses."""
    return f"osc-fn-{what}-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def name() -> Callable[[str], str]:
    """``name("net")``: a name no other test (or concurrent run) uses."""
    return unique


@pytest.fixture(scope="session")
def network_url(neutron_service: Any) -> str:
    """Neutron's catalog URL (the root, without /v2.0)."""
    return str(neutron_service.endpoints["network"])


def _connect(stack: Any, cloud: str) -> Iterator[openstack_core.Connection]:
    with fixtures.connect(stack.clouds_yaml, cloud) as conn:
        yield conn


@pytest.fixture(scope="session")
def admin(neutron_service: Any) -> Iterator[openstack_core.Connection]:
    """A Connection to cloud ``admin``, made once Neutron is in the catalog."""
    yield from _connect(neutron_service, "admin")


@pytest.fixture(scope="session")
def demo(neutron_service: Any) -> Iterator[openstack_core.Connection]:
    """A Connection to cloud ``demo`` (a member of project demo, not an admin)."""
    yield from _connect(neutron_service, "demo")


@pytest.fixture(scope="session")
def other(neutron_service: Any) -> Iterator[openstack_core.Connection]:
    """A Connection to cloud ``other`` (another project)."""
    yield from _connect(neutron_service, "other")


@pytest.fixture
def record(network_url: str) -> Callable[[openstack_core.Connection], Any]:
    """``with record(conn) as w:`` records the exchanges of ``conn`` with Neutron."""

    def recorder(conn: openstack_core.Connection) -> contextlib.AbstractContextManager[Any]:
        return wire.record(conn, network_url)

    return recorder


@pytest.fixture
def cleanup() -> Iterator[Callable[[Callable[[], Any]], None]]:
    """``cleanup(fn)`` runs ``fn`` at the end of the test, last registered first;
    a failing cleanup does not hide the others."""
    steps: list[Callable[[], Any]] = []
    yield steps.append
    errors = []
    for step in reversed(steps):
        try:
            step()
        except Exception as exc:  # reported after every step ran
            errors.append(exc)
    if errors:
        raise errors[0]


@pytest.fixture
def net(demo: openstack_core.Connection, cleanup: Any) -> Any:
    """A network with an IPv4 subnet (10.20.0.0/24) in project demo."""
    network = demo.network.create_network(name=unique("net"))
    cleanup(lambda: demo.network.delete_network(network))
    subnet = demo.network.create_subnet(
        network_id=network.id, ip_version=4, cidr="10.20.0.0/24", name=unique("subnet")
    )
    cleanup(lambda: demo.network.delete_subnet(subnet))
    return network, subnet


@pytest.fixture
def external(admin: openstack_core.Connection, cleanup: Any) -> Any:
    """A shared external flat network with a subnet (203.0.113.0/24), made by admin."""
    network = admin.network.create_network(
        name=unique("ext"),
        is_router_external=True,
        provider_network_type="flat",
        provider_physical_network=f"ext{uuid.uuid4().hex[:6]}",
    )
    cleanup(lambda: admin.network.delete_network(network))
    subnet = admin.network.create_subnet(
        network_id=network.id,
        ip_version=4,
        cidr="203.0.113.0/24",
        is_dhcp_enabled=False,
        name=unique("ext-subnet"),
    )
    cleanup(lambda: admin.network.delete_subnet(subnet))
    return network, subnet
