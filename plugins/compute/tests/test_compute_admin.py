"""Operator APIs: quota sets, hypervisors, services, aggregates, migrations."""

from __future__ import annotations

from typing import Any

import pytest
from openstack_compute.v2.hypervisor import Hypervisor
from openstack_compute.v2.service import Service

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


def test_get_quota_set_defaults(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(f"{QUOTAS}/defaults", json={"quota_set": {"id": "proj", "key_pairs": 100}})
    assert compute.get_quota_set_defaults("proj").key_pairs == 100
    (request,) = wire.calls()
    assert (request.method, request.path, request.qs) == (
        "GET",
        "/v2.1/os-quota-sets/proj/defaults",
        {},
    )
    assert wire.microversion(request) == "2.56"


def test_update_quota_set(mock: Any, compute: Any, wire: Any) -> None:
    mock.put(QUOTAS, json={"quota_set": {"cores": 40, "instances": 20}})
    quota = compute.update_quota_set("proj", cores=40, instances=20, force=True)
    request = mock.last_request
    assert (request.method, request.path) == ("PUT", "/v2.1/os-quota-sets/proj")
    assert request.json() == {"quota_set": {"cores": 40, "instances": 20, "force": True}}
    assert request.qs == {}
    assert wire.microversion(request) == "2.56"
    assert quota.cores == 40
    compute.update_quota_set("proj", user="u1", ram=1024)
    assert mock.last_request.qs == {"user_id": ["u1"]}
    assert mock.last_request.json() == {"quota_set": {"ram": 1024}}


def test_revert_quota_set(mock: Any, compute: Any, wire: Any) -> None:
    mock.delete(QUOTAS, status_code=202)
    compute.revert_quota_set("proj")
    # openstacksdk's revert_quota_set(project, **query) sends the query (user_id=...).
    compute.revert_quota_set("proj", user_id="u1")
    compute.revert_quota_set("proj", user="u2")
    calls = wire.calls()
    assert [(r.method, r.path, r.qs, r.body) for r in calls] == [
        ("DELETE", "/v2.1/os-quota-sets/proj", {}, None),
        ("DELETE", "/v2.1/os-quota-sets/proj", {"user_id": ["u1"]}, None),
        ("DELETE", "/v2.1/os-quota-sets/proj", {"user_id": ["u2"]}, None),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.56"}


def test_revert_quota_set_refuses_unknown_query(compute: Any, wire: Any) -> None:
    with pytest.raises(exceptions.InvalidResourceQuery):
        compute.revert_quota_set("proj", colour="red")
    with pytest.raises(exceptions.InvalidRequest):
        compute.revert_quota_set("proj", user="u1", user_id="u2")
    assert wire.calls() == []


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


def test_get_and_find_hypervisor(mock: Any, compute: Any, wire: Any) -> None:
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
    calls = wire.calls()
    assert [(r.method, r.path, r.qs) for r in calls] == [
        ("GET", "/v2.1/os-hypervisors/h1", {}),
        ("GET", "/v2.1/os-hypervisors/n2", {}),
        ("GET", "/v2.1/os-hypervisors/detail", {}),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.88"}
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


def test_disable_and_enable_service_2_53(mock: Any, compute: Any, wire: Any) -> None:
    mock.put(
        f"{COMPUTE}/os-services/s1",
        json={"service": {"id": "s1", "status": "disabled", "disabled_reason": "maint"}},
    )
    service = compute.disable_service("s1", disabled_reason="maint")
    assert service.status == "disabled"
    compute.enable_service("s1")
    calls = wire.calls()
    assert [(r.method, r.path, r.json()) for r in calls] == [
        ("PUT", "/v2.1/os-services/s1", {"status": "disabled", "disabled_reason": "maint"}),
        ("PUT", "/v2.1/os-services/s1", {"status": "enabled"}),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.69"}


def test_enable_service_by_host_and_binary_2_53_looks_the_id_up(
    mock: Any, compute: Any, wire: Any
) -> None:
    # As in openstacksdk: enable_service(None, host=..., binary=...) on a 2.53+ cloud.
    mock.get(
        f"{COMPUTE}/os-services",
        json={"services": [{"id": "uuid-1", "host": "node1", "binary": "nova-compute"}]},
    )
    mock.put(f"{COMPUTE}/os-services/uuid-1", json={"service": {"id": "uuid-1"}})
    compute.enable_service(None, host="node1", binary="nova-compute")
    get, put = wire.calls()
    assert (get.method, get.path, get.qs) == (
        "GET",
        "/v2.1/os-services",
        {"host": ["node1"], "binary": ["nova-compute"]},
    )
    assert (put.method, put.path, put.json()) == (
        "PUT",
        "/v2.1/os-services/uuid-1",
        {"status": "enabled"},
    )
    assert wire.microversion(put) == "2.69"


def test_enable_service_2_53_without_id_host_or_binary(mock: Any, compute: Any, wire: Any) -> None:
    with pytest.raises(exceptions.InvalidRequest):
        compute.enable_service(None, host="node1")
    assert wire.calls() == []
    mock.get(f"{COMPUTE}/os-services", json={"services": []})
    with pytest.raises(exceptions.NotFoundException):
        compute.disable_service(None, host="node9", binary="nova-compute")
    assert [r.method for r in wire.calls()] == ["GET"]


def test_disable_service_before_2_53(mock: Any, make_compute: Any, wire: Any) -> None:
    compute = make_compute("2.11")
    mock.put(
        f"{COMPUTE}/os-services/disable-log-reason",
        json={"service": {"host": "node1", "binary": "nova-compute", "status": "disabled"}},
    )
    service = compute.disable_service(
        None, host="node1", binary="nova-compute", disabled_reason="m"
    )
    assert service.status == "disabled"
    mock.put(f"{COMPUTE}/os-services/disable", json={"service": {"status": "disabled"}})
    compute.disable_service(None, host="node1", binary="nova-compute")
    mock.put(f"{COMPUTE}/os-services/enable", json={"service": {"status": "enabled"}})
    compute.enable_service(None, host="node1", binary="nova-compute")
    calls = wire.calls()
    node = {"host": "node1", "binary": "nova-compute"}
    assert [(r.method, r.path, r.json()) for r in calls] == [
        ("PUT", "/v2.1/os-services/disable-log-reason", {**node, "disabled_reason": "m"}),
        ("PUT", "/v2.1/os-services/disable", node),
        ("PUT", "/v2.1/os-services/enable", node),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.11"}


def test_service_resource_with_host_and_binary_before_2_53(
    mock: Any, make_compute: Any, wire: Any
) -> None:
    compute = make_compute("2.52")
    mock.put(f"{COMPUTE}/os-services/enable", json={"service": {"status": "enabled"}})
    listed = Service.existing(id=3, host="node1", binary="nova-compute")
    assert compute.enable_service(listed).status == "enabled"
    (request,) = wire.calls()
    assert request.json() == {"host": "node1", "binary": "nova-compute"}
    assert wire.microversion(request) == "2.52"


@pytest.mark.parametrize(
    ("call", "missing"),
    [
        (lambda c: c.enable_service("s1"), "host= and binary="),
        (lambda c: c.disable_service("s1", host="node1"), "host= and binary="),
        (lambda c: c.disable_service(None, binary="nova-compute", disabled_reason="r"), "host="),
        (lambda c: c.update_service_forced_down("s1", binary="nova-compute"), "host="),
    ],
    ids=["enable-by-id", "disable-without-binary", "disable-without-host", "force-down"],
)
def test_service_before_2_53_needs_host_and_binary(
    make_compute: Any, wire: Any, call: Any, missing: str
) -> None:
    # Nova before 2.53 answers {"host": null, "binary": null} with 400: refuse it here.
    compute = make_compute("2.52")
    with pytest.raises(exceptions.InvalidRequest) as info:
        call(compute)
    assert "2.53" in str(info.value) and missing in str(info.value)
    assert wire.calls() == []


def test_update_service_forced_down(mock: Any, make_compute: Any, wire: Any) -> None:
    mock.put(f"{COMPUTE}/os-services/s1", json={"service": {"id": "s1", "forced_down": True}})
    service = make_compute("2.100").update_service_forced_down("s1")
    assert service.is_forced_down is True
    mock.put(
        f"{COMPUTE}/os-services/force-down",
        json={"service": {"host": "node1", "binary": "nova-compute", "forced_down": False}},
    )
    legacy = make_compute("2.52")
    service = legacy.force_service_down(None, "node1", "nova-compute", forced=False)
    assert service.is_forced_down is False
    first, second = wire.calls()
    assert (first.method, first.path, first.json()) == (
        "PUT",
        "/v2.1/os-services/s1",
        {"forced_down": True},
    )
    assert wire.microversion(first) == "2.69"
    assert (second.method, second.path, second.json()) == (
        "PUT",
        "/v2.1/os-services/force-down",
        {"host": "node1", "binary": "nova-compute", "forced_down": False},
    )
    assert wire.microversion(second) == "2.52"


def test_force_service_down_needs_2_11(make_compute: Any, wire: Any) -> None:
    with pytest.raises(exceptions.NotSupported):
        make_compute("2.10").update_service_forced_down(None, "node1", "nova-compute")
    assert wire.calls() == []


SERVICES = {
    "services": [
        {"id": "u1", "binary": "nova-compute", "host": "node1"},
        {"id": "u2", "binary": "nova-compute", "host": "node2"},
        {"id": "u3", "binary": "nova-scheduler", "host": "node1"},
    ]
}


def test_find_service(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(f"{COMPUTE}/os-services", json=SERVICES)
    found = compute.find_service("nova-scheduler")
    assert found is not None and found.id == "u3"
    found = compute.find_service("u2")
    assert found is not None and found.host == "node2"
    assert [(r.method, r.path, r.qs) for r in wire.calls()] == [
        ("GET", "/v2.1/os-services", {}),
        ("GET", "/v2.1/os-services", {}),
    ]
    assert {wire.microversion(r) for r in wire.calls()} == {"2.69"}


def test_find_service_on_a_host(mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/os-services", json={"services": SERVICES["services"][1:2]})
    found = compute.find_service("nova-compute", host="node2")
    assert found is not None and found.id == "u2"
    assert mock.last_request.qs == {"host": ["node2"]}


def test_find_service_duplicate_and_missing(mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/os-services", json=SERVICES)
    with pytest.raises(exceptions.DuplicateResource) as info:
        compute.find_service("nova-compute")
    assert "node1" in str(info.value) and "host=" in str(info.value)
    assert compute.find_service("nova-conductor") is None
    with pytest.raises(exceptions.NotFoundException):
        compute.find_service("nova-conductor", ignore_missing=False)


def test_get_hypervisor_uptime(mock: Any, make_compute: Any, wire: Any) -> None:
    mock.get(
        f"{COMPUTE}/os-hypervisors/h1",
        json={"hypervisor": {"id": "h1", "hypervisor_hostname": "n", "uptime": " 08:32 up 9"}},
    )
    assert make_compute("2.100").get_hypervisor_uptime("h1").uptime == " 08:32 up 9"
    mock.get(
        f"{COMPUTE}/os-hypervisors/1/uptime",
        json={"hypervisor": {"id": 1, "hypervisor_hostname": "n", "uptime": " 08:33 up 9"}},
    )
    hypervisor = make_compute("2.87").get_hypervisor_uptime(Hypervisor.existing(id=1))
    assert (hypervisor.uptime, hypervisor.name) == (" 08:33 up 9", "n")
    fetch, legacy = wire.calls()
    assert (fetch.method, fetch.path, wire.microversion(fetch)) == (
        "GET",
        "/v2.1/os-hypervisors/h1",
        "2.88",
    )
    assert (legacy.method, legacy.path, wire.microversion(legacy)) == (
        "GET",
        "/v2.1/os-hypervisors/1/uptime",
        "2.87",
    )


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
    calls = wire.calls()
    assert [(r.method, r.path) for r in calls] == [
        ("GET", "/v2.1/os-aggregates"),
        ("POST", "/v2.1/os-aggregates"),
        ("PUT", "/v2.1/os-aggregates/1"),
        ("POST", "/v2.1/os-aggregates/1/action"),
        ("POST", "/v2.1/os-aggregates/1/action"),
        ("POST", "/v2.1/os-aggregates/1/action"),
        ("POST", "/v2.1/os-aggregates/1/images"),
        ("DELETE", "/v2.1/os-aggregates/1"),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.81"}


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


def test_get_and_find_aggregate(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(f"{COMPUTE}/os-aggregates/1", json={"aggregate": {"id": 1, "name": "fast"}})
    assert compute.get_aggregate(1).name == "fast"
    mock.get(f"{COMPUTE}/os-aggregates/fast", status_code=404)
    mock.get(f"{COMPUTE}/os-aggregates", json={"aggregates": [{"id": 1, "name": "fast"}]})
    found = compute.find_aggregate("fast")
    assert found is not None and found.id == 1
    mock.get(f"{COMPUTE}/os-aggregates/slow", status_code=404)
    assert compute.find_aggregate("slow") is None
    calls = wire.calls()
    assert [(r.method, r.path, r.qs) for r in calls] == [
        ("GET", "/v2.1/os-aggregates/1", {}),
        ("GET", "/v2.1/os-aggregates/fast", {}),
        ("GET", "/v2.1/os-aggregates", {}),
        ("GET", "/v2.1/os-aggregates/slow", {}),
        ("GET", "/v2.1/os-aggregates", {}),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.81"}


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


def test_service_resource_methods_like_openstacksdk(
    mock: Any, make_compute: Any, wire: Any
) -> None:
    compute = make_compute("2.52")
    mock.put(f"{COMPUTE}/os-services/enable", json={"service": {"status": "enabled"}})
    mock.put(f"{COMPUTE}/os-services/disable-log-reason", json={"service": {"status": "x"}})
    service = Service.existing(id=3)
    assert service.enable(compute, "node1", "nova-compute").status == "enabled"
    service.disable(compute, None, None, reason="maintenance")  # None: its own
    assert [(r.path, r.json()) for r in wire.calls()] == [
        ("/v2.1/os-services/enable", {"host": "node1", "binary": "nova-compute"}),
        (
            "/v2.1/os-services/disable-log-reason",
            {"host": "node1", "binary": "nova-compute", "disabled_reason": "maintenance"},
        ),
    ]
