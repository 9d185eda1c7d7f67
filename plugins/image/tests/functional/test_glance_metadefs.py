"""Metadata definitions against real Glance 33 (SQL backend): namespaces with their
tags, objects, properties and resource type associations, and the metadef schemas.

Glance loads no metadefs by default (``glance-manage db_load_metadefs`` is never run
here), so every test creates its own namespaces, named for this run; a module fixture
deletes them whatever happened and checks that none is left. Changing metadefs needs
the admin role under Glance's default policy; reading a public one does not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from openstack_image.exceptions import MetadefRefused

from openstack_core import exceptions

IMAGE_TYPE = "OS::Glance::Image"


@pytest.fixture(scope="module")
def admin(admin_cloud: Any) -> Any:
    """``conn.image`` of cloud admin: only admins may change metadefs."""
    return admin_cloud.image


@pytest.fixture(scope="module")
def new_namespace(glance: Any, admin: Any) -> Iterator[Callable[..., Any]]:
    """Create a namespace of this run (``new_namespace(what, **attrs)``); every one
    left at the end of the module is deleted (unprotected first), and must be."""
    created: list[str] = []

    def make(what: str, **attrs: Any) -> Any:
        namespace = admin.create_metadef_namespace(namespace=glance.name(what), **attrs)
        created.append(namespace.namespace)
        return namespace

    yield make
    prefix = glance.prefix
    for namespace in admin.metadef_namespaces():
        if namespace.namespace.startswith(prefix):
            if namespace.is_protected:
                admin.update_metadef_namespace(namespace, is_protected=False)
            admin.delete_metadef_namespace(namespace)
    left = [n.namespace for n in admin.metadef_namespaces() if n.namespace.startswith(prefix)]
    assert not left, f"metadef namespaces left behind: {left}"


def test_namespace_lifecycle(glance: Any, admin: Any, new_namespace: Any) -> None:
    created = new_namespace(
        "ns", display_name="Run namespace", description="first", visibility="public"
    )
    assert (created.id, created.visibility, created.is_protected) == (
        created.namespace,
        "public",
        False,
    )
    assert (
        created.owner and created.created_at and created.schema == "/v2/schemas/metadefs/namespace"
    )
    fetched = admin.get_metadef_namespace(created.namespace)
    assert (fetched.display_name, fetched.description) == ("Run namespace", "first")
    listed = [n.namespace for n in admin.metadef_namespaces(visibility="public")]
    assert created.namespace in listed
    with pytest.raises(exceptions.NotFoundException):
        admin.get_metadef_namespace(glance.name("absent"))


def test_update_sends_the_whole_namespace(
    glance: Any, admin_cloud: Any, admin: Any, new_namespace: Any
) -> None:
    created = new_namespace("upd", display_name="Shown", description="old", visibility="public")
    with glance.record(admin_cloud) as wire:
        updated = admin.update_metadef_namespace(created.namespace, description="new")
    (put,) = wire.only("PUT")
    # Glance resets whatever a PUT leaves out: everything goes, with the change.
    assert put.body == {
        "namespace": created.namespace,
        "display_name": "Shown",
        "description": "new",
        "visibility": "public",
        "protected": False,
        "owner": created.owner,
    }
    assert (updated.description, updated.display_name, updated.visibility) == (
        "new",
        "Shown",
        "public",
    )
    again = admin.get_metadef_namespace(created.namespace)
    assert (again.description, again.display_name, again.visibility) == ("new", "Shown", "public")
    # None clears an attribute (it is left out of the PUT).
    cleared = admin.update_metadef_namespace(again, display_name=None)
    assert cleared.display_name is None and cleared.visibility == "public"


def test_rename_namespace(glance: Any, admin: Any, new_namespace: Any) -> None:
    created = new_namespace("old", description="kept")
    renamed = glance.name("renamed")
    updated = admin.update_metadef_namespace(created, namespace=renamed)
    assert updated.namespace == renamed and updated.id == renamed
    assert admin.get_metadef_namespace(renamed).description == "kept"
    with pytest.raises(exceptions.NotFoundException):
        admin.get_metadef_namespace(created.namespace)


def test_protected_namespace_is_refused_until_unprotected(admin: Any, new_namespace: Any) -> None:
    created = new_namespace("protected", is_protected=True)
    admin.create_metadef_object(created, name="kept")
    with pytest.raises(MetadefRefused) as err:
        admin.delete_metadef_namespace(created)
    assert "is protected and cannot be deleted" in str(err.value)
    assert "is_protected=False" in str(err.value) and err.value.request_id
    with pytest.raises(MetadefRefused):
        admin.delete_metadef_object("kept", created)
    admin.update_metadef_namespace(created, is_protected=False)
    admin.delete_metadef_namespace(created)
    with pytest.raises(exceptions.NotFoundException):
        admin.get_metadef_namespace(created)


def test_namespace_tags(admin: Any, new_namespace: Any) -> None:
    created = new_namespace("tags")
    admin.add_tag_to_metadef_namespace(created, "alpha")
    admin.add_tag_to_metadef_namespace(created.namespace, "beta")
    assert created.tags == [{"name": "alpha"}]  # the object given follows its own change
    names = {t["name"] for t in admin.get_metadef_namespace(created).tags}
    assert names == {"alpha", "beta"}
    admin.remove_tag_from_metadef_namespace(created, "alpha")
    assert [t["name"] for t in admin.get_metadef_namespace(created).tags] == ["beta"]
    with pytest.raises(exceptions.NotFoundException):
        admin.remove_tag_from_metadef_namespace(created, "alpha")
    admin.remove_tags_from_metadef_namespace(created)
    assert not admin.get_metadef_namespace(created).tags


def test_objects(glance: Any, admin: Any, new_namespace: Any) -> None:
    namespace = new_namespace("objects")
    schema = {"hw_rng_rate": {"type": "integer", "title": "Rate"}}
    first = admin.create_metadef_object(
        namespace, name="rng", description="random", required=["hw_rng_rate"], properties=schema
    )
    assert (first.id, first.namespace_name, first.required) == (
        "rng",
        namespace.namespace,
        ["hw_rng_rate"],
    )
    admin.create_metadef_object(namespace.namespace, name="other")
    assert sorted(o.name for o in admin.metadef_objects(namespace)) == ["other", "rng"]
    fetched = admin.get_metadef_object("rng", namespace)
    assert fetched.properties["hw_rng_rate"]["title"] == "Rate"
    # The update keeps what it does not change, and can rename.
    updated = admin.update_metadef_object("rng", namespace, name="rng2", description="new")
    assert (updated.name, updated.description, updated.required) == (
        "rng2",
        "new",
        ["hw_rng_rate"],
    )
    assert admin.get_metadef_object("rng2", namespace).properties == fetched.properties
    with pytest.raises(exceptions.NotFoundException):
        admin.get_metadef_object("rng", namespace)
    admin.delete_metadef_object("other", namespace)
    admin.delete_metadef_object("other", namespace)  # ignore_missing by default
    with pytest.raises(exceptions.NotFoundException):
        admin.delete_metadef_object("other", namespace, ignore_missing=False)
    returned = admin.delete_all_metadef_objects(namespace)
    assert returned.namespace == namespace.namespace
    assert list(admin.metadef_objects(namespace)) == []


def test_properties(glance: Any, admin: Any, new_namespace: Any) -> None:
    namespace = new_namespace("props")
    created = admin.create_metadef_property(
        namespace,
        name="hw_disk_bus",
        type="string",
        title="Disk bus",
        enum=["scsi", "virtio"],
        default="virtio",
    )
    assert (created.name, created.type, created.enum) == (
        "hw_disk_bus",
        "string",
        ["scsi", "virtio"],
    )
    admin.create_metadef_property(
        namespace.namespace,
        name="hw_cpu_cores",
        type="integer",
        title="Cores",
        minimum=1,
        maximum=64,
    )
    admin.create_metadef_property(
        namespace,
        name="os_tags",
        type="array",
        title="Tags",
        items={"type": "string"},
        uniqueItems=True,
    )
    listed = {p.name: p for p in admin.metadef_properties(namespace)}
    assert set(listed) == {"hw_disk_bus", "hw_cpu_cores", "os_tags"}
    assert (listed["hw_cpu_cores"].minimum, listed["hw_cpu_cores"].maximum) == (1, 64)
    assert listed["os_tags"].items_schema == {"type": "string"}
    assert listed["os_tags"].require_unique_items is True
    assert listed["hw_disk_bus"].namespace_name == namespace.namespace
    # Glance takes no filters: attribute keywords filter here, as in openstacksdk.
    assert [p.name for p in admin.metadef_properties(namespace, type="integer")] == ["hw_cpu_cores"]
    assert [
        p.name for p in admin.metadef_properties(namespace, items_schema={"type": "string"})
    ] == ["os_tags"]
    fetched = admin.get_metadef_property("hw_disk_bus", namespace)
    assert (fetched.title, fetched.default) == ("Disk bus", "virtio")
    # Glance requires name, type and title in every update: they are sent as they are.
    updated = admin.update_metadef_property("hw_disk_bus", namespace, description="The bus")
    assert (updated.type, updated.title, updated.enum, updated.description) == (
        "string",
        "Disk bus",
        ["scsi", "virtio"],
        "The bus",
    )
    renamed = admin.update_metadef_property(updated, namespace, name="hw_bus")
    assert renamed.name == "hw_bus"
    assert admin.get_metadef_property("hw_bus", namespace).description == "The bus"
    admin.delete_metadef_property("hw_bus", namespace)
    with pytest.raises(exceptions.NotFoundException):
        admin.get_metadef_property("hw_bus", namespace)
    admin.delete_all_metadef_properties(namespace)
    assert list(admin.metadef_properties(namespace)) == []


def test_resource_type_associations(glance: Any, admin: Any, new_namespace: Any) -> None:
    namespace = new_namespace("rt", visibility="public")
    association = admin.create_metadef_resource_type_association(
        namespace, name=IMAGE_TYPE, prefix="hw_"
    )
    assert (association.name, association.prefix) == (IMAGE_TYPE, "hw_")
    assert association.namespace_name == namespace.namespace and association.created_at
    (listed,) = admin.metadef_resource_type_associations(namespace.namespace)
    assert (listed.id, listed.prefix) == (IMAGE_TYPE, "hw_")
    # The first association created the type: Glance lists only known types.
    assert IMAGE_TYPE in [t.name for t in admin.metadef_resource_types()]
    by_type = [n.namespace for n in admin.metadef_namespaces(resource_types=IMAGE_TYPE)]
    assert namespace.namespace in by_type
    shown = admin.get_metadef_namespace(namespace)
    assert [a["name"] for a in shown.resource_type_associations] == [IMAGE_TYPE]
    admin.delete_metadef_resource_type_association(IMAGE_TYPE, namespace)
    assert list(admin.metadef_resource_type_associations(namespace)) == []
    with pytest.raises(exceptions.NotFoundException):
        admin.delete_metadef_resource_type_association(IMAGE_TYPE, namespace, ignore_missing=False)


def test_namespaces_page_along_glances_next_links(
    glance: Any, admin_cloud: Any, admin: Any, new_namespace: Any
) -> None:
    names = {new_namespace(f"page{i}").namespace for i in range(3)}
    with glance.record(admin_cloud) as wire:
        listed = [n.namespace for n in admin.metadef_namespaces(limit=2)]
    assert names <= set(listed) and len(listed) == len(set(listed))
    gets = wire.only("GET", "/metadefs/namespaces")
    assert len(gets) >= 2 and "marker" in gets[1].query


def test_members_may_read_public_namespaces_only(
    glance: Any, admin: Any, image: Any, new_namespace: Any
) -> None:
    public = new_namespace("public", visibility="public")
    private = new_namespace("private")
    assert image.get_metadef_namespace(public.namespace).visibility == "public"
    with pytest.raises(exceptions.NotFoundException):
        image.get_metadef_namespace(private.namespace)  # another project's private one
    with pytest.raises(exceptions.ForbiddenException) as err:
        image.create_metadef_namespace(namespace=glance.name("denied"))
    assert err.value.status_code == 403 and err.value.request_id
    assert not isinstance(err.value, MetadefRefused)  # a policy denial
    assert "add_metadef_namespace" in str(err.value)
    with pytest.raises(exceptions.ForbiddenException):
        image.update_metadef_namespace(public, description="not mine")


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get_metadef_namespace_schema", "namespace"),
        ("get_metadef_namespaces_schema", "namespaces"),
        ("get_metadef_resource_type_schema", "resource_type_association"),
        ("get_metadef_resource_types_schema", "resource_type_associations"),
        ("get_metadef_object_schema", "object"),
        ("get_metadef_objects_schema", "objects"),
        ("get_metadef_property_schema", "property"),
        ("get_metadef_properties_schema", "properties"),
        ("get_metadef_tag_schema", "tag"),
        ("get_metadef_tags_schema", "tags"),
    ],
)
def test_metadef_schemas(image: Any, method: str, name: str) -> None:
    schema = getattr(image, method)()
    assert schema.to_dict()["name"] == name
    assert schema.properties
