"""Proxy methods for federation: identity providers, their protocols, mappings and
service providers.

A protocol lives under its identity provider; like openstacksdk, the ``idp`` argument
may be None when ``protocol`` is a FederationProtocol that knows its ``idp_id``.
"""

from __future__ import annotations

from typing import Any

from openstack_core import crud, exceptions, proxy, resource
from openstack_identity.v3.federation import (
    FederationProtocol,
    IdentityProvider,
    Mapping,
    ServiceProvider,
)


def _idp_id(idp: Any, protocol: Any) -> Any:
    if idp is not None:
        return resource.id_of(idp)
    if isinstance(protocol, FederationProtocol) and protocol.idp_id:
        return protocol.idp_id
    raise exceptions.InvalidRequest(
        "the identity provider is needed: pass idp, or a FederationProtocol with idp_id"
    )


class FederationMethods(proxy.Proxy):
    """Users from elsewhere: identity providers, protocols, mappings, service providers."""

    # -- identity providers ---------------------------------------------------------------

    identity_providers = crud.lister(IdentityProvider)
    get_identity_provider = crud.getter(IdentityProvider)
    find_identity_provider = crud.finder(IdentityProvider)
    create_identity_provider = crud.creator(IdentityProvider)
    update_identity_provider = crud.updater(IdentityProvider)
    delete_identity_provider = crud.deleter(IdentityProvider)

    # -- protocols ----------------------------------------------------------------------

    #: ``federation_protocols(idp, **query)``.
    federation_protocols = crud.lister(FederationProtocol, parent="idp_id", parent_arg="idp")
    #: ``create_federation_protocol(idp, id=..., mapping_id=...)``.
    create_federation_protocol = crud.creator(FederationProtocol, parent="idp_id", parent_arg="idp")

    def get_federation_protocol(
        self, idp: str | IdentityProvider | None, protocol: str | FederationProtocol
    ) -> FederationProtocol:
        """One protocol of an identity provider."""
        return self._get(FederationProtocol, protocol, idp_id=_idp_id(idp, protocol))

    def find_federation_protocol(
        self, idp: str | IdentityProvider, protocol: str, ignore_missing: bool = True
    ) -> FederationProtocol | None:
        """The protocol ``protocol`` of ``idp``, or None (unless ``ignore_missing=False``)."""
        return FederationProtocol.find(
            self, protocol, ignore_missing, idp_id=_idp_id(idp, protocol)
        )

    def update_federation_protocol(
        self,
        idp: str | IdentityProvider | None,
        protocol: str | FederationProtocol,
        **attrs: Any,
    ) -> FederationProtocol:
        """Change a protocol (its ``mapping_id``)."""
        return self._update(FederationProtocol, protocol, idp_id=_idp_id(idp, protocol), **attrs)

    def delete_federation_protocol(
        self,
        idp: str | IdentityProvider | None,
        protocol: str | FederationProtocol,
        ignore_missing: bool = True,
    ) -> None:
        """Delete a protocol of an identity provider."""
        self._delete(
            FederationProtocol,
            protocol,
            ignore_missing=ignore_missing,
            idp_id=_idp_id(idp, protocol),
        )

    # -- mappings -----------------------------------------------------------------------

    mappings = crud.lister(Mapping)
    get_mapping = crud.getter(Mapping)
    find_mapping = crud.finder(Mapping)
    create_mapping = crud.creator(Mapping)
    update_mapping = crud.updater(Mapping)
    delete_mapping = crud.deleter(Mapping)

    # -- service providers ----------------------------------------------------------------

    service_providers = crud.lister(ServiceProvider)
    get_service_provider = crud.getter(ServiceProvider)
    find_service_provider = crud.finder(ServiceProvider)
    create_service_provider = crud.creator(ServiceProvider)
    update_service_provider = crud.updater(ServiceProvider)
    delete_service_provider = crud.deleter(ServiceProvider)
