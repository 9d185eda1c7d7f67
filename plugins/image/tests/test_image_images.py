"""Image listing, lookup, JSON-patch updates, actions, tags and deletion."""

from __future__ import annotations

from typing import Any

import pytest
from openstack_image.v2._proxy import Proxy
from openstack_image.v2.image import PATCH_MEDIA_TYPE, Image

from openstack_core import exceptions
from openstack_core.testing import FakeCloud

URL = "https://image.example.com/v2"

CIRROS = {
    "id": "1bea47ed",
    "name": "cirros",
    "status": "active",
    "visibility": "public",
    "protected": False,
    "os_hidden": True,
    "checksum": "64d7c1cd",
    "os_hash_algo": "sha512",
    "os_hash_value": "073b45",
    "min_disk": 1,
    "min_ram": 512,
    "size": 13167616,
    "virtual_size": None,
    "tags": ["small"],
    "owner": "5ef7",
    "disk_format": "qcow2",
    "container_format": "bare",
    "self": "/v2/images/1bea47ed",
    "file": "/v2/images/1bea47ed/file",
    "schema": "/v2/schemas/image",
    "hw_disk_bus": "scsi",
    "owner_specified.openstack.md5": "64d7c1cd",
    "hw_vif_multiqueue_enabled": "true",
    "os_shutdown_timeout": "60",
    "build": "2024.1",
}


def test_get_image_parses_attributes_and_properties(mock: Any, image_proxy: Proxy) -> None:
    mock.get(f"{URL}/images/1bea47ed", json=CIRROS)
    image = image_proxy.get_image("1bea47ed")
    assert (image.is_protected, image.is_hidden, image.min_ram, image.size) == (
        False,
        True,
        512,
        13167616,
    )
    assert (image.hash_algo, image.hash_value, image.checksum) == ("sha512", "073b45", "64d7c1cd")
    assert image.tags == ["small"] and image.owner == image.owner_id == "5ef7"
    # Well-known properties are declared (Glance sends them as strings) ...
    assert (image.hw_disk_bus, image.is_hw_vif_multiqueue_enabled) == ("scsi", True)
    assert image.os_shutdown_timeout == 60
    # ... and everything else is a free-form property.
    assert image.properties == {
        "owner_specified.openstack.md5": "64d7c1cd",
        "build": "2024.1",
    }
    assert mock.last_request.url == f"{URL}/images/1bea47ed"


def test_owner_id_alias_writes_owner(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images", status_code=201, json={"id": "n", "owner": "p2"})
    image = Image.new(name="n", owner_id="p1")
    assert image.owner == "p1" and "owner_id" not in image.properties
    image.owner_id = "p2"
    image.create(image_proxy)
    assert mock.last_request.json() == {"name": "n", "owner": "p2"}
    assert image.owner_id == "p2"


def test_images_filters_and_glance_next_links(mock: Any, image_proxy: Proxy) -> None:
    mock.get(
        f"{URL}/images",
        [
            {
                "json": {
                    "images": [CIRROS],
                    "next": "/v2/images?marker=1bea47ed&limit=1",
                    "first": "/v2/images",
                }
            },
            {"json": {"images": [{**CIRROS, "id": "2"}], "first": "/v2/images"}},
        ],
    )
    found = list(
        image_proxy.images(
            visibility="public",
            tags=["a", "b"],
            is_hidden=False,
            member_status="accepted",
            sort="name:asc",
            limit=1,
        )
    )
    assert [i.id for i in found] == ["1bea47ed", "2"]
    calls = [r for r in mock.request_history if r.path == "/v2/images"]
    assert calls[0].qs == {
        "visibility": ["public"],
        "tag": ["a", "b"],
        "os_hidden": ["false"],
        "member_status": ["accepted"],
        "sort": ["name:asc"],
        "limit": ["1"],
    }
    # The core keeps the filters a next link leaves out (real Glance repeats them).
    assert calls[1].qs == {**calls[0].qs, "marker": ["1bea47ed"]}
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("query", "sent"),
    [
        # Glance answers 400 to protected=True: only lowercase true/false are valid.
        ({"is_protected": True}, "protected=true"),
        ({"is_protected": False}, "protected=false"),
        ({"protected": True}, "protected=true"),
        ({"is_hidden": True}, "os_hidden=true"),
        ({"os_hidden": False}, "os_hidden=false"),
        ({"is_protected": "True"}, "protected=true"),
        # openstacksdk's id filter, with Glance's in: operator.
        ({"id": "in:a,b"}, "id=in%3Aa%2Cb"),
    ],
)
def test_list_filters_are_sent_as_glance_wants_them(
    mock: Any, image_proxy: Proxy, query: dict[str, Any], sent: str
) -> None:
    mock.get(f"{URL}/images", json={"images": [], "first": "/v2/images", "schema": "x"})
    assert list(image_proxy.images(**query)) == []
    assert mock.last_request.url == f"{URL}/images?{sent}"


