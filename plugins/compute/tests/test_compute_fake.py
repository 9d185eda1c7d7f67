"""The compute fake at the HTTP level: Nova's lifecycle, task states, messages and
fields by microversion, on a frozen clock (no sleeping)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from openstack_compute.v2._fake import Fake

from openstack_core import fakes
from openstack_core.testing import LocalCloud

V = "/compute/v2.1"


@pytest.fixture
def cloud() -> LocalCloud:
    return LocalCloud(
        clock=fakes.Clock(start=time.time()),
        settings={"compute": {"build_delay": 3, "action_delay": 1, "delete_delay": 1}},
        fakes={"compute": Fake},
    )


def _boot(cloud: LocalCloud, name: str = "web", version: str = "2.37", **extra: Any) -> str:
    body = {
        "server": {"name": name, "flavorRef": "1", "imageRef": "any", "networks": "none", **extra}
    }
    answer = cloud.request("POST", f"{V}/servers", json=body, microversion=version)
    assert answer.status == 202, answer.json_body()
    return str(answer.json_body()["server"]["id"])


def _server(cloud: LocalCloud, server_id: str, version: str = "2.100", user: str = "demo") -> Any:
    answer = cloud.request("GET", f"{V}/servers/{server_id}", microversion=version, user=user)
    return answer.json_body()["server"] if answer.status == 200 else answer


def _act(
    cloud: LocalCloud, server_id: str, body: Any, version: str = "2.100", user: str = "demo"
) -> Any:
    return cloud.request(
        "POST", f"{V}/servers/{server_id}/action", json=body, microversion=version, user=user
    )


def test_boot_goes_from_build_to_active_after_the_delay(cloud: LocalCloud) -> None:
    created = cloud.request(
        "POST",
        f"{V}/servers",
        microversion="2.37",
        json={
            "server": {
                "name": "web",
                "flavorRef": "1",
                "imageRef": "x",
                "networks": "none",
                "metadata": {"a": "b"},
            }
        },
    )
    answer = created.json_body()["server"]
    assert set(answer) == {"id", "links", "OS-DCF:diskConfig", "security_groups", "adminPass"}
    assert created.headers["Location"].endswith(f"/servers/{answer['id']}")
    building = _server(cloud, answer["id"])
    assert (building["status"], building["OS-EXT-STS:task_state"]) == ("BUILD", "spawning")
    assert building["OS-EXT-STS:power_state"] == 0 and building["OS-SRV-USG:launched_at"] is None
    cloud.clock.advance(3)
    active = _server(cloud, answer["id"])
    assert (active["status"], active["OS-EXT-STS:vm_state"], active["OS-EXT-STS:power_state"]) == (
        "ACTIVE",
        "active",
        1,
    )
    assert active["OS-EXT-STS:task_state"] is None and active["OS-SRV-USG:launched_at"]
    assert active["metadata"] == {"a": "b"} and active["flavor"]["original_name"] == "m1.tiny"
    assert active["OS-EXT-SRV-ATTR:hostname"] == "web" and active["scheduler_hints"] == {}
    actions = cloud.request(
        "GET", f"{V}/servers/{answer['id']}/os-instance-actions", microversion="2.84"
    ).json_body()["instanceActions"]
    assert [a["action"] for a in actions] == ["create"]


def test_fields_follow_the_microversion(cloud: LocalCloud) -> None:
    server_id = _boot(cloud)
    old = _server(cloud, server_id, "2.1")
    assert set(old["flavor"]) == {"id", "links"} and old["flavor"]["id"] == "1"
    for key in (
        "tags",
        "locked",
        "description",
        "locked_reason",
        "server_groups",
        "scheduler_hints",
        "pinned_availability_zone",
    ):
        assert key not in old
    assert _server(cloud, server_id, "2.26")["tags"] == []
    assert "server_groups" in _server(cloud, server_id, "2.71")
    listed = cloud.request("GET", f"{V}/servers/detail", microversion="2.100").json_body()
    assert "server_groups" not in listed["servers"][0]  # not in the detail listing
    admin = _server(cloud, server_id, "2.100", user="admin")
    assert admin["OS-EXT-SRV-ATTR:host"] == "local-cloud" and admin["host_status"] == "UP"
    assert "OS-EXT-SRV-ATTR:host" not in _server(cloud, server_id)
    flavor = cloud.request("GET", f"{V}/flavors/1", microversion="2.60").json_body()["flavor"]
    assert flavor["swap"] == "" and "extra_specs" not in flavor
    flavor = cloud.request("GET", f"{V}/flavors/1", microversion="2.75").json_body()["flavor"]
    assert flavor["swap"] == 0 and flavor["extra_specs"] == {}


@pytest.mark.parametrize(
    ("action", "task", "status", "vm_state", "power"),
    [
        ({"reboot": {"type": "SOFT"}}, "rebooting", "ACTIVE", "active", 1),
        ({"reboot": {"type": "HARD"}}, "rebooting_hard", "ACTIVE", "active", 1),
        ({"os-stop": None}, "powering-off", "SHUTOFF", "stopped", 4),
        ({"pause": None}, "pausing", "PAUSED", "paused", 3),
        ({"suspend": None}, "suspending", "SUSPENDED", "suspended", 7),
        ({"shelve": None}, "shelving", "SHELVED_OFFLOADED", "shelved_offloaded", 4),
    ],
)
def test_actions_move_through_task_states(
    cloud: LocalCloud, action: Any, task: str, status: str, vm_state: str, power: int
) -> None:
    server_id = _boot(cloud)
    cloud.clock.advance(3)
    assert _act(cloud, server_id, action).status == 202
    during = _server(cloud, server_id)
    assert during["OS-EXT-STS:task_state"] == task
    cloud.clock.advance(1)
    after = _server(cloud, server_id)
    assert (after["status"], after["OS-EXT-STS:vm_state"], after["OS-EXT-STS:power_state"]) == (
        status,
        vm_state,
        power,
    )
    assert after["OS-EXT-STS:task_state"] is None


def test_wrong_state_and_locks_are_conflicts_in_novas_words(cloud: LocalCloud) -> None:
    server_id = _boot(cloud)
    building = _act(cloud, server_id, {"os-stop": None})
    assert building.status == 409
    assert building.json_body() == {
        "conflictingRequest": {
            "code": 409,
            "message": f"Cannot 'stop' instance {server_id} while it is in vm_state building",
        }
    }
    cloud.clock.advance(3)
    assert (
        _act(cloud, server_id, {"unpause": None}).json_body()["conflictingRequest"]["message"]
        == f"Cannot 'unpause' instance {server_id} while it is in vm_state active"
    )
    _act(cloud, server_id, {"os-stop": None})
    busy = _act(cloud, server_id, {"reboot": {"type": "HARD"}})
    assert busy.json_body()["conflictingRequest"]["message"] == (
        f"Cannot 'reboot' instance {server_id} while it is in task_state powering-off"
    )
    cloud.clock.advance(1)
    assert _act(cloud, server_id, {"lock": {"locked_reason": "why"}}).status == 202
    assert _act(cloud, server_id, {"lock": {"locked_reason": "why"}}, version="2.72").status == 400
    locked = _act(cloud, server_id, {"os-start": None})
    assert locked.json_body()["conflictingRequest"]["message"] == f"Instance {server_id} is locked"
    assert cloud.request("DELETE", f"{V}/servers/{server_id}").status == 409
    assert _server(cloud, server_id)["locked_reason"] == "why"
    assert _act(cloud, server_id, {"os-start": None}, user="admin").status == 202  # admins may
    assert _act(cloud, server_id, {"unlock": None}).status == 202
    assert (
        _act(cloud, server_id, {"explode": None}).json_body()["badRequest"]["message"]
        == "There is no such action: explode"
    )


def test_resize_confirm_and_revert_with_migrations(cloud: LocalCloud) -> None:
    server_id = _boot(cloud)
    cloud.clock.advance(3)
    same = _act(cloud, server_id, {"resize": {"flavorRef": "1"}})
    assert (
        same.json_body()["badRequest"]["message"] == "When resizing, instances must change flavor!"
    )
    _act(cloud, server_id, {"resize": {"flavorRef": "2"}})
    assert _server(cloud, server_id)["status"] == "RESIZE"
    cloud.clock.advance(1)
    resized = _server(cloud, server_id)
    assert resized["status"] == "VERIFY_RESIZE" and resized["flavor"]["original_name"] == "m1.small"
    _act(cloud, server_id, {"revertResize": None})
    assert _server(cloud, server_id)["status"] == "REVERT_RESIZE"
    cloud.clock.advance(1)
    assert _server(cloud, server_id)["flavor"]["original_name"] == "m1.tiny"
    _act(cloud, server_id, {"resize": {"flavorRef": "2"}})
    cloud.clock.advance(1)
    _act(cloud, server_id, {"confirmResize": None})
    cloud.clock.advance(1)
    final = _server(cloud, server_id)
    assert final["status"] == "ACTIVE" and final["flavor"]["ram"] == 2048
    migrations = cloud.request(
        "GET", f"{V}/os-migrations?instance_uuid={server_id}", microversion="2.80", user="admin"
    ).json_body()["migrations"]
    assert sorted(m["status"] for m in migrations) == ["confirmed", "reverted"]
    assert cloud.request("GET", f"{V}/os-migrations").status == 403


def test_listing_filters_pages_and_links(cloud: LocalCloud) -> None:
    ids = [_boot(cloud, f"web-{i}", "2.52", tags=["blue"] if i % 2 else []) for i in range(5)]
    cloud.clock.advance(3)
    page = cloud.request("GET", f"{V}/servers/detail?name=web&limit=2", microversion="2.52")
    body = page.json_body()
    assert len(body["servers"]) == 2
    link = body["servers_links"][0]["href"]
    assert link.startswith("http://local-cloud.invalid/compute/v2.1/servers/detail?")
    assert "marker=" in link and "limit=2" in link and "name=web" in link
    blue = cloud.request("GET", f"{V}/servers?tags=blue", microversion="2.52").json_body()
    assert sorted(s["id"] for s in blue["servers"]) == sorted(ids[1::2])
    assert set(blue["servers"][0]) == {"id", "name", "links"}
    not_blue = cloud.request("GET", f"{V}/servers?not-tags=blue").json_body()
    assert len(not_blue["servers"]) == 3
    assert cloud.request("GET", f"{V}/servers?status=SHUTOFF").json_body()["servers"] == []
    assert (
        cloud.request("GET", f"{V}/servers?name=^web-4$").json_body()["servers"][0]["id"] == ids[4]
    )
    assert cloud.request("GET", f"{V}/servers", user="admin").json_body()["servers"] == []
    everyone = cloud.request("GET", f"{V}/servers?all_tenants=1", user="admin").json_body()
    assert len(everyone["servers"]) == 5
    assert cloud.request("GET", f"{V}/servers?marker=nope").status == 400


def test_quotas_limits_and_delete(cloud: LocalCloud) -> None:
    for i in range(10):
        _boot(cloud, f"q{i}")
    over = cloud.request(
        "POST",
        f"{V}/servers",
        microversion="2.37",
        json={"server": {"name": "x", "flavorRef": "1", "imageRef": "i", "networks": "none"}},
    )
    assert over.status == 403 and over.json_body()["forbidden"]["message"] == (
        "Quota exceeded for instances: Requested 1, but already used 10 of 10 instances"
    )
    limits = cloud.request("GET", f"{V}/limits", microversion="2.57").json_body()["limits"]
    assert limits["absolute"]["totalInstancesUsed"] == 10
    assert limits["absolute"]["totalRAMUsed"] == 5120 and "maxPersonality" not in limits["absolute"]
    server_id = cloud.request("GET", f"{V}/servers").json_body()["servers"][0]["id"]
    assert cloud.request("DELETE", f"{V}/servers/{server_id}").status == 204
    assert _server(cloud, server_id)["OS-EXT-STS:task_state"] == "deleting"
    cloud.clock.advance(1)
    gone = _server(cloud, server_id)
    assert gone.status == 404 and gone.json_body() == {
        "itemNotFound": {"code": 404, "message": f"Instance {server_id} could not be found."}
    }


def test_create_validation_in_novas_words(cloud: LocalCloud) -> None:
    base = {"name": "x", "flavorRef": "1", "imageRef": "i", "networks": "none"}
    for key in ("key_name", "availability_zone"):
        answer = cloud.request(
            "POST", f"{V}/servers", microversion="2.37", json={"server": {**base, key: None}}
        )
        assert answer.status == 400
        assert answer.json_body()["badRequest"]["message"] == (
            f"Invalid input for field/attribute {key}. Value: None. None is not of type 'string'"
        )
    missing = cloud.request(
        "POST", f"{V}/servers", microversion="2.37", json={"server": {**base, "flavorRef": "nope"}}
    )
    assert missing.json_body()["badRequest"]["message"] == "Flavor nope could not be found."
    no_networks = cloud.request(
        "POST",
        f"{V}/servers",
        microversion="2.37",
        json={"server": {"name": "x", "flavorRef": "1", "imageRef": "i"}},
    )
    assert "'networks' is a required property" in no_networks.json_body()["badRequest"]["message"]
    extra = cloud.request(
        "POST",
        f"{V}/servers",
        microversion="2.18",
        json={"server": {**base, "description": "too new"}},
    )
    assert "('description' was unexpected)" in extra.json_body()["badRequest"]["message"]


def test_keypairs_generate_valid_keys_and_fingerprints(cloud: LocalCloud) -> None:
    created = cloud.request(
        "POST", f"{V}/os-keypairs", microversion="2.10", json={"keypair": {"name": "k"}}
    )
    assert created.status == 201
    pair = created.json_body()["keypair"]
    assert pair["private_key"].startswith("-----BEGIN OPENSSH PRIVATE KEY-----")
    assert pair["public_key"].startswith("ssh-ed25519 ")
    imported = cloud.request(
        "POST",
        f"{V}/os-keypairs",
        microversion="2.10",
        json={"keypair": {"name": "k2", "public_key": pair["public_key"]}},
    )
    assert imported.json_body()["keypair"]["fingerprint"] == pair["fingerprint"]
    assert "private_key" not in imported.json_body()["keypair"]
    twice = cloud.request("POST", f"{V}/os-keypairs", json={"keypair": {"name": "k"}})
    assert twice.json_body()["conflictingRequest"]["message"] == "Key pair 'k' already exists."
    shown = cloud.request("GET", f"{V}/os-keypairs/k", microversion="2.10").json_body()["keypair"]
    assert shown["user_id"] and "private_key" not in shown and shown["deleted"] is False
    listed = cloud.request("GET", f"{V}/os-keypairs").json_body()["keypairs"]
    assert sorted(k["keypair"]["name"] for k in listed) == ["k", "k2"]
    bad = cloud.request(
        "POST", f"{V}/os-keypairs", json={"keypair": {"name": "b", "public_key": "x"}}
    )
    assert bad.status == 400
    assert (
        cloud.request(
            "POST", f"{V}/os-keypairs", microversion="2.92", json={"keypair": {"name": "n"}}
        ).status
        == 400
    )


def test_private_flavors_and_access(cloud: LocalCloud) -> None:
    denied = cloud.request(
        "POST", f"{V}/flavors", json={"flavor": {"name": "p", "ram": 1, "vcpus": 1, "disk": 0}}
    )
    assert denied.json_body()["forbidden"]["message"] == (
        "Policy doesn't allow os_compute_api:os-flavor-manage:create to be performed."
    )
    flavor = cloud.request(
        "POST",
        f"{V}/flavors",
        user="admin",
        json={
            "flavor": {
                "name": "p",
                "ram": 1,
                "vcpus": 1,
                "disk": 0,
                "os-flavor-access:is_public": False,
            }
        },
    ).json_body()["flavor"]
    assert cloud.request("GET", f"{V}/flavors/{flavor['id']}").status == 404
    project = cloud.identity.user_named("demo")["default_project_id"]
    cloud.request(
        "POST",
        f"{V}/flavors/{flavor['id']}/action",
        user="admin",
        json={"addTenantAccess": {"tenant": project}},
    )
    assert cloud.request("GET", f"{V}/flavors/{flavor['id']}").status == 200
    names = [f["name"] for f in cloud.request("GET", f"{V}/flavors").json_body()["flavors"]]
    assert "p" in names


def test_server_groups_and_anti_affinity_on_one_host(cloud: LocalCloud) -> None:
    group = cloud.request(
        "POST",
        f"{V}/os-server-groups",
        microversion="2.64",
        json={"server_group": {"name": "g", "policy": "anti-affinity"}},
    ).json_body()["server_group"]
    assert (group["policy"], group["rules"]) == ("anti-affinity", {})
    first = cloud.request(
        "POST",
        f"{V}/servers",
        microversion="2.37",
        json={
            "server": {"name": "a", "flavorRef": "1", "imageRef": "i", "networks": "none"},
            "OS-SCH-HNT:scheduler_hints": {"group": group["id"]},
        },
    ).json_body()["server"]["id"]
    second = cloud.request(
        "POST",
        f"{V}/servers",
        microversion="2.37",
        json={
            "server": {"name": "b", "flavorRef": "1", "imageRef": "i", "networks": "none"},
            "OS-SCH-HNT:scheduler_hints": {"group": group["id"]},
        },
    ).json_body()["server"]["id"]
    cloud.clock.advance(3)
    assert _server(cloud, first)["status"] == "ACTIVE"
    failed = _server(cloud, second)
    assert failed["status"] == "ERROR" and "No valid host" in failed["fault"]["message"]
    old = cloud.request("GET", f"{V}/os-server-groups/{group['id']}", microversion="2.15")
    assert old.json_body()["server_group"]["policies"] == ["anti-affinity"]


def test_state_survives_a_dump_and_load(cloud: LocalCloud) -> None:
    server_id = _boot(cloud)
    saved = cloud.dump_state()
    again = LocalCloud(clock=cloud.clock, fakes={"compute": Fake})
    again.load_state(saved)
    cloud.clock.advance(3)
    assert _server(again, server_id)["status"] == "ACTIVE"
