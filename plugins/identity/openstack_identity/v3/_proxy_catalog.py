"""Proxy methods for the service catalog (services, endpoints, regions) and unified
limits (registered limits and limits).

``get_endpoint(endpoint)`` is openstacksdk's getter of a catalog endpoint; the core
answers it through ``Proxy.endpoint_resource`` (set on the Proxy), while
``get_endpoint()`` without an argument stays Keystone's URL, as on every Proxy.
"""

from __future__ import annotations

from openstack_core import crud, proxy
from openstack_identity.v3.endpoint import Endpoint
from openstack_identity.v3.limit import Limit, RegisteredLimit
from openstack_identity.v3.region import Region
from openstack_identity.v3.service import Service


class CatalogMethods(proxy.Proxy):
    """The catalog every client reads, and the limits services enforce."""

    # -- services -----------------------------------------------------------------------

    services = crud.lister(Service)
    get_service = crud.getter(Service)
    find_service = crud.finder(Service)
    create_service = crud.creator(Service)
    update_service = crud.updater(Service)
    delete_service = crud.deleter(Service)

    # -- endpoints (get_endpoint: see the module docstring) -----------------------------------

    endpoints = crud.lister(Endpoint)
    find_endpoint = crud.finder(Endpoint)
    create_endpoint = crud.creator(Endpoint)
    update_endpoint = crud.updater(Endpoint)
    delete_endpoint = crud.deleter(Endpoint)

    # -- regions ------------------------------------------------------------------------

    regions = crud.lister(Region)
    get_region = crud.getter(Region)
    find_region = crud.finder(Region)
    create_region = crud.creator(Region)
    update_region = crud.updater(Region)
    delete_region = crud.deleter(Region)

    # -- unified limits -----------------------------------------------------------------

    registered_limits = crud.lister(RegisteredLimit)
    get_registered_limit = crud.getter(RegisteredLimit)
    create_registered_limit = crud.creator(RegisteredLimit)
    update_registered_limit = crud.updater(RegisteredLimit)
    delete_registered_limit = crud.deleter(RegisteredLimit)

    limits = crud.lister(Limit)
    get_limit = crud.getter(Limit)
    create_limit = crud.creator(Limit)
    update_limit = crud.updater(Limit)
    delete_limit = crud.deleter(Limit)
