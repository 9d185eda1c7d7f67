"""MetadefObject: a named group of properties in a metadata definition namespace."""

from __future__ import annotations

from openstack_core import resource
from openstack_image.v2._metadef import ReplacedOnUpdate


class MetadefObject(ReplacedOnUpdate):
    """An object of a namespace: a named set of property definitions that go together
    (``/v2/metadefs/namespaces/{namespace}/objects/{name}``)."""

    resources_key = "objects"
    base_path = "/metadefs/namespaces/%(namespace_name)s/objects"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        "visibility", "resource_types", "sort_key", "sort_dir"
    )
    replaced_keys = ("name", "description", "required", "properties")

    #: The name of the namespace the object belongs to.
    namespace_name = resource.URI("namespace_name")
    #: The object's name, which identifies it in its namespace.
    name = resource.Body("name", type=str, alternate_id=True)
    description = resource.Body("description", type=str)
    #: The names of the properties that must be set.
    required = resource.Body("required", type=list, list_type=str)
    #: The property definitions by name (JSON schema fragments).
    properties = resource.Body("properties", type=dict)
    created_at = resource.Body("created_at", type=str)
    updated_at = resource.Body("updated_at", type=str)
    schema = resource.Body("schema", type=str)
