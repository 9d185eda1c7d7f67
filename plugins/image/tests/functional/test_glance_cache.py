"""The image cache API against real Glance 33.

The harness sets ``image_cache_dir``, which enables ``/v2/cache`` with Glance's default
``centralized_db`` driver; the API is admin only by default. Queueing an image makes
the API node fetch it into its cache at once, in a background thread, so the tests
poll the cache state. Nothing else in the run fills the cache (downloads do not go
through the caching middleware, which the harness's paste flavor leaves out).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from openstack_image.exceptions import ImageRefused

from openstack_core import exceptions

POLL = 0.25
TIMEOUT = 60


@pytest.fixture(scope="module")
def admin(admin_cloud: Any) -> Any:
    """``conn.image`` of cloud admin."""
    return admin_cloud.image


@pytest.fixture(scope="module")
def cached_source(glance: Any, admin: Any, remove: Any) -> Iterator[tuple[Any, bytes]]:
    """An active image of project admin and its data; the cache is emptied after."""
    data = os.urandom(256 * 1024 + 5)
    created = admin.create_image(
        glance.name("cache"), data=data, disk_format="raw", container_format="bare"
    )
    try:
        yield created, data
    finally:
        admin.clear_cache()
        remove(admin, [created])


def _cached_ids(admin: Any) -> list[str]:
    return [c.image_id for c in admin.get_image_cache().cached_images]


def _wait_cached(admin: Any, image_id: str) -> Any:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        cache = admin.get_image_cache()
        for entry in cache.cached_images:
            if entry.image_id == image_id:
                return entry
        time.sleep(POLL)
    raise AssertionError(f"image {image_id} was not cached within {TIMEOUT} s")


def test_queue_caches_and_delete_uncaches(glance: Any, admin: Any, cached_source: Any) -> None:
    created, data = cached_source
    assert created.id not in _cached_ids(admin)
    admin.queue_image(created)
    entry = _wait_cached(admin, created.id)
    assert entry.size == len(data) and entry.hits == 0
    assert entry.last_modified and entry.last_accessed is not None
    cache = admin.get_image_cache()
    assert created.id not in cache.queued_images  # fetched: no longer queued
    (node,) = admin.cached_image_nodes(created)
    assert node.rstrip("/") == glance.image_url  # the harness's worker_self_reference_url
    admin.cache_delete_image(created)
    assert created.id not in _cached_ids(admin)
    admin.cache_delete_image(created.id)  # not cached, but the image exists: no error


def test_clear_prune_and_clean(admin: Any, cached_source: Any) -> None:
    created, _ = cached_source
    admin.queue_image(created.id)
    _wait_cached(admin, created.id)
    # Far below image_cache_max_size (10 GiB): nothing to prune.
    assert admin.prune_cache() == {"total_files_pruned": 0, "total_bytes_pruned": 0}
    assert admin.clean_cache() is None
    assert created.id in _cached_ids(admin)
    admin.clear_cache("queue")
    assert created.id in _cached_ids(admin)  # only the queue was cleared
    admin.clear_cache("cache")
    assert _cached_ids(admin) == []
    admin.clear_cache()  # both, already empty
    with pytest.raises(exceptions.InvalidRequest, match="target"):
        admin.clear_cache("everything")


def test_queue_image_takes_openstacksdks_former_image_id(admin: Any, cached_source: Any) -> None:
    created, _ = cached_source
    with pytest.warns(DeprecationWarning, match="renamed to 'image'"):
        admin.queue_image(image_id=created.id)
    _wait_cached(admin, created.id)
    admin.cache_delete_image(created)


def test_cache_errors(glance: Any, admin: Any, image: Any) -> None:
    missing = str(uuid.uuid4())
    with pytest.raises(exceptions.NotFoundException):
        admin.queue_image(missing)
    admin.cache_delete_image(missing)  # ignore_missing by default
    with pytest.raises(exceptions.NotFoundException):
        admin.cache_delete_image(missing, ignore_missing=False)
    queued = admin.create_image(glance.name("no-data"), disk_format="raw", container_format="bare")
    try:
        with pytest.raises(exceptions.BadRequestException, match="active"):
            admin.queue_image(queued)
    finally:
        admin.delete_image(queued)
    # Admin only under Glance's default policy.
    with pytest.raises(exceptions.ForbiddenException) as err:
        image.get_image_cache()
    assert err.value.status_code == 403 and err.value.request_id
    # Glance words it "Access was denied to this resource": still a policy denial.
    assert not isinstance(err.value, ImageRefused)
