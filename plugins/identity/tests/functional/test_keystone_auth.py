"""Application credentials (with access rules) that authenticate a new Connection,
and token validation and revocation, against the real Keystone; no secret or token
reaches a log, a repr or an exception."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import yaml

from openstack_core import exceptions
from tests.functional.harness import fixtures


def _app_cred_cloud(keystone: Any, tmp_path: Any, credential_id: str, secret: str) -> Any:
    """clouds.yaml with a cloud authenticating with the application credential."""
    path = tmp_path / "clouds.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "clouds": {
                    "appcred": {
                        "auth_type": "v3applicationcredential",
                        "auth": {
                            "auth_url": keystone.url,
                            "application_credential_id": credential_id,
                            "application_credential_secret": secret,
                        },
                        "region_name": "RegionOne",
                    }
                }
            }
        )
    )
    return fixtures.connect(path, "appcred")


def test_application_credential_authenticates_a_new_connection(
    demo_cloud: Any,
    keystone: Any,
    tmp_path: Any,
    undo: list[Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    demo = demo_cloud.identity
    user = keystone.ids["demo_user"]
    name = keystone.name("appcred")
    rules = [{"service": "identity", "method": "GET", "path": "/v3/users/*/projects"}]
    credential = demo.create_application_credential(
        user, name, description="ci", roles=[{"name": "member"}], access_rules=rules
    )
    undo.append(lambda: demo.delete_application_credential(user, credential))
    secret = credential.secret
    assert secret and credential.project_id == keystone.ids["demo_project"]
    assert secret not in repr(credential)
    assert [r["path"] for r in credential.access_rules] == ["/v3/users/*/projects"]

    with _app_cred_cloud(keystone, tmp_path, credential.id, secret) as conn:
        projects = [p.id for p in conn.identity.user_projects(user)]
        assert projects == [keystone.ids["demo_project"]]
        token = conn.authorize()
        assert conn.identity.get_endpoint() == keystone.url

    fetched = demo.get_application_credential(user, credential.id)
    assert fetched.name == name and fetched.secret is None
    assert demo.find_application_credential(user, name).id == credential.id
    assert [c.id for c in demo.application_credentials(user, name=name)] == [credential.id]
    rule = next(iter(demo.access_rules(user)))
    assert demo.get_access_rule(user, rule.id).path == "/v3/users/*/projects"
    with pytest.raises(exceptions.ForbiddenException):
        demo.delete_access_rule(user, rule)  # still used by the credential
    demo.delete_application_credential(user, credential)
    assert demo.find_application_credential(user, name) is None
    demo.delete_access_rule(user, rule)
    with pytest.raises(exceptions.NotFoundException):
        demo.get_access_rule(user, rule.id)
    assert secret not in caplog.text and token not in caplog.text


def test_validate_check_and_revoke_tokens(
    identity: Any, keystone: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with keystone.connect("demo") as demo:
        token = demo.authorize()
    info = identity.validate_token(token)
    assert info.user["id"] == keystone.ids["demo_user"]
    assert info.project["id"] == keystone.ids["demo_project"]
    assert "password" in info.methods and info.catalog
    assert token not in repr(info)
    assert identity.validate_token(token, nocatalog=True).catalog is None
    assert identity.check_token(token) is True
    identity.revoke_token(token)
    assert identity.check_token(token) is False
    with pytest.raises(exceptions.NotFoundException) as err:
        identity.validate_token(token)
    with pytest.raises(exceptions.NotFoundException) as gone:
        identity.revoke_token(token)
    texts = [str(err.value), repr(err.value), str(gone.value), err.value.details or ""]
    assert all(token not in text for text in texts)
    assert token not in caplog.text
