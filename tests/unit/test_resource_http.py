"""Resource and Proxy over HTTP, mocked with requests-mock (never our internals)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests_mock

from openstack_core import exceptions, pagination, resource
from openstack_core.testing import FakeCloud
from tests.unit.helpers import COMPUTE, ComputeProxy, Interface, Server, setup_compute

IMAGE = "https://image.example.com/v2"


@pytest.fixture
def mock() -> Any:
    with requests_mock.Mocker() as m:
        yield m


@pytest.fixture
def cloud(mock: requests_mock.Mocker) -> FakeCloud:
    return FakeCloud(mock)


@pytest.fixture
def compute(mock: requests_mock.Mocker, cloud: FakeCloud) -> ComputeProxy:
    return setup_compute(mock, cloud)


def _calls(mock: requests_mock.Mocker, prefix: str) -> list[Any]:
    return [r for r in mock.request_history if r.url.split("?")[0] == prefix]


def test_fetch_sends_negotiated_microversion_and_parses(mock: Any, compute: ComputeProxy) -> None:
    mock.get(f"{COMPUTE}/servers/abc", json={"server": {"id": "abc", "status": "ACTIVE"}})
    server = compute._get(Server, "abc")
    assert server.status == "ACTIVE" and server.microversion == "2.96"
    sent = mock.last_request
    assert sent.headers["OpenStack-API-Version"] == "compute 2.96"
    assert sent.headers["X-OpenStack-Nova-API-Version"] == "2.96"


def test_microversion_is_min_of_resource_and_server(mock: Any, cloud: FakeCloud) -> None:
    proxy = setup_compute(mock, cloud, microversions=("2.1", "2.200"))
    mock.get(f"{COMPUTE}/servers/abc", json={"server": {"id": "abc"}})
    assert proxy._get(Server, "abc").microversion == "2.100"


def test_required_microversion_too_high_names_both(compute: ComputeProxy) -> None:
    with pytest.raises(exceptions.NotSupported, match=r"needs microversion 2\.99.*2\.96"):
        compute._microversion_for(Server, "tags", required="2.99")


def test_pinned_default_microversion_wins(mock: Any, cloud: FakeCloud) -> None:
    cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.96"))
    proxy = cloud.proxy(ComputeProxy, default_microversion="2.53")
    mock.get(f"{COMPUTE}/servers/abc", json={"server": {"id": "abc"}})
    proxy._get(Server, "abc")
    assert mock.last_request.headers["OpenStack-API-Version"] == "compute 2.53"


def test_no_microversion_header_for_unversioned_resource(mock: Any, compute: ComputeProxy) -> None:
    mock.get(f"{COMPUTE}/servers/a/os-interface/p", json={"interfaceAttachment": {"port_id": "p"}})
    compute._get(Interface, "p", server_id="a")
    assert "OpenStack-API-Version" not in mock.last_request.headers


VERSION_DOC = {
    "version": {
        "id": "v2.1",
        "status": "CURRENT",
        "min_version": "2.1",
        "version": "2.96",
        "links": [{"rel": "self", "href": COMPUTE + "/"}],
    }
}


def test_failed_discovery_is_retried_on_the_next_call(mock: Any, cloud: FakeCloud) -> None:
    cloud.add_service("compute", COMPUTE)
    # Registered later, so it answers instead of add_service's document.
    mock.get(COMPUTE, [{"status_code": 503}, {"status_code": 503}, {"json": VERSION_DOC}])
    mock.get(f"{COMPUTE}/servers/a", json={"server": {"id": "a"}})
    proxy = cloud.proxy(ComputeProxy)
    assert proxy._get(Server, "a").microversion is None  # the cloud is down: no header
    assert "OpenStack-API-Version" not in mock.last_request.headers
    assert proxy._get(Server, "a").microversion == "2.96"
    assert mock.last_request.headers["OpenStack-API-Version"] == "compute 2.96"
    proxy._get(Server, "a")
    assert len([r for r in mock.request_history if r.url.rstrip("/") == COMPUTE]) == 3


def test_document_without_microversions_is_read_once(mock: Any, cloud: FakeCloud) -> None:
    cloud.add_service("compute", COMPUTE)  # a version document with no range
    mock.get(f"{COMPUTE}/servers/a", json={"server": {"id": "a"}})
    proxy = cloud.proxy(ComputeProxy)
    for _ in range(3):
        assert proxy._get(Server, "a").microversion is None
    assert len([r for r in mock.request_history if r.url.rstrip("/") == COMPUTE]) == 1
    with pytest.raises(exceptions.NotSupported, match="announces no microversion support"):
        proxy._microversion_for(Server, "tags", required="2.26")


def test_failed_discovery_is_a_discovery_error_when_a_minimum_is_required(
    mock: Any, cloud: FakeCloud
) -> None:
    cloud.add_service("compute", COMPUTE)
    mock.get(COMPUTE, status_code=503, text="upstream down")
    proxy = cloud.proxy(ComputeProxy)
    with pytest.raises(exceptions.DiscoveryError) as err:
        proxy._microversion_for(Server, "tags", required="2.26")
    text = str(err.value)
    assert "Server.tags needs microversion 2.26" in text and COMPUTE in text
    assert err.value.__cause__ is not None


def test_create_posts_whole_body_under_resource_key(mock: Any, compute: ComputeProxy) -> None:
    mock.post(
        f"{COMPUTE}/servers", json={"server": {"id": "new", "adminPass": "pw"}}, status_code=202
    )
    server = compute._create(Server, name="web", metadata={"a": "b"})
    assert mock.last_request.json() == {"server": {"name": "web", "metadata": {"a": "b"}}}
    assert server.id == "new" and server.name == "web" and not server.is_dirty


def test_create_sends_nested_resources_as_json(mock: Any, compute: ComputeProxy) -> None:
    class Network(resource.Resource):
        uuid = resource.Body("uuid")
        fixed_ip = resource.Body("fixed_ip")

    class Booted(Server):
        networks = resource.Body("networks", type=list, list_type=Network)

    mock.post(f"{COMPUTE}/servers", json={"server": {"id": "n"}}, status_code=202)
    compute._create(Booted, name="web", networks=[Network.new(uuid="net-1"), {"uuid": "net-2"}])
    assert mock.last_request.json() == {
        "server": {"name": "web", "networks": [{"uuid": "net-1"}, {"uuid": "net-2"}]}
    }


def test_a_bad_value_fails_before_any_request(mock: Any, compute: ComputeProxy) -> None:
    with pytest.raises(exceptions.InvalidRequest, match=r"Server\.progress expects int"):
        compute._create(Server, name="web", progress="fast")
    assert _calls(mock, f"{COMPUTE}/servers") == []


def test_commit_puts_only_dirty_keys(mock: Any, compute: ComputeProxy) -> None:
    mock.put(f"{COMPUTE}/servers/abc", json={"server": {"id": "abc", "name": "new"}})
    server = Server.existing(id="abc", name="old", status="ACTIVE")
    server.name = "new"
    server.commit(compute)
    assert mock.last_request.json() == {"server": {"name": "new"}}
    assert server.name == "new" and server.status == "ACTIVE"


def test_commit_without_changes_sends_nothing(mock: Any, compute: ComputeProxy) -> None:
    before = len(mock.request_history)
    Server.existing(id="abc", name="x").commit(compute)
    assert len(mock.request_history) == before


class Image(resource.Resource):
    base_path = "/images"
    allow_commit = allow_patch = allow_list = True
    commit_jsonpatch = True
    patch_media_type = "application/openstack-images-v2.1-json-patch"
    min_ram = resource.Body("min_ram", type=int)
    visibility = resource.Body("visibility")
    odd = resource.Body("a/b~c")


def test_commit_json_patch_add_replace_remove(mock: Any, cloud: FakeCloud) -> None:
    cloud.add_service("image", IMAGE)

    class ImageProxy(ComputeProxy):
        service_type = "image"

    proxy = cloud.proxy(ImageProxy)
    mock.patch(f"{IMAGE}/images/i1", json={"id": "i1", "min_ram": 1024})
    image = Image.existing(id="i1", visibility="private", name="n")
    image.min_ram = 1024  # add
    image.visibility = "public"  # replace
    del image.name  # remove
    image.odd = "x"  # path escaping
    image.visibility = "public"
    image.commit(proxy)
    sent = mock.last_request
    assert sent.headers["Content-Type"] == "application/openstack-images-v2.1-json-patch"
    assert sent.json() == [
        {"op": "add", "path": "/min_ram", "value": 1024},
        {"op": "replace", "path": "/visibility", "value": "public"},
        {"op": "remove", "path": "/name"},
        {"op": "add", "path": "/a~1b~0c", "value": "x"},
    ]


def test_json_patch_changes_that_cancel_out_send_nothing(mock: Any, cloud: FakeCloud) -> None:
    cloud.add_service("image", IMAGE)

    class ImageProxy(ComputeProxy):
        service_type = "image"

    proxy = cloud.proxy(ImageProxy)
    mock.patch(f"{IMAGE}/images/i1", json={"id": "i1"})
    image = Image.existing(id="i1", visibility="private")
    image.visibility = "public"
    image.visibility = "private"
    image.min_ram = 512
    del image.min_ram
    image.commit(proxy)
    assert [r for r in mock.request_history if r.method == "PATCH"] == []
    assert not image.is_dirty and image.visibility == "private"
    image.visibility = "public"  # a real change afterwards is still sent
    image.commit(proxy)
    assert mock.last_request.json() == [{"op": "replace", "path": "/visibility", "value": "public"}]


def test_existing_with_header_fields_is_not_dirty(mock: Any, compute: ComputeProxy) -> None:
    class Obj(resource.Resource):
        base_path = "/objects"
        allow_commit = True
        commit_method = "POST"
        if_match = resource.Header("If-Match")
        color = resource.Body("color")

    mock.post(f"{COMPUTE}/objects/o", status_code=204)
    obj = Obj.existing(id="o", if_match="abc", color="red")
    assert not obj.is_dirty and obj.if_match == "abc"
    obj.commit(compute)
    assert _calls(mock, f"{COMPUTE}/objects/o") == []
    obj.if_match = "def"  # setting it afterwards is a change, and is sent
    obj.commit(compute)
    assert mock.last_request.headers["If-Match"] == "def"


def test_delete_and_ignore_missing(mock: Any, compute: ComputeProxy) -> None:
    mock.delete(f"{COMPUTE}/servers/abc", status_code=204)
    compute._delete(Server, "abc")
    assert mock.last_request.method == "DELETE"
    mock.delete(f"{COMPUTE}/servers/gone", status_code=404, json={"itemNotFound": {"message": "x"}})
    assert compute._delete(Server, "gone") is None
    with pytest.raises(exceptions.NotFoundException, match="No Server found for gone"):
        compute._delete(Server, "gone", ignore_missing=False)


def test_head_reads_headers(mock: Any, compute: ComputeProxy) -> None:
    class Thing(resource.Resource):
        base_path = "/things"
        allow_head = True
        etag = resource.Header("etag")

    mock.head(f"{COMPUTE}/things/t", headers={"ETag": "v1"})
    assert compute._head(Thing, "t").etag == "v1"


def test_escaped_id_reaches_exact_url(mock: Any, compute: ComputeProxy) -> None:
    mock.get(f"{COMPUTE}/servers/..%2Fflavors", json={"server": {"id": "../flavors"}})
    compute._get(Server, "../flavors")
    assert mock.last_request.path == "/v2.1/servers/..%2fflavors"


def _servers(*ids: str) -> list[dict[str, str]]:
    return [{"id": i, "name": f"n{i}"} for i in ids]


def test_list_follows_nova_links_using_their_query(mock: Any, compute: ComputeProxy) -> None:
    # The link's host is wrong on purpose (a TLS-terminating proxy's internal name).
    mock.get(
        f"{COMPUTE}/servers",
        [
            {
                "json": {
                    "servers": _servers("1", "2"),
                    "servers_links": [
                        {
                            "rel": "next",
                            "href": "http://internal:8774/v2.1/servers?limit=2&marker=2",
                        }
                    ],
                }
            },
            {"json": {"servers": _servers("3")}},
        ],
    )
    ids = [s.id for s in compute._list(Server, limit=2, changes_since="2020")]
    assert ids == ["1", "2", "3"]
    calls = _calls(mock, f"{COMPUTE}/servers")
    assert len(calls) == 2  # no request after the page without a next link
    assert calls[0].qs == {"limit": ["2"], "changes-since": ["2020"]}
    # The link left the filter out; it is kept, never silently widening the listing.
    assert calls[1].qs == {"limit": ["2"], "marker": ["2"], "changes-since": ["2020"]}
    assert calls[1].netloc == "compute.example.com"


def test_next_link_query_is_merged_over_the_callers_filters(
    mock: Any, compute: ComputeProxy
) -> None:
    # As openstacksdk: the caller's query without marker/limit, updated by the link's.
    mock.get(
        f"{COMPUTE}/servers",
        [
            {
                "json": {
                    "servers": _servers("1"),
                    "servers_links": [
                        {"rel": "next", "href": f"{COMPUTE}/servers?marker=1&name=web2"}
                    ],
                }
            },
            {"json": {"servers": _servers("2")}},
        ],
    )
    listed = compute._list(Server, status="ACTIVE", name="web", limit=1, tags=["a", "b"])
    assert [s.id for s in listed] == ["1", "2"]
    first, second = _calls(mock, f"{COMPUTE}/servers")
    assert first.qs == {"status": ["active"], "name": ["web"], "limit": ["1"], "tags": ["a,b"]}
    assert second.qs == {"status": ["active"], "name": ["web2"], "marker": ["1"], "tags": ["a,b"]}


def test_loop_guard_catches_a_link_back_to_the_first_page(mock: Any, compute: ComputeProxy) -> None:
    page = {
        "servers": _servers("1"),
        "servers_links": [{"rel": "next", "href": f"{COMPUTE}/servers?limit=1"}],
    }
    mock.get(f"{COMPUTE}/servers", json=page)
    with pytest.raises(exceptions.InvalidResponse, match="same next page twice"):
        list(compute._list(Server, limit=1))
    assert len(_calls(mock, f"{COMPUTE}/servers")) == 1


def test_list_max_items_stops_early(mock: Any, compute: ComputeProxy) -> None:
    mock.get(
        f"{COMPUTE}/servers",
        json={
            "servers": _servers("1", "2", "3"),
            "servers_links": [{"rel": "next", "href": f"{COMPUTE}/servers?marker=3"}],
        },
    )
    assert [s.id for s in compute._list(Server, max_items=2)] == ["1", "2"]
    assert len(_calls(mock, f"{COMPUTE}/servers")) == 1


def test_list_max_items_zero_sends_nothing_and_negative_is_refused(
    mock: Any, compute: ComputeProxy
) -> None:
    mock.get(f"{COMPUTE}/servers", json={"servers": _servers("1", "2")})
    assert list(compute._list(Server, max_items=0)) == []
    assert _calls(mock, f"{COMPUTE}/servers") == []
    with pytest.raises(exceptions.InvalidRequest, match=r"Server.list: max_items .* not -1"):
        compute._list(Server, max_items=-1)  # refused before anything is iterated
    assert _calls(mock, f"{COMPUTE}/servers") == []


def test_list_paginated_false_reads_one_page(mock: Any, compute: ComputeProxy) -> None:
    mock.get(
        f"{COMPUTE}/servers",
        json={
            "servers": _servers("1"),
            "servers_links": [{"rel": "next", "href": f"{COMPUTE}/servers?marker=1"}],
        },
    )
    assert len(list(compute._list(Server, paginated=False))) == 1


def test_list_is_lazy(mock: Any, compute: ComputeProxy) -> None:
    mock.get(f"{COMPUTE}/servers", json={"servers": _servers("1")})
    before = len(mock.request_history)
    iterator = compute._list(Server)
    assert len(mock.request_history) == before  # not even authentication yet
    next(iterator)
    assert len(_calls(mock, f"{COMPUTE}/servers")) == 1


def test_list_loop_guard(mock: Any, compute: ComputeProxy) -> None:
    page = {
        "servers": _servers("1"),
        "servers_links": [{"rel": "next", "href": f"{COMPUTE}/servers?marker=1"}],
    }
    mock.get(f"{COMPUTE}/servers", json=page)
    with pytest.raises(exceptions.InvalidResponse, match="same next page twice"):
        list(compute._list(Server))


def test_list_stops_when_a_link_keeps_its_marker_and_changes_another_parameter(
    mock: Any, compute: ComputeProxy
) -> None:
    # ?marker=1&page=N with N growing: every query is new, the items are not.
    def page(request: Any, context: Any) -> dict[str, Any]:
        n = int(request.qs.get("page", ["1"])[0])
        ids = ("1",) if "marker" not in request.qs else ("2", "3")
        link = f"{COMPUTE}/servers?marker=1&page={n + 1}"
        return {"servers": _servers(*ids), "servers_links": [{"rel": "next", "href": link}]}

    mock.get(f"{COMPUTE}/servers", json=page)
    with pytest.raises(exceptions.InvalidResponse, match="repeats the items of an earlier page"):
        list(compute._list(Server))
    assert len(_calls(mock, f"{COMPUTE}/servers")) == 3


def test_list_stops_on_empty_pages_that_make_no_progress(mock: Any, compute: ComputeProxy) -> None:
    counter = iter(range(1000))

    def empty(request: Any, context: Any) -> dict[str, Any]:
        link = f"{COMPUTE}/servers?marker=m{next(counter)}"
        return {"servers": [], "servers_links": [{"rel": "next", "href": link}]}

    mock.get(f"{COMPUTE}/servers", json=empty)
    with pytest.raises(exceptions.InvalidResponse, match="5 empty pages in a row"):
        list(compute._list(Server))
    assert len(_calls(mock, f"{COMPUTE}/servers")) == 5

    mock.get(
        f"{COMPUTE}/servers",
        json={
            "servers": [],
            "servers_links": [{"rel": "next", "href": "/servers?marker=x&page=2"}],
        },
    )
    with pytest.raises(exceptions.InvalidResponse, match="same marker"):
        list(compute._list(Server, marker="x", name="web"))


def test_list_items_keep_path_parameters(mock: Any, compute: ComputeProxy) -> None:
    mock.get(
        f"{COMPUTE}/servers/s%2F1/os-interface",
        json={"interfaceAttachments": [{"port_id": "p1"}, {"port_id": "p2"}]},
    )
    items = list(compute._list(Interface, server_id="s/1"))
    assert [i.server_id for i in items] == ["s/1", "s/1"]
    assert items[0]._url() == "/servers/s%2F1/os-interface/p1"


def test_list_unknown_filter(compute: ComputeProxy) -> None:
    with pytest.raises(exceptions.InvalidResourceQuery, match="valid filters"):
        compute._list(Server, colour="red")


def test_list_missing_resources_key_is_invalid_response(mock: Any, compute: ComputeProxy) -> None:
    mock.get(f"{COMPUTE}/servers", json={"nope": []})
    with pytest.raises(exceptions.InvalidResponse, match="expected key 'servers'"):
        list(compute._list(Server))


class GlanceImage(resource.Resource):
    resources_key = "images"
    base_path = "/images"
    allow_list = True


class KeystoneProject(resource.Resource):
    resources_key = "projects"
    base_path = "/projects"
    allow_list = True


class LinkHeaderThing(resource.Resource):
    resources_key = "things"
    base_path = "/things"
    allow_list = True


class MarkerThing(resource.Resource):
    resources_key = "things"
    base_path = "/mthings"
    allow_list = True
    pagination = pagination.MarkerPagination()


class OffsetThing(resource.Resource):
    resources_key = "things"
    base_path = "/othings"
    allow_list = True
    _query_mapping = resource.QueryParameters("offset")
    pagination = pagination.OffsetPagination()


@pytest.mark.parametrize(
    ("cls", "path", "first", "headers"),
    [
        (GlanceImage, "/images", {"images": [{"id": "1"}], "next": "/v2/images?marker=1"}, {}),
        (
            KeystoneProject,
            "/projects",
            {"projects": [{"id": "1"}], "links": {"next": f"{COMPUTE}/projects?marker=1"}},
            {},
        ),
        (
            LinkHeaderThing,
            "/things",
            {"things": [{"id": "1"}]},
            {"Link": f'<{COMPUTE}/things?marker=1>; rel="next"'},
        ),
    ],
)
def test_pagination_styles(
    mock: Any, compute: ComputeProxy, cls: Any, path: str, first: Any, headers: Any
) -> None:
    mock.get(
        f"{COMPUTE}{path}",
        [{"json": first, "headers": headers}, {"json": {cls.resources_key: [{"id": "2"}]}}],
    )
    assert [r.id for r in cls.list(compute)] == ["1", "2"]
    assert _calls(mock, f"{COMPUTE}{path}")[1].qs == {"marker": ["1"]}


def test_marker_pagination_stops_on_short_page(mock: Any, compute: ComputeProxy) -> None:
    mock.get(
        f"{COMPUTE}/mthings",
        [
            {"json": {"things": [{"id": "1"}, {"id": "2"}]}},
            {"json": {"things": [{"id": "3"}]}},
        ],
    )
    assert [r.id for r in MarkerThing.list(compute, limit=2)] == ["1", "2", "3"]
    assert _calls(mock, f"{COMPUTE}/mthings")[1].qs == {"limit": ["2"], "marker": ["2"]}
    assert len(_calls(mock, f"{COMPUTE}/mthings")) == 2


def test_offset_pagination(mock: Any, compute: ComputeProxy) -> None:
    mock.get(
        f"{COMPUTE}/othings",
        [
            {"json": {"things": [{"id": "1"}, {"id": "2"}]}},
            {"json": {"things": []}},
        ],
    )
    assert [r.id for r in OffsetThing.list(compute, limit=2)] == ["1", "2"]
    assert _calls(mock, f"{COMPUTE}/othings")[1].qs == {"limit": ["2"], "offset": ["2"]}


def test_find_by_id_then_name(mock: Any, compute: ComputeProxy) -> None:
    mock.get(f"{COMPUTE}/servers/web", status_code=404, json={"itemNotFound": {"message": "no"}})
    mock.get(
        f"{COMPUTE}/servers",
        json={"servers": [{"id": "1", "name": "web"}, {"id": "2", "name": "web-2"}]},
    )
    found = compute._find(Server, "web")
    assert found is not None and found.id == "1"
    assert mock.last_request.qs == {"name": ["web"]}


def test_find_duplicate_and_missing(mock: Any, compute: ComputeProxy) -> None:
    mock.get(f"{COMPUTE}/servers/web", status_code=404)
    mock.get(
        f"{COMPUTE}/servers",
        json={"servers": [{"id": "1", "name": "web"}, {"id": "2", "name": "web"}]},
    )
    with pytest.raises(exceptions.DuplicateResource, match="ids: 1, 2"):
        compute._find(Server, "web")
    mock.get(f"{COMPUTE}/servers", json={"servers": []})
    assert compute._find(Server, "web") is None
    with pytest.raises(exceptions.NotFoundException, match="No Server found for 'web'"):
        compute._find(Server, "web", ignore_missing=False)


def test_find_ignores_a_by_id_answer_that_is_not_the_resource(
    mock: Any, compute: ComputeProxy
) -> None:
    # GET /servers/detail is Nova's detailed list, not a server called "detail".
    mock.get(f"{COMPUTE}/servers/detail", json={"servers": [{"id": "1", "name": "a"}]})
    mock.get(f"{COMPUTE}/servers", json={"servers": [{"id": "9", "name": "detail"}]})
    found = compute._find(Server, "detail")
    assert found is not None and found.id == "9" and found.name == "detail"
    assert mock.last_request.path == "/v2.1/servers" and mock.last_request.qs == {
        "name": ["detail"]
    }


def test_find_accepts_a_by_id_answer_found_by_name(mock: Any, compute: ComputeProxy) -> None:
    # Services that look names up on the by-id route (Heat stacks) answer the real id.
    mock.get(f"{COMPUTE}/servers/web", json={"server": {"id": "u-1", "name": "web"}})
    found = compute._find(Server, "web")
    assert found is not None and found.id == "u-1"
    assert len(_calls(mock, f"{COMPUTE}/servers")) == 0


@pytest.mark.parametrize("name", [".", ".."])
def test_find_dot_names_are_searched_by_name_only(
    mock: Any, compute: ComputeProxy, name: str
) -> None:
    mock.get(f"{COMPUTE}/servers", json={"servers": [{"id": "7", "name": name}]})
    found = compute._find(Server, name)
    assert found is not None and found.id == "7"
    assert [r.path for r in mock.request_history if "/servers" in r.path] == ["/v2.1/servers"]


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (400, {"badRequest": {"message": "Invalid input: 'web' is not a UUID"}}),
        (403, {"forbidden": {"message": "Policy does not allow this lookup"}}),
    ],
)
def test_find_by_name_after_a_400_or_403_by_id(
    mock: Any, compute: ComputeProxy, status: int, body: dict[str, Any]
) -> None:
    mock.get(f"{COMPUTE}/servers/web", status_code=status, json=body)
    mock.get(f"{COMPUTE}/servers", json={"servers": [{"id": "2", "name": "web"}]})
    found = compute._find(Server, "web")
    assert found is not None and found.id == "2"


def test_wait_for_status_reports_progress(mock: Any, compute: ComputeProxy) -> None:
    mock.get(
        f"{COMPUTE}/servers/a",
        [
            {"json": {"server": {"id": "a", "status": "BUILD", "progress": 50}}},
            {"json": {"server": {"id": "a", "status": "ACTIVE", "progress": 100}}},
        ],
    )
    seen: list[Any] = []
    server = Server.existing(id="a", status="BUILD")
    done = compute.wait_for_status(server, "active", interval=0, wait=5, callback=seen.append)
    assert done.status == "ACTIVE" and seen == [50, 100]


def test_wait_for_status_failure_and_timeout(mock: Any, compute: ComputeProxy) -> None:
    mock.get(f"{COMPUTE}/servers/a", json={"server": {"id": "a", "status": "ERROR"}})
    with pytest.raises(exceptions.ResourceFailure, match="ERROR"):
        compute.wait_for_status(Server.existing(id="a", status="BUILD"), "ACTIVE", interval=0)
    mock.get(f"{COMPUTE}/servers/a", json={"server": {"id": "a", "status": "BUILD"}})
    with pytest.raises(exceptions.ResourceTimeout) as err:
        compute.wait_for_status(
            Server.existing(id="a", status="BUILD"), "ACTIVE", interval=0.01, wait=0.05
        )
    assert isinstance(err.value, TimeoutError)


def test_wait_for_delete(mock: Any, compute: ComputeProxy) -> None:
    mock.get(
        f"{COMPUTE}/servers/a",
        [
            {"json": {"server": {"id": "a", "status": "DELETING"}}},
            {"status_code": 404},
        ],
    )
    compute.wait_for_delete(Server.existing(id="a"), interval=0, wait=5)
    mock.get(f"{COMPUTE}/servers/a", json={"server": {"id": "a"}})
    with pytest.raises(exceptions.ResourceTimeout):
        compute.wait_for_delete(Server.existing(id="a"), interval=0.01, wait=0.03)


def test_invalid_json_body(mock: Any, compute: ComputeProxy) -> None:
    mock.get(
        f"{COMPUTE}/servers/a", text="<html>oops</html>", headers={"Content-Type": "text/html"}
    )
    with pytest.raises(exceptions.InvalidResponse, match=r"GET .*/servers/a .*not JSON"):
        compute._get(Server, "a")


def test_request_body_is_json(mock: Any, compute: ComputeProxy) -> None:
    mock.post(f"{COMPUTE}/servers", json={"server": {"id": "n"}})
    compute._create(Server, name="x", is_locked=True)
    assert json.loads(mock.last_request.body) == {"server": {"name": "x", "locked": True}}


def test_header_fields_are_sent_when_set_and_read_case_insensitively(
    mock: Any, compute: ComputeProxy
) -> None:
    class Obj(resource.Resource):
        base_path = "/objects"
        allow_commit = allow_head = True
        commit_method = "POST"
        content_type = resource.Header("Content-Type")
        meta_color = resource.Header("X-Object-Meta-Color")

    mock.head(f"{COMPUTE}/objects/o", headers={"content-type": "text/plain"})
    mock.post(f"{COMPUTE}/objects/o", status_code=204, headers={"x-object-meta-color": "red"})
    obj = compute._head(Obj, "o")
    assert obj.content_type == "text/plain"
    obj.meta_color = "red"
    assert obj.content_type == "text/plain" and obj.is_dirty
    obj.commit(compute)
    assert mock.last_request.headers["X-Object-Meta-Color"] == "red"
    assert mock.last_request.body is None  # no body change, so no body
    assert "Content-Type" not in mock.last_request.headers  # unchanged headers are not sent
    assert obj.meta_color == "red" and not obj.is_dirty


# -- every Resource and Proxy bullet of the engine, over HTTP ------------------------------


def test_proxy_update_takes_an_id_an_instance_or_a_dict(mock: Any, compute: ComputeProxy) -> None:
    mock.put(f"{COMPUTE}/servers/abc", json={"server": {"id": "abc", "name": "new"}})
    updated = compute._update(Server, "abc", name="new")
    assert mock.last_request.json() == {"server": {"name": "new"}}
    assert updated.name == "new" and not updated.is_dirty

    server = Server.existing(id="abc", name="old", status="ACTIVE")
    assert compute._update(Server, server, name="newer") is server
    assert mock.last_request.json() == {"server": {"name": "newer"}}

    compute._update(Server, {"id": "abc", "name": "old"}, status="SHUTOFF")
    assert mock.last_request.json() == {"server": {"status": "SHUTOFF"}}

    before = len(_calls(mock, f"{COMPUTE}/servers/abc"))
    compute._update(Server, "abc")  # nothing to change, nothing sent
    assert len(_calls(mock, f"{COMPUTE}/servers/abc")) == before


def test_proxy_wait_for_status_alias_polls(mock: Any, compute: ComputeProxy) -> None:
    mock.get(
        f"{COMPUTE}/servers/a",
        [
            {"json": {"server": {"id": "a", "status": "BUILD"}}},
            {"json": {"server": {"id": "a", "status": "ACTIVE"}}},
        ],
    )
    server = compute._wait_for_status(
        Server.existing(id="a", status="BUILD"), "ACTIVE", interval=0, wait=5
    )
    assert server.status == "ACTIVE"
    assert len(_calls(mock, f"{COMPUTE}/servers/a")) == 2


class Settings(resource.Resource):
    """A singleton addressed without an id (requires_id=False)."""

    resource_key = "settings"
    base_path = "/settings"
    allow_fetch = allow_commit = True
    requires_id = False
    color = resource.Body("color")


def test_requires_id_false_fetches_and_commits_the_base_path(
    mock: Any, compute: ComputeProxy
) -> None:
    mock.get(f"{COMPUTE}/settings", json={"settings": {"color": "red"}})
    mock.put(f"{COMPUTE}/settings", json={"settings": {"color": "blue"}})
    settings = compute._get(Settings)
    assert settings.color == "red" and mock.last_request.path == "/v2.1/settings"
    settings.color = "blue"
    settings.commit(compute)
    assert mock.last_request.method == "PUT" and mock.last_request.path == "/v2.1/settings"
    assert mock.last_request.json() == {"settings": {"color": "blue"}}


def test_commit_method_patch_without_json_patch(mock: Any, compute: ComputeProxy) -> None:
    class Port(resource.Resource):
        resource_key = "port"
        base_path = "/ports"
        allow_commit = True
        commit_method = "PATCH"
        mtu = resource.Body("mtu", type=int)

    mock.patch(f"{COMPUTE}/ports/p1", json={"port": {"id": "p1", "mtu": 9000}})
    port = Port.existing(id="p1", mtu=1500, name="eth0")
    port.mtu = 9000
    port.commit(compute)
    sent = mock.last_request
    assert sent.method == "PATCH" and sent.json() == {"port": {"mtu": 9000}}
    assert sent.headers["Content-Type"] == "application/json"


def test_create_with_put_to_the_id(mock: Any, compute: ComputeProxy) -> None:
    class Tag(resource.Resource):
        resource_key = "tag"
        base_path = "/tags"
        allow_create = True
        create_method = "PUT"
        color = resource.Body("color")

    mock.put(f"{COMPUTE}/tags/t%201", status_code=201, json={"tag": {"id": "t 1", "color": "r"}})
    tag = compute._create(Tag, id="t 1", color="r")
    assert mock.last_request.method == "PUT" and mock.last_request.path == "/v2.1/tags/t%201"
    assert mock.last_request.json() == {"tag": {"id": "t 1", "color": "r"}}
    assert tag.id == "t 1" and not tag.is_dirty


def test_create_requires_id_and_excludes_it_from_the_body(mock: Any, compute: ComputeProxy) -> None:
    class Member(resource.Resource):
        resource_key = "member"
        base_path = "/members"
        allow_create = True
        create_requires_id = True
        create_exclude_id_from_body = True
        role = resource.Body("role")

    mock.post(f"{COMPUTE}/members/m1", json={"member": {"id": "m1", "role": "admin"}})
    compute._create(Member, id="m1", role="admin")
    assert mock.last_request.method == "POST" and mock.last_request.path == "/v2.1/members/m1"
    assert mock.last_request.json() == {"member": {"role": "admin"}}


def test_explicit_microversion_wins_over_negotiation(mock: Any, compute: ComputeProxy) -> None:
    mock.get(f"{COMPUTE}/servers/a", json={"server": {"id": "a"}})
    mock.get(f"{COMPUTE}/servers", json={"servers": _servers("1")})
    server = Server.existing(id="a").fetch(compute, microversion="2.53")
    assert server.microversion == "2.53"
    assert mock.last_request.headers["OpenStack-API-Version"] == "compute 2.53"
    assert [s.microversion for s in Server.list(compute, microversion="2.60")] == ["2.60"]
    assert mock.last_request.headers["OpenStack-API-Version"] == "compute 2.60"


class ReadOnly(resource.Resource):
    base_path = "/readonly"
    color = resource.Body("color")


@pytest.mark.parametrize(
    ("method", "call"),
    [
        ("create", lambda p: ReadOnly.new(color="x").create(p)),
        ("fetch", lambda p: ReadOnly.existing(id="1").fetch(p)),
        ("commit", lambda p: ReadOnly.new(id="1", color="x").commit(p)),
        ("delete", lambda p: ReadOnly.existing(id="1").delete(p)),
        ("head", lambda p: ReadOnly.existing(id="1").head(p)),
        ("list", lambda p: ReadOnly.list(p)),
    ],
)
def test_method_not_supported_before_any_request(
    mock: Any, compute: ComputeProxy, method: str, call: Any
) -> None:
    expected = rf"\.ReadOnly does not support '{method}': its allow_{method} is False"
    with pytest.raises(exceptions.MethodNotSupported, match=expected):
        call(compute)
    assert [r for r in mock.request_history if "/readonly" in r.path] == []


def test_json_patch_commit_needs_allow_patch(mock: Any, compute: ComputeProxy) -> None:
    class Patched(resource.Resource):
        base_path = "/patched"
        allow_commit = True  # not enough: JSON-patch commits are allow_patch's
        commit_jsonpatch = True
        color = resource.Body("color")

    with pytest.raises(exceptions.MethodNotSupported, match="does not support 'patch'"):
        Patched.new(id="1", color="x").commit(compute)
    assert [r for r in mock.request_history if "/patched" in r.path] == []


def test_wait_for_delete_reports_progress(mock: Any, compute: ComputeProxy) -> None:
    mock.get(
        f"{COMPUTE}/servers/e",
        [{"json": {"server": {"id": "e", "progress": 30}}}, {"status_code": 404}],
    )
    seen: list[Any] = []
    compute.wait_for_delete(Server.existing(id="e"), interval=0, wait=5, callback=seen.append)
    assert seen == [30]


def test_id_with_slash_and_question_mark_stays_in_its_segment(
    mock: Any, compute: ComputeProxy
) -> None:
    mock.get(f"{COMPUTE}/servers/a%2Fb%3Fc", json={"server": {"id": "a/b?c"}})
    assert compute._get(Server, "a/b?c").id == "a/b?c"
    assert mock.last_request.path == "/v2.1/servers/a%2fb%3fc" and mock.last_request.qs == {}


def test_allow_unknown_params_sends_them_as_given(mock: Any, compute: ComputeProxy) -> None:
    mock.get(f"{COMPUTE}/servers", json={"servers": []})
    list(Server.list(compute, allow_unknown_params=True, deleted="true", status="ACTIVE"))
    assert mock.last_request.qs == {"deleted": ["true"], "status": ["active"]}
    with pytest.raises(exceptions.InvalidResourceQuery, match="no query filter 'deleted'"):
        Server.list(compute, deleted="true")


def test_list_type_converts_items_and_computed_fields_are_never_sent(
    mock: Any, compute: ComputeProxy
) -> None:
    class Zone(resource.Resource):
        resource_key = "zone"
        resources_key = "zones"
        base_path = "/zones"
        allow_create = allow_list = True
        ports = resource.Body("ports", type=list, list_type=int)
        region = resource.Computed("region", default="RegionOne")

    mock.post(f"{COMPUTE}/zones", json={"zone": {"id": "z", "ports": ["53", "5353"]}})
    mock.get(f"{COMPUTE}/zones", json={"zones": [{"id": "z", "ports": ["53"]}]})
    zone = compute._create(Zone, name="z", region="west", ports=[53])
    assert mock.last_request.json() == {"zone": {"name": "z", "ports": [53]}}
    assert zone.ports == [53, 5353] and zone.region == "west"
    assert "region" not in zone.to_dict(computed=False)
    [listed] = compute._list(Zone)
    assert listed.ports == [53] and listed.region == "RegionOne"


def test_endpoint_follows_a_new_catalog_after_reauthentication(mock: Any) -> None:
    # The Proxy resolves its endpoint once per token; a new token may bring a new catalog.
    first = FakeCloud(mock)
    first.add_service("compute", COMPUTE, microversions=("2.1", "2.96"))
    compute = first.proxy(ComputeProxy, version="2")
    mock.get(f"{COMPUTE}/servers/a", json={"server": {"id": "a"}})
    compute._get(Server, "a")
    compute._get(Server, "a")
    moved = "https://compute2.example.com/v2.1"
    second = FakeCloud(mock)  # the next token issued carries this catalog
    second.add_service("compute", moved, microversions=("2.1", "2.96"))
    mock.get(f"{moved}/servers/a", json={"server": {"id": "a", "name": "moved"}})
    assert compute._get(Server, "a").name is None
    compute.session.auth.invalidate()
    assert compute._get(Server, "a").name == "moved"
    assert mock.last_request.url == f"{moved}/servers/a"


def test_endpoint_with_percent_encoding_is_used_literally(mock: Any, cloud: FakeCloud) -> None:
    url = "https://compute.example.com/region%20one/v2.1"
    cloud.add_service("compute", url, microversions=("2.1", "2.96"))
    compute = cloud.proxy(ComputeProxy, version="2")
    mock.get(f"{url}/servers/a", json={"server": {"id": "a"}})
    compute._get(Server, "a")
    compute._get(Server, "a")
    assert mock.last_request.url == f"{url}/servers/a"
