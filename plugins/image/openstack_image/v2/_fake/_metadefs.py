"""Metadata definitions: namespaces, their tags and resource type associations, the
resource types, and the metadef schemas (objects and properties are in
``_metadef_parts``).

As in Glance: only admins create, change or delete them; anyone reads a public
namespace, its owner's project a private one (another project gets 404); a ``PUT``
replaces a namespace whole (what it leaves out is reset: no display name or
description, visibility ``private``, not protected, owned by the caller's project) and
may rename it; a protected namespace cannot be deleted, nor can anything in it; a
resource type exists once a namespace was associated with it. Namespaces list newest
first, 25 to a page, with Glance's ``first`` and ``next`` links.
"""

from __future__ import annotations

from typing import Any

from openstack_core import fakes
from openstack_image.v2._fake._base import ImageBase, denied

NAMESPACES = "/v2/metadefs/namespaces"
_READ_ONLY_KEYS = ("self", "schema", "created_at", "updated_at")
_PART_KINDS = {"objects": "object", "properties": "property", "tags": "tag"}


def protected(kind: str, name: str) -> fakes.Fault:
    """Glance's 403 for a delete in a protected namespace."""
    return fakes.Fault(
        403, f"Metadata definition {kind} {name} is protected and cannot be deleted."
    )


