"""Keeping secrets the caller passed out of the exceptions a call raises.

Keystone's error messages may repeat what they were given: ``Could not find token:
<token>`` for an unknown token, a schema error may quote a field. Calls that carry a
password, a secret or a token run inside :func:`hidden`, which re-raises an HTTP error
whose text holds one of them with ``***`` in its place and without the original
exception chained (a traceback would print its message).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from openstack_core import exceptions

__all__ = ["MASK", "hidden"]

MASK = "***"


def _mask(text: str | None, secrets: list[str]) -> str | None:
    if text is None:
        return None
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


@contextlib.contextmanager
def hidden(*values: object) -> Iterator[None]:
    """Within the block, an HttpException naming any of ``values`` (strings; others
    are ignored) is replaced by the same exception with them masked."""
    secrets = [v for v in values if isinstance(v, str) and v]
    try:
        yield
    except exceptions.HttpException as exc:
        if exc.response is None or not any(s in str(exc) for s in secrets):
            raise
        masked = exceptions.exception_from_response(
            exc.response,
            method=exc.method,
            url=_mask(exc.url, secrets),
            details=_mask(exc.details, secrets),
            cls=type(exc),
            error_code=exc.error_code,
        )
        raise masked from None
