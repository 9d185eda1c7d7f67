"""Server actions: the exact body and microversion of every POST .../action."""

from __future__ import annotations

from typing import Any

import pytest
from openstack_compute.v2.server import Server

from openstack_core import exceptions

COMPUTE = "https://compute.example.com/v2.1"
SID = "srv-1"
ACTION = f"{COMPUTE}/servers/{SID}/action"


@pytest.mark.parametrize(
    ("method", "args", "kwargs", "body"),
    [
        ("reboot_server", ("soft",), {}, {"reboot": {"type": "SOFT"}}),
        ("reboot_server", ("HARD",), {}, {"reboot": {"type": "HARD"}}),
        ("resize_server", ("2",), {}, {"resize": {"flavorRef": "2"}}),
        ("confirm_server_resize", (), {}, {"confirmResize": None}),
        ("revert_server_resize", (), {}, {"revertResize": None}),
        ("start_server", (), {}, {"os-start": None}),
        ("stop_server", (), {}, {"os-stop": None}),
        ("pause_server", (), {}, {"pause": None}),
        ("unpause_server", (), {}, {"unpause": None}),
        ("suspend_server", (), {}, {"suspend": None}),
        ("resume_server", (), {}, {"resume": None}),
        ("lock_server", (), {}, {"lock": None}),
        ("lock_server", (), {"locked_reason": "audit"}, {"lock": {"locked_reason": "audit"}}),
        ("unlock_server", (), {}, {"unlock": None}),
        ("rescue_server", (), {}, {"rescue": {}}),
        (
            "rescue_server",
            (),
            {"admin_pass": "pw", "image": "img"},
            {"rescue": {"adminPass": "pw", "rescue_image_ref": "img"}},
        ),
        ("unrescue_server", (), {}, {"unrescue": None}),
        ("shelve_server", (), {}, {"shelve": None}),
        ("shelve_offload_server", (), {}, {"shelveOffload": None}),
        ("unshelve_server", (), {}, {"unshelve": None}),
        (
            "unshelve_server",
            (),
            {"availability_zone": "az2"},
            {"unshelve": {"availability_zone": "az2"}},
        ),
        (
            "unshelve_server",
            (),
            {"availability_zone": None},
            {"unshelve": {"availability_zone": None}},
        ),
        ("unshelve_server", (), {"host": "h1"}, {"unshelve": {"host": "h1"}}),
        ("restore_server", (), {}, {"restore": None}),
        ("trigger_server_crash_dump", (), {}, {"trigger_crash_dump": None}),
        ("reset_server_state", ("error",), {}, {"os-resetState": {"state": "error"}}),
        ("migrate_server", (), {}, {"migrate": None}),
        ("migrate_server", (), {"host": "h2"}, {"migrate": {"host": "h2"}}),
        ("change_server_password", ("n3w",), {}, {"changePassword": {"adminPass": "n3w"}}),
        ("add_security_group_to_server", ("web",), {}, {"addSecurityGroup": {"name": "web"}}),
        (
            "remove_security_group_from_server",
            ({"name": "web", "id": "sg-1"},),
            {},
            {"removeSecurityGroup": {"name": "web"}},
        ),
        ("evacuate_server", (), {"host": "h3"}, {"evacuate": {"host": "h3"}}),
    ],
)
def test_action_bodies(
    mock: Any,
    compute: Any,
    wire: Any,
    method: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    body: dict[str, Any],
) -> None:
    mock.post(ACTION, status_code=202)
    assert getattr(compute, method)(SID, *args, **kwargs) is None
    (request,) = wire.calls()
    assert request.method == "POST"
    assert request.path == f"/v2.1/servers/{SID}/action"
    assert request.json() == body
    assert wire.microversion(request) == "2.100"


def test_reboot_type_is_checked(compute: Any) -> None:
    with pytest.raises(exceptions.InvalidRequest):
        compute.reboot_server(SID, "WARM")


@pytest.mark.parametrize(
    ("method", "kwargs", "needed"),
    [
        ("lock_server", {"locked_reason": "r"}, "2.73"),
        ("migrate_server", {"host": "h"}, "2.56"),
        ("unshelve_server", {"availability_zone": "az"}, "2.77"),
        ("unshelve_server", {"host": "h"}, "2.91"),
    ],
)
def test_actions_needing_a_newer_cloud_raise_before_sending(
    make_compute: Any, wire: Any, method: str, kwargs: dict[str, Any], needed: str
) -> None:
    compute = make_compute("2.50")
    with pytest.raises(exceptions.NotSupported) as info:
        getattr(compute, method)(SID, **kwargs)
    assert needed in str(info.value)
    assert wire.calls() == []


