"""Query filters of a Resource's list call: client names, server names, formatters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from openstack_core import exceptions

__all__ = ["QueryParameters", "csv"]


def csv(value: Any) -> str:
    """Query formatter for parameters that take a comma-separated list (e.g. tags)."""
    if isinstance(value, str):
        return value
    return ",".join(str(v) for v in value)


class QueryParameters:
    """The query filters a resource's list call accepts.

    Positional names are sent as they are; keyword arguments map a client name to the
    server's (``changes_since="changes-since"``) or to ``{"name": ..., "type": formatter}``
    (``tags={"name": "tags", "type": resource.csv}``). ``limit`` and ``marker`` are
    included unless ``include_pagination_defaults=False``.
    """

    __slots__ = ("_formatters", "_mapping")

    def __init__(
        self, *names: str, include_pagination_defaults: bool = True, **mappings: Any
    ) -> None:
        mapping: dict[str, str] = {}
        formatters: dict[str, Callable[[Any], Any]] = {}
        if include_pagination_defaults:
            mapping.update(limit="limit", marker="marker")
        for name in names:
            mapping[name] = name
        for client, server in mappings.items():
            if isinstance(server, dict):
                mapping[client] = server.get("name", client)
                if server.get("type") is not None:
                    formatters[client] = server["type"]
            else:
                mapping[client] = server
        self._mapping = mapping
        self._formatters = formatters

    @property
    def names(self) -> list[str]:
        """The client-side names of every accepted filter."""
        return sorted(self._mapping)

    def extend(self, *names: str, **mappings: Any) -> QueryParameters:
        """A copy with more filters; how subclasses add to their parent's filters."""
        new = QueryParameters(*names, include_pagination_defaults=False, **mappings)
        new._mapping = {**self._mapping, **new._mapping}
        new._formatters = {**self._formatters, **new._formatters}
        return new

    def transpose(
        self, query: Mapping[str, Any], owner: str, allow_unknown: bool = False
    ) -> dict[str, Any]:
        """Server-side query parameters for ``query``; ``None`` values are left out.

        Client or server names are accepted. An unknown filter raises
        :class:`~openstack_core.exceptions.InvalidResourceQuery` naming the valid ones.
        """
        result: dict[str, Any] = {}
        server_names = set(self._mapping.values())
        for key, value in query.items():
            if value is None:
                continue
            if key in self._mapping:
                formatter = self._formatters.get(key)
                result[self._mapping[key]] = formatter(value) if formatter else value
            elif key in server_names or allow_unknown:
                result[key] = value
            else:
                raise exceptions.InvalidResourceQuery(
                    f"{owner} has no query filter {key!r}; valid filters: {', '.join(self.names)}"
                )
        return result
