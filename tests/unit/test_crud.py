"""Declarative CRUD: the methods a plugin declares behave as openstacksdk's, on the wire."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import pytest
import requests_mock

from openstack_core import crud, exceptions, proxy, resource
from openstack_core.testing import FakeCloud

NET = "https://network.example.com/v2.0"


class Network(resource.Resource):
    """A network."""

    resource_key = "network"
    resources_key = "networks"
    base_path = "/networks"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters("name", "status")

    status = resource.Body("status", type=str)
    revision_number = resource.Body("revision_number", type=int)


class Rule(resource.Resource):
    """A rule of a QoS policy."""

    resource_key = "bandwidth_limit_rule"
    resources_key = "bandwidth_limit_rules"
    base_path = "/qos/policies/%(policy_id)s/bandwidth_limit_rules"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True

    qos_policy_id = resource.URI("policy_id")
    max_kbps = resource.Body("max_kbps", type=int)


class NetworkProxy(proxy.Proxy):
    """A Neutron-like service: declarations only."""

    service_type = "network"
    api_version = 2
    plugin_api_version = "2.0"
    version_discovery = False
    version_suffix = "v2.0"

    networks = crud.lister(Network)
    get_network = crud.getter(Network)
    find_network = crud.finder(Network)
    create_network = crud.creator(Network)
    update_network = crud.updater(Network, if_revision=True)
    delete_network = crud.deleter(Network, if_revision=True)
    qos_bandwidth_limit_rules = crud.lister(Rule, parent="qos_policy_id")
    get_qos_bandwidth_limit_rule = crud.getter(Rule, parent="qos_policy_id", arg="qos_rule")
    find_qos_bandwidth_limit_rule = crud.finder(Rule, parent="qos_policy_id")
    create_qos_bandwidth_limit_rule = crud.creator(Rule, parent="qos_policy_id")
    update_qos_bandwidth_limit_rule = crud.updater(Rule, parent="qos_policy_id", arg="qos_rule")
    delete_qos_bandwidth_limit_rule = crud.deleter(Rule, parent="qos_policy_id", arg="qos_rule")


@pytest.fixture
def net(fake_cloud: FakeCloud) -> NetworkProxy:
    fake_cloud.add_service("network", "https://network.example.com/", discovery=False)
    return fake_cloud.proxy(NetworkProxy)


def test_signatures_are_openstacksdks() -> None:
    def sig(name: str) -> str:
        return str(inspect.signature(getattr(NetworkProxy, name)))

    assert sig("networks").startswith("(self, *, base_path")
    assert sig("get_network").startswith("(self, network: 'Any', *, base_path")
    assert sig("find_network").startswith("(self, name_or_id: 'str', ignore_missing: 'bool' = True")
    assert sig("update_network").startswith("(self, network: 'Any', if_revision: 'int | None'")
    assert sig("delete_network") == (
        "(self, network: 'Any', ignore_missing: 'bool' = True, "
        "if_revision: 'int | None' = None) -> 'None'"
    )
    assert sig("get_qos_bandwidth_limit_rule").startswith(
        "(self, qos_rule: 'Any', qos_policy: 'Any'"
    )
    assert sig("qos_bandwidth_limit_rules").startswith("(self, qos_policy: 'Any'")


def test_methods_are_documented_and_named() -> None:
    function = NetworkProxy.find_network
    assert function.__name__ == "find_network"
    assert function.__qualname__ == "NetworkProxy.find_network"
    assert "``name``, ``status``" in (function.__doc__ or "")
    assert "NotFoundException" in (NetworkProxy.delete_network.__doc__ or "")


def test_list_get_find_create_update_delete(
    net: NetworkProxy, fake_cloud: FakeCloud, requests_mock: Any = None
) -> None:
    mock = fake_cloud.mocker
    mock.get(f"{NET}/networks?status=ACTIVE", json={"networks": [{"id": "n1", "name": "a"}]})
    mock.get(f"{NET}/networks/n1", json={"network": {"id": "n1", "name": "a"}})
    mock.post(f"{NET}/networks", json={"network": {"id": "n2", "name": "b"}}, status_code=201)
    mock.put(f"{NET}/networks/n1", json={"network": {"id": "n1", "name": "c"}})
    mock.delete(f"{NET}/networks/n1", status_code=204)

    listed = net.networks(status="ACTIVE")
    assert isinstance(listed, Iterator)
    assert [n.id for n in listed] == ["n1"]
    assert net.get_network("n1").name == "a"
    assert net.get_network(network="n1").name == "a"  # the argument by its name too
    assert net.get_network({"id": "n1"}).name == "a"
    found = net.find_network("n1")
    assert found is not None and found.id == "n1"
    created = net.create_network(name="b")
    assert (created.id, mock.last_request.json()) == ("n2", {"network": {"name": "b"}})
    assert net.update_network("n1", name="c").name == "c"
    assert mock.last_request.json() == {"network": {"name": "c"}}
    assert "If-Match" not in mock.last_request.headers
    assert net.delete_network("n1") is None


def test_if_revision_sends_if_match_and_412_raises(
    net: NetworkProxy, fake_cloud: FakeCloud
) -> None:
    mock = fake_cloud.mocker
    mock.put(f"{NET}/networks/n1", json={"network": {"id": "n1", "revision_number": 5}})
    net.update_network("n1", if_revision=4, name="x")
    assert mock.last_request.headers["If-Match"] == "revision_number=4"
    mock.delete(
        f"{NET}/networks/n1",
        status_code=412,
        json={"NeutronError": {"type": "RevisionNumberConstraintFailed", "message": "stale"}},
    )
    with pytest.raises(exceptions.PreconditionFailedException) as err:
        net.delete_network("n1", if_revision=3)
    assert mock.last_request.headers["If-Match"] == "revision_number=3"
    assert err.value.error_code == "RevisionNumberConstraintFailed"


def test_delete_ignores_a_missing_one_unless_asked(
    net: NetworkProxy, fake_cloud: FakeCloud
) -> None:
    fake_cloud.mocker.delete(f"{NET}/networks/gone", status_code=404, json={})
    assert net.delete_network("gone") is None
    with pytest.raises(exceptions.NotFoundException, match="No Network found for gone"):
        net.delete_network("gone", ignore_missing=False)


def test_children_take_their_parent(net: NetworkProxy, fake_cloud: FakeCloud) -> None:
    mock = fake_cloud.mocker
    rules = f"{NET}/qos/policies/p1/bandwidth_limit_rules"
    mock.get(rules, json={"bandwidth_limit_rules": [{"id": "r1", "max_kbps": 5}]})
    mock.get(f"{rules}/r1", json={"bandwidth_limit_rule": {"id": "r1", "max_kbps": 5}})
    mock.post(rules, json={"bandwidth_limit_rule": {"id": "r2"}}, status_code=201)
    mock.put(f"{rules}/r1", json={"bandwidth_limit_rule": {"id": "r1", "max_kbps": 7}})
    mock.delete(f"{rules}/r1", status_code=204)
    policy = Network.existing(id="p1")  # any Resource works as a parent: its id is used

    assert [r.max_kbps for r in net.qos_bandwidth_limit_rules("p1")] == [5]
    assert [r.id for r in net.qos_bandwidth_limit_rules(qos_policy=policy)] == ["r1"]
    assert net.get_qos_bandwidth_limit_rule("r1", "p1").max_kbps == 5
    assert net.get_qos_bandwidth_limit_rule(qos_rule="r1", qos_policy=policy).id == "r1"
    found = net.find_qos_bandwidth_limit_rule("r1", "p1")
    assert found is not None and found.qos_policy_id == "p1"
    assert net.create_qos_bandwidth_limit_rule("p1", max_kbps=9).id == "r2"
    assert mock.last_request.json() == {"bandwidth_limit_rule": {"max_kbps": 9}}
    assert net.update_qos_bandwidth_limit_rule("r1", policy, max_kbps=7).max_kbps == 7
    net.delete_qos_bandwidth_limit_rule("r1", "p1", ignore_missing=False)
    assert mock.last_request.method == "DELETE"


def test_base_path_keyword_and_declared(fake_cloud: FakeCloud) -> None:
    class Detailed(proxy.Proxy):
        """Lists a detail route by default."""

        service_type = "network"
        api_version = 2
        plugin_api_version = "2.0"
        version_discovery = False
        version_suffix = "v2.0"
        networks = crud.lister(Network, base_path="/networks/detail")

    fake_cloud.add_service("network", "https://network.example.com/", discovery=False)
    mock = fake_cloud.mocker
    mock.get(f"{NET}/networks/detail", json={"networks": [{"id": "d"}]})
    mock.get(f"{NET}/other", json={"networks": [{"id": "o"}]})
    detailed = fake_cloud.proxy(Detailed)
    assert [n.id for n in detailed.networks()] == ["d"]
    assert [n.id for n in detailed.networks(base_path="/other")] == ["o"]


def test_wrong_calls_are_type_errors(net: NetworkProxy) -> None:
    # Python's own errors: a declared method is a real function with real names.
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'network'"):
        net.get_network()
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        net.get_network("n1", colour="red")
    with pytest.raises(TypeError, match=r"update_network\(\) takes from 2 to 3 positional"):
        net.update_network("n1", 1, 2)


def test_a_plugin_method_replaces_a_declaration(fake_cloud: FakeCloud) -> None:
    class Custom(NetworkProxy):
        """Overrides one declared method."""

        def get_network(self, network: Any) -> Network:
            """Always the same network."""
            return Network.existing(id="fixed")

    fake_cloud.add_service("network", "https://network.example.com/", discovery=False)
    assert fake_cloud.proxy(Custom).get_network("x").id == "fixed"


def test_declared_methods_are_plain_functions() -> None:
    import types

    function = NetworkProxy.get_network
    assert isinstance(function, types.FunctionType)
    assert function.__code__.co_varnames[:2] == ("self", "network")
    rule = NetworkProxy.get_qos_bandwidth_limit_rule
    assert rule.__code__.co_varnames[:3] == ("self", "qos_rule", "qos_policy")


def test_declaring_outside_a_class_body_fails_clearly() -> None:
    method = crud.getter(Network)
    with pytest.raises(TypeError, match="declared in a class body"):
        method.function(None, "x")


def test_type_checkers_see_the_resource_types() -> None:
    # What mypy and pyright read: the descriptor's __get__ returns the call protocol.
    hints = inspect.signature(crud.Method.__get__)
    assert "C" in str(hints.return_annotation) or hints.return_annotation is not None
    bound = NetworkProxy.__dict__["get_network"]
    assert isinstance(bound, crud.Method) and bound.resource is Network


def test_works_with_requests_mock_directly() -> None:
    with requests_mock.Mocker() as mock:
        cloud = FakeCloud(mock)
        cloud.add_service("network", "https://network.example.com/v2.0", discovery=False)
        mock.get(f"{NET}/networks", json={"networks": []})
        assert list(cloud.proxy(NetworkProxy).networks()) == []


class Shared(resource.Resource):
    """A resource whose attribute names differ from the server's."""

    resource_key = "network"
    base_path = "/networks"
    allow_fetch = True

    is_shared = resource.Body("shared", type=bool)
    status = resource.Body("status", type=str)


