"""The server lifecycle against real Nova 34 (fake virt driver), in project ``demo``.

One server (module-scoped) goes through the steps in order: boot, get, find, list,
metadata, tags, reboot, stop/start, pause/unpause, suspend/resume, lock/unlock,
rename, delete. Each step leaves it ACTIVE and unlocked, so a failing step does not
turn the following ones into noise; the fixture deletes it whatever happens.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from openstack_core import exceptions

# Nova's power_state codes (nova.compute.power_state).
RUNNING, SHUTDOWN = 1, 4


@dataclass
class Booted:
    """The answer to ``create_server`` and the server once ACTIVE."""

    created: Any
    active: Any

    @property
    def id(self) -> str:
        return str(self.created.id)

    @property
    def name(self) -> str:
        return str(self.active.name)


@pytest.fixture(scope="module")
def compute(demo_cloud: Any) -> Any:
    return demo_cloud.compute


@pytest.fixture(scope="module")
def server(nova: Any, compute: Any) -> Iterator[Booted]:
    created = nova.boot(compute, nova.name("life"), metadata={"purpose": "lifecycle"})
    try:
        # As users do: wait on the object create_server returned.
        active = compute.wait_for_server(created, interval=0.5, wait=120)
        yield Booted(created, active)
    finally:
        nova.remove(compute, [created])


def _actions(compute: Any, server: Booted) -> list[str]:
    return [a.action for a in compute.server_actions(server.id)]


def test_create_server_answers_id_and_password(server: Booted) -> None:
    # Nova answers the boot with the id, links and the generated admin password only;
    # the password is in no later GET, so waiting on the same object must keep it
    # (openstacksdk code reads server.admin_password after wait_for_server).
    assert server.created.id
    assert server.created.links
    assert server.active is server.created
    assert isinstance(server.active.admin_password, str) and server.active.admin_password


def test_wait_for_server_reaches_active(nova: Any, server: Booted) -> None:
    active = server.active
    assert active.id == server.id
    assert active.status == "ACTIVE"
    assert active.vm_state == "active"
    assert active.power_state == RUNNING
    assert active.task_state is None
    assert active.project_id == nova.ids["demo_project"]
    assert active.user_id == nova.ids["demo_user"]
    # Microversion 2.47+: the flavor is embedded, its name read from original_name.
    assert active.flavor.name == "m1.tiny"
    assert (active.flavor.vcpus, active.flavor.ram, active.flavor.disk) == (1, 512, 1)
    assert active.image.id == nova.ids["image"]
    assert active.metadata == {"purpose": "lifecycle"}
    assert active.addresses == {}  # networks="none"
    assert active.tags == []
    assert active.is_locked is False
    assert active.availability_zone == "nova"
    assert active.launched_at


def test_get_server(compute: Any, server: Booted) -> None:
    by_id = compute.get_server(server.id)
    by_resource = compute.get_server(server.active)
    assert by_id.id == by_resource.id == server.id
    assert by_id.name == server.name
    assert by_id.status == "ACTIVE"


def test_find_server_by_name_and_id(compute: Any, server: Booted) -> None:
    assert compute.find_server(server.name).id == server.id
    assert compute.find_server(server.id).id == server.id
    # Nova's name filter is a regular expression: a prefix matches the listing, but
    # find_server wants an exact name.
    assert compute.find_server(server.name[:-3]) is None
    with pytest.raises(exceptions.NotFoundException):
        compute.find_server(server.name[:-3], ignore_missing=False)


def test_servers_with_filters(compute: Any, server: Booted) -> None:
    assert [s.id for s in compute.servers(name=server.name)] == [server.id]
    assert [s.id for s in compute.servers(name=server.name, status="ACTIVE")] == [server.id]
    assert list(compute.servers(name=server.name, status="SHUTOFF")) == []
    since = server.active.created_at
    assert [s.id for s in compute.servers(name=server.name, changes_since=since)] == [server.id]
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert list(compute.servers(name=server.name, changes_since=later)) == []
    brief = list(compute.servers(details=False, name=server.name))
    assert [(s.id, s.name) for s in brief] == [(server.id, server.name)]
    assert brief[0].status is None  # /servers has ids, names and links only


@pytest.fixture
def page_servers(nova: Any, compute: Any, server: Booted) -> Iterator[list[Any]]:
    """Two more servers whose names start with the lifecycle server's name."""
    extra = [nova.boot(compute, f"{server.name}-page{i}") for i in (1, 2)]
    try:
        yield [nova.wait(compute, s) for s in extra]
    finally:
        nova.remove(compute, extra)


