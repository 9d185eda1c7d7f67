"""Members, tasks, stores, import info and schemas: exact requests, parsed answers."""

from __future__ import annotations

from typing import Any

import pytest
from openstack_image.v2._proxy import Proxy
from openstack_image.v2.image import Image
from openstack_image.v2.task import Task

from openstack_core import exceptions

URL = "https://image.example.com/v2"
MEMBER = {
    "created_at": "2013-10-07T17:58:03Z",
    "image_id": "i1",
    "member_id": "p2",
    "schema": "/v2/schemas/member",
    "status": "pending",
    "updated_at": "2013-10-07T17:58:03Z",
}


def test_members(mock: Any, image_proxy: Proxy) -> None:
    mock.get(
        f"{URL}/images/i1/members", json={"members": [MEMBER], "schema": "/v2/schemas/members"}
    )
    members = list(image_proxy.members(Image.existing(id="i1")))
    assert [(m.id, m.member_id, m.status, m.image_id) for m in members] == [
        ("p2", "p2", "pending", "i1")
    ]


def test_add_member_sends_glance_body(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images/i1/members", json=MEMBER)
    member = image_proxy.add_member("i1", member_id="p2")
    assert mock.last_request.json() == {"member": "p2"}
    assert member.status == "pending" and member.id == "p2"
    image_proxy.add_member("i1", member="p2")  # openstacksdk's other spelling
    assert mock.last_request.json() == {"member": "p2"}


def test_get_update_remove_find_member(mock: Any, image_proxy: Proxy) -> None:
    mock.get(f"{URL}/images/i1/members/p2", json=MEMBER)
    mock.put(f"{URL}/images/i1/members/p2", json={**MEMBER, "status": "accepted"})
    mock.delete(f"{URL}/images/i1/members/p2", status_code=204)
    assert image_proxy.get_member("p2", "i1").status == "pending"
    assert image_proxy.update_member("p2", "i1", status="accepted").status == "accepted"
    assert mock.last_request.json() == {"status": "accepted"}
    found = image_proxy.find_member("p2", "i1")
    assert found is not None and found.member_id == "p2"
    image_proxy.remove_member("p2", "i1")
    assert (mock.last_request.method, mock.last_request.path) == (
        "DELETE",
        "/v2/images/i1/members/p2",
    )
    mock.delete(f"{URL}/images/i1/members/p9", status_code=404)
    with pytest.raises(exceptions.NotFoundException):
        image_proxy.remove_member("p9", "i1", ignore_missing=False)


TASK = {
    "id": "t1",
    "type": "import",
    "status": "pending",
    "owner": "o",
    "input": {"import_from": "http://127.0.0.1/x"},
    "result": None,
    "message": "",
}


def test_tasks(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/tasks", status_code=201, json=TASK)
    task = image_proxy.create_task(type="import", input={"import_from": "http://127.0.0.1/x"})
    assert mock.last_request.json() == {
        "type": "import",
        "input": {"import_from": "http://127.0.0.1/x"},
    }
    assert task.owner_id == "o"
    mock.get(f"{URL}/tasks", json={"tasks": [TASK]})
    assert [t.id for t in image_proxy.tasks(status="pending", type="import")] == ["t1"]
    assert mock.last_request.qs == {"status": ["pending"], "type": ["import"]}
    mock.get(f"{URL}/tasks/t1", json=TASK)
    assert image_proxy.get_task("t1").type == "import"


def test_wait_for_task(mock: Any, image_proxy: Proxy) -> None:
    mock.get(
        f"{URL}/tasks/t1",
        [
            {"json": {**TASK, "status": "processing"}},
            {"json": {**TASK, "status": "success", "result": {"image_id": "i"}}},
        ],
    )
    done = image_proxy.wait_for_task(Task.existing(**TASK), interval=0)
    assert done.result == {"image_id": "i"}
    mock.get(f"{URL}/tasks/t1", json={**TASK, "status": "failure", "message": "bad URI"})
    with pytest.raises(exceptions.ResourceFailure, match="bad URI"):
        image_proxy.wait_for_task(Task.existing(**TASK), interval=0)


def test_stores_and_import_info(mock: Any, image_proxy: Proxy) -> None:
    mock.get(
        f"{URL}/info/stores",
        json={
            "stores": [
                {"id": "fast", "description": "quick", "default": "true"},
                {"id": "special", "description": "ro", "read-only": "true"},
            ]
        },
    )
    stores = list(image_proxy.stores())
    assert [(s.id, s.is_default, s.is_read_only) for s in stores] == [
        ("fast", True, False),
        ("special", False, True),
    ]
    mock.get(
        f"{URL}/info/stores/detail",
        json={
            "stores": [{"id": "fast", "type": "file", "weight": 100, "properties": {"path": "/x"}}]
        },
    )
    detailed = list(image_proxy.stores(details=True))
    assert (detailed[0].type, detailed[0].weight) == ("file", 100)
    mock.get(
        f"{URL}/info/import",
        json={
            "import-methods": {
                "description": "Import methods available.",
                "type": "array",
                "value": ["glance-direct", "web-download"],
            }
        },
    )
    assert image_proxy.get_import_info().methods == ["glance-direct", "web-download"]


@pytest.mark.parametrize(
    "path",
    [
        "images",
        "image",
        "members",
        "member",
        "tasks",
        "task",
        "metadefs/namespace",
        "metadefs/namespaces",
        "metadefs/resource_type",
        "metadefs/resource_types",
        "metadefs/object",
        "metadefs/objects",
        "metadefs/property",
        "metadefs/properties",
        "metadefs/tag",
        "metadefs/tags",
    ],
)
def test_schemas(mock: Any, image_proxy: Proxy, path: str) -> None:
    mock.get(
        f"{URL}/schemas/{path}",
        json={
            "name": path,
            "properties": {"id": {"type": "string"}},
            "additionalProperties": False,
            "required": ["id"],
            "definitions": {"positiveInteger": {"type": "integer", "minimum": 0}},
        },
    )
    # get_image_schema, get_metadef_tag_schema, ...: openstacksdk's names.
    method = f"get_{path.replace('metadefs/', 'metadef_')}_schema"
    schema = getattr(image_proxy, method)()
    assert getattr(Proxy, method).__name__ == method
    assert schema.name == path and schema.properties == {"id": {"type": "string"}}
    assert schema.additional_properties is False and schema.required == ["id"]
    if path.startswith("metadefs/"):
        assert schema.definitions["positiveInteger"]["minimum"] == 0
