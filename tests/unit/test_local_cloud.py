"""The local cloud's plumbing: the fake Keystone, routing, tokens, microversions,
faults, paging, the clock, loading fakes from entry points, the in-process transport
and the state."""

from __future__ import annotations

import json
import sys
import time
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar

import pytest
import requests
import requests_mock

from openstack_core import exceptions, fakes
from openstack_core._enforcement import PluginAPIError
from openstack_core._local.loader import installed_fakes
from openstack_core.testing import LocalCloud, local_cloud


class Widgets(fakes.FakeService):
    """A small microversioned fake written as a plugin would write it."""

    service_type = "widgets"
    api_version = 1
    plugin_api_version = "2.0"
    catalog_path = "/v1"
    microversions = ("1.0", "1.5")
    default_settings: ClassVar[Mapping[str, Any]] = {"ready_after": 2.0}

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.widgets: dict[str, dict[str, Any]] = {}

    @fakes.route("POST", "/v1/widgets")
    def create(self, request: fakes.Request) -> fakes.Response:
        body = request.json_object("widget")
        widget = {
            "id": fakes.new_id(),
            "name": body.get("name"),
            "born": self.now(),
            "owner": request.project_id,
        }
        self.widgets[widget["id"]] = widget
        return fakes.Response.json({"widget": self._view(request, widget)}, 201)

    def _view(self, request: fakes.Request, widget: dict[str, Any]) -> dict[str, Any]:
        ready = self.now() >= widget["born"] + self.settings["ready_after"]
        view = {"id": widget["id"], "name": widget["name"], "status": "READY" if ready else "NEW"}
        if request.at_least("1.2"):
            view["owner"] = widget["owner"]
        return view

    @fakes.route("GET", "/v1/widgets")
    def listing(self, request: fakes.Request) -> dict[str, Any]:
        items = sorted(self.widgets.values(), key=lambda w: w["name"])
        page = fakes.paginate(items, request)
        answer: dict[str, Any] = {"widgets": [self._view(request, w) for w in page.items]}
        if page.next_marker:
            answer["next"] = page.next_link(request, relative=True)
        return answer

    @fakes.route("GET", "/v1/widgets/{widget_id}")
    def show(self, request: fakes.Request, widget_id: str) -> dict[str, Any]:
        if widget_id not in self.widgets:
            raise fakes.Fault(404, f"Widget {widget_id} not found")
        return {"widget": self._view(request, self.widgets[widget_id])}

    @fakes.route("DELETE", "/v1/widgets/{widget_id}")
    def remove(self, request: fakes.Request, widget_id: str) -> None:
        self.widgets.pop(widget_id, None)

    @fakes.route("GET", "/v1/boom")
    def boom(self, request: fakes.Request) -> None:
        raise RuntimeError("kaput")

    def error(
        self, request: fakes.Request, status: int, message: str, **details: Any
    ) -> fakes.Response:
        return fakes.Response.json({"fault": {"status": status, "text": message}}, status)

    def dump_state(self) -> Any:
        return self.widgets

    def load_state(self, data: Any) -> None:
        self.widgets = dict(data)


@pytest.fixture
def cloud() -> LocalCloud:
    return LocalCloud(clock=fakes.Clock(start=time.time()), fakes={"widgets": Widgets})


# -- Keystone ----------------------------------------------------------------------------


def _password(user: str, password: str, project: str) -> dict[str, Any]:
    return {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {"name": user, "domain": {"name": "Default"}, "password": password}
                },
            },
            "scope": {"project": {"name": project, "domain": {"name": "Default"}}},
        }
    }


def test_password_token_lists_every_fake_in_the_catalog(cloud: LocalCloud) -> None:
    secret = cloud.identity.credentials("admin")["password"]
    answer = cloud.request(
        "POST", "/identity/v3/auth/tokens", user=None, json=_password("admin", secret, "admin")
    )
    assert answer.status == 201 and answer.headers["X-Subject-Token"]
    token = answer.json_body()["token"]
    assert {r["name"] for r in token["roles"]} == {"admin", "member", "reader"}
    assert token["project"]["name"] == "admin"
    urls = {s["type"]: s["endpoints"][0]["url"] for s in token["catalog"]}
    assert urls == {
        "identity": "http://local-cloud.invalid/identity/v3",
        "widgets": "http://local-cloud.invalid/widgets/v1",
    }
    assert {e["interface"] for e in token["catalog"][0]["endpoints"]} == {
        "public",
        "internal",
        "admin",
    }


