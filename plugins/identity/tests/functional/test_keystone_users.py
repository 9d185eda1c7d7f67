"""Users (password change included), groups and membership, credentials and trusts,
against the real Keystone; no password or secret reaches a log."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from keystoneauth1 import exceptions as ksa_exc
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from openstack_core import Connection, exceptions


def _password_session(keystone: Any, name: str, password: str) -> ks_session.Session:
    auth = v3.Password(
        auth_url=keystone.url,
        username=name,
        password=password,
        user_domain_id="default",
        project_name="demo",
        project_domain_id="default",
    )
    return ks_session.Session(auth=auth)


def test_user_lifecycle_and_password_change(
    identity: Any, keystone: Any, undo: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    name = keystone.name("user")
    user = identity.create_user(
        name=name, domain_id="default", password="first-Pa55word", email="u@example.com"
    )
    undo.append(lambda: identity.delete_user(user))
    assert "first-Pa55word" not in repr(user)
    identity.assign_project_role_to_user(
        keystone.ids["demo_project"], user, keystone.ids["member_role"]
    )
    assert identity.find_user(name, domain_id="default").email == "u@example.com"
    assert user.id in [u.id for u in identity.users(domain_id="default", name=name)]
    identity.update_user(user, description="tester")
    assert identity.get_user(user.id).description == "tester"

    # The user changes their own password with their own token.
    own = _password_session(keystone, name, "first-Pa55word")
    own.get_token()
    mine = Connection(session=own, region_name="RegionOne")
    with pytest.raises(exceptions.UnauthorizedException) as err:
        mine.identity.update_password(user, "wrong-Pa55word", "second-Pa55word")
    mine.identity.update_password(user, "first-Pa55word", "second-Pa55word")
    assert _password_session(keystone, name, "second-Pa55word").get_token()
    with pytest.raises(ksa_exc.Unauthorized):
        _password_session(keystone, name, "first-Pa55word").get_token()
    text = caplog.text + str(err.value)
    for secret in ("first-Pa55word", "second-Pa55word", "wrong-Pa55word"):
        assert secret not in text
    identity.delete_user(user)
    assert identity.find_user(user.id) is None


def test_groups_and_membership_both_ways(identity: Any, keystone: Any, undo: list[Any]) -> None:
    group = identity.create_group(name=keystone.name("group"), domain_id="default")
    undo.append(lambda: identity.delete_group(group))
    user = identity.create_user(name=keystone.name("member"), domain_id="default")
    undo.append(lambda: identity.delete_user(user))
    assert identity.check_user_in_group(user, group) is False
    identity.add_user_to_group(user, group)
    assert identity.check_user_in_group(user.id, group.id) is True
    assert [u.id for u in identity.group_users(group)] == [user.id]
    assert [g.id for g in identity.user_groups(user)] == [group.id]
    identity.update_group(group, description="testers")
    assert identity.find_group(group.name, domain_id="default").description == "testers"
    identity.remove_user_from_group(user, group)
    assert identity.check_user_in_group(user, group) is False
    assert list(identity.group_users(group)) == []
    with pytest.raises(exceptions.NotFoundException):
        identity.remove_user_from_group(user, group)


def test_credentials_keep_their_blob_out_of_logs(
    identity: Any, keystone: Any, undo: list[Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    blob = json.dumps({"access": "ak-123", "secret": "sk-very-secret"})
    credential = identity.create_credential(
        type="ec2",
        blob=blob,
        user_id=keystone.ids["admin_user"],
        project_id=keystone.ids["admin_project"],
    )
    undo.append(lambda: identity.delete_credential(credential))
    assert json.loads(identity.get_credential(credential.id).blob)["access"] == "ak-123"
    listed = [c.id for c in identity.credentials(user_id=keystone.ids["admin_user"], type="ec2")]
    assert credential.id in listed
    other = json.dumps({"access": "ak-123", "secret": "sk-rotated"})
    assert identity.update_credential(credential, blob=other).blob == other
    identity.delete_credential(credential)
    assert identity.find_credential(credential.id) is None
    assert "sk-very-secret" not in caplog.text and "sk-rotated" not in caplog.text


def test_trusts(identity: Any, keystone: Any, undo: list[Any]) -> None:
    ids = keystone.ids
    trust = identity.create_trust(
        trustor_user_id=ids["admin_user"],
        trustee_user_id=ids["demo_user"],
        project_id=ids["admin_project"],
        roles=[{"name": "member"}],
        impersonation=False,
        remaining_uses=3,
    )
    undo.append(lambda: identity.delete_trust(trust))
    assert trust.is_impersonation is False and trust.remaining_uses == 3
    assert [r["name"] for r in trust.roles] == ["member"]
    assert identity.get_trust(trust.id).trustee_user_id == ids["demo_user"]
    assert trust.id in [t.id for t in identity.trusts(trustor_user_id=ids["admin_user"])]
    assert identity.find_trust(trust.id).id == trust.id
    identity.delete_trust(trust)
    with pytest.raises(exceptions.NotFoundException):
        identity.get_trust(trust.id)
