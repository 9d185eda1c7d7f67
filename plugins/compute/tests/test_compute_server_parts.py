"""What hangs off a server: IPs, interfaces, metadata, tags, volumes, actions, consoles."""

from __future__ import annotations

from typing import Any

import pytest
from openstack_compute.v2.server import Server
from openstack_compute.v2.server_interface import ServerInterface
from openstack_compute.v2.server_migration import ServerMigration

from openstack_core import exceptions

COMPUTE = "https://compute.example.com/v2.1"
SID = "srv-1"
SERVER = f"{COMPUTE}/servers/{SID}"


def test_server_ips_flattens_networks(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        f"{SERVER}/ips",
        json={
            "addresses": {
                "private": [
                    {"addr": "192.168.1.30", "version": 4},
                    {"addr": "fe80::1", "version": 6},
                ],
                "public": [{"addr": "203.0.113.5", "version": 4}],
            }
        },
    )
    ips = list(compute.server_ips(SID))
    assert [(ip.network_label, ip.address, ip.version) for ip in ips] == [
        ("private", "192.168.1.30", 4),
        ("private", "fe80::1", 6),
        ("public", "203.0.113.5", 4),
    ]
    assert all(ip.server_id == SID for ip in ips)
    (request,) = wire.calls()
    assert request.method == "GET" and request.path == f"/v2.1/servers/{SID}/ips"


def test_server_ips_of_one_network(mock: Any, compute: Any) -> None:
    mock.get(f"{SERVER}/ips/my%20net", json={"my net": [{"addr": "10.0.0.2", "version": 4}]})
    (ip,) = compute.server_ips(Server.existing(id=SID), network_label="my net")
    assert (ip.network_label, ip.address) == ("my net", "10.0.0.2")


def test_server_interfaces(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        f"{SERVER}/os-interface",
        json={
            "interfaceAttachments": [
                {
                    "port_id": "p1",
                    "net_id": "n1",
                    "mac_addr": "fa:16:3e:00:00:01",
                    "port_state": "ACTIVE",
                    "fixed_ips": [{"ip_address": "10.0.0.3", "subnet_id": "s1"}],
                    "tag": None,
                }
            ]
        },
    )
    (iface,) = compute.server_interfaces(SID)
    assert (iface.id, iface.port_id, iface.net_id, iface.server_id) == ("p1", "p1", "n1", SID)
    assert iface.fixed_ips[0]["ip_address"] == "10.0.0.3"
    assert wire.microversion(mock.last_request) == "2.70"


