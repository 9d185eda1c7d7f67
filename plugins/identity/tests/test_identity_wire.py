"""The identity Proxy on the wire: endpoints, Keystone's errors and listings, grants,
limits, federation, domain configuration, tags, and secrets kept out of logs."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from openstack_identity.v3._proxy import Proxy

from openstack_core import exceptions
from openstack_core.testing import FakeCloud

from .conftest import JSON, ROOT, URL

CONFLICT = {
    "error": {
        "code": 409,
        "message": "Conflict occurred attempting to store user - Duplicate entry.",
        "title": "Conflict",
    }
}


@pytest.mark.parametrize("catalog", [ROOT, ROOT.rstrip("/"), URL, URL + "/"])
def test_root_or_v3_in_the_catalog_reach_v3_without_discovery(
    fake_cloud: FakeCloud, catalog: str
) -> None:
    fake_cloud.add_service("identity", catalog, discovery=False)
    identity = fake_cloud.proxy(Proxy)
    fake_cloud.mocker.get(URL + "/regions", json={"regions": [], "links": {}})
    assert list(identity.regions()) == []
    assert identity.get_endpoint() == URL
    methods = [(r.method, r.url) for r in fake_cloud.mocker.request_history]
    assert ("GET", ROOT) not in methods and ("GET", URL) not in methods


def test_get_endpoint_with_an_argument_fetches_a_catalog_endpoint(
    identity: Proxy, fake_cloud: FakeCloud
) -> None:
    fake_cloud.mocker.get(URL + "/endpoints/e1", json={"endpoint": {"id": "e1", "url": "u"}})
    assert identity.get_endpoint("e1").url == "u"
    assert identity.get_endpoint() == URL


def test_keystone_errors_map_message_code_and_title(identity: Proxy, fake_cloud: FakeCloud) -> None:
    fake_cloud.mocker.post(
        URL + "/users",
        status_code=409,
        json=CONFLICT,
        headers={**JSON, "x-openstack-request-id": "req-1"},
    )
    with pytest.raises(exceptions.ConflictException) as err:
        identity.create_user(name="dup", password="s3cret-pw")
    assert err.value.status_code == 409
    assert err.value.error_code == "Conflict"
    assert err.value.details == CONFLICT["error"]["message"]
    assert err.value.request_id == "req-1"
    fake_cloud.mocker.get(URL + "/users/x", status_code=404, text="not json")
    with pytest.raises(exceptions.NotFoundException) as missing:
        identity.get_user("x")
    assert missing.value.error_code is None and "No User found for x" in str(missing.value)


def test_links_next_is_followed_and_truncation_noted(
    identity: Proxy, fake_cloud: FakeCloud, caplog: pytest.LogCaptureFixture
) -> None:
    mock = fake_cloud.mocker
    mock.get(
        URL + "/users?domain_id=default",
        json={
            "users": [{"id": "1"}],
            "links": {"next": f"{URL}/users?domain_id=default&marker=1", "previous": None},
        },
    )
    mock.get(
        URL + "/users?domain_id=default&marker=1",
        json={"users": [{"id": "2"}], "links": {"next": None}, "truncated": True},
    )
    with caplog.at_level(logging.WARNING, logger="openstack_identity"):
        assert [u.id for u in identity.users(domain_id="default")] == ["1", "2"]
    assert "Keystone truncated the list at 1 users" in caplog.text


def test_ids_are_percent_encoded(identity: Proxy, fake_cloud: FakeCloud) -> None:
    fake_cloud.mocker.get(URL + "/projects/a%2F..%2Fb", json={"project": {"id": "a/../b"}})
    assert identity.get_project("a/../b").id == "a/../b"
    fake_cloud.mocker.put(URL + "/projects/p/users/u%2F1/roles/r%3F", status_code=204)
    identity.assign_project_role_to_user("p", "u/1", "r?")


@pytest.mark.parametrize(
    ("call", "args", "kwargs", "method", "path"),
    [
        ("assign_project_role_to_user", ("p", "u", "r"), {}, "PUT", "/projects/p/users/u/roles/r"),
        (
            "assign_project_role_to_group",
            ("p", "g", "r"),
            {"inherited": True},
            "PUT",
            "/OS-INHERIT/projects/p/groups/g/roles/r/inherited_to_projects",
        ),
        (
            "unassign_domain_role_from_user",
            ("d", "u", "r"),
            {"inherited": True},
            "DELETE",
            "/OS-INHERIT/domains/d/users/u/roles/r/inherited_to_projects",
        ),
        (
            "unassign_domain_role_from_group",
            ("d", "g", "r"),
            {},
            "DELETE",
            "/domains/d/groups/g/roles/r",
        ),
        ("assign_system_role_to_user", ("u", "r", "all"), {}, "PUT", "/system/users/u/roles/r"),
        (
            "unassign_system_role_from_group",
            ("g", "r", "all"),
            {},
            "DELETE",
            "/system/groups/g/roles/r",
        ),
    ],
)
def test_grant_paths(
    identity: Proxy,
    fake_cloud: FakeCloud,
    call: str,
    args: tuple[str, ...],
    kwargs: dict[str, Any],
    method: str,
    path: str,
) -> None:
    fake_cloud.mocker.register_uri(method, URL + path, status_code=204)
    getattr(identity, call)(*args, **kwargs)
    assert fake_cloud.mocker.last_request.method == method


def test_validate_grants_answer_booleans(identity: Proxy, fake_cloud: FakeCloud) -> None:
    fake_cloud.mocker.head(URL + "/domains/d/users/u/roles/r", status_code=204)
    fake_cloud.mocker.head(URL + "/system/groups/g/roles/r", status_code=404)
    assert identity.validate_user_has_domain_role("d", "u", "r") is True
    assert identity.validate_group_has_system_role("g", "r", "all") is False


def test_role_assignment_filters_use_keystones_names(
    identity: Proxy, fake_cloud: FakeCloud
) -> None:
    fake_cloud.mocker.get(URL + "/role_assignments", json={"role_assignments": []})
    list(
        identity.role_assignments(
            user_id="u",
            group_id="g",
            role_id="r",
            scope_project_id="p",
            scope_domain_id="d",
            scope_system="all",
            inherited_to="projects",
            effective=True,
            include_names=True,
            include_subtree=True,
        )
    )
    query = fake_cloud.mocker.last_request.qs
    assert query == {
        "user.id": ["u"],
        "group.id": ["g"],
        "role.id": ["r"],
        "scope.project.id": ["p"],
        "scope.domain.id": ["d"],
        "scope.system": ["all"],
        "scope.os-inherit:inherited_to": ["projects"],
        "effective": ["true"],
        "include_names": ["true"],
        "include_subtree": ["true"],
    }
    with pytest.raises(exceptions.InvalidResourceQuery):
        list(identity.role_assignments(scope="x"))
    fake_cloud.mocker.get(URL + "/projects/p/groups/g/roles", json={"roles": [{"id": "r"}]})
    assert [r.id for r in identity.role_assignments_filter(project="p", group="g")] == ["r"]
    with pytest.raises(exceptions.InvalidRequest, match="one of group or user"):
        identity.role_assignments_filter(project="p")


def test_limits_are_created_in_batches_of_one(identity: Proxy, fake_cloud: FakeCloud) -> None:
    answer = {"limits": [{"id": "l1", "resource_limit": 5, "project_id": "p"}]}
    fake_cloud.mocker.post(URL + "/limits", json=answer, status_code=201)
    limit = identity.create_limit(
        service_id="s", project_id="p", resource_name="x", resource_limit=5
    )
    assert fake_cloud.mocker.last_request.json() == {
        "limits": [
            {"service_id": "s", "project_id": "p", "resource_name": "x", "resource_limit": 5}
        ]
    }
    assert limit.id == "l1" and limit.resource_limit == 5
    fake_cloud.mocker.patch(URL + "/limits/l1", json={"limit": {"id": "l1", "resource_limit": 6}})
    assert identity.update_limit(limit, resource_limit=6).resource_limit == 6
    assert fake_cloud.mocker.last_request.json() == {"limit": {"resource_limit": 6}}


def test_federation_is_created_with_put_at_its_id(identity: Proxy, fake_cloud: FakeCloud) -> None:
    base = URL + "/OS-FEDERATION/identity_providers/idp1"
    fake_cloud.mocker.put(base, json={"identity_provider": {"id": "idp1"}}, status_code=201)
    idp = identity.create_identity_provider(name="idp1", enabled=True)
    assert fake_cloud.mocker.last_request.json() == {"identity_provider": {"enabled": True}}
    assert idp.id == idp.name == "idp1"
    fake_cloud.mocker.put(
        base + "/protocols/saml2", json={"protocol": {"id": "saml2", "mapping_id": "m"}}
    )
    protocol = identity.create_federation_protocol(idp, id="saml2", mapping_id="m")
    assert fake_cloud.mocker.last_request.json() == {"protocol": {"mapping_id": "m"}}
    fake_cloud.mocker.delete(base + "/protocols/saml2", status_code=204)
    identity.delete_federation_protocol(None, protocol)
    with pytest.raises(exceptions.InvalidRequest, match="identity provider is needed"):
        identity.get_federation_protocol(None, "saml2")


def test_domain_config_and_secrets_stay_out_of_logs(
    identity: Proxy, fake_cloud: FakeCloud, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    config = {"identity": {"driver": "ldap"}, "ldap": {"url": "ldap://x", "password": "bindpw"}}
    fake_cloud.mocker.put(URL + "/domains/d1/config", json={"config": config}, headers=JSON)
    fake_cloud.mocker.get(URL + "/domains/d1/config", json={"config": config}, headers=JSON)
    created = identity.create_domain_config("d1", **config)
    assert fake_cloud.mocker.last_request.json() == {"config": config}
    assert created.identity.driver == "ldap"
    assert created.ldap.extra_attributes()["password"] == "bindpw"
    assert identity.get_domain_config("d1").ldap.url == "ldap://x"
    fake_cloud.mocker.post(
        URL + "/users/u1/password",
        status_code=401,
        json={"error": {"message": "bad", "title": "Unauthorized"}},
    )
    with pytest.raises(exceptions.UnauthorizedException):
        identity.update_password("u1", "old-Pw-1", "new-Pw-2")
    assert fake_cloud.mocker.last_request.json() == {
        "user": {"original_password": "old-Pw-1", "password": "new-Pw-2"}
    }
    credential = {"credential": {"id": "c1", "blob": '{"secret": "blob-sk"}', "type": "ec2"}}
    fake_cloud.mocker.get(
        URL + "/credentials", json={"credentials": [credential["credential"]]}, headers=JSON
    )
    assert [c.id for c in identity.credentials()] == ["c1"]
    fake_cloud.mocker.post(
        URL + "/users/u1/application_credentials",
        json={"application_credential": {"id": "a1", "secret": "app-secret"}},
        status_code=201,
        headers=JSON,
    )
    assert identity.create_application_credential("u1", "ci").secret == "app-secret"
    for secret in ("bindpw", "old-Pw-1", "new-Pw-2", "blob-sk", "app-secret"):
        assert secret not in caplog.text


def test_tokens_never_appear_in_logs_or_exceptions(
    identity: Proxy, fake_cloud: FakeCloud, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = "gAAAAAB-subject-token"
    mock = fake_cloud.mocker
    mock.get(
        URL + "/auth/tokens",
        json={"token": {"methods": ["password"], "user": {"id": "u"}}},
        headers={**JSON, "X-Subject-Token": token},
    )
    info = identity.validate_token(token, nocatalog=True, allow_expired=True)
    assert mock.last_request.headers["X-Subject-Token"] == token
    assert mock.last_request.qs == {"nocatalog": ["1"], "allow_expired": ["1"]}
    assert info.user == {"id": "u"} and token not in repr(info)
    mock.head(URL + "/auth/tokens", status_code=200)
    assert identity.check_token(token) is True
    mock.head(URL + "/auth/tokens", status_code=404)
    assert identity.check_token(token) is False
    # Keystone's message for an unknown token used to repeat it.
    mock.delete(
        URL + "/auth/tokens",
        status_code=404,
        json={
            "error": {
                "code": 404,
                "message": f"Could not find token: {token}.",
                "title": "Not Found",
            }
        },
    )
    with pytest.raises(exceptions.NotFoundException) as err:
        identity.revoke_token(token)
    assert token not in str(err.value) and token not in repr(err.value)
    assert "Could not find token: ***." in str(err.value)
    assert err.value.__cause__ is None and err.value.__suppress_context__
    assert token not in caplog.text


def test_tags(identity: Proxy, fake_cloud: FakeCloud) -> None:
    mock = fake_cloud.mocker
    mock.get(URL + "/projects/p", json={"project": {"id": "p", "tags": ["a"]}})
    project = identity.get_project("p")
    mock.put(URL + "/projects/p/tags/b%20c", status_code=201)
    project.add_tag(identity, "b c")
    assert project.tags == ["a", "b c"] and not project.is_dirty
    mock.get(URL + "/projects/p/tags/zzz", status_code=404)
    with pytest.raises(exceptions.NotFoundException):
        project.check_tag(identity, "zzz")
    mock.put(URL + "/projects/p/tags", json={"tags": ["x"]})
    project.set_tags(identity, ["x"])
    assert mock.last_request.json() == {"tags": ["x"]}
    mock.get(URL + "/projects?tags=x%2Cy&not-tags-any=z", json={"projects": []})
    assert list(identity.projects(tags=["x", "y"], not_any_tags="z")) == []
