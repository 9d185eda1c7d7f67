"""Errors real Glance 33 answers, mapped to our exceptions with its request id and its
own message: 404 for a missing image, 403 for a protected or deactivated image (and
for a policy denial), 409 for data sent to an image in the wrong state; deletion and
waiting for it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from openstack_image.exceptions import ImageRefused

from openstack_core import exceptions


def _new(image: Any, name: str, **attrs: Any) -> Any:
    return image.create_image(name, disk_format="raw", container_format="bare", **attrs)


def _assert_request_id(err: exceptions.HttpException) -> None:
    assert err.request_id and err.request_id.startswith("req-")
    assert err.request_id in str(err)


def test_missing_image_is_not_found_with_glances_message(image: Any) -> None:
    missing = str(uuid.uuid4())
    with pytest.raises(exceptions.NotFoundException) as err:
        image.get_image(missing)
    assert err.value.status_code == 404
    _assert_request_id(err.value)
    assert f"No image found with ID {missing}" in err.value.details  # Glance's words
    assert err.value.method == "GET" and err.value.url.endswith(f"/v2/images/{missing}")
    assert image.find_image(missing) is None
    assert image.delete_image(missing) is None  # ignore_missing by default
    with pytest.raises(exceptions.NotFoundException) as err:
        image.delete_image(missing, ignore_missing=False)
    assert f"Failed to find image {missing} to delete" in str(err.value)


def test_protected_image_delete_is_refused_until_unprotected(
    glance: Any, image: Any, cleanup: list[Any]
) -> None:
    created = _new(image, glance.name("protected"), is_protected=True)
    cleanup.append(created)
    with pytest.raises(exceptions.ForbiddenException) as err:
        image.delete_image(created)
    assert isinstance(err.value, ImageRefused) and err.value.status_code == 403
    _assert_request_id(err.value)
    message = str(err.value)
    assert f"Image {created.id} is protected and cannot be deleted" in message
    # The image exists and the roles are fine: the message says neither otherwise.
    assert "No Image found" not in message and "credentials" not in message
    assert image.get_image(created).is_protected is True
    image.update_image(created, is_protected=False)
    image.delete_image(created)
    gone = image.wait_for_delete(created, interval=0.5, wait=60)
    assert gone.id == created.id
    with pytest.raises(exceptions.NotFoundException):
        image.get_image(created.id)


def test_deactivated_image_download_is_refused(
    glance: Any, image: Any, admin_cloud: Any, cleanup: list[Any], tmp_path: Path
) -> None:
    data = b"deactivated data " * 1000
    created = _new(image, glance.name("deactivated"), data=data)
    cleanup.append(created)
    image.deactivate_image(created)
    target = tmp_path / "copy.raw"
    with pytest.raises(ImageRefused) as err:
        image.download_image(created, output=target)
    assert err.value.status_code == 403
    _assert_request_id(err.value)
    assert "The requested image has been deactivated" in str(err.value)
    assert not target.exists() and list(tmp_path.iterdir()) == []
    # Glance still lets an admin read the data of a deactivated image.
    assert admin_cloud.image.download_image(created.id) == data
    image.reactivate_image(created)
    assert image.download_image(created) == data


def test_deactivating_an_image_without_data_is_refused(
    glance: Any, image: Any, cleanup: list[Any]
) -> None:
    created = _new(image, glance.name("queued"))
    cleanup.append(created)
    with pytest.raises(ImageRefused, match="Not allowed to deactivate image in status 'queued'"):
        image.deactivate_image(created)
    # And there is nothing to download yet: Glance answers 204.
    with pytest.raises(exceptions.InvalidResponse, match="no data yet"):
        image.download_image(created)


def test_data_for_an_active_image_is_a_conflict(
    glance: Any, image: Any, cleanup: list[Any]
) -> None:
    created = _new(image, glance.name("conflict"), data=b"original")
    cleanup.append(created)
    with pytest.raises(exceptions.ConflictException) as err:
        created.upload(image, iter([b"replacement"]), 11)
    assert err.value.status_code == 409
    _assert_request_id(err.value)
    assert "Image status transition from active to saving is not allowed" in str(err.value)
    with pytest.raises(exceptions.ConflictException, match="from active to uploading"):
        image.stage_image(created, data=b"replacement")
    with pytest.raises(exceptions.ConflictException, match="status active cannot be target"):
        image.import_image(created, "glance-direct")
    assert image.download_image(created) == b"original"  # untouched


def test_glance_direct_without_staging_is_a_conflict(
    glance: Any, image: Any, cleanup: list[Any]
) -> None:
    created = _new(image, glance.name("unstaged"))
    cleanup.append(created)
    with pytest.raises(exceptions.ConflictException, match="needs to be staged") as err:
        image.import_image(created, "glance-direct")
    _assert_request_id(err.value)
    assert image.get_image(created).status == "queued"


def test_other_projects_cannot_see_a_private_image(
    glance: Any, image: Any, other_cloud: Any, cleanup: list[Any]
) -> None:
    created = _new(image, glance.name("private"), visibility="private")
    cleanup.append(created)
    with pytest.raises(exceptions.NotFoundException):
        other_cloud.image.get_image(created.id)
    with pytest.raises(exceptions.NotFoundException):
        other_cloud.image.delete_image(created.id, ignore_missing=False)
    assert image.get_image(created.id).status == "queued"