def test_servers_pagination_follows_next_links(
    nova: Any, demo_cloud: Any, compute: Any, server: Booted, page_servers: list[Any]
) -> None:
    expected = {server.id, *(s.id for s in page_servers)}
    with nova.record(demo_cloud) as wire:
        listed = list(compute.servers(name=server.name, limit=2))
    assert sorted(s.id for s in listed) == sorted(expected)
    pages = [e for e in wire.exchanges if e.path.endswith("/servers/detail")]
    # Two items, then one: Nova's "servers_links" next link was followed once, with the
    # last id of the first page as marker and the same filter and page size.
    assert len(pages) == 2, [e.url for e in pages]
    assert pages[0].query["limit"] == ["2"]
    assert pages[1].query["limit"] == ["2"]
    assert pages[1].query["marker"] == [listed[1].id]
    assert pages[1].query["name"] == [server.name]

    with nova.record(demo_cloud) as wire:
        capped = list(compute.servers(name=server.name, limit=1, max_items=2))
    assert len(capped) == 2
    assert len({s.id for s in capped}) == 2
    assert len([e for e in wire.exchanges if e.path.endswith("/servers/detail")]) == 2

    # The name filter matches all three; find_server still wants the exact name.
    assert compute.find_server(server.name).id == server.id


def test_server_metadata(compute: Any, server: Booted) -> None:
    assert compute.fetch_server_metadata(server.id).metadata == {"purpose": "lifecycle"}

    merged = compute.set_server_metadata(server.id, purpose="steps", owner="qa")
    assert merged.metadata == {"purpose": "steps", "owner": "qa"}
    assert compute.get_server(server.id).metadata == {"purpose": "steps", "owner": "qa"}

    compute.delete_server_metadata(server.id, ["owner"])
    assert compute.fetch_server_metadata(server.id).metadata == {"purpose": "steps"}
    with pytest.raises(exceptions.NotFoundException) as missing:
        compute.delete_server_metadata(server.id, ["owner"])
    assert missing.value.request_id.startswith("req-")

    compute.delete_server_metadata(server.id)
    assert compute.fetch_server_metadata(server.id).metadata == {}


def test_server_tags(compute: Any, server: Booted) -> None:
    compute.add_tag_to_server(server.id, "blue")
    compute.add_tag_to_server(server.id, "green")
    assert sorted(compute.get_server(server.id).tags) == ["blue", "green"]
    assert [s.id for s in compute.servers(name=server.name, tags="blue")] == [server.id]
    assert [s.id for s in compute.servers(name=server.name, tags="blue,green")] == [server.id]
    assert list(compute.servers(name=server.name, not_tags="blue")) == []

    compute.remove_tag_from_server(server.id, "blue")
    assert compute.get_server(server.id).tags == ["green"]
    with pytest.raises(exceptions.NotFoundException):
        compute.remove_tag_from_server(server.id, "blue")

    compute.add_tag_to_server(server.id, "red")
    compute.remove_tags_from_server(server.id)
    assert compute.get_server(server.id).tags == []


def test_reboot_server(nova: Any, compute: Any, server: Booted) -> None:
    compute.reboot_server(server.id, "SOFT")
    assert nova.wait(compute, server.created).power_state == RUNNING
    compute.reboot_server(server.id, "HARD")
    assert nova.wait(compute, server.created).power_state == RUNNING
    assert _actions(compute, server).count("reboot") == 2


def test_stop_and_start_server(nova: Any, compute: Any, server: Booted) -> None:
    compute.stop_server(server.id)
    stopped = nova.wait(compute, server.created, "SHUTOFF")
    assert (stopped.vm_state, stopped.power_state) == ("stopped", SHUTDOWN)
    compute.start_server(server.id)
    started = nova.wait(compute, server.created)
    assert (started.vm_state, started.power_state) == ("active", RUNNING)
    assert {"stop", "start"} <= set(_actions(compute, server))


def test_pause_and_unpause_server(nova: Any, compute: Any, server: Booted) -> None:
    compute.pause_server(server.id)
    # The fake driver's pause and suspend leave the power state RUNNING: vm_state and
    # status are what Nova itself sets.
    assert nova.wait(compute, server.created, "PAUSED").vm_state == "paused"
    compute.unpause_server(server.id)
    assert nova.wait(compute, server.created).vm_state == "active"


def test_suspend_and_resume_server(nova: Any, compute: Any, server: Booted) -> None:
    compute.suspend_server(server.id)
    assert nova.wait(compute, server.created, "SUSPENDED").vm_state == "suspended"
    compute.resume_server(server.id)
    assert nova.wait(compute, server.created).vm_state == "active"
    assert {"pause", "unpause", "suspend", "resume"} <= set(_actions(compute, server))


