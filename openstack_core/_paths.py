"""Resource paths: percent-encoding of segments and ``%(name)s`` path parameters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from openstack_core import exceptions

__all__ = ["path_params", "quote_segment", "render"]

_PATH_PARAM = re.compile(r"%\((\w+)\)s")


def quote_segment(value: object) -> str:
    """Percent-encode one path segment so that no value can leave its place in the URL.

    Slashes, ``?``, ``#`` and ``%`` are encoded. The dot segments ``.`` and ``..`` are
    refused: ``requests`` decodes ``%2E`` back to ``.``, and a dot segment would address
    the parent collection, so no encoding keeps them in place.
    """
    text = quote(str(value), safe="")
    if text in (".", ".."):
        raise exceptions.InvalidRequest(
            f"{value!r} cannot be used as a path segment: it would address the parent "
            "URL instead of a resource"
        )
    return text


def path_params(base_path: str) -> tuple[str, ...]:
    """The ``%(name)s`` parameters of a path, in order."""
    return tuple(_PATH_PARAM.findall(base_path))


def render(owner: str, base_path: str, uri: Mapping[str, Any] | None) -> str:
    """``base_path`` with its parameters filled in from ``uri``, each percent-encoded;
    a missing one raises InvalidRequest naming ``owner`` and the parameter."""
    values = {}
    for param in path_params(base_path):
        value = uri.get(param) if uri else None
        if value is None or value == "":
            raise exceptions.InvalidRequest(
                f"{owner} needs the path parameter {param!r} for {base_path!r}; pass {param}=..."
            )
        values[param] = quote_segment(value)
    return base_path % values if values else base_path
