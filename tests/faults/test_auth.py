"""A token revoked mid-run: every call survives it, with one new login, not a storm."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from openstack_core import exceptions
from tests.faults.conftest import Connect
from tests.faults.server import Fault, FaultServer


def test_token_revoked_mid_listing(cloud: FaultServer, connect: Connect) -> None:
    conn = connect()
    ids = []
    for index, server in enumerate(conn.compute.servers(limit=10)):
        ids.append(server.id)
        if index == 25:  # the third page is in hand; the fourth meets the revocation
            cloud.revoke_tokens()
    assert ids == [s["id"] for s in cloud.servers]
    assert cloud.logins == 2
    rejected = [r for r in cloud.calls("GET", "/compute/v2.1/servers/detail")]
    assert len(rejected) == 6  # five pages, the fourth sent twice


def test_sixteen_threads_survive_one_revocation(cloud: FaultServer, connect: Connect) -> None:
    conn = connect()
    conn.compute.get_server("srv-0000")  # logged in once before the threads start
    calls = 320
    done = 0
    lock = threading.Lock()

    def call(i: int) -> str:
        nonlocal done
        server = conn.compute.get_server(f"srv-{i % 50:04d}")
        with lock:
            done += 1
            if done == calls // 3:
                cloud.revoke_tokens()  # mid-run, while other calls are in flight
        return str(server.id)

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(call, range(calls)))
    assert results == [f"srv-{i % 50:04d}" for i in range(calls)]
    assert cloud.logins == 2  # the first login and one after the revocation
    assert len(cloud.calls("GET", r"/compute/v2.1/servers/srv-\d+")) >= calls + 1


def test_credentials_refused_on_renewal(cloud: FaultServer, connect: Connect) -> None:
    conn = connect()
    conn.compute.get_server("srv-0000")
    cloud.revoke_tokens()
    cloud.add_fault(Fault("POST", "/identity/v3/auth/tokens", status=401, body="{}"))
    with pytest.raises(exceptions.UnauthorizedException) as caught:
        conn.compute.get_server("srv-0001")
    assert "auth/tokens" in str(caught.value)
