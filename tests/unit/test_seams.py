"""The seams plugin API 2.0 added, each exercised on the wire by a small plugin."""

from __future__ import annotations

import itertools
import json
import logging
import time
from typing import Any

import pytest
import requests

from openstack_core import crud, exceptions, pagination, proxy, resource
from openstack_core.testing import FakeCloud

SWIFT = "https://swift.example.com/v1/AUTH_p"
NEUTRON_ROOT = "https://neutron.example.com:9696"

# -- a Swift-like service: no discovery, header metadata, body-less create, bare lists --


def _marker(item: dict[str, Any]) -> Any:
    return item.get("name") or item.get("subdir")


class Container(resource.Resource):
    """A container: identified by its name, metadata in headers, listed as a bare list."""

    base_path = ""
    resources_key = None  # GET <account>?format=json answers a bare JSON list
    allow_create = allow_head = allow_list = allow_delete = allow_commit = True
    create_method = "PUT"
    commit_method = "POST"
    pagination = pagination.MarkerPagination(id_of=_marker)
    _query_mapping = resource.QueryParameters("prefix", "format")

    name = resource.Body("name", alternate_id=True)
    count = resource.Body("count", type=int)
    object_count = resource.Header("X-Container-Object-Count", type=int)
    read_acl = resource.Header("X-Container-Read", alias="legacy_read_acl")
    legacy_read_acl = resource.Header("X-Container-Read-Legacy")
    metadata = resource.HeaderDict("X-Container-Meta-")

    def request_body(
        self,
        body: dict[str, Any],
        *,
        operation: str,
        microversion: str | None,
        prepend_key: bool = True,
    ) -> Any:
        """Swift takes containers from the URL and headers: no body."""
        return None


class ObjectStore(proxy.Proxy):
    """Swift-like: the catalog URL is the account URL, never discovered."""

    service_type = "object-store"
    api_version = 1
    plugin_api_version = "2.0"
    version_discovery = False

    containers = crud.lister(Container)
    create_container = crud.creator(Container)
    delete_container = crud.deleter(Container)

    def get_container_metadata(self, container: Any) -> Container:
        """HEAD the container."""
        return self._head(Container, container)


@pytest.fixture
def swift(fake_cloud: FakeCloud) -> ObjectStore:
    fake_cloud.add_service("object-store", SWIFT, discovery=False)
    return fake_cloud.proxy(ObjectStore)


def test_no_discovery_request_is_ever_sent(swift: ObjectStore, fake_cloud: FakeCloud) -> None:
    mock = fake_cloud.mocker
    mock.get(f"{SWIFT}/?format=json&limit=10", json=[{"name": "a", "count": 1}])
    assert [c.name for c in swift.containers(format="json", limit=10)] == ["a"]
    swift_requests = [r for r in mock.request_history if r.url.startswith(SWIFT)]
    # One request: the listing of the account URL (no version document).
    assert [r.url for r in swift_requests] == [f"{SWIFT}/?format=json&limit=10"]
    assert swift.get_endpoint() == SWIFT


def test_body_less_create_with_header_metadata(swift: ObjectStore, fake_cloud: FakeCloud) -> None:
    mock = fake_cloud.mocker
    mock.put(f"{SWIFT}/c1", status_code=201, headers={"X-Trans-Id": "tx1"})
    container = swift.create_container(name="c1", metadata={"Color": "red", "Gone": None})
    sent = mock.last_request
    assert sent.body is None and "Content-Type" not in sent.headers
    assert sent.headers["X-Container-Meta-Color"] == "red"
    assert sent.headers["X-Container-Meta-Gone"] == ""
    assert container.id == "c1" and not container.is_dirty


def test_head_goes_through_translate_response(swift: ObjectStore, fake_cloud: FakeCloud) -> None:
    seen: list[str] = []

    class Watched(Container):
        """Records what translate_response saw."""

        def translate_response(self, response: requests.Response, *, merge: bool = True) -> None:
            """Record, then the default."""
            seen.append(response.request.method)
            super().translate_response(response, merge=merge)

    fake_cloud.mocker.head(
        f"{SWIFT}/c1",
        headers={
            "X-Container-Object-Count": "3",
            "X-Container-Meta-Color": "blue",
            "x-container-meta-size": "L",
            "X-Container-Read-Legacy": ".r:*",
        },
    )
    head = swift._head(Watched, "c1")
    assert seen == ["HEAD"]
    assert head.object_count == 3
    assert head.metadata == {"Color": "blue", "size": "L"}
    assert head.read_acl == ".r:*"  # Header(alias=) reads the other header when absent
    assert swift.get_container_metadata("c1").name == "c1"  # built from the id alone


