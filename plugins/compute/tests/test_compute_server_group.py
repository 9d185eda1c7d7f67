"""Server groups: policy (2.64+) and policies (before)."""

from __future__ import annotations

from typing import Any

import pytest

from openstack_core import exceptions

COMPUTE = "https://compute.example.com/v2.1"
GROUPS = f"{COMPUTE}/os-server-groups"


def test_create_server_group_2_64(mock: Any, compute: Any, wire: Any) -> None:
    mock.post(
        GROUPS,
        json={
            "server_group": {
                "id": "g1",
                "name": "web",
                "policy": "anti-affinity",
                "rules": {"max_server_per_host": 3},
                "members": [],
                "project_id": "p",
                "user_id": "u",
            }
        },
    )
    group = compute.create_server_group(
        name="web", policy="anti-affinity", rules={"max_server_per_host": 3}
    )
    assert mock.last_request.json() == {
        "server_group": {
            "name": "web",
            "policy": "anti-affinity",
            "rules": {"max_server_per_host": 3},
        }
    }
    assert wire.microversion(mock.last_request) == "2.64"
    assert (group.id, group.policy, group.policies, group.member_ids) == (
        "g1",
        "anti-affinity",
        ["anti-affinity"],
        [],
    )


def test_create_server_group_old_cloud_sends_policies(mock: Any, make_compute: Any) -> None:
    compute = make_compute("2.15")
    mock.post(
        GROUPS,
        json={"server_group": {"id": "g1", "name": "web", "policies": ["soft-affinity"]}},
    )
    group = compute.create_server_group(name="web", policy="soft-affinity", rules={"x": 1})
    assert mock.last_request.json() == {
        "server_group": {"name": "web", "policies": ["soft-affinity"]}
    }
    assert group.policy == "soft-affinity"


def test_create_server_group_policies_on_new_cloud(mock: Any, compute: Any) -> None:
    mock.post(GROUPS, json={"server_group": {"id": "g1", "policy": "affinity"}})
    compute.create_server_group(name="db", policies=["affinity"])
    assert mock.last_request.json() == {"server_group": {"name": "db", "policy": "affinity"}}


def test_server_groups_list_pages_by_offset(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        GROUPS,
        [
            {"json": {"server_groups": [{"id": "g1"}, {"id": "g2"}]}},
            {"json": {"server_groups": [{"id": "g3"}]}},
        ],
    )
    ids = [g.id for g in compute.server_groups(all_projects=True, limit=2)]
    assert ids == ["g1", "g2", "g3"]
    assert [r.qs for r in wire.calls()] == [
        {"all_projects": ["True"], "limit": ["2"]},
        {"all_projects": ["True"], "limit": ["2"], "offset": ["2"]},
    ]


def test_get_find_delete_server_group(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(f"{GROUPS}/g1", json={"server_group": {"id": "g1", "name": "web"}})
    assert compute.get_server_group("g1").name == "web"
    mock.get(f"{GROUPS}/web", status_code=404)
    mock.get(
        GROUPS,
        [
            {"json": {"server_groups": [{"id": "g1", "name": "web"}]}},
            {"json": {"server_groups": []}},
        ],
    )
    found = compute.find_server_group("web")
    assert found is not None and found.id == "g1"
    mock.delete(f"{GROUPS}/g1", status_code=204)
    compute.delete_server_group("g1")
    calls = wire.calls()
    assert [(r.method, r.path, r.qs) for r in calls] == [
        ("GET", "/v2.1/os-server-groups/g1", {}),
        ("GET", "/v2.1/os-server-groups/web", {}),
        # find lists page by page (limit/offset): the second, empty page ends it.
        ("GET", "/v2.1/os-server-groups", {}),
        ("GET", "/v2.1/os-server-groups", {"offset": ["1"]}),
        ("DELETE", "/v2.1/os-server-groups/g1", {}),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.64"}
    mock.delete(f"{GROUPS}/g1", status_code=404)
    with pytest.raises(exceptions.NotFoundException):
        compute.delete_server_group("g1", ignore_missing=False)


def test_find_server_group_of_all_projects(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(f"{GROUPS}/db", status_code=404)
    mock.get(
        GROUPS,
        [
            {"json": {"server_groups": [{"id": "g7", "name": "db"}]}},
            {"json": {"server_groups": []}},
        ],
    )
    found = compute.find_server_group("db", all_projects=True)
    assert found is not None and found.id == "g7"
    calls = wire.calls()
    assert [(r.method, r.path, r.qs) for r in calls] == [
        ("GET", "/v2.1/os-server-groups/db", {}),
        ("GET", "/v2.1/os-server-groups", {"all_projects": ["True"]}),
        ("GET", "/v2.1/os-server-groups", {"all_projects": ["True"], "offset": ["1"]}),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.64"}