class FieldsProxy(proxy.Proxy):
    """Neutron's getters take ``fields=``."""

    service_type = "network"
    api_version = 2
    plugin_api_version = "2.0"
    version_discovery = False
    version_suffix = "v2.0"

    get_network = crud.getter(Shared, fields=True)


def test_getter_fields_sends_server_names(fake_cloud: FakeCloud) -> None:
    fake_cloud.add_service("network", "https://network.example.com/", discovery=False)
    net = fake_cloud.proxy(FieldsProxy)
    fake_cloud.mocker.get(f"{NET}/networks/n%2F1", json={"network": {"id": "n/1", "shared": True}})
    found = net.get_network("n/1", fields=["is_shared", "id", "unknown"])
    assert found.is_shared is True and found.status is None
    assert fake_cloud.mocker.last_request.qs == {"fields": ["shared", "id", "unknown"]}
    net.get_network("n/1")
    assert fake_cloud.mocker.last_request.qs == {}
    signature = str(inspect.signature(FieldsProxy.get_network))
    assert signature.startswith("(self, network: 'Any', *, fields: 'list[str] | None' = None")


def test_getter_fields_needs_no_parent() -> None:
    with pytest.raises(TypeError, match="without a parent"):
        crud.getter(Rule, parent="qos_policy_id", fields=True)  # type: ignore[call-overload]


class RenamedFinder(proxy.Proxy):
    """openstacksdk names some finders' first argument otherwise."""

    service_type = "network"
    api_version = 2
    plugin_api_version = "2.0"
    version_discovery = False
    version_suffix = "v2.0"

    find_qos_bandwidth_limit_rule = crud.finder(Rule, parent="qos_policy_id", arg="qos_rule_id")


def test_finder_arg_renames_the_first_argument(fake_cloud: FakeCloud) -> None:
    fake_cloud.add_service("network", "https://network.example.com/", discovery=False)
    net = fake_cloud.proxy(RenamedFinder)
    rule = {"id": "r1", "max_kbps": 10}
    fake_cloud.mocker.get(
        f"{NET}/qos/policies/p1/bandwidth_limit_rules/r1", json={"bandwidth_limit_rule": rule}
    )
    found = net.find_qos_bandwidth_limit_rule(qos_rule_id="r1", qos_policy="p1")
    assert found is not None and found.max_kbps == 10
    signature = str(inspect.signature(RenamedFinder.find_qos_bandwidth_limit_rule))
    assert signature.startswith("(self, qos_rule_id: 'str', qos_policy: 'Any', ignore_missing")
