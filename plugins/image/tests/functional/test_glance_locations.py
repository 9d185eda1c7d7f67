"""Image locations (Glance's location API, 2.17) against real Glance 33.

Under Glance's default policy only a user with the ``service`` role may list an
image's locations; the tests list them as the harness's ``glance`` service user
(roles admin and service in project service). Adding one works only for a URL of a
store that takes external locations: ``http`` (a project member may add those only
when the cloud enables the http store) or a network store such as rbd; Glance 33
refuses ``file://`` as an external location. The harness has a filesystem store only,
so attaching data through a location cannot succeed here: the tests check that the
request is accepted (202) and that Glance's ``location_import`` task then fails
with the image left ``queued``, and the refusals.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

import pytest

import openstack_core
from openstack_core import exceptions
from tests.functional.harness.stack import REGION

POLL = 0.5
TIMEOUT = 120


@pytest.fixture(scope="module")
def service_cloud(glance: Any) -> Iterator[openstack_core.Connection]:
    """A Connection of the ``glance`` service user, built from keyword arguments."""
    stack = glance.stack
    with openstack_core.connect(
        auth={
            "auth_url": stack.keystone_url,
            "username": "glance",
            "password": stack.service_password,
            "project_name": "service",
            "user_domain_name": "Default",
            "project_domain_name": "Default",
        },
        region_name=REGION,
        interface="public",
    ) as conn:
        yield conn


def test_image_locations_of_an_uploaded_image(
    glance: Any, image: Any, service_cloud: Any, cleanup: list[Any]
) -> None:
    created = image.create_image(
        glance.name("located"), data=os.urandom(1024), disk_format="raw", container_format="bare"
    )
    cleanup.append(created)
    with glance.record(service_cloud) as wire:
        (location,) = service_cloud.image.image_locations(created)
    (get,) = wire.only("GET", f"/images/{created.id}/locations")
    assert get.answer == [{"url": location.url, "metadata": {"store": "fs"}}]
    assert location.url.startswith("file://") and location.url.endswith(f"/images/{created.id}")
    assert (location.metadata, location.image_id) == ({"store": "fs"}, created.id)


def test_add_image_location_is_accepted_then_glances_task_decides(
    glance: Any, image: Any, service_cloud: Any, cleanup: list[Any]
) -> None:
    created = image.create_image(
        glance.name("loc-file"), disk_format="raw", container_format="bare"
    )
    cleanup.append(created)
    url = f"file://{glance.stack.workdir}/glance/images/{glance.run}-elsewhere.raw"
    with glance.record(service_cloud) as wire:
        location = service_cloud.image.add_image_location(created, url)
    (post,) = wire.only("POST", f"/images/{created.id}/locations")
    assert post.status == 202 and post.body == {"url": url, "validation_data": {}}
    assert (location.url, location.image_id) == (url, created.id)
    # The location_import task refuses file:// (not an external location in Glance 33).
    # The task belongs to the service user's project: the image's owner does not see it.
    assert list(image.image_tasks(created)) == []
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        (task,) = service_cloud.image.image_tasks(created)
        if task.status in ("success", "failure"):
            break
        time.sleep(POLL)
    assert (task.type, task.status) == ("location_import", "failure")
    assert task.message  # Glance 33 says "Task failed due to Internal Error"; its log says why
    assert image.get_image(created).status == "queued"


def test_location_refusals(glance: Any, image: Any, service_cloud: Any, cleanup: list[Any]) -> None:
    created = image.create_image(
        glance.name("loc-denied"), disk_format="raw", container_format="bare"
    )
    cleanup.append(created)
    with pytest.raises(exceptions.ForbiddenException, match="fetch_image_location"):
        list(image.image_locations(created))
    # A member may add only http locations, and only with the http store enabled.
    with pytest.raises(exceptions.ForbiddenException, match="http store must be enabled"):
        image.add_image_location(created, f"{glance.web_url}/x.raw")
    with pytest.raises(exceptions.InvalidRequest, match="url"):
        image.add_image_location(created, "")
    with pytest.raises(exceptions.BadRequestException, match="os_hash_value"):
        service_cloud.image.add_image_location(
            created, "file:///nonexistent", validation_data={"os_hash_value": "zz"}
        )