def test_unknown_filter_names_valid_ones(image_proxy: Proxy) -> None:
    with pytest.raises(exceptions.InvalidResourceQuery, match="visibility"):
        image_proxy.images(colour="red")


def test_find_image_by_name(mock: Any, image_proxy: Proxy) -> None:
    mock.get(f"{URL}/images/cirros", status_code=404)
    mock.get(f"{URL}/images", json={"images": [CIRROS]})
    found = image_proxy.find_image("cirros")
    assert found is not None and found.id == "1bea47ed"
    assert mock.last_request.qs == {"name": ["cirros"]}


def test_find_image_by_id_is_one_get(mock: Any, image_proxy: Proxy) -> None:
    mock.get(f"{URL}/images/1bea47ed", json=CIRROS)
    found = image_proxy.find_image("1bea47ed")
    assert found is not None and found.id == "1bea47ed" and found.is_hidden is True
    assert [r.url for r in mock.request_history if r.path.startswith("/v2")] == [
        f"{URL}/images/1bea47ed"
    ]


def test_find_image_finds_a_hidden_image_by_name(mock: Any, image_proxy: Proxy) -> None:
    # Glance's list leaves os_hidden images out unless asked for them.
    mock.get(f"{URL}/images/cirros", status_code=404)
    mock.get(f"{URL}/images?name=cirros", json={"images": []}, complete_qs=True)
    mock.get(
        f"{URL}/images?name=cirros&os_hidden=true", json={"images": [CIRROS]}, complete_qs=True
    )
    found = image_proxy.find_image("cirros")
    assert found is not None and found.id == "1bea47ed"
    assert [r.url for r in mock.request_history if r.path.startswith("/v2")] == [
        f"{URL}/images/cirros",
        f"{URL}/images?name=cirros",
        f"{URL}/images?name=cirros&os_hidden=true",
    ]


def test_find_image_missing_everywhere(mock: Any, image_proxy: Proxy) -> None:
    mock.get(f"{URL}/images/nope", status_code=404)
    mock.get(f"{URL}/images", json={"images": []})
    assert image_proxy.find_image("nope") is None
    with pytest.raises(exceptions.NotFoundException, match="hidden images included"):
        image_proxy.find_image("nope", ignore_missing=False)
    mock.get(f"{URL}/images", json={"images": [CIRROS, {**CIRROS, "id": "2"}]})
    mock.get(f"{URL}/images?name=cirros", json={"images": []}, complete_qs=True)
    mock.get(f"{URL}/images/cirros", status_code=404)
    with pytest.raises(exceptions.DuplicateResource, match="1bea47ed, 2"):
        image_proxy.find_image("cirros")


def test_update_image_sends_json_patch_of_changes_only(mock: Any, image_proxy: Proxy) -> None:
    mock.get(f"{URL}/images/1bea47ed", json=CIRROS)
    mock.patch(f"{URL}/images/1bea47ed", json={**CIRROS, "name": "cirros-2", "os_distro": "x"})
    image = image_proxy.update_image("1bea47ed", name="cirros-2", os_distro="x", min_ram=512)
    sent = mock.last_request
    assert sent.method == "PATCH"
    assert sent.headers["Content-Type"] == PATCH_MEDIA_TYPE
    assert sent.json() == [
        {"op": "replace", "path": "/name", "value": "cirros-2"},
        {"op": "add", "path": "/os_distro", "value": "x"},
    ]
    assert image.name == "cirros-2" and image.os_distro == "x"


def test_typed_properties_are_sent_as_glance_strings(mock: Any, image_proxy: Proxy) -> None:
    image = Image.existing(**CIRROS)
    mock.patch(f"{URL}/images/1bea47ed", json=CIRROS)
    image_proxy.update_image(
        image, is_hw_boot_menu_enabled=True, hw_video_ram=64, min_ram=1024, is_protected=True
    )
    assert mock.last_request.json() == [
        {"op": "add", "path": "/hw_boot_menu", "value": "true"},
        {"op": "add", "path": "/hw_video_ram", "value": "64"},
        {"op": "replace", "path": "/min_ram", "value": 1024},
        {"op": "replace", "path": "/protected", "value": True},
    ]