def _shown(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    """``keys`` of ``record`` that have a value (WSME leaves unset ones out)."""
    return {k: record[k] for k in keys if record.get(k) is not None}


class MetadefRoutes(ImageBase):
    """``/v2/metadefs/namespaces``, their tags and resource types, and the schemas."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.namespaces: dict[str, dict[str, Any]] = {}
        self.resource_types: dict[str, dict[str, Any]] = {}

    # -- lookups and views ------------------------------------------------------------

    @staticmethod
    def readable(request: fakes.Request, ns: dict[str, Any]) -> bool:
        """Admins read every namespace, others public ones and their project's."""
        return request.is_admin or ns["visibility"] == "public" or ns["owner"] == request.project_id

    def namespace_of(self, request: fakes.Request, name: str, action: str | None = None) -> Any:
        """The namespace the caller may read (404 otherwise); with ``action``, one the
        caller may also change (403 otherwise, Glance's policy denial)."""
        ns = self.namespaces.get(name)
        if ns is None or not self.readable(request, ns):
            raise fakes.Fault(404, f"Namespace {name} not found")
        if action is not None and not request.is_admin:
            raise denied(action)
        return ns

    def stamp(self, record: dict[str, Any]) -> dict[str, Any]:
        """Set ``created_at`` (once) and ``updated_at`` to now."""
        record.setdefault("created_at", self.now())
        record["updated_at"] = self.now()
        return record

    @staticmethod
    def times(record: dict[str, Any]) -> dict[str, str]:
        """``created_at`` and ``updated_at`` as Glance writes them."""
        return {k: fakes.isotime(record[k]) for k in ("created_at", "updated_at")}

    def association_view(self, association: dict[str, Any]) -> dict[str, Any]:
        """A resource type association."""
        return {
            **_shown(association, "name", "prefix", "properties_target"),
            **self.times(association),
        }

    def namespace_view(self, ns: dict[str, Any], *, full: bool = False) -> dict[str, Any]:
        """A namespace as Glance shows it; ``full`` adds its objects, properties and
        tags, as ``GET`` on the namespace does."""
        view = {
            **_shown(ns, "namespace", "display_name", "description", "visibility"),
            "protected": ns["protected"],
            **_shown(ns, "owner"),
            **self.times(ns),
            "self": f"{NAMESPACES}/{ns['namespace']}",
            "schema": "/v2/schemas/metadefs/namespace",
        }
        if ns["associations"]:
            view["resource_type_associations"] = [
                self.association_view(a) for a in ns["associations"].values()
            ]
        if full:
            if ns["objects"]:
                view["objects"] = [self.object_view(ns, o) for o in ns["objects"].values()]
            if ns["properties"]:
                view["properties"] = {
                    name: {k: v for k, v in prop.items() if k != "name"}
                    for name, prop in ns["properties"].items()
                }
            if ns["tags"]:
                view["tags"] = [{"name": name} for name in ns["tags"]]
        return view

    def object_view(self, ns: dict[str, Any], obj: dict[str, Any]) -> dict[str, Any]:
        """A metadef object as Glance shows it."""
        return {
            **_shown(obj, "name", "description", "required", "properties"),
            **self.times(obj),
            "self": f"{NAMESPACES}/{ns['namespace']}/objects/{obj['name']}",
            "schema": "/v2/schemas/metadefs/object",
        }

    # -- namespaces ---------------------------------------------------------------------

    def _namespace_spec(self, request: fakes.Request) -> dict[str, Any]:
        spec = request.json_object()
        for key in _READ_ONLY_KEYS:
            if key in spec:
                raise fakes.Fault(403, f"Attribute '{key}' is read-only.")
        name = spec.get("namespace")
        if not isinstance(name, str) or not name or len(name) > 80:
            raise fakes.Fault(400, "Provided object does not match schema 'namespace': 'namespace'")
        if spec.get("visibility", "private") not in ("public", "private"):
            raise fakes.Fault(400, f"Invalid visibility value: {spec['visibility']}")
        return spec

    @fakes.route("GET", NAMESPACES)
    def list_namespaces(self, request: fakes.Request) -> dict[str, Any]:
        """The namespaces the caller may read, newest first (``sort_key``,
        ``sort_dir``), filtered by ``visibility`` and ``resource_types``."""
        visibility, kinds = request.arg("visibility"), request.arg("resource_types")
        if visibility not in (None, "public", "private"):
            raise fakes.Fault(400, f"Invalid visibility value: {visibility}")
        wanted = set(kinds.split(",")) if kinds else None
        found = [
            ns
            for ns in self.namespaces.values()
            if self.readable(request, ns)
            and visibility in (None, ns["visibility"])
            and (wanted is None or wanted & set(ns["associations"]))
        ]
        key, direction = request.arg("sort_key", "created_at"), request.arg("sort_dir", "desc")
        if direction not in ("asc", "desc"):
            raise fakes.Fault(400, f"Invalid sort direction: {direction}")
        order = list(self.namespaces)
        found.sort(
            key=lambda ns: (str(ns.get(str(key)) or ""), order.index(ns["namespace"])),
            reverse=direction == "desc",
        )
        return self.glance_page(
            request,
            found,
            NAMESPACES,
            "namespaces",
            self.namespace_view,
            schema="/v2/schemas/metadefs/namespaces",
            key=lambda ns: str(ns["namespace"]),
            missing_marker=lambda m: fakes.Fault(
                404, f"Metadata definition namespace={m} was not found."
            ),
        )

    @fakes.route("POST", NAMESPACES)
    def create_namespace(self, request: fakes.Request) -> fakes.Response:
        """Create a namespace (admin), with its properties, objects, tags and resource
        type associations if given."""
        if not request.is_admin:
            raise denied("add_metadef_namespace")
        spec = self._namespace_spec(request)
        name = spec["namespace"]
        if name in self.namespaces:
            raise fakes.Fault(409, f"The metadata definition namespace={name} already exists.")
        ns = self.stamp(
            {
                "namespace": name,
                "display_name": spec.get("display_name"),
                "description": spec.get("description"),
                "visibility": spec.get("visibility", "private"),
                "protected": bool(spec.get("protected", False)),
                "owner": spec.get("owner") or request.project_id,
                "objects": {},
                "properties": {},
                "tags": {},
                "associations": {},
            }
        )
        for obj in spec.get("objects") or []:
            ns["objects"][obj["name"]] = self.stamp({**obj})
        for prop_name, prop in (spec.get("properties") or {}).items():
            ns["properties"][prop_name] = {**prop, "name": prop_name}
        for tag in spec.get("tags") or []:
            ns["tags"][tag["name"]] = self.stamp({"name": tag["name"]})
        for association in spec.get("resource_type_associations") or []:
            self._associate(ns, association)
        self.namespaces[name] = ns
        headers = {"Location": request.link(f"{NAMESPACES}/{name}")}
        return fakes.Response.json(self.namespace_view(ns, full=True), 201, headers)

    @fakes.route("GET", f"{NAMESPACES}/{{name}}")
    def get_namespace(self, request: fakes.Request, name: str) -> dict[str, Any]:
        """A namespace with its objects, properties, tags and resource types; with
        ``?resource_type=``, its property names carry that type's prefix."""
        ns = self.namespaces.get(name)
        if ns is None:
            raise fakes.Fault(404, f"Metadata definition namespace={name} was not found.")
        if not self.readable(request, ns):
            raise fakes.Fault(404, "The resource could not be found.")
        view = self.namespace_view(ns, full=True)
        association = ns["associations"].get(request.arg("resource_type") or "")
        prefix = (association or {}).get("prefix")
        if prefix:
            if "properties" in view:
                view["properties"] = {prefix + k: v for k, v in view["properties"].items()}
            for obj in view.get("objects", []):
                obj["properties"] = {
                    prefix + k: v for k, v in (obj.get("properties") or {}).items()
                }
                if obj.get("required"):
                    obj["required"] = [prefix + r for r in obj["required"]]
        return view

    @fakes.route("PUT", f"{NAMESPACES}/{{name}}")
    def update_namespace(self, request: fakes.Request, name: str) -> dict[str, Any]:
        """Replace a namespace (admin): what the body leaves out is reset; a new
        ``namespace`` renames it."""
        ns = self.namespace_of(request, name, "modify_metadef_namespace")
        spec = self._namespace_spec(request)
        new_name = spec["namespace"]
        if new_name != name and new_name in self.namespaces:
            raise fakes.Fault(409, f"The metadata definition namespace={new_name} already exists.")
        ns.update(
            namespace=new_name,
            display_name=spec.get("display_name"),
            description=spec.get("description"),
            visibility=spec.get("visibility") or "private",
            protected=bool(spec.get("protected") or False),
            owner=spec.get("owner") or request.project_id,
        )
        self.stamp(ns)
        if new_name != name:
            self.namespaces = {
                (new_name if k == name else k): v for k, v in self.namespaces.items()
            }
        return self.namespace_view(ns)

    @fakes.route("DELETE", f"{NAMESPACES}/{{name}}")
    def delete_namespace(self, request: fakes.Request, name: str) -> None:
        """Delete a namespace that is not protected, and all it holds (admin)."""
        ns = self.namespace_of(request, name, "delete_metadef_namespace")
        if ns["protected"]:
            raise protected("namespace", name)
        del self.namespaces[name]

    def part(self, ns: dict[str, Any], table: str, item: str) -> dict[str, Any]:
        """An object, property or tag (``table``: ``objects``, ...) of the namespace;
        Glance's 404 otherwise."""
        found: dict[str, Any] | None = ns[table].get(item)
        if found is None:
            raise fakes.Fault(
                404,
                f"The metadata definition {_PART_KINDS[table]} with name={item} was not "
                f"found in namespace={ns['namespace']}.",
            )
        return found

    def remove_part(
        self, request: fakes.Request, name: str, table: str, item: str, action: str
    ) -> None:
        """Delete an object, property or tag (admin; not in a protected namespace)."""
        ns = self.namespace_of(request, name, action)
        self.part(ns, table, item)
        if ns["protected"]:
            raise protected(_PART_KINDS[table], item)
        del ns[table][item]

    def clear_part(self, request: fakes.Request, name: str, part: str) -> None:
        """Delete every object, property or tag of a namespace that is not protected."""
        ns = self.namespace_of(request, name, "delete_metadef_namespace")
        if ns["protected"]:
            raise protected("namespace", name)
        ns[part] = {}

    # -- tags -----------------------------------------------------------------------------

    def _add_tag(self, ns: dict[str, Any], tag: str) -> dict[str, Any]:
        if not tag or len(tag) > 255:
            raise fakes.Fault(400, f"Provided object does not match schema 'tag': {tag!r}")
        if any(t.lower() == tag.lower() for t in ns["tags"]):
            raise fakes.Fault(
                409,
                f"A metadata tag with name={tag} already exists in namespace="
                f"{ns['namespace']}. (Please note that metadata tag names are case insensitive).",
            )
        added = self.stamp({"name": tag})
        ns["tags"][tag] = added
        return added

    def tag_view(self, tag: dict[str, Any]) -> dict[str, Any]:
        """A tag: its name and times."""
        return {"name": tag["name"], **self.times(tag)}

    @fakes.route("GET", f"{NAMESPACES}/{{name}}/tags")
    def list_tags(self, request: fakes.Request, name: str) -> dict[str, Any]:
        """The namespace's tags."""
        ns = self.namespace_of(request, name)
        return {"tags": [self.tag_view(t) for t in ns["tags"].values()]}

    @fakes.route("POST", f"{NAMESPACES}/{{name}}/tags")
    def create_tags(self, request: fakes.Request, name: str) -> fakes.Response:
        """Replace the tags with ``{"tags": [{"name": ...}]}`` (admin), or add them
        with ``X-Openstack-Append: true``."""
        ns = self.namespace_of(request, name, "add_metadef_tags")
        tags = request.json_object().get("tags")
        if not isinstance(tags, list):
            raise fakes.Fault(400, "Provided object does not match schema 'tags': 'tags'")
        if request.headers.get("X-Openstack-Append", "").lower() not in ("true", "1", "yes"):
            ns["tags"] = {}
        added = [self._add_tag(ns, str((t or {}).get("name", ""))) for t in tags]
        return fakes.Response.json({"tags": [{"name": t["name"]} for t in added]}, 201)

    @fakes.route("DELETE", f"{NAMESPACES}/{{name}}/tags")
    def delete_tags(self, request: fakes.Request, name: str) -> None:
        """Delete every tag of a namespace that is not protected (admin)."""
        self.clear_part(request, name, "tags")

    @fakes.route("GET", f"{NAMESPACES}/{{name}}/tags/{{tag}}")
    def get_tag(self, request: fakes.Request, name: str, tag: str) -> dict[str, Any]:
        """One tag."""
        return self.tag_view(self.part(self.namespace_of(request, name), "tags", tag))

    @fakes.route("POST", f"{NAMESPACES}/{{name}}/tags/{{tag}}")
    def create_tag(self, request: fakes.Request, name: str, tag: str) -> fakes.Response:
        """Add one tag (admin); names are unique whatever their case."""
        ns = self.namespace_of(request, name, "add_metadef_tag")
        return fakes.Response.json(self.tag_view(self._add_tag(ns, tag)), 201)

    @fakes.route("PUT", f"{NAMESPACES}/{{name}}/tags/{{tag}}")
    def rename_tag(self, request: fakes.Request, name: str, tag: str) -> dict[str, Any]:
        """Rename a tag: ``{"name": new}`` (admin)."""
        ns = self.namespace_of(request, name, "modify_metadef_tag")
        self.part(ns, "tags", tag)
        new_name = str(request.json_object().get("name", ""))
        created = ns["tags"].pop(tag)["created_at"]
        renamed = self._add_tag(ns, new_name)
        renamed["created_at"] = created
        return self.tag_view(renamed)

    @fakes.route("DELETE", f"{NAMESPACES}/{{name}}/tags/{{tag}}")
    def delete_tag(self, request: fakes.Request, name: str, tag: str) -> None:
        """Delete a tag (admin; not in a protected namespace)."""
        self.remove_part(request, name, "tags", tag, "delete_metadef_tag")

    # -- resource types -----------------------------------------------------------------

    def _associate(self, ns: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
        kind = spec.get("name")
        if not isinstance(kind, str) or not kind:
            raise fakes.Fault(
                400, "Provided object does not match schema 'resource_type_association': 'name'"
            )
        if kind in ns["associations"]:
            raise fakes.Fault(
                409,
                f"The metadata definition resource-type association of resource-type={kind} "
                f"to namespace={ns['namespace']} already exists.",
            )
        if kind not in self.resource_types:
            self.resource_types[kind] = self.stamp({"name": kind})
        association = self.stamp(
            {
                "name": kind,
                "prefix": spec.get("prefix"),
                "properties_target": spec.get("properties_target"),
            }
        )
        ns["associations"][kind] = association
        return association

    @fakes.route("GET", "/v2/metadefs/resource_types")
    def list_resource_types(self, request: fakes.Request) -> dict[str, Any]:
        """The resource types some namespace was associated with."""
        return {
            "resource_types": [
                {"name": t["name"], **self.times(t)} for t in self.resource_types.values()
            ]
        }

    @fakes.route("GET", f"{NAMESPACES}/{{name}}/resource_types")
    def list_associations(self, request: fakes.Request, name: str) -> dict[str, Any]:
        """The resource types of a namespace."""
        ns = self.namespace_of(request, name)
        return {
            "resource_type_associations": [
                self.association_view(a) for a in ns["associations"].values()
            ]
        }

    @fakes.route("POST", f"{NAMESPACES}/{{name}}/resource_types")
    def create_association(self, request: fakes.Request, name: str) -> fakes.Response:
        """Associate a namespace with a resource type (admin), creating the type."""
        ns = self.namespace_of(request, name, "add_metadef_resource_type_association")
        association = self._associate(ns, request.json_object())
        return fakes.Response.json(self.association_view(association), 201)

    @fakes.route("DELETE", f"{NAMESPACES}/{{name}}/resource_types/{{kind}}")
    def delete_association(self, request: fakes.Request, name: str, kind: str) -> None:
        """End an association (admin; not of a protected namespace)."""
        ns = self.namespace_of(request, name, "remove_metadef_resource_type_association")
        if kind not in ns["associations"]:
            raise fakes.Fault(
                404,
                f"The metadata definition resource-type association of resource-type={kind} "
                f"to namespace={name}, was not found.",
            )
        if ns["protected"]:
            raise protected("resource-type-association", kind)
        del ns["associations"][kind]

    # -- state ----------------------------------------------------------------

    def dump_state(self) -> Any:
        """The images' state, with the namespaces and resource types."""
        state = super().dump_state()
        state["metadefs"] = {"namespaces": self.namespaces, "resource_types": self.resource_types}
        return state

    def load_state(self, data: Any) -> None:
        """Take the images, namespaces and resource types back."""
        super().load_state(data)
        metadefs = data.get("metadefs", {})
        self.namespaces = dict(metadefs.get("namespaces", {}))
        self.resource_types = dict(metadefs.get("resource_types", {}))