def test_wrong_password_is_401_in_keystones_shape(cloud: LocalCloud) -> None:
    answer = cloud.request(
        "POST", "/identity/v3/auth/tokens", user=None, json=_password("demo", "wrong", "demo")
    )
    assert answer.status == 401
    assert answer.json_body() == {
        "error": {
            "code": 401,
            "title": "Unauthorized",
            "message": "The request you have made requires authentication.",
        }
    }
    # A project the user has no role on is refused the same way.
    secret = cloud.identity.credentials("demo")["password"]
    other = cloud.request(
        "POST", "/identity/v3/auth/tokens", user=None, json=_password("demo", secret, "admin")
    )
    assert other.status == 401
    body = _password("demo", secret, "demo")
    body["auth"]["identity"]["password"]["user"]["domain"] = {"id": "elsewhere"}
    wrong_domain = cloud.request("POST", "/identity/v3/auth/tokens", user=None, json=body)
    assert wrong_domain.status == 401


def test_token_and_application_credential_methods(cloud: LocalCloud) -> None:
    token = cloud.token("demo")
    rescoped = cloud.request(
        "POST",
        "/identity/v3/auth/tokens",
        user=None,
        json={
            "auth": {
                "identity": {"methods": ["token"], "token": {"id": token}},
                "scope": {"project": {"name": "demo", "domain": {"id": "default"}}},
            }
        },
    )
    assert rescoped.status == 201
    user_id = cloud.identity.user_named("demo")["id"]
    created = cloud.request(
        "POST",
        f"/identity/v3/users/{user_id}/application_credentials",
        json={"application_credential": {"name": "ci"}},
    )
    assert created.status == 201
    cred = created.json_body()["application_credential"]
    assert cred["secret"] and cred["roles"]
    listed = cloud.request("GET", f"/identity/v3/users/{user_id}/application_credentials")
    assert "secret" not in json.dumps(listed.json_body())
    by_cred = cloud.request(
        "POST",
        "/identity/v3/auth/tokens",
        user=None,
        json={
            "auth": {
                "identity": {
                    "methods": ["application_credential"],
                    "application_credential": {"id": cred["id"], "secret": cred["secret"]},
                }
            }
        },
    )
    assert by_cred.status == 201
    issued = by_cred.headers["X-Subject-Token"]
    assert by_cred.json_body()["token"]["application_credential"]["id"] == cred["id"]
    assert cloud.identity.validate(issued) is not None
    # Deleting the credential revokes what it issued.
    gone = cloud.request(
        "DELETE", f"/identity/v3/users/{user_id}/application_credentials/{cred['id']}"
    )
    assert gone.status == 204 and cloud.identity.validate(issued) is None
    # Another user's credentials are not the caller's to create.
    admin_id = cloud.identity.user_named("admin")["id"]
    refused = cloud.request(
        "POST",
        f"/identity/v3/users/{admin_id}/application_credentials",
        json={"application_credential": {"name": "x"}},
    )
    assert refused.status == 403


def test_version_documents_need_no_token(cloud: LocalCloud) -> None:
    root = cloud.request("GET", "/identity", user=None)
    assert root.status == 300 and root.json_body()["versions"]["values"][0]["id"] == "v3.14"
    v3 = cloud.request("GET", "/identity/v3", user=None)
    assert v3.json_body()["version"]["links"][0]["href"].endswith("/identity/v3/")
    widgets = cloud.request("GET", "/widgets/v1", user=None).json_body()["version"]
    assert (widgets["min_version"], widgets["version"]) == ("1.0", "1.5")


# -- dispatch ----------------------------------------------------------------------------


