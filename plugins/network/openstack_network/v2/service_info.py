"""What the service offers: extensions, availability zones and service providers."""

from __future__ import annotations

from openstack_core import pagination, resource


class Extension(resource.Resource):
    """An API extension; its id is its ``alias`` (``GET /extensions/{alias}``)."""

    resource_key = "extension"
    resources_key = "extensions"
    base_path = "/extensions"
    allow_fetch = allow_list = True
    allow_extra_attributes = True
    # Neutron answers the whole list at once and ignores paging parameters here.
    pagination = pagination.NoPagination()

    #: The extension's alias (also the id).
    alias = resource.Body("alias", type=str, alternate_id=True)
    #: What it adds.
    description = resource.Body("description", type=str)
    #: Documentation links.
    links = resource.Body("links", type=list)
    #: The extension's name.
    name = resource.Body("name", type=str)
    #: When it last changed.
    updated_at = resource.Body("updated", type=str)


class AvailabilityZone(resource.Resource):
    """An availability zone of networks or routers (from the agents' reports)."""

    resources_key = "availability_zones"
    base_path = "/availability_zones"
    allow_list = True
    allow_extra_attributes = True
    _query_mapping = resource.QueryParameters(name="availability_zone", resource="agent_type")

    #: The zone's name.
    name = resource.Body("name", type=str)
    #: available or unavailable.
    state = resource.Body("state", type=str)
    # Declared last: the attribute's name hides the module in the rest of the body.
    #: network or router.
    resource = resource.Body("resource", type=str)


class ServiceProvider(resource.Resource):
    """A driver providing an advanced service (L3 router flavors...)."""

    resources_key = "service_providers"
    base_path = "/service-providers"
    allow_list = True
    allow_extra_attributes = True
    _query_mapping = resource.QueryParameters(
        "fields", "service_type", "name", is_default="default"
    )

    #: The service (L3_ROUTER_NAT...).
    service_type = resource.Body("service_type", type=str)
    #: The provider's name.
    name = resource.Body("name", type=str)
    #: Whether it is the default provider of the service.
    is_default = resource.Body("default", type=bool)
