"""Metadata definitions: namespaces, tags, objects, properties, resource types and their
schemas, as exact requests and parsed answers. Updates are whole-document PUTs."""

from __future__ import annotations

from typing import Any

import pytest
from openstack_image.exceptions import ImageRefused, MetadefRefused
from openstack_image.v2._proxy import Proxy
from openstack_image.v2.metadef_namespace import MetadefNamespace
from openstack_image.v2.metadef_object import MetadefObject
from openstack_image.v2.metadef_property import MetadefProperty

from openstack_core import exceptions

URL = "https://image.example.com/v2"
NS_URL = f"{URL}/metadefs/namespaces"
#: OS::Test in a URL: every path segment is percent-encoded (Glance decodes it).
Q = "OS%3A%3ATest"
NAMESPACE = {
    "namespace": "OS::Test",
    "display_name": "Test",
    "description": "Things",
    "visibility": "public",
    "protected": True,
    "owner": "p1",
    "created_at": "2026-12-05T00:00:00Z",
    "updated_at": "2026-12-05T00:00:00Z",
    "schema": "/v2/schemas/metadefs/namespace",
}
#: What a PUT of NAMESPACE sends: every writable key.
WHOLE = {k: NAMESPACE[k] for k in ("namespace", "display_name", "description", "visibility")}
WHOLE.update(protected=True, owner="p1")


# -- namespaces ---------------------------------------------------------------------------


def test_namespaces_follow_glances_next_link(mock: Any, image_proxy: Proxy) -> None:
    mock.get(
        f"{NS_URL}?visibility=public&limit=1",
        json={
            "namespaces": [NAMESPACE],
            "first": "/v2/metadefs/namespaces?limit=1",
            "next": "/v2/metadefs/namespaces?marker=OS%3A%3ATest&limit=1",
            "schema": "/v2/schemas/metadefs/namespaces",
        },
    )
    mock.get(
        f"{NS_URL}?visibility=public&marker=OS::Test&limit=1",
        json={"namespaces": [{**NAMESPACE, "namespace": "OS::Two"}]},
    )
    listed = list(image_proxy.metadef_namespaces(visibility="public", limit=1))
    assert [n.id for n in listed] == ["OS::Test", "OS::Two"]
    assert mock.last_request.qs["marker"] == ["OS::Test"]
    assert listed[0].is_protected is True and listed[0].owner == "p1"


def test_namespace_filters(mock: Any, image_proxy: Proxy) -> None:
    mock.get(NS_URL, json={"namespaces": []})
    list(image_proxy.metadef_namespaces(resource_types="OS::Glance::Image", sort_key="namespace"))
    assert mock.last_request.qs == {
        "resource_types": ["OS::Glance::Image"],
        "sort_key": ["namespace"],
    }


def test_create_get_delete_namespace(mock: Any, image_proxy: Proxy) -> None:
    mock.post(NS_URL, status_code=201, json=NAMESPACE)
    created = image_proxy.create_metadef_namespace(
        namespace="OS::Test", visibility="public", is_protected=True
    )
    assert mock.last_request.json() == {
        "namespace": "OS::Test",
        "visibility": "public",
        "protected": True,
    }
    assert created.id == "OS::Test" and created.display_name == "Test"
    mock.get(f"{NS_URL}/{Q}", json={**NAMESPACE, "tags": [{"name": "a"}]})
    assert image_proxy.get_metadef_namespace("OS::Test").tags == [{"name": "a"}]
    mock.delete(f"{NS_URL}/{Q}", status_code=204)
    image_proxy.delete_metadef_namespace(created)
    assert mock.last_request.method == "DELETE"
    mock.delete(f"{NS_URL}/OS%3A%3AGone", status_code=404)
    image_proxy.delete_metadef_namespace("OS::Gone")
    with pytest.raises(exceptions.NotFoundException):
        image_proxy.delete_metadef_namespace("OS::Gone", ignore_missing=False)


def test_update_namespace_by_name_reads_then_puts_the_whole_namespace(
    mock: Any, image_proxy: Proxy
) -> None:
    mock.get(f"{NS_URL}/{Q}", json=NAMESPACE)
    mock.put(f"{NS_URL}/{Q}", json={**NAMESPACE, "description": "new"})
    updated = image_proxy.update_metadef_namespace("OS::Test", description="new")
    get, put = mock.request_history[-2:]
    assert get.method == "GET"
    # openstacksdk would send {"description": "new", "namespace": ...} and Glance would
    # reset the display name, the visibility (to private) and protected (to false).
    assert put.json() == {**WHOLE, "description": "new"}
    assert updated.description == "new" and updated.visibility == "public"


