"""Address scopes (``/address-scopes``) and subnet pools (``/subnetpools``)."""

from __future__ import annotations

from openstack_core import resource
from openstack_network.v2._base import COMMON_FILTERS, TAG_FILTERS, NetworkResource, TaggedResource


class AddressScope(NetworkResource):
    """A scope in which addresses do not overlap (routed without NAT)."""

    resource_key = "address_scope"
    resources_key = "address_scopes"
    base_path = "/address-scopes"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS, "name", "ip_version", "project_id", is_shared="shared"
    )

    #: The scope's name.
    name = resource.Body("name", type=str)
    #: The owning project.
    project_id = resource.Body("project_id", type=str, alias="tenant_id")
    #: The owning project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: 4 or 6.
    ip_version = resource.Body("ip_version", type=int)
    #: Whether every project may use it.
    is_shared = resource.Body("shared", type=bool)


class SubnetPool(TaggedResource):
    """A pool of prefixes subnets take their CIDRs from."""

    resource_key = "subnetpool"
    resources_key = "subnetpools"
    base_path = "/subnetpools"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        *COMMON_FILTERS,
        "address_scope_id",
        "description",
        "ip_version",
        "is_default",
        "name",
        "project_id",
        is_shared="shared",
        **TAG_FILTERS,
    )

    #: The address scope of the pool.
    address_scope_id = resource.Body("address_scope_id", type=str)
    #: Prefix length of a subnet that asks for none.
    default_prefix_length = resource.Body("default_prefixlen", type=int)
    #: Addresses a project may take from the pool.
    default_quota = resource.Body("default_quota", type=int)
    #: A free description.
    description = resource.Body("description", type=str)
    #: 4 or 6.
    ip_version = resource.Body("ip_version", type=int)
    #: Whether it is the default pool.
    is_default = resource.Body("is_default", type=bool)
    #: Whether every project may use it.
    is_shared = resource.Body("shared", type=bool)
    #: The longest prefix a subnet may have.
    maximum_prefix_length = resource.Body("max_prefixlen", type=int)
    #: The shortest prefix a subnet may have.
    minimum_prefix_length = resource.Body("min_prefixlen", type=int)
    #: The pool's name.
    name = resource.Body("name", type=str)
    #: The owning project.
    project_id = resource.Body("project_id", type=str, alias="tenant_id")
    #: The owning project (Neutron's old name).
    tenant_id = resource.Body("tenant_id", type=str)
    #: The pool's prefixes (CIDRs).
    prefixes = resource.Body("prefixes", type=list)