def test_update_properties_and_removal(mock: Any, image_proxy: Proxy) -> None:
    image = Image.existing(**CIRROS)
    mock.patch(f"{URL}/images/1bea47ed", json=CIRROS)
    assert image_proxy.update_image_properties(image, meta={"a/b": "1"}, hw_disk_bus="ide")
    assert mock.last_request.json() == [
        {"op": "add", "path": "/a~1b", "value": "1"},
        {"op": "replace", "path": "/hw_disk_bus", "value": "ide"},
    ]
    image = Image.existing(**CIRROS)
    del image.min_disk
    image.commit(image_proxy)
    assert mock.last_request.json() == [{"op": "remove", "path": "/min_disk"}]


def test_none_removes_a_property(mock: Any, image_proxy: Proxy) -> None:
    # Glance stores no null property ("replace null" is a 400): None means remove.
    image = Image.existing(**CIRROS)
    mock.patch(f"{URL}/images/1bea47ed", json={**CIRROS, "hw_disk_bus": None, "build": None})
    image_proxy.update_image(image, build=None, hw_disk_bus=None, os_distro=None)
    sent = mock.last_request
    assert (sent.method, sent.headers["Content-Type"]) == ("PATCH", PATCH_MEDIA_TYPE)
    # os_distro was not set: nothing to remove.
    assert sent.json() == [
        {"op": "remove", "path": "/build"},
        {"op": "remove", "path": "/hw_disk_bus"},
    ]


def test_free_form_properties_are_removed_with_none_not_del(mock: Any, image_proxy: Proxy) -> None:
    image = Image.existing(**CIRROS)
    mock.patch(f"{URL}/images/1bea47ed", json={k: v for k, v in CIRROS.items() if k != "build"})
    image_proxy.update_image(image, build=None)
    assert mock.last_request.json() == [{"op": "remove", "path": "/build"}]
    with pytest.raises(AttributeError):
        del image.build  # only declared attributes have a descriptor that deletes


