"""Functional tests of openstack-identity against the real Keystone 30 of the harness.

The harness plugin that ``tox -e functional`` loads (``-p tests.functional.harness.fixtures``)
starts Keystone (``functional_stack``); this module adds what the identity tests share:
one Connection per cloud (``admin``, ``demo``) read from the harness's clouds.yaml the
way users' code reads it, a recorder of the HTTP exchanges with Keystone, names unique
to the run, and an undo list so every test removes what it creates, also when it fails.
At the end of the session nothing named with this run's prefix may be left.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import openstack_core
from openstack_core import exceptions
from tests.functional.harness import fixtures, wire


class Keystone:
    """What the identity tests share: connections through clouds.yaml, a wire recorder
    and unique names."""

    def __init__(self, stack: Any) -> None:
        self.stack = stack
        self.ids: dict[str, str] = stack.ids
        #: Keystone's endpoint as in the catalog (``http://127.0.0.1:<port>/v3``).
        self.url: str = stack.keystone_url
        self.run = secrets.token_hex(4)

    @property
    def prefix(self) -> str:
        """What every name of this run starts with (the leftover check looks for it)."""
        return f"osc-id-{self.run}-"

    def name(self, what: str) -> str:
        """A name no other test (or concurrent run) uses."""
        return f"{self.prefix}{what}-{secrets.token_hex(3)}"

    def connect(self, cloud: str) -> contextlib.AbstractContextManager[openstack_core.Connection]:
        """A Connection to ``cloud`` from the harness's clouds.yaml."""
        return fixtures.connect(self.stack.clouds_yaml, cloud)

    def record(
        self, conn: openstack_core.Connection
    ) -> contextlib.AbstractContextManager[wire.Wire]:
        """Record ``conn``'s exchanges with Keystone's API inside the block (token
        requests are left out)."""
        return wire.record(conn, self.url)


@pytest.fixture(scope="session")
def keystone(functional_stack: Any) -> Keystone:
    """The shared helpers, bound to the harness's Keystone."""
    return Keystone(functional_stack)


@pytest.fixture(scope="session")
def admin_cloud(keystone: Keystone) -> Iterator[openstack_core.Connection]:
    """One Connection to cloud ``admin`` (admin of project admin) for the session."""
    with keystone.connect("admin") as conn:
        yield conn


@pytest.fixture(scope="session")
def demo_cloud(keystone: Keystone) -> Iterator[openstack_core.Connection]:
    """One Connection to cloud ``demo`` (a member of project demo)."""
    with keystone.connect("demo") as conn:
        yield conn


@pytest.fixture(scope="session")
def identity(admin_cloud: openstack_core.Connection) -> Any:
    """``conn.identity`` of cloud admin: the installed plugin's Proxy."""
    return admin_cloud.identity


@pytest.fixture
def undo() -> Iterator[list[Callable[[], Any]]]:
    """Clean-ups a test appends (newest run first), whatever happened; a resource
    already gone is no error."""
    steps: list[Callable[[], Any]] = []
    yield steps
    for step in reversed(steps):
        with contextlib.suppress(exceptions.NotFoundException):
            step()


@pytest.fixture(scope="session", autouse=True)
def nothing_left_behind(keystone: Keystone, request: pytest.FixtureRequest) -> Iterator[None]:
    """After the identity tests, no user, group, project, domain, role, service, region
    or identity provider of this run is left."""
    yield
    if not keystone.stack.keystone_url:
        return
    with keystone.connect("admin") as admin:
        identity = admin.identity
        left = [
            f"{kind} {item.name or item.id}"
            for kind, listing in (
                ("user", identity.users),
                ("group", identity.groups),
                ("project", identity.projects),
                ("domain", identity.domains),
                ("role", identity.roles),
                ("service", identity.services),
                ("region", identity.regions),
                ("identity provider", identity.identity_providers),
                ("mapping", identity.mappings),
                ("service provider", identity.service_providers),
            )
            for item in listing()
            if keystone.prefix in str(item.name or item.id or "")
        ]
    assert not left, f"left behind by the identity tests: {left}"