def test_create_get_delete_server_interface(mock: Any, compute: Any, wire: Any) -> None:
    mock.post(
        f"{SERVER}/os-interface",
        json={"interfaceAttachment": {"port_id": "p2", "net_id": "n1", "port_state": "DOWN"}},
    )
    iface = compute.create_server_interface(
        SID, net_id="n1", fixed_ips=[{"ip_address": "10.0.0.9"}], tag="nic1"
    )
    assert mock.last_request.json() == {
        "interfaceAttachment": {
            "net_id": "n1",
            "fixed_ips": [{"ip_address": "10.0.0.9"}],
            "tag": "nic1",
        }
    }
    assert iface.port_id == "p2"

    mock.get(f"{SERVER}/os-interface/p2", json={"interfaceAttachment": {"port_id": "p2"}})
    assert compute.get_server_interface(iface).port_id == "p2"  # server from the resource
    assert compute.get_server_interface("p2", server=SID).id == "p2"

    mock.delete(f"{SERVER}/os-interface/p2", status_code=202)
    compute.delete_server_interface("p2", server=SID)
    calls = wire.calls()
    assert [(r.method, r.path) for r in calls] == [
        ("POST", f"/v2.1/servers/{SID}/os-interface"),
        ("GET", f"/v2.1/servers/{SID}/os-interface/p2"),
        ("GET", f"/v2.1/servers/{SID}/os-interface/p2"),
        ("DELETE", f"/v2.1/servers/{SID}/os-interface/p2"),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.70"}


def test_server_interface_without_server_is_refused(compute: Any) -> None:
    with pytest.raises(exceptions.InvalidRequest):
        compute.get_server_interface("p2")
    assert ServerInterface.existing(port_id="p").id == "p"


def test_fetch_and_set_server_metadata(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(f"{SERVER}/metadata", json={"metadata": {"a": "1"}})
    assert compute.fetch_server_metadata(SID).metadata == {"a": "1"}
    assert compute.get_server_metadata(SID).metadata == {"a": "1"}
    mock.post(f"{SERVER}/metadata", json={"metadata": {"a": "1", "b": "2"}})
    server = compute.set_server_metadata(SID, b="2")
    assert mock.last_request.json() == {"metadata": {"b": "2"}}
    # The merged answer, not only what was sent.
    assert server.metadata == {"a": "1", "b": "2"}
    calls = wire.calls()
    assert [(r.method, r.path) for r in calls] == [
        ("GET", f"/v2.1/servers/{SID}/metadata"),
        ("GET", f"/v2.1/servers/{SID}/metadata"),
        ("POST", f"/v2.1/servers/{SID}/metadata"),
    ]
    # No microversion changes this API; openstacksdk sends no header either.
    assert {wire.microversion(r) for r in calls} == {None}


def test_delete_server_metadata_keys_and_all(mock: Any, compute: Any, wire: Any) -> None:
    mock.delete(f"{SERVER}/metadata/a", status_code=204)
    mock.delete(f"{SERVER}/metadata/b%2Fc", status_code=204)
    compute.delete_server_metadata(SID, ["a", "b/c", "a"])
    assert [r.path for r in wire.calls()] == [
        f"/v2.1/servers/{SID}/metadata/a",
        f"/v2.1/servers/{SID}/metadata/b%2Fc",
    ]
    mock.put(f"{SERVER}/metadata", json={"metadata": {}})
    compute.delete_server_metadata(SID)
    assert mock.last_request.method == "PUT"
    assert mock.last_request.json() == {"metadata": {}}


def test_delete_missing_metadata_key_raises(mock: Any, compute: Any) -> None:
    mock.delete(f"{SERVER}/metadata/x", status_code=404)
    with pytest.raises(exceptions.NotFoundException):
        compute.delete_server_metadata(SID, ["x"])


def test_metadata_item_round_trip(mock: Any, compute: Any) -> None:
    mock.put(f"{SERVER}/metadata/k", json={"meta": {"k": "v"}})
    mock.get(f"{SERVER}/metadata/k", json={"meta": {"k": "v"}})
    server = Server.existing(id=SID)
    server.set_metadata_item(compute, "k", "v")
    assert mock.last_request.json() == {"meta": {"k": "v"}}
    assert server.get_metadata_item(compute, "k").metadata == {"k": "v"}


def test_server_tags(mock: Any, compute: Any, wire: Any) -> None:
    mock.put(f"{SERVER}/tags/blue", status_code=201)
    mock.delete(f"{SERVER}/tags/blue", status_code=204)
    mock.delete(f"{SERVER}/tags", status_code=204)
    compute.add_tag_to_server(SID, "blue")
    compute.remove_tag_from_server(SID, "blue")
    compute.remove_tags_from_server(SID)
    calls = wire.calls()
    assert [(r.method, r.path, r.body) for r in calls] == [
        ("PUT", f"/v2.1/servers/{SID}/tags/blue", None),
        ("DELETE", f"/v2.1/servers/{SID}/tags/blue", None),
        ("DELETE", f"/v2.1/servers/{SID}/tags", None),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.100"}


def test_server_tags_need_2_26(make_compute: Any) -> None:
    with pytest.raises(exceptions.NotSupported):
        make_compute("2.25").add_tag_to_server(SID, "blue")


def test_set_and_fetch_tags_on_resource(mock: Any, compute: Any) -> None:
    mock.put(f"{SERVER}/tags", json={"tags": ["a", "b"]})
    mock.get(f"{SERVER}/tags", json={"tags": ["a"]})
    server = Server.existing(id=SID)
    assert server.set_tags(compute, ["a", "b"]).tags == ["a", "b"]
    assert mock.last_request.json() == {"tags": ["a", "b"]}
    assert server.fetch_tags(compute).tags == ["a"]


def test_fetch_server_security_groups(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        f"{SERVER}/os-security-groups",
        json={"security_groups": [{"id": "sg", "name": "default", "rules": []}]},
    )
    server = compute.fetch_server_security_groups(SID)
    assert server.security_groups == [{"id": "sg", "name": "default", "rules": []}]
    (request,) = wire.calls()
    assert (request.method, request.path) == ("GET", f"/v2.1/servers/{SID}/os-security-groups")
    assert wire.microversion(request) is None  # as openstacksdk


def test_volume_attachments(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        f"{SERVER}/os-volume_attachments",
        json={
            "volumeAttachments": [
                {
                    "device": "/dev/sdb",
                    "serverId": SID,
                    "volumeId": "vol-1",
                    "tag": "t",
                    "delete_on_termination": True,
                    "attachment_id": "att-1",
                    "bdm_uuid": "bdm-1",
                }
            ]
        },
    )
    (att,) = compute.volume_attachments(SID, limit=10, offset=0)
    assert (att.id, att.volume_id, att.device, att.attachment_id, att.bdm_id) == (
        "vol-1",
        "vol-1",
        "/dev/sdb",
        "att-1",
        "bdm-1",
    )
    assert att.delete_on_termination is True
    assert mock.last_request.qs == {"limit": ["10"], "offset": ["0"]}
    assert wire.microversion(mock.last_request) == "2.89"


def test_volume_attachment_crud(mock: Any, compute: Any, wire: Any) -> None:
    url = f"{SERVER}/os-volume_attachments"
    mock.post(url, json={"volumeAttachment": {"volumeId": "vol-1", "device": "/dev/vdb"}})
    att = compute.create_volume_attachment(SID, "vol-1", device="/dev/vdb", tag="data")
    assert mock.last_request.json() == {
        "volumeAttachment": {"volumeId": "vol-1", "device": "/dev/vdb", "tag": "data"}
    }
    assert att.device == "/dev/vdb"

    mock.get(f"{url}/vol-1", json={"volumeAttachment": {"volumeId": "vol-1", "id": "vol-1"}})
    assert compute.get_volume_attachment(SID, "vol-1").volume_id == "vol-1"

    mock.put(f"{url}/vol-1", status_code=202)
    compute.update_volume_attachment(SID, "vol-1", delete_on_termination=True)
    assert mock.last_request.json() == {
        "volumeAttachment": {"volumeId": "vol-1", "delete_on_termination": True}
    }
    compute.update_volume_attachment(SID, "vol-1", volume_id="vol-2")
    assert mock.last_request.json() == {"volumeAttachment": {"volumeId": "vol-2"}}

    mock.delete(f"{url}/vol-1", status_code=202)
    compute.delete_volume_attachment(SID, "vol-1")
    calls = wire.calls()
    path = f"/v2.1/servers/{SID}/os-volume_attachments"
    assert [(r.method, r.path) for r in calls] == [
        ("POST", path),
        ("GET", f"{path}/vol-1"),
        ("PUT", f"{path}/vol-1"),
        ("PUT", f"{path}/vol-1"),
        ("DELETE", f"{path}/vol-1"),
    ]
    assert {wire.microversion(r) for r in calls} == {"2.89"}


def test_create_volume_attachment_needs_a_volume(compute: Any) -> None:
    with pytest.raises(TypeError):
        compute.create_volume_attachment(SID)


def test_server_actions_log(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        f"{SERVER}/os-instance-actions",
        json={
            "instanceActions": [
                {
                    "action": "reboot",
                    "request_id": "req-1",
                    "user_id": "u",
                    "project_id": "p",
                    "start_time": "2024-01-01T00:00:00.000000",
                    "message": None,
                    "instance_uuid": SID,
                    "updated_at": "2024-01-01T00:00:01.000000",
                }
            ],
            "links": [],
        },
    )
    (action,) = compute.server_actions(SID, changes_since="2024-01-01", limit=1)
    assert (action.id, action.action, action.updated_at) == (
        "req-1",
        "reboot",
        "2024-01-01T00:00:01.000000",
    )
    assert mock.last_request.qs == {"changes-since": ["2024-01-01"], "limit": ["1"]}
    assert wire.microversion(mock.last_request) == "2.84"

    mock.get(
        f"{SERVER}/os-instance-actions/req-1",
        json={
            "instanceAction": {
                "action": "reboot",
                "request_id": "req-1",
                "events": [
                    {
                        "event": "compute_reboot_instance",
                        "result": "Success",
                        "hostId": "h",
                        "details": None,
                    }
                ],
            }
        },
    )
    got = compute.get_server_action("req-1", SID)
    assert got.events[0].event == "compute_reboot_instance"
    assert got.events[0].host_id == "h"
    request = mock.last_request
    assert (request.method, request.path, request.qs) == (
        "GET",
        f"/v2.1/servers/{SID}/os-instance-actions/req-1",
        {},
    )
    assert wire.microversion(request) == "2.84"


def test_server_migrations(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        f"{SERVER}/migrations",
        json={
            "migrations": [
                {
                    "id": 4,
                    "uuid": "m-uuid",
                    "status": "running",
                    "server_uuid": SID,
                    "memory_total_bytes": 1024,
                    "dest_compute": "c2",
                }
            ]
        },
    )
    (migration,) = compute.server_migrations(SID)
    assert (migration.id, migration.status, migration.memory_total_bytes) == (4, "running", 1024)
    assert migration.server_id == SID
    (request,) = wire.calls()
    assert (request.method, request.path, request.qs) == (
        "GET",
        f"/v2.1/servers/{SID}/migrations",
        {},
    )
    assert wire.microversion(request) == "2.80"


def test_get_server_migration_takes_openstacksdk_argument_order(
    mock: Any, compute: Any, wire: Any
) -> None:
    # openstacksdk: get_server_migration(server_migration, server, ignore_missing=True).
    mock.get(f"{SERVER}/migrations/4", json={"migration": {"id": 4, "status": "running"}})
    assert compute.get_server_migration(4, SID).status == "running"
    assert compute.get_server_migration(server_migration=4, server=SID).id == 4
    assert compute.get_server_migration(4, SID, ignore_missing=False).id == 4
    # A ServerMigration from server_migrations() carries its server.
    listed = ServerMigration.existing(id=4, server_id=SID)
    assert compute.get_server_migration(listed, None).id == 4
    calls = wire.calls()
    assert [(r.method, r.path) for r in calls] == [("GET", f"/v2.1/servers/{SID}/migrations/4")] * 4
    assert {wire.microversion(r) for r in calls} == {"2.80"}


def test_get_missing_server_migration_raises(mock: Any, compute: Any) -> None:
    mock.get(f"{SERVER}/migrations/5", status_code=404)
    with pytest.raises(exceptions.NotFoundException):
        compute.get_server_migration(5, SID)


def test_server_migration_without_server_is_refused(compute: Any, wire: Any) -> None:
    with pytest.raises(exceptions.InvalidRequest):
        compute.force_complete_server_migration(4)
    assert wire.calls() == []


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.force_complete_server_migration(4, SID),
        lambda c: c.force_complete_server_migration(server_migration=4, server=SID),
        lambda c: c.force_complete_server_migration(ServerMigration.existing(id=4, server_id=SID)),
    ],
    ids=["positional", "keywords", "resource"],
)
def test_force_complete_server_migration(mock: Any, compute: Any, wire: Any, call: Any) -> None:
    mock.post(f"{SERVER}/migrations/4/action", status_code=202)
    call(compute)
    (request,) = wire.calls()
    assert (request.method, request.path) == ("POST", f"/v2.1/servers/{SID}/migrations/4/action")
    assert request.json() == {"force_complete": None}
    assert wire.microversion(request) == "2.80"


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.abort_server_migration(4, SID),
        lambda c: c.abort_server_migration(server_migration=4, server=SID),
        lambda c: c.abort_server_migration(ServerMigration.existing(id=4, server_id=SID), None),
    ],
    ids=["positional", "keywords", "resource"],
)
def test_abort_server_migration(mock: Any, compute: Any, wire: Any, call: Any) -> None:
    mock.delete(f"{SERVER}/migrations/4", status_code=202)
    call(compute)
    (request,) = wire.calls()
    assert (request.method, request.path, request.body) == (
        "DELETE",
        f"/v2.1/servers/{SID}/migrations/4",
        None,
    )
    assert wire.microversion(request) == "2.80"


def test_abort_missing_server_migration(mock: Any, compute: Any) -> None:
    mock.delete(f"{SERVER}/migrations/4", status_code=404)
    compute.abort_server_migration(4, SID)
    with pytest.raises(exceptions.NotFoundException):
        compute.abort_server_migration(4, SID, ignore_missing=False)


def test_create_server_remote_console(mock: Any, compute: Any, wire: Any) -> None:
    mock.post(
        f"{SERVER}/remote-consoles",
        json={"remote_console": {"protocol": "serial", "type": "serial", "url": "ws://x"}},
    )
    console = compute.create_server_remote_console(SID, type="serial")
    assert mock.last_request.json() == {"remote_console": {"type": "serial", "protocol": "serial"}}
    assert console.url == "ws://x"
    assert wire.microversion(mock.last_request) == "2.99"


def test_remote_console_type_needs_microversion(make_compute: Any) -> None:
    with pytest.raises(exceptions.NotSupported):
        make_compute("2.7").create_server_remote_console(SID, type="webmks")
