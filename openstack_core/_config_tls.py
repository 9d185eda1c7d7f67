"""TLS settings of a cloud: ``verify``, ``cacert``, ``cert`` and ``key`` as requests'
``verify`` and ``cert``.

``verify`` is a bool (or ``true``/``false``/``yes``/``no``/``on``/``off``/``1``/``0``) or,
like requests' ``verify``, the path of a CA bundle; ``cacert`` (a CA bundle) wins over a
``verify`` path. Every path gets ``~`` expanded and must exist, so a typo never turns
verification off; errors name the key and where it was set.
"""

from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openstack_core._config import _Origins

__all__ = ["existing_path", "take_cert", "take_verify"]


def existing_path(
    origins: _Origins, key: str, value: Any, what: str, *, file: bool, hint: str = ""
) -> str:
    """``value`` with ``~`` expanded; it must name an existing file (or directory)."""
    if not isinstance(value, str):
        raise origins.error(key, f"expected the path of {what}, got {type(value).__name__}")
    path = os.path.expanduser(value)
    if not (os.path.isfile(path) if file else os.path.exists(path)):
        shown = value if path == value else f"{value} ({path})"
        raise origins.error(key, f"{what} {shown} does not exist{hint}")
    return path


def take_verify(values: dict[str, Any], origins: _Origins) -> bool | str:
    """``verify`` and ``cacert`` as requests' ``verify``: a bool or a CA bundle path."""
    raw_verify = values.pop("verify", True)
    verify: bool | str
    from openstack_core._config import _as_bool, cloud_label

    as_bool = _as_bool(raw_verify)
    if as_bool is not None:
        verify = as_bool
    elif raw_verify in (None, ""):
        verify = True
    elif isinstance(raw_verify, str):
        verify = existing_path(
            origins,
            "verify",
            raw_verify,
            "the CA bundle",
            file=False,
            hint="; verify is true, false or the path of a CA bundle",
        )
    else:
        raise origins.error(
            "verify", f"expected true, false or the path of a CA bundle, got {raw_verify!r}"
        )
    cacert = values.pop("cacert", None)
    if cacert not in (None, ""):
        ca_path = existing_path(origins, "cacert", cacert, "the CA bundle", file=False)
        if verify is False:
            warnings.warn(
                f"{cloud_label(origins.cloud)}: cacert {ca_path} is ignored because verify is "
                "false (or insecure is true): server certificates are not checked",
                stacklevel=5,
            )
        else:
            verify = ca_path
    return verify


def take_cert(values: dict[str, Any], origins: _Origins) -> str | tuple[str, str] | None:
    """``cert`` and ``key`` as requests' ``cert``."""
    raw_cert = values.pop("cert", None)
    raw_key = values.pop("key", None)
    if raw_cert in (None, ""):
        if raw_key not in (None, ""):
            raise origins.error(
                "key", "a client key is set but cert (the client certificate) is not; set cert too"
            )
        return None
    cert = existing_path(origins, "cert", raw_cert, "the client certificate", file=True)
    if raw_key in (None, ""):
        return cert
    return cert, existing_path(origins, "key", raw_key, "the client key", file=True)
