"""The Schema resources: ``/v2/schemas/{images,image,members,member,tasks,task}`` and
the metadata definition schemas under ``/v2/schemas/metadefs/``."""

from __future__ import annotations

from openstack_core import resource


class Schema(resource.Resource):
    """A JSON schema Glance publishes for one of its documents."""

    base_path = "/schemas"
    allow_fetch = True
    requires_id = False

    properties = resource.Body("properties", type=dict)
    additional_properties = resource.Body("additionalProperties")
    links = resource.Body("links", type=list)
    required = resource.Body("required", type=list)


class MetadefSchema(resource.Resource):
    """The JSON schema of a metadata definition document (namespace, object, ...)."""

    base_path = "/schemas/metadefs"
    allow_fetch = True
    requires_id = False

    #: Whether documents may hold keys the schema does not name: a boolean, or the
    #: schema such keys must follow (JSON Schema allows both).
    additional_properties = resource.Body("additionalProperties")
    #: Shared sub-schemas (``positiveInteger``, ``stringArray``, ...).
    definitions = resource.Body("definitions", type=dict)
    required = resource.Body("required", type=list)
    properties = resource.Body("properties", type=dict)
    links = resource.Body("links", type=list)