def test_every_service_route_needs_a_valid_token(cloud: LocalCloud) -> None:
    missing = cloud.request("GET", "/widgets/v1/widgets", user=None)
    assert missing.status == 401
    assert (
        missing.headers["WWW-Authenticate"]
        == 'Keystone uri="http://local-cloud.invalid/identity/v3"'
    )
    assert missing.json_body()["fault"]["status"] == 401  # the service's own error shape
    bogus = cloud.request("GET", "/widgets/v1/widgets", user=None, headers={"X-Auth-Token": "x"})
    assert bogus.status == 401


def test_routes_faults_and_unknown_paths(
    cloud: LocalCloud, caplog: pytest.LogCaptureFixture
) -> None:
    assert cloud.request("GET", "/widgets/v1/widgets/nope").json_body() == {
        "fault": {"status": 404, "text": "Widget nope not found"}
    }
    assert cloud.request("GET", "/widgets/v1/nothing").status == 404
    assert cloud.request("GET", "/no-such-service/x").status == 404
    not_allowed = cloud.request("PATCH", "/widgets/v1/widgets/x")
    assert not_allowed.status == 405 and not_allowed.headers["Allow"] == "DELETE, GET"
    with caplog.at_level("ERROR", logger="openstack_core.local_cloud"):
        broken = cloud.request("GET", "/widgets/v1/boom")
    assert broken.status == 500 and "RuntimeError: kaput" in broken.json_body()["fault"]["text"]
    assert "kaput" in caplog.text
    deleted = cloud.request("DELETE", "/widgets/v1/widgets/x")
    assert deleted.status == 204 and deleted.body == b""
    assert deleted.headers["x-openstack-request-id"].startswith("req-")
    head = cloud.request("HEAD", "/widgets/v1/widgets")
    assert head.status == 200 and head.body == b"" and int(head.headers["Content-Length"]) > 0


def test_microversion_negotiation(cloud: LocalCloud) -> None:
    created = cloud.request("POST", "/widgets/v1/widgets", json={"widget": {"name": "a"}})
    widget = created.json_body()["widget"]
    assert "owner" not in widget  # 1.0 by default
    assert created.headers["OpenStack-API-Version"] == "widgets 1.0"
    shown = cloud.request("GET", f"/widgets/v1/widgets/{widget['id']}", microversion="1.2")
    assert shown.headers["OpenStack-API-Version"] == "widgets 1.2"
    assert (
        shown.json_body()["widget"]["owner"]
        == cloud.identity.user_named("demo")["default_project_id"]
    )
    latest = cloud.request("GET", "/widgets/v1/widgets", microversion="latest")
    assert latest.headers["OpenStack-API-Version"] == "widgets 1.5"
    beyond = cloud.request("GET", "/widgets/v1/widgets", microversion="1.6")
    assert beyond.status == 406
    assert beyond.json_body()["fault"]["text"] == (
        "Version 1.6 is not supported by the API. Minimum is 1.0 and maximum is 1.5."
    )
    assert cloud.request("GET", "/widgets/v1/widgets", microversion="one").status == 400


def test_lifecycles_follow_the_clock_without_sleeping(cloud: LocalCloud) -> None:
    created = cloud.request("POST", "/widgets/v1/widgets", json={"widget": {"name": "a"}})
    widget_id = created.json_body()["widget"]["id"]
    assert created.json_body()["widget"]["status"] == "NEW"
    cloud.clock.advance(1.9)
    assert (
        cloud.request("GET", f"/widgets/v1/widgets/{widget_id}").json_body()["widget"]["status"]
        == "NEW"
    )
    cloud.clock.advance(0.2)
    assert (
        cloud.request("GET", f"/widgets/v1/widgets/{widget_id}").json_body()["widget"]["status"]
        == "READY"
    )
    with pytest.raises(ValueError):
        cloud.clock.advance(-1)