def test_none_property_is_left_out_of_a_create(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images", status_code=201, json={"id": "n", "name": "n"})
    mock.get(f"{URL}/images/n", json={"id": "n", "name": "n"})
    image_proxy.create_image("n", custom=None, hw_disk_bus=None, kernel_id="k")
    create = next(r for r in mock.request_history if r.path == "/v2/images")
    assert create.json() == {
        "name": "n",
        "disk_format": "qcow2",
        "container_format": "bare",
        "kernel_id": "k",
    }


def test_actions_and_tags(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images/i1/actions/deactivate", status_code=204)
    mock.post(f"{URL}/images/i1/actions/reactivate", status_code=204)
    mock.put(f"{URL}/images/i1/tags/a%20b", status_code=204)
    mock.delete(f"{URL}/images/i1/tags/a%20b", status_code=204)
    image_proxy.deactivate_image("i1")
    image_proxy.reactivate_image("i1")
    image = Image.existing(id="i1", tags=["x"])
    image_proxy.add_tag(image, "a b")
    assert image.tags == ["x", "a b"] and not image.is_dirty
    image_proxy.remove_tag(image, "a b")
    assert image.tags == ["x"]
    assert [(r.method, r.path) for r in mock.request_history[-4:]] == [
        ("POST", "/v2/images/i1/actions/deactivate"),
        ("POST", "/v2/images/i1/actions/reactivate"),
        ("PUT", "/v2/images/i1/tags/a%20b"),
        ("DELETE", "/v2/images/i1/tags/a%20b"),
    ]


def test_tags_with_a_slash_go_through_a_json_patch(mock: Any, image_proxy: Proxy) -> None:
    # Real Glance under a WSGI server answers PUT /tags/a%2Fb with 404 "The resource
    # could not be found": the server decodes %2F before routing.
    record = {**CIRROS, "id": "i1", "tags": ["small"]}
    mock.get(f"{URL}/images/i1", json=record)
    mock.patch(f"{URL}/images/i1", json={**record, "tags": ["small", "a/b"]})
    image = Image.existing(id="i1", tags=["small"])
    image_proxy.add_tag(image, "a/b")
    assert mock.last_request.headers["Content-Type"] == PATCH_MEDIA_TYPE
    assert mock.last_request.json() == [
        {"op": "replace", "path": "/tags", "value": ["small", "a/b"]}
    ]
    assert image.tags == ["small", "a/b"]
    mock.get(f"{URL}/images/i1", json={**record, "tags": ["small", "a/b"]})
    mock.patch(f"{URL}/images/i1", json=record)
    image_proxy.remove_tag(image, "a/b")
    assert mock.last_request.json() == [{"op": "replace", "path": "/tags", "value": ["small"]}]
    assert image.tags == ["small"]
    with pytest.raises(exceptions.NotFoundException, match="has no tag 'c/d'"):
        image_proxy.remove_tag("i1", "c/d")


def test_deactivate_forbidden_raises(mock: Any, image_proxy: Proxy) -> None:
    mock.post(
        f"{URL}/images/i1/actions/deactivate",
        status_code=403,
        text="<html><body><h1>403 Forbidden</h1>Not allowed to deactivate this image</body></html>",
        headers={"Content-Type": "text/html", "x-openstack-request-id": "req-g"},
    )
    with pytest.raises(exceptions.ForbiddenException, match="Not allowed to deactivate") as err:
        image_proxy.deactivate_image("i1")
    assert err.value.request_id == "req-g"


def test_delete_image_and_store(mock: Any, image_proxy: Proxy) -> None:
    mock.delete(f"{URL}/images/i1", status_code=204)
    mock.delete(f"{URL}/stores/fast/i1", status_code=204)
    mock.delete(f"{URL}/images/gone", status_code=404)
    image_proxy.delete_image("i1")
    image_proxy.delete_image("i1", store="fast")
    assert mock.last_request.path == "/v2/stores/fast/i1"
    image_proxy.delete_image("gone")
    with pytest.raises(exceptions.NotFoundException, match="No Image found for gone"):
        image_proxy.delete_image("gone", ignore_missing=False)


def test_protected_image_delete_refused(mock: Any, image_proxy: Proxy) -> None:
    mock.delete(f"{URL}/images/p", status_code=403, text="Image p is protected")
    with pytest.raises(exceptions.ForbiddenException, match="is protected"):
        image_proxy.delete_image("p")


def test_conn_image_through_discovery(mock: Any, cloud: FakeCloud) -> None:
    mock.get(f"{URL}/images", json={"images": [CIRROS]})
    conn = cloud.connection()
    assert isinstance(conn.image, Proxy)
    assert [i.name for i in conn.image.images()] == ["cirros"]
    assert mock.last_request.url == f"{URL}/images"


@pytest.mark.parametrize(
    ("catalog_url", "version_path"),
    [
        ("https://image.example.com", "v2"),  # what most clouds register
        ("https://image.example.com/v2", None),  # a catalog that names the version
    ],
)
def test_paths_resolve_to_v2_for_either_catalog_form(
    mock: Any, catalog_url: str, version_path: str | None
) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("image", catalog_url, version_path=version_path)
    mock.get(f"{URL}/images/1bea47ed", json=CIRROS)
    image = cloud.proxy(Proxy, version="2").get_image("1bea47ed")
    assert image.name == "cirros"
    assert mock.last_request.url == f"{URL}/images/1bea47ed"


def test_properties_mapping_on_create_and_by_id(mock: Any, image_proxy: Proxy) -> None:
    # openstacksdk's properties={...}: spelled out key by key (Glance has no such key).
    mock.post(f"{URL}/images", status_code=201, json={"id": "n", "name": "n"})
    mock.get(f"{URL}/images/n", json={"id": "n", "name": "n"})
    image_proxy.create_image("n", properties={"build": "7", "hw_video_ram": 64, "gone": None})
    create = next(r for r in mock.request_history if r.path == "/v2/images")
    assert create.json() == {
        "name": "n",
        "disk_format": "qcow2",
        "container_format": "bare",
        "build": "7",
        "hw_video_ram": "64",
    }
    # By id, update_image reads the current properties first to know what to remove.
    mock.get(f"{URL}/images/1bea47ed", json=CIRROS)
    mock.patch(f"{URL}/images/1bea47ed", json=CIRROS)
    image_proxy.update_image("1bea47ed", properties={"build": "2025.1"})
    assert mock.last_request.json() == [
        {"op": "remove", "path": "/owner_specified.openstack.md5"},
        {"op": "replace", "path": "/build", "value": "2025.1"},
    ]


def test_properties_mapping_on_an_image_object_is_refused() -> None:
    with pytest.raises(exceptions.InvalidRequest, match="create_image and update_image"):
        Image.new(name="n", properties={"build": "7"})
