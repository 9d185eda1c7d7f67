"""The image fake at the HTTP level: Glance's hashes, statuses, import, patches,
sharing, listings and error pages, on a frozen clock (no sleeping)."""

from __future__ import annotations

import hashlib
import html
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openstack_image.v2._fake import Fake

from openstack_core import fakes
from openstack_core.testing import LocalCloud

PATCH = {"Content-Type": "application/openstack-images-v2.1-json-patch"}
USERS = [
    {"name": "admin", "project": "admin", "roles": ["admin"]},
    {"name": "demo", "project": "demo", "roles": ["member"]},
    {"name": "other", "project": "other", "roles": ["member"]},
]


@pytest.fixture
def cloud() -> LocalCloud:
    return LocalCloud(
        clock=fakes.Clock(start=time.time()),
        settings={"identity": {"users": USERS}, "image": {"import_delay": 2}},
        fakes={"image": Fake},
    )


def _text(answer: Any) -> str:
    """An HTML error page's text (webob escapes quotes)."""
    return html.unescape(answer.body_bytes().decode())


def _create(cloud: LocalCloud, user: str = "demo", **attrs: Any) -> dict[str, Any]:
    body = {"name": "img", "disk_format": "raw", "container_format": "bare", **attrs}
    answer = cloud.request("POST", "/image/v2/images", json=body, user=user)
    assert answer.status == 201, answer.body
    return dict(answer.json_body())


def _get(cloud: LocalCloud, image_id: str, user: str = "demo") -> Any:
    return cloud.request("GET", f"/image/v2/images/{image_id}", user=user)


def test_upload_records_glances_hashes_and_download_returns_the_data(cloud: LocalCloud) -> None:
    image = _create(cloud)
    assert image["status"] == "queued" and image["checksum"] is None and image["size"] is None
    assert image["self"] == f"/v2/images/{image['id']}" and image["schema"] == "/v2/schemas/image"
    assert cloud.request("GET", f"/image/v2/images/{image['id']}/file").status == 204
    data = b"\x00disk" * 1000
    put = cloud.request(
        "PUT",
        f"/image/v2/images/{image['id']}/file",
        data=data,
        headers={"Content-Type": "application/octet-stream"},
    )
    assert put.status == 204
    active = _get(cloud, image["id"]).json_body()
    assert (active["status"], active["size"], active["stores"]) == ("active", len(data), "fs")
    assert active["checksum"] == hashlib.md5(data, usedforsecurity=False).hexdigest()
    assert (active["os_hash_algo"], active["os_hash_value"]) == (
        "sha512",
        hashlib.sha512(data).hexdigest(),
    )
    download = cloud.request("GET", f"/image/v2/images/{image['id']}/file")
    assert download.body_bytes() == data and download.headers["Content-MD5"] == active["checksum"]
    again = cloud.request("PUT", f"/image/v2/images/{image['id']}/file", data=b"x")
    assert again.status == 409 and "from active to saving is not allowed" in _text(again)
    assert again.headers["Content-Type"].startswith("text/html")


def test_an_upload_delay_shows_saving(cloud: LocalCloud) -> None:
    cloud.fake("image").settings["upload_delay"] = 1.0
    image = _create(cloud)
    cloud.request("PUT", f"/image/v2/images/{image['id']}/file", data=b"slow store")
    saving = _get(cloud, image["id"]).json_body()
    assert saving["status"] == "saving" and saving["checksum"] is None
    cloud.clock.advance(1)
    assert _get(cloud, image["id"]).json_body()["size"] == len(b"slow store")


def test_glance_direct_import_completes_after_the_delay(cloud: LocalCloud) -> None:
    image = _create(cloud)
    unstaged = cloud.request(
        "POST", f"/image/v2/images/{image['id']}/import", json={"method": {"name": "glance-direct"}}
    )
    assert unstaged.status == 409 and "needs to be staged" in _text(unstaged)
    cloud.request("PUT", f"/image/v2/images/{image['id']}/stage", data=b"staged data")
    assert _get(cloud, image["id"]).json_body()["status"] == "uploading"
    started = cloud.request(
        "POST",
        f"/image/v2/images/{image['id']}/import",
        json={"method": {"name": "glance-direct"}, "stores": ["fs"]},
    )
    assert started.status == 202
    importing = _get(cloud, image["id"]).json_body()
    assert importing["status"] == "importing" and importing["os_glance_import_task"]
    cloud.clock.advance(2)
    done = _get(cloud, image["id"]).json_body()
    assert done["status"] == "active" and "os_glance_import_task" not in done
    assert done["os_hash_value"] == hashlib.sha512(b"staged data").hexdigest()
    task = cloud.request(
        "GET", f"/image/v2/tasks/{importing['os_glance_import_task']}", user="admin"
    ).json_body()
    assert (task["type"], task["status"], task["result"]) == (
        "api_image_import",
        "success",
        {"image_id": image["id"]},
    )
    assert cloud.request("GET", "/image/v2/tasks").status == 403