def test_marker_paging_with_an_id_extractor(swift: ObjectStore, fake_cloud: FakeCloud) -> None:
    mock = fake_cloud.mocker
    mock.get(
        f"{SWIFT}/?format=json&limit=2",
        json=[{"name": "a"}, {"subdir": "b/"}],
        complete_qs=True,
    )
    mock.get(
        f"{SWIFT}/?format=json&limit=2&marker=b/",
        json=[{"name": "c"}],
        complete_qs=True,
    )
    names = [
        c.get("name") or c.to_dict().get("name") for c in swift.containers(format="json", limit=2)
    ]
    assert names == ["a", None, "c"]


def test_a_page_without_a_marker_raises(fake_cloud: FakeCloud) -> None:
    class Plain(Container):
        """Marker paging without an extractor."""

        pagination = pagination.MarkerPagination(id_key="name")

    fake_cloud.add_service("object-store", SWIFT, discovery=False)
    swift = fake_cloud.proxy(ObjectStore)
    fake_cloud.mocker.get(f"{SWIFT}/?limit=1", json=[{"subdir": "x/"}])
    with pytest.raises(exceptions.InvalidResponse, match="has no 'name' to continue from"):
        list(Plain.list(swift, limit=1))


def test_alternate_id_is_filled_from_an_id() -> None:
    container = Container.new(id="c9")
    assert (container.id, container.name) == ("c9", "c9")
    assert container.to_dict()["name"] == "c9"
    both = Container.existing(id="x", name="y")
    assert (both.id, both.name) == ("x", "y")


# -- a Neutron-like service: endpoint without /v2.0, its error body ----------------------


class Port(resource.Resource):
    """A port."""

    resource_key = "port"
    resources_key = "ports"
    base_path = "/ports"
    allow_fetch = allow_list = allow_create = True

    network_id = resource.Body("network_id")


class Network(proxy.Proxy):
    """Neutron-like: v2.0 appended to the catalog URL unless it is already there."""

    service_type = "network"
    api_version = 2
    plugin_api_version = "2.0"
    version_suffix = "v2.0"

    ports = crud.lister(Port)
    create_port = crud.creator(Port)


@pytest.mark.parametrize("catalog", [NEUTRON_ROOT, f"{NEUTRON_ROOT}/", f"{NEUTRON_ROOT}/v2.0"])
def test_version_suffix_added_only_when_absent(fake_cloud: FakeCloud, catalog: str) -> None:
    class NoDiscovery(Network):
        """Never asks for a version document."""

        version_discovery = False

    fake_cloud.add_service("network", catalog, discovery=False)
    fake_cloud.mocker.get(f"{NEUTRON_ROOT}/v2.0/ports", json={"ports": []})
    net = fake_cloud.proxy(NoDiscovery)
    assert list(net.ports()) == []
    assert net.get_endpoint() == f"{NEUTRON_ROOT}/v2.0"


def test_failed_discovery_falls_back_to_the_suffix(fake_cloud: FakeCloud) -> None:
    fake_cloud.add_service("network", NEUTRON_ROOT, discovery=False)  # the root 404s
    fake_cloud.mocker.get(f"{NEUTRON_ROOT}/v2.0/ports", json={"ports": [{"id": "p"}]})
    net = fake_cloud.proxy(Network)
    assert [p.id for p in net.ports()] == ["p"]
    assert net.get_endpoint() == f"{NEUTRON_ROOT}/v2.0"


def test_discovery_finds_the_version(fake_cloud: FakeCloud) -> None:
    fake_cloud.add_service("network", NEUTRON_ROOT, version_path="v2.0")
    fake_cloud.mocker.get(f"{NEUTRON_ROOT}/v2.0/ports", json={"ports": []})
    net = fake_cloud.proxy(Network)
    assert list(net.ports()) == []
    assert net.get_endpoint() == f"{NEUTRON_ROOT}/v2.0/"


def test_failed_discovery_without_suffix_warns(
    fake_cloud: FakeCloud, caplog: pytest.LogCaptureFixture
) -> None:
    class Unversioned(Network):
        """No suffix to fall back to."""

        version_suffix = None

    fake_cloud.add_service("network", NEUTRON_ROOT, discovery=False)
    fake_cloud.mocker.get(f"{NEUTRON_ROOT}/ports", json={"ports": []})
    with caplog.at_level(logging.WARNING, logger="openstack_core"):
        assert list(fake_cloud.proxy(Unversioned).ports()) == []
    assert "found no version 2 document" in caplog.text
    assert "network_endpoint_override" in caplog.text


