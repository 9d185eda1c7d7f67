"""Operator APIs against real Nova 34, as ``admin``: hypervisors, services, aggregates
and quota sets. Each test puts back what it changed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from openstack_core import exceptions

HOST = "osc-functional"  # the harness's one compute host


def test_hypervisors_get_and_find(admin_cloud: Any) -> None:
    compute = admin_cloud.compute
    (listed,) = compute.hypervisors()
    assert listed.name == HOST
    fetched = compute.get_hypervisor(listed.id)
    assert (fetched.id, fetched.name, fetched.hypervisor_type) == (listed.id, HOST, "fake")
    # Since 2.53 ids are UUIDs and a host name as id answers 400; find searches on.
    assert compute.find_hypervisor(HOST).id == listed.id
    assert compute.find_hypervisor(listed.id).name == HOST
    assert compute.find_hypervisor("no-such-host") is None


def test_services_disable_and_enable(admin_cloud: Any) -> None:
    compute = admin_cloud.compute
    services = {s.binary: s for s in compute.services()}
    assert {"nova-compute", "nova-conductor", "nova-scheduler"} <= set(services)
    nova_compute = services["nova-compute"]
    assert (nova_compute.host, nova_compute.status, nova_compute.state) == (
        HOST,
        "enabled",
        "up",
    )
    try:
        disabled = compute.disable_service(
            nova_compute, HOST, "nova-compute", disabled_reason="functional test"
        )
        assert (disabled.status, disabled.disabled_reason) == ("disabled", "functional test")
        (listed,) = compute.services(binary="nova-compute")
        assert listed.status == "disabled"
    finally:
        enabled = compute.enable_service(nova_compute, HOST, "nova-compute")
    assert (enabled.status, enabled.disabled_reason) == ("enabled", None)


@pytest.fixture
def aggregate(nova: Any, admin_cloud: Any) -> Iterator[Any]:
    # No availability zone: a zone change for a host with servers would be refused.
    created = admin_cloud.compute.create_aggregate(name=nova.name("agg"))
    try:
        yield created
    finally:
        left = admin_cloud.compute.find_aggregate(str(created.id))
        if left is not None:
            if HOST in (left.hosts or []):
                admin_cloud.compute.remove_host_from_aggregate(left, HOST)
            admin_cloud.compute.delete_aggregate(left)


def test_aggregate_hosts_metadata_and_find(nova: Any, admin_cloud: Any, aggregate: Any) -> None:
    compute = admin_cloud.compute
    assert isinstance(aggregate.id, int) and aggregate.uuid  # 2.41+
    assert compute.add_host_to_aggregate(aggregate, HOST).hosts == [HOST]
    with_meta = compute.set_aggregate_metadata(aggregate, {"ssd": "true"})
    assert with_meta.metadata == {"ssd": "true"}
    new_name = f"{aggregate.name}-b"
    renamed = compute.update_aggregate(aggregate.id, name=new_name)
    assert renamed.name == new_name

    # GET /os-aggregates/<name or uuid> answers 400, not 404: find lists instead.
    assert compute.find_aggregate(renamed.name).id == aggregate.id
    assert compute.find_aggregate(aggregate.uuid).id == aggregate.id
    assert compute.find_aggregate(str(aggregate.id)).name == renamed.name
    assert compute.find_aggregate(nova.name("missing")) is None
    assert aggregate.id in {a.id for a in compute.aggregates()}

    assert compute.remove_host_from_aggregate(aggregate, HOST).hosts == []
    compute.delete_aggregate(aggregate)
    with pytest.raises(exceptions.NotFoundException) as caught:
        compute.get_aggregate(aggregate.id)
    assert caught.value.request_id.startswith("req-")


def test_quota_set_update_and_revert(nova: Any, admin_cloud: Any) -> None:
    compute = admin_cloud.compute
    project = nova.ids["other_project"]  # not demo, whose quota the server tests use
    defaults = compute.get_quota_set_defaults(project)
    assert (defaults.instances, defaults.key_pairs) == (10, 100)
    try:
        assert compute.update_quota_set(project, key_pairs=50).key_pairs == 50
        assert compute.get_quota_set(project).key_pairs == 50
        detailed = compute.get_quota_set(project, usage=True)
        assert detailed.usage["instances"] == 0
    finally:
        compute.revert_quota_set(project)
    assert compute.get_quota_set(project).key_pairs == 100
