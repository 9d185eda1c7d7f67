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

    def _action(self: A, proxy: Proxy, body: Mapping[str, Any]) -> A:
        self.translate_response(self.invoke_action(proxy, dict(body)), merge=False)
        return self

    def add_host(self: A, proxy: Proxy, host: str) -> A:
        """Add ``host`` to the aggregate."""
        return self._action(proxy, {"add_host": {"host": host}})

    def remove_host(self: A, proxy: Proxy, host: str) -> A:
        """Remove ``host`` from the aggregate."""
        return self._action(proxy, {"remove_host": {"host": host}})

    def set_metadata(self: A, proxy: Proxy, metadata: Mapping[str, Any]) -> A:
        """Set metadata keys (a ``None`` value removes the key)."""
        return self._action(proxy, {"set_metadata": {"metadata": dict(metadata)}})

    def precache_images(self, proxy: Proxy, images: list[Any]) -> None:
        """Ask the hosts to cache ``images`` (ids or dicts with ``id``; 2.81)."""
        body = {"cache": [{"id": i} if isinstance(i, str) else {"id": i["id"]} for i in images]}
        self.invoke_action(proxy, body, path="images", required_microversion="2.81")
