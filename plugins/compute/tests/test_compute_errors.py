"""Every call that acts on Nova raises on 403 and 409, with Nova's message.

openstacksdk passes over some of these (an action answered 409 for a server in the
wrong state looks like success there); here none may.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
import requests_mock
from openstack_compute.v2.server_migration import ServerMigration

from openstack_core import exceptions

COMPUTE = "https://compute.example.com/v2.1"
SID = "srv-1"

Call = Callable[[Any], Any]

#: (name, call): every server action, sub-resource write and operator write.
CALLS: list[tuple[str, Call]] = [
    # POST /servers/{id}/action
    ("reboot_server", lambda c: c.reboot_server(SID, "SOFT")),
    ("rebuild_server", lambda c: c.rebuild_server(SID, "img")),
    ("resize_server", lambda c: c.resize_server(SID, "2")),
    ("confirm_server_resize", lambda c: c.confirm_server_resize(SID)),
    ("revert_server_resize", lambda c: c.revert_server_resize(SID)),
    ("start_server", lambda c: c.start_server(SID)),
    ("stop_server", lambda c: c.stop_server(SID)),
    ("pause_server", lambda c: c.pause_server(SID)),
    ("unpause_server", lambda c: c.unpause_server(SID)),
    ("suspend_server", lambda c: c.suspend_server(SID)),
    ("resume_server", lambda c: c.resume_server(SID)),
    ("lock_server", lambda c: c.lock_server(SID, "reason")),
    ("unlock_server", lambda c: c.unlock_server(SID)),
    ("rescue_server", lambda c: c.rescue_server(SID)),
    ("unrescue_server", lambda c: c.unrescue_server(SID)),
    ("shelve_server", lambda c: c.shelve_server(SID)),
    ("shelve_offload_server", lambda c: c.shelve_offload_server(SID)),
    ("unshelve_server", lambda c: c.unshelve_server(SID)),
    ("restore_server", lambda c: c.restore_server(SID)),
    ("evacuate_server", lambda c: c.evacuate_server(SID)),
    ("trigger_server_crash_dump", lambda c: c.trigger_server_crash_dump(SID)),
    ("create_server_image", lambda c: c.create_server_image(SID, "snap")),
    ("backup_server", lambda c: c.backup_server(SID, "b", "daily", 1)),
    ("change_server_password", lambda c: c.change_server_password(SID, "pw")),
    ("reset_server_state", lambda c: c.reset_server_state(SID, "active")),
    ("migrate_server", lambda c: c.migrate_server(SID)),
    ("live_migrate_server", lambda c: c.live_migrate_server(SID)),
    ("get_server_console_output", lambda c: c.get_server_console_output(SID)),
    ("add_security_group_to_server", lambda c: c.add_security_group_to_server(SID, "g")),
    (
        "remove_security_group_from_server",
        lambda c: c.remove_security_group_from_server(SID, "g"),
    ),
    ("delete_server(force)", lambda c: c.delete_server(SID, force=True)),
    # Consoles, passwords, security groups
    ("get_server_console_url", lambda c: c.get_server_console_url(SID, "novnc")),
    ("create_server_remote_console", lambda c: c.create_server_remote_console(SID, type="novnc")),
    ("create_console", lambda c: c.create_console(SID, "novnc")),
    ("get_server_password", lambda c: c.get_server_password(SID)),
    ("clear_server_password", lambda c: c.clear_server_password(SID)),
    ("fetch_server_security_groups", lambda c: c.fetch_server_security_groups(SID)),
    # Servers
    ("create_server", lambda c: c.create_server(name="n", flavor="1", networks="none")),
    ("update_server", lambda c: c.update_server(SID, name="n")),
    ("delete_server", lambda c: c.delete_server(SID)),
    # Interfaces, metadata, tags, volumes, migrations
    ("create_server_interface", lambda c: c.create_server_interface(SID, port_id="p")),
    ("delete_server_interface", lambda c: c.delete_server_interface("p", SID)),
    ("fetch_server_metadata", lambda c: c.fetch_server_metadata(SID)),
    ("set_server_metadata", lambda c: c.set_server_metadata(SID, a="b")),
    ("delete_server_metadata(all)", lambda c: c.delete_server_metadata(SID)),
    ("delete_server_metadata(keys)", lambda c: c.delete_server_metadata(SID, ["a"])),
    ("add_tag_to_server", lambda c: c.add_tag_to_server(SID, "t")),
    ("remove_tag_from_server", lambda c: c.remove_tag_from_server(SID, "t")),
    ("remove_tags_from_server", lambda c: c.remove_tags_from_server(SID)),
    ("create_volume_attachment", lambda c: c.create_volume_attachment(SID, "v")),
    ("update_volume_attachment", lambda c: c.update_volume_attachment(SID, "v", "w")),
    ("delete_volume_attachment", lambda c: c.delete_volume_attachment(SID, "v")),
    (
        "force_complete_server_migration",
        lambda c: c.force_complete_server_migration(ServerMigration.existing(id=1, server_id=SID)),
    ),
    ("abort_server_migration", lambda c: c.abort_server_migration(1, SID)),
    # Flavors
    ("create_flavor", lambda c: c.create_flavor(name="f", ram=1, vcpus=1, disk=1)),
    ("update_flavor", lambda c: c.update_flavor("f", description="d")),
    ("delete_flavor", lambda c: c.delete_flavor("f")),
    ("flavor_add_tenant_access", lambda c: c.flavor_add_tenant_access("f", "t")),
    ("flavor_remove_tenant_access", lambda c: c.flavor_remove_tenant_access("f", "t")),
    ("get_flavor_access", lambda c: c.get_flavor_access("f")),
    ("create_flavor_extra_specs", lambda c: c.create_flavor_extra_specs("f", {"a": "b"})),
    (
        "update_flavor_extra_specs_property",
        lambda c: c.update_flavor_extra_specs_property("f", "a", "b"),
    ),
    (
        "delete_flavor_extra_specs_property",
        lambda c: c.delete_flavor_extra_specs_property("f", "a"),
    ),
    # Keypairs, server groups
    ("create_keypair", lambda c: c.create_keypair(name="k")),
    ("delete_keypair", lambda c: c.delete_keypair("k")),
    ("create_server_group", lambda c: c.create_server_group(name="g", policy="affinity")),
    ("delete_server_group", lambda c: c.delete_server_group("g")),
    # Operators
    ("update_quota_set", lambda c: c.update_quota_set("p", cores=1)),
    ("revert_quota_set", lambda c: c.revert_quota_set("p")),
    ("enable_service", lambda c: c.enable_service("s")),
    ("disable_service", lambda c: c.disable_service("s", disabled_reason="r")),
    ("update_service_forced_down", lambda c: c.update_service_forced_down("s")),
    ("update_service", lambda c: c.update_service("s", status="disabled")),
    ("delete_service", lambda c: c.delete_service("s")),
    ("create_aggregate", lambda c: c.create_aggregate(name="a")),
    ("update_aggregate", lambda c: c.update_aggregate("1", name="b")),
    ("delete_aggregate", lambda c: c.delete_aggregate("1")),
    ("add_host_to_aggregate", lambda c: c.add_host_to_aggregate("1", "h")),
    ("remove_host_from_aggregate", lambda c: c.remove_host_from_aggregate("1", "h")),
    ("set_aggregate_metadata", lambda c: c.set_aggregate_metadata("1", {"a": "b"})),
    ("aggregate_precache_images", lambda c: c.aggregate_precache_images("1", ["i"])),
]

#: Nova's error body for each status.
_FAULTS = {403: "forbidden", 409: "conflictingRequest"}


@pytest.mark.parametrize("status", [403, 409])
@pytest.mark.parametrize(("name", "call"), CALLS, ids=[name for name, _ in CALLS])
def test_http_errors_raise(
    mock: requests_mock.Mocker, compute: Any, wire: Any, name: str, call: Call, status: int
) -> None:
    message = f"Cannot run {name}: policy or state"
    mock.register_uri(
        requests_mock.ANY,
        re.compile(re.escape(COMPUTE) + "/.+"),
        status_code=status,
        json={_FAULTS[status]: {"code": status, "message": message}},
    )
    with pytest.raises(exceptions.HttpException) as info:
        call(compute)
    assert info.value.status_code == status
    assert message in str(info.value)
    # The failing request was the only one: nothing was retried or sent after it.
    assert len(wire.calls()) == 1
