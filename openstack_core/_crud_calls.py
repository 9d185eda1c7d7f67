"""The call shapes of declared CRUD methods, as type checkers see them.

``crud.getter(Network)`` is a ``Method[GetCall[Network]]``: on an instance its
``__get__`` returns something callable as ``GetCall`` describes, so
``conn.network.get_network("id")`` is a ``Network`` to mypy and pyright.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol, TypeVar

from openstack_core._resource import Resource

R_co = TypeVar("R_co", bound=Resource, covariant=True)


class ListCall(Protocol[R_co]):
    """``xs(**query)``."""

    def __call__(self, *, base_path: str | None = ..., **query: Any) -> Iterator[R_co]: ...


class ChildListCall(Protocol[R_co]):
    """``xs(parent, **query)``."""

    def __call__(
        self, parent: Any, /, *, base_path: str | None = ..., **query: Any
    ) -> Iterator[R_co]: ...


class GetCall(Protocol[R_co]):
    """``get_x(x)``."""

    def __call__(self, value: Any, /, *, base_path: str | None = ...) -> R_co: ...


class GetFieldsCall(Protocol[R_co]):
    """``get_x(x, *, fields=None)``: Neutron's field selection."""

    def __call__(
        self, value: Any, /, *, fields: Sequence[str] | None = ..., base_path: str | None = ...
    ) -> R_co: ...


class ChildGetCall(Protocol[R_co]):
    """``get_x(x, parent)``."""

    def __call__(self, value: Any, parent: Any, /, *, base_path: str | None = ...) -> R_co: ...


class FindCall(Protocol[R_co]):
    """``find_x(name_or_id, ignore_missing=True, **query)``."""

    def __call__(
        self, name_or_id: str, /, ignore_missing: bool = ..., **query: Any
    ) -> R_co | None: ...


class ChildFindCall(Protocol[R_co]):
    """``find_x(name_or_id, parent, ignore_missing=True, **query)``."""

    def __call__(
        self, name_or_id: str, parent: Any, /, ignore_missing: bool = ..., **query: Any
    ) -> R_co | None: ...


class CreateCall(Protocol[R_co]):
    """``create_x(**attrs)``."""

    def __call__(self, *, base_path: str | None = ..., **attrs: Any) -> R_co: ...


class ChildCreateCall(Protocol[R_co]):
    """``create_x(parent, **attrs)``."""

    def __call__(self, parent: Any, /, *, base_path: str | None = ..., **attrs: Any) -> R_co: ...


class UpdateCall(Protocol[R_co]):
    """``update_x(x, **attrs)``."""

    def __call__(self, value: Any, /, *, base_path: str | None = ..., **attrs: Any) -> R_co: ...


class ChildUpdateCall(Protocol[R_co]):
    """``update_x(x, parent, **attrs)``."""

    def __call__(
        self, value: Any, parent: Any, /, *, base_path: str | None = ..., **attrs: Any
    ) -> R_co: ...


class DeleteCall(Protocol):
    """``delete_x(x, ignore_missing=True)``."""

    def __call__(self, value: Any, /, ignore_missing: bool = ..., **kwargs: Any) -> None: ...


class ChildDeleteCall(Protocol):
    """``delete_x(x, parent, ignore_missing=True)``."""

    def __call__(
        self, value: Any, parent: Any, /, ignore_missing: bool = ..., **kwargs: Any
    ) -> None: ...
