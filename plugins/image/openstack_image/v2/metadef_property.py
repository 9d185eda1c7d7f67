"""MetadefProperty: a property definition of a metadata definition namespace."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import islice
from typing import TYPE_CHECKING, Any

from openstack_core import exceptions, pagination, resource
from openstack_image.v2._metadef import ReplacedOnUpdate

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy


def _number(value: Any) -> int | float:
    """A JSON number as it came: an int stays an int, a float a float."""
    return value if isinstance(value, (int, float)) else float(value)


def _matches(wanted: Any, actual: Any) -> bool:
    """Whether ``actual`` has ``wanted``; for a dict, every key of ``wanted`` (nested)."""
    if isinstance(wanted, Mapping):
        return isinstance(actual, Mapping) and all(
            _matches(value, actual.get(key)) for key, value in wanted.items()
        )
    return bool(wanted == actual)


class MetadefProperty(ReplacedOnUpdate):
    """A property definition: the name, type and constraints of one metadata key
    (``/v2/metadefs/namespaces/{namespace}/properties/{name}``).

    openstacksdk's ``items`` (the JSON schema of an array's items) is
    :attr:`items_schema` here, since ``items()`` is the Mapping method every Resource
    has; ``prop["items"]`` reads it too.
    """

    resources_key = "properties"
    base_path = "/metadefs/namespaces/%(namespace_name)s/properties"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    # Glance answers every property at once, as a mapping by name (see extract_list).
    pagination = pagination.NoPagination()
    _query_mapping = resource.QueryParameters(include_pagination_defaults=False)
    replaced_keys = (
        "name",
        "type",
        "title",
        "description",
        "operators",
        "default",
        "readonly",
        "minimum",
        "maximum",
        "enum",
        "pattern",
        "minLength",
        "maxLength",
        "items",
        "uniqueItems",
        "minItems",
        "maxItems",
        "additionalItems",
    )

    #: The name of the namespace.
    namespace_name = resource.URI("namespace_name")
    #: The property's name, which identifies it in its namespace.
    name = resource.Body("name", type=str, alternate_id=True)
    #: The JSON type: ``string``, ``integer``, ``number``, ``boolean`` or ``array``.
    type = resource.Body("type", type=str)
    title = resource.Body("title", type=str)
    description = resource.Body("description", type=str)
    #: How several values combine, e.g. ``["<or>"]``.
    operators = resource.Body("operators", type=list, list_type=str)
    #: The default value, of the property's type.
    default = resource.Body("default")
    is_readonly = resource.Body("readonly", type=bool)
    minimum = resource.Body("minimum", type=_number)
    maximum = resource.Body("maximum", type=_number)
    enum = resource.Body("enum", type=list)
    pattern = resource.Body("pattern", type=str)
    min_length = resource.Body("minLength", type=int)
    max_length = resource.Body("maxLength", type=int)
    #: The schema of an array's items (openstacksdk's ``items``).
    items_schema = resource.Body("items", type=dict)
    require_unique_items = resource.Body("uniqueItems", type=bool)
    min_items = resource.Body("minItems", type=int)
    max_items = resource.Body("maxItems", type=int)
    allow_additional_items = resource.Body("additionalItems", type=bool)

    @classmethod
    def extract_list(cls, data: Any) -> list[Any]:
        """Glance lists properties as ``{"properties": {name: definition}}``."""
        found = data.get("properties") if isinstance(data, dict) else None
        if not isinstance(found, dict):
            raise exceptions.InvalidResponse(
                "MetadefProperty list: expected {'properties': {name: definition}}, "
                f"got {type(found).__name__}"
            )
        return [{**definition, "name": name} for name, definition in found.items()]

    @classmethod
    def list(
        cls, proxy: Proxy, *args: Any, max_items: int | None = None, **params: Any
    ) -> Iterator[MetadefProperty]:
        """Every property of the namespace; other keywords filter on attributes.

        Glance takes no filters here, so as in openstacksdk an attribute given as a
        keyword (``type="string"``, ``is_readonly=True``; a dict matches the keys it
        names, ``items_schema={"type": "string"}``) keeps the properties that have it.
        ``max_items`` is the number of properties yielded at most, as for every list.
        """
        wanted = {
            key: params.pop(key)
            for key in list(params)
            if isinstance(getattr(cls, key, None), resource.Body)
        }
        if not wanted:
            return super().list(proxy, *args, max_items=max_items, **params)
        found = super().list(proxy, *args, **params)
        kept = (p for p in found if all(_matches(v, getattr(p, k)) for k, v in wanted.items()))
        return islice(kept, max_items)