def test_actions_follow_an_older_cloud(mock: Any, make_compute: Any, wire: Any) -> None:
    compute = make_compute("2.10")
    mock.post(ACTION, status_code=202)
    compute.lock_server(SID)
    assert wire.microversion(mock.last_request) == "2.10"


def test_rebuild_server(mock: Any, compute: Any, wire: Any) -> None:
    mock.post(
        ACTION,
        status_code=202,
        json={"server": {"id": SID, "status": "REBUILD", "adminPass": "gen", "name": "new"}},
    )
    server = compute.rebuild_server(
        SID,
        "img-2",
        name="new",
        admin_password="pw",
        preserve_ephemeral=True,
        metadata={"a": "b"},
        key_name="k",
        hostname="new-host",
        user_data="echo hi",
        disk_config="AUTO",
    )
    assert mock.last_request.json() == {
        "rebuild": {
            "imageRef": "img-2",
            "name": "new",
            "adminPass": "pw",
            "preserve_ephemeral": True,
            "metadata": {"a": "b"},
            "key_name": "k",
            "hostname": "new-host",
            "user_data": "ZWNobyBoaQ==",
            "OS-DCF:diskConfig": "AUTO",
        }
    }
    assert (server.status, server.admin_password) == ("REBUILD", "gen")
    (request,) = wire.calls()
    assert (request.method, request.path) == ("POST", f"/v2.1/servers/{SID}/action")
    assert wire.microversion(request) == "2.100"


def test_rebuild_answer_user_data_since_2_57(mock: Any, make_compute: Any, wire: Any) -> None:
    # Nova's rebuild answer carries the bare "user_data" key (2.57+), not the
    # OS-EXT-SRV-ATTR: one of a GET.
    compute = make_compute("2.57")
    mock.post(
        ACTION,
        status_code=202,
        json={"server": {"id": SID, "status": "REBUILD", "user_data": "ZWNobyBoaQ=="}},
    )
    server = compute.rebuild_server(SID, "img-2", user_data="ZWNobyBoaQ==")
    assert server.user_data == "ZWNobyBoaQ=="
    (request,) = wire.calls()
    assert request.json() == {"rebuild": {"imageRef": "img-2", "user_data": "ZWNobyBoaQ=="}}
    assert wire.microversion(request) == "2.57"


@pytest.mark.parametrize(
    ("kwargs", "cloud", "needed"),
    [({"hostname": "h"}, "2.89", "2.90"), ({"user_data": "eA=="}, "2.56", "2.57")],
)
def test_rebuild_on_an_older_cloud_raises_before_sending(
    make_compute: Any, wire: Any, kwargs: dict[str, Any], cloud: str, needed: str
) -> None:
    with pytest.raises(exceptions.NotSupported) as info:
        make_compute(cloud).rebuild_server(SID, "img", **kwargs)
    assert needed in str(info.value)
    assert wire.calls() == []


def test_create_server_image_reads_image_id(mock: Any, compute: Any, wire: Any) -> None:
    mock.post(ACTION, status_code=202, json={"image_id": "img-9"})
    mock.get(
        f"{COMPUTE}/images/img-9",
        [
            {"json": {"image": {"id": "img-9", "name": "snap", "status": "SAVING"}}},
            {"json": {"image": {"id": "img-9", "name": "snap", "status": "ACTIVE"}}},
        ],
    )
    image = compute.create_server_image(SID, "snap", metadata={"k": "v"})
    assert image.status == "SAVING"
    post, get = wire.calls()
    assert (post.method, post.path) == ("POST", f"/v2.1/servers/{SID}/action")
    assert post.json() == {"createImage": {"name": "snap", "metadata": {"k": "v"}}}
    assert wire.microversion(post) == "2.100"
    assert (get.method, get.path) == ("GET", "/v2.1/images/img-9")
    # The image proxy API ends at 2.35.
    assert wire.microversion(get) == "2.35"