def test_paginate_follows_markers(cloud: LocalCloud) -> None:
    for name in "abcde":
        cloud.request("POST", "/widgets/v1/widgets", json={"widget": {"name": name}})
    first = cloud.request("GET", "/widgets/v1/widgets?limit=2").json_body()
    assert [w["name"] for w in first["widgets"]] == ["a", "b"]
    second = cloud.request("GET", "/widgets" + first["next"]).json_body()
    assert [w["name"] for w in second["widgets"]] == ["c", "d"]
    last = cloud.request("GET", "/widgets" + second["next"]).json_body()
    assert [w["name"] for w in last["widgets"]] == ["e"] and "next" not in last
    assert cloud.request("GET", "/widgets/v1/widgets?marker=nope").status == 400
    assert cloud.request("GET", "/widgets/v1/widgets?limit=x").status == 400


def test_times_and_ids() -> None:
    assert fakes.isotime(0) == "1970-01-01T00:00:00Z"
    assert fakes.isotime(1.5, micro=True, zulu=False) == "1970-01-01T00:00:01.500000"
    assert fakes.parse_time("1970-01-01T01:00:00+01:00") == 0
    assert fakes.parse_time("1970-01-01T00:00:10Z") == 10
    assert fakes.request_id().startswith("req-") and len(fakes.new_id()) == 36
    frozen = fakes.Clock(start=100.0)
    frozen.advance(5)
    assert frozen.now() == 105.0 and frozen.frozen


def test_plugin_fakes_are_held_to_the_plugin_api() -> None:
    with pytest.raises(PluginAPIError, match=r"overrides FakeService\.now, a helper"):

        class Bad(fakes.FakeService):
            service_type, api_version, plugin_api_version = "bad", 1, "2.0"

            def now(self) -> float:
                return 0.0


# -- loading -----------------------------------------------------------------------------


def test_installed_fakes_come_from_entry_points() -> None:
    found, problems = installed_fakes()
    assert {"compute", "image"} <= set(found)
    assert found["compute"].__module__.startswith("openstack_compute.v2._fake")
    assert problems == []


def _dist(site: Path, name: str, entry_points: str) -> None:
    info = site / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(entry_points)


def test_a_broken_fake_is_left_out_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    _dist(
        site,
        "broken_fakes",
        "[openstack_core.fakes]\n"
        "zones.v2 = no_such_module:Fake\nZONES = x:y\nwidgets.v1 = json:JSONDecoder\n",
    )
    monkeypatch.syspath_prepend(str(site))
    with pytest.warns(UserWarning) as caught:
        cloud = LocalCloud()
    assert len(caught) == 3
    assert str(caught[0].message).startswith("local cloud: fake zones.v2 = no_such_module:Fake")
    assert set(cloud.services) >= {"identity", "compute", "image"} and "zones" not in cloud.services
    text = "\n".join(cloud.problems)
    assert "broken_fakes 0.1" in text and "ModuleNotFoundError" in text
    assert "must look like <service-type>.v<major>" in text
    assert "is not a subclass of openstack_core.fakes.FakeService" in text


# -- transport, fixture, state -----------------------------------------------------------


def test_in_process_connection_beside_requests_mock() -> None:
    with local_cloud() as conn, requests_mock.Mocker() as mock:
        mock.get("https://elsewhere.example.com/", text="mocked")
        assert conn.authorize()
        assert [f.name for f in conn.compute.flavors()][:2] == ["m1.tiny", "m1.small"]
        assert requests.get("https://elsewhere.example.com/", timeout=5).text == "mocked"
        assert conn.local_cloud.fake("compute").service_type == "compute"
    with pytest.raises(KeyError, match="serves no 'dns'"):
        LocalCloud(fakes={}).fake("dns")


def test_the_fixture_yields_a_connection_of_demo(local_cloud: Any) -> None:
    assert (
        local_cloud.current_project_id
        == local_cloud.local_cloud.identity.user_named("demo")["default_project_id"]
    )
    admin = local_cloud.local_cloud.connection("admin")
    with pytest.raises(exceptions.ForbiddenException):
        local_cloud.compute.create_flavor(name="x", ram=1, vcpus=1, disk=0)
    assert admin.compute.create_flavor(name="x", ram=1, vcpus=1, disk=0).name == "x"