def test_update_namespace_object_renames_at_the_current_path(mock: Any, image_proxy: Proxy) -> None:
    current = MetadefNamespace.existing(**NAMESPACE)
    mock.put(f"{NS_URL}/{Q}", json={**NAMESPACE, "namespace": "OS::New"})
    updated = image_proxy.update_metadef_namespace(
        current, namespace="OS::New", display_name=None, is_protected=False
    )
    # No GET: the object given is the current view.
    assert [r.method for r in mock.request_history if "/metadefs/" in r.path] == ["PUT"]
    body = mock.last_request.json()
    assert body["namespace"] == "OS::New" and body["protected"] is False
    assert "display_name" not in body  # None clears it: Glance resets what is left out
    assert updated.id == "OS::New"
    assert current.namespace == "OS::Test" and not current.is_dirty  # left unchanged


def test_commit_sends_the_whole_namespace(mock: Any, image_proxy: Proxy) -> None:
    current = MetadefNamespace.existing(**NAMESPACE)
    current.description = "changed"
    mock.put(f"{NS_URL}/{Q}", json={**NAMESPACE, "description": "changed"})
    current.commit(image_proxy)
    assert mock.last_request.json() == {**WHOLE, "description": "changed"}


def test_namespace_tags(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{NS_URL}/{Q}/tags/blue", status_code=201, json={"name": "blue"})
    mock.delete(f"{NS_URL}/{Q}/tags/blue", status_code=204)
    mock.delete(f"{NS_URL}/{Q}/tags", status_code=204)
    namespace = MetadefNamespace.existing(**NAMESPACE, tags=[{"name": "red"}])
    image_proxy.add_tag_to_metadef_namespace(namespace, "blue")
    assert namespace.tags == [{"name": "red"}, {"name": "blue"}]
    assert mock.last_request.method == "POST" and mock.last_request.body is None
    image_proxy.remove_tag_from_metadef_namespace(namespace, "blue")
    assert namespace.tags == [{"name": "red"}]
    image_proxy.remove_tags_from_metadef_namespace("OS::Test")
    assert (mock.last_request.method, mock.last_request.path) == (
        "DELETE",
        "/v2/metadefs/namespaces/OS%3A%3ATest/tags",
    )


def test_protected_namespace_is_refused_for_the_namespace(
    glance_error: Any, image_proxy: Proxy
) -> None:
    glance_error(
        "DELETE",
        f"{NS_URL}/{Q}",
        403,
        "Metadata definition namespace OS::Test is protected and cannot be deleted.",
    )
    with pytest.raises(MetadefRefused) as err:
        image_proxy.delete_metadef_namespace("OS::Test")
    assert isinstance(err.value, exceptions.ForbiddenException)
    assert not isinstance(err.value, ImageRefused)
    assert "is_protected=False" in str(err.value) and err.value.request_id == "req-1"
    glance_error(
        "POST",
        NS_URL,
        403,
        "You are not authorized to complete add_metadef_namespace action.",
    )
    with pytest.raises(exceptions.ForbiddenException) as denied:
        image_proxy.create_metadef_namespace(namespace="OS::X")
    assert not isinstance(denied.value, MetadefRefused)
    assert "credentials" in str(denied.value)


# -- objects ------------------------------------------------------------------------------

OBJECT = {
    "name": "rng",
    "description": "random",
    "required": ["hw_rng_rate"],
    "properties": {"hw_rng_rate": {"type": "integer", "title": "Rate"}},
    "created_at": "2026-12-05T00:00:00Z",
    "schema": "/v2/schemas/metadefs/object",
}


def test_objects(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{NS_URL}/{Q}/objects", status_code=201, json=OBJECT)
    created = image_proxy.create_metadef_object(
        MetadefNamespace.existing(**NAMESPACE), name="rng", required=["hw_rng_rate"]
    )
    assert mock.last_request.json() == {"name": "rng", "required": ["hw_rng_rate"]}
    assert (created.id, created.namespace_name) == ("rng", "OS::Test")
    mock.get(f"{NS_URL}/{Q}/objects", json={"objects": [OBJECT], "schema": "x"})
    (listed,) = image_proxy.metadef_objects("OS::Test")
    assert listed.properties["hw_rng_rate"]["title"] == "Rate"
    mock.get(f"{NS_URL}/{Q}/objects/rng", json=OBJECT)
    assert image_proxy.get_metadef_object("rng", "OS::Test").required == ["hw_rng_rate"]
    mock.delete(f"{NS_URL}/{Q}/objects/rng", status_code=204)
    image_proxy.delete_metadef_object(listed, "OS::Test")
    assert mock.last_request.method == "DELETE"
    mock.delete(f"{NS_URL}/{Q}/objects", status_code=204)
    returned = image_proxy.delete_all_metadef_objects("OS::Test")
    assert isinstance(returned, MetadefNamespace) and returned.id == "OS::Test"
    assert mock.last_request.path == "/v2/metadefs/namespaces/OS%3A%3ATest/objects"


def test_update_object_puts_the_whole_object_at_its_current_name(
    mock: Any, image_proxy: Proxy
) -> None:
    mock.get(f"{NS_URL}/{Q}/objects/rng", json=OBJECT)
    mock.put(f"{NS_URL}/{Q}/objects/rng", json={**OBJECT, "name": "rng2"})
    updated = image_proxy.update_metadef_object("rng", "OS::Test", name="rng2")
    assert mock.last_request.json() == {
        "name": "rng2",
        "description": "random",
        "required": ["hw_rng_rate"],
        "properties": OBJECT["properties"],
    }
    assert (updated.name, updated.namespace_name) == ("rng2", "OS::Test")
    current = MetadefObject.existing(**OBJECT)  # the namespace comes from the argument
    image_proxy.update_metadef_object(current, "OS::Test", description=None)
    assert mock.last_request.path == "/v2/metadefs/namespaces/OS%3A%3ATest/objects/rng"
    assert mock.last_request.method == "PUT" and "description" not in mock.last_request.json()


# -- properties ---------------------------------------------------------------------------

PROPERTIES = {
    "properties": {
        "hw_disk_bus": {"type": "string", "title": "Bus", "enum": ["scsi", "virtio"]},
        "hw_cpu_cores": {"type": "integer", "title": "Cores", "minimum": 1, "maximum": 2.5},
        "os_tags": {
            "type": "array",
            "title": "Tags",
            "items": {"type": "string", "enum": ["a"]},
            "uniqueItems": True,
            "readonly": False,
        },
    }
}


def test_properties_are_listed_from_glances_mapping(mock: Any, image_proxy: Proxy) -> None:
    mock.get(f"{NS_URL}/{Q}/properties", json=PROPERTIES)
    listed = {p.name: p for p in image_proxy.metadef_properties("OS::Test")}
    assert mock.last_request.qs == {}
    assert set(listed) == {"hw_disk_bus", "hw_cpu_cores", "os_tags"}
    cores = listed["hw_cpu_cores"]
    assert (cores.id, cores.type, cores.minimum, cores.maximum) == (
        "hw_cpu_cores",
        "integer",
        1,
        2.5,
    )
    tags = listed["os_tags"]
    assert (
        tags.items_schema == {"type": "string", "enum": ["a"]}
        and tags["items"] == tags.items_schema
    )
    assert (tags.require_unique_items, tags.is_readonly) == (True, False)
    assert tags.namespace_name == "OS::Test"


def test_property_filters_apply_here(mock: Any, image_proxy: Proxy) -> None:
    mock.get(f"{NS_URL}/{Q}/properties", json=PROPERTIES)
    assert [p.name for p in image_proxy.metadef_properties("OS::Test", type="integer")] == [
        "hw_cpu_cores"
    ]
    nested = image_proxy.metadef_properties("OS::Test", items_schema={"type": "string"})
    assert [p.name for p in nested] == ["os_tags"]
    assert mock.last_request.qs == {}  # Glance takes no filters: none is sent
    two = image_proxy.metadef_properties("OS::Test", title="Bus", max_items=5)
    assert [p.name for p in two] == ["hw_disk_bus"]
    assert len(list(image_proxy.metadef_properties("OS::Test", max_items=2))) == 2


def test_property_list_of_another_shape_is_an_invalid_response(
    mock: Any, image_proxy: Proxy
) -> None:
    mock.get(f"{NS_URL}/{Q}/properties", json={"properties": []})
    with pytest.raises(exceptions.InvalidResponse, match="name: definition"):
        list(image_proxy.metadef_properties("OS::Test"))


def test_create_get_delete_property(mock: Any, image_proxy: Proxy) -> None:
    bus = {"name": "hw_disk_bus", **PROPERTIES["properties"]["hw_disk_bus"]}
    mock.post(f"{NS_URL}/{Q}/properties", status_code=201, json=bus)
    created = image_proxy.create_metadef_property(
        "OS::Test", name="hw_disk_bus", type="string", title="Bus", items_schema={"type": "x"}
    )
    assert mock.last_request.json() == {
        "name": "hw_disk_bus",
        "type": "string",
        "title": "Bus",
        "items": {"type": "x"},
    }
    assert created.enum == ["scsi", "virtio"]
    mock.get(f"{NS_URL}/{Q}/properties/hw_disk_bus", json=bus)
    assert image_proxy.get_metadef_property("hw_disk_bus", "OS::Test").title == "Bus"
    mock.delete(f"{NS_URL}/{Q}/properties/hw_disk_bus", status_code=204)
    image_proxy.delete_metadef_property(created, MetadefNamespace.existing(**NAMESPACE))
    assert mock.last_request.method == "DELETE"
    mock.delete(f"{NS_URL}/{Q}/properties", status_code=204)
    assert image_proxy.delete_all_metadef_properties("OS::Test") is None
    assert mock.last_request.path == "/v2/metadefs/namespaces/OS%3A%3ATest/properties"


def test_update_property_sends_name_type_and_title(mock: Any, image_proxy: Proxy) -> None:
    bus = {"name": "hw_disk_bus", **PROPERTIES["properties"]["hw_disk_bus"]}
    mock.get(f"{NS_URL}/{Q}/properties/hw_disk_bus", json=bus)
    mock.put(f"{NS_URL}/{Q}/properties/hw_disk_bus", json={**bus, "description": "d"})
    updated = image_proxy.update_metadef_property("hw_disk_bus", "OS::Test", description="d")
    assert mock.last_request.json() == {
        "name": "hw_disk_bus",
        "type": "string",
        "title": "Bus",
        "description": "d",
        "enum": ["scsi", "virtio"],
    }
    assert updated.description == "d"
    current = MetadefProperty.existing(namespace_name="OS::Test", **bus)
    image_proxy.update_metadef_property(current, "OS::Test", name="hw_bus")
    assert mock.last_request.path.endswith("/properties/hw_disk_bus")
    assert mock.last_request.json()["name"] == "hw_bus"


# -- resource types -----------------------------------------------------------------------


def test_resource_types_and_associations(mock: Any, image_proxy: Proxy) -> None:
    mock.get(
        f"{URL}/metadefs/resource_types",
        json={"resource_types": [{"name": "OS::Glance::Image", "created_at": "c"}]},
    )
    (kind,) = image_proxy.metadef_resource_types()
    assert (kind.id, kind.name, kind.created_at) == ("OS::Glance::Image", "OS::Glance::Image", "c")
    association = {"name": "OS::Glance::Image", "prefix": "hw_", "created_at": "c"}
    mock.post(f"{NS_URL}/{Q}/resource_types", status_code=201, json=association)
    created = image_proxy.create_metadef_resource_type_association(
        "OS::Test", name="OS::Glance::Image", prefix="hw_", properties_target="image"
    )
    assert mock.last_request.json() == {
        "name": "OS::Glance::Image",
        "prefix": "hw_",
        "properties_target": "image",
    }
    assert (created.prefix, created.namespace_name) == ("hw_", "OS::Test")
    mock.get(f"{NS_URL}/{Q}/resource_types", json={"resource_type_associations": [association]})
    (listed,) = image_proxy.metadef_resource_type_associations("OS::Test")
    assert listed.id == "OS::Glance::Image" and mock.last_request.qs == {}
    mock.delete(f"{NS_URL}/{Q}/resource_types/OS%3A%3AGlance%3A%3AImage", status_code=204)
    image_proxy.delete_metadef_resource_type_association(listed, "OS::Test")
    assert mock.last_request.method == "DELETE"
