"""The routes every Neutron collection shares: list, show, create (one or in bulk),
update, delete, and tags.

``/v2.0/{collection}`` serves every kind of :data:`~._kinds.BY_PATH`; what differs
from kind to kind is in methods named after it, found by name on the fake:
``view_<kind>(request, record)`` (the caller's view), ``build_<kind>(request, body,
project)`` (validate and store a new record), ``change_<kind>(request, record,
changes)`` and ``drop_<kind>(request, record)`` (checks and cascades before the record
goes). Routes with a literal path (``/v2.0/security-groups``) win over these.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from openstack_core import fakes
from openstack_network.v2._fake._base import NetworkBase, Record
from openstack_network.v2._fake._kinds import BY_PATH, KINDS, Kind
from openstack_network.v2._fake._query import bad_request, fields_of, listing, select

_MAX_TAG = 255


class CollectionRoutes(NetworkBase):
    """Generic CRUD and tags for every kind of resource."""

    @staticmethod
    def kind_at(path: str) -> Kind:
        """The kind served at ``/v2.0/<path>``; Neutron's 404 for an unknown one."""
        kind = BY_PATH.get(path)
        if kind is None:
            raise fakes.Fault(404, "The resource could not be found.")
        return kind

    def view(self, request: fakes.Request, kind: Kind, record: Record) -> Record:
        """The caller's view of a record (``view_<kind>``)."""
        view: Record = getattr(self, f"view_{kind.name}")(request, record)
        return view

    def created_view(self, request: fakes.Request, kind: Kind, record: Record) -> Record:
        """What a create answers (Neutron's create views may say more than GET's)."""
        return self.view(request, kind, record)

    # -- generic operations -------------------------------------------------------------

    def list_kind(
        self,
        request: fakes.Request,
        kind: Kind,
        records: Iterable[Record] | None = None,
        *,
        matches: Callable[[Record, str, list[str]], bool] | None = None,
    ) -> Record:
        """``GET /<collection>``: the visible records, as Neutron lists them."""
        table = self.tables[kind.name]
        rows = table.values() if records is None else records

        def marker_of(item_id: str) -> Record:
            marker = table.get(item_id)
            if marker is None:
                raise kind.fault(item_id)
            return self.view(request, kind, marker)

        views = [
            self.view(request, kind, record)
            for record in rows
            if self.can_see(request, kind.name, record)
        ]
        return listing(
            request,
            kind.plural,
            views,
            attributes=kind.attributes,
            marker_of=marker_of,
            matches=matches,
        )

    def show_kind(self, request: fakes.Request, kind: Kind, item_id: str) -> Record:
        """``GET /<collection>/{id}`` (``fields=`` honoured)."""
        record = self.record_of(request, kind, item_id)
        return {kind.name: select(self.view(request, kind, record), fields_of(request))}

    def create_kind(self, request: fakes.Request, kind: Kind, **extra: Any) -> fakes.Response:
        """``POST /<collection>``: one (``{"port": {...}}``) or several (``{"ports":
        [...]}``, all or none) resources; ``extra`` goes to every ``build_<kind>``."""
        body = request.json()
        if isinstance(body, dict) and isinstance(body.get(kind.plural), list):
            saved = self.snapshot()
            try:
                made = [self.create_one(request, kind, item, **extra) for item in body[kind.plural]]
            except fakes.Fault:
                self.load_state(saved)
                raise
            views = [self.created_view(request, kind, record) for record in made]
            return fakes.Response.json({kind.plural: views}, 201)
        if not isinstance(body, dict) or kind.name not in body:
            raise fakes.Fault(400, f"Unable to find '{kind.name}' in request body")
        record = self.create_one(request, kind, body[kind.name], **extra)
        return fakes.Response.json({kind.name: self.created_view(request, kind, record)}, 201)

    def create_one(self, request: fakes.Request, kind: Kind, attrs: Any, **extra: Any) -> Record:
        """Validate and store one new resource (quota checked)."""
        if not isinstance(attrs, dict):
            raise fakes.Fault(400, f"Unable to find '{kind.name}' in request body")
        project = self.project_for(request, attrs)
        if kind.quota is not None:
            self.check_quota(project, kind.quota)
        tags = attrs.get("tags")
        if tags is not None and kind.taggable:
            if not isinstance(tags, list):
                raise bad_request(f"Invalid input for tags. Reason: '{tags}' is not a list.")
            for tag in tags:
                self.check_tag(tag)
        record: Record = getattr(self, f"build_{kind.name}")(request, attrs, project, **extra)
        if tags and kind.taggable:
            record["tags"] = sorted(set(tags))
        return record

    def changes_of(self, request: fakes.Request, kind: Kind) -> dict[str, Any]:
        """The ``{"<kind>": {...}}`` of an update."""
        body = request.json()
        if not isinstance(body, dict) or not isinstance(body.get(kind.name), dict):
            raise fakes.Fault(400, f"Unable to find '{kind.name}' in request body")
        changes: dict[str, Any] = body[kind.name]
        return changes

    def update_kind(self, request: fakes.Request, kind: Kind, item_id: str) -> Record:
        """``PUT /<collection>/{id}``: owner or admin, ``If-Match`` honoured."""
        record = self.owned(request, kind, item_id, "update")
        changes = self.changes_of(request, kind)
        self.check_revision(request, record)
        getattr(self, f"change_{kind.name}")(request, record, changes)
        self.touch(record)
        return {kind.name: self.view(request, kind, record)}

    def delete_kind(self, request: fakes.Request, kind: Kind, item_id: str) -> None:
        """``DELETE /<collection>/{id}``: owner or admin; ``If-Match`` is checked after
        what keeps the resource in use, as Neutron checks it when the change is written."""
        record = self.owned(request, kind, item_id, "delete")
        saved = self.snapshot() if request.headers.get("If-Match") else None
        try:
            getattr(self, f"drop_{kind.name}")(request, record)
            self.check_revision(request, record)
        except fakes.Fault:
            if saved is not None:
                self.load_state(saved)
            raise
        self.tables[kind.name].pop(record["id"], None)

    # -- the routes ---------------------------------------------------------------------

    @fakes.route("GET", "/v2.0/{collection}")
    def list_collection(self, request: fakes.Request, collection: str) -> Record:
        """List any collection."""
        return self.list_kind(request, self.kind_at(collection))

    @fakes.route("POST", "/v2.0/{collection}")
    def create_in_collection(self, request: fakes.Request, collection: str) -> fakes.Response:
        """Create in any collection (bulk too)."""
        return self.create_kind(request, self.kind_at(collection))

    @fakes.route("GET", "/v2.0/{collection}/{item_id}")
    def show_in_collection(self, request: fakes.Request, collection: str, item_id: str) -> Record:
        """Show one resource of any collection."""
        return self.show_kind(request, self.kind_at(collection), item_id)

    @fakes.route("PUT", "/v2.0/{collection}/{item_id}")
    def update_in_collection(self, request: fakes.Request, collection: str, item_id: str) -> Record:
        """Update one resource of any collection."""
        return self.update_kind(request, self.kind_at(collection), item_id)

    @fakes.route("DELETE", "/v2.0/{collection}/{item_id}")
    def delete_in_collection(self, request: fakes.Request, collection: str, item_id: str) -> None:
        """Delete one resource of any collection."""
        self.delete_kind(request, self.kind_at(collection), item_id)

    @fakes.route("GET", "/v2.0/qos/policies")
    def list_qos_policies(self, request: fakes.Request) -> Record:
        """QoS policies (``/qos/policies``, two segments)."""
        return self.list_kind(request, KINDS["policy"])

    @fakes.route("POST", "/v2.0/qos/policies")
    def create_qos_policy(self, request: fakes.Request) -> fakes.Response:
        """Create a QoS policy."""
        return self.create_kind(request, KINDS["policy"])

    @fakes.route("GET", "/v2.0/qos/policies/{item_id}")
    def show_qos_policy(self, request: fakes.Request, item_id: str) -> Record:
        """Show a QoS policy."""
        return self.show_kind(request, KINDS["policy"], item_id)

    @fakes.route("PUT", "/v2.0/qos/policies/{item_id}")
    def update_qos_policy(self, request: fakes.Request, item_id: str) -> Record:
        """Update a QoS policy."""
        return self.update_kind(request, KINDS["policy"], item_id)

    @fakes.route("DELETE", "/v2.0/qos/policies/{item_id}")
    def delete_qos_policy(self, request: fakes.Request, item_id: str) -> None:
        """Delete a QoS policy."""
        self.delete_kind(request, KINDS["policy"], item_id)

    # -- tags ---------------------------------------------------------------------------

    def tagged(self, request: fakes.Request, path: str, item_id: str, *, change: bool) -> Record:
        """The record whose tags are asked for; 404 when its kind has no tags."""
        kind = self.kind_at(f"qos/{path}" if request.path.startswith("/v2.0/qos/") else path)
        if not kind.taggable:
            raise fakes.Fault(404, "The resource could not be found.")
        if change:
            return self.owned(request, kind, item_id, "update")
        return self.record_of(request, kind, item_id)

    @staticmethod
    def tag_list(request: fakes.Request) -> list[str]:
        """The ``{"tags": [...]}`` of a request, validated as Neutron does."""
        body = request.json()
        if not isinstance(body, dict) or "tags" not in body:
            raise fakes.Fault(
                400, "Invalid input for operation: Invalid tags body.", type="InvalidInput"
            )
        tags = body["tags"]
        if not isinstance(tags, list):
            raise fakes.Fault(
                400, f"Invalid input for operation: '{tags}' is not a list.", type="InvalidInput"
            )
        for tag in tags:
            CollectionRoutes.check_tag(tag)
        return [str(tag) for tag in tags]

    @staticmethod
    def check_tag(tag: Any) -> None:
        """Neutron's 400 for a tag that is not a string of at most 255 characters."""
        if not isinstance(tag, str) or not tag or len(tag) > _MAX_TAG:
            raise fakes.Fault(
                400,
                f"Invalid input for operation: '{tag}' is not a valid tag.",
                type="InvalidInput",
            )

    @staticmethod
    def having(record: Record, tag: str) -> Record:
        """The record, if it has the tag; Neutron's ``TagNotFound`` if not."""
        if tag not in record["tags"]:
            raise fakes.Fault(404, f"Tag {tag} could not be found.", type="TagNotFound")
        return record

    def retag(self, record: Record, tags: list[str]) -> None:
        """Set a record's tags; a change is a new revision."""
        if sorted(set(tags)) != sorted(record["tags"]):
            record["tags"] = sorted(set(tags))
            self.touch(record)

    @fakes.route("GET", "/v2.0/{path}/{item_id}/tags")
    @fakes.route("GET", "/v2.0/qos/{path}/{item_id}/tags")
    def get_tags(self, request: fakes.Request, path: str, item_id: str) -> Record:
        """A resource's tags, sorted."""
        record = self.tagged(request, path, item_id, change=False)
        return {"tags": sorted(record["tags"])}

    @fakes.route("PUT", "/v2.0/{path}/{item_id}/tags")
    @fakes.route("PUT", "/v2.0/qos/{path}/{item_id}/tags")
    def replace_tags(self, request: fakes.Request, path: str, item_id: str) -> Record:
        """Replace every tag; answers the tags given."""
        record = self.tagged(request, path, item_id, change=True)
        tags = self.tag_list(request)
        self.retag(record, tags)
        return {"tags": tags}

    @fakes.route("POST", "/v2.0/{path}/{item_id}/tags")
    @fakes.route("POST", "/v2.0/qos/{path}/{item_id}/tags")
    def add_tags(self, request: fakes.Request, path: str, item_id: str) -> Record:
        """Add tags (tag-creation); answers the tags given."""
        record = self.tagged(request, path, item_id, change=True)
        tags = self.tag_list(request)
        self.retag(record, [*record["tags"], *tags])
        return {"tags": tags}

    @fakes.route("DELETE", "/v2.0/{path}/{item_id}/tags")
    @fakes.route("DELETE", "/v2.0/qos/{path}/{item_id}/tags")
    def remove_tags(self, request: fakes.Request, path: str, item_id: str) -> None:
        """Remove every tag."""
        record = self.tagged(request, path, item_id, change=True)
        self.retag(record, [])

    @fakes.route("GET", "/v2.0/{path}/{item_id}/tags/{tag}")
    @fakes.route("GET", "/v2.0/qos/{path}/{item_id}/tags/{tag}")
    def check_one_tag(self, request: fakes.Request, path: str, item_id: str, tag: str) -> None:
        """204 if the resource has the tag, Neutron's ``TagNotFound`` if not."""
        self.having(self.tagged(request, path, item_id, change=False), tag)

    @fakes.route("PUT", "/v2.0/{path}/{item_id}/tags/{tag}")
    @fakes.route("PUT", "/v2.0/qos/{path}/{item_id}/tags/{tag}")
    def add_one_tag(
        self, request: fakes.Request, path: str, item_id: str, tag: str
    ) -> fakes.Response:
        """Add one tag: ``201`` with a ``null`` body, as Neutron answers."""
        record = self.tagged(request, path, item_id, change=True)
        self.check_tag(tag)
        self.retag(record, [*record["tags"], tag])
        return fakes.Response.json(None, 201)

    @fakes.route("DELETE", "/v2.0/{path}/{item_id}/tags/{tag}")
    @fakes.route("DELETE", "/v2.0/qos/{path}/{item_id}/tags/{tag}")
    def remove_one_tag(self, request: fakes.Request, path: str, item_id: str, tag: str) -> None:
        """Remove one tag; ``TagNotFound`` if the resource does not have it."""
        record = self.having(self.tagged(request, path, item_id, change=True), tag)
        self.retag(record, [t for t in record["tags"] if t != tag])