def test_state_round_trip(cloud: LocalCloud) -> None:
    created = cloud.request("POST", "/widgets/v1/widgets", json={"widget": {"name": "kept"}})
    saved = json.loads(json.dumps(cloud.dump_state()))
    again = LocalCloud(fakes={"widgets": Widgets})
    again.load_state(saved)
    widget_id = created.json_body()["widget"]["id"]
    assert again.request("GET", f"/widgets/v1/widgets/{widget_id}").status == 200
    # Users and passwords came back too: the old password still works.
    assert again.identity.credentials("demo") == cloud.identity.credentials("demo")
    # State of a service that is not installed now is kept for the next save.
    without = LocalCloud(fakes={})
    without.load_state(saved)
    assert without.dump_state()["services"]["widgets"] == saved["services"]["widgets"]
    with pytest.raises(ValueError, match="not local cloud state"):
        again.load_state({"format": 99})


def test_secrets_stay_out_of_reprs(cloud: LocalCloud) -> None:
    secret = cloud.identity.credentials("demo")["password"]
    token = cloud.token("demo")
    texts = [repr(cloud), repr(cloud.identity), repr(cloud.identity.validate(token))]
    assert not any(secret in t or token in t for t in texts)


def test_no_warning_without_broken_fakes() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LocalCloud()
    assert sys.modules["openstack_core._local.cloud"]


def test_two_distributions_of_one_fake_serve_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    _dist(site, "second_dns", "[openstack_core.fakes]\ndns.v2 = acme_dns._fake:Fake\n")
    monkeypatch.syspath_prepend(str(site))
    with pytest.warns(UserWarning, match="2 distributions register it"):
        cloud = LocalCloud()
    assert "dns" not in cloud.services


def test_the_fixture_works_beside_requests_mocks_fixture(
    local_cloud: Any, requests_mock: Any
) -> None:
    requests_mock.get("https://api.example.com/status", json={"ok": True})
    assert requests.get("https://api.example.com/status", timeout=5).json() == {"ok": True}
    assert next(f.name for f in local_cloud.compute.flavors()) == "m1.tiny"
    assert requests_mock.call_count == 1  # the local cloud's calls never reached the mock


def test_catalog_administration_registers_other_services(cloud: LocalCloud) -> None:
    denied = cloud.request("POST", "/identity/v3/services", json={"service": {"type": "dns"}})
    assert (
        denied.status == 403 and "identity:create_service" in denied.json_body()["error"]["message"]
    )
    region = cloud.request(
        "POST", "/identity/v3/regions", user="admin", json={"region": {"id": "RegionTwo"}}
    )
    assert region.status == 201
    service = cloud.request(
        "POST",
        "/identity/v3/services",
        user="admin",
        json={"service": {"type": "dns", "name": "designate"}},
    ).json_body()["service"]
    for interface, region_id in (("public", "RegionOne"), ("internal", "RegionTwo")):
        created = cloud.request(
            "POST",
            "/identity/v3/endpoints",
            user="admin",
            json={
                "endpoint": {
                    "service_id": service["id"],
                    "interface": interface,
                    "url": f"https://dns.example.com/{interface}",
                    "region_id": region_id,
                }
            },
        )
        assert created.status == 201
    entry = next(s for s in cloud.catalog() if s["type"] == "dns")
    assert {(e["interface"], e["region_id"]) for e in entry["endpoints"]} == {
        ("public", "RegionOne"),
        ("internal", "RegionTwo"),
    }
    listed = cloud.request("GET", "/identity/v3/services", user="admin").json_body()["services"]
    assert {s["type"] for s in listed} == {"identity", "widgets", "dns"}
    served = next(s for s in listed if s["type"] == "widgets")
    assert (
        cloud.request("DELETE", f"/identity/v3/services/{served['id']}", user="admin").status == 403
    )
    saved = json.loads(json.dumps(cloud.dump_state()))
    assert (
        cloud.request("DELETE", f"/identity/v3/services/{service['id']}", user="admin").status
        == 204
    )
    assert not any(s["type"] == "dns" for s in cloud.catalog())
    again = LocalCloud(fakes={"widgets": Widgets})
    again.load_state(saved)
    assert any(s["type"] == "dns" for s in again.catalog())
