"""What the Nova resources share: server metadata and tags, and the tag filters.

Metadata and tags are sub-collections of a server (``/servers/{id}/metadata`` and
``/servers/{id}/tags``); they are written as Resource mixins so another resource with the
same sub-collections could reuse them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from openstack_core import resource

if TYPE_CHECKING:
    import requests

    from openstack_core.proxy import Proxy

#: The tag filters of a server listing: client name -> Nova's query name.
TAG_QUERY_PARAMETERS: dict[str, Any] = {
    "tags": {"name": "tags", "type": resource.csv},
    "any_tags": {"name": "tags-any", "type": resource.csv},
    "not_tags": {"name": "not-tags", "type": resource.csv},
    "not_any_tags": {"name": "not-tags-any", "type": resource.csv},
}


def json_object(response: requests.Response, what: str) -> dict[str, Any]:
    """The JSON object Nova answered; empty for no body or a body that is no object.

    A body that is not JSON raises InvalidResponse naming ``what``.
    """
    data = resource.decode_json(response, what)
    return data if isinstance(data, dict) else {}


class MetadataMixin(resource.Resource):
    """``/<resource>/{id}/metadata``: the key/value pairs of a server."""

    #: Free-form string key/value pairs.
    metadata = resource.Body("metadata", type=dict)

    def _metadata_call(self, proxy: Proxy, method: str, *key: str, **kw: Any) -> requests.Response:
        # No microversion changes these APIs: sent without the header, as openstacksdk.
        return proxy.request(self.resource_path("metadata", *key), method, **kw)

    def _take_metadata(self, response: requests.Response) -> Self:
        metadata = json_object(response, "metadata").get("metadata")
        if isinstance(metadata, dict):
            # The server's answer, not what was sent: POST merges with existing keys.
            self.set_from_server(metadata=metadata)
        return self

    def fetch_metadata(self, proxy: Proxy) -> Self:
        """Reload ``metadata`` with ``GET .../metadata``."""
        return self._take_metadata(self._metadata_call(proxy, "GET"))

    def set_metadata(
        self, proxy: Proxy, metadata: Mapping[str, Any] | None = None, replace: bool = False
    ) -> Self:
        """Merge ``metadata`` into the existing keys (``POST``), or replace them all
        (``PUT``) when ``replace`` is true; ``metadata`` becomes the server's answer."""
        body = {"metadata": dict(metadata or {})}
        return self._take_metadata(
            self._metadata_call(proxy, "PUT" if replace else "POST", json=body)
        )

    def delete_metadata(self, proxy: Proxy) -> Self:
        """Remove every metadata key (``PUT .../metadata`` with an empty dict)."""
        return self.set_metadata(proxy, {}, replace=True)

    def get_metadata_item(self, proxy: Proxy, key: str) -> Self:
        """Read one key (``GET .../metadata/{key}``) into ``metadata``."""
        meta = json_object(self._metadata_call(proxy, "GET", key), "metadata item").get("meta", {})
        self.set_from_server(metadata={**(self.metadata or {}), **meta})
        return self

    def set_metadata_item(self, proxy: Proxy, key: str, value: Any) -> Self:
        """Create or replace one key (``PUT .../metadata/{key}`` with ``{"meta": ...}``)."""
        self._metadata_call(proxy, "PUT", key, json={"meta": {key: value}})
        self.set_from_server(metadata={**(self.metadata or {}), key: value})
        return self

    def delete_metadata_item(self, proxy: Proxy, key: str) -> Self:
        """Remove one key (``DELETE .../metadata/{key}``); a missing key raises NotFound."""
        self._metadata_call(proxy, "DELETE", key)
        remaining = dict(self.metadata or {})
        remaining.pop(key, None)
        self.set_from_server(metadata=remaining)
        return self


class TagMixin(resource.Resource):
    """``/<resource>/{id}/tags`` (Nova microversion 2.26 and later)."""

    #: The server's tags (in server bodies since microversion 2.26).
    tags = resource.Body("tags", type=list, default=[])

    def _tags_call(self, proxy: Proxy, method: str, *tag: str, **kw: Any) -> requests.Response:
        microversion = proxy.microversion_for(type(self), "tags", required="2.26")
        return proxy.request(
            self.resource_path("tags", *tag), method, microversion=microversion, **kw
        )

    def fetch_tags(self, proxy: Proxy) -> Self:
        """Reload ``tags`` with ``GET .../tags``."""
        answer = json_object(self._tags_call(proxy, "GET"), "tags")
        self.set_from_server(tags=list(answer.get("tags", [])))
        return self

    def set_tags(self, proxy: Proxy, tags: list[str]) -> Self:
        """Replace every tag (``PUT .../tags`` with ``{"tags": [...]}``)."""
        response = self._tags_call(proxy, "PUT", json={"tags": list(tags)})
        self.set_from_server(tags=list(json_object(response, "tags").get("tags", tags)))
        return self

    def add_tag(self, proxy: Proxy, tag: str) -> Self:
        """Add one tag (``PUT .../tags/{tag}``, no body)."""
        self._tags_call(proxy, "PUT", tag)
        current = list(self.tags or [])
        if tag not in current:
            current.append(tag)
        self.set_from_server(tags=current)
        return self

    def remove_tag(self, proxy: Proxy, tag: str) -> Self:
        """Remove one tag (``DELETE .../tags/{tag}``); a missing tag raises NotFound."""
        self._tags_call(proxy, "DELETE", tag)
        self.set_from_server(tags=[t for t in self.tags or [] if t != tag])
        return self

    def remove_all_tags(self, proxy: Proxy) -> Self:
        """Remove every tag (``DELETE .../tags``)."""
        self._tags_call(proxy, "DELETE")
        self.set_from_server(tags=[])
        return self
