"""The shared Keystone API samples parse into our resources and requests build them.

Read at test time from ``../shared/api-samples/keystone`` (beside the repository);
never copied into the repository.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from openstack_identity.v3 import (
    application_credential,
    domain,
    endpoint,
    group,
    project,
    region,
    role,
    role_assignment,
    service,
    token,
    user,
)

from openstack_core import resource
from openstack_core.testing import FakeCloud

from .conftest import JSON, URL

# ../shared beside the repository root (as CI lays it out); OSC_SHARED_DIR names another
# copy of it (a git worktree has no ../shared of its own).
_ROOT = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("OSC_SHARED_DIR") or _ROOT.parent / "shared")
SAMPLES = SHARED / "api-samples" / "keystone"

pytestmark = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"the shared Keystone API samples are not at {SAMPLES}"
)

#: answer key -> (Resource, list method, path)
LISTS: dict[str, tuple[type[resource.Resource], str, str]] = {
    "users": (user.User, "users", "/users"),
    "projects": (project.Project, "projects", "/projects"),
    "domains": (domain.Domain, "domains", "/domains"),
    "groups": (group.Group, "groups", "/groups"),
    "roles": (role.Role, "roles", "/roles"),
    "services": (service.Service, "services", "/services"),
    "endpoints": (endpoint.Endpoint, "endpoints", "/endpoints"),
    "regions": (region.Region, "regions", "/regions"),
    "application_credentials": (
        application_credential.ApplicationCredential,
        "application_credentials",
        "/users/u1/application_credentials",
    ),
    "role_assignments": (
        role_assignment.RoleAssignment,
        "role_assignments",
        "/role_assignments",
    ),
}

ONE: dict[str, type[resource.Resource]] = {
    "user": user.User,
    "project": project.Project,
    "domain": domain.Domain,
    "group": group.Group,
    "endpoint": endpoint.Endpoint,
    "service": service.Service,
    "region": region.Region,
    "application_credential": application_credential.ApplicationCredential,
    "token": token.Token,
}

#: create request sample -> (create method, the answer sample)
CREATES = {
    "user-create-request.json": ("create_user", "user-create-response.json"),
    "project-create-request.json": ("create_project", "project-create-response.json"),
    "group-create-request.json": ("create_group", "group-create-response.json"),
    "service-create-request.json": ("create_service", "service-create-response.json"),
    "endpoint-create-request.json": ("create_endpoint", "endpoint-create-response.json"),
}


def _load(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text())


def _every_attribute(item: resource.Resource) -> None:
    # Reading every declared attribute converts each present value by its type.
    for name in item.keys():
        item[name]


def _samples(suffix: str) -> list[str]:
    if not SAMPLES.is_dir():
        return []
    return sorted(p.name for p in SAMPLES.glob(f"*{suffix}"))


@pytest.mark.parametrize("name", [n for n in _samples("-list-response.json")])
def test_list_samples_parse(name: str, identity: Any, fake_cloud: FakeCloud) -> None:
    sample = _load(name)
    key = next(k for k in sample if k != "links")
    cls, method, path = LISTS[key]
    fake_cloud.mocker.get(URL + path, json=sample, headers=JSON)
    args = ("u1",) if path.startswith("/users/u1/") else ()
    items = list(getattr(identity, method)(*args))
    assert len(items) == len(sample[key]) > 0
    for item, raw in zip(items, sample[key], strict=True):
        assert isinstance(item, cls)
        assert item.id == raw.get("id")
        _every_attribute(item)
        assert item.to_dict(original_names=True, ignore_none=True, computed=False, headers=False)


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in _samples("-response.json")
        if not n.endswith("-list-response.json") and not n.startswith("identity-version")
    ],
)
def test_single_samples_parse(name: str) -> None:
    sample = _load(name)
    key = next(iter(sample))
    item = ONE[key].existing(**sample[key])
    _every_attribute(item)
    for attr, field_name in (
        ("is_enabled", "enabled"),
        ("domain_id", "domain_id"),
        ("name", "name"),
    ):
        if field_name in sample[key] and attr in item:
            assert item[attr] == sample[key][field_name]


def test_token_sample_parses(identity: Any, fake_cloud: FakeCloud) -> None:
    sample = _load("auth-password-project-scoped-response.json")
    fake_cloud.mocker.get(
        URL + "/auth/tokens", json=sample, headers={**JSON, "X-Subject-Token": "t0k3n"}
    )
    info = identity.validate_token("t0k3n")
    assert info.methods == sample["token"]["methods"]
    assert info.project["id"] == sample["token"]["project"]["id"]
    assert info.roles and info.expires_at == sample["token"]["expires_at"]


@pytest.mark.parametrize("request_name", sorted(CREATES))
def test_create_requests_are_sent_as_the_samples(
    request_name: str, identity: Any, fake_cloud: FakeCloud
) -> None:
    method, answer_name = CREATES[request_name]
    sent = _load(request_name)
    answer = _load(answer_name)
    key = next(iter(sent))
    path = ONE[key].base_path
    fake_cloud.mocker.post(URL + path, json=answer, status_code=201, headers=JSON)
    created = getattr(identity, method)(**sent[key])
    assert fake_cloud.mocker.last_request.json() == sent
    assert created.id == answer[key]["id"]


def test_update_samples(identity: Any, fake_cloud: FakeCloud) -> None:
    for kind, method in (("project", "update_project"), ("user", "update_user")):
        sent = _load(f"{kind}-update-request.json")
        answer = _load(f"{kind}-update-response.json")
        item_id = answer[kind]["id"]
        fake_cloud.mocker.patch(f"{URL}/{kind}s/{item_id}", json=answer, headers=JSON)
        updated = getattr(identity, method)(item_id, **sent[kind])
        assert fake_cloud.mocker.last_request.method == "PATCH"
        assert fake_cloud.mocker.last_request.json() == sent
        assert updated.id == item_id


def test_application_credential_request_sample(identity: Any, fake_cloud: FakeCloud) -> None:
    sent = _load("application-credential-create-request.json")["application_credential"]
    answer = _load("application-credential-create-response.json")
    fake_cloud.mocker.post(
        URL + "/users/u1/application_credentials", json=answer, status_code=201, headers=JSON
    )
    attrs = {k: v for k, v in sent.items() if k != "name"}
    created = identity.create_application_credential("u1", sent["name"], **attrs)
    assert fake_cloud.mocker.last_request.json() == {"application_credential": sent}
    assert created.secret == answer["application_credential"]["secret"]
