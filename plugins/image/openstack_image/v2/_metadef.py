"""What the metadata definition resources share: Glance replaces them whole on update.

Glance's ``PUT`` of a namespace, object or property is a replacement: a key the body
leaves out is reset (a namespace's ``display_name`` and ``description`` to null, its
``visibility`` to private, ``protected`` to false). A body of only the changed keys,
which is what openstacksdk sends, therefore wipes the rest. These resources send the
whole document instead: their current view with the changes applied.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from openstack_core import resource

if TYPE_CHECKING:
    from typing import Self

    from openstack_core.proxy import Proxy


class ReplacedOnUpdate(resource.Resource):
    """A resource Glance updates with a ``PUT`` of the whole document."""

    commit_method = "PUT"
    #: The server-side keys a replacement sends (the others are read-only).
    replaced_keys: ClassVar[tuple[str, ...]] = ()

    def replacement_body(self) -> dict[str, Any]:
        """The document to ``PUT``: every key of :attr:`replaced_keys` that has a value.

        A key set to None is left out, which makes Glance clear it.
        """
        return {key: self[key] for key in self.replaced_keys if self[key] is not None}

    def request_body(self, body: dict[str, Any], *, operation: str, **options: Any) -> Any:
        """A commit sends the whole document (:meth:`replacement_body`), not the changes
        alone: Glance would reset every key left out."""
        if operation == "commit":
            return self.replacement_body()
        return super().request_body(body, operation=operation, **options)

    def replace(self, proxy: Proxy, **changes: Any) -> Self:
        """``PUT`` this resource with ``changes`` applied, at its current path.

        Unlike :meth:`commit`, a change of the name (``namespace=``, ``name=``) renames
        the resource: the request goes to the path of the current name, where a commit
        would address the new one (another resource, or none). Returns a new resource
        holding Glance's answer; this one is left unchanged.
        """
        current = self.to_dict(computed=False, headers=False, ignore_none=True)
        for key in ("id", "location"):
            current.pop(key, None)
        updated = self.existing(**{**current, **changes})
        response = proxy.request(self.resource_path(), "PUT", json=updated.replacement_body())
        updated.translate_response(response, merge=True)
        return updated
