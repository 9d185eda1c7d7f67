"""Server CRUD through the Proxy: exact requests and parsed attributes."""

from __future__ import annotations

import base64
import logging
from typing import Any

import pytest
from openstack_compute.v2._proxy import Proxy
from openstack_compute.v2.flavor import Flavor
from openstack_compute.v2.server import Server

from openstack_core import exceptions
from openstack_core.testing import FakeCloud

COMPUTE = "https://compute.example.com/v2.1"

SID = "0e44cc9c-e052-415d-afbf-469b0d384170"

# Shaped like Nova's 2.100 "show server" answer.
SERVER_2_100: dict[str, Any] = {
    "id": SID,
    "name": "web-1",
    "accessIPv4": "1.2.3.4",
    "accessIPv6": "80fe::",
    "addresses": {"private": [{"addr": "192.168.1.30", "version": 4, "OS-EXT-IPS:type": "fixed"}]},
    "created": "2024-01-02T03:04:05Z",
    "flavor": {
        "disk": 1,
        "ephemeral": 0,
        "extra_specs": {"hw:cpu_policy": "shared"},
        "original_name": "m1.tiny",
        "ram": 512,
        "swap": 0,
        "vcpus": 1,
    },
    "image": {"id": "img-1", "links": [], "properties": {"architecture": "x86_64"}},
    "locked": False,
    "locked_reason": None,
    "metadata": {"role": "web"},
    "config_drive": "",
    "OS-DCF:diskConfig": "AUTO",
    "OS-EXT-AZ:availability_zone": "us-west",
    "OS-EXT-SRV-ATTR:host": "compute-7",
    "OS-EXT-SRV-ATTR:hostname": "web-1",
    "OS-EXT-STS:power_state": 1,
    "OS-EXT-STS:task_state": None,
    "OS-EXT-STS:vm_state": "active",
    "os-extended-volumes:volumes_attached": [{"id": "vol-1", "delete_on_termination": False}],
    "OS-SRV-USG:launched_at": "2024-01-02T03:05:00.000000",
    "pinned_availability_zone": "us-west",
    "progress": 0,
    "scheduler_hints": {"same_host": ["other"]},
    "security_groups": [{"name": "default"}],
    "server_groups": [],
    "status": "ACTIVE",
    "tags": ["prod"],
    "tenant_id": "proj",
    "updated": "2024-01-02T03:06:00Z",
    "user_id": "user",
}


