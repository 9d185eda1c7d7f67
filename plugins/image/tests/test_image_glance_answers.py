"""What real Glance 33 answers, where the functional tests found the plugin wrong.

Each test serves the exact shape Glance sent (HTML error pages, the import lock and
failure properties, the reserved ``os_glance_*`` keys) and checks what the plugin does
with it.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from openstack_image.exceptions import ImageHashMismatch, ImageRefused
from openstack_image.v2._proxy import Proxy
from openstack_image.v2.image import Image

from openstack_core import exceptions

URL = "https://image.example.com/v2"
IMAGE_ID = "16ce137e-12bd-44ef-8ee0-3a53427f349d"
DATA = b"glance data " * 1000


def _record(status: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": IMAGE_ID,
        "name": "img",
        "status": status,
        "disk_format": "raw",
        "container_format": "bare",
        "visibility": "shared",
        "protected": False,
        "checksum": None,
        "os_hash_algo": None,
        "os_hash_value": None,
        "self": f"/v2/images/{IMAGE_ID}",
        "file": f"/v2/images/{IMAGE_ID}/file",
        "schema": "/v2/schemas/image",
        **extra,
    }


def _active(data: bytes, **extra: Any) -> dict[str, Any]:
    return _record(
        "active",
        checksum=hashlib.md5(data).hexdigest(),
        os_hash_algo="sha512",
        os_hash_value=hashlib.sha512(data).hexdigest(),
        size=len(data),
        os_glance_importing_to_stores="",
        os_glance_failed_import="",
        stores="fs",
        **extra,
    )


def test_protected_delete_is_refused_for_the_image_not_missing(
    glance_error: Any, image_proxy: Proxy
) -> None:
    glance_error(
        "DELETE",
        f"{URL}/images/{IMAGE_ID}",
        403,
        f"Image {IMAGE_ID} is protected and cannot be deleted.",
    )
    with pytest.raises(ImageRefused) as err:
        image_proxy.delete_image(IMAGE_ID)
    assert isinstance(err.value, exceptions.ForbiddenException)
    assert err.value.request_id == "req-1" and err.value.status_code == 403
    message = str(err.value)
    assert f"Image {IMAGE_ID} is protected and cannot be deleted" in message
    # Neither "No Image found" (the image exists) nor a missing role is the problem.
    assert "No Image found" not in message and "credentials" not in message
    assert "is_protected=False" in message


def test_policy_denial_keeps_the_credentials_hint(glance_error: Any, image_proxy: Proxy) -> None:
    glance_error(
        "GET",
        f"{URL}/info/stores/detail",
        403,
        "You are not authorized to complete stores_info_detail action.",
    )
    with pytest.raises(exceptions.ForbiddenException) as err:
        list(image_proxy.stores(details=True))
    assert not isinstance(err.value, ImageRefused)
    assert "stores_info_detail" in str(err.value) and "credentials" in str(err.value)


def test_missing_image_keeps_the_callers_context(glance_error: Any, image_proxy: Proxy) -> None:
    glance_error("GET", f"{URL}/images/{IMAGE_ID}", 404, f"No image found with ID {IMAGE_ID}")
    with pytest.raises(exceptions.NotFoundException) as err:
        image_proxy.get_image(IMAGE_ID)
    assert err.value.details == (
        f"No Image found for {IMAGE_ID} (404 Not Found: No image found with ID {IMAGE_ID})"
    )


def test_properties_mapping_removes_left_out_keys_but_never_glances_own(
    mock: Any, image_proxy: Proxy
) -> None:
    # After an import Glance lists its reserved os_glance_* keys among the properties;
    # a patch touching them is a 403 ("Attribute 'os_glance_...' is reserved.").
    current = _active(DATA, custom_a="1", custom_b="2", hw_disk_bus="scsi")
    mock.patch(f"{URL}/images/{IMAGE_ID}", json=_active(DATA, custom_a="3", hw_disk_bus="ide"))
    image = Image.existing(**current)
    image_proxy.update_image(image, properties={"custom_a": "3", "hw_disk_bus": "ide"})
    assert mock.last_request.json() == [
        {"op": "remove", "path": "/custom_b"},
        {"op": "replace", "path": "/custom_a", "value": "3"},
        {"op": "replace", "path": "/hw_disk_bus", "value": "ide"},
    ]
    assert image.properties["custom_a"] == "3" and "custom_b" not in image.properties


def test_upload_of_a_list_of_chunks_is_streamed(mock: Any, image_proxy: Proxy) -> None:
    # requests form-encodes a list body ("too many values to unpack") unless given an
    # iterator; Glance wants the raw bytes.
    seen: list[bytes] = []

    def sink(request: Any, context: Any) -> str:
        seen.extend([request.body] if isinstance(request.body, bytes) else request.body)
        context.status_code = 204
        return ""

    mock.put(f"{URL}/images/{IMAGE_ID}/file", text=sink)
    Image.existing(id=IMAGE_ID).upload(image_proxy, [b"ab", b"cd"], 4)
    assert b"".join(seen) == b"abcd"
    assert mock.last_request.headers["Transfer-Encoding"] == "chunked"


def _consume(request: Any, context: Any) -> str:
    # Read the streamed body as Glance does, so the upload's hashes see every chunk.
    for _ in [request.body] if isinstance(request.body, bytes) else request.body:
        pass
    context.status_code = 204
    return ""


def _glance_direct(mock: Any, states: list[dict[str, Any]]) -> None:
    mock.post(f"{URL}/images", status_code=201, json=_record("queued"))
    mock.put(f"{URL}/images/{IMAGE_ID}/stage", text=_consume)
    mock.post(f"{URL}/images/{IMAGE_ID}/import", status_code=202)
    mock.get(f"{URL}/images/{IMAGE_ID}", [{"json": state} for state in states])
    mock.delete(f"{URL}/images/{IMAGE_ID}", status_code=204)


def test_validate_checksum_waits_for_the_import(mock: Any, image_proxy: Proxy) -> None:
    # Right after its 202 Glance still shows the staged image "uploading", without
    # hashes, holding the import lock; comparing then would compare nothing.
    lock = {"os_glance_import_task": "t1", "os_glance_importing_to_stores": "fs"}
    _glance_direct(mock, [_record("uploading", **lock), _active(DATA), _active(DATA)])
    image = image_proxy.create_image("img", data=DATA, use_import=True, validate_checksum=True)
    assert image.status == "active"
    assert not any(r.method == "DELETE" for r in mock.request_history)

    _glance_direct(mock, [_record("uploading", **lock), _active(b"other data")])
    with pytest.raises(ImageHashMismatch):
        image_proxy.create_image("img", data=DATA, use_import=True, validate_checksum=True)
    assert mock.last_request.method == "DELETE"


def test_failed_import_raises_instead_of_waiting_out_the_timeout(
    mock: Any, image_proxy: Proxy
) -> None:
    # A failed web-download: Glance reverts the image to "queued", drops its import lock
    # and names the store in os_glance_failed_import; no status says "failed".
    mock.post(f"{URL}/images", status_code=201, json=_record("queued"))
    mock.post(f"{URL}/images/{IMAGE_ID}/import", status_code=202)
    importing = _record(
        "importing",
        os_glance_import_task="e82f10d7",
        os_glance_importing_to_stores="fs",
        os_glance_failed_import="",
    )
    failed = _record("queued", os_glance_importing_to_stores="", os_glance_failed_import="fs")
    mock.get(f"{URL}/images/{IMAGE_ID}", [{"json": importing}, {"json": failed}])
    mock.delete(f"{URL}/images/{IMAGE_ID}", status_code=204)
    with pytest.raises(exceptions.ResourceFailure) as err:
        image_proxy.create_image(
            "img",
            import_method="web-download",
            uri="http://127.0.0.1:8000/missing.raw",
            wait=True,
            timeout=600,
        )
    message = str(err.value)
    assert "into fs failed" in message and "'queued'" in message and "e82f10d7" in message
    assert mock.last_request.method == "DELETE"
