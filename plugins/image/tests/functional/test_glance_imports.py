"""Interoperable image import against real Glance 33 (glance-direct after staging,
web-download from the harness's file server), the import info, stores, tasks and
schemas.

The harness enables ``glance-direct`` and ``web-download`` with one filesystem backend
``fs`` (``enabled_backends = fs:file``), so Glance runs in multi-store mode with a
single store: ``copy-image`` (not enabled) and deleting data from one of several stores
cannot be exercised here.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Any

import pytest
from openstack_image.exceptions import ImageRefused

from openstack_core import exceptions

MiB = 1024 * 1024
POLL = 0.5
TIMEOUT = 120


def _sha512(data: bytes) -> str:
    return hashlib.sha512(data).hexdigest()


def test_import_info_lists_the_enabled_methods(image: Any) -> None:
    info = image.get_import_info()
    assert info.methods == ["glance-direct", "web-download"]
    assert info.import_methods["type"] == "array"


@pytest.mark.local_cloud_differs(
    "its one store 'fs' keeps data in memory: type 'memory', no data_dir"
)
def test_stores(image: Any, admin_cloud: Any) -> None:
    (store,) = image.stores()
    assert (store.id, store.is_default, store.is_read_only) == ("fs", True, False)
    (detailed,) = admin_cloud.image.stores(details=True)
    assert detailed.id == "fs" and detailed.type == "file"
    assert Path(detailed.properties["data_dir"]).name == "images"
    # The detailed view is admin-only: a policy denial, not something about an image.
    with pytest.raises(exceptions.ForbiddenException, match="stores_info_detail") as err:
        list(image.stores(details=True))
    assert not isinstance(err.value, ImageRefused)
    assert err.value.request_id


def test_stage_then_glance_direct_import(
    glance: Any, demo_cloud: Any, image: Any, cleanup: list[Any]
) -> None:
    data = os.urandom(3 * MiB + 11)
    created = image.create_image(glance.name("staged"), disk_format="raw", container_format="bare")
    cleanup.append(created)
    assert created.status == "queued"
    progress: list[tuple[int, int | None]] = []
    with glance.record(demo_cloud) as wire:
        staged = image.stage_image(
            created, data=data, progress=lambda d, t: progress.append((d, t))
        )
        response = image.import_image(created, "glance-direct", stores=["fs"])
    assert staged.status == "uploading"
    assert progress == [
        (MiB, len(data)),
        (2 * MiB, len(data)),
        (3 * MiB, len(data)),
        (len(data), len(data)),
    ]
    (put,) = wire.only("PUT", "/stage")
    assert put.status == 204 and put.request_headers["Content-Length"] == str(len(data))
    assert "Transfer-Encoding" not in put.request_headers
    assert put.request_headers["X-OpenStack-Image-Size"] == str(len(data))
    (post,) = wire.only("POST", "/import")
    assert post.body == {"method": {"name": "glance-direct"}, "stores": ["fs"]}
    assert post.status == response.status_code == 202
    active = image.wait_for_status(
        created, "active", failures=["killed"], interval=POLL, wait=TIMEOUT
    )
    assert active.hash_value == _sha512(data) and active.stores == "fs"
    assert image.download_image(active) == data


def test_create_image_with_import_validates_once_imported(
    glance: Any, image: Any, cleanup: list[Any], tmp_path: Path
) -> None:
    data = os.urandom(2 * MiB)
    path = tmp_path / "disk.raw"
    path.write_bytes(data)
    created = image.create_image(
        glance.name("use-import"),
        filename=str(path),
        disk_format="raw",
        container_format="bare",
        use_import=True,
        all_stores=True,
        validate_checksum=True,
    )
    cleanup.append(created)
    # Returned only once Glance imported and hashed the data (compared with ours).
    assert created.status == "active"
    assert created.checksum == hashlib.md5(data, usedforsecurity=False).hexdigest()
    assert created.hash_value == _sha512(data)


def test_create_image_with_stores_imports_without_use_import(
    glance: Any, demo_cloud: Any, image: Any, cleanup: list[Any]
) -> None:
    # Only an import can place data in chosen stores; stores= alone switches to it.
    data = os.urandom(MiB + 5)
    with glance.record(demo_cloud) as wire:
        created = image.create_image(
            glance.name("stores"),
            data=data,
            disk_format="raw",
            container_format="bare",
            stores=["fs"],
            wait=True,
            timeout=TIMEOUT,
        )
    cleanup.append(created)
    assert wire.only("PUT", "/file") == []
    (stage,) = wire.only("PUT", "/stage")
    assert stage.status == 204
    (post,) = wire.only("POST", "/import")
    assert post.body == {"method": {"name": "glance-direct"}, "stores": ["fs"]}
    assert post.status == 202
    assert created.status == "active" and created.stores == "fs"
    assert created.hash_value == _sha512(data)


def _import_task(admin: Any, image_id: str) -> Any:
    # Glance's task list leaves input and result out: read each task of this run.
    for task in admin.tasks(sort_key="created_at", sort_dir="desc"):
        full = admin.get_task(task)
        if full.image_id == image_id:
            return full
    raise AssertionError(f"no task for image {image_id}")


def test_web_download_import(glance: Any, image: Any, admin_cloud: Any, cleanup: list[Any]) -> None:
    data = os.urandom(4 * MiB + 3)
    uri = glance.serve(f"{glance.run}-web.raw", data)
    created = image.create_image(
        glance.name("web"),
        disk_format="raw",
        container_format="bare",
        import_method="web-download",
        uri=uri,
        wait=True,
        timeout=TIMEOUT,
    )
    cleanup.append(created)
    assert created.status == "active" and created.size == len(data)
    assert created.hash_value == _sha512(data)
    assert created.properties["os_glance_failed_import"] == ""
    task = _import_task(admin_cloud.image, created.id)
    assert (task.type, task.status) == ("api_image_import", "success")
    assert task.input["import_req"]["method"] == {"name": "web-download", "uri": uri}
    assert task.result == {"image_id": created.id}
    assert task.owner_id == image.get_image(created).owner
    assert task.request_id and task.user_id and task.expires_at
    # The image's own task list needs no admin: whoever sees the image sees its tasks.
    (own,) = image.image_tasks(created)
    assert (own.id, own.type, own.status, own.image_id) == (
        task.id,
        "api_image_import",
        "success",
        created.id,
    )
    assert own.input["import_req"]["method"]["uri"] == uri and own.result == task.result
    assert own.owner == task.owner_id and own.deleted is False


def test_failed_web_download_raises_and_leaves_no_image(
    glance: Any, image: Any, admin_cloud: Any
) -> None:
    missing = f"{glance.web_url}/{glance.run}-missing.raw"
    started = time.monotonic()
    with pytest.raises(exceptions.ResourceFailure) as err:
        image.create_image(
            glance.name("web-missing"),
            disk_format="raw",
            container_format="bare",
            import_method="web-download",
            uri=missing,
            wait=True,
            timeout=TIMEOUT,
        )
    # Glance puts the image back to queued; the wait notices instead of timing out.
    assert time.monotonic() - started < TIMEOUT / 2
    message = str(err.value)
    assert "into fs failed" in message and "'queued'" in message
    image_id = message.split()[1].rstrip(":")
    with pytest.raises(exceptions.NotFoundException):
        image.get_image(image_id)  # the half-created record was deleted
    task = _import_task(admin_cloud.image, image_id)
    assert task.status == "failure" and task.id in message


def test_web_download_outside_the_import_filter_is_refused(glance: Any, image: Any) -> None:
    name = glance.name("web-filtered")
    with pytest.raises(exceptions.BadRequestException) as err:
        image.create_image(
            name,
            disk_format="raw",
            container_format="bare",
            import_method="web-download",
            uri="http://127.0.0.1:9/blocked.raw",  # a port the harness does not allow
        )
    assert "does not pass filtering" in str(err.value) and err.value.request_id
    assert list(image.images(name=name)) == []


def test_tasks_are_admin_only(image: Any) -> None:
    with pytest.raises(exceptions.ForbiddenException, match="tasks_api_access"):
        list(image.tasks())


def test_legacy_import_task_failure_reports_glances_message(glance: Any, admin_cloud: Any) -> None:
    admin = admin_cloud.image
    task = admin.create_task(
        type="import",
        input={
            "import_from": f"{glance.web_url}/{glance.run}-absent.raw",
            "import_from_format": "raw",
            "image_properties": {
                "name": glance.name("task"),
                "disk_format": "raw",
                "container_format": "bare",
            },
        },
    )
    assert (task.type, task.status) == ("import", "pending")
    with pytest.raises(exceptions.ResourceFailure) as err:
        admin.wait_for_task(task, interval=POLL, wait=TIMEOUT)
    failed = admin.get_task(task.id)
    assert failed.status == "failure" and failed.message
    assert failed.message in str(err.value)
    assert task.id in [t.id for t in admin.tasks(type="import", status="failure")]


@pytest.mark.parametrize(
    ("method", "name", "key"),
    [
        ("get_images_schema", "images", "images"),
        ("get_image_schema", "image", "os_hash_value"),
        ("get_members_schema", "members", "members"),
        ("get_member_schema", "member", "member_id"),
        ("get_tasks_schema", "tasks", "tasks"),
        ("get_task_schema", "task", "input"),
    ],
)
def test_schemas(image: Any, method: str, name: str, key: str) -> None:
    schema = getattr(image, method)()
    assert schema.to_dict()["name"] == name
    assert key in schema.properties


def test_image_schema_types_free_form_properties_as_strings(image: Any) -> None:
    # Why the plugin sends typed properties (hw_video_ram=64) as "64".
    assert image.get_image_schema().additional_properties == {"type": "string"}
