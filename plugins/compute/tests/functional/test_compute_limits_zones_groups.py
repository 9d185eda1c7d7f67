"""Limits, availability zones and server groups against real Nova 34."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from openstack_core import exceptions


def test_get_limits(nova: Any, demo_cloud: Any, admin_cloud: Any) -> None:
    absolute = demo_cloud.compute.get_limits().absolute
    # Nova's default quotas.
    assert absolute.instances == 10
    assert absolute.total_cores == 20
    assert absolute.total_ram == 51200
    assert absolute.keypairs == 100
    assert absolute.server_meta == 128
    assert absolute.server_groups == 10
    assert absolute.server_group_members == 10
    assert absolute.instances_used >= 0
    assert absolute.total_ram_used == 512 * absolute.instances_used  # m1.tiny only
    # Removed at 2.36 and 2.57 (the Limits resource negotiates 2.57).
    assert absolute.floating_ips is None
    assert absolute.personality is None
    assert demo_cloud.compute.get_limits().rate == []

    # An admin reads another project's limits.
    other = admin_cloud.compute.get_limits(project_id=nova.ids["demo_project"]).absolute
    assert (other.instances, other.keypairs) == (10, 100)
    assert other.instances_used >= 0


def test_availability_zones(demo_cloud: Any, admin_cloud: Any) -> None:
    zones = {z.name: z for z in demo_cloud.compute.availability_zones()}
    assert list(zones) == ["nova"]
    assert zones["nova"].state == {"available": True}
    assert zones["nova"].hosts is None

    detailed = {z.name: z for z in admin_cloud.compute.availability_zones(details=True)}
    # The compute host is in "nova"; conductor and scheduler in the "internal" zone.
    compute_services = detailed["nova"].hosts["osc-functional"]
    assert compute_services["nova-compute"]["available"] is True
    assert "nova-scheduler" in detailed["internal"].hosts["osc-functional"]

    with pytest.raises(exceptions.ForbiddenException):
        list(demo_cloud.compute.availability_zones(details=True))


@pytest.fixture
def server_groups(nova: Any, demo_cloud: Any) -> Iterator[list[Any]]:
    compute = demo_cloud.compute
    created = [
        compute.create_server_group(
            name=nova.name("group"), policy="anti-affinity", rules={"max_server_per_host": 1}
        ),
        compute.create_server_group(name=nova.name("group"), policy="soft-affinity"),
    ]
    try:
        yield created
    finally:
        for group in created:
            compute.delete_server_group(group, ignore_missing=True)


def test_create_server_group(nova: Any, server_groups: list[Any]) -> None:
    anti, soft = server_groups
    # Microversion 2.64: one "policy" and its "rules"; "policies" still reads.
    assert (anti.policy, anti.policies, anti.rules) == (
        "anti-affinity",
        ["anti-affinity"],
        {"max_server_per_host": 1},
    )
    assert (soft.policy, soft.rules) == ("soft-affinity", {})
    assert anti.member_ids == []
    assert anti.project_id == nova.ids["demo_project"]
    assert anti.user_id == nova.ids["demo_user"]


def test_server_groups_list_get_find(nova: Any, demo_cloud: Any, server_groups: list[Any]) -> None:
    compute = demo_cloud.compute
    anti, soft = server_groups
    assert {anti.id, soft.id} <= {g.id for g in compute.server_groups()}
    # Nova pages server groups by limit/offset without next links.
    with nova.record(demo_cloud) as wire:
        paged = [g.id for g in compute.server_groups(limit=1)]
    assert {anti.id, soft.id} <= set(paged)
    assert len(paged) == len(set(paged))
    offsets = [e.query.get("offset", ["0"])[0] for e in wire.exchanges]
    assert offsets[:2] == ["0", "1"] and len(offsets) == len(paged) + 1

    fetched = compute.get_server_group(anti.id)
    assert (fetched.name, fetched.policy, fetched.rules) == (
        anti.name,
        "anti-affinity",
        {"max_server_per_host": 1},
    )
    assert compute.find_server_group(soft.name).id == soft.id
    assert compute.find_server_group(soft.id).name == soft.name
    assert compute.find_server_group(nova.name("missing")) is None


def test_delete_server_group(demo_cloud: Any, server_groups: list[Any]) -> None:
    compute = demo_cloud.compute
    group = server_groups[1]
    compute.delete_server_group(group)
    with pytest.raises(exceptions.NotFoundException) as caught:
        compute.get_server_group(group.id)
    assert caught.value.request_id.startswith("req-")
    assert compute.delete_server_group(group.id) is None
    with pytest.raises(exceptions.NotFoundException):
        compute.delete_server_group(group.id, ignore_missing=False)


def test_server_group_with_policies_before_2_64(nova: Any) -> None:
    # Pinned below 2.64 the create body carries "policies" and Nova answers with it.
    with nova.connect("demo", compute_default_microversion="2.15") as conn:
        compute = conn.compute
        with nova.record(conn) as wire:
            group = compute.create_server_group(name=nova.name("group"), policy="affinity")
        try:
            (create,) = [e for e in wire.exchanges if e.method == "POST"]
            assert create.body == {"server_group": {"name": group.name, "policies": ["affinity"]}}
            assert create.response_headers["OpenStack-API-Version"] == "compute 2.15"
            assert (group.policy, group.policies) == ("affinity", ["affinity"])
            assert compute.get_server_group(group.id).policies == ["affinity"]
        finally:
            compute.delete_server_group(group)
