"""The JSON schemas Glance publishes under ``/v2/schemas/``, built from its attribute
lists (``_base``), so the fake validates and describes the same attributes."""

from __future__ import annotations

from typing import Any

from openstack_image.v2._fake._base import CONTAINER_FORMATS, DISK_FORMATS, VISIBILITIES


def _text(description: str, *, nullable: bool = False, read_only: bool = False) -> dict[str, Any]:
    prop: dict[str, Any] = {
        "type": ["null", "string"] if nullable else "string",
        "description": description,
    }
    if read_only:
        prop["readOnly"] = True
    return prop


_IMAGE_PROPERTIES: dict[str, Any] = {
    "id": {
        "type": "string",
        "description": "An identifier for the image",
        "pattern": "^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}"
        "-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$",
    },
    "name": {
        "type": ["null", "string"],
        "description": "Descriptive name for the image",
        "maxLength": 255,
    },
    "status": {
        "type": "string",
        "readOnly": True,
        "description": "Status of the image",
        "enum": [
            "queued",
            "saving",
            "active",
            "killed",
            "deleted",
            "uploading",
            "importing",
            "pending_delete",
            "deactivated",
        ],
    },
    "visibility": {
        "type": "string",
        "description": "Scope of image accessibility",
        "enum": VISIBILITIES,
    },
    "protected": {"type": "boolean", "description": "If true, image will not be deletable."},
    "os_hidden": {
        "type": "boolean",
        "description": "If true, image will not appear in default image list response.",
    },
    "checksum": {
        **_text("md5 hash of image contents.", nullable=True, read_only=True),
        "maxLength": 32,
    },
    "os_hash_algo": {
        **_text("Algorithm to calculate the os_hash_value", nullable=True, read_only=True),
        "maxLength": 64,
    },
    "os_hash_value": {
        **_text(
            "Hexdigest of the image contents using the algorithm specified by the os_hash_algo",
            nullable=True,
            read_only=True,
        ),
        "maxLength": 128,
    },
    "owner": {**_text("Owner of the image", nullable=True), "maxLength": 255},
    "size": {
        "type": ["null", "integer"],
        "readOnly": True,
        "description": "Size of image file in bytes",
    },
    "virtual_size": {
        "type": ["null", "integer"],
        "readOnly": True,
        "description": "Virtual size of image in bytes",
    },
    "container_format": {
        "type": ["null", "string"],
        "description": "Format of the container",
        "enum": [None, *CONTAINER_FORMATS],
    },
    "disk_format": {
        "type": ["null", "string"],
        "description": "Format of the disk",
        "enum": [None, *DISK_FORMATS],
    },
    "created_at": _text("Date and time of image registration", read_only=True),
    "updated_at": _text("Date and time of the last image modification", read_only=True),
    "tags": {
        "type": "array",
        "description": "List of strings related to the image",
        "items": {"type": "string", "maxLength": 255},
    },
    "direct_url": _text("URL to access the image file kept in external store", read_only=True),
    "min_ram": {"type": "integer", "description": "Amount of ram (in MB) required to boot image."},
    "min_disk": {
        "type": "integer",
        "description": "Amount of disk space (in GB) required to boot image.",
    },
    "self": _text("An image self url", read_only=True),
    "file": _text("An image file url", read_only=True),
    "stores": _text(
        "Store in which image data resides.  Only present when the operator has "
        "enabled multiple stores.  May be a comma-separated list of store "
        "identifiers.",
        read_only=True,
    ),
    "schema": _text("An image schema url", read_only=True),
    "locations": {
        "type": "array",
        "description": "A set of URLs to access the image file kept in external store",
        "items": {"type": "object"},
    },
}
_LINKS = [
    {"rel": "self", "href": "{self}"},
    {"rel": "enclosure", "href": "{file}"},
    {"rel": "describedby", "href": "{schema}"},
]
IMAGE = {
    "name": "image",
    "properties": _IMAGE_PROPERTIES,
    "additionalProperties": {"type": "string"},
    "links": _LINKS,
}


def _collection(name: str, item: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "properties": {
            name: {"type": "array", "items": item},
            "schema": {"type": "string"},
            "first": {"type": "string"},
            "next": {"type": "string"},
        },
        "links": [
            {"rel": "first", "href": "{first}"},
            {"rel": "next", "href": "{next}"},
            {"rel": "describedby", "href": "{schema}"},
        ],
    }


MEMBER = {
    "name": "member",
    "properties": {
        "member_id": {
            "type": "string",
            "description": "An identifier for the image member (tenantId)",
        },
        "image_id": _IMAGE_PROPERTIES["id"],
        "status": {
            "type": "string",
            "description": "The status of this image member",
            "enum": ["pending", "accepted", "rejected"],
        },
        "created_at": _text("Date and time of image member creation"),
        "updated_at": _text("Date and time of last modification of image member"),
        "schema": {"type": "string", "readOnly": True},
    },
}
TASK = {
    "name": "task",
    "properties": {
        "id": _IMAGE_PROPERTIES["id"],
        "type": {
            "type": "string",
            "description": "The type of task represented by this content",
            "enum": ["import", "api_image_import"],
        },
        "status": {
            "type": "string",
            "description": "The current status of this task",
            "enum": ["pending", "processing", "success", "failure"],
        },
        "input": {
            "type": ["null", "object"],
            "description": "The parameters required by task, JSON blob",
        },
        "result": {
            "type": ["null", "object"],
            "description": "The result of current task, JSON blob",
        },
        "owner": _text("An identifier for the owner of this task"),
        "message": _text(
            "Human-readable informative message only included when appropriate (usually on failure)"
        ),
        "image_id": _text("Image associated with the task", read_only=True),
        "request_id": _text("Human-readable informative request-id", read_only=True),
        "user_id": _text("User associated with the task", read_only=True),
        "expires_at": _text(
            "Datetime when this resource would be subject to removal", nullable=True
        ),
        "created_at": _text("Datetime when this resource was created"),
        "updated_at": _text("Datetime when this resource was updated"),
        "self": {"type": "string"},
        "schema": {"type": "string"},
    },
}
SCHEMAS = {
    "image": IMAGE,
    "images": _collection("images", {"type": "object", "properties": _IMAGE_PROPERTIES}),
    "member": MEMBER,
    "members": _collection("members", MEMBER),
    "task": TASK,
    "tasks": _collection("tasks", TASK),
}