def test_create_server_image_wait(mock: Any, compute: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("time.sleep", lambda _s: None)
    mock.post(ACTION, status_code=202, json={"image_id": "img-9"})
    mock.get(
        f"{COMPUTE}/images/img-9",
        [
            {"json": {"image": {"id": "img-9", "status": "SAVING", "progress": 50}}},
            {"json": {"image": {"id": "img-9", "status": "ACTIVE", "progress": 100}}},
        ],
    )
    image = compute.create_server_image(SID, "snap", wait=True, timeout=5)
    assert image.status == "ACTIVE"


def test_backup_server_reads_location_before_2_45(mock: Any, make_compute: Any, wire: Any) -> None:
    compute = make_compute("2.44")
    mock.post(ACTION, status_code=202, headers={"Location": "http://glance/v2/images/img-7"})
    mock.get(f"{COMPUTE}/images/img-7", json={"image": {"id": "img-7", "status": "ACTIVE"}})
    image = compute.backup_server(SID, "nightly", "daily", 3)
    post, get = wire.calls()
    assert (post.method, post.path) == ("POST", f"/v2.1/servers/{SID}/action")
    assert post.json() == {
        "createBackup": {"name": "nightly", "backup_type": "daily", "rotation": 3}
    }
    assert wire.microversion(post) == "2.44"
    assert (get.method, get.path, wire.microversion(get)) == ("GET", "/v2.1/images/img-7", "2.35")
    assert image.id == "img-7"


def test_console_output(mock: Any, compute: Any, wire: Any) -> None:
    mock.post(ACTION, json={"output": "line1\nline2"})
    assert compute.get_server_console_output(SID, length=50) == {"output": "line1\nline2"}
    compute.get_server_console_output(SID)
    calls = wire.calls()
    assert [(r.method, r.path, r.json()) for r in calls] == [
        ("POST", f"/v2.1/servers/{SID}/action", {"os-getConsoleOutput": {"length": 50}}),
        ("POST", f"/v2.1/servers/{SID}/action", {"os-getConsoleOutput": {}}),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.100"}


def test_console_url_uses_remote_consoles_since_2_6(mock: Any, compute: Any, wire: Any) -> None:
    mock.post(
        f"{COMPUTE}/servers/{SID}/remote-consoles",
        json={"remote_console": {"protocol": "vnc", "type": "novnc", "url": "http://c/?t=x"}},
    )
    console = compute.get_server_console_url(SID, "novnc")
    assert console == {"protocol": "vnc", "type": "novnc", "url": "http://c/?t=x"}
    assert mock.last_request.json() == {"remote_console": {"type": "novnc", "protocol": "vnc"}}
    assert wire.microversion(mock.last_request) == "2.99"


def test_console_url_legacy_action_before_2_6(mock: Any, make_compute: Any, wire: Any) -> None:
    compute = make_compute("2.5")
    mock.post(ACTION, json={"console": {"type": "serial", "url": "ws://c"}})
    assert compute.get_server_console_url(SID, "serial") == {"type": "serial", "url": "ws://c"}
    assert mock.last_request.json() == {"os-getSerialConsole": {"type": "serial"}}
    assert wire.microversion(mock.last_request) == "2.1"


def test_console_url_unknown_type(compute: Any) -> None:
    with pytest.raises(exceptions.InvalidRequest):
        compute.get_server_console_url(SID, "telnet")


def test_live_migrate_current_cloud(mock: Any, compute: Any, wire: Any) -> None:
    mock.post(ACTION, status_code=202)
    compute.live_migrate_server(SID)
    assert mock.last_request.json() == {"os-migrateLive": {"host": None, "block_migration": "auto"}}
    compute.live_migrate_server(SID, host="h", force=True, block_migration=False)
    assert mock.last_request.json() == {
        "os-migrateLive": {"host": "h", "block_migration": False, "force": True}
    }
    assert wire.microversion(mock.last_request) == "2.30"


def test_live_migrate_2_25(mock: Any, make_compute: Any, wire: Any) -> None:
    compute = make_compute("2.27")
    mock.post(ACTION, status_code=202)
    compute.live_migrate_server(SID, host="h", force=True)
    assert mock.last_request.json() == {"os-migrateLive": {"host": "h", "block_migration": "auto"}}
    assert wire.microversion(mock.last_request) == "2.25"
    with pytest.raises(exceptions.InvalidRequest):
        compute.live_migrate_server(SID, host="h")


def test_live_migrate_legacy(mock: Any, make_compute: Any, wire: Any) -> None:
    compute = make_compute("2.20")
    mock.post(ACTION, status_code=202)
    compute.live_migrate_server(SID, host="h", block_migration=True)
    assert mock.last_request.json() == {
        "os-migrateLive": {"host": "h", "block_migration": True, "disk_over_commit": False}
    }
    assert wire.microversion(mock.last_request) == "2.20"
    with pytest.raises(exceptions.InvalidRequest):
        compute.live_migrate_server(SID, block_migration="auto")


def test_server_password(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(f"{COMPUTE}/servers/{SID}/os-server-password", json={"password": "enc"})
    assert compute.get_server_password(SID) == "enc"
    mock.delete(f"{COMPUTE}/servers/{SID}/os-server-password", status_code=204)
    assert compute.clear_server_password(SID) is None
    calls = wire.calls()
    assert [(r.method, r.path, r.body) for r in calls] == [
        ("GET", f"/v2.1/servers/{SID}/os-server-password", None),
        ("DELETE", f"/v2.1/servers/{SID}/os-server-password", None),
    ]
    # The negotiated version, as openstacksdk sends.
    assert {wire.microversion(r) for r in calls} == {"2.100"}


def test_create_console(mock: Any, compute: Any, wire: Any) -> None:
    mock.post(
        f"{COMPUTE}/servers/{SID}/remote-consoles",
        json={"remote_console": {"protocol": "vnc", "type": "novnc", "url": "http://c/?t=x"}},
    )
    console = compute.create_console(SID, "novnc")
    assert console == {"protocol": "vnc", "type": "novnc", "url": "http://c/?t=x"}
    compute.create_console(SID, "spice-direct", console_protocol="spice")
    calls = wire.calls()
    assert [(r.method, r.path, r.json()) for r in calls] == [
        (
            "POST",
            f"/v2.1/servers/{SID}/remote-consoles",
            {"remote_console": {"type": "novnc", "protocol": "vnc"}},
        ),
        (
            "POST",
            f"/v2.1/servers/{SID}/remote-consoles",
            {"remote_console": {"type": "spice-direct", "protocol": "spice"}},
        ),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.99"}


def test_create_console_before_2_6_uses_the_legacy_action(
    mock: Any, make_compute: Any, wire: Any
) -> None:
    compute = make_compute("2.5")
    mock.post(ACTION, json={"console": {"type": "novnc", "url": "http://c/?t=y"}})
    assert compute.create_console(SID, "novnc", console_protocol="vnc") == {
        "type": "novnc",
        "url": "http://c/?t=y",
    }
    (request,) = wire.calls()
    assert request.json() == {"os-getVNCConsole": {"type": "novnc"}}
    assert wire.microversion(request) == "2.1"


def test_create_console_unknown_type(compute: Any, wire: Any) -> None:
    with pytest.raises(exceptions.InvalidRequest):
        compute.create_console(SID, "telnet")
    assert wire.calls() == []


def test_rebuild_key_name_none_removes_the_key(mock: Any, compute: Any, wire: Any) -> None:
    # Unlike create, null has a meaning here (2.54+): the server loses its keypair.
    mock.post(ACTION, status_code=202, json={"server": {"id": SID, "key_name": None}})
    compute.rebuild_server(SID, "img-2", key_name=None)
    (request,) = wire.calls()
    assert request.json() == {"rebuild": {"imageRef": "img-2", "key_name": None}}
    assert wire.microversion(request) == "2.100"


def test_password_calls_take_a_microversion(mock: Any, compute: Any, wire: Any) -> None:
    # openstacksdk's Server.change_password/get_password/clear_password(microversion=).
    mock.post(ACTION, status_code=202)
    mock.get(f"{COMPUTE}/servers/{SID}/os-server-password", json={"password": ""})
    mock.delete(f"{COMPUTE}/servers/{SID}/os-server-password", status_code=204)
    server = Server.existing(id=SID)
    server.change_password(compute, "pw", microversion="2.1")
    server.get_password(compute, microversion="2.2")
    server.clear_password(compute, microversion="2.3")
    assert [(r.method, wire.microversion(r)) for r in wire.calls()] == [
        ("POST", "2.1"),
        ("GET", "2.2"),
        ("DELETE", "2.3"),
    ]
