"""What every Keystone resource shares: PATCH updates and listings that note truncation.

Keystone answers a list with ``{"<resources>": [...], "links": {"self": ..., "next":
..., "previous": ...}}``. It pages nothing itself, but a deployment's ``list_limit``
cuts a listing short and says so with ``"truncated": true``; a listing that silently
returns part of the users would mislead scripts, so the cut is logged as a warning.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from openstack_core import pagination, resource

if TYPE_CHECKING:
    import requests

__all__ = ["IdentityResource", "KeystonePagination"]

_LOG = logging.getLogger("openstack_identity")


class KeystonePagination(pagination.LinksPagination):
    """``links.next`` paging, plus a warning when Keystone truncated the list."""

    def next_page(
        self,
        response: requests.Response,
        data: Any,
        items: Sequence[Any],
        params: Mapping[str, Any],
        resources_key: str | None,
    ) -> dict[str, Any] | None:
        """The next page's query (from ``links.next``), or None after the last page."""
        if isinstance(data, dict) and data.get("truncated") is True:
            request = response.request
            where = f"{request.method} {request.path_url}" if request is not None else "a list"
            _LOG.warning(
                "%s: Keystone truncated the list at %d %s (its list_limit); filter the "
                "query (name, domain_id, ...) to see the rest",
                where,
                len(items),
                resources_key or "items",
            )
        return super().next_page(response, data, items, params, resources_key)


class IdentityResource(resource.Resource):
    """Base of Keystone's resources: updates are PATCH, lists page by ``links.next``."""

    commit_method = "PATCH"
    pagination = KeystonePagination()
