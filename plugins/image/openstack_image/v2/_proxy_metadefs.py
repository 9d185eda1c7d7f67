"""Proxy methods of the metadata definitions catalog (``/v2/metadefs``)."""

from __future__ import annotations

from typing import Any, TypeVar

from openstack_core import crud, proxy, resource
from openstack_image.v2._metadef import ReplacedOnUpdate
from openstack_image.v2.metadef_namespace import MetadefNamespace
from openstack_image.v2.metadef_object import MetadefObject
from openstack_image.v2.metadef_property import MetadefProperty
from openstack_image.v2.metadef_resource_type import (
    MetadefResourceType,
    MetadefResourceTypeAssociation,
)

NamespaceRef = str | MetadefNamespace
R = TypeVar("R", bound=ReplacedOnUpdate)


class MetadefMethods(proxy.Proxy):
    """Metadata definitions: namespaces and their objects, properties, tags and
    resource type associations.

    Namespaces are identified by name; there is no ``find_metadef_namespace``, as in
    openstacksdk: it would be ``get_metadef_namespace``. Glance's default policy lets
    only admins create, change or delete any of them. The updates send the whole
    document with the changes (Glance resets whatever a ``PUT`` leaves out) and can
    rename (``namespace=`` or ``name=``).
    """

    # -- namespaces ---------------------------------------------------------------------

    metadef_namespaces = crud.lister(MetadefNamespace)
    get_metadef_namespace = crud.getter(MetadefNamespace)
    #: ``create_metadef_namespace(namespace="OS::X", visibility="public", ...)``; Glance
    #: also takes ``properties``, ``objects``, ``tags`` and ``resource_type_associations``.
    create_metadef_namespace = crud.creator(MetadefNamespace)
    delete_metadef_namespace = crud.deleter(MetadefNamespace)

    def update_metadef_namespace(
        self, metadef_namespace: NamespaceRef, **attrs: Any
    ) -> MetadefNamespace:
        """Change attributes of a namespace; ``namespace="new"`` renames it.

        The whole namespace is sent with the changes (read first unless a
        MetadefNamespace is given): Glance resets every attribute a ``PUT`` leaves out,
        so openstacksdk, which sends the changes alone, resets the visibility to private
        and clears the display name and description. An attribute set to None is
        cleared.
        """
        return self._replace(MetadefNamespace, metadef_namespace, None, attrs)

    def add_tag_to_metadef_namespace(self, namespace: NamespaceRef, tag: str) -> None:
        """Add one tag to a namespace."""
        self._get_resource(MetadefNamespace, namespace).add_tag(self, tag)

    def remove_tag_from_metadef_namespace(self, namespace: NamespaceRef, tag: str) -> None:
        """Remove one tag from a namespace (NotFoundException if it has no such tag)."""
        self._get_resource(MetadefNamespace, namespace).remove_tag(self, tag)

    def remove_tags_from_metadef_namespace(self, namespace: NamespaceRef) -> None:
        """Remove every tag of a namespace."""
        self._get_resource(MetadefNamespace, namespace).remove_all_tags(self)

    def _replace(
        self, kind: type[R], value: str | R, namespace: NamespaceRef | None, attrs: dict[str, Any]
    ) -> R:
        """PUT ``value`` whole with ``attrs`` applied (read first unless a ``kind``)."""
        where = {} if namespace is None else {"namespace_name": resource.id_of(namespace)}
        if isinstance(value, kind):
            current = self._get_resource(kind, value, **where)  # its path needs the namespace
        else:
            current = self._get(kind, value, **where)
        return current.replace(self, **attrs)

    # -- objects ------------------------------------------------------------------------

    metadef_objects = crud.lister(MetadefObject, parent="namespace_name", parent_arg="namespace")
    get_metadef_object = crud.getter(MetadefObject, parent="namespace_name", parent_arg="namespace")
    create_metadef_object = crud.creator(
        MetadefObject, parent="namespace_name", parent_arg="namespace"
    )
    delete_metadef_object = crud.deleter(
        MetadefObject, parent="namespace_name", parent_arg="namespace"
    )

    def update_metadef_object(
        self, metadef_object: str | MetadefObject, namespace: NamespaceRef, **attrs: Any
    ) -> MetadefObject:
        """Change an object of a namespace; ``name="new"`` renames it. The whole object
        is sent with the changes (read first unless a MetadefObject is given), as for
        :meth:`update_metadef_namespace`."""
        return self._replace(MetadefObject, metadef_object, namespace, attrs)

    def delete_all_metadef_objects(self, namespace: NamespaceRef) -> MetadefNamespace:
        """Delete every object of a namespace; returns the namespace (as openstacksdk
        does), with its ``objects`` emptied."""
        res = self._get_resource(MetadefNamespace, namespace)
        res.delete_all_objects(self)
        return res

    # -- resource types -----------------------------------------------------------------

    metadef_resource_types = crud.lister(MetadefResourceType)
    metadef_resource_type_associations = crud.lister(
        MetadefResourceTypeAssociation, parent="namespace_name", parent_arg="metadef_namespace"
    )
    #: ``create_metadef_resource_type_association(namespace, name="OS::Glance::Image",
    #: prefix="hw_")``; a type Glance does not know yet is created with it.
    create_metadef_resource_type_association = crud.creator(
        MetadefResourceTypeAssociation, parent="namespace_name", parent_arg="metadef_namespace"
    )
    delete_metadef_resource_type_association = crud.deleter(
        MetadefResourceTypeAssociation,
        parent="namespace_name",
        parent_arg="metadef_namespace",
        arg="metadef_resource_type",
    )

    # -- properties ---------------------------------------------------------------------

    #: ``metadef_properties(namespace, **filters)``: Glance answers them all at once;
    #: attribute keywords (``type="string"``) filter them here, as in openstacksdk.
    metadef_properties = crud.lister(
        MetadefProperty, parent="namespace_name", parent_arg="metadef_namespace"
    )
    #: ``create_metadef_property(namespace, name=, type=, title=, ...)``: Glance
    #: requires the name, type and title.
    create_metadef_property = crud.creator(
        MetadefProperty, parent="namespace_name", parent_arg="metadef_namespace"
    )
    delete_metadef_property = crud.deleter(
        MetadefProperty, parent="namespace_name", parent_arg="metadef_namespace"
    )

    def get_metadef_property(
        self,
        metadef_property: str | MetadefProperty,
        metadef_namespace: NamespaceRef,
        **query: Any,
    ) -> MetadefProperty:
        """One property of a namespace; ``query`` sets attributes of the resource
        before it is fetched, as openstacksdk's does."""
        return self._get(
            MetadefProperty,
            metadef_property,
            namespace_name=resource.id_of(metadef_namespace),
            **query,
        )

    def update_metadef_property(
        self,
        metadef_property: str | MetadefProperty,
        metadef_namespace: NamespaceRef,
        **attrs: Any,
    ) -> MetadefProperty:
        """Change a property of a namespace; ``name="new"`` renames it. The whole
        definition is sent with the changes (read first unless a MetadefProperty is
        given): Glance requires the name, type and title in every update."""
        return self._replace(MetadefProperty, metadef_property, metadef_namespace, attrs)

    def delete_all_metadef_properties(self, metadef_namespace: NamespaceRef) -> None:
        """Delete every property of a namespace."""
        self._get_resource(MetadefNamespace, metadef_namespace).delete_all_properties(self)
