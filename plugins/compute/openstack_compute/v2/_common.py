"""Helpers shared by the Nova resources: microversion checks, metadata and tags.

Metadata and tags are sub-collections of a server (``/servers/{id}/metadata`` and
``/servers/{id}/tags``); they are written as mixins so another resource with the same
sub-collections could reuse them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from keystoneauth1 import discover

from openstack_core import exceptions, resource

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

R = TypeVar("R", bound=resource.Resource)

#: The tag filters of a server listing: client name -> Nova's query name.
TAG_QUERY_PARAMETERS: dict[str, Any] = {
    "tags": {"name": "tags", "type": resource.csv},
    "any_tags": {"name": "tags-any", "type": resource.csv},
    "not_tags": {"name": "not-tags", "type": resource.csv},
    "not_any_tags": {"name": "not-tags-any", "type": resource.csv},
}


def at_least(microversion: str | None, wanted: str) -> bool:
    """Whether the negotiated ``microversion`` is ``wanted`` or newer.

    ``None`` means no microversion header is sent, i.e. Nova's base version 2.1.
    """
    have = discover.normalize_version_number(microversion or "2.1")
    return bool(have >= discover.normalize_version_number(wanted))


def resource_id(value: Any) -> Any:
    """The id of a Resource, or the value itself (an id string)."""
    if isinstance(value, resource.Resource):
        return value.id
    if isinstance(value, Mapping):
        return value.get("id")
    return value


def decode_json(response: Any, what: str) -> Any:
    """The JSON body of ``response``; InvalidResponse naming ``what`` when it is not JSON."""
    try:
        return response.json()
    except ValueError as exc:
        raise exceptions.InvalidResponse(
            f"{what}: expected a JSON body, got {response.headers.get('Content-Type')}",
            response,
        ) from exc


def send_create(
    res: R,
    session: Proxy,
    body: Any,
    microversion: str | None,
    *,
    base_path: str | None = None,
    headers: Mapping[str, str] | None = None,
    params: Mapping[str, Any] | None = None,
    log: bool = True,
) -> R:
    """What ``Resource.create`` sends, with a body the resource built itself.

    Nova resources need this where the body depends on the microversion or where
    request and answer may hold a secret (``log=False``: adminPass, private keys,
    console tokens), which ``Resource.create`` has no way to say.
    """
    response = session.request(
        res.resource_path(base_path=base_path, requires_id=False),
        "POST",
        json=body,
        headers=res._headers_to_send(headers),
        microversion=microversion,
        params=dict(params) if params else None,
        log=log,
    )
    res._microversion = microversion
    res.translate_response(response)
    return res


class MetadataMixin:
    """``/<resource>/{id}/metadata``: the key/value pairs of a server."""

    __slots__ = ()

    #: Free-form string key/value pairs.
    metadata = resource.Body("metadata", type=dict)

    def _metadata_url(self: Any, key: str | None = None) -> str:
        url = self.resource_path("metadata")
        return url if key is None else f"{url}/{resource.quote_segment(key)}"

    def _take_metadata(self: Any, response: Any) -> None:
        data = decode_json(response, "metadata")
        if isinstance(data, dict) and isinstance(data.get("metadata"), dict):
            # The server's answer, not what was sent: POST merges with existing keys.
            self._body["metadata"] = data["metadata"]

    def fetch_metadata(self, session: Proxy) -> Self:
        """Reload ``metadata`` with ``GET .../metadata``."""
        mixin: Any = self
        response = session.request(mixin._metadata_url(), "GET")
        mixin._take_metadata(response)
        return self

    def set_metadata(
        self, session: Proxy, metadata: Mapping[str, Any] | None = None, replace: bool = False
    ) -> Self:
        """Merge ``metadata`` into the existing keys (``POST``), or replace them all
        (``PUT``) when ``replace`` is true; ``metadata`` becomes the server's answer."""
        mixin: Any = self
        method = "PUT" if replace else "POST"
        response = session.request(
            mixin._metadata_url(), method, json={"metadata": dict(metadata or {})}
        )
        mixin._take_metadata(response)
        return self

    def delete_metadata(self, session: Proxy) -> Self:
        """Remove every metadata key (``PUT .../metadata`` with an empty dict)."""
        mixin: Any = self
        return mixin.set_metadata(session, {}, replace=True)  # type: ignore[no-any-return]

    def get_metadata_item(self, session: Proxy, key: str) -> Self:
        """Read one key (``GET .../metadata/{key}``) into ``metadata``."""
        mixin: Any = self
        data = decode_json(session.request(mixin._metadata_url(key), "GET"), "metadata item")
        meta = data.get("meta", {}) if isinstance(data, dict) else {}
        mixin._body["metadata"] = {**(mixin._body.get("metadata") or {}), **meta}
        return self

    def set_metadata_item(self, session: Proxy, key: str, value: Any) -> Self:
        """Create or replace one key (``PUT .../metadata/{key}`` with ``{"meta": ...}``)."""
        mixin: Any = self
        session.request(mixin._metadata_url(key), "PUT", json={"meta": {key: value}})
        mixin._body["metadata"] = {**(mixin._body.get("metadata") or {}), key: value}
        return self

    def delete_metadata_item(self, session: Proxy, key: str) -> Self:
        """Remove one key (``DELETE .../metadata/{key}``); a missing key raises NotFound."""
        mixin: Any = self
        session.request(mixin._metadata_url(key), "DELETE")
        remaining = dict(mixin._body.get("metadata") or {})
        remaining.pop(key, None)
        mixin._body["metadata"] = remaining
        return self


