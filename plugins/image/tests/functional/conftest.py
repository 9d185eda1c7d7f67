"""Functional tests of openstack-image against real Glance 33 started on 127.0.0.1.

The harness plugin that ``tox -e functional`` loads (``-p tests.functional.harness.fixtures``)
starts Keystone and Glance (``glance_service``); this module adds what the image tests
share: one Connection per cloud (``demo``, ``other``, ``admin``) read from the harness's
clouds.yaml the way users' code reads it, a recorder of the HTTP exchanges with Glance
(``tests/functional/harness/wire.py``), names unique to the run, and the clean-up of
every image a test creates. At the end of the session no image of this run may be left
in any project.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import openstack_core
from openstack_core import exceptions
from tests.functional.harness import fixtures, wire

#: Glance finishes imports of a few MiB within a second; generous for a loaded machine.
TIMEOUT = 120
POLL = 0.5


class Glance:
    """What the image tests share: connections through clouds.yaml, a wire recorder,
    unique names and the web-download source server."""

    def __init__(self, stack: Any) -> None:
        self.stack = stack
        #: Glance's endpoint as in the catalog (unversioned: ``http://127.0.0.1:<port>``).
        self.image_url: str = stack.endpoints["image"]
        #: The path Glance is served under: empty behind its own port, as the harness
        #: runs it; ``/image`` behind a path prefix (the local cloud).
        self.path_prefix: str = urlsplit(self.image_url).path.rstrip("/")
        self.run = secrets.token_hex(4)
        #: Where the web-download source server serves files from, and its address.
        self.web_dir: Path = stack.web_download.directory
        self.web_url: str = stack.web_download.url

    def name(self, what: str) -> str:
        """A name of this run (the session's leftover check looks for the prefix)."""
        return f"{self.prefix}{what}-{secrets.token_hex(3)}"

    @property
    def prefix(self) -> str:
        return f"osc-img-{self.run}-"

    def connect(self, cloud: str) -> contextlib.AbstractContextManager[openstack_core.Connection]:
        """A Connection to ``cloud`` from the harness's clouds.yaml (``OS_CLIENT_CONFIG_FILE``)."""
        return fixtures.connect(self.stack.clouds_yaml, cloud)

    def record(
        self, conn: openstack_core.Connection
    ) -> contextlib.AbstractContextManager[wire.Wire]:
        """Record ``conn``'s exchanges with Glance inside the block (Keystone's token
        requests are left out)."""
        return wire.record(conn, self.image_url)

    def serve(self, name: str, data: bytes) -> str:
        """Put ``data`` on the web-download server; returns its URL."""
        (self.web_dir / name).write_bytes(data)
        return f"{self.web_url}/{name}"


def remove_images(image_proxy: Any, images: list[Any]) -> None:
    """Delete ``images`` (protected ones unprotected first, missing ones skipped) and wait
    until Glance no longer has them."""
    for image in images:
        try:
            current = image_proxy.get_image(image)
        except exceptions.NotFoundException:
            continue
        if current.is_protected:
            image_proxy.update_image(current, is_protected=False)
        image_proxy.delete_image(current, ignore_missing=True)
    for image in images:
        image_proxy.wait_for_delete(image, interval=POLL, wait=TIMEOUT)


@pytest.fixture(scope="session")
def glance(glance_service: Any) -> Glance:
    """The shared helpers, bound to the harness's Glance."""
    return Glance(glance_service)


@pytest.fixture(scope="session")
def demo_cloud(glance: Glance) -> Iterator[openstack_core.Connection]:
    """One Connection to cloud ``demo`` (a member of project demo) for the session."""
    with glance.connect("demo") as conn:
        yield conn


@pytest.fixture(scope="session")
def other_cloud(glance: Glance) -> Iterator[openstack_core.Connection]:
    """One Connection to cloud ``other`` (a member of project other)."""
    with glance.connect("other") as conn:
        yield conn


@pytest.fixture(scope="session")
def admin_cloud(glance: Glance) -> Iterator[openstack_core.Connection]:
    """One Connection to cloud ``admin``."""
    with glance.connect("admin") as conn:
        yield conn


@pytest.fixture(scope="session")
def image(demo_cloud: openstack_core.Connection) -> Any:
    """``conn.image`` of cloud demo: the installed plugin's Proxy."""
    return demo_cloud.image


@pytest.fixture(scope="session", autouse=True)
def nothing_left_behind(glance: Glance, request: pytest.FixtureRequest) -> Iterator[None]:
    """After the image tests, no image of this run exists in any project (admin sees
    every project's images; hidden ones only when asked)."""
    yield
    with glance.connect("admin") as admin:
        left = [
            f"{i.name} ({i.id}, project {i.owner})"
            for hidden in (False, True)
            for i in admin.image.images(is_hidden=hidden)
            if (i.name or "").startswith(glance.prefix)
        ]
    assert not left, f"images left behind by the image tests: {left}"


@pytest.fixture(scope="session")
def remove() -> Callable[[Any, list[Any]], None]:
    """:func:`remove_images`, for module-scoped fixtures (test modules cannot import
    this conftest)."""
    return remove_images


@pytest.fixture
def cleanup(image: Any) -> Iterator[list[Any]]:
    """Images a test appends here (in project demo) are removed after it, whatever
    happened."""
    created: list[Any] = []
    yield created
    remove_images(image, created)