@pytest.fixture
def file_server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    (tmp_path / "disk.raw").write_bytes(b"downloaded")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def test_web_download_honours_the_import_filter(file_server: tuple[str, int]) -> None:
    url, port = file_server
    cloud = LocalCloud(
        clock=fakes.Clock(start=time.time()),
        fakes={"image": Fake},
        settings={"image": {"allowed_ports": [port], "import_delay": 1}},
    )
    image = _create(cloud)
    blocked = cloud.request(
        "POST",
        f"/image/v2/images/{image['id']}/import",
        json={"method": {"name": "web-download", "uri": "http://127.0.0.1:9/x"}},
    )
    assert blocked.status == 400 and "does not pass filtering" in _text(blocked)
    cloud.request(
        "POST",
        f"/image/v2/images/{image['id']}/import",
        json={"method": {"name": "web-download", "uri": f"{url}/disk.raw"}},
    )
    cloud.clock.advance(1)
    assert _get(cloud, image["id"]).json_body()["size"] == len(b"downloaded")
    missing = _create(cloud)
    cloud.request(
        "POST",
        f"/image/v2/images/{missing['id']}/import",
        json={"method": {"name": "web-download", "uri": f"{url}/absent.raw"}},
    )
    cloud.clock.advance(1)
    failed = _get(cloud, missing["id"]).json_body()
    assert failed["status"] == "queued" and failed["os_glance_failed_import"] == "fs"


def test_json_patch_updates_and_glances_refusals(cloud: LocalCloud) -> None:
    image = _create(cloud, custom="1")
    patch = [
        {"op": "replace", "path": "/custom", "value": "2"},
        {"op": "add", "path": "/other", "value": "x"},
        {"op": "replace", "path": "/min_ram", "value": 512},
        {"op": "remove", "path": "/other"},
    ]
    updated = cloud.request("PATCH", f"/image/v2/images/{image['id']}", json=patch, headers=PATCH)
    body = updated.json_body()
    assert (body["custom"], body["min_ram"]) == ("2", 512) and "other" not in body
    for operation, status, text in (
        (
            {"op": "replace", "path": "/visibility", "value": "everyone"},
            400,
            "'everyone' is not one of ['community', 'private', 'public', 'shared']",
        ),
        ({"op": "replace", "path": "/status", "value": "active"}, 403, "is read-only"),
        ({"op": "add", "path": "/os_glance_x", "value": "1"}, 403, "is reserved"),
        ({"op": "add", "path": "/typed", "value": 64}, 400, "64 is not of type 'string'"),
        ({"op": "replace", "path": "/absent", "value": "1"}, 409, "does not exist"),
    ):
        answer = cloud.request(
            "PATCH", f"/image/v2/images/{image['id']}", json=[operation], headers=PATCH
        )
        assert (answer.status, text in _text(answer)) == (status, True), operation
    plain = cloud.request("PATCH", f"/image/v2/images/{image['id']}", json=[])
    assert plain.status == 415
    foreign = cloud.request(
        "PATCH", f"/image/v2/images/{image['id']}", json=[], headers=PATCH, user="other"
    )
    assert foreign.status == 404  # a private-by-default "shared" image: other cannot see it


def test_protected_deactivated_and_missing(cloud: LocalCloud) -> None:
    image = _create(cloud, protected=True)
    refused = cloud.request("DELETE", f"/image/v2/images/{image['id']}")
    assert refused.status == 403 and f"Image {image['id']} is protected" in _text(refused)
    queued = cloud.request("POST", f"/image/v2/images/{image['id']}/actions/deactivate")
    assert "Not allowed to deactivate image in status 'queued'" in _text(queued)
    cloud.request("PUT", f"/image/v2/images/{image['id']}/file", data=b"data")
    assert cloud.request("POST", f"/image/v2/images/{image['id']}/actions/deactivate").status == 204
    assert cloud.request("GET", f"/image/v2/images/{image['id']}/file").status == 403
    assert cloud.request("GET", f"/image/v2/images/{image['id']}/file", user="admin").status == 200
    missing = _get(cloud, "00000000-0000-4000-8000-000000000000")
    assert missing.status == 404 and "No image found with ID" in _text(missing)


