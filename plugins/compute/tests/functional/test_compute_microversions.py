"""Version discovery and microversion negotiation against Nova 34's real range.

Nova echoes the microversion it served in ``OpenStack-API-Version``, so each test
checks both what the plugin sent and that Nova accepted it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from keystoneauth1 import discover

from openstack_core import exceptions


def _version(text: str) -> tuple[int, int]:
    major, minor = discover.normalize_version_number(text)[:2]
    return int(major), int(minor)


@pytest.fixture(scope="module")
def nova_range(nova: Any) -> tuple[str, str]:
    """(min, max) microversion from Nova's own version document."""
    document = requests.get(nova.compute_url, timeout=30).json()["version"]
    assert document["id"] == "v2.1" and document["status"] == "CURRENT"
    return document["min_version"], document["version"]


@pytest.fixture(scope="module")
def server(nova: Any, demo_cloud: Any) -> Iterator[Any]:
    """A server to read and act on at pinned versions (in project demo)."""
    compute = demo_cloud.compute
    created = nova.boot(compute, nova.name("mv"))
    try:
        yield nova.wait(compute, created)
    finally:
        nova.remove(compute, [created])


def _served(exchange: Any) -> str:
    """The microversion of a request, checked against Nova's echo of it."""
    sent = exchange.request_headers["OpenStack-API-Version"]
    assert exchange.request_headers["X-OpenStack-Nova-API-Version"] == sent.split()[-1]
    assert exchange.response_headers["OpenStack-API-Version"] == sent
    assert exchange.response_headers["X-OpenStack-Nova-API-Version"] == sent.split()[-1]
    return sent.split()[-1]


def test_discovery_reads_nova_range(nova_range: tuple[str, str]) -> None:
    low, high = nova_range
    assert low == "2.1"
    # Nova 34.0.0 announces 2.104; every Resource's maximum (Server: 2.100) is within.
    assert _version(high) >= (2, 100)


def test_each_resource_negotiates_the_highest_common_version(
    nova: Any, demo_cloud: Any, server: Any, nova_range: tuple[str, str]
) -> None:
    compute = demo_cloud.compute
    high = _version(nova_range[1])

    def expected(resource_max: str) -> str:
        return "{}.{}".format(*min(_version(resource_max), high))

    calls = [
        ("2.100", lambda: compute.get_server(server.id)),
        ("2.100", lambda: list(compute.servers(name=server.name))),
        ("2.61", lambda: compute.get_flavor(nova.ids["flavor_m1.tiny"])),
        ("2.10", lambda: list(compute.keypairs())),
        ("2.57", lambda: compute.get_limits()),
        ("2.64", lambda: list(compute.server_groups())),
        ("2.1", lambda: list(compute.availability_zones())),
        ("2.84", lambda: list(compute.server_actions(server.id))),
    ]
    for resource_max, call in calls:
        with nova.record(demo_cloud) as wire:
            call()
        served = [_served(e) for e in wire.exchanges]
        # Lists may take more than one page; every page at the same version.
        assert served and set(served) == {expected(resource_max)}, resource_max


def test_server_shape_at_the_negotiated_version(nova: Any, demo_cloud: Any, server: Any) -> None:
    fetched = demo_cloud.compute.get_server(server.id)
    # 2.47+: the flavor embedded, named by original_name, with its extra specs (2.61+).
    # As in openstacksdk its id falls back to that name, so find_flavor(id) finds it.
    assert (fetched.flavor.id, fetched.flavor.name) == ("m1.tiny", "m1.tiny")
    found = demo_cloud.compute.find_flavor(fetched.flavor.id, ignore_missing=False)
    assert found.id == nova.ids["flavor_m1.tiny"]
    assert (fetched.flavor.ram, fetched.flavor.extra_specs) == (512, {})
    assert fetched.server_groups == []  # 2.71+
    assert fetched.hostname == server.name  # 2.90+ (to non-admins)
    assert fetched.scheduler_hints == {}  # 2.100
    # Flavors at 2.61 still send swap "" for none (an integer from 2.75).
    assert demo_cloud.compute.get_flavor(nova.ids["flavor_m1.tiny"]).swap == 0


def test_pinned_microversion_is_honoured(nova: Any, server: Any) -> None:
    with nova.connect("demo", compute_default_microversion="2.40") as conn:
        compute = conn.compute
        with nova.record(conn) as wire:
            fetched = compute.get_server(server.id)
            flavor = compute.get_flavor(nova.ids["flavor_m1.tiny"])
            list(compute.keypairs())
        assert {_served(e) for e in wire.exchanges if e.path != nova.version_path} == {"2.40"}
        # Before 2.47 a server names its flavor by id; the name is the flavor's to say.
        assert fetched.flavor.id == nova.ids["flavor_m1.tiny"]
        assert fetched.flavor.name is None
        assert fetched.tags == []  # 2.26+
        assert fetched.is_locked is False  # 2.9+
        # Newer fields are absent, and read None rather than failing.
        assert fetched.server_groups is None
        assert fetched.scheduler_hints is None
        assert fetched.locked_reason is None
        assert (flavor.name, flavor.ram) == ("m1.tiny", 512)


def test_call_needing_a_newer_version_than_the_pin_is_not_supported(nova: Any, server: Any) -> None:
    with nova.connect("demo", compute_default_microversion="2.40") as conn:
        compute = conn.compute
        with nova.record(conn) as wire:
            with pytest.raises(exceptions.NotSupported) as caught:
                compute.lock_server(server.id, locked_reason="needs 2.73")
        assert "2.73" in str(caught.value) and "2.40" in str(caught.value)
        assert [e for e in wire.exchanges if e.method == "POST"] == []  # nothing sent
        assert compute.get_server(server.id).is_locked is False

        # Without a reason the lock exists at 2.40: sent, and honoured by Nova.
        with nova.record(conn) as wire:
            compute.lock_server(server.id)
        try:
            (post,) = wire.exchanges
            assert post.body == {"lock": None} and _served(post) == "2.40"
            assert compute.get_server(server.id).is_locked is True
        finally:
            compute.unlock_server(server.id)
        assert compute.get_server(server.id).is_locked is False

    with nova.connect("demo", compute_default_microversion="2.20") as conn:
        with pytest.raises(exceptions.NotSupported) as caught:
            conn.compute.add_tag_to_server(server.id, "blue")
        assert "2.26" in str(caught.value)


def test_lock_reason_at_the_negotiated_version(nova: Any, demo_cloud: Any, server: Any) -> None:
    compute = demo_cloud.compute
    with nova.record(demo_cloud) as wire:
        compute.lock_server(server.id, locked_reason="negotiated")
    try:
        (post,) = wire.exchanges
        assert post.body == {"lock": {"locked_reason": "negotiated"}}
        assert _served(post) == "2.100"
        assert compute.get_server(server.id).locked_reason == "negotiated"
    finally:
        compute.unlock_server(server.id)


def test_pin_outside_nova_range_is_not_supported(
    nova: Any, server: Any, nova_range: tuple[str, str]
) -> None:
    beyond = f"2.{_version(nova_range[1])[1] + 1}"
    with nova.connect("demo", compute_default_microversion=beyond) as conn:
        with nova.record(conn) as wire:
            with pytest.raises(exceptions.NotSupported) as caught:
                conn.compute.get_server(server.id)
        assert beyond in str(caught.value) and nova_range[1] in str(caught.value)
        # Only version discovery went out, no request for the server.
        assert [e.path for e in wire.exchanges] == [nova.version_path]
