"""Smoke tests of the harness's real Neutron, with plain requests and an admin token.

No SDK network plugin exists yet: these tests speak HTTP themselves, to the URL the
catalog gives for ``network`` (the server root, without ``/v2.0``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.functional.harness.stack import REGION, Stack

# What an SDK network plugin will need first; the full list is in the README.
EXPECTED_EXTENSIONS = {
    "address-scope",
    "agent",
    "allowed-address-pairs",
    "availability_zone",
    "binding",
    "dns-integration",
    "external-net",
    "extraroute",
    "floating-ip-port-forwarding",
    "network-ip-availability",
    "network-segment-range",
    "port-security",
    "project-id",
    "provider",
    "qos",
    "quotas",
    "rbac-policies",
    "router",
    "security-group",
    "segment",
    "service-type",
    "standard-attr-revisions",
    "standard-attr-tag",
    "standard-attr-timestamp",
    "subnet_allocation",
    "trunk",
}


class Neutron:
    """requests against Neutron's v2.0 API with an admin token (never printed)."""

    def __init__(self, stack: Stack) -> None:
        # A token of its own: one issued before Neutron was registered has no network
        # entry in its catalog.
        auth = {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {
                        "name": "admin",
                        "domain": {"id": "default"},
                        "password": stack.admin_password,
                    }
                },
            },
            "scope": {"project": {"name": "admin", "domain": {"id": "default"}}},
        }
        answer = requests.post(stack.keystone_url + "/auth/tokens", json={"auth": auth}, timeout=60)
        assert answer.status_code == 201, "admin could not authenticate"
        (service,) = [s for s in answer.json()["token"]["catalog"] if s["type"] == "network"]
        (self.root,) = [
            e["url"]
            for e in service["endpoints"]
            if e["interface"] == "public" and e["region_id"] == REGION
        ]
        self.http = requests.Session()
        self.http.headers["X-Auth-Token"] = answer.headers["X-Subject-Token"]
        self.http.headers["Accept"] = "application/json"

    def __repr__(self) -> str:
        return f"Neutron({self.root!r})"

    def url(self, path: str) -> str:
        return self.root.rstrip("/") + "/v2.0" + path

    def call(self, method: str, path: str, status: int, **kwargs: Any) -> requests.Response:
        """One request; fails unless the answer has ``status``."""
        response = self.http.request(method, self.url(path), timeout=60, **kwargs)
        assert response.status_code == status, f"{method} {path}: {response.text}"
        return response

    def create(self, collection: str, key: str, **body: Any) -> dict[str, Any]:
        """POST /<collection> {key: body}; returns the created resource."""
        answer = self.call("POST", f"/{collection}", 201, json={key: body}).json()
        return dict(answer[key])


@pytest.fixture(scope="module")
def neutron(neutron_service: Stack) -> Iterator[Neutron]:
    client = Neutron(neutron_service)
    yield client
    client.http.close()


def test_catalog_url_is_the_root(neutron_service: Stack, neutron: Neutron) -> None:
    assert not neutron.root.rstrip("/").endswith("v2.0")
    answer = requests.get(neutron.root, timeout=30)
    assert answer.status_code == 200
    versions = answer.json()["versions"]
    assert [v["id"] for v in versions] == ["v2.0"]
    assert versions[0]["status"] == "CURRENT"


def test_lists_networks_and_no_agents(neutron: Neutron) -> None:
    assert isinstance(neutron.call("GET", "/networks", 200).json()["networks"], list)
    assert neutron.call("GET", "/agents", 200).json()["agents"] == []


@pytest.mark.local_cloud_differs(
    "the network fake does not implement network segment ranges (network-segment-range)"
)
def test_extensions(neutron: Neutron) -> None:
    extensions = neutron.call("GET", "/extensions", 200).json()["extensions"]
    aliases = {extension["alias"] for extension in extensions}
    assert sorted(EXPECTED_EXTENSIONS - aliases) == []


