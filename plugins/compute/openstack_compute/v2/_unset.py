"""The marker of an argument that was not given, shared by the Proxy and the Server."""

from __future__ import annotations

from typing import Final


class _Unset:
    """Marks an argument that was not given (``None`` has a meaning of its own)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()
