"""Federation CRUD against the real Keystone: identity providers, mappings, protocols
and service providers (no federated login: CRUD needs only the SQL backend)."""

from __future__ import annotations

from typing import Any

import pytest

from openstack_core import exceptions

RULES = [
    {
        "local": [{"user": {"name": "{0}"}}],
        "remote": [{"type": "REMOTE_USER"}],
    }
]


def test_identity_providers_mappings_and_protocols(
    identity: Any, keystone: Any, undo: list[Any]
) -> None:
    idp_id = keystone.name("idp")
    idp = identity.create_identity_provider(
        id=idp_id, remote_ids=[f"https://{idp_id}.example.com"], enabled=True, description="d"
    )
    undo.append(lambda: identity.delete_identity_provider(idp))
    assert idp.id == idp_id and idp.name == idp_id and idp.is_enabled is True
    assert idp.domain_id  # Keystone makes a domain for its users
    # The domain goes after the identity provider that uses it.
    undo.insert(len(undo) - 1, lambda: identity.delete_domain(idp.domain_id))
    undo.insert(len(undo) - 1, lambda: identity.update_domain(idp.domain_id, is_enabled=False))
    with pytest.raises(exceptions.ConflictException):
        identity.create_identity_provider(id=idp_id)
    identity.update_identity_provider(idp, is_enabled=False, authorization_ttl=5)
    fetched = identity.get_identity_provider(idp_id)
    assert fetched.is_enabled is False and fetched.authorization_ttl == 5
    assert identity.find_identity_provider(idp_id).id == idp_id
    assert idp_id in [i.id for i in identity.identity_providers(is_enabled=False)]

    mapping = identity.create_mapping(name=keystone.name("map"), rules=RULES)
    undo.append(lambda: identity.delete_mapping(mapping))
    assert mapping.rules == RULES
    other_rules = [{**RULES[0], "local": [{"user": {"name": "fed-{0}"}}]}]
    assert identity.update_mapping(mapping, rules=other_rules).rules == other_rules
    assert identity.get_mapping(mapping.id).rules == other_rules
    assert mapping.id in [m.id for m in identity.mappings()]

    protocol = identity.create_federation_protocol(idp, id="saml2", mapping_id=mapping.id)
    undo.append(lambda: identity.delete_federation_protocol(idp_id, "saml2"))
    assert protocol.name == "saml2" and protocol.mapping_id == mapping.id
    assert [p.id for p in identity.federation_protocols(idp_id)] == ["saml2"]
    assert identity.get_federation_protocol(idp_id, "saml2").mapping_id == mapping.id
    second = identity.create_mapping(id=keystone.name("map2"), rules=RULES)
    undo.append(lambda: identity.delete_mapping(second))
    updated = identity.update_federation_protocol(None, protocol, mapping_id=second.id)
    assert updated.mapping_id == second.id
    assert identity.find_federation_protocol(idp, "saml2").mapping_id == second.id
    assert identity.find_federation_protocol(idp, "openid") is None
    identity.delete_federation_protocol(None, protocol)
    with pytest.raises(exceptions.NotFoundException):
        identity.get_federation_protocol(idp_id, "saml2")
    identity.delete_mapping(second)
    identity.delete_identity_provider(idp)
    assert identity.find_identity_provider(idp_id) is None
    assert identity.find_domain(idp.domain_id) is not None  # Keystone keeps the domain


def test_service_providers(identity: Any, keystone: Any, undo: list[Any]) -> None:
    sp_id = keystone.name("sp")
    sp = identity.create_service_provider(
        id=sp_id,
        auth_url="https://sp.example.com/v3/OS-FEDERATION/identity_providers/a/protocols/saml2/auth",
        sp_url="https://sp.example.com/Shibboleth.sso/SAML2/ECP",
        enabled=True,
    )
    undo.append(lambda: identity.delete_service_provider(sp))
    assert sp.id == sp_id and sp.is_enabled is True and sp.relay_state_prefix
    identity.update_service_provider(sp, description="peer", is_enabled=False)
    assert identity.get_service_provider(sp_id).description == "peer"
    assert identity.find_service_provider(sp_id).is_enabled is False
    assert sp_id in [s.id for s in identity.service_providers()]
    identity.delete_service_provider(sp)
    assert identity.find_service_provider(sp_id) is None
