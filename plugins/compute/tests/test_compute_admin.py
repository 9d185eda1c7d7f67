"""Operator APIs: quota sets, hypervisors, services, aggregates, migrations."""

from __future__ import annotations

from typing import Any

import pytest

from openstack_core import exceptions

COMPUTE = "https://compute.example.com/v2.1"
QUOTAS = f"{COMPUTE}/os-quota-sets/proj"


def test_get_quota_set(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(QUOTAS, json={"quota_set": {"id": "proj", "cores": 20, "instances": 10, "ram": 51200}})
    quota = compute.get_quota_set("proj")
    assert (quota.cores, quota.instances, quota.ram) == (20, 10, 51200)
    assert quota.usage == {}
    assert quota.fixed_ips is None  # removed in 2.36
    assert wire.microversion(mock.last_request) == "2.56"


def test_get_quota_set_usage_for_user(mock: Any, compute: Any) -> None:
    mock.get(
        f"{QUOTAS}/detail",
        json={
            "quota_set": {
                "id": "proj",
                "cores": {"in_use": 2, "limit": 20, "reserved": 0},
                "instances": {"in_use": 1, "limit": 10, "reserved": 1},
            }
        },
    )
    quota = compute.get_quota_set("proj", usage=True, user_id="u1")
    assert mock.last_request.qs == {"user_id": ["u1"]}
    assert (quota.cores, quota.instances) == (20, 10)
    assert quota.usage == {"cores": 2, "instances": 1}
    assert quota.reservation == {"cores": 0, "instances": 1}


def test_get_quota_set_defaults(mock: Any, compute: Any) -> None:
    mock.get(f"{QUOTAS}/defaults", json={"quota_set": {"id": "proj", "key_pairs": 100}})
    assert compute.get_quota_set_defaults("proj").key_pairs == 100


def test_update_and_revert_quota_set(mock: Any, compute: Any) -> None:
    mock.put(QUOTAS, json={"quota_set": {"cores": 40, "instances": 20}})
    quota = compute.update_quota_set("proj", cores=40, instances=20, force=True)
    request = mock.last_request
    assert request.method == "PUT"
    assert request.json() == {"quota_set": {"cores": 40, "instances": 20, "force": True}}
    assert request.qs == {}
    assert quota.cores == 40
    compute.update_quota_set("proj", user="u1", ram=1024)
    assert mock.last_request.qs == {"user_id": ["u1"]}
    assert mock.last_request.json() == {"quota_set": {"ram": 1024}}
    mock.delete(QUOTAS, status_code=202)
    compute.revert_quota_set("proj")
    assert mock.last_request.method == "DELETE"


def test_hypervisors(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        f"{COMPUTE}/os-hypervisors/detail",
        json={
            "hypervisors": [
                {
                    "id": "b1e43b5f-eec1-49da-b8e9-1f22ae7a5ea8",
                    "hypervisor_hostname": "node1",
                    "state": "up",
                    "status": "enabled",
                    "host_ip": "192.168.1.135",
                    "hypervisor_type": "QEMU",
                    "hypervisor_version": 8000000,
                    "service": {"host": "node1", "id": "s1", "disabled_reason": None},
                    "uptime": " 08:32:11 up 93 days",
                    "servers": [{"name": "vm", "uuid": "u"}],
                }
            ],
            "hypervisors_links": [],
        },
    )
    (hyp,) = compute.hypervisors(details=True, with_servers=True)
    assert (hyp.name, hyp.state, hyp.hypervisor_type) == ("node1", "up", "QEMU")
    assert hyp.service_details["host"] == "node1"
    assert hyp.servers == [{"name": "vm", "uuid": "u"}]
    assert hyp.vcpus is None  # gone since 2.88
    assert mock.last_request.qs == {"with_servers": ["True"]}
    assert wire.microversion(mock.last_request) == "2.88"


def test_hypervisor_pattern_before_2_53_uses_search(mock: Any, make_compute: Any) -> None:
    compute = make_compute("2.52")
    mock.get(
        f"{COMPUTE}/os-hypervisors/node%2A/search",
        json={"hypervisors": [{"id": 1, "hypervisor_hostname": "node1", "vcpus": 8}]},
    )
    (hyp,) = compute.hypervisors(hypervisor_hostname_pattern="node*")
    assert (hyp.id, hyp.vcpus) == (1, 8)
    mock.get(f"{COMPUTE}/os-hypervisors", json={"hypervisors": []})
    new = make_compute("2.53")
    assert list(new.hypervisors(hypervisor_hostname_pattern="node*")) == []
    assert mock.last_request.qs == {"hypervisor_hostname_pattern": ["node*"]}


def test_get_and_find_hypervisor(mock: Any, compute: Any) -> None:
    mock.get(
        f"{COMPUTE}/os-hypervisors/h1",
        json={"hypervisor": {"id": "h1", "hypervisor_hostname": "n"}},
    )
    assert compute.get_hypervisor("h1").name == "n"
    mock.get(f"{COMPUTE}/os-hypervisors/n2", status_code=400)
    mock.get(
        f"{COMPUTE}/os-hypervisors/detail",
        json={"hypervisors": [{"id": "h2", "hypervisor_hostname": "n2"}]},
    )
    found = compute.find_hypervisor("n2")
    assert found is not None and found.id == "h2"
    mock.get(f"{COMPUTE}/os-hypervisors/zz", status_code=404)
    with pytest.raises(exceptions.NotFoundException):
        compute.find_hypervisor("zz", ignore_missing=False)


def test_services(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        f"{COMPUTE}/os-services",
        json={
            "services": [
                {
                    "id": "s1",
                    "binary": "nova-compute",
                    "host": "node1",
                    "zone": "nova",
                    "status": "enabled",
                    "state": "up",
                    "forced_down": False,
                    "disabled_reason": None,
                    "updated_at": "2024-01-01T00:00:00.000000",
                }
            ]
        },
    )
    (service,) = compute.services(binary="nova-compute", host="node1")
    assert (service.name, service.binary, service.availability_zone) == (
        "nova-compute",
        "nova-compute",
        "nova",
    )
    assert service.is_forced_down is False
    assert mock.last_request.qs == {"binary": ["nova-compute"], "host": ["node1"]}
    assert wire.microversion(mock.last_request) == "2.69"


def test_disable_and_enable_service_2_53(mock: Any, compute: Any) -> None:
    mock.put(
        f"{COMPUTE}/os-services/s1",
        json={"service": {"id": "s1", "status": "disabled", "disabled_reason": "maint"}},
    )
    service = compute.disable_service("s1", disabled_reason="maint")
    assert mock.last_request.json() == {"status": "disabled", "disabled_reason": "maint"}
    assert service.status == "disabled"
    compute.enable_service("s1")
    assert mock.last_request.json() == {"status": "enabled"}


def test_disable_service_before_2_53(mock: Any, make_compute: Any) -> None:
    compute = make_compute("2.11")
    mock.put(
        f"{COMPUTE}/os-services/disable-log-reason",
        json={"service": {"host": "node1", "binary": "nova-compute", "status": "disabled"}},
    )
    service = compute.disable_service(
        None, host="node1", binary="nova-compute", disabled_reason="m"
    )
    assert mock.last_request.json() == {
        "host": "node1",
        "binary": "nova-compute",
        "disabled_reason": "m",
    }
    assert service.status == "disabled"
    mock.put(f"{COMPUTE}/os-services/enable", json={"service": {"status": "enabled"}})
    compute.enable_service(None, host="node1", binary="nova-compute")
    assert mock.last_request.json() == {"host": "node1", "binary": "nova-compute"}


def test_aggregates(mock: Any, compute: Any, wire: Any) -> None:
    agg = {
        "id": 1,
        "name": "fast",
        "availability_zone": "az1",
        "hosts": [],
        "metadata": {"availability_zone": "az1"},
        "uuid": "a-uuid",
        "deleted": False,
    }
    mock.get(f"{COMPUTE}/os-aggregates", json={"aggregates": [agg]})
    (aggregate,) = compute.aggregates()
    assert (aggregate.id, aggregate.name, aggregate.uuid, aggregate.is_deleted) == (
        1,
        "fast",
        "a-uuid",
        False,
    )
    assert wire.microversion(mock.last_request) == "2.81"

    mock.post(f"{COMPUTE}/os-aggregates", json={"aggregate": agg})
    compute.create_aggregate(name="fast", availability_zone="az1")
    assert mock.last_request.json() == {"aggregate": {"name": "fast", "availability_zone": "az1"}}

    mock.put(f"{COMPUTE}/os-aggregates/1", json={"aggregate": {**agg, "name": "faster"}})
    assert compute.update_aggregate(1, name="faster").name == "faster"
    assert mock.last_request.json() == {"aggregate": {"name": "faster"}}

    action = f"{COMPUTE}/os-aggregates/1/action"
    mock.post(action, json={"aggregate": {**agg, "hosts": ["node1"]}})
    assert compute.add_host_to_aggregate(1, "node1").hosts == ["node1"]
    assert mock.last_request.json() == {"add_host": {"host": "node1"}}
    compute.remove_host_from_aggregate(1, "node1")
    assert mock.last_request.json() == {"remove_host": {"host": "node1"}}
    compute.set_aggregate_metadata(1, ssd="true", old=None)
    assert mock.last_request.json() == {"set_metadata": {"metadata": {"ssd": "true", "old": None}}}
    with pytest.raises(exceptions.InvalidRequest):
        compute.set_aggregate_metadata(1, {"a": "b"}, c="d")

    mock.post(f"{COMPUTE}/os-aggregates/1/images", status_code=202)
    compute.aggregate_precache_images(1, ["img-1", {"id": "img-2"}])
    assert mock.last_request.json() == {"cache": [{"id": "img-1"}, {"id": "img-2"}]}

    mock.delete(f"{COMPUTE}/os-aggregates/1", status_code=200)
    compute.delete_aggregate(1)
    assert mock.last_request.method == "DELETE"


def test_aggregate_conflict_raises(mock: Any, compute: Any) -> None:
    mock.post(f"{COMPUTE}/os-aggregates/1/action", status_code=409)
    with pytest.raises(exceptions.ConflictException):
        compute.add_host_to_aggregate(1, "node1")


def test_migrations(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        f"{COMPUTE}/os-migrations",
        json={
            "migrations": [
                {
                    "id": 7,
                    "uuid": "m-uuid",
                    "instance_uuid": "srv",
                    "migration_type": "live-migration",
                    "status": "completed",
                    "new_instance_type_id": 2,
                    "old_instance_type_id": 1,
                }
            ],
            "migrations_links": [],
        },
    )
    (migration,) = compute.migrations(
        server_id="srv", changes_since="2024-01-01", status="completed"
    )
    assert (migration.server_id, migration.migration_type, migration.new_flavor_id) == (
        "srv",
        "live-migration",
        2,
    )
    assert mock.last_request.qs == {
        "instance_uuid": ["srv"],
        "changes-since": ["2024-01-01"],
        "status": ["completed"],
    }
    assert wire.microversion(mock.last_request) == "2.80"


def test_get_and_find_aggregate(mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/os-aggregates/1", json={"aggregate": {"id": 1, "name": "fast"}})
    assert compute.get_aggregate(1).name == "fast"
    mock.get(f"{COMPUTE}/os-aggregates/fast", status_code=404)
    mock.get(f"{COMPUTE}/os-aggregates", json={"aggregates": [{"id": 1, "name": "fast"}]})
    found = compute.find_aggregate("fast")
    assert found is not None and found.id == 1
    mock.get(f"{COMPUTE}/os-aggregates/slow", status_code=404)
    assert compute.find_aggregate("slow") is None


def test_find_aggregate_by_name_or_uuid_after_nova_400(mock: Any, compute: Any) -> None:
    # Nova 34 answers GET /os-aggregates/<not an integer> with 400, not 404.
    invalid = {
        "badRequest": {"code": 400, "message": "Invalid input received: id must be an integer"}
    }
    uuid = "6ba28ba7-f29b-45cc-a30b-6e3a40c2fb14"
    for key in ("fast", uuid):
        mock.get(f"{COMPUTE}/os-aggregates/{key}", status_code=400, json=invalid)
    mock.get(
        f"{COMPUTE}/os-aggregates",
        json={
            "aggregates": [
                {"id": 1, "name": "fast", "uuid": uuid, "hosts": [], "metadata": {}},
                {"id": 2, "name": "slow", "uuid": "u2", "hosts": [], "metadata": {}},
            ]
        },
    )
    by_name = compute.find_aggregate("fast")
    by_uuid = compute.find_aggregate(uuid)
    assert by_name is not None and by_uuid is not None
    assert by_name.id == by_uuid.id == 1
    mock.get(f"{COMPUTE}/os-aggregates/none", status_code=400, json=invalid)
    assert compute.find_aggregate("none") is None
    with pytest.raises(exceptions.NotFoundException):
        compute.find_aggregate("none", ignore_missing=False)


def test_update_and_delete_service(mock: Any, compute: Any, wire: Any) -> None:
    mock.put(f"{COMPUTE}/os-services/s1", json={"service": {"id": "s1", "forced_down": True}})
    service = compute.update_service("s1", is_forced_down=True)
    assert mock.last_request.json() == {"forced_down": True}
    assert service.is_forced_down is True
    assert wire.microversion(mock.last_request) == "2.69"
    mock.delete(f"{COMPUTE}/os-services/s1", status_code=204)
    compute.delete_service("s1")
    assert mock.last_request.method == "DELETE"


def test_update_service_needs_2_53(make_compute: Any, wire: Any) -> None:
    with pytest.raises(exceptions.NotSupported):
        make_compute("2.52").update_service("s1", status="disabled")
    assert wire.calls() == []