def test_sharing_with_members(cloud: LocalCloud) -> None:
    image = _create(cloud)
    other = cloud.identity.user_named("other")["default_project_id"]
    added = cloud.request("POST", f"/image/v2/images/{image['id']}/members", json={"member": other})
    assert added.json_body()["status"] == "pending"

    def ids(**query: str) -> list[str]:
        text = "&".join(f"{k}={v}" for k, v in query.items())
        listed = cloud.request("GET", f"/image/v2/images?{text}", user="other").json_body()
        return [i["id"] for i in listed["images"]]

    assert ids() == [] and ids(member_status="pending") == [image["id"]]
    assert _get(cloud, image["id"], user="other").status == 200
    owner_update = cloud.request(
        "PUT", f"/image/v2/images/{image['id']}/members/{other}", json={"status": "accepted"}
    )
    assert owner_update.status == 403
    cloud.request(
        "PUT",
        f"/image/v2/images/{image['id']}/members/{other}",
        json={"status": "accepted"},
        user="other",
    )
    assert ids() == [image["id"]]
    cloud.request("DELETE", f"/image/v2/images/{image['id']}/members/{other}")
    assert _get(cloud, image["id"], user="other").status == 404
    again = cloud.request("DELETE", f"/image/v2/images/{image['id']}/members/{other}")
    assert "not found in the member list" in _text(again)


def test_listing_filters_sorting_and_next_links(cloud: LocalCloud) -> None:
    for name, disk in (("c", "raw"), ("a", "qcow2"), ("b", "raw")):
        _create(cloud, name=name, disk_format=disk, tags=["t"])
    _create(cloud, name="hidden", os_hidden=True, tags=["t"])

    def names(query: str) -> list[str]:
        listed = cloud.request("GET", f"/image/v2/images?{query}").json_body()
        return [i["name"] for i in listed["images"]]

    assert names("tag=t&sort=name:asc") == ["a", "b", "c"]
    assert names("tag=t&sort=disk_format:asc,name:desc") == ["a", "c", "b"]
    assert names("tag=t&os_hidden=true") == ["hidden"]
    assert names("tag=t&disk_format=qcow2") == ["a"]
    first = cloud.request("GET", "/image/v2/images?tag=t&sort=name:asc&limit=2").json_body()
    assert first["next"].startswith("/v2/images?tag=t&sort=name%3Aasc&limit=2&marker=")
    second = cloud.request("GET", "/image" + first["next"]).json_body()
    assert [i["name"] for i in second["images"]] == ["c"] and "next" not in second
    bad = cloud.request("GET", "/image/v2/images?protected=True")
    assert bad.status == 400


def test_schemas_info_and_stores(cloud: LocalCloud) -> None:
    schema = cloud.request("GET", "/image/v2/schemas/image").json_body()
    assert schema["name"] == "image" and schema["additionalProperties"] == {"type": "string"}
    assert "os_hash_value" in schema["properties"]
    info = cloud.request("GET", "/image/v2/info/import").json_body()["import-methods"]
    assert info["value"] == ["glance-direct", "web-download"]
    assert cloud.request("GET", "/image/v2/info/stores").json_body()["stores"][0]["id"] == "fs"
    denied = cloud.request("GET", "/image/v2/info/stores/detail")
    assert denied.status == 403 and "stores_info_detail" in _text(denied)
    versions = cloud.request("GET", "/image", user=None)
    assert versions.status == 300 and versions.json_body()["versions"][0]["id"] == "v2.16"


def test_state_keeps_images_and_their_data(cloud: LocalCloud) -> None:
    image = _create(cloud)
    cloud.request("PUT", f"/image/v2/images/{image['id']}/file", data=b"kept")
    again = LocalCloud(settings={"identity": {"users": USERS}}, fakes={"image": Fake})
    again.load_state(cloud.dump_state())
    assert again.request("GET", f"/image/v2/images/{image['id']}/file").body_bytes() == b"kept"
