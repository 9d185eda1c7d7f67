"""Projects (tags, user_projects), domains and domain configuration, and Keystone's
errors, against the real Keystone."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from openstack_core import exceptions


def test_project_lifecycle_with_tags(identity: Any, keystone: Any, undo: list[Any]) -> None:
    name = keystone.name("project")
    project = identity.create_project(name=name, domain_id="default", description="d")
    undo.append(lambda: identity.delete_project(project))
    assert project.is_enabled is True and project.domain_id == "default"
    assert identity.find_project(name, domain_id="default").id == project.id
    project = identity.update_project(project, description="changed", is_enabled=False)
    assert identity.get_project(project.id).description == "changed"

    project.add_tag(identity, "blue").add_tag(identity, "green")
    project.check_tag(identity, "blue")
    with pytest.raises(exceptions.NotFoundException):
        project.check_tag(identity, "red")
    assert sorted(project.fetch_tags(identity).tags) == ["blue", "green"]
    tagged = [p.id for p in identity.projects(tags="blue,green")]
    assert tagged == [project.id]
    assert project.id not in [p.id for p in identity.projects(not_tags=["blue"])]
    project.remove_tag(identity, "blue")
    assert identity.get_project(project).tags == ["green"]
    project.set_tags(identity, ["a", "b"])
    assert sorted(identity.get_project(project).tags) == ["a", "b"]
    project.remove_all_tags(identity)
    assert identity.get_project(project).tags == []

    identity.delete_project(project)
    assert identity.find_project(name) is None
    identity.delete_project(project)  # ignore_missing
    with pytest.raises(exceptions.NotFoundException):
        identity.delete_project(project, ignore_missing=False)


def test_user_projects(identity: Any, keystone: Any) -> None:
    projects = [p.name for p in identity.user_projects(keystone.ids["demo_user"])]
    assert projects == ["demo"]


def test_duplicate_is_a_conflict_with_keystones_message(
    identity: Any, keystone: Any, undo: list[Any]
) -> None:
    name = keystone.name("dup")
    project = identity.create_project(name=name, domain_id="default")
    undo.append(lambda: identity.delete_project(project))
    with pytest.raises(exceptions.ConflictException) as err:
        identity.create_project(name=name, domain_id="default")
    assert err.value.status_code == 409
    assert err.value.error_code == "Conflict"
    assert "Conflict occurred attempting to store project" in (err.value.details or "")
    assert err.value.request_id


def test_missing_and_bad_requests(identity: Any) -> None:
    with pytest.raises(exceptions.NotFoundException) as err:
        identity.get_project("no-such-project")
    assert err.value.error_code == "Not Found"
    assert "no-such-project" in str(err.value)
    with pytest.raises(exceptions.BadRequestException) as bad:
        identity.create_project(name="")
    assert bad.value.error_code == "Bad Request"


def test_a_member_is_forbidden(demo_cloud: Any) -> None:
    with pytest.raises(exceptions.ForbiddenException) as err:
        demo_cloud.identity.create_domain(name="never-created")
    assert err.value.error_code == "Forbidden"


def test_domain_lifecycle_and_configuration(
    identity: Any, keystone: Any, undo: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    name = keystone.name("domain")
    domain = identity.create_domain(name=name, description="test")
    undo.append(lambda: identity.delete_domain(domain))
    undo.append(lambda: identity.update_domain(domain, is_enabled=False))
    assert identity.find_domain(name).id == domain.id
    assert domain.id in [d.id for d in identity.domains(name=name)]

    caplog.set_level(logging.DEBUG)
    config = identity.create_domain_config(
        domain,
        identity={"driver": "ldap"},
        ldap={"url": "ldap://127.0.0.1:9", "user_tree_dn": "ou=u", "password": "ldap-s3cret"},
    )
    undo.append(lambda: identity.delete_domain_config(domain))
    assert config.identity.driver == "ldap" and config.ldap.url == "ldap://127.0.0.1:9"
    updated = identity.update_domain_config(domain, ldap={"user_tree_dn": "ou=people"})
    assert updated.ldap.user_tree_dn == "ou=people"
    fetched = identity.get_domain_config(domain.id)
    assert fetched.ldap.user_tree_dn == "ou=people" and fetched.ldap.url == "ldap://127.0.0.1:9"
    identity.delete_domain_config(domain)
    with pytest.raises(exceptions.NotFoundException):
        identity.get_domain_config(domain)
    identity.delete_domain_config(domain, ignore_missing=False)  # Keystone: 204 again
    assert "ldap-s3cret" not in caplog.text

    # Keystone refuses to delete an enabled domain.
    with pytest.raises(exceptions.ForbiddenException):
        identity.delete_domain(domain)
    identity.update_domain(domain, is_enabled=False)
    identity.delete_domain(domain)
    assert identity.find_domain(domain.id) is None
