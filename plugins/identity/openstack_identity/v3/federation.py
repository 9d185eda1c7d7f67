"""Federation (``/v3/OS-FEDERATION``): identity providers, mappings, protocols and
service providers.

Each is created with ``PUT`` at its own id, which openstacksdk calls ``name`` too
(``create_identity_provider(id="idp")`` and ``name="idp"`` mean the same); the id
travels in the path only.
"""

from __future__ import annotations

from openstack_core import resource
from openstack_identity.v3._base import IdentityResource

__all__ = ["FederationProtocol", "IdentityProvider", "Mapping", "ServiceProvider"]


class _PutCreated(IdentityResource):
    """Created by ``PUT base_path/<id>`` with the id left out of the body (abstract)."""

    create_method = "PUT"
    create_exclude_id_from_body = True
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True

    #: openstacksdk's name for the id these resources are created with.
    name = resource.Body("id", type=str)


class IdentityProvider(_PutCreated):
    """An identity provider users of other clouds or IdPs come from."""

    resource_key = "identity_provider"
    resources_key = "identity_providers"
    base_path = "/OS-FEDERATION/identity_providers"
    _query_mapping = resource.QueryParameters("id", is_enabled="enabled")

    domain_id = resource.Body("domain_id", type=str)
    description = resource.Body("description", type=str)
    is_enabled = resource.Body("enabled", type=bool)
    remote_ids = resource.Body("remote_ids", type=list)
    authorization_ttl = resource.Body("authorization_ttl", type=int)
    links = resource.Body("links", type=dict)


class Mapping(_PutCreated):
    """Rules that map federated assertions to local users and groups."""

    resource_key = "mapping"
    resources_key = "mappings"
    base_path = "/OS-FEDERATION/mappings"

    rules = resource.Body("rules", type=list)
    schema_version = resource.Body("schema_version", type=str)
    links = resource.Body("links", type=dict)


class FederationProtocol(_PutCreated):
    """A protocol (``saml2``, ``openid``, ...) of an identity provider, with its mapping."""

    resource_key = "protocol"
    resources_key = "protocols"
    base_path = "/OS-FEDERATION/identity_providers/%(idp_id)s/protocols"
    _query_mapping = resource.QueryParameters("id")

    idp_id = resource.URI("idp_id")
    mapping_id = resource.Body("mapping_id", type=str)
    links = resource.Body("links", type=dict)


class ServiceProvider(_PutCreated):
    """Another cloud this Keystone issues SAML assertions for (Keystone to Keystone)."""

    resource_key = "service_provider"
    resources_key = "service_providers"
    base_path = "/OS-FEDERATION/service_providers"
    _query_mapping = resource.QueryParameters("id", is_enabled="enabled")

    auth_url = resource.Body("auth_url", type=str)
    description = resource.Body("description", type=str)
    is_enabled = resource.Body("enabled", type=bool)
    relay_state_prefix = resource.Body("relay_state_prefix", type=str)
    sp_url = resource.Body("sp_url", type=str)
    links = resource.Body("links", type=dict)