def test_servers_lists_detail_with_filters(wire: Any, mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/servers/detail", json={"servers": [SERVER_2_100], "servers_links": []})
    servers = list(
        compute.servers(
            all_projects=True,
            changes_since="2024-01-01T00:00:00Z",
            tags=["a", "b"],
            not_any_tags=["x"],
            compute_host="compute-7",
            ipv4_address="10.0.0.",
            id=SID,
            limit=5,
        )
    )
    (request,) = wire.calls()
    assert request.method == "GET"
    assert request.path == "/v2.1/servers/detail"
    assert request.qs == {
        "all_tenants": ["True"],
        "changes-since": ["2024-01-01T00:00:00Z"],
        "tags": ["a,b"],
        "not-tags-any": ["x"],
        "host": ["compute-7"],
        "ip": ["10.0.0."],
        "uuid": [SID],
        "limit": ["5"],
    }
    assert wire.microversion(request) == "2.100"
    assert [s.name for s in servers] == ["web-1"]


def test_servers_without_details_and_paging(wire: Any, mock: Any, compute: Any) -> None:
    mock.get(
        f"{COMPUTE}/servers",
        [
            {
                "json": {
                    "servers": [{"id": "a", "name": "one", "links": []}],
                    "servers_links": [
                        {"rel": "next", "href": "http://internal/v2.1/servers?limit=1&marker=a"}
                    ],
                }
            },
            {"json": {"servers": [{"id": "b", "name": "two", "links": []}]}},
        ],
    )
    names = [s.name for s in compute.servers(details=False, limit=1)]
    assert names == ["one", "two"]
    calls = wire.calls()
    assert [c.qs for c in calls] == [{"limit": ["1"]}, {"limit": ["1"], "marker": ["a"]}]


def test_servers_max_items_stops_early(mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/servers/detail", json={"servers": [{"id": "a"}, {"id": "b"}]})
    assert [s.id for s in compute.servers(max_items=1)] == ["a"]


def test_unknown_filter_is_refused(compute: Any) -> None:
    with pytest.raises(exceptions.InvalidResourceQuery):
        compute.servers(colour="red")


def test_get_server_parses_2_100_shape(wire: Any, mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/servers/{SID}", json={"server": SERVER_2_100})
    server = compute.get_server(SID)
    assert wire.microversion(mock.last_request) == "2.100"
    assert server.access_ipv4 == "1.2.3.4"
    assert server.addresses["private"][0]["addr"] == "192.168.1.30"
    assert server.compute_host == "compute-7"
    assert server.vm_state == "active"
    assert server.power_state == 1
    assert server.availability_zone == "us-west"
    assert server.hostname == "web-1"
    assert server.project_id == "proj"
    assert server.created_at == "2024-01-02T03:04:05Z"
    assert server.launched_at.startswith("2024-01-02")
    assert server.is_locked is False
    assert server.disk_config == "AUTO"
    assert server.metadata == {"role": "web"}
    assert server.tags == ["prod"]
    assert server.scheduler_hints == {"same_host": ["other"]}
    assert server.pinned_availability_zone == "us-west"
    # The flavor is embedded since 2.47: no id; id and name read original_name.
    assert isinstance(server.flavor, Flavor)
    assert server.flavor.id == "m1.tiny"
    assert (server.flavor.name, server.flavor.vcpus, server.flavor.ram) == ("m1.tiny", 1, 512)
    assert server.flavor.extra_specs == {"hw:cpu_policy": "shared"}
    assert server.image.id == "img-1"
    assert server.image.properties == {"architecture": "x86_64"}
    assert [v.id for v in server.attached_volumes] == ["vol-1"]
    assert server.volumes[0].delete_on_termination is False
    assert server.has_config_drive == ""


def test_get_server_parses_pre_2_47_flavor_reference(
    wire: Any, mock: Any, make_compute: Any
) -> None:
    compute = make_compute("2.46")
    body = {
        "id": SID,
        "flavor": {"id": "1", "links": [{"rel": "bookmark", "href": "http://x/flavors/1"}]},
        "image": "",
    }
    mock.get(f"{COMPUTE}/servers/{SID}", json={"server": body})
    server = compute.get_server(SID)
    assert wire.microversion(mock.last_request) == "2.46"
    assert server.flavor.id == "1"
    assert server.flavor.name is None
    assert server.image == ""  # booted from a volume
    assert server.tags == []
    assert server.attached_volumes == []


def test_server_flavor_id_since_2_47_finds_the_flavor(
    wire: Any, mock: Any, make_compute: Any
) -> None:
    # Code ported from openstacksdk: find_flavor(server.flavor.id) at 2.47 and later.
    compute = make_compute("2.47")
    embedded = {"original_name": "m1.small", "vcpus": 1, "ram": 2048, "disk": 20}
    mock.get(f"{COMPUTE}/servers/{SID}", json={"server": {"id": SID, "flavor": embedded}})
    mock.get(f"{COMPUTE}/flavors/m1.small", status_code=404)
    mock.get(
        f"{COMPUTE}/flavors/detail",
        json={"flavors": [{"id": "2", "name": "m1.small"}, {"id": "1", "name": "m1.tiny"}]},
    )
    server = compute.get_server(SID)
    assert (server.flavor.id, server.flavor.name, server.flavor.original_name) == (
        "m1.small",
        "m1.small",
        "m1.small",
    )
    flavor = compute.find_flavor(server.flavor.id, ignore_missing=False)
    assert flavor.id == "2"
    calls = wire.calls()
    assert [(r.method, r.path, r.qs) for r in calls] == [
        ("GET", f"/v2.1/servers/{SID}", {}),
        ("GET", "/v2.1/flavors/m1.small", {}),
        ("GET", "/v2.1/flavors/detail", {"is_public": ["None"]}),
    ]
    assert [wire.microversion(r) for r in calls] == ["2.47"] * 3


def test_flavor_id_fallback_only_applies_without_an_id() -> None:
    assert Flavor.existing(id="1", original_name="m1.tiny").id == "1"
    assert Flavor.new(name="big").id is None  # a flavor to create has no id yet


def test_get_server_missing_raises_not_found(mock: Any, compute: Any) -> None:
    mock.get(
        f"{COMPUTE}/servers/nope",
        status_code=404,
        json={"itemNotFound": {"code": 404, "message": "Instance nope could not be found."}},
    )
    with pytest.raises(exceptions.NotFoundException) as info:
        compute.get_server("nope")
    assert "could not be found" in str(info.value)


def test_create_server_request_body(wire: Any, mock: Any, compute: Any) -> None:
    mock.post(
        f"{COMPUTE}/servers",
        status_code=202,
        json={"server": {"id": SID, "adminPass": "s3cret", "OS-DCF:diskConfig": "AUTO"}},
    )
    flavor = Flavor.existing(id="1", name="m1.tiny")
    server = compute.create_server(
        name="web-1",
        flavor=flavor,
        image="img-1",
        networks="auto",
        key_name="mykey",
        user_data="#!/bin/sh\necho hi\n",
        metadata={"role": "web"},
        security_groups=["default", {"name": "web"}],
        availability_zone="us-west",
        scheduler_hints={"same_host": "other"},
        block_device_mapping=[
            {"boot_index": 0, "uuid": "img-1", "source_type": "image", "destination_type": "local"}
        ],
        hostname="web-1",
        access_ipv4="1.2.3.4",
        min_count=1,
    )
    request = mock.last_request
    assert request.method == "POST"
    assert wire.microversion(request) == "2.100"
    assert request.json() == {
        "server": {
            "name": "web-1",
            "flavorRef": "1",
            "imageRef": "img-1",
            "networks": "auto",
            "key_name": "mykey",
            "user_data": base64.b64encode(b"#!/bin/sh\necho hi\n").decode(),
            "metadata": {"role": "web"},
            "security_groups": [{"name": "default"}, {"name": "web"}],
            "availability_zone": "us-west",
            "block_device_mapping_v2": [
                {
                    "boot_index": 0,
                    "uuid": "img-1",
                    "source_type": "image",
                    "destination_type": "local",
                }
            ],
            "hostname": "web-1",
            "accessIPv4": "1.2.3.4",
            "min_count": 1,
        },
        "OS-SCH-HNT:scheduler_hints": {"same_host": "other"},
    }
    assert server.id == SID
    assert server.admin_password == "s3cret"
    assert server.name == "web-1"
    assert "s3cret" not in repr(server)


def test_create_server_keeps_base64_user_data_and_network_list(mock: Any, compute: Any) -> None:
    mock.post(f"{COMPUTE}/servers", status_code=202, json={"server": {"id": SID}})
    encoded = base64.b64encode(b"#cloud-config\n").decode()
    compute.create_server(
        name="n", flavor_id="2", image_id="i", networks=[{"uuid": "net"}], user_data=encoded
    )
    body = mock.last_request.json()["server"]
    assert body["user_data"] == encoded
    assert body["networks"] == [{"uuid": "net"}]
    assert body["flavorRef"] == "2"


def test_create_server_encodes_bytes_user_data(mock: Any, compute: Any) -> None:
    mock.post(f"{COMPUTE}/servers", status_code=202, json={"server": {"id": SID}})
    compute.create_server(name="n", flavor_id="2", networks="none", user_data=b"\x00\x01")
    assert mock.last_request.json()["server"]["user_data"] == "AAE="


def test_create_server_sends_no_nulls(wire: Any, mock: Any, compute: Any) -> None:
    # Nova 400s "key_name": null, "availability_zone": null, ...; openstacksdk sends them.
    mock.post(f"{COMPUTE}/servers", status_code=202, json={"server": {"id": SID}})
    compute.create_server(
        name="n",
        flavor="1",
        image="i",
        networks="none",
        key_name=None,
        availability_zone=None,
        user_data=None,
        description=None,
        metadata=None,
        security_groups=None,
        scheduler_hints=None,
        hostname=None,
    )
    (request,) = wire.calls()
    assert (request.method, request.path) == ("POST", "/v2.1/servers")
    assert request.json() == {
        "server": {"name": "n", "flavorRef": "1", "imageRef": "i", "networks": "none"}
    }
    assert wire.microversion(request) == "2.100"


def test_update_server_sends_request_names(mock: Any, compute: Any, wire: Any) -> None:
    mock.put(f"{COMPUTE}/servers/{SID}", json={"server": {**SERVER_2_100, "name": "web-2"}})
    server = compute.update_server(SID, name="web-2", hostname="web-2", description="d")
    (request,) = wire.calls()
    assert (request.method, request.path) == ("PUT", f"/v2.1/servers/{SID}")
    assert request.json() == {"server": {"name": "web-2", "hostname": "web-2", "description": "d"}}
    assert wire.microversion(request) == "2.100"
    assert server.name == "web-2"


def test_delete_server(mock: Any, compute: Any, wire: Any) -> None:
    mock.delete(f"{COMPUTE}/servers/{SID}", status_code=204)
    compute.delete_server(SID)
    (request,) = wire.calls()
    assert (request.method, request.path, request.qs, request.body) == (
        "DELETE",
        f"/v2.1/servers/{SID}",
        {},
        None,
    )
    assert wire.microversion(request) == "2.100"


def test_delete_server_missing(mock: Any, compute: Any) -> None:
    mock.delete(f"{COMPUTE}/servers/{SID}", status_code=404)
    compute.delete_server(SID)
    with pytest.raises(exceptions.NotFoundException):
        compute.delete_server(SID, ignore_missing=False)


def test_delete_server_force(mock: Any, compute: Any, wire: Any) -> None:
    mock.post(f"{COMPUTE}/servers/{SID}/action", status_code=202)
    compute.delete_server(SID, force=True)
    (request,) = wire.calls()
    assert (request.method, request.path) == ("POST", f"/v2.1/servers/{SID}/action")
    assert request.json() == {"forceDelete": None}
    assert wire.microversion(request) == "2.100"


def test_force_delete_missing_honours_ignore_missing(mock: Any, compute: Any) -> None:
    mock.post(f"{COMPUTE}/servers/{SID}/action", status_code=404)
    compute.delete_server(SID, force=True)
    with pytest.raises(exceptions.NotFoundException):
        compute.delete_server(SID, force=True, ignore_missing=False)


def test_find_server_by_id(wire: Any, mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/servers/{SID}", json={"server": SERVER_2_100})
    found = compute.find_server(SID)
    assert found is not None and found.id == SID
    assert len(wire.calls()) == 1


def test_find_server_by_exact_name(mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/servers/web", status_code=404)
    mock.get(
        f"{COMPUTE}/servers/detail",
        json={"servers": [{"id": "1", "name": "web"}, {"id": "2", "name": "web-2"}]},
    )
    found = compute.find_server("web", all_projects=True)
    assert found is not None and found.id == "1"
    assert mock.last_request.qs == {"name": ["web"], "all_tenants": ["True"]}


def test_find_server_duplicate_and_missing(mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/servers/web", status_code=404)
    mock.get(
        f"{COMPUTE}/servers/detail",
        json={"servers": [{"id": "1", "name": "web"}, {"id": "2", "name": "web"}]},
    )
    with pytest.raises(exceptions.DuplicateResource):
        compute.find_server("web")
    mock.get(f"{COMPUTE}/servers/detail", json={"servers": []})
    assert compute.find_server("web") is None
    with pytest.raises(exceptions.NotFoundException):
        compute.find_server("web", ignore_missing=False)


def test_find_server_without_details_lists_servers(mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/servers/web", status_code=404)
    mock.get(f"{COMPUTE}/servers", json={"servers": [{"id": "1", "name": "web"}]})
    found = compute.find_server("web", details=False)
    assert found is not None and mock.last_request.path == "/v2.1/servers"


def test_wait_for_server(mock: Any, compute: Any) -> None:
    mock.get(
        f"{COMPUTE}/servers/{SID}",
        [
            {"json": {"server": {"id": SID, "status": "BUILD", "progress": 50}}},
            {"json": {"server": {"id": SID, "status": "ACTIVE", "progress": 100}}},
        ],
    )
    progress: list[Any] = []
    server = compute.wait_for_server(
        Server.existing(id=SID, status="BUILD"), interval=0, callback=progress.append
    )
    assert server.status == "ACTIVE"
    assert progress == [50, 100]


def test_wait_for_server_error_fails(mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/servers/{SID}", json={"server": {"id": SID, "status": "ERROR"}})
    with pytest.raises(exceptions.ResourceFailure):
        compute.wait_for_server(Server.existing(id=SID, status="BUILD"), interval=0)


def test_admin_password_survives_waiting_on_the_created_server(mock: Any, compute: Any) -> None:
    # Nova 34's exact answer to POST /servers (networks "none"): the password is in no
    # later GET, and wait_for_server polls the very object create_server returned.
    link = f"{COMPUTE}/servers/{SID}"
    mock.post(
        f"{COMPUTE}/servers",
        status_code=202,
        json={
            "server": {
                "id": SID,
                "links": [{"rel": "self", "href": link}, {"rel": "bookmark", "href": link}],
                "OS-DCF:diskConfig": "MANUAL",
                "security_groups": [{"name": "default"}],
                "adminPass": "9YCMJEZRx47N",
            }
        },
    )
    mock.get(
        link,
        [
            {"json": {"server": {**SERVER_2_100, "status": "BUILD"}}},
            {"json": {"server": SERVER_2_100}},
        ],
    )
    created = compute.create_server(name="web-1", flavor="f", image="i", networks="none")
    server = compute.wait_for_server(created, interval=0)
    assert server is created
    assert server.status == "ACTIVE"
    assert server.admin_password == "9YCMJEZRx47N"
    # Everything else is the server's latest view.
    assert server.name == "web-1" and server.tags == ["prod"]
    assert compute.get_server(SID).admin_password is None


def test_wait_for_status_on_any_attribute(mock: Any, compute: Any, wire: Any) -> None:
    # The generic openstacksdk helper, called directly: polls GET until the attribute
    # has the value, reporting progress.
    mock.get(
        f"{COMPUTE}/servers/{SID}",
        [
            {"json": {"server": {"id": SID, "status": "ACTIVE", "OS-EXT-STS:vm_state": "active"}}},
            {"json": {"server": {"id": SID, "status": "SHUTOFF", "progress": 100}}},
        ],
    )
    server = Server.existing(id=SID, status="ACTIVE")
    progress: list[Any] = []
    result = compute.wait_for_status(
        server, "SHUTOFF", attribute="status", interval=0, wait=5, callback=progress.append
    )
    assert result.status == "SHUTOFF"
    assert progress == [None, 100]
    calls = wire.calls()
    assert [(r.method, r.path) for r in calls] == [("GET", f"/v2.1/servers/{SID}")] * 2
    assert {wire.microversion(r) for r in calls} == {"2.100"}


def test_wait_for_status_failure_and_timeout(mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/servers/{SID}", json={"server": {"id": SID, "status": "ERROR"}})
    with pytest.raises(exceptions.ResourceFailure):
        compute.wait_for_status(
            Server.existing(id=SID), "ACTIVE", failures=["ERROR"], interval=0, wait=5
        )
    mock.get(
        f"{COMPUTE}/servers/{SID}",
        json={"server": {"id": SID, "OS-EXT-STS:vm_state": "building"}},
    )
    with pytest.raises(exceptions.ResourceTimeout):
        compute.wait_for_status(
            Server.existing(id=SID), "stopped", attribute="vm_state", interval=0.01, wait=0.05
        )


def test_wait_for_delete(mock: Any, compute: Any) -> None:
    mock.get(f"{COMPUTE}/servers/{SID}", status_code=404)
    server = Server.existing(id=SID)
    assert compute.wait_for_delete(server, interval=0) is server


def test_server_synonyms_and_unknown_attributes() -> None:
    server = Server.new(has_config_drive=True, volumes=[{"id": "v"}])
    assert server.config_drive is True
    assert server.attached_volumes[0].id == "v"
    with pytest.raises(TypeError):
        Server.new(colour="red")


def test_create_server_logs_no_password(mock: Any, compute: Any, caplog: Any) -> None:
    mock.post(
        f"{COMPUTE}/servers",
        status_code=202,
        # keystoneauth1 logs only bodies of this type: without it the check is vacuous.
        headers={"Content-Type": "application/json"},
        json={"server": {"id": SID, "adminPass": "s3cret"}},
    )
    with caplog.at_level(logging.DEBUG):
        compute.create_server(name="n", flavor_id="1", networks="none", admin_password="pa55")
        mock.post(f"{COMPUTE}/servers/{SID}/action", status_code=202)
        compute.change_server_password(SID, "n3w-secret")
    assert mock.last_request.json() == {"changePassword": {"adminPass": "n3w-secret"}}
    assert "s3cret" not in caplog.text
    assert "n3w-secret" not in caplog.text
    assert "pa55" not in caplog.text
    # Something was logged, so the absence above means something.
    assert "compute.example.com" in caplog.text


def test_secrets_stay_out_of_debug_logs_other_actions_do_not(
    mock: Any, compute: Any, caplog: Any
) -> None:
    # Server, Keypair and ServerRemoteConsole set log_bodies = False: their create,
    # fetch and update requests are sent with log=False (the server's answers may hold
    # adminPass or user_data). Actions that carry no secret are logged as before.
    json_type = {"Content-Type": "application/json"}  # keystoneauth1 logs only such bodies
    mock.post(
        f"{COMPUTE}/os-keypairs",
        headers=json_type,
        json={"keypair": {"name": "k", "private_key": "PRIV"}},
    )
    mock.post(
        f"{COMPUTE}/servers/{SID}/remote-consoles",
        headers=json_type,
        json={"remote_console": {"type": "novnc", "protocol": "vnc", "url": "http://c/?t=TOKEN"}},
    )
    mock.get(
        f"{COMPUTE}/servers/{SID}",
        headers=json_type,
        json={"server": {"id": SID, "OS-EXT-SRV-ATTR:user_data": "USERDATA"}},
    )
    mock.post(
        f"{COMPUTE}/servers/{SID}/action",
        headers=json_type,
        json={"output": "CONSOLE-LOG"},
    )
    with caplog.at_level(logging.DEBUG):
        assert compute.create_keypair(name="k").private_key == "PRIV"
        assert compute.create_console(SID, "novnc")["url"] == "http://c/?t=TOKEN"
        assert compute.get_server(SID).user_data == "USERDATA"
        compute.get_server_console_output(SID)
    for secret in ("PRIV", "TOKEN", "USERDATA"):
        assert secret not in caplog.text
    assert "os-getConsoleOutput" in caplog.text and "CONSOLE-LOG" in caplog.text


def test_create_server_from_volume_sends_no_image(mock: Any, compute: Any) -> None:
    mock.post(f"{COMPUTE}/servers", status_code=202, json={"server": {"id": SID}})
    bdm = [
        {
            "boot_index": 0,
            "uuid": "vol-1",
            "source_type": "volume",
            "destination_type": "volume",
        }
    ]
    compute.create_server(
        name="n", flavor="1", image=None, networks=[{"port": "p1"}], block_device_mapping=bdm
    )
    assert mock.last_request.json() == {
        "server": {
            "name": "n",
            "flavorRef": "1",
            "networks": [{"port": "p1"}],
            "block_device_mapping_v2": bdm,
        }
    }


def test_pinned_microversion_wins(mock: Any, wire: Any) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.100"))
    compute = cloud.proxy(Proxy, default_microversion="2.60")
    mock.get(f"{COMPUTE}/servers/{SID}", json={"server": {"id": SID}})
    compute.get_server(SID)
    assert wire.microversion(mock.last_request) == "2.60"


def test_cloud_without_microversions_sends_no_header(mock: Any, wire: Any) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("compute", COMPUTE)
    compute = cloud.proxy(Proxy)
    mock.post(f"{COMPUTE}/servers/{SID}/action", status_code=202)
    compute.reboot_server(SID, "SOFT")
    assert wire.microversion(mock.last_request) is None
    with pytest.raises(exceptions.NotSupported):
        compute.add_tag_to_server(SID, "t")
