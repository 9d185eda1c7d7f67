"""Functional tests of openstack-compute against real services started on 127.0.0.1.

Fixtures (`admin_conn`, `demo_conn`, `glance_service`, `nova_service`, ...) come from
the harness plugin that `tox -e functional` loads (`tests/functional/harness/fixtures.py`);
this module adds what the compute tests share: long-lived connections, a recorder of
the HTTP exchanges with Nova (``tests/functional/harness/wire.py``), and helpers to boot
and remove servers.

The tests reach Nova through `openstack_core.connect(cloud=...)` and `conn.compute`,
as users do. Servers run in project `demo` (default quota: 10 servers), and every test
removes what it creates, also when it fails.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

import openstack_core
from tests.functional.harness import fixtures, wire

#: Poll often: the fake driver finishes most actions within a second.
POLL = 0.5
#: Generous for a loaded 2-core machine; a healthy run needs a few seconds.
TIMEOUT = 120


class Nova:
    """What the compute tests share: connections through clouds.yaml, a wire recorder,
    booting and removing servers."""

    def __init__(self, stack: Any, tmp_dir: Path) -> None:
        self.stack = stack
        self.ids: dict[str, str] = stack.ids
        #: Nova's endpoint as in the catalog (``http://127.0.0.1:<port>/v2.1``).
        self.compute_url: str = stack.endpoints["compute"]
        #: The path of Nova's version document: ``/v2.1`` behind its own port, as the
        #: harness runs it; ``/compute/v2.1`` behind a path prefix (the local cloud).
        self.version_path: str = urlsplit(self.compute_url).path
        self._tmp_dir = tmp_dir

    @staticmethod
    def name(what: str) -> str:
        """A name no other test (or concurrent run) uses."""
        return f"osc-fn-{what}-{uuid.uuid4().hex[:8]}"

    @contextlib.contextmanager
    def connect(self, cloud: str, **settings: Any) -> Iterator[openstack_core.Connection]:
        """A Connection to ``cloud``, read from clouds.yaml (``OS_CLIENT_CONFIG_FILE``)
        the way users' code reads it; ``settings`` are extra keys of that cloud's entry
        (e.g. ``compute_default_microversion``), written to a copy of the harness's file.
        """
        path = self.stack.clouds_yaml
        if settings:
            data = yaml.safe_load(path.read_text())
            data["clouds"][cloud].update(settings)
            path = self._tmp_dir / f"clouds-{uuid.uuid4().hex[:8]}.yaml"
            path.write_text(yaml.safe_dump(data))
        with fixtures.connect(path, cloud) as conn:
            yield conn

    def record(
        self, conn: openstack_core.Connection
    ) -> contextlib.AbstractContextManager[wire.Wire]:
        """Record the HTTP exchanges of ``conn`` with Nova inside the block (Keystone's
        token requests are left out)."""
        return wire.record(conn, self.compute_url)

    def boot(self, compute: Any, name: str, **attrs: Any) -> Any:
        """Create a server of m1.tiny from the harness's image, with no network."""
        attrs.setdefault("flavor_id", self.ids["flavor_m1.tiny"])
        attrs.setdefault("image_id", self.ids["image"])
        attrs.setdefault("networks", "none")
        return compute.create_server(name=name, **attrs)

    @staticmethod
    def wait(compute: Any, server: Any, status: str = "ACTIVE") -> Any:
        """Wait for ``status`` and for the task to be over, so the next action is
        accepted. Starts from a fresh GET: ``server`` may be a stale copy still showing
        the state from before the last action."""
        server = compute.get_server(server.id)
        server = compute.wait_for_server(server, status, interval=POLL, wait=TIMEOUT)
        deadline = time.monotonic() + TIMEOUT
        while server.task_state is not None and time.monotonic() < deadline:
            time.sleep(POLL)
            server = compute.get_server(server)
        assert server.status == status and server.task_state is None, (
            server.status,
            server.task_state,
        )
        return server

    @staticmethod
    def remove(compute: Any, servers: list[Any]) -> None:
        """Delete ``servers`` (already gone ones included) and wait until they are
        gone, so the project's quota is free for the next tests."""
        for server in servers:
            compute.delete_server(server, ignore_missing=True)
        for server in servers:
            compute.wait_for_delete(server, interval=POLL, wait=TIMEOUT)


@pytest.fixture(scope="session")
def nova(nova_service: Any, tmp_path_factory: pytest.TempPathFactory) -> Nova:
    """The shared helpers, bound to the harness's Nova."""
    return Nova(nova_service, tmp_path_factory.mktemp("compute-clouds"))


@pytest.fixture(scope="session")
def demo_cloud(nova: Nova) -> Iterator[openstack_core.Connection]:
    """One Connection to cloud ``demo`` (a member of project demo) for the session."""
    with nova.connect("demo") as conn:
        yield conn


@pytest.fixture(scope="session")
def admin_cloud(nova: Nova) -> Iterator[openstack_core.Connection]:
    """One Connection to cloud ``admin`` for the session."""
    with nova.connect("admin") as conn:
        yield conn
