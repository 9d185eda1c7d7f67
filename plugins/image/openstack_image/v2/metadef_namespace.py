"""MetadefNamespace: a metadata definition namespace (``/v2/metadefs/namespaces``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openstack_core import resource
from openstack_image.v2._metadef import ReplacedOnUpdate

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy


class MetadefNamespace(ReplacedOnUpdate):
    """A namespace of metadata definitions: properties, objects and tags that describe
    the keys images (or volumes, flavors, ...) may carry.

    Identified by its name (``namespace``). Creating, changing and deleting one needs
    the admin role under Glance's default policy; reading needs a project reader (or a
    public namespace).
    """

    resources_key = "namespaces"
    base_path = "/metadefs/namespaces"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters(
        "resource_types", "sort_dir", "sort_key", "visibility"
    )
    replaced_keys = ("namespace", "display_name", "description", "visibility", "protected", "owner")

    #: The namespace's name, which identifies it (``OS::Compute::Watchdog``).
    namespace = resource.Body("namespace", type=str, alternate_id=True)
    display_name = resource.Body("display_name", type=str)
    description = resource.Body("description", type=str)
    #: ``public`` or ``private`` (Glance's default).
    visibility = resource.Body("visibility", type=str)
    #: A protected namespace cannot be deleted.
    is_protected = resource.Body("protected", type=bool)
    #: The owning project.
    owner = resource.Body("owner", type=str)
    created_at = resource.Body("created_at", type=str)
    updated_at = resource.Body("updated_at", type=str)
    #: The resource types the namespace applies to, with their ``prefix`` and
    #: ``properties_target`` (``[{"name": "OS::Glance::Image", ...}]``).
    resource_type_associations = resource.Body(
        "resource_type_associations", type=list, list_type=dict
    )
    #: The namespace's properties by name, as ``get_metadef_namespace`` answers them.
    properties = resource.Body("properties", type=dict)
    #: The namespace's objects, as ``get_metadef_namespace`` answers them.
    objects = resource.Body("objects", type=list, list_type=dict)
    #: The namespace's tags, as Glance answers them: ``[{"name": "a"}, ...]``.
    tags = resource.Body("tags", type=list, list_type=dict)
    schema = resource.Body("schema", type=str)

    def add_tag(self, proxy: Proxy, tag: str) -> None:
        """``POST /metadefs/namespaces/{namespace}/tags/{tag}``; the local list follows."""
        proxy.request(self.resource_path("tags", tag), "POST")
        tags = list(self.tags or [])
        if not any(t.get("name") == tag for t in tags):
            self.set_from_server(tags=[*tags, {"name": tag}])

    def remove_tag(self, proxy: Proxy, tag: str) -> None:
        """``DELETE /metadefs/namespaces/{namespace}/tags/{tag}``."""
        proxy.request(self.resource_path("tags", tag), "DELETE")
        self.set_from_server(tags=[t for t in self.tags or [] if t.get("name") != tag])

    def remove_all_tags(self, proxy: Proxy) -> None:
        """``DELETE /metadefs/namespaces/{namespace}/tags``: every tag of the namespace."""
        proxy.request(self.resource_path("tags"), "DELETE")
        self.set_from_server(tags=[])

    def delete_all_objects(self, proxy: Proxy) -> None:
        """``DELETE /metadefs/namespaces/{namespace}/objects``."""
        proxy.request(self.resource_path("objects"), "DELETE")
        self.set_from_server(objects=[])

    def delete_all_properties(self, proxy: Proxy) -> None:
        """``DELETE /metadefs/namespaces/{namespace}/properties``."""
        proxy.request(self.resource_path("properties"), "DELETE")
        self.set_from_server(properties={})