def test_action_in_the_wrong_state_raises_conflict(compute: Any, server: Booted) -> None:
    # The server is ACTIVE: Nova refuses to unpause or resume it with a 409.
    with pytest.raises(exceptions.ConflictException) as caught:
        compute.unpause_server(server.id)
    error = caught.value
    assert error.status_code == 409
    assert error.request_id.startswith("req-")
    assert "unpause" in error.details and "vm_state active" in error.details
    with pytest.raises(exceptions.ConflictException):
        compute.resume_server(server.id)
    assert compute.get_server(server.id).status == "ACTIVE"


def test_lock_and_unlock_server(compute: Any, server: Booted) -> None:
    compute.lock_server(server.id, locked_reason="functional test")
    try:
        locked = compute.get_server(server.id)
        assert locked.is_locked is True
        assert locked.locked_reason == "functional test"
        # A locked server refuses actions by non-admins, its owner included.
        with pytest.raises(exceptions.ConflictException) as caught:
            compute.stop_server(server.id)
        assert "locked" in caught.value.details
        assert caught.value.request_id.startswith("req-")
    finally:
        compute.unlock_server(server.id)
    unlocked = compute.get_server(server.id)
    assert (unlocked.is_locked, unlocked.locked_reason) == (False, None)

    compute.lock_server(server.id)
    try:
        assert compute.get_server(server.id).is_locked is True
        assert compute.get_server(server.id).locked_reason is None
    finally:
        compute.unlock_server(server.id)
    assert compute.get_server(server.id).is_locked is False


def test_console_output_addresses_and_action_log(compute: Any, server: Booted) -> None:
    # The fake driver's canned console log; the last line with length=1.
    assert compute.get_server_console_output(server.id)["output"].startswith("FAKE CONSOLE")
    assert compute.get_server_console_output(server.id, length=1) == {"output": "LAST LINE"}
    assert list(compute.server_ips(server.id)) == []  # networks="none"
    actions = list(compute.server_actions(server.id))
    assert actions[-1].action == "create"  # newest first
    create = compute.get_server_action(actions[-1].request_id, server.id)
    assert create.request_id.startswith("req-")
    assert {e.event for e in create.events} >= {"compute__do_build_and_run_instance"}
    assert all(e.result == "Success" for e in create.events)


def test_rebuild_server(nova: Any, compute: Any, server: Booted) -> None:
    rebuilt = compute.rebuild_server(
        server.id, nova.ids["image"], metadata={"rebuilt": "yes"}, description="rebuilt"
    )
    # Like create, the rebuild answer carries a new admin password.
    assert rebuilt.admin_password and rebuilt.admin_password != server.created.admin_password
    active = nova.wait(compute, server.created)
    assert (active.metadata, active.description) == ({"rebuilt": "yes"}, "rebuilt")
    assert "rebuild" in _actions(compute, server)


def test_resize_revert_and_confirm(
    nova: Any, compute: Any, admin_cloud: Any, server: Booted
) -> None:
    # One compute host: the harness allows resizing to the same host.
    small = nova.ids["flavor_m1.small"]
    compute.resize_server(server.id, small)
    assert nova.wait(compute, server.created, "VERIFY_RESIZE").flavor.name == "m1.small"
    compute.revert_server_resize(server.id)
    assert nova.wait(compute, server.created).flavor.name == "m1.tiny"

    compute.resize_server(server.id, compute.get_flavor(small))
    nova.wait(compute, server.created, "VERIFY_RESIZE")
    compute.confirm_server_resize(server.id)
    resized = nova.wait(compute, server.created)
    assert (resized.flavor.name, resized.flavor.ram) == ("m1.small", 1024)

    migrations = list(admin_cloud.compute.migrations(server_id=server.id))
    assert sorted(m.status for m in migrations) == ["confirmed", "reverted"]
    assert {(m.migration_type, m.server_id) for m in migrations} == {("resize", server.id)}
    assert {m.project_id for m in migrations} == {nova.ids["demo_project"]}  # 2.80


def test_rename_server(compute: Any, server: Booted) -> None:
    new_name = f"{server.name}-renamed"
    updated = compute.update_server(server.id, name=new_name)
    assert updated.name == new_name
    assert compute.get_server(server.id).name == new_name
    assert compute.find_server(new_name).id == server.id


def test_delete_server_and_wait_for_delete(compute: Any, server: Booted) -> None:
    compute.delete_server(server.id)
    gone = compute.wait_for_delete(server.created, interval=0.5, wait=120)
    assert gone.id == server.id
    with pytest.raises(exceptions.NotFoundException) as caught:
        compute.get_server(server.id)
    assert caught.value.request_id.startswith("req-")
    assert compute.delete_server(server.id) is None  # ignore_missing=True
    with pytest.raises(exceptions.NotFoundException):
        compute.delete_server(server.id, ignore_missing=False)
    assert compute.find_server(server.id) is None
