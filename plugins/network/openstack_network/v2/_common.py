"""Helpers the Proxy's method groups share."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from openstack_core import resource

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

R = TypeVar("R", bound=resource.Resource)


@functools.cache
def server_names(kind: type[resource.Resource]) -> dict[str, str]:
    """``{attribute: server name}`` of a resource's body fields (``security_group_ids``
    -> ``security_groups``), read from its public ``to_dict`` views."""
    blank = kind.new()
    ours = blank.to_dict(headers=False, computed=False)
    theirs = blank.to_dict(headers=False, computed=False, original_names=True)
    return dict(zip(ours, theirs, strict=True))


def bulk_create(proxy: Proxy, kind: type[R], data: Sequence[Mapping[str, Any]]) -> Iterator[R]:
    """Create several ``kind`` in one request, as Neutron allows: ``POST /ports`` with
    ``{"ports": [...]}`` answers ``{"ports": [...]}``, all created or none.

    Attribute names (``security_group_ids``) are sent as server names
    (``security_groups``); other keys as given. The request is sent at once; the
    returned iterator yields the created resources, in order.
    """
    names = server_names(kind)
    items = [{names.get(k, k): v for k, v in attrs.items()} for attrs in data]
    response = proxy.request(kind.base_path, "POST", json={kind.resources_key: items})
    created = kind.extract_list(resource.decode_json(response, f"{kind.__qualname__} bulk create"))
    return iter([kind.existing(**item) for item in created])
