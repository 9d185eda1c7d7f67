"""Proxy methods for tags, on every taggable resource (``/<resources>/{id}/tags``)."""

from __future__ import annotations

from typing import TypeVar

from openstack_core import exceptions, proxy, resource
from openstack_network.v2._base import TaggedResource

T = TypeVar("T", bound=TaggedResource)


def _taggable(value: object) -> TaggedResource:
    # Tags live under the resource's own path, so the kind must be known: an id alone
    # cannot say whether it is a network or a port.
    if not isinstance(value, TaggedResource):
        raise exceptions.InvalidRequest(
            f"tags need a taggable Resource object (a Network, Port, Router...), "
            f"not {type(value).__name__}"
        )
    return value


class TagMethods(proxy.Proxy):
    """openstacksdk's tag calls; each keeps the object's ``tags`` in step."""

    def get_tags(self, resource: TaggedResource) -> list[str]:
        """The tags of a resource, as the server has them now."""
        target = _taggable(resource)
        response = self.get(target.resource_path("tags"))
        tags = list(_decode_tags(response))
        target.set_from_server(tags=tags)
        return tags

    def set_tags(self, resource: T, tags: list[str]) -> T:
        """Replace all tags of a resource."""
        target = _taggable(resource)
        self.put(target.resource_path("tags"), json={"tags": list(tags)})
        target.set_from_server(tags=list(tags))
        return resource

    def add_tags(self, resource: T, tags: list[str]) -> T:
        """Add tags to those a resource has (one request)."""
        target = _taggable(resource)
        # Neutron answers with the tags it added, not all of them: merge locally.
        self.post(target.resource_path("tags"), json={"tags": list(tags)})
        known = list(target.tags or [])
        target.set_from_server(tags=known + [t for t in tags if t not in known])
        return resource

    def add_tag(self, resource: T, tag: str) -> T:
        """Add one tag."""
        target = _taggable(resource)
        self.put(target.resource_path("tags", tag))
        known = list(target.tags or [])
        target.set_from_server(tags=known if tag in known else [*known, tag])
        return resource

    def remove_tag(self, resource: T, tag: str) -> T:
        """Remove one tag; NotFoundException when the resource does not have it."""
        target = _taggable(resource)
        self.delete(target.resource_path("tags", tag))
        target.set_from_server(tags=[t for t in (target.tags or []) if t != tag])
        return resource

    def remove_all_tags(self, resource: T) -> T:
        """Remove every tag."""
        target = _taggable(resource)
        self.delete(target.resource_path("tags"))
        target.set_from_server(tags=[])
        return resource

    def check_tag(self, resource: T, tag: str) -> T:
        """Return the resource if it has ``tag``; NotFoundException if not."""
        self.get(_taggable(resource).resource_path("tags", tag))
        return resource


def _decode_tags(response: object) -> list[str]:
    data = resource.decode_json(response, "tags")  # type: ignore[arg-type]
    if isinstance(data, dict) and isinstance(data.get("tags"), list):
        return [str(t) for t in data["tags"]]
    return []
