"""The image cache API, image_tasks and the deprecated upload_image: exact requests,
parsed answers, and what is refused before anything is sent."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openstack_image.exceptions import ImageRefused
from openstack_image.v2._proxy import Proxy
from openstack_image.v2.cache import CachedImage
from openstack_image.v2.image import Image

from openstack_core import exceptions

URL = "https://image.example.com/v2"
IMAGE_ID = "6f0c52c6-5c7e-4b5f-9f4c-3b7a4b0f1a2d"


# -- the cache ----------------------------------------------------------------------------


def test_get_image_cache(mock: Any, image_proxy: Proxy) -> None:
    mock.get(
        f"{URL}/cache",
        json={
            "cached_images": [
                {
                    "image_id": IMAGE_ID,
                    "hits": 3,
                    "last_accessed": 1733390000.5,
                    "last_modified": 1733380000.25,
                    "size": 1024,
                }
            ],
            "queued_images": ["q1"],
        },
    )
    cache = image_proxy.get_image_cache()
    (entry,) = cache.cached_images
    assert isinstance(entry, CachedImage)
    assert (entry.image_id, entry.hits, entry.size) == (IMAGE_ID, 3, 1024)
    assert (entry.last_accessed, entry.last_modified) == (1733390000.5, 1733380000.25)
    assert cache.queued_images == ["q1"]


def test_queue_image(mock: Any, image_proxy: Proxy) -> None:
    mock.put(f"{URL}/cache/{IMAGE_ID}", status_code=202)
    assert image_proxy.queue_image(IMAGE_ID) is None
    image_proxy.queue_image(Image.existing(id=IMAGE_ID))
    assert [r.method for r in mock.request_history[-2:]] == ["PUT", "PUT"]
    assert mock.last_request.body is None


def test_queue_image_takes_the_former_image_id_with_a_warning(
    mock: Any, image_proxy: Proxy
) -> None:
    mock.put(f"{URL}/cache/{IMAGE_ID}", status_code=202)
    with pytest.warns(DeprecationWarning, match="'image_id' has been renamed to 'image'"):
        image_proxy.queue_image(image_id=IMAGE_ID)
    assert mock.last_request.path == f"/v2/cache/{IMAGE_ID}"
    sent = len(mock.request_history)
    with pytest.raises(TypeError, match="twice"):
        image_proxy.queue_image(IMAGE_ID, image_id=IMAGE_ID)
    with pytest.raises(TypeError, match="missing"):
        image_proxy.queue_image()
    assert len(mock.request_history) == sent


def test_cache_delete_image(mock: Any, image_proxy: Proxy) -> None:
    mock.delete(f"{URL}/cache/{IMAGE_ID}", status_code=204)
    image_proxy.cache_delete_image(Image.existing(id=IMAGE_ID))
    assert (mock.last_request.method, mock.last_request.path) == (
        "DELETE",
        f"/v2/cache/{IMAGE_ID}",
    )
    mock.delete(f"{URL}/cache/gone", status_code=404)
    image_proxy.cache_delete_image("gone")
    with pytest.raises(exceptions.NotFoundException):
        image_proxy.cache_delete_image("gone", ignore_missing=False)


@pytest.mark.parametrize(
    ("target", "header"), [("both", None), ("cache", "cache"), ("queue", "queue")]
)
def test_clear_cache(mock: Any, image_proxy: Proxy, target: str, header: str | None) -> None:
    mock.delete(f"{URL}/cache", status_code=204)
    assert image_proxy.clear_cache(target) is None
    assert mock.last_request.headers.get("x-image-cache-clear-target") == header


def test_clear_cache_refuses_another_target_before_sending(mock: Any, image_proxy: Proxy) -> None:
    with pytest.raises(exceptions.InvalidRequest, match="'all'"):
        image_proxy.clear_cache("all")
    assert mock.request_history == []


def test_cached_image_nodes_clean_and_prune(mock: Any, image_proxy: Proxy) -> None:
    mock.get(f"{URL}/cache/nodes/{IMAGE_ID}", json=["http://node1:9292", "http://node2:9292"])
    assert image_proxy.cached_image_nodes(IMAGE_ID) == ["http://node1:9292", "http://node2:9292"]
    mock.post(f"{URL}/cache/clean", status_code=200)
    assert image_proxy.clean_cache() is None
    assert mock.last_request.method == "POST"
    mock.post(f"{URL}/cache/prune", json={"total_files_pruned": 2, "total_bytes_pruned": 2048})
    assert image_proxy.prune_cache() == {"total_files_pruned": 2, "total_bytes_pruned": 2048}


def test_cache_policy_denial_is_not_about_the_image(glance_error: Any, image_proxy: Proxy) -> None:
    # The cache API words its policy denials in webob's default text.
    glance_error("GET", f"{URL}/cache", 403, "Access was denied to this resource.")
    with pytest.raises(exceptions.ForbiddenException) as err:
        image_proxy.get_image_cache()
    assert not isinstance(err.value, ImageRefused)
    assert "credentials" in str(err.value)


def test_cache_api_disabled_is_not_found(glance_error: Any, image_proxy: Proxy) -> None:
    message = "Caching via API is not supported at this site."
    glance_error("PUT", f"{URL}/cache/{IMAGE_ID}", 404, message)
    with pytest.raises(exceptions.NotFoundException, match="Caching via API is not supported"):
        image_proxy.queue_image(IMAGE_ID)


# -- image tasks --------------------------------------------------------------------------


def test_image_tasks(mock: Any, image_proxy: Proxy) -> None:
    task = {
        "id": "t1",
        "type": "api_image_import",
        "status": "success",
        "owner": "p1",
        "image_id": IMAGE_ID,
        "request_id": "req-9",
        "user_id": "u1",
        "input": {"import_req": {"method": {"name": "glance-direct"}}},
        "result": {"image_id": IMAGE_ID},
        "message": "",
        "deleted": False,
        "deleted_at": None,
        "expires_at": "2026-12-07T00:00:00.000000",
        "created_at": "2026-12-05T00:00:00.000000",
        "updated_at": "2026-12-05T00:00:01.000000",
    }
    mock.get(f"{URL}/images/{IMAGE_ID}/tasks", json={"tasks": [task]})
    (listed,) = image_proxy.image_tasks(Image.existing(id=IMAGE_ID))
    assert mock.last_request.qs == {}
    assert (listed.id, listed.type, listed.status, listed.owner) == (
        "t1",
        "api_image_import",
        "success",
        "p1",
    )
    assert (listed.image_id, listed.deleted, listed.result) == (
        IMAGE_ID,
        False,
        {"image_id": IMAGE_ID},
    )
    assert listed.input["import_req"]["method"]["name"] == "glance-direct"


# -- upload_image -------------------------------------------------------------------------


def _record(status: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": IMAGE_ID,
        "status": status,
        "disk_format": "raw",
        "container_format": "bare",
        **extra,
    }


def test_upload_image_creates_then_uploads(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images", status_code=201, json=_record("queued", name="n"))
    mock.put(f"{URL}/images/{IMAGE_ID}/file", status_code=204)
    mock.get(f"{URL}/images/{IMAGE_ID}", json=_record("active", name="n", size=5))
    with pytest.warns(DeprecationWarning, match="use create_image"):
        uploaded = image_proxy.upload_image(
            container_format="bare",
            disk_format="raw",
            data=io.BytesIO(b"12345"),
            name="n",
            hw_video_ram=64,
        )
    post, put, get = mock.request_history[-3:]
    assert post.json() == {
        "container_format": "bare",
        "disk_format": "raw",
        "name": "n",
        "hw_video_ram": "64",  # a property goes as Glance's string
    }
    assert put.headers["Content-Length"] == "5"
    assert put.headers["X-OpenStack-Image-Size"] == "5"
    assert put.headers["Content-Type"] == "application/octet-stream"
    assert get.method == "GET"
    assert (uploaded.status, uploaded.size) == ("active", 5)


def test_upload_image_without_data_uploads_no_bytes(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images", status_code=201, json=_record("queued"))
    mock.put(f"{URL}/images/{IMAGE_ID}/file", status_code=204)
    mock.get(f"{URL}/images/{IMAGE_ID}", json=_record("active", size=0))
    with pytest.warns(DeprecationWarning):
        image_proxy.upload_image("bare", "raw", size=None)
    put = mock.request_history[-2]
    assert put.headers["Content-Length"] == "0" and put.body in (b"", None)


def test_upload_image_needs_both_formats_before_sending(mock: Any, image_proxy: Proxy) -> None:
    for formats in ({"container_format": "bare"}, {"disk_format": "raw"}, {}):
        with (
            pytest.warns(DeprecationWarning),
            pytest.raises(exceptions.InvalidRequest, match="both container_format and disk_format"),
        ):
            image_proxy.upload_image(data=b"x", name="n", **formats)
    assert mock.request_history == []


def test_upload_image_failure_deletes_the_record(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images", status_code=201, json=_record("queued"))
    mock.put(f"{URL}/images/{IMAGE_ID}/file", status_code=413, json={"message": "quota"})
    mock.delete(f"{URL}/images/{IMAGE_ID}", status_code=204)
    with pytest.warns(DeprecationWarning), pytest.raises(exceptions.HttpException):
        image_proxy.upload_image(container_format="bare", disk_format="raw", data=b"xyz")
    assert mock.last_request.method == "DELETE"


# -- locations ----------------------------------------------------------------------------


def test_add_image_location(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images/{IMAGE_ID}/locations", status_code=202)
    location = image_proxy.add_image_location(
        Image.existing(id=IMAGE_ID),
        "http://example.com/disk.raw",
        validation_data={"os_hash_algo": "sha512", "os_hash_value": "ab" * 64},
    )
    assert mock.last_request.json() == {
        "url": "http://example.com/disk.raw",
        "validation_data": {"os_hash_algo": "sha512", "os_hash_value": "ab" * 64},
    }
    assert (location.url, location.image_id) == ("http://example.com/disk.raw", IMAGE_ID)
    image_proxy.add_image_location(IMAGE_ID, "rbd://fsid/images/x/snap")
    assert mock.last_request.json() == {"url": "rbd://fsid/images/x/snap", "validation_data": {}}


def test_add_image_location_needs_a_url_before_sending(mock: Any, image_proxy: Proxy) -> None:
    with pytest.raises(exceptions.InvalidRequest, match="url"):
        image_proxy.add_image_location(IMAGE_ID, "")
    assert mock.request_history == []


def test_image_locations_is_a_bare_list(mock: Any, image_proxy: Proxy) -> None:
    mock.get(
        f"{URL}/images/{IMAGE_ID}/locations",
        json=[{"url": "file:///var/lib/glance/images/x", "metadata": {"store": "fs"}}],
    )
    (location,) = image_proxy.image_locations(IMAGE_ID)
    assert (location.url, location.metadata, location.image_id) == (
        "file:///var/lib/glance/images/x",
        {"store": "fs"},
        IMAGE_ID,
    )
    assert mock.last_request.qs == {}
