"""Pagination strategies: how a Resource finds the next page of a list.

A strategy looks at one page's response and returns the query parameters of the next
page against the same path, or ``None`` when there is no next page. Every Resource class
names its strategy in ``pagination``; plugins for services with unusual paging subclass
:class:`Pagination` (this is a public, versioned hook of the plugin API).

Following a link's *query* against the path we requested, rather than the link's full
URL, keeps working when a service behind a TLS-terminating proxy advertises ``http://``
links or an internal host name, a common fault in real clouds. The caller's filters are
kept when a link leaves them out (as openstacksdk does), so a listing never widens on
page two.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

if TYPE_CHECKING:
    import requests

__all__ = [
    "LinksPagination",
    "MarkerPagination",
    "NoPagination",
    "OffsetPagination",
    "Pagination",
    "query_of",
]

Params = dict[str, Any]

#: Paging parameters of one page that a next link replaces rather than inherits.
_PAGE_KEYS = frozenset(("marker", "limit"))


def query_of(link: str) -> Params:
    """The query parameters of a (possibly relative) link as a dict.

    A parameter repeated in the link becomes a list, as ``requests`` sends lists.
    """
    params: Params = {}
    for key, value in parse_qsl(urlsplit(link).query, keep_blank_values=True):
        if key in params:
            existing = params[key]
            params[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            params[key] = value
    return params


class Pagination(ABC):
    """Base strategy: subclass and implement :meth:`next_page`."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__module__.startswith("openstack_core."):
            from openstack_core import plugin_api

            plugin_api.verify_class(cls)

    @abstractmethod
    def next_page(
        self,
        response: requests.Response,
        data: Any,
        items: Sequence[Any],
        params: Mapping[str, Any],
        resources_key: str | None,
    ) -> Params | None:
        """Query parameters for the next page, or ``None`` after the last page.

        ``data`` is the decoded body, ``items`` the raw items of this page, ``params`` the
        query this page was fetched with.
        """


class NoPagination(Pagination):
    """The service returns everything in one response."""

    def next_page(
        self,
        response: requests.Response,
        data: Any,
        items: Sequence[Any],
        params: Mapping[str, Any],
        resources_key: str | None,
    ) -> Params | None:
        return None


class LinksPagination(Pagination):
    """The next-page links OpenStack services send; the default strategy.

    In order: the RFC 5988 ``Link: <...>; rel="next"`` header; Nova's and Cinder's
    ``"<resources>_links": [{"rel": "next", "href": ...}]``; Keystone's
    ``"links": {"next": ...}`` (or a list of link objects); Glance's top-level
    ``"next": "/v2/images?marker=..."``. No link means the last page, so the last page
    never costs an extra request.

    The next page's query is the link's, over this page's without ``marker`` and
    ``limit``: a filter the link leaves out is kept, paging comes from the link only.
    """

    def next_page(
        self,
        response: requests.Response,
        data: Any,
        items: Sequence[Any],
        params: Mapping[str, Any],
        resources_key: str | None,
    ) -> Params | None:
        link = self.next_link(response, data, resources_key)
        if not link:
            return None
        kept = {k: v for k, v in params.items() if k not in _PAGE_KEYS}
        return {**kept, **query_of(link)}

    @staticmethod
    def next_link(response: requests.Response, data: Any, resources_key: str | None) -> str | None:
        """The raw next link of a page, from any of the OpenStack styles."""
        header = response.links.get("next") if response.headers.get("Link") else None
        if header and header.get("url"):
            return str(header["url"])
        if not isinstance(data, dict):
            return None
        candidates = []
        if resources_key:
            candidates.append(data.get(f"{resources_key}_links"))
        candidates.append(data.get("links"))
        for links in candidates:
            if isinstance(links, dict):
                href = links.get("next")
                if href:
                    return str(href)
            elif isinstance(links, list):
                for link in links:
                    if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
                        return str(link["href"])
        top = data.get("next")
        if isinstance(top, str) and top:
            return top
        return None


class MarkerPagination(Pagination):
    """For services that page by ``marker``/``limit`` but send no links.

    A page shorter than ``limit`` is the last. Without a ``limit`` the service's own page
    size is unknown, so an empty page marks the end. The marker is the last item's
    ``id_key``, or what ``id_of(item)`` returns for items that identify themselves
    otherwise (Swift's listings: a ``name``, or a ``subdir`` for a pseudo-directory).
    An item without one raises InvalidResponse: stopping there would silently drop
    the rest of the listing.
    """

    def __init__(
        self,
        marker_key: str = "marker",
        id_key: str = "id",
        id_of: Callable[[Any], Any] | None = None,
    ) -> None:
        self.marker_key = marker_key
        self.id_key = id_key
        self.id_of = id_of

    def next_page(
        self,
        response: requests.Response,
        data: Any,
        items: Sequence[Any],
        params: Mapping[str, Any],
        resources_key: str | None,
    ) -> Params | None:
        if not items:
            return None
        limit = params.get("limit")
        if limit is not None and len(items) < int(limit):
            return None
        last = items[-1]
        if self.id_of is not None:
            marker = self.id_of(last)
        else:
            marker = last.get(self.id_key) if isinstance(last, dict) else None
        if marker is None or marker == "":
            from openstack_core.exceptions import InvalidResponse

            request = response.request
            where = f"{request.method} {request.url}" if request is not None else "a listing"
            raise InvalidResponse(
                f"{where}: the last item of the page has no {self.id_key!r} to continue "
                f"from ({_keys(last)}); give the resource's MarkerPagination an id_of= "
                "that finds the item's marker",
                response,
            )
        return {**params, self.marker_key: marker}


def _keys(item: Any) -> str:
    return f"keys {sorted(item)}" if isinstance(item, dict) else type(item).__name__


class OffsetPagination(Pagination):
    """For services that page with ``offset``/``limit``; a short page is the last."""

    def __init__(self, offset_key: str = "offset", limit_key: str = "limit") -> None:
        self.offset_key = offset_key
        self.limit_key = limit_key

    def next_page(
        self,
        response: requests.Response,
        data: Any,
        items: Sequence[Any],
        params: Mapping[str, Any],
        resources_key: str | None,
    ) -> Params | None:
        if not items:
            return None
        limit = params.get(self.limit_key)
        if limit is not None and len(items) < int(limit):
            return None
        offset = int(params.get(self.offset_key, 0)) + len(items)
        return {**params, self.offset_key: offset}