def test_resolve_endpoint_hook_chooses_and_get_endpoint_agrees(fake_cloud: FakeCloud) -> None:
    class Pinned(Network):
        """Falls back to a URL of its own when discovery finds nothing."""

        def resolve_endpoint(self) -> str:
            """Discovery, else the catalog URL's v2.0 on another port."""
            found = self.discover_endpoint()
            return found or self.catalog_endpoint().replace(":9696", ":9797") + "/v2.0"

    fake_cloud.add_service("network", NEUTRON_ROOT, discovery=False)
    fake_cloud.mocker.get("https://neutron.example.com:9797/v2.0/ports", json={"ports": []})
    net = fake_cloud.proxy(Pinned)
    assert list(net.ports()) == []
    assert net.get_endpoint() == "https://neutron.example.com:9797/v2.0"


def test_user_endpoint_override_wins(fake_cloud: FakeCloud) -> None:
    fake_cloud.add_service("network", NEUTRON_ROOT, discovery=False)
    fake_cloud.mocker.get("https://elsewhere.example.com/v2.0/ports", json={"ports": []})
    net = fake_cloud.proxy(Network, endpoint_override="https://elsewhere.example.com/v2.0")
    assert list(net.ports()) == []


def test_service_error_code_in_the_exception(fake_cloud: FakeCloud) -> None:
    fake_cloud.add_service("network", f"{NEUTRON_ROOT}/v2.0", discovery=False)
    fake_cloud.mocker.post(
        f"{NEUTRON_ROOT}/v2.0/ports",
        status_code=409,
        headers={"X-Openstack-Request-Id": "req-1"},
        json={
            "NeutronError": {
                "type": "IpAddressAlreadyAllocated",
                "message": "IP address 10.0.0.5 already allocated in subnet s1",
                "detail": "",
            }
        },
    )
    with pytest.raises(exceptions.ConflictException) as err:
        fake_cloud.proxy(Network).create_port(network_id="n")
    assert err.value.error_code == "IpAddressAlreadyAllocated"
    assert err.value.request_id == "req-1"
    assert "already allocated in subnet s1" in str(err.value)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (
            {"errors": [{"code": "placement.inventory.inuse", "title": "Conflict"}]},
            "placement.inventory.inuse",
        ),
        (
            {"itemNotFound": {"code": 404, "message": "Flavor x could not be found."}},
            "itemNotFound",
        ),
        ({"error": {"code": 409, "title": "Conflict", "message": "Duplicate"}}, None),
        ({"message": "plain"}, None),
    ],
)
def test_error_codes_of_other_shapes(fake_cloud: FakeCloud, body: Any, code: str | None) -> None:
    fake_cloud.add_service("network", f"{NEUTRON_ROOT}/v2.0", discovery=False)
    fake_cloud.mocker.get(f"{NEUTRON_ROOT}/v2.0/ports", status_code=409, json=body)
    with pytest.raises(exceptions.HttpException) as err:
        list(fake_cloud.proxy(Network).ports())
    assert err.value.error_code == code


# -- declarations: options each field kind honours ---------------------------------------


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda: resource.URI("x", type=int), r"URI\('x'\) does not support type"),
        (lambda: resource.Header("x", alternate_id=True), "does not support alternate_id"),
        (lambda: resource.Computed("x", fallback=dict), "does not support fallback"),
        (lambda: resource.HeaderDict("X-Meta-", default={}), "takes no options"),
        (lambda: resource.Body("x", list_type=str), "list_type needs type=list"),
        (lambda: resource.Body("x", alias="y", fallback=dict), "keep one"),
    ],
)
def test_an_option_a_field_ignores_is_refused(make: Any, says: str) -> None:
    with pytest.raises(TypeError, match=says):
        make()


def test_fallback_computes_from_the_raw_body() -> None:
    class Group(resource.Resource):
        """Sends either policy or policies."""

        policy = resource.Body("policy", fallback=lambda body: (body.get("policies") or [None])[0])
        policies = resource.Body(
            "policies",
            type=list,
            fallback=lambda body: [body["policy"]] if body.get("policy") else None,
        )

    old, new, neither = (
        Group.existing(policies=["affinity"]),
        Group.existing(policy="anti-affinity"),
        Group.existing(),
    )
    assert (old.policy, old.policies) == ("affinity", ["affinity"])
    assert (new.policy, new.policies) == ("anti-affinity", ["anti-affinity"])
    assert (neither.policy, neither.policies) == (None, None)


