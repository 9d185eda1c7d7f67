"""The seam between the core's Keystone and a fake of identity (``fakes.Accounts``):
the core authenticates, issues and checks tokens against the accounts a plugin's fake
keeps, serves the fake's routes beside its own, and checks the contract when the fake
is loaded. Also the core Keystone's own additions: access rules, ``nocatalog``, the
catalog's get and update, and state across accounts of another kind."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

import pytest

from openstack_core import fakes
from openstack_core._enforcement import PluginAPIError
from openstack_core._local.loader import fake_contract_violations
from openstack_core.plugin_api import EntryName
from openstack_core.testing import LocalCloud

IDENTITY = EntryName("identity", 3)


class Directory(fakes.Accounts):
    """A small identity fake written as a plugin would write it: users with passwords,
    one project, roles granted per user, and a few administration routes."""

    service_type = "identity"
    api_version = 3
    plugin_api_version = "2.1"

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.project = {"id": "p1", "name": "demo", "domain_id": "default"}
        self.users: dict[str, dict[str, Any]] = {}
        self.grants: dict[str, list[str]] = {}
        for spec in self.settings.get("users", ()):
            user = self._add(str(spec["name"]), "pw-" + str(spec["name"]))
            self.grants[user["id"]] = list(spec["roles"])

    def _add(self, name: str, password: str) -> dict[str, Any]:
        user = {"id": fakes.new_id(), "name": name, "domain_id": "default", "password": password}
        self.users[user["id"]] = user
        return user

    def find_user(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        for user in self.users.values():
            if reference.get("id") in (None, user["id"]) and reference.get("name") in (
                None,
                user["name"],
            ):
                return {k: v for k, v in user.items() if k != "password"}
        return None

    def check_password(self, user_id: str, password: str) -> bool:
        return self.users[user_id]["password"] == password

    def find_project(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        wanted = reference.get("id") or reference.get("name")
        return dict(self.project) if wanted in ("p1", "demo") else None

    def find_domain(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        return {"id": "default", "name": "Default"} if reference else None

    def find_role(self, reference: Mapping[str, Any]) -> dict[str, Any] | None:
        name = reference.get("name") or reference.get("id")
        return {"id": name, "name": name} if name in ("admin", "member") else None

    def effective_roles(self, user_id: str, *, project_id: str) -> list[dict[str, Any]]:
        return [{"id": r, "name": r} for r in self.grants.get(user_id, [])]

    def user_projects(self, user_id: str) -> list[dict[str, Any]]:
        return [dict(self.project)] if self.grants.get(user_id) else []

    def credentials(self) -> dict[str, dict[str, str]]:
        return {
            u["name"]: {
                "username": u["name"],
                "password": u["password"],
                "project_name": "demo",
                "user_domain_name": "Default",
                "project_domain_name": "Default",
            }
            for u in self.users.values()
        }

    @fakes.route("POST", "/v3/users")
    def create_user(self, request: fakes.Request) -> fakes.Response:
        spec = request.json_object("user")
        user = self._add(spec["name"], spec["password"])
        self.grants[user["id"]] = ["member"]
        return fakes.Response.json({"user": self.find_user({"id": user["id"]})}, 201)

    @fakes.route("DELETE", "/v3/users/{user_id}")
    def delete_user(self, request: fakes.Request, user_id: str) -> None:
        del self.users[user_id]

    @fakes.route("POST", "/v3/users/{user_id}/password")
    def change_password(self, request: fakes.Request, user_id: str) -> None:
        self.users[user_id]["password"] = request.json_object("user")["password"]
        self.revoke_tokens(user_id)

    def dump_state(self) -> Any:
        return {"users": self.users, "grants": self.grants}

    def load_state(self, data: Any) -> None:
        self.users, self.grants = dict(data["users"]), dict(data["grants"])


USERS = {"identity": {"users": [{"name": "admin", "project": "demo", "roles": ["admin"]}]}}


@pytest.fixture
def cloud() -> LocalCloud:
    return LocalCloud(
        clock=fakes.Clock(start=time.time()), fakes={"identity": Directory}, settings=USERS
    )


def _password(name: str, password: str) -> dict[str, Any]:
    user = {"name": name, "domain": {"id": "default"}, "password": password}
    return {
        "auth": {
            "identity": {"methods": ["password"], "password": {"user": user}},
            "scope": {"project": {"id": "p1"}},
        }
    }


def test_keystone_authenticates_the_fakes_accounts(cloud: LocalCloud) -> None:
    assert cloud.fake("identity").__class__ is Directory
    created = cloud.request(
        "POST", "/identity/v3/users", user="admin", json={"user": {"name": "bo", "password": "x"}}
    )
    assert created.status == 201  # the fake's route, beside Keystone's
    answer = cloud.request("POST", "/identity/v3/auth/tokens", user=None, json=_password("bo", "x"))
    assert answer.status == 201
    body = answer.json_body()["token"]
    assert body["user"]["domain"] == {"id": "default", "name": "Default"}
    assert [r["name"] for r in body["roles"]] == ["member"]
    assert body["project"] == {"id": "p1", "name": "demo", "domain": body["user"]["domain"]}
    wrong = cloud.request("POST", "/identity/v3/auth/tokens", user=None, json=_password("bo", "y"))
    assert wrong.status == 401
    # Keystone's own routes still answer, with the fake's data.
    token = answer.headers["X-Subject-Token"]
    projects = cloud.request(
        "GET", "/identity/v3/auth/projects", user=None, headers={"X-Auth-Token": token}
    )
    assert [p["id"] for p in projects.json_body()["projects"]] == ["p1"]
    assert cloud.identity.credentials("admin")["password"] == "pw-admin"


def test_tokens_follow_the_accounts(cloud: LocalCloud) -> None:
    cloud.request(
        "POST", "/identity/v3/users", user="admin", json={"user": {"name": "bo", "password": "x"}}
    )
    issued = cloud.request("POST", "/identity/v3/auth/tokens", user=None, json=_password("bo", "x"))
    token = issued.headers["X-Subject-Token"]
    user_id = issued.json_body()["token"]["user"]["id"]
    assert cloud.identity.validate(token) is not None
    # A password change through the fake's route: revoke_tokens ends the user's tokens.
    changed = cloud.request(
        "POST",
        f"/identity/v3/users/{user_id}/password",
        user="admin",
        json={"user": {"password": "z"}},
    )
    assert changed.status == 204 and cloud.identity.validate(token) is None
    again = cloud.request("POST", "/identity/v3/auth/tokens", user=None, json=_password("bo", "z"))
    token = again.headers["X-Subject-Token"]
    assert cloud.identity.validate(token) is not None
    # Deleting the user ends its tokens: Keystone looks the user up again after a change.
    cloud.request("DELETE", f"/identity/v3/users/{user_id}", user="admin")
    assert cloud.identity.validate(token) is None
    denied = cloud.request(
        "GET", "/identity/v3/auth/projects", user=None, headers={"X-Auth-Token": token}
    )
    assert denied.status == 401


def test_the_contract_of_an_identity_fake() -> None:
    assert fake_contract_violations(Directory, IDENTITY) == []

    class Plain(fakes.FakeService):
        service_type, api_version, plugin_api_version = "identity", 3, "2.1"

    (problem,) = fake_contract_violations(Plain, IDENTITY)
    assert "subclass openstack_core.fakes.Accounts" in problem
    with pytest.raises(TypeError, match=r"subclass openstack_core\.fakes\.Accounts"):
        LocalCloud(fakes={"identity": Plain})

    class Clashing(Directory):
        plugin_api_version = "2.0"

        @fakes.route("POST", "/v3/auth/tokens")
        def login(self, request: fakes.Request) -> None:
            """Keystone answers this."""

    problems = fake_contract_violations(Clashing, IDENTITY)
    assert "fakes.Accounts needs plugin API 2.1 or later" in problems[0]
    assert "Clashing.login answers POST /v3/auth/tokens, which the core's Keystone" in problems[1]
    with pytest.raises(PluginAPIError, match=r"overrides Accounts\.revoke_tokens, a helper"):

        class Bad(fakes.Accounts):
            service_type, api_version, plugin_api_version = "identity", 3, "2.1"

            def revoke_tokens(self, user_id: str) -> None:
                """Not a hook."""


def test_access_rules_limit_what_a_credential_token_calls() -> None:
    cloud = LocalCloud(fakes={})
    user_id = cloud.identity.user_named("demo")["id"]
    rules = [
        {"service": "identity", "method": "GET", "path": "/v3/users/*/application_credentials"}
    ]
    created = cloud.request(
        "POST",
        f"/identity/v3/users/{user_id}/application_credentials",
        json={"application_credential": {"name": "ci", "access_rules": rules}},
    )
    cred = created.json_body()["application_credential"]
    (rule,) = cred["access_rules"]
    auth = {
        "identity": {
            "methods": ["application_credential"],
            "application_credential": {"id": cred["id"], "secret": cred["secret"]},
        }
    }
    issued = cloud.request("POST", "/identity/v3/auth/tokens", user=None, json={"auth": auth})
    token = {"X-Auth-Token": issued.headers["X-Subject-Token"]}
    listed = f"/identity/v3/users/{user_id}/application_credentials"
    assert cloud.request("GET", listed, headers=token).status == 200
    assert cloud.request("GET", "/identity/v3/auth/projects", headers=token).status == 401
    rules_path = f"/identity/v3/users/{user_id}/access_rules"
    assert [r["id"] for r in cloud.request("GET", rules_path).json_body()["access_rules"]] == [
        rule["id"]
    ]
    in_use = cloud.request("DELETE", f"{rules_path}/{rule['id']}")
    assert in_use.status == 403 and "in use" in in_use.json_body()["error"]["message"]
    cloud.request("DELETE", f"{listed}/{cred['id']}")
    assert cloud.request("DELETE", f"{rules_path}/{rule['id']}").status == 204
    assert cloud.request("GET", f"{rules_path}/{rule['id']}").status == 404


def test_validation_without_the_catalog_and_catalog_updates() -> None:
    cloud = LocalCloud(fakes={})
    subject = {"X-Subject-Token": cloud.token("demo")}
    full = cloud.request("GET", "/identity/v3/auth/tokens", headers=subject).json_body()
    bare = cloud.request("GET", "/identity/v3/auth/tokens?nocatalog", headers=subject).json_body()
    assert full["token"]["catalog"] and "catalog" not in bare["token"]
    service = cloud.request(
        "POST", "/identity/v3/services", user="admin", json={"service": {"type": "dns"}}
    ).json_body()["service"]
    changed = cloud.request(
        "PATCH",
        f"/identity/v3/services/{service['id']}",
        user="admin",
        json={"service": {"description": "zones"}},
    )
    assert changed.json_body()["service"]["description"] == "zones"
    shown = cloud.request("GET", f"/identity/v3/services/{service['id']}", user="admin")
    assert shown.json_body()["service"]["description"] == "zones"
    served = cloud.served_catalog()[0]["id"]
    refused = cloud.request(
        "PATCH", f"/identity/v3/services/{served}", user="admin", json={"service": {}}
    )
    assert refused.status == 403
    cloud.request("POST", "/identity/v3/regions", user="admin", json={"region": {"id": "R2"}})
    page = cloud.request("GET", "/identity/v3/regions?limit=1").json_body()
    assert [r["id"] for r in page["regions"]] == ["RegionOne"] and page["truncated"] is True
    assert page["links"]["next"].endswith("/identity/v3/regions?limit=1&marker=RegionOne")
    rest = cloud.request("GET", "/identity/v3/regions?limit=1&marker=RegionOne").json_body()
    assert [r["id"] for r in rest["regions"]] == ["R2"]
    assert cloud.request("GET", "/identity/v3/regions?marker=nope").status == 404
    cloud.request(
        "POST",
        "/identity/v3/regions",
        user="admin",
        json={"region": {"id": "R3", "parent_region_id": "R2"}},
    )
    assert cloud.request("DELETE", "/identity/v3/regions/R2", user="admin").status == 204
    assert cloud.request("GET", "/identity/v3/regions/R3").status == 404  # went with its parent


def test_state_keeps_the_accounts_of_their_kind(cloud: LocalCloud) -> None:
    cloud.request(
        "POST", "/identity/v3/users", user="admin", json={"user": {"name": "bo", "password": "x"}}
    )
    token = cloud.token("admin")
    saved = json.loads(json.dumps(cloud.dump_state()))
    again = LocalCloud(fakes={"identity": Directory}, settings=USERS)
    again.load_state(saved)
    assert again.identity.user_named("bo") and again.identity.validate(token) is not None
    # The core's seeded accounts do not take a plugin's: they keep their own users.
    seeded = LocalCloud(fakes={})
    demo = seeded.identity.credentials("demo")
    seeded.load_state(saved)
    assert seeded.identity.credentials("demo") == demo
    assert seeded.identity.validate(token) is None
