"""Flavors, their extra specs and tenant access."""

from __future__ import annotations

from typing import Any

import pytest

from openstack_core import exceptions

COMPUTE = "https://compute.example.com/v2.1"

# Shaped like Nova's 2.61 flavor (swap is "" for none before 2.75).
TINY: dict[str, Any] = {
    "OS-FLV-DISABLED:disabled": False,
    "disk": 1,
    "OS-FLV-EXT-DATA:ephemeral": 0,
    "os-flavor-access:is_public": True,
    "id": "1",
    "links": [],
    "name": "m1.tiny",
    "ram": 512,
    "swap": "",
    "vcpus": 1,
    "rxtx_factor": 1.0,
    "description": None,
    "extra_specs": {"hw:numa_nodes": "1"},
}


def test_flavors_lists_detail_with_public_and_private(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(f"{COMPUTE}/flavors/detail", json={"flavors": [TINY]})
    (flavor,) = compute.flavors(min_ram=256, sort_key="name")
    request = mock.last_request
    assert request.qs == {"is_public": ["None"], "minRam": ["256"], "sort_key": ["name"]}
    assert wire.microversion(request) == "2.61"
    assert (flavor.id, flavor.name, flavor.ram, flavor.vcpus, flavor.disk) == (
        "1",
        "m1.tiny",
        512,
        1,
        1,
    )
    assert (flavor.swap, flavor.ephemeral, flavor.rxtx_factor) == (0, 0, 1.0)
    assert flavor.is_public is True and flavor.is_disabled is False
    assert flavor.extra_specs == {"hw:numa_nodes": "1"}


def test_flavors_public_filter_and_no_details(mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/flavors", json={"flavors": [{"id": "1", "name": "m1.tiny"}]})
    (flavor,) = compute.flavors(details=False, is_public=False)
    assert mock.last_request.path == "/v2.1/flavors"
    assert mock.last_request.qs == {"is_public": ["False"]}
    assert flavor.is_public is True  # Nova's default when the key is absent


def test_flavors_fetch_missing_extra_specs(mock: Any, make_compute: Any, wire: Any) -> None:
    compute = make_compute("2.60")
    mock.get(f"{COMPUTE}/flavors/detail", json={"flavors": [{"id": "1", "name": "a"}]})
    mock.get(f"{COMPUTE}/flavors/1/os-extra_specs", json={"extra_specs": {"k": "v"}})
    (flavor,) = compute.flavors(get_extra_specs=True)
    assert flavor.extra_specs == {"k": "v"}
    assert [r.path for r in wire.calls()] == [
        "/v2.1/flavors/detail",
        "/v2.1/flavors/1/os-extra_specs",
    ]


def test_get_and_find_flavor(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(f"{COMPUTE}/flavors/1", json={"flavor": TINY})
    assert compute.get_flavor("1").name == "m1.tiny"
    mock.get(f"{COMPUTE}/flavors/m1.tiny", status_code=404)
    mock.get(f"{COMPUTE}/flavors/detail", json={"flavors": [TINY]})
    found = compute.find_flavor("m1.tiny")
    assert found is not None and found.id == "1"
    calls = wire.calls()
    assert [(r.method, r.path, r.qs) for r in calls] == [
        ("GET", "/v2.1/flavors/1", {}),
        ("GET", "/v2.1/flavors/m1.tiny", {}),
        # Public and private flavors, as openstacksdk lists them.
        ("GET", "/v2.1/flavors/detail", {"is_public": ["None"]}),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.61"}
    mock.get(f"{COMPUTE}/flavors/nope", status_code=404)
    assert compute.find_flavor("nope") is None
    with pytest.raises(exceptions.NotFoundException):
        compute.find_flavor("nope", ignore_missing=False)


def test_create_update_delete_flavor(mock: Any, compute: Any, wire: Any) -> None:
    mock.post(f"{COMPUTE}/flavors", json={"flavor": {**TINY, "id": "10", "name": "big"}})
    flavor = compute.create_flavor(
        name="big", ram=2048, vcpus=2, disk=20, is_public=False, ephemeral=5, swap=512
    )
    assert mock.last_request.json() == {
        "flavor": {
            "name": "big",
            "ram": 2048,
            "vcpus": 2,
            "disk": 20,
            "os-flavor-access:is_public": False,
            "OS-FLV-EXT-DATA:ephemeral": 5,
            "swap": 512,
        }
    }
    assert flavor.id == "10"
    mock.put(f"{COMPUTE}/flavors/10", json={"flavor": {**TINY, "description": "d"}})
    assert compute.update_flavor("10", description="d").description == "d"
    assert mock.last_request.json() == {"flavor": {"description": "d"}}
    mock.delete(f"{COMPUTE}/flavors/10", status_code=202)
    compute.delete_flavor("10")
    calls = wire.calls()
    assert [(r.method, r.path) for r in calls] == [
        ("POST", "/v2.1/flavors"),
        ("PUT", "/v2.1/flavors/10"),
        ("DELETE", "/v2.1/flavors/10"),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.61"}


def test_flavor_access(mock: Any, compute: Any, wire: Any) -> None:
    mock.post(f"{COMPUTE}/flavors/10/action", json={"flavor_access": []})
    compute.flavor_add_tenant_access("10", "proj-1")
    assert mock.last_request.json() == {"addTenantAccess": {"tenant": "proj-1"}}
    compute.flavor_remove_tenant_access("10", "proj-1")
    assert mock.last_request.json() == {"removeTenantAccess": {"tenant": "proj-1"}}
    mock.get(
        f"{COMPUTE}/flavors/10/os-flavor-access",
        json={"flavor_access": [{"flavor_id": "10", "tenant_id": "proj-1"}]},
    )
    assert compute.get_flavor_access("10") == [{"flavor_id": "10", "tenant_id": "proj-1"}]
    add, remove, get = wire.calls()
    assert [(r.method, r.path) for r in (add, remove, get)] == [
        ("POST", "/v2.1/flavors/10/action"),
        ("POST", "/v2.1/flavors/10/action"),
        ("GET", "/v2.1/flavors/10/os-flavor-access"),
    ]
    assert (wire.microversion(add), wire.microversion(remove)) == ("2.61", "2.61")
    assert wire.microversion(get) is None  # as openstacksdk: no version changes it


def test_flavor_access_conflict_raises(mock: Any, compute: Any) -> None:
    mock.post(f"{COMPUTE}/flavors/10/action", status_code=409)
    with pytest.raises(exceptions.ConflictException):
        compute.flavor_add_tenant_access("10", "proj-1")


def test_flavor_extra_specs(mock: Any, compute: Any, wire: Any) -> None:
    specs = f"{COMPUTE}/flavors/10/os-extra_specs"
    mock.get(specs, json={"extra_specs": {"a": "1"}})
    assert compute.fetch_flavor_extra_specs("10").extra_specs == {"a": "1"}
    mock.post(specs, json={"extra_specs": {"b": "2"}})
    flavor = compute.create_flavor_extra_specs("10", {"b": "2"})
    assert mock.last_request.json() == {"extra_specs": {"b": "2"}}
    assert flavor.extra_specs == {"b": "2"}
    mock.get(f"{specs}/hw%3Acpu_policy", json={"hw:cpu_policy": "dedicated"})
    assert compute.get_flavor_extra_specs_property("10", "hw:cpu_policy") == "dedicated"
    mock.put(f"{specs}/hw%3Acpu_policy", json={"hw:cpu_policy": "shared"})
    assert compute.update_flavor_extra_specs_property("10", "hw:cpu_policy", "shared") == "shared"
    assert mock.last_request.json() == {"hw:cpu_policy": "shared"}
    mock.delete(f"{specs}/gone", status_code=404)
    compute.delete_flavor_extra_specs_property("10", "gone")
    with pytest.raises(exceptions.NotFoundException):
        compute.delete_flavor_extra_specs_property("10", "gone", ignore_missing=False)
    assert {wire.microversion(r) for r in wire.calls()} == {"2.61"}
