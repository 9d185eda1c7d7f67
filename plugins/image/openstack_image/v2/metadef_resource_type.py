"""Metadata definition resource types and their associations with namespaces."""

from __future__ import annotations

from openstack_core import pagination, resource


class MetadefResourceType(resource.Resource):
    """A kind of resource metadata definitions apply to (``OS::Glance::Image``,
    ``OS::Nova::Flavor``, ...), as ``/v2/metadefs/resource_types`` lists them.

    Glance knows only the types some namespace was ever associated with: a type is
    created by its first association.
    """

    resources_key = "resource_types"
    base_path = "/metadefs/resource_types"
    allow_list = True
    pagination = pagination.NoPagination()
    _query_mapping = resource.QueryParameters(include_pagination_defaults=False)

    #: The type's name, which identifies it.
    name = resource.Body("name", type=str, alternate_id=True)
    created_at = resource.Body("created_at", type=str)
    updated_at = resource.Body("updated_at", type=str)


class MetadefResourceTypeAssociation(resource.Resource):
    """The association of a namespace with a resource type
    (``/v2/metadefs/namespaces/{namespace}/resource_types/{name}``)."""

    resources_key = "resource_type_associations"
    base_path = "/metadefs/namespaces/%(namespace_name)s/resource_types"
    allow_create = allow_delete = allow_list = True
    pagination = pagination.NoPagination()
    _query_mapping = resource.QueryParameters(include_pagination_defaults=False)

    #: The name of the namespace.
    namespace_name = resource.URI("namespace_name")
    #: The resource type's name, which identifies the association in its namespace.
    name = resource.Body("name", type=str, alternate_id=True)
    #: Prepended to the namespace's property names on this resource type, with its
    #: separator (``hw_``, ``hw:``).
    prefix = resource.Body("prefix", type=str)
    #: Where the properties go on resource types with several sets of properties
    #: (``image`` or ``volume`` for a volume's image metadata).
    properties_target = resource.Body("properties_target", type=str)
    created_at = resource.Body("created_at", type=str)
    updated_at = resource.Body("updated_at", type=str)
