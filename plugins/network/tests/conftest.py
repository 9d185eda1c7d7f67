"""Fixtures: a fake cloud whose network endpoint is Neutron's unversioned root, and the
network fake of a local cloud at the HTTP level."""

from __future__ import annotations

from typing import Any

import pytest
from openstack_network.v2._fake import Fake
from openstack_network.v2._proxy import Proxy

from openstack_core import fakes
from openstack_core.testing import FakeCloud, LocalCloud

ROOT = "https://network.example.com:9696"
#: Where requests go: the catalog root plus /v2.0.
URL = f"{ROOT}/v2.0"
#: The local cloud's users: an admin and members of two projects.
USERS = [
    {"name": "admin", "project": "admin", "roles": ["admin"]},
    {"name": "demo", "project": "demo", "roles": ["member"]},
    {"name": "other", "project": "other", "roles": ["member"]},
]
#: 2026-01-31T12:00:00Z, when the fake's frozen clock starts.
START = 1769860800.0


@pytest.fixture
def net(fake_cloud: FakeCloud) -> Proxy:
    """The network Proxy on a catalog entry without /v2.0 and no version document."""
    fake_cloud.add_service("network", ROOT + "/", discovery=False)
    return fake_cloud.proxy(Proxy)


class Neutron:
    """The network fake of a fresh local cloud, at the HTTP level: ``neutron("GET",
    "/networks")`` sends ``GET /network/v2.0/networks`` as user ``demo``."""

    def __init__(self, cloud: LocalCloud) -> None:
        self.cloud = cloud

    def __call__(
        self,
        method: str,
        path: str,
        user: str | None = "demo",
        json: Any = None,
        headers: dict[str, str] | None = None,
    ) -> fakes.Response:
        return self.cloud.request(
            method, f"/network/v2.0{path}", user=user, json=json, headers=headers
        )

    def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        """The decoded answer, which must have ``status``."""
        answer = self(method, path, **kwargs)
        assert answer.status == status, answer.json_body()
        return answer.json_body()

    def create(self, collection: str, key: str, user: str = "demo", **attrs: Any) -> Any:
        """``POST /<collection>`` with ``{key: attrs}``; the created resource."""
        return self.ok("POST", f"/{collection}", 201, user=user, json={key: attrs})[key]

    def error(self, answer: fakes.Response, status: int, kind: str) -> str:
        """The message of a ``NeutronError`` answer of ``status`` and ``kind``."""
        assert answer.status == status, answer.json_body()
        error = answer.json_body()["NeutronError"]
        assert set(error) == {"type", "message", "detail"} and error["type"] == kind, error
        assert answer.headers["X-Openstack-Request-Id"].startswith("req-")
        return str(error["message"])


@pytest.fixture
def neutron() -> Neutron:
    """The network fake of a fresh local cloud (users admin, demo and other), its clock
    frozen at 2026-01-31T12:00:00Z."""
    return Neutron(
        LocalCloud(
            clock=fakes.Clock(start=START),
            settings={"identity": {"users": USERS}},
            fakes={"network": Fake},
        )
    )
