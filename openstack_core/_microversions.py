"""Microversion negotiation, kept pure so every rule is unit-tested on its own."""

from __future__ import annotations

from keystoneauth1 import discover

from openstack_core.exceptions import NotSupported

Version = tuple[float, ...]


def parse(version: str | None) -> Version | None:
    """``"2.61"`` -> ``(2, 61)``; ``None`` and ``"latest"``-style markers stay ``None``."""
    if not version:
        return None
    return discover.normalize_version_number(version)


def to_string(version: Version) -> str:
    """``(2, 61)`` -> ``"2.61"``."""
    return discover.version_to_string(version)


def negotiate(
    *,
    client_max: str | None,
    server_min: Version | None,
    server_max: Version | None,
    required: str | None = None,
    pinned: str | None = None,
    what: str = "this call",
) -> str | None:
    """The microversion to send, or ``None`` to send no microversion header.

    ``client_max`` is the highest version the resource understands, ``server_min`` and
    ``server_max`` the range from the service's version discovery, ``required`` the lowest
    version the call needs and ``pinned`` a version the user configured
    (``<service>_default_microversion``), which wins when the server accepts it.
    """
    if server_max is None or server_max == (0, 0):
        if required:
            raise NotSupported(
                f"{what} needs microversion {required}, but the service announces no "
                "microversion support"
            )
        return None
    if pinned:
        chosen = parse(pinned)
    else:
        client = parse(client_max)
        if client is None:
            if not required:
                return None
            client = parse(required)
        assert client is not None
        chosen = min(client, server_max)
    assert chosen is not None
    needed = parse(required)
    if needed is not None and chosen < needed:
        raise NotSupported(
            f"{what} needs microversion {required}, but {to_string(chosen)} is the highest "
            f"available (server supports up to {to_string(server_max)}"
            + (f", pinned to {pinned}" if pinned else "")
            + ")"
        )
    if chosen > server_max or (server_min is not None and chosen < server_min):
        low = to_string(server_min) if server_min is not None else "?"
        raise NotSupported(
            f"{what}: microversion {to_string(chosen)} is outside the server's range "
            f"{low} to {to_string(server_max)}"
        )
    return to_string(chosen)


def at_least(microversion: str | None, wanted: str, base: str = "2.1") -> bool:
    """Whether the negotiated ``microversion`` is ``wanted`` or newer.

    ``None`` means no microversion header was sent, i.e. the service's ``base``
    version (Nova's 2.1 by default).
    """
    have = discover.normalize_version_number(microversion or base)
    return bool(have >= discover.normalize_version_number(wanted))
