"""Image records against real Glance 33: JSON-patch updates, properties, tags,
deactivate/reactivate, lookups, list filters, sorting and pagination."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from openstack_core import exceptions

PATCH_TYPE = "application/openstack-images-v2.1-json-patch"


def _new(image: Any, name: str, **attrs: Any) -> Any:
    attrs.setdefault("disk_format", "raw")
    attrs.setdefault("container_format", "bare")
    return image.create_image(name, **attrs)


def test_update_image_sends_one_json_patch_of_the_changes(
    glance: Any, demo_cloud: Any, image: Any, cleanup: list[Any]
) -> None:
    created = _new(image, glance.name("patch"), custom_keep="1", custom_change="a", min_ram=0)
    cleanup.append(created)
    with glance.record(demo_cloud) as wire:
        updated = image.update_image(
            created,
            custom_change="b",  # replace a property
            custom_new="new",  # add a property
            min_ram=512,  # replace a schema attribute
            is_protected=True,
            hw_video_ram=64,  # a typed well-known property: Glance wants "64"
        )
    (patch,) = wire.exchanges
    assert (patch.method, patch.status) == ("PATCH", 200)
    assert patch.request_headers["Content-Type"] == PATCH_TYPE
    assert patch.body == [
        {"op": "replace", "path": "/custom_change", "value": "b"},
        {"op": "add", "path": "/custom_new", "value": "new"},
        {"op": "replace", "path": "/min_ram", "value": 512},
        {"op": "replace", "path": "/protected", "value": True},
        {"op": "add", "path": "/hw_video_ram", "value": "64"},
    ]
    fetched = image.get_image(created.id)
    for seen in (updated, fetched):
        assert seen.min_ram == 512 and seen.is_protected is True
        assert seen.hw_video_ram == 64
        assert seen.properties["custom_change"] == "b"
        assert seen.properties["custom_new"] == "new"
        assert seen.properties["custom_keep"] == "1"


def test_properties_mapping_removes_a_property(
    glance: Any, demo_cloud: Any, image: Any, cleanup: list[Any]
) -> None:
    created = _new(image, glance.name("unset"), custom_a="1", custom_b="2", hw_disk_bus="scsi")
    cleanup.append(created)
    with glance.record(demo_cloud) as wire:
        updated = image.update_image(created.id, properties={"custom_a": "1"})
    patch = wire.only("PATCH")[0]
    assert patch.body == [{"op": "remove", "path": "/custom_b"}]
    assert "custom_b" not in image.get_image(created.id).properties
    assert updated.hw_disk_bus == "scsi"  # declared, not a free-form property
    # A declared attribute is removed by deleting it on the resource.
    del updated.hw_disk_bus
    with glance.record(demo_cloud) as wire:
        updated.commit(image)
    assert wire.only("PATCH")[0].body == [{"op": "remove", "path": "/hw_disk_bus"}]
    assert image.get_image(created.id).hw_disk_bus is None


def test_none_removes_properties_and_del_declared_ones(
    glance: Any, demo_cloud: Any, image: Any, cleanup: list[Any]
) -> None:
    created = _new(image, glance.name("none"), custom_a="1", custom_b="2", hw_disk_bus="scsi")
    cleanup.append(created)
    with glance.record(demo_cloud) as wire:
        updated = image.update_image(created, custom_a=None, hw_disk_bus=None)
    (patch,) = wire.only("PATCH")
    assert patch.status == 200
    assert patch.body == [
        {"op": "remove", "path": "/custom_a"},
        {"op": "remove", "path": "/hw_disk_bus"},
    ]
    fetched = image.get_image(created.id)
    assert "custom_a" not in fetched.properties and fetched.hw_disk_bus is None
    assert updated.properties["custom_b"] == "2"
    updated.os_distro = "cirros"
    updated = image.update_image(updated, os_distro="cirros")
    del updated.os_distro  # a declared attribute: its field deletes it
    with glance.record(demo_cloud) as wire:
        updated.commit(image)
    assert wire.only("PATCH")[0].body == [{"op": "remove", "path": "/os_distro"}]
    assert image.get_image(created.id).os_distro is None


def test_update_image_properties(glance: Any, image: Any, cleanup: list[Any]) -> None:
    created = _new(image, glance.name("props"))
    cleanup.append(created)
    assert image.update_image_properties(created, meta={"os_distro": "cirros"}, build="42")
    fetched = image.get_image(created)
    assert fetched.os_distro == "cirros" and fetched.properties["build"] == "42"


def test_glance_rejects_a_bad_value(glance: Any, image: Any, cleanup: list[Any]) -> None:
    created = _new(image, glance.name("bad"))
    cleanup.append(created)
    with pytest.raises(exceptions.BadRequestException) as err:
        image.update_image(created.id, visibility="everyone")
    assert err.value.status_code == 400 and err.value.request_id
    assert "'everyone' is not one of" in str(err.value)


def test_tags_add_and_remove(glance: Any, demo_cloud: Any, image: Any, cleanup: list[Any]) -> None:
    created = _new(image, glance.name("tags"), tags=["first"])
    cleanup.append(created)
    spaced = f"{glance.run} with space"  # percent-encoded in the tags URL
    slashed = f"{glance.run}/with-slash"  # cannot travel in that URL: a JSON patch
    with glance.record(demo_cloud) as wire:
        image.add_tag(created, spaced)
        image.add_tag(created, slashed)
    assert [(e.method, e.status) for e in wire.exchanges] == [
        ("PUT", 204),
        ("GET", 200),
        ("PATCH", 200),
    ]
    assert wire.exchanges[0].url.endswith(f"/tags/{glance.run}%20with%20space")
    # The local view follows (in the order Glance keeps them after the patch).
    assert sorted(created.tags) == sorted(["first", spaced, slashed])
    assert sorted(image.get_image(created.id).tags) == sorted(["first", spaced, slashed])
    assert [i.id for i in image.images(tag=spaced)] == [created.id]
    assert [i.id for i in image.images(tag=slashed)] == [created.id]
    image.remove_tag(created, spaced)
    image.remove_tag(created, slashed)
    assert image.get_image(created.id).tags == ["first"]
    assert list(image.images(tag=spaced)) == []
    with pytest.raises(exceptions.NotFoundException):
        image.remove_tag(created, spaced)  # Glance's 404 for a tag the image lacks


def test_deactivate_and_reactivate(
    glance: Any, demo_cloud: Any, image: Any, cleanup: list[Any]
) -> None:
    created = _new(image, glance.name("deact"), data=b"some data")
    cleanup.append(created)
    with glance.record(demo_cloud) as wire:
        image.deactivate_image(created)
    (action,) = wire.exchanges
    assert (action.method, action.path, action.status) == (
        "POST",
        f"{glance.path_prefix}/v2/images/{created.id}/actions/deactivate",
        204,
    )
    assert image.get_image(created).status == "deactivated"
    image.reactivate_image(created.id)
    assert image.get_image(created).status == "active"
    assert image.download_image(created) == b"some data"


def test_get_and_find_image(glance: Any, image: Any, cleanup: list[Any]) -> None:
    created = _new(image, glance.name("find"))
    cleanup.append(created)
    assert image.get_image(created.id).name == created.name
    assert image.find_image(created.name).id == created.id
    assert image.find_image(created.id).name == created.name
    assert image.find_image(glance.name("absent")) is None
    with pytest.raises(exceptions.NotFoundException):
        image.find_image(glance.name("absent"), ignore_missing=False)


@dataclass
class Listed:
    tag: str
    #: letter (the end of the name) -> image
    images: dict[str, Any]
    hidden: Any


@pytest.fixture(scope="module")
def listed(glance: Any, image: Any, remove: Any) -> Iterator[Listed]:
    """Five images sharing a tag, differing in visibility and disk format, plus one
    hidden image with the same tag."""
    tag = f"list-{glance.run}"
    created: dict[str, Any] = {}
    hidden = None
    try:
        for letter, visibility, disk_format in (
            ("c", "private", "raw"),
            ("a", "shared", "qcow2"),
            ("e", "private", "qcow2"),
            ("b", "shared", "raw"),
            ("d", "private", "raw"),
        ):
            created[letter] = _new(
                image,
                f"{glance.prefix}list-{letter}",
                tags=[tag],
                visibility=visibility,
                disk_format=disk_format,
            )
        hidden = _new(image, f"{glance.prefix}list-hidden", tags=[tag], is_hidden=True)
        yield Listed(tag, created, hidden)
    finally:
        remove(image, [*created.values(), *([hidden] if hidden is not None else [])])


def _letters(images: Any) -> list[str]:
    return [str(i.name).rsplit("-", 1)[-1] for i in images]


def test_list_by_tag_leaves_hidden_images_out(image: Any, listed: Listed) -> None:
    assert sorted(_letters(image.images(tag=listed.tag))) == ["a", "b", "c", "d", "e"]
    hidden = list(image.images(tag=listed.tag, is_hidden=True))
    assert [i.id for i in hidden] == [listed.hidden.id]
    assert hidden[0].is_hidden is True


def test_find_image_finds_a_hidden_image_by_name(image: Any, listed: Listed) -> None:
    found = image.find_image(listed.hidden.name)
    assert found is not None and found.id == listed.hidden.id and found.is_hidden is True


def test_boolean_and_id_filters(glance: Any, demo_cloud: Any, image: Any, listed: Listed) -> None:
    # Glance takes only lowercase true/false for protected (400 for "True").
    with glance.record(demo_cloud) as wire:
        unprotected = list(image.images(tag=listed.tag, is_protected=False))
        protected = list(image.images(tag=listed.tag, is_protected=True))
    assert sorted(_letters(unprotected)) == ["a", "b", "c", "d", "e"] and protected == []
    assert [e.query["protected"] for e in wire.exchanges] == [["false"], ["true"]]
    a, b = listed.images["a"], listed.images["b"]
    assert sorted(i.id for i in image.images(id=f"in:{a.id},{b.id}")) == sorted([a.id, b.id])


def test_list_filters(image: Any, listed: Listed) -> None:
    assert sorted(_letters(image.images(tag=listed.tag, visibility="shared"))) == ["a", "b"]
    assert sorted(_letters(image.images(tag=listed.tag, visibility="private"))) == [
        "c",
        "d",
        "e",
    ]
    (only,) = image.images(name=listed.images["d"].name)
    assert only.id == listed.images["d"].id
    assert list(image.images(tag=listed.tag, status="active")) == []  # none has data
    assert len(list(image.images(tag=listed.tag, status="queued"))) == 5
    # Two tag filters: Glance wants both.
    assert list(image.images(tags=[listed.tag, "no-such-tag"])) == []


def test_list_sorting(image: Any, listed: Listed) -> None:
    assert _letters(image.images(tag=listed.tag, sort="name:asc")) == ["a", "b", "c", "d", "e"]
    assert _letters(image.images(tag=listed.tag, sort_key="name", sort_dir="desc")) == [
        "e",
        "d",
        "c",
        "b",
        "a",
    ]
    # Several keys: disk_format first (qcow2 < raw), then name descending.
    assert _letters(image.images(tag=listed.tag, sort="disk_format:asc,name:desc")) == [
        "e",
        "a",
        "d",
        "c",
        "b",
    ]


def test_pagination_follows_glances_next_links(
    glance: Any, demo_cloud: Any, image: Any, listed: Listed
) -> None:
    with glance.record(demo_cloud) as wire:
        letters = _letters(image.images(tag=listed.tag, sort="name:asc", limit=2))
    assert letters == ["a", "b", "c", "d", "e"]
    pages = wire.only("GET", "/v2/images")
    assert [len(p.answer["images"]) for p in pages] == [2, 2, 1]
    # Each next request is exactly the relative link Glance gave in the page before.
    for page, following in itertools.pairwise(pages):
        link = page.answer["next"]
        assert following.url == glance.image_url + link
    assert "next" not in pages[-1].answer
    assert all(p.query["limit"] == ["2"] for p in pages)


def test_max_items_stops_early(glance: Any, demo_cloud: Any, image: Any, listed: Listed) -> None:
    with glance.record(demo_cloud) as wire:
        letters = _letters(image.images(tag=listed.tag, sort="name:asc", limit=2, max_items=3))
    assert letters == ["a", "b", "c"]
    assert len(wire.only("GET", "/v2/images")) == 2
