"""The identity fake behind the local cloud's Keystone, through the identity Proxy and
at the HTTP level (``conn.local_cloud.request``): what it seeds, the administration
API, role assignments in every mode, tokens that follow the accounts, paging, errors
in Keystone's shape, and its state."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from openstack_identity.v3._fake import Fake

from openstack_core import exceptions
from openstack_core.testing import LocalCloud, LocalConnection, local_cloud


@pytest.fixture
def admin() -> Iterator[LocalConnection]:
    """A Connection of the admin to a local cloud served with the identity fake."""
    with local_cloud("admin", fakes={"identity": Fake}) as conn:
        yield conn


def _ids(items: Any) -> list[str]:
    return [item.id for item in items]


def test_bootstrap_roles_and_seeded_users(admin: LocalConnection) -> None:
    identity = admin.identity
    roles = {r.name: r for r in identity.roles()}
    assert {"admin", "manager", "member", "reader", "service"} <= set(roles)
    assert roles["admin"].options == {"immutable": True}
    implied = {
        r.prior_role["name"]: [i["name"] for i in r.implies] for r in identity.role_inferences()
    }
    assert implied == {"member": ["reader"], "manager": ["member"], "admin": ["manager"]}
    token = identity.validate_token(admin.authorize())
    assert sorted(r["name"] for r in token.roles) == ["admin", "manager", "member", "reader"]
    demo = identity.find_user("demo")
    assert [p.name for p in identity.user_projects(demo)] == ["demo"]
    with pytest.raises(exceptions.ForbiddenException, match="Unable to delete immutable role"):
        identity.delete_role(roles["reader"])


def test_projects_tags_hierarchy_and_errors(admin: LocalConnection) -> None:
    identity = admin.identity
    parent = identity.create_project(name="parent", domain_id="default", tags=["a"])
    child = identity.create_project(name="child", parent_id=parent.id)
    assert (child.domain_id, child.parent_id) == ("default", parent.id)
    shown = admin.local_cloud.request(
        "GET", f"/identity/v3/projects/{parent.id}?subtree_as_ids&parents_as_ids", user="admin"
    ).json_body()["project"]
    assert shown["subtree"] == {child.id: None} and shown["parents"] is None
    child.add_tag(identity, "b")
    assert _ids(identity.projects(tags="a")) == [parent.id]
    assert _ids(identity.projects(any_tags="a,b")) == [parent.id, child.id]
    assert child.id not in _ids(identity.projects(not_any_tags=["b"]))
    with pytest.raises(exceptions.ConflictException) as err:
        identity.create_project(name="parent", domain_id="default")
    assert err.value.details == (
        "Conflict occurred attempting to store project - Duplicate entry found with name "
        "parent at domain ID default."
    )
    with pytest.raises(exceptions.ForbiddenException, match="not a leaf"):
        identity.delete_project(parent)
    with pytest.raises(exceptions.ForbiddenException, match="parent_id"):
        identity.update_project(child, parent_id="default")
    answer = admin.local_cloud.request("GET", "/identity/v3/projects/nope", user="admin")
    assert answer.status == 404 and answer.json_body() == {
        "error": {"code": 404, "title": "Not Found", "message": "Could not find project: nope."}
    }
    with pytest.raises(exceptions.ForbiddenException, match="identity:list_projects"):
        list(admin.local_cloud.connection("demo").identity.projects())


def test_domains_and_their_configuration(admin: LocalConnection) -> None:
    identity = admin.identity
    domain = identity.create_domain(name="d1")
    project = identity.create_project(name="p", domain_id=domain.id)
    config = identity.create_domain_config(
        domain, identity={"driver": "ldap"}, ldap={"url": "ldap://x", "password": "s3cret"}
    )
    assert config.ldap.url == "ldap://x" and "password" not in config.ldap.extra_attributes()
    with pytest.raises(exceptions.ForbiddenException, match="is enabled"):
        identity.delete_domain(domain)
    identity.update_domain(domain, is_enabled=False)
    identity.delete_domain(domain)
    assert identity.find_project(project.id) is None  # went with its domain
    with pytest.raises(exceptions.NotFoundException):
        identity.get_domain_config(domain)


def test_password_change_ends_the_users_tokens(admin: LocalConnection) -> None:
    identity = admin.identity
    cloud = admin.local_cloud
    user = identity.create_user(name="u", domain_id="default", password="one-Pa55")
    project = identity.find_project("demo")
    member = identity.find_role("member")
    identity.assign_project_role_to_user(project, user, member)
    body = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {
                    "user": {"name": "u", "domain": {"id": "default"}, "password": "one-Pa55"}
                },
            },
            "scope": {"project": {"id": project.id}},
        }
    }
    token = cloud.request("POST", "/identity/v3/auth/tokens", user=None, json=body).headers[
        "X-Subject-Token"
    ]
    assert identity.check_token(token)
    changed = cloud.request(
        "POST",
        f"/identity/v3/users/{user.id}/password",
        user=None,
        headers={"X-Auth-Token": token},
        json={"user": {"original_password": "one-Pa55", "password": "two-Pa55"}},
    )
    assert changed.status == 204
    assert identity.check_token(token) is False
    body["auth"]["identity"]["password"]["user"]["password"] = "two-Pa55"
    again = cloud.request("POST", "/identity/v3/auth/tokens", user=None, json=body)
    assert again.status == 201
    # Removing the grant ends the new token too: Keystone looks its roles up again.
    identity.unassign_project_role_from_user(project, user, member)
    assert identity.check_token(again.headers["X-Subject-Token"]) is False


def test_role_assignments_direct_effective_and_named(admin: LocalConnection) -> None:
    identity = admin.identity
    domain = identity.create_domain(name="dom")
    parent = identity.create_project(name="parent", domain_id=domain.id)
    child = identity.create_project(name="child", parent_id=parent.id)
    user = identity.create_user(name="u", domain_id=domain.id)
    group = identity.create_group(name="g", domain_id=domain.id)
    role = identity.create_role(name="r")
    implied = identity.create_role(name="i")
    local = identity.create_role(name="local", domain_id=domain.id)
    identity.create_implied_role(role, implied)
    identity.create_implied_role(local, role)
    identity.add_user_to_group(user, group)
    identity.assign_project_role_to_group(parent, group, local)
    identity.assign_project_role_to_user(parent, user, role, inherited=True)

    direct = list(identity.role_assignments(user_id=user.id))
    assert [(a.role["id"], a.scope) for a in direct] == [
        (role.id, {"project": {"id": parent.id}, "OS-INHERIT:inherited_to": "projects"})
    ]
    effective = list(identity.role_assignments(user_id=user.id, effective=True))
    seen = sorted((a.scope["project"]["id"], a.role["id"]) for a in effective)
    # On parent: the group's domain role implies r, which implies i (local itself is left
    # out); on child: r inherited from parent, and i.
    assert seen == sorted(
        [(parent.id, role.id), (parent.id, implied.id), (child.id, role.id), (child.id, implied.id)]
    )
    via_group = next(a for a in effective if a.scope["project"]["id"] == parent.id)
    assert via_group.links["membership"].endswith(f"/groups/{group.id}/users/{user.id}")
    named = list(identity.role_assignments(scope_project_id=child.id, include_names=True))
    assert named == []  # nothing is granted on child itself
    named = list(
        identity.role_assignments(
            scope_project_id=parent.id, include_subtree=True, effective=True, include_names=True
        )
    )
    assert {a.scope["project"]["name"] for a in named} == {"parent", "child"}
    assert {a.user["domain"]["name"] for a in named} == {"dom"}
    token_roles = {
        r["name"]
        for r in admin.local_cloud.identity.accounts.effective_roles(user.id, project_id=parent.id)
    }
    assert token_roles == {"r", "i"}
    with pytest.raises(exceptions.BadRequestException, match="effective and group"):
        list(identity.role_assignments(group_id=group.id, effective=True))


def test_grants_on_the_system_and_domain_roles_listed(admin: LocalConnection) -> None:
    identity = admin.identity
    user = identity.create_user(name="sys", domain_id="default")
    reader = identity.find_role("reader")
    identity.assign_system_role_to_user(user, reader, "all")
    assert identity.validate_user_has_system_role(user, reader, "all")
    listed = list(identity.role_assignments(scope_system="all", user_id=user.id))
    assert [a.scope for a in listed] == [{"system": {"all": True}}]
    assert _ids(identity.role_assignments_filter(system="all", user=user)) == [reader.id]
    with pytest.raises(exceptions.NotFoundException, match="Could not find role assignment"):
        identity.unassign_domain_role_from_user("default", user, reader)


def test_limits_trusts_and_federation(admin: LocalConnection) -> None:
    identity = admin.identity
    service = identity.create_service(type="widgets", name="w")
    registered = identity.create_registered_limit(
        service_id=service.id, region_id="RegionOne", resource_name="cores", default_limit=4
    )
    with pytest.raises(exceptions.ForbiddenException, match="no corresponding registered"):
        identity.create_limit(
            service_id=service.id,
            project_id=identity.find_project("demo").id,
            resource_name="ram",
            resource_limit=1,
        )
    limit = identity.create_limit(
        service_id=service.id,
        region_id="RegionOne",
        project_id=identity.find_project("demo").id,
        resource_name="cores",
        resource_limit=8,
    )
    with pytest.raises(exceptions.ForbiddenException, match="project limits associated"):
        identity.delete_registered_limit(registered)
    identity.delete_limit(limit)
    identity.delete_registered_limit(registered)
    with pytest.raises(exceptions.BadRequestException, match="service_id"):
        identity.create_registered_limit(service_id="nope", resource_name="x", default_limit=1)

    me = admin.session.get_user_id()
    trust = identity.create_trust(
        trustor_user_id=me,
        trustee_user_id=identity.find_user("demo").id,
        project_id=admin.current_project_id,
        roles=[{"name": "reader"}],
    )
    assert [r["name"] for r in trust.roles] == ["reader"] and trust.remaining_uses is None
    with pytest.raises(exceptions.ForbiddenException):
        identity.create_trust(trustor_user_id="someone-else", trustee_user_id=me)

    idp = identity.create_identity_provider(id="idp1", remote_ids=["https://idp"])
    assert idp.is_enabled is False and identity.get_domain(idp.domain_id).is_enabled
    with pytest.raises(exceptions.BadRequestException, match="Invalid mapping id"):
        identity.create_federation_protocol(idp, id="saml2", mapping_id="none")
    with pytest.raises(exceptions.ConflictException, match="remote ID"):
        identity.create_identity_provider(id="idp2", remote_ids=["https://idp"])


def test_lists_page_along_links_next(admin: LocalConnection) -> None:
    identity = admin.identity
    for n in range(5):
        identity.create_group(name=f"g{n}", domain_id="default")
    answer = admin.local_cloud.request("GET", "/identity/v3/groups?limit=2", user="admin")
    page = answer.json_body()
    assert len(page["groups"]) == 2 and page["truncated"] is True
    assert "marker=" in page["links"]["next"] and "limit=2" in page["links"]["next"]
    assert [g.name for g in identity.groups(limit=2)] == [f"g{n}" for n in range(5)]
    missing = admin.local_cloud.request("GET", "/identity/v3/groups?marker=x", user="admin")
    assert missing.status == 404
    inexact = admin.local_cloud.request(
        "GET", "/identity/v3/groups?name__startswith=g1", user="admin"
    )
    assert [g["name"] for g in inexact.json_body()["groups"]] == ["g1"]


def test_state_is_json_and_comes_back() -> None:
    cloud = LocalCloud(fakes={"identity": Fake})
    admin = cloud.connection("admin")
    user = admin.identity.create_user(name="kept", domain_id="default", password="p-Pa55")
    admin.identity.create_group(name="team", domain_id="default")
    saved = json.loads(json.dumps(cloud.dump_state()))
    again = LocalCloud(fakes={"identity": Fake})
    again.load_state(saved)
    assert again.identity.credentials("demo") == cloud.identity.credentials("demo")
    assert again.fake("identity").check_password(user.id, "p-Pa55")  # type: ignore[attr-defined]
    assert [g.name for g in again.connection("admin").identity.groups()] == ["team"]
