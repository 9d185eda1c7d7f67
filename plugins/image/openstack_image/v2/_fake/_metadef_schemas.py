"""The JSON schemas of the metadata definitions, ``/v2/schemas/metadefs/<name>``, as
Glance publishes them: a document's schema and its collection's."""

from __future__ import annotations

from typing import Any

_TYPES = ["array", "boolean", "integer", "number", "object", "string", None]
_READ_ONLY_TIME = {"type": "string", "readOnly": True, "format": "date-time"}
_READ_ONLY = {"type": "string", "readOnly": True}

#: The shared sub-schemas (Glance's ``get_schema_definitions``).
PROPERTY_FIELDS: dict[str, Any] = {
    "name": {"type": "string", "maxLength": 80},
    "title": {"type": "string"},
    "description": {"type": "string"},
    "operators": {"type": "array", "items": {"type": "string"}},
    "type": {"type": "string", "enum": _TYPES},
    "required": {"$ref": "#/definitions/stringArray"},
    "minimum": {"type": "number"},
    "maximum": {"type": "number"},
    "maxLength": {"$ref": "#/definitions/positiveInteger"},
    "minLength": {"$ref": "#/definitions/positiveIntegerDefault0"},
    "pattern": {"type": "string", "format": "regex"},
    "enum": {"type": "array"},
    "readonly": {"type": "boolean"},
    "default": {},
    "items": {
        "type": "object",
        "properties": {"type": {"type": "string", "enum": _TYPES}, "enum": {"type": "array"}},
    },
    "maxItems": {"$ref": "#/definitions/positiveInteger"},
    "minItems": {"$ref": "#/definitions/positiveIntegerDefault0"},
    "uniqueItems": {"type": "boolean", "default": False},
    "additionalItems": {"type": "boolean"},
}
DEFINITIONS: dict[str, Any] = {
    "positiveInteger": {"type": "integer", "minimum": 0},
    "positiveIntegerDefault0": {
        "allOf": [{"$ref": "#/definitions/positiveInteger"}, {"default": 0}]
    },
    "stringArray": {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    "property": {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "required": ["title", "type"],
            "properties": PROPERTY_FIELDS,
        },
    },
}


def _document(name: str, properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "name": name,
        "properties": properties,
        "additionalProperties": False,
        "definitions": DEFINITIONS,
        "required": required,
    }


def _collection(name: str, item: dict[str, Any], *, mapping: bool = False) -> dict[str, Any]:
    members: dict[str, Any] = (
        {"type": "object", "additionalProperties": item}
        if mapping
        else {"type": "array", "items": item}
    )
    return {
        "name": name,
        "properties": {
            name: members,
            "first": {"type": "string"},
            "next": {"type": "string"},
            "schema": {"type": "string"},
        },
        "links": [
            {"rel": "first", "href": "{first}"},
            {"rel": "next", "href": "{next}"},
            {"rel": "describedby", "href": "{schema}"},
        ],
        "definitions": DEFINITIONS,
    }


def _item(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "definitions"}


_NAMESPACE = _document(
    "namespace",
    {
        "namespace": {"type": "string", "maxLength": 80},
        "display_name": {"type": "string", "maxLength": 80},
        "description": {"type": "string", "maxLength": 500},
        "visibility": {"type": "string", "enum": ["public", "private"]},
        "protected": {"type": "boolean"},
        "owner": {"type": "string", "maxLength": 255},
        "created_at": _READ_ONLY_TIME,
        "updated_at": _READ_ONLY_TIME,
        "schema": _READ_ONLY,
        "self": _READ_ONLY,
        "resource_type_associations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "prefix": {"type": "string"},
                    "properties_target": {"type": "string"},
                },
            },
        },
        "properties": {"$ref": "#/definitions/property"},
        "objects": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                    "required": {"$ref": "#/definitions/stringArray"},
                    "properties": {"$ref": "#/definitions/property"},
                },
            },
        },
        "tags": {
            "type": "array",
            "items": {"type": "object", "properties": {"name": {"type": "string"}}},
        },
    },
    ["namespace"],
)
_OBJECT = _document(
    "object",
    {
        "name": {"type": "string", "maxLength": 80},
        "description": {"type": "string"},
        "required": {"$ref": "#/definitions/stringArray"},
        "properties": {"$ref": "#/definitions/property"},
        "schema": _READ_ONLY,
        "self": _READ_ONLY,
        "created_at": _READ_ONLY_TIME,
        "updated_at": _READ_ONLY_TIME,
    },
    ["name"],
)
_PROPERTY = _document("property", PROPERTY_FIELDS, ["name", "title", "type"])
_ASSOCIATION = _document(
    "resource_type_association",
    {
        "name": {"type": "string", "maxLength": 80},
        "prefix": {"type": "string", "maxLength": 80},
        "properties_target": {"type": "string", "maxLength": 80},
        "created_at": _READ_ONLY_TIME,
        "updated_at": _READ_ONLY_TIME,
    },
    ["name"],
)
_TAG = _document(
    "tag",
    {
        "name": {"type": "string", "maxLength": 255},
        "created_at": _READ_ONLY_TIME,
        "updated_at": _READ_ONLY_TIME,
    },
    ["name"],
)

#: By the last segment of ``/v2/schemas/metadefs/<name>``.
METADEF_SCHEMAS: dict[str, dict[str, Any]] = {
    "namespace": _NAMESPACE,
    "namespaces": _collection("namespaces", _item(_NAMESPACE)),
    "object": _OBJECT,
    "objects": _collection("objects", _item(_OBJECT)),
    "property": _PROPERTY,
    "properties": _collection(
        "properties", {**_item(_PROPERTY), "required": ["title", "type"]}, mapping=True
    ),
    "resource_type": _ASSOCIATION,
    "resource_types": _collection("resource_type_associations", _item(_ASSOCIATION)),
    "tag": _TAG,
    "tags": _collection("tags", _item(_TAG)),
}