def test_network_subnet_port_router_security_group(neutron: Neutron) -> None:
    # (method, path, body) undoing each creation, newest last; the test itself runs
    # them and checks their statuses, a failure's cleanup runs what is left.
    undo: list[tuple[str, str, dict[str, Any] | None]] = []
    try:
        network = neutron.create("networks", "network", name="smoke-net")
        undo.append(("DELETE", f"/networks/{network['id']}", None))
        assert network["status"] == "ACTIVE"
        assert network["provider:network_type"] == "vxlan"
        subnet = neutron.create(
            "subnets",
            "subnet",
            network_id=network["id"],
            cidr="10.20.30.0/24",
            ip_version=4,
            name="smoke-subnet",
        )
        undo.append(("DELETE", f"/subnets/{subnet['id']}", None))
        assert subnet["gateway_ip"] == "10.20.30.1"
        port = neutron.create("ports", "port", network_id=network["id"], name="smoke-port")
        undo.append(("DELETE", f"/ports/{port['id']}", None))
        assert port["fixed_ips"][0]["subnet_id"] == subnet["id"]
        # No agent, no binding: the port stays DOWN.
        assert port["status"] == "DOWN"
        assert port["binding:vif_type"] == "unbound"

        router = neutron.create("routers", "router", name="smoke-router")
        undo.append(("DELETE", f"/routers/{router['id']}", None))
        interface = neutron.call(
            "PUT",
            f"/routers/{router['id']}/add_router_interface",
            200,
            json={"subnet_id": subnet["id"]},
        ).json()
        assert interface["subnet_id"] == subnet["id"]
        undo.append(
            ("PUT", f"/routers/{router['id']}/remove_router_interface", {"subnet_id": subnet["id"]})
        )

        group = neutron.create("security-groups", "security_group", name="smoke-sg")
        undo.append(("DELETE", f"/security-groups/{group['id']}", None))
        rule = neutron.create(
            "security-group-rules",
            "security_group_rule",
            security_group_id=group["id"],
            direction="ingress",
            ethertype="IPv4",
            protocol="tcp",
            port_range_min=22,
            port_range_max=22,
            remote_ip_prefix="192.0.2.0/24",
        )
        undo.append(("DELETE", f"/security-group-rules/{rule['id']}", None))
        shown = neutron.call("GET", f"/security-groups/{group['id']}", 200).json()
        assert rule["id"] in {r["id"] for r in shown["security_group"]["security_group_rules"]}
        assert neutron.call("GET", f"/ports/{port['id']}", 200).json()["port"]["name"] == (
            "smoke-port"
        )

        while undo:
            method, path, body = undo.pop()
            neutron.call(method, path, 200 if method == "PUT" else 204, json=body)
    finally:
        while undo:
            method, path, body = undo.pop()
            neutron.http.request(method, neutron.url(path), json=body, timeout=60)
    for path in (f"/networks/{network['id']}", f"/routers/{router['id']}"):
        neutron.call("GET", path, 404)


def test_port_bound_to_a_host_fails_binding(neutron: Neutron) -> None:
    """What a Nova compute host would see: no agent there, so binding fails."""
    network = neutron.create("networks", "network", name="smoke-binding")
    try:
        port = neutron.create(
            "ports", "port", network_id=network["id"], **{"binding:host_id": "osc-functional"}
        )
        assert port["binding:vif_type"] == "binding_failed"
        assert port["status"] == "DOWN"
    finally:
        neutron.http.delete(neutron.url(f"/networks/{network['id']}"), timeout=60)


def _assert_neutron_error(response: requests.Response, error_type: str) -> None:
    error = response.json()["NeutronError"]
    assert set(error) == {"type", "message", "detail"}
    assert error["type"] == error_type
    assert error["message"]
    assert response.headers["X-Openstack-Request-Id"].startswith("req-")


def test_not_found_error_body(neutron: Neutron) -> None:
    response = neutron.call("GET", f"/networks/{uuid.uuid4()}", 404)
    _assert_neutron_error(response, "NetworkNotFound")


def test_conflict_error_body(neutron: Neutron) -> None:
    network = neutron.create("networks", "network", name="smoke-conflict")
    port = neutron.create("ports", "port", network_id=network["id"])
    try:
        response = neutron.call("DELETE", f"/networks/{network['id']}", 409)
        _assert_neutron_error(response, "NetworkInUse")
    finally:
        neutron.call("DELETE", f"/ports/{port['id']}", 204)
        neutron.call("DELETE", f"/networks/{network['id']}", 204)