# -- values: clean sets, extra attributes, synonyms, value_for_server --------------------


class Image(resource.Resource):
    """Glance-like: free-form properties, which cannot be null."""

    base_path = "/images"
    allow_commit = allow_patch = True
    commit_jsonpatch = True
    allow_extra_attributes = True
    attribute_synonyms = {"owner_id": "owner"}  # noqa: RUF012 - read-only by contract

    owner = resource.Body("owner")
    tags = resource.Body("tags", type=list)

    def value_for_server(self, server_name: str, value: Any) -> Any:
        """None removes a property; anything else is text."""
        if server_name in ("owner", "tags"):
            return value
        return resource.REMOVE if value is None else str(value)


def test_set_from_server_is_clean_and_assignment_is_a_change() -> None:
    image = Image.existing(id="i", tags=["a"])
    image.set_from_server(tags=["a", "b"])
    assert image.tags == ["a", "b"] and not image.is_dirty
    image.tags = ["c"]
    assert image.is_dirty


def test_extra_attributes_synonyms_and_removal(fake_cloud: FakeCloud) -> None:
    image = Image.existing(id="i", hw_disk_bus="virtio", owner="p1", gone="x")
    assert image.extra_attributes() == {"hw_disk_bus": "virtio", "gone": "x"}
    image2 = Image.new(owner_id="p2", hw_video_ram=64)
    assert image2.owner == "p2" and image2.extra_attributes() == {"hw_video_ram": "64"}
    image.set_from_server(gone=None)
    with pytest.raises(AttributeError):
        del image.never_there  # no __delattr__: it would slow every listing down


def test_value_for_server_and_remove_build_the_patch(fake_cloud: FakeCloud) -> None:
    fake_cloud.add_service("image", "https://image.example.com/v2")
    mock = fake_cloud.mocker
    mock.patch("https://image.example.com/v2/images/i", json={"id": "i"})

    class Glance(proxy.Proxy):
        """Image-like."""

        service_type = "image"
        api_version = 2
        plugin_api_version = "2.0"
        update_image = crud.updater(Image)

    glance = fake_cloud.proxy(Glance)
    image = Image.existing(id="i", gone="x", keep="y")
    del image.owner  # a declared field: its descriptor deletes it
    glance.update_image(image, hw_video_ram=64, keep=None, gone=None, owner_id="p3")
    assert sorted(mock.last_request.json(), key=lambda op: op["path"]) == [
        {"op": "remove", "path": "/gone"},
        {"op": "add", "path": "/hw_video_ram", "value": "64"},
        {"op": "remove", "path": "/keep"},
        {"op": "add", "path": "/owner", "value": "p3"},
    ]


def test_unknown_attributes_without_extras_are_type_errors() -> None:
    with pytest.raises(TypeError, match="has no attribute 'colour'"):
        Port.new(colour="red")


# -- a resource is a read-only mapping ----------------------------------------------------


def test_resources_are_mappings() -> None:
    from collections.abc import Mapping

    port = Port.existing(id="p1", name="web")
    assert isinstance(port, Mapping)
    assert "name" in port and "nope" not in port
    assert port["name"] == port.get("name") == "web" and port.get("nope", 1) == 1
    assert dict(port) == {"id": "p1", "name": "web", "location": None, "network_id": None}
    assert len(port) == 4 and set(port.keys()) == {"id", "name", "location", "network_id"}
    assert ("name", "web") in port.items() and "web" in port.values()


def test_to_dict_is_what_json_takes() -> None:
    # A nested Resource is a Mapping but no dict: to_dict() is what JSON takes.

    class Flavor(resource.Resource):
        vcpus = resource.Body("vcpus", type=int)

    class Server(resource.Resource):
        flavor = resource.Body("flavor", type=Flavor)

    server = Server.existing(id="s", flavor={"original_name": "m1", "vcpus": 1})
    with pytest.raises(TypeError):
        json.dumps(dict(server))
    assert json.loads(json.dumps(server.to_dict()))["flavor"]["vcpus"] == 1


# -- helpers -------------------------------------------------------------------------------


