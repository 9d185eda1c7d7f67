"""What Neutron's resources share: revision numbers, tags and the common list filters."""

from __future__ import annotations

from typing import Any

from openstack_core import resource

#: openstacksdk's tag filters: ``tags`` (all of), ``any_tags``, ``not_tags``,
#: ``not_any_tags``; a list is sent comma-separated, as Neutron expects.
TAG_FILTERS: dict[str, Any] = {
    "tags": {"name": "tags", "type": resource.csv},
    "any_tags": {"name": "tags-any", "type": resource.csv},
    "not_tags": {"name": "not-tags", "type": resource.csv},
    "not_any_tags": {"name": "not-tags-any", "type": resource.csv},
}

#: Filters every Neutron collection takes: field selection and sorting.
COMMON_FILTERS = ("fields", "sort_key", "sort_dir")


class NetworkResource(resource.Resource):
    """Base of Neutron's standard resources: a ``revision_number`` that conditional
    updates and deletes check (``if_revision=``), and free-form extension keys kept.

    Neutron's extensions add keys to resources (``dns_name``, ``qos_policy_id``...); an
    extension this class does not declare still round-trips instead of failing.
    """

    allow_extra_attributes = True

    #: Incremented by Neutron on every change; give it as ``if_revision=``.
    revision_number = resource.Body("revision_number", type=int)
    #: When it was created (ISO 8601).
    created_at = resource.Body("created_at", type=str)
    #: When it last changed (ISO 8601).
    updated_at = resource.Body("updated_at", type=str)


class TaggedResource(NetworkResource):
    """A Neutron resource with tags (the ``standard-attr-tag`` extension)."""

    #: The resource's tags.
    tags = resource.Body("tags", type=list, default=[])
