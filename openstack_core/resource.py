"""Declarative REST resources: the building block of every service plugin.

A Resource subclass declares where it lives and what it holds::

    class Flavor(resource.Resource):
        resource_key = "flavor"
        resources_key = "flavors"
        base_path = "/flavors"
        allow_create = allow_fetch = allow_delete = allow_list = True
        _query_mapping = resource.QueryParameters("sort_key", is_public="is_public")
        _max_microversion = "2.61"

        name = resource.Body("name", type=str)
        is_public = resource.Body("os-flavor-access:is_public", type=bool)

An instance wraps the decoded JSON dict of the server's answer and converts a value only
when the attribute is read, so building one costs about as much as keeping the dict.
Everything that depends only on the class (field tables, path parameters, checks) is
computed once, when the class is defined, and a badly declared class raises
``TypeError`` right there. This module is the public face; the implementation lives in
private modules (fields, queries, paths, the declaration, the HTTP operations, waits).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openstack_core._fields import REMOVE, URI, Body, Computed, Header, HeaderDict
from openstack_core._lazy import lazy
from openstack_core._microversions import at_least
from openstack_core._paths import quote_segment
from openstack_core._query import QueryParameters, csv
from openstack_core._resource import Resource, decode_json
from openstack_core._waiters import poll, wait_for_delete, wait_for_status

__all__ = [
    "REMOVE",
    "URI",
    "Body",
    "Computed",
    "Header",
    "HeaderDict",
    "QueryParameters",
    "Resource",
    "at_least",
    "csv",
    "decode_json",
    "id_of",
    "lazy",
    "poll",
    "quote_segment",
    "wait_for_delete",
    "wait_for_status",
]


def id_of(value: Any) -> Any:
    """The id of a Resource, of a dict with an ``"id"``, or the value itself (an id)."""
    if isinstance(value, Resource):
        return value.id
    if isinstance(value, Mapping):
        return value.get("id")
    return value
