"""The image fake's cache, locations, image tasks and metadata definitions, through the
image Proxy on a local cloud and at the HTTP level, on a frozen clock."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from openstack_image.exceptions import MetadefRefused
from openstack_image.v2._fake import Fake

from openstack_core import exceptions, fakes
from openstack_core.testing import LocalCloud

USERS = [
    {"name": "admin", "project": "admin", "roles": ["admin"]},
    {"name": "demo", "project": "demo", "roles": ["member"]},
    {"name": "glance", "project": "service", "roles": ["admin", "service"]},
]


@pytest.fixture
def cloud() -> LocalCloud:
    return LocalCloud(
        clock=fakes.Clock(start=time.time()),
        settings={"identity": {"users": USERS}, "image": {"task_delay": 5}},
        fakes={"image": Fake},
    )


@pytest.fixture
def admin(cloud: LocalCloud) -> Iterator[Any]:
    conn = cloud.connection("admin")
    yield conn.image
    conn.close()


@pytest.fixture
def demo(cloud: LocalCloud) -> Iterator[Any]:
    conn = cloud.connection("demo")
    yield conn.image
    conn.close()


def _active(image_proxy: Any, data: bytes = b"disk") -> Any:
    return image_proxy.create_image("img", data=data, disk_format="raw", container_format="bare")


def test_cache_queue_list_delete_clear_and_prune(cloud: LocalCloud, admin: Any) -> None:
    image = _active(admin, b"x" * 100)
    admin.queue_image(image)
    (entry,) = admin.get_image_cache().cached_images
    assert (entry.image_id, entry.size, entry.hits) == (image.id, 100, 0)
    assert admin.cached_image_nodes(image) == ["http://local-cloud.invalid/image/"]
    cloud.fake("image").settings["cache_max_size"] = 10  # type: ignore[attr-defined]
    assert admin.prune_cache() == {"total_files_pruned": 1, "total_bytes_pruned": 100}
    admin.queue_image(image)
    admin.clean_cache()
    admin.cache_delete_image(image)
    assert admin.get_image_cache().cached_images == []
    admin.queue_image(image)
    admin.clear_cache("queue")
    assert len(admin.get_image_cache().cached_images) == 1
    admin.clear_cache()
    assert admin.get_image_cache().cached_images == []
    queued = admin.create_image("empty", disk_format="raw", container_format="bare")
    with pytest.raises(exceptions.BadRequestException, match="status active"):
        admin.queue_image(queued)
    refused = cloud.request(
        "DELETE", "/image/v2/cache", user="admin", headers={"x-image-cache-clear-target": "x"}
    )
    assert refused.status == 400
    assert cloud.request("GET", "/image/v2/cache").status == 403  # demo: admin only


def test_locations_are_listed_to_services_and_added_ones_fail(cloud: LocalCloud, demo: Any) -> None:
    stored = _active(demo)
    service = cloud.connection("glance").image
    (location,) = service.image_locations(stored)
    assert location.url.endswith(f"/images/{stored.id}") and location.metadata == {"store": "fs"}
    with pytest.raises(exceptions.ForbiddenException, match="fetch_image_location"):
        list(demo.image_locations(stored))
    queued = demo.create_image("q", disk_format="raw", container_format="bare")
    with pytest.raises(exceptions.ForbiddenException, match="http store must be enabled"):
        demo.add_image_location(queued, "http://example.com/x")
    with pytest.raises(exceptions.BadRequestException, match="correct size"):
        service.add_image_location(queued, "file:///x", validation_data={"os_hash_value": "ab"})
    service.add_image_location(queued, "file:///x")
    with pytest.raises(exceptions.ConflictException, match="still in progress"):
        service.add_image_location(queued, "file:///y")
    (task,) = service.image_tasks(queued)
    assert (task.type, task.status, task.input["loc_url"]) == (
        "location_import",
        "processing",
        "file:///x",
    )
    assert list(demo.image_tasks(queued)) == []  # the service project's task
    cloud.clock.advance(5)
    (task,) = service.image_tasks(queued)
    assert task.status == "failure" and task.message
    after = demo.get_image(queued)
    assert after.status == "queued" and "os_glance_import_task" not in after.properties
    with pytest.raises(exceptions.ConflictException, match="image status is active"):
        service.add_image_location(stored, "file:///z")


def test_namespaces_visibility_replacement_and_protection(
    cloud: LocalCloud, admin: Any, demo: Any
) -> None:
    public = admin.create_metadef_namespace(
        namespace="OS::Pub", display_name="Pub", visibility="public", protected=True
    )
    admin.create_metadef_namespace(namespace="OS::Priv")
    assert demo.get_metadef_namespace("OS::Pub").display_name == "Pub"
    with pytest.raises(exceptions.NotFoundException):
        demo.get_metadef_namespace("OS::Priv")
    assert [n.namespace for n in demo.metadef_namespaces()] == ["OS::Pub"]
    with pytest.raises(exceptions.ForbiddenException, match="add_metadef_namespace"):
        demo.create_metadef_namespace(namespace="OS::Mine")
    with pytest.raises(exceptions.ConflictException, match="already exists"):
        admin.create_metadef_namespace(namespace="OS::Priv")
    # A PUT replaces: what it leaves out is reset (display name gone, private again).
    answer = cloud.request(
        "PUT", "/image/v2/metadefs/namespaces/OS::Pub", user="admin", json={"namespace": "OS::Pub2"}
    )
    shown = answer.json_body()
    assert shown["namespace"] == "OS::Pub2" and "display_name" not in shown
    assert (shown["visibility"], shown["protected"]) == ("private", False)
    admin.update_metadef_namespace("OS::Pub2", is_protected=True)
    admin.create_metadef_object("OS::Pub2", name="o")
    with pytest.raises(MetadefRefused, match="is protected and cannot be deleted"):
        admin.delete_metadef_object("o", "OS::Pub2")
    with pytest.raises(MetadefRefused):
        admin.delete_metadef_namespace(public.namespace + "2")


def test_objects_properties_tags_and_resource_types(cloud: LocalCloud, admin: Any) -> None:
    ns = admin.create_metadef_namespace(namespace="OS::Parts", visibility="public")
    admin.create_metadef_object(ns, name="o", required=["a"], properties={"a": {"type": "string"}})
    renamed = admin.update_metadef_object("o", ns, name="o2")
    assert (renamed.name, renamed.required) == ("o2", ["a"])
    admin.create_metadef_property(ns, name="p", type="integer", title="P", minimum=1)
    with pytest.raises(exceptions.BadRequestException, match="title"):
        admin.create_metadef_property(ns, name="q", type="integer")
    assert admin.get_metadef_property("p", ns).minimum == 1
    admin.add_tag_to_metadef_namespace(ns, "Blue")
    with pytest.raises(exceptions.ConflictException, match="case insensitive"):
        admin.add_tag_to_metadef_namespace(ns, "blue")
    admin.create_metadef_resource_type_association(ns, name="OS::Nova::Flavor", prefix="hw:")
    shown = admin.get_metadef_namespace(ns)
    assert [o["name"] for o in shown.objects] == ["o2"] and set(shown.properties) == {"p"}
    assert shown.tags == [{"name": "Blue"}]
    assert [t.name for t in admin.metadef_resource_types()] == ["OS::Nova::Flavor"]
    listed = [n.namespace for n in admin.metadef_namespaces(resource_types="OS::Nova::Flavor")]
    assert listed == ["OS::Parts"]
    prefixed = cloud.request(
        "GET", "/image/v2/metadefs/namespaces/OS::Parts?resource_type=OS::Nova::Flavor"
    ).json_body()
    assert set(prefixed["properties"]) == {"hw:p"} and prefixed["objects"][0]["required"] == [
        "hw:a"
    ]
    admin.delete_all_metadef_properties(ns)
    assert list(admin.metadef_properties(ns)) == []


def test_namespaces_page_newest_first_and_schemas(cloud: LocalCloud, admin: Any) -> None:
    for n in range(3):
        admin.create_metadef_namespace(namespace=f"OS::N{n}")
        cloud.clock.advance(1)
    page = cloud.request("GET", "/image/v2/metadefs/namespaces?limit=2", user="admin").json_body()
    assert [n["namespace"] for n in page["namespaces"]] == ["OS::N2", "OS::N1"]
    assert page["next"] == "/v2/metadefs/namespaces?limit=2&marker=OS%3A%3AN1"
    assert [n.namespace for n in admin.metadef_namespaces(limit=2)] == [
        "OS::N2",
        "OS::N1",
        "OS::N0",
    ]
    schema = admin.get_metadef_properties_schema()
    assert schema.to_dict()["name"] == "properties" and "properties" in schema.properties


def test_state_keeps_cache_tasks_and_metadefs(cloud: LocalCloud, admin: Any) -> None:
    image = _active(admin)
    admin.queue_image(image)
    admin.create_metadef_namespace(namespace="OS::Kept")
    saved = json.loads(json.dumps(cloud.dump_state()))
    again = LocalCloud(settings={"identity": {"users": USERS}}, fakes={"image": Fake})
    again.load_state(saved)
    image_proxy = again.connection("admin").image
    assert [c.image_id for c in image_proxy.get_image_cache().cached_images] == [image.id]
    assert image_proxy.get_metadef_namespace("OS::Kept").namespace == "OS::Kept"
