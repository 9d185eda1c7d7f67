"""No password or token in DEBUG logs, reprs or the text of any exception raised."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest

import openstack_core
from openstack_core import exceptions
from tests.faults.conftest import Connect
from tests.faults.server import PASSWORD, Fault, FaultServer

FILE = r"/image/v2/images/[^/]+/file"


def _failure(action: Callable[[], Any]) -> BaseException:
    try:
        action()
    except exceptions.SDKException as exc:
        return exc
    raise AssertionError("expected an SDKException")


def test_secrets_stay_out_of_logs_reprs_and_errors(
    cloud: FaultServer, connect: Connect, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    conn = connect(api_timeout=0.5)
    errors: list[BaseException] = []
    list(conn.compute.servers())
    conn.image.create_image("img", data=b"x" * 1000)
    # A revoked token renewed mid-listing and mid-upload.
    cloud.revoke_tokens()
    list(conn.compute.servers(limit=20))
    cloud.add_fault(Fault("PUT", FILE, revoke=True))
    conn.image.create_image("img2", data=b"y" * 1000)
    # Failures of every kind.
    cloud.add_fault(Fault("PUT", FILE, revoke=True))
    errors.append(_failure(lambda: conn.image.create_image("g", data=iter([b"z" * 100]))))
    cloud.add_fault(Fault("GET", r"/compute/v2.1/servers/detail", status=503, body="{}"))
    errors.append(_failure(lambda: list(conn.compute.servers())))
    cloud.add_fault(Fault("GET", r"/compute/v2.1/servers/detail", cut_at=3))
    errors.append(_failure(lambda: list(conn.compute.servers())))
    cloud.add_fault(Fault("GET", r"/compute/v2.1/servers/detail", stall=1.0))
    errors.append(_failure(lambda: list(conn.compute.servers())))
    cloud.revoke_tokens()
    cloud.add_fault(Fault("POST", "/identity/v3/auth/tokens", status=401, body="{}"))
    errors.append(_failure(lambda: conn.compute.get_server("srv-0001")))
    wrong = openstack_core.connect(
        **cloud.connect_kwargs(auth={**cloud.connect_kwargs()["auth"], "password": "nope-x1"})
    )
    errors.append(_failure(lambda: wrong.compute.get_server("srv-0001")))
    wrong.close()

    tokens = list(cloud.issued)
    assert len(tokens) >= 4
    texts = {
        "logs": caplog.text,
        "reprs": " ".join(
            repr(x) for x in (conn, conn.config, conn.compute, conn.image, conn.session)
        ),
        "errors": " ".join(f"{e!s} {e!r} {e.__cause__!s}" for e in errors),
    }
    assert "HTTP 401" in texts["errors"] and "HTTP 503" in texts["errors"]
    for where, text in texts.items():
        assert PASSWORD not in text, where
        assert "nope-x1" not in text, where
        for token in tokens:
            assert token not in text, where
    assert "X-Auth-Token: {SHA256}" in caplog.text  # what keystoneauth1 logs instead
