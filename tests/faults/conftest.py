"""Fixtures of the fault-injection suite: one fault server per session, reset per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

import openstack_core
from tests.faults.server import FaultServer

Connect = Callable[..., openstack_core.Connection]


@pytest.fixture(scope="session")
def _server() -> Iterator[FaultServer]:
    server = FaultServer().start()
    yield server
    server.stop()


@pytest.fixture
def cloud(_server: FaultServer) -> Iterator[FaultServer]:
    """The fault server, with no faults, tokens, images or recorded requests."""
    _server.reset()
    yield _server
    _server.reset()


@pytest.fixture
def connect(cloud: FaultServer) -> Iterator[Connect]:
    """``connect(**settings)``: a real Connection to the fault server, closed afterwards."""
    made: list[openstack_core.Connection] = []

    def make(**extra: Any) -> openstack_core.Connection:
        conn = openstack_core.connect(**cloud.connect_kwargs(**extra))
        made.append(conn)
        return conn

    yield make
    for conn in made:
        conn.close()
