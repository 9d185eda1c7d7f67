"""Whether a listing's next page makes progress: the guard against endless pagination."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["ProgressGuard"]

#: Empty pages in a row that still link to a next page before a listing gives up.
_MAX_EMPTY_PAGES = 5


class ProgressGuard:
    """Stops a listing whose next pages make no progress, instead of looping forever.

    A next page makes no progress when its query was already fetched, when the page
    repeats the items of an earlier page (same first and last item, same length: what
    a link that keeps its marker but changes another parameter, ``?marker=X&page=N``,
    gets), when an empty page links to a next page with the same marker, or after
    :data:`_MAX_EMPTY_PAGES` empty pages in a row that still link onwards. Comparing
    pages costs O(1) per page. A server inventing new items forever cannot be told from
    a long listing: ``max_items`` bounds that.
    """

    __slots__ = ("_empty", "_marker_key", "_pages", "_queries")

    def __init__(self, first: Mapping[str, Any], marker_key: str = "marker") -> None:
        # Queries already asked for, as sorted (key, str(value)) pairs: a link
        # repeating the first page (limit=1 sent as "1") is caught too.
        self._queries = {_query_key(first)}
        self._pages: set[tuple[int, Any, Any]] = set()
        self._empty = 0
        self._marker_key = marker_key

    def problem(
        self, query: Mapping[str, Any], following: Mapping[str, Any], items: Sequence[Any]
    ) -> str | None:
        """Why fetching ``following`` after this page (fetched with ``query``, holding
        ``items``) would make no progress, or None when it would."""
        key = _query_key(following)
        if following == query or key in self._queries:
            return "the server sent the same next page twice"
        self._queries.add(key)
        if items:
            self._empty = 0
            first, last = _item_key(items[0]), _item_key(items[-1])
            if first is None and last is None:
                return None  # items without ids or names: only the queries tell
            page = (len(items), first, last)
            if page in self._pages:
                return (
                    f"the page repeats the items of an earlier page ({first} to {last}) "
                    "under another next link"
                )
            self._pages.add(page)
            return None
        self._empty += 1
        marker = following.get(self._marker_key)
        if marker is not None and str(marker) == str(query.get(self._marker_key)):
            return "an empty page links to a next page with the same marker"
        if self._empty >= _MAX_EMPTY_PAGES:
            return f"{self._empty} empty pages in a row still link to a next page"
        return None


def _query_key(query: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, str(v)) for k, v in query.items()))


def _item_key(item: Any) -> Any:
    """What identifies a raw item: its id, else its name (Swift's objects), else None."""
    if isinstance(item, dict):
        value = item.get("id", item.get("name"))
        return value if isinstance(value, (str, int)) else None
    return item if isinstance(item, (str, int)) else None
