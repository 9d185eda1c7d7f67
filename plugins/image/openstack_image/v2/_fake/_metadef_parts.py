"""The objects and properties of metadata definition namespaces.

As in Glance: admins create, replace (``PUT``, which may rename) and delete them;
whoever reads the namespace reads them; nothing in a protected namespace is deleted.
A property needs a name, a title and a JSON type; properties list as a mapping by name.
"""

from __future__ import annotations

from typing import Any

from openstack_core import fakes
from openstack_image.v2._fake._metadef_schemas import PROPERTY_FIELDS
from openstack_image.v2._fake._metadefs import NAMESPACES, MetadefRoutes

_TYPES = ("array", "boolean", "integer", "number", "object", "string")


class MetadefPartsRoutes(MetadefRoutes):
    """``.../objects`` and ``.../properties`` of a namespace."""

    # -- objects --------------------------------------------------------------------------

    def _object_spec(self, request: fakes.Request, ns: dict[str, Any], old: str | None) -> Any:
        spec = request.json_object()
        for key in ("self", "schema", "created_at", "updated_at"):
            if key in spec:
                raise fakes.Fault(403, f"Attribute '{key}' is read-only.")
        name = spec.get("name")
        if not isinstance(name, str) or not name or len(name) > 80:
            raise fakes.Fault(400, "Provided object does not match schema 'object': 'name'")
        if name != old and name in ns["objects"]:
            raise fakes.Fault(
                409,
                f"A metadata definition object with name={name} already exists in "
                f"namespace={ns['namespace']}.",
            )
        return {
            "name": name,
            "description": spec.get("description"),
            "required": spec.get("required"),
            "properties": spec.get("properties"),
        }

    @fakes.route("GET", f"{NAMESPACES}/{{name}}/objects")
    def list_objects(self, request: fakes.Request, name: str) -> dict[str, Any]:
        """The namespace's objects."""
        ns = self.namespace_of(request, name)
        return {
            "objects": [self.object_view(ns, o) for o in ns["objects"].values()],
            "schema": "v2/schemas/metadefs/objects",
        }

    @fakes.route("POST", f"{NAMESPACES}/{{name}}/objects")
    def create_object(self, request: fakes.Request, name: str) -> fakes.Response:
        """Create an object (admin)."""
        ns = self.namespace_of(request, name, "add_metadef_object")
        obj = self.stamp(self._object_spec(request, ns, None))
        ns["objects"][obj["name"]] = obj
        return fakes.Response.json(self.object_view(ns, obj), 201)

    @fakes.route("DELETE", f"{NAMESPACES}/{{name}}/objects")
    def delete_objects(self, request: fakes.Request, name: str) -> None:
        """Delete every object of a namespace that is not protected (admin)."""
        self.clear_part(request, name, "objects")

    @fakes.route("GET", f"{NAMESPACES}/{{name}}/objects/{{object_name}}")
    def get_object(self, request: fakes.Request, name: str, object_name: str) -> dict[str, Any]:
        """One object."""
        ns = self.namespace_of(request, name)
        return self.object_view(ns, self.part(ns, "objects", object_name))

    @fakes.route("PUT", f"{NAMESPACES}/{{name}}/objects/{{object_name}}")
    def update_object(self, request: fakes.Request, name: str, object_name: str) -> Any:
        """Replace an object (admin); a new ``name`` renames it."""
        ns = self.namespace_of(request, name, "modify_metadef_object")
        obj = self.part(ns, "objects", object_name)
        obj.update(self._object_spec(request, ns, object_name))
        self.stamp(obj)
        ns["objects"] = {(o["name"]): o for o in ns["objects"].values()}
        return self.object_view(ns, obj)

    @fakes.route("DELETE", f"{NAMESPACES}/{{name}}/objects/{{object_name}}")
    def delete_object(self, request: fakes.Request, name: str, object_name: str) -> None:
        """Delete an object (admin; not in a protected namespace)."""
        self.remove_part(request, name, "objects", object_name, "delete_metadef_object")

    # -- properties -----------------------------------------------------------------------

    @staticmethod
    def _property_spec(request: fakes.Request, ns: dict[str, Any], old: str | None) -> Any:
        spec = request.json_object()
        for field in ("name", "title", "type"):
            if not isinstance(spec.get(field), str) or not spec[field]:
                raise fakes.Fault(
                    400, f"Provided object does not match schema 'property': '{field}' is required"
                )
        if spec["type"] not in _TYPES:
            raise fakes.Fault(
                400,
                f"Provided object does not match schema 'property': {spec['type']!r} is "
                f"not one of {list(_TYPES)}",
            )
        if spec["name"] != old and spec["name"] in ns["properties"]:
            raise fakes.Fault(
                409,
                f"A metadata definition property with name={spec['name']} already exists in "
                f"namespace={ns['namespace']}.",
            )
        return {k: v for k, v in spec.items() if k in PROPERTY_FIELDS}

    @fakes.route("GET", f"{NAMESPACES}/{{name}}/properties")
    def list_properties(self, request: fakes.Request, name: str) -> dict[str, Any]:
        """The namespace's properties, by name."""
        ns = self.namespace_of(request, name)
        return {
            "properties": {
                key: {k: v for k, v in prop.items() if k != "name"}
                for key, prop in ns["properties"].items()
            }
        }

    @fakes.route("POST", f"{NAMESPACES}/{{name}}/properties")
    def create_property(self, request: fakes.Request, name: str) -> fakes.Response:
        """Create a property (admin)."""
        ns = self.namespace_of(request, name, "add_metadef_property")
        prop = self._property_spec(request, ns, None)
        ns["properties"][prop["name"]] = prop
        return fakes.Response.json(prop, 201)

    @fakes.route("DELETE", f"{NAMESPACES}/{{name}}/properties")
    def delete_properties(self, request: fakes.Request, name: str) -> None:
        """Delete every property of a namespace that is not protected (admin)."""
        self.clear_part(request, name, "properties")

    @fakes.route("GET", f"{NAMESPACES}/{{name}}/properties/{{property_name}}")
    def get_property(self, request: fakes.Request, name: str, property_name: str) -> Any:
        """One property."""
        return dict(self.part(self.namespace_of(request, name), "properties", property_name))

    @fakes.route("PUT", f"{NAMESPACES}/{{name}}/properties/{{property_name}}")
    def update_property(self, request: fakes.Request, name: str, property_name: str) -> Any:
        """Replace a property (admin); a new ``name`` renames it."""
        ns = self.namespace_of(request, name, "modify_metadef_property")
        self.part(ns, "properties", property_name)
        prop = self._property_spec(request, ns, property_name)
        ns["properties"] = {
            (prop["name"] if key == property_name else key): (
                prop if key == property_name else value
            )
            for key, value in ns["properties"].items()
        }
        return dict(prop)

    @fakes.route("DELETE", f"{NAMESPACES}/{{name}}/properties/{{property_name}}")
    def delete_property(self, request: fakes.Request, name: str, property_name: str) -> None:
        """Delete a property (admin; not in a protected namespace)."""
        self.remove_part(request, name, "properties", property_name, "remove_metadef_property")
