"""Host aggregates (``/os-aggregates``, admin)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from openstack_core import resource
from openstack_core.pagination import NoPagination

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

A = TypeVar("A", bound="Aggregate")


class Aggregate(resource.Resource):
    """A host aggregate; host and metadata changes are actions whose answer is the
    updated aggregate."""

    resource_key = "aggregate"
    resources_key = "aggregates"
    base_path = "/os-aggregates"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    pagination = NoPagination()
    _query_mapping = resource.QueryParameters(include_pagination_defaults=False)
    _max_microversion = "2.81"

    #: The availability zone the aggregate defines, if any.
    availability_zone = resource.Body("availability_zone")
    created_at = resource.Body("created_at")
    deleted_at = resource.Body("deleted_at")
    is_deleted = resource.Body("deleted", type=bool)
    #: The member hosts.
    hosts = resource.Body("hosts", type=list)
    #: Key/value metadata.
    metadata = resource.Body("metadata", type=dict)
    updated_at = resource.Body("updated_at")
    #: The aggregate's uuid (2.41+); its id stays the integer id.
    uuid = resource.Body("uuid")

    def _action(self: A, session: Proxy, body: Mapping[str, Any]) -> A:
        microversion = session.microversion_for(type(self), "action")
        response = session.request(
            self.resource_path("action"), "POST", json=dict(body), microversion=microversion
        )
        self.translate_response(response, merge=False)
        return self

    def add_host(self: A, session: Proxy, host: str) -> A:
        """Add ``host`` to the aggregate."""
        return self._action(session, {"add_host": {"host": host}})

    def remove_host(self: A, session: Proxy, host: str) -> A:
        """Remove ``host`` from the aggregate."""
        return self._action(session, {"remove_host": {"host": host}})

    def set_metadata(self: A, session: Proxy, metadata: Mapping[str, Any]) -> A:
        """Set metadata keys (a ``None`` value removes the key)."""
        return self._action(session, {"set_metadata": {"metadata": dict(metadata)}})

    def precache_images(self, session: Proxy, images: list[Any]) -> None:
        """Ask the hosts to cache ``images`` (ids or dicts with ``id``; 2.81)."""
        microversion = session.microversion_for(type(self), "images", required="2.81")
        body = {"cache": [{"id": i} if isinstance(i, str) else {"id": i["id"]} for i in images]}
        session.request(self.resource_path("images"), "POST", json=body, microversion=microversion)
