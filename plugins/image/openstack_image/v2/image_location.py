"""ImageLocation: where an image's data lives (``/v2/images/{id}/locations``)."""

from __future__ import annotations

from openstack_core import pagination, resource


class ImageLocation(resource.Resource):
    """A location of an image's data: a store URL and its metadata.

    Glance's location API (2.17): listing needs the ``service`` role under its default
    policy; adding one is for a service user (any configured store), or for a project
    member only when the cloud enables its ``http`` store. Adding is asynchronous: Glance
    answers 202 and a ``location_import`` task attaches the data (and hashes it) before
    the image becomes active.
    """

    # Glance answers a bare JSON list, all at once.
    resources_key = None
    base_path = "/images/%(image_id)s/locations"
    allow_create = allow_list = True
    pagination = pagination.NoPagination()
    _query_mapping = resource.QueryParameters(include_pagination_defaults=False)

    image_id = resource.URI("image_id")
    #: The data's URL in its store (``file:///...``, ``rbd://...``, ``http://...``).
    url = resource.Body("url", type=str)
    #: Hashes Glance checks the data against and records on the image (``os_hash_algo``,
    #: ``os_hash_value``); sent when adding only.
    validation_data = resource.Body("validation_data", type=dict)
    #: The store's metadata of the location, e.g. ``{"store": "fs"}``.
    metadata = resource.Body("metadata", type=dict)
