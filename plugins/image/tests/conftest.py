"""Fixtures: a fake cloud whose image endpoint is unversioned, as Glance's usually is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from http import HTTPStatus

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


@pytest.fixture
def glance_error(mock: requests_mock.Mocker) -> Callable[[str, str, int, str], None]:
    """``glance_error(method, url, code, message)`` registers an error as Glance sends
    it: webob's HTML page (``text/html``) with the message in its body, and a request
    id header (``req-1``)."""

    def register(method: str, url: str, code: int, message: str) -> None:
        title = f"{code} {HTTPStatus(code).phrase}"
        page = (
            f"<html>\n <head>\n  <title>{title}</title>\n </head>\n <body>\n"
            f"  <h1>{title}</h1>\n  {message}<br /><br />\n\n\n\n </body>\n</html>"
        )
        mock.register_uri(
            method,
            url,
            status_code=code,
            text=page,
            headers={"Content-Type": "text/html; charset=UTF-8", "x-openstack-request-id": "req-1"},
        )

    return register
