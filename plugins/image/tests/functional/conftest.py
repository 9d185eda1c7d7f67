"""Functional tests of openstack-image against real Glance 33 started on 127.0.0.1.

The harness plugin that ``tox -e functional`` loads (``-p tests.functional.harness.fixtures``)
starts Keystone and Glance (``glance_service``); this module adds what the image tests
share: one Connection per cloud (``demo``, ``other``, ``admin``) read from the harness's
clouds.yaml the way users' code reads it, a recorder of the HTTP exchanges with Glance,
names unique to the run, and the clean-up of every image a test creates. At the end
of the session no image of this run may be left in any project.
"""

from __future__ import annotations

import contextlib
import json
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

import openstack_core
from openstack_core import exceptions

#: Glance finishes imports of a few MiB within a second; generous for a loaded machine.
TIMEOUT = 120
POLL = 0.5


@dataclass
class Exchange:
    """One HTTP request to Glance and its response, as they went over the wire."""

    method: str
    url: str
    status: int
    request_headers: dict[str, str]
    response_headers: dict[str, str]
    #: The request's JSON body (None when there is none or it is not JSON, e.g. data).
    body: Any = None
    #: The response's JSON body (None unless the response is JSON).
    answer: Any = None

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.url).query)


@dataclass
class Wire:
    """Records the exchanges of a Connection with Glance (a requests response hook)."""

    image_url: str
    exchanges: list[Exchange] = field(default_factory=list)

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        request = response.request
        if not str(request.url).startswith(self.image_url):
            return  # Keystone's token requests
        body = request.body
        decoded = None
        if isinstance(body, (bytes, str)) and body:
            with contextlib.suppress(ValueError):
                decoded = json.loads(body)
        answer = None
        # Never read a data download here: that would buffer the stream.
        if response.headers.get("Content-Type", "").startswith("application/json"):
            answer = response.json()
        self.exchanges.append(
            Exchange(
                method=str(request.method),
                url=str(request.url),
                status=response.status_code,
                request_headers=dict(request.headers),
                response_headers=dict(response.headers),
                body=decoded,
                answer=answer,
            )
        )

    def only(self, method: str, path_suffix: str = "") -> list[Exchange]:
        """The exchanges with this method whose path ends with ``path_suffix``."""
        return [e for e in self.exchanges if e.method == method and e.path.endswith(path_suffix)]


class Glance:
    """What the image tests share: connections through clouds.yaml, a wire recorder,
    unique names and the web-download source server."""

    def __init__(self, stack: Any) -> None:
        self.stack = stack
        #: Glance's endpoint as in the catalog (unversioned: ``http://127.0.0.1:<port>``).
        self.image_url: str = stack.endpoints["image"]
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

    @contextlib.contextmanager
    def connect(self, cloud: str) -> Iterator[openstack_core.Connection]:
        """A Connection to ``cloud`` from the harness's clouds.yaml (``OS_CLIENT_CONFIG_FILE``)."""
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("OS_CLIENT_CONFIG_FILE", str(self.stack.clouds_yaml))
            conn = openstack_core.connect(cloud=cloud)
        with conn:
            yield conn

    @contextlib.contextmanager
    def record(self, conn: openstack_core.Connection) -> Iterator[Wire]:
        """Record ``conn``'s exchanges with Glance inside the block."""
        wire = Wire(self.image_url)
        hooks = conn.session.session.hooks["response"]
        hooks.append(wire)
        try:
            yield wire
        finally:
            hooks.remove(wire)

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
