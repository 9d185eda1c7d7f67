"""Flavors against real Nova 34: listing, lookup, and (admin) a private flavor with
extra specs, a description and access given to and taken from project ``demo``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from openstack_core import exceptions


def test_flavors_lists_the_harness_flavors(nova: Any, demo_cloud: Any) -> None:
    flavors = {f.name: f for f in demo_cloud.compute.flavors()}
    tiny, small = flavors["m1.tiny"], flavors["m1.small"]
    assert tiny.id == nova.ids["flavor_m1.tiny"]
    assert (tiny.vcpus, tiny.ram, tiny.disk, tiny.is_public) == (1, 512, 1, True)
    assert (small.vcpus, small.ram, small.disk) == (1, 1024, 2)
    assert tiny.extra_specs == {}  # in the body at 2.61, empty here
    brief = {f.name: f.id for f in demo_cloud.compute.flavors(details=False)}
    assert brief["m1.small"] == small.id


def test_get_and_find_flavor(nova: Any, demo_cloud: Any) -> None:
    compute = demo_cloud.compute
    flavor_id = nova.ids["flavor_m1.small"]
    flavor = compute.get_flavor(flavor_id)
    assert (flavor.id, flavor.name, flavor.ram) == (flavor_id, "m1.small", 1024)
    assert compute.find_flavor("m1.small").id == flavor_id
    assert compute.find_flavor(flavor_id).name == "m1.small"
    assert compute.find_flavor("no-such-flavor") is None
    with pytest.raises(exceptions.NotFoundException):
        compute.find_flavor("no-such-flavor", ignore_missing=False)
    with pytest.raises(exceptions.NotFoundException) as caught:
        compute.get_flavor("no-such-flavor")
    assert caught.value.request_id.startswith("req-")
    assert "could not be found" in caught.value.details


@pytest.fixture
def private_flavor(nova: Any, admin_cloud: Any) -> Iterator[Any]:
    compute = admin_cloud.compute
    flavor = compute.create_flavor(
        name=nova.name("flavor"),
        ram=128,
        vcpus=1,
        disk=0,
        is_public=False,
        description="functional test flavor",
    )
    try:
        yield flavor
    finally:
        compute.delete_flavor(flavor, ignore_missing=True)


def test_create_and_delete_flavor_as_admin(admin_cloud: Any, private_flavor: Any) -> None:
    compute = admin_cloud.compute
    assert private_flavor.id
    assert (private_flavor.ram, private_flavor.vcpus, private_flavor.disk) == (128, 1, 0)
    assert private_flavor.is_public is False
    assert private_flavor.description == "functional test flavor"
    fetched = compute.get_flavor(private_flavor.id)
    assert (fetched.name, fetched.is_public) == (private_flavor.name, False)
    # Admins list private flavors too (the listing asks for is_public=None).
    assert private_flavor.id in {f.id for f in compute.flavors()}

    updated = compute.update_flavor(private_flavor, description="changed")
    assert updated.description == "changed"
    assert compute.get_flavor(private_flavor.id).description == "changed"

    compute.delete_flavor(private_flavor)
    with pytest.raises(exceptions.NotFoundException):
        compute.get_flavor(private_flavor.id)
    assert compute.delete_flavor(private_flavor.id) is None
    with pytest.raises(exceptions.NotFoundException):
        compute.delete_flavor(private_flavor.id, ignore_missing=False)


def test_flavor_extra_specs(admin_cloud: Any, private_flavor: Any) -> None:
    compute = admin_cloud.compute
    specs = {"hw:cpu_policy": "shared", "hw:numa_nodes": "1"}
    with_specs = compute.create_flavor_extra_specs(private_flavor, specs)
    assert with_specs.extra_specs == specs
    # Since 2.61 the flavor body carries its extra specs.
    assert compute.get_flavor(private_flavor.id).extra_specs == specs
    assert compute.fetch_flavor_extra_specs(private_flavor.id).extra_specs == specs
    assert compute.get_flavor_extra_specs_property(private_flavor, "hw:numa_nodes") == "1"

    assert compute.update_flavor_extra_specs_property(private_flavor, "hw:numa_nodes", "2") == "2"
    assert compute.get_flavor_extra_specs_property(private_flavor, "hw:numa_nodes") == "2"

    compute.delete_flavor_extra_specs_property(private_flavor, "hw:numa_nodes")
    assert compute.fetch_flavor_extra_specs(private_flavor.id).extra_specs == {
        "hw:cpu_policy": "shared"
    }
    with pytest.raises(exceptions.NotFoundException):
        compute.get_flavor_extra_specs_property(private_flavor, "hw:numa_nodes")
    compute.delete_flavor_extra_specs_property(private_flavor, "hw:numa_nodes")  # ignored
    with pytest.raises(exceptions.NotFoundException):
        compute.delete_flavor_extra_specs_property(
            private_flavor, "hw:numa_nodes", ignore_missing=False
        )


def test_private_flavor_access(
    nova: Any, admin_cloud: Any, demo_cloud: Any, private_flavor: Any
) -> None:
    admin, demo = admin_cloud.compute, demo_cloud.compute
    demo_project = nova.ids["demo_project"]
    assert admin.get_flavor_access(private_flavor) == []
    with pytest.raises(exceptions.NotFoundException):
        demo.get_flavor(private_flavor.id)
    assert private_flavor.id not in {f.id for f in demo.flavors()}

    admin.flavor_add_tenant_access(private_flavor, demo_project)
    assert admin.get_flavor_access(private_flavor) == [
        {"flavor_id": private_flavor.id, "tenant_id": demo_project}
    ]
    assert demo.get_flavor(private_flavor.id).name == private_flavor.name
    assert private_flavor.id in {f.id for f in demo.flavors()}
    assert demo.find_flavor(private_flavor.name).id == private_flavor.id
    with pytest.raises(exceptions.ConflictException) as twice:
        admin.flavor_add_tenant_access(private_flavor, demo_project)
    assert "already" in twice.value.details

    admin.flavor_remove_tenant_access(private_flavor, demo_project)
    assert admin.get_flavor_access(private_flavor) == []
    with pytest.raises(exceptions.NotFoundException):
        demo.get_flavor(private_flavor.id)
