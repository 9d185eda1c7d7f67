"""Errors from real Nova 34 mapped to openstack-core exceptions, with Nova's request id
and Nova's own message (from its error body).

The 409 of an action in the wrong state and of a locked server are in the lifecycle
tests (test_compute_servers.py), which have a server in those states.
"""

from __future__ import annotations

from typing import Any

import pytest

from openstack_core import exceptions

MISSING = "00000000-0000-4000-8000-000000000000"


def _request_id_of_last_compute_exchange(wire: Any) -> str:
    last = wire.exchanges[-1]
    return str(last.response_headers["x-openstack-request-id"])


def test_missing_server_is_not_found(nova: Any, demo_cloud: Any) -> None:
    with nova.record(demo_cloud) as wire:
        with pytest.raises(exceptions.NotFoundException) as caught:
            demo_cloud.compute.get_server(MISSING)
    error = caught.value
    assert error.status_code == 404
    assert error.method == "GET"
    assert error.url == f"{nova.compute_url}/servers/{MISSING}"
    assert error.request_id.startswith("req-")
    assert error.request_id == _request_id_of_last_compute_exchange(wire)
    # Our context, then Nova's message from {"itemNotFound": {"message": ...}}.
    assert (
        error.details == f"No Server found for {MISSING} (Instance {MISSING} could not be found.)"
    )
    assert error.request_id in str(error)


def test_action_on_missing_server_is_not_found(demo_cloud: Any) -> None:
    with pytest.raises(exceptions.NotFoundException) as caught:
        demo_cloud.compute.reboot_server(MISSING, "SOFT")
    assert caught.value.request_id.startswith("req-")
    assert f"Instance {MISSING} could not be found." in caught.value.details


def test_missing_server_group_is_not_found(
    demo_cloud: Any,
) -> None:
    with pytest.raises(exceptions.NotFoundException) as caught:
        demo_cloud.compute.get_server_group(MISSING)
    assert caught.value.request_id.startswith("req-")
    assert f"Instance group {MISSING} could not be found." in caught.value.details


def test_non_admin_creating_a_flavor_is_forbidden(nova: Any, demo_cloud: Any) -> None:
    with nova.record(demo_cloud) as wire:
        with pytest.raises(exceptions.ForbiddenException) as caught:
            demo_cloud.compute.create_flavor(name=nova.name("flavor"), ram=64, vcpus=1, disk=0)
    error = caught.value
    assert (error.status_code, error.method) == (403, "POST")
    assert error.request_id == _request_id_of_last_compute_exchange(wire)
    assert error.request_id.startswith("req-")
    assert error.details == (
        "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed."
    )


def test_non_admin_listing_hypervisors_is_forbidden(demo_cloud: Any) -> None:
    with pytest.raises(exceptions.ForbiddenException) as caught:
        list(demo_cloud.compute.hypervisors())
    assert caught.value.request_id.startswith("req-")
    assert "os_compute_api:os-hypervisors:list" in caught.value.details


def test_admin_lists_hypervisors(admin_cloud: Any) -> None:
    # The same call an admin may make: the fake driver's one node.
    hypervisors = list(admin_cloud.compute.hypervisors(details=True))
    assert len(hypervisors) == 1
    assert hypervisors[0].status == "enabled" and hypervisors[0].state == "up"


def test_bad_request_names_the_problem(nova: Any, demo_cloud: Any) -> None:
    with pytest.raises(exceptions.BadRequestException) as caught:
        nova.boot(demo_cloud.compute, nova.name("bad"), flavor_id=MISSING)
    assert caught.value.status_code == 400
    assert caught.value.request_id.startswith("req-")
    assert f"Flavor {MISSING} could not be found." in caught.value.details


def test_create_server_leaves_none_arguments_out(nova: Any, demo_cloud: Any) -> None:
    compute = demo_cloud.compute
    body = {
        "name": nova.name("null"),
        "flavorRef": nova.ids["flavor_m1.tiny"],
        "imageRef": nova.ids["image"],
        "networks": "none",
    }
    # What openstacksdk sends for create_server(key_name=None): Nova refuses the null.
    for key in ("key_name", "availability_zone"):
        raw = compute.request(
            "/servers",
            "POST",
            json={"server": {**body, key: None}},
            microversion="2.37",  # networks "none"
            raise_exc=False,
        )
        assert raw.status_code == 400, (key, raw.text)
        assert key in raw.json()["badRequest"]["message"]
    created = nova.boot(compute, body["name"], key_name=None, availability_zone=None)
    try:
        assert created.id
    finally:
        nova.remove(compute, [created])