def test_id_of_decode_json_and_at_least(fake_cloud: FakeCloud) -> None:
    assert resource.id_of(Port.existing(id="p")) == "p"
    assert resource.id_of({"id": "d"}) == "d"
    assert resource.id_of("raw") == "raw"
    assert resource.at_least("2.64", "2.64") and not resource.at_least(None, "2.2")
    assert resource.at_least("3.1", "3.0", base="3.0")
    fake_cloud.add_service("network", f"{NEUTRON_ROOT}/v2.0", discovery=False)
    fake_cloud.mocker.get(
        f"{NEUTRON_ROOT}/v2.0/weird",
        text="<html>oops</html>",
        headers={"Content-Type": "text/html"},
    )
    response = fake_cloud.proxy(Network).request("/weird", "GET")
    with pytest.raises(
        exceptions.InvalidResponse, match=r"the weird: GET .*/weird answered HTTP 200"
    ):
        resource.decode_json(response, "the weird")


def test_poll_backs_off_and_times_out() -> None:
    calls: list[float] = []

    def check() -> str | None:
        calls.append(time.monotonic())
        return "done" if len(calls) == 4 else None

    assert resource.poll(check, what="x", timeout=5, interval=0.01, backoff=2) == "done"
    gaps = [b - a for a, b in itertools.pairwise(calls)]
    assert gaps[0] < gaps[1] < gaps[2]
    with pytest.raises(exceptions.ResourceTimeout, match="waiting for the thing; it is 'BUILD'"):
        resource.poll(
            lambda: None, what="the thing", timeout=0.05, interval=0.01, state=lambda: "BUILD"
        )


def test_fake_cloud_proxy_negotiates_as_a_connection_does(fake_cloud: FakeCloud) -> None:
    class Thing(resource.Resource):
        """Microversioned."""

        resource_key = "thing"
        base_path = "/things"
        allow_fetch = True
        _max_microversion = "2.50"

    class Compute(proxy.Proxy):
        """Nova-like."""

        service_type = "compute"
        api_version = 2
        plugin_api_version = "2.0"
        microversioned = True

    fake_cloud.add_service(
        "compute", "https://compute.example.com/v2.1", microversions=("2.1", "2.40")
    )
    fake_cloud.mocker.get("https://compute.example.com/v2.1/things/t", json={"thing": {"id": "t"}})
    compute = fake_cloud.proxy(Compute)
    assert compute.version == "2"
    assert compute._get(Thing, "t").microversion == "2.40"
    via_connection = fake_cloud.connection(extra_services={"compute": Compute}).compute
    assert (via_connection.version, via_connection.region_name) == (
        compute.version,
        compute.region_name,
    )


# -- a resource named endpoint: get_endpoint(value) fetches it (Keystone's catalog) ------


class CatalogEndpoint(resource.Resource):
    """A catalog entry, as Keystone's ``/v3/endpoints`` holds them."""

    resource_key = "endpoint"
    resources_key = "endpoints"
    base_path = "/endpoints"
    allow_fetch = True

    url = resource.Body("url", type=str)


class Catalog(proxy.Proxy):
    """Keystone-like: openstacksdk's ``get_endpoint(endpoint)`` fetches a resource."""

    service_type = "identity"
    api_version = 3
    plugin_api_version = "2.0"
    version_discovery = False
    version_suffix = "v3"
    endpoint_resource = CatalogEndpoint


def test_endpoint_resource_makes_get_endpoint_fetch_one(fake_cloud: FakeCloud) -> None:
    fake_cloud.add_service("identity", "https://keystone.example.com:5000/", discovery=False)
    catalog = fake_cloud.proxy(Catalog)
    url = "https://keystone.example.com:5000/v3"
    fake_cloud.mocker.get(
        f"{url}/endpoints/e%2F1", json={"endpoint": {"id": "e/1", "url": "http://n"}}
    )
    assert catalog.get_endpoint() == url  # the URL requests use, as on every Proxy
    found = catalog.get_endpoint("e/1")
    assert isinstance(found, CatalogEndpoint) and found.url == "http://n"
    assert catalog.get_endpoint(endpoint=found).id == "e/1"
    assert catalog.get_endpoint(endpoint={"id": "e/1"}).url == "http://n"
    # keystoneauth1's own form still looks an endpoint up in the catalog.
    assert catalog.get_endpoint(catalog.session.auth, service_type="identity") == (
        "https://keystone.example.com:5000/"
    )
    with pytest.raises(TypeError, match="takes no other arguments"):
        catalog.get_endpoint("e/1", interface="admin")


def test_without_endpoint_resource_get_endpoint_is_only_the_url(fake_cloud: FakeCloud) -> None:
    fake_cloud.add_service("network", f"{NEUTRON_ROOT}/", discovery=False)
    net = fake_cloud.proxy(Network)
    assert net.get_endpoint() == f"{NEUTRON_ROOT}/v2.0"
    assert proxy.Proxy.endpoint_resource is None