class TagMixin:
    """``/<resource>/{id}/tags`` (Nova microversion 2.26 and later)."""

    __slots__ = ()

    #: The server's tags (in server bodies since microversion 2.26).
    tags = resource.Body("tags", type=list, default=[])

    def _tags_call(
        self: Any, session: Proxy, method: str, tag: str | None = None, **kw: Any
    ) -> Any:
        microversion = session.microversion_for(type(self), "tags", required="2.26")
        url = self.resource_path("tags")
        if tag is not None:
            url = f"{url}/{resource.quote_segment(tag)}"
        return session.request(url, method, microversion=microversion, **kw)

    def fetch_tags(self, session: Proxy) -> Self:
        """Reload ``tags`` with ``GET .../tags``."""
        mixin: Any = self
        data = decode_json(mixin._tags_call(session, "GET"), "tags")
        mixin._body["tags"] = list(data.get("tags", [])) if isinstance(data, dict) else []
        return self

    def set_tags(self, session: Proxy, tags: list[str]) -> Self:
        """Replace every tag (``PUT .../tags`` with ``{"tags": [...]}``)."""
        mixin: Any = self
        response = mixin._tags_call(session, "PUT", json={"tags": list(tags)})
        data = decode_json(response, "tags")
        mixin._body["tags"] = list(data.get("tags", tags)) if isinstance(data, dict) else tags
        return self

    def add_tag(self, session: Proxy, tag: str) -> Self:
        """Add one tag (``PUT .../tags/{tag}``, no body)."""
        mixin: Any = self
        mixin._tags_call(session, "PUT", tag)
        current = list(mixin._body.get("tags") or [])
        if tag not in current:
            current.append(tag)
        mixin._body["tags"] = current
        return self

    def remove_tag(self, session: Proxy, tag: str) -> Self:
        """Remove one tag (``DELETE .../tags/{tag}``); a missing tag raises NotFound."""
        mixin: Any = self
        mixin._tags_call(session, "DELETE", tag)
        mixin._body["tags"] = [t for t in mixin._body.get("tags") or [] if t != tag]
        return self

    def remove_all_tags(self, session: Proxy) -> Self:
        """Remove every tag (``DELETE .../tags``)."""
        mixin: Any = self
        mixin._tags_call(session, "DELETE")
        mixin._body["tags"] = []
        return self
