"""Resource declarations, attribute access and dirty tracking, without HTTP."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest

from openstack_core import exceptions, resource
from tests.unit.helpers import Interface, Server


def test_body_maps_python_name_to_server_name_and_converts_on_read() -> None:
    raw = {"id": "a", "name": "web", "locked": "true", "progress": "40", "tenant_id": "p"}
    server = Server._from_body(raw)
    assert server.is_locked is True
    assert server.progress == 40
    assert server.project_id == "p"
    assert server._body is raw  # wrapped, not copied


def test_defaults_are_fresh_copies_never_shared() -> None:
    one, two = Server.new(), Server.new()
    one.metadata["k"] = "v"
    assert two.metadata == {}
    assert Server.existing(id="x").progress == 0


def test_alias_reads_other_attribute_when_missing() -> None:
    class Port(resource.Resource):
        project_id = resource.Body("project_id", alias="tenant_id")
        tenant_id = resource.Body("tenant_id")

    assert Port._from_body({"tenant_id": "t"}).project_id == "t"
    assert Port._from_body({"project_id": "p", "tenant_id": "t"}).project_id == "p"


def test_alternate_id() -> None:
    class Keypair(resource.Resource):
        name = resource.Body("name", alternate_id=True)

    assert Keypair._from_body({"name": "k1"}).id == "k1"


def test_id_may_map_the_key_of_the_name() -> None:
    # A resource identified by its name whose body also has an unrelated "id" (Nova's
    # keypairs): the id is the name, whichever of the two fields is declared.
    class Keypair(resource.Resource):
        base_path = "/os-keypairs"
        name = resource.Body("name")
        id = resource.Body("name")

    class Renamed(resource.Resource):
        id = resource.Body("name")

    for cls in (Keypair, Renamed):
        listed = cls._from_body({"name": "k1", "id": 7})
        assert (listed.id, listed.name) == ("k1", "k1")
        assert cls.new(id="k2").name == "k2"
    assert Keypair.existing(id="k 3").resource_path() == "/os-keypairs/k%203"
    with pytest.raises(TypeError, match="both map the body key 'name'"):

        class Twice(resource.Resource):
            name = resource.Body("name")
            label = resource.Body("name")


def test_new_marks_attributes_dirty_existing_does_not() -> None:
    fresh = Server.new(name="a", status="ACTIVE")
    assert fresh.is_dirty and set(fresh._dirty or {}) == {"name", "status"}
    old = Server.existing(id="1", name="a")
    assert not old.is_dirty
    old.name = "b"
    assert old._dirty == {"name": "a"}  # remembers the value before the first change


def test_id_is_never_dirty() -> None:
    assert not Server.new(id="1").is_dirty


def test_server_side_names_accepted_as_keywords() -> None:
    assert Server.existing(locked=True, tenant_id="p").project_id == "p"


def test_unknown_keyword_is_a_type_error_naming_class() -> None:
    with pytest.raises(TypeError, match="Server has no attribute 'flavour'"):
        Server.new(flavour="x")


def test_instances_have_no_dict() -> None:
    server = Server._from_body({"id": "a"})
    assert not hasattr(server, "__dict__")
    with pytest.raises(AttributeError):
        server.not_a_field = 1  # type: ignore[attr-defined]
    assert sys.getsizeof(server) < 120


def test_to_dict_and_original_names() -> None:
    server = Server._from_body({"id": "a", "locked": False, "tenant_id": "p"})
    as_dict = server.to_dict(computed=False)
    assert as_dict["is_locked"] is False and as_dict["project_id"] == "p"
    assert server.to_dict(original_names=True, ignore_none=True, computed=False) == {
        "id": "a",
        "locked": False,
        "tenant_id": "p",
        "progress": 0,
        "metadata": {},
    }


def test_repr_shows_type_id_name_never_secrets() -> None:
    server = Server._from_body({"id": "a", "name": "web", "adminPass": "hunter2"})
    text = repr(server)
    assert "Server(id='a', name='web')" in text
    assert "hunter2" not in text and "hunter2" not in str(server.to_dict(body=False))


def test_getitem_dict_style_access() -> None:
    server = Server._from_body({"id": "a", "locked": True})
    assert server["is_locked"] is True and server["locked"] is True
    with pytest.raises(KeyError):
        server["nope"]


def test_equality_compares_type_and_body() -> None:
    assert Server._from_body({"id": "a"}) == Server._from_body({"id": "a"})
    assert Server._from_body({"id": "a"}) != Server._from_body({"id": "b"})


def test_nested_resource_type() -> None:
    class Flavor(resource.Resource):
        ram = resource.Body("ram", type=int)

    class S(resource.Resource):
        flavor = resource.Body("flavor", type=Flavor)

    assert S._from_body({"flavor": {"ram": "512"}}).flavor.ram == 512


def test_nested_resource_lists_are_stored_as_json_and_to_dict_passes_flags() -> None:
    class Port(resource.Resource):
        ip = resource.Body("ip_address")
        mac = resource.Body("mac_address")

    class S(resource.Resource):
        ports = resource.Body("ports", type=list, list_type=Port)

    s = S.new(ports=[Port.new(ip="10.0.0.1"), {"ip_address": "10.0.0.2"}])
    assert json.loads(json.dumps(s._body)) == {
        "ports": [{"ip_address": "10.0.0.1"}, {"ip_address": "10.0.0.2"}]
    }
    assert [p.ip for p in s.ports] == ["10.0.0.1", "10.0.0.2"]
    assert s.to_dict(computed=False, ignore_none=True, original_names=True)["ports"] == [
        {"ip_address": "10.0.0.1"},
        {"ip_address": "10.0.0.2"},
    ]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Server.new(progress="x"),
        lambda: Server.existing(id="1", progress="x"),
        lambda: setattr(Server.existing(id="1"), "progress", "x"),
        lambda: setattr(Server.new(), "progress", [1]),
    ],
)
def test_a_value_that_does_not_convert_names_class_and_field(build: Any) -> None:
    expected = r"^Server\.progress expects int, got "
    with pytest.raises(exceptions.InvalidRequest, match=expected) as err:
        build()
    assert isinstance(err.value, ValueError)  # what int("x") raised, so old handlers work
    assert err.value.__cause__ is not None


@pytest.mark.parametrize(
    ("value", "expected"),
    [("../flavors", "..%2Fflavors"), ("a/b?c", "a%2Fb%3Fc"), ("x#y", "x%23y"), ("%2F", "%252F")],
)
def test_quote_segment_keeps_values_in_their_segment(value: str, expected: str) -> None:
    assert resource.quote_segment(value) == expected


@pytest.mark.parametrize("value", [".", ".."])
def test_dot_segments_are_refused(value: str) -> None:
    with pytest.raises(exceptions.InvalidRequest, match="parent URL"):
        resource.quote_segment(value)


def test_url_escapes_id_and_path_parameters() -> None:
    iface = Interface.existing(id="p/1", server_id="../flavors")
    assert iface._url() == "/servers/..%2Fflavors/os-interface/p%2F1"


def test_missing_path_parameter_is_named() -> None:
    with pytest.raises(exceptions.InvalidRequest, match="server_id"):
        Interface.existing(id="p")._url()


def test_missing_id_is_an_error() -> None:
    with pytest.raises(exceptions.InvalidRequest, match="has no id"):
        Server.new(name="x")._url()


def test_query_parameters_transpose_and_reject_unknown() -> None:
    mapping = Server._query_mapping
    assert mapping.transpose(
        {"changes_since": "2020", "tags": ["a", "b"], "status": None, "limit": 2}, "Server"
    ) == {"changes-since": "2020", "tags": "a,b", "limit": 2}
    assert mapping.transpose({"changes-since": "x"}, "Server") == {"changes-since": "x"}
    with pytest.raises(exceptions.InvalidResourceQuery) as err:
        mapping.transpose({"colour": "red"}, "Server")
    assert "colour" in str(err.value) and "changes_since" in str(err.value)
    assert isinstance(err.value, ValueError)


def test_query_parameters_extend() -> None:
    extended = Server._query_mapping.extend("flavor")
    assert "flavor" in extended.names and "changes_since" in extended.names


class TestDefinitionTimeChecks:
    """Badly declared classes fail when defined, naming the class and the problem."""

    def test_path_parameter_without_uri_field(self) -> None:
        with pytest.raises(TypeError, match=r"Bad\.base_path .*server_id.*URI"):

            class Bad(resource.Resource):
                base_path = "/servers/%(server_id)s/ips"

    def test_two_fields_one_body_key(self) -> None:
        with pytest.raises(TypeError, match="both map the body key 'status'"):

            class Bad(resource.Resource):
                status = resource.Body("status")
                state = resource.Body("status")

    def test_alias_must_exist(self) -> None:
        with pytest.raises(TypeError, match="alias 'nope'"):

            class Bad(resource.Resource):
                x = resource.Body("x", alias="nope")

    def test_alias_to_itself(self) -> None:
        with pytest.raises(TypeError, match=r"Bad\.x: alias cycle x -> x"):

            class Bad(resource.Resource):
                x = resource.Body("x", alias="x")

    def test_alias_cycle(self) -> None:
        with pytest.raises(TypeError, match=r"Bad\.x: alias cycle x -> y -> z -> x"):

            class Bad(resource.Resource):
                x = resource.Body("x", alias="y")
                y = resource.Body("y", alias="z")
                z = resource.Body("z", alias="x")

    def test_alias_chain_without_cycle_is_fine(self) -> None:
        class Fine(resource.Resource):
            x = resource.Body("x", alias="y")
            y = resource.Body("y", alias="z")
            z = resource.Body("z")

        assert Fine._from_body({"z": 3}).x == 3

    def test_field_may_not_shadow_a_method(self) -> None:
        with pytest.raises(TypeError, match=r"may not shadow Resource\.delete"):

            class Bad(resource.Resource):
                delete = resource.Body("delete")

    def test_commit_method(self) -> None:
        with pytest.raises(TypeError, match="commit_method"):

            class Bad(resource.Resource):
                commit_method = "GET"

    def test_microversion_format(self) -> None:
        with pytest.raises(TypeError, match="_max_microversion"):

            class Bad(resource.Resource):
                _max_microversion = "2"

    def test_resource_key_type(self) -> None:
        with pytest.raises(TypeError, match="resource_key"):

            class Bad(resource.Resource):
                resource_key = 3  # type: ignore[assignment]

    def test_pagination_type(self) -> None:
        with pytest.raises(TypeError, match="pagination"):

            class Bad(resource.Resource):
                pagination = "links"  # type: ignore[assignment]

    def test_subclasses_get_slots(self) -> None:
        class Fine(resource.Resource):
            size = resource.Body("size", type=int)

        assert Fine.__slots__ == ()
        assert "size" in Fine._fields and "id" in Fine._fields


def test_method_not_supported_names_class_and_method() -> None:
    class ReadOnly(resource.Resource):
        base_path = "/things"

    with pytest.raises(exceptions.MethodNotSupported, match=r"ReadOnly does not support 'list'"):
        ReadOnly.list(None)  # type: ignore[arg-type]


def test_body_key_named_self_is_accepted() -> None:
    class Img(resource.Resource):
        link = resource.Body("self")

    assert Img.existing(self="/v2/images/1").link == "/v2/images/1"
    assert Img.new(self="/x").is_dirty
