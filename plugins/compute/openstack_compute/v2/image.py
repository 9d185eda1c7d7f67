"""The image a server was booted from, as Nova shows it."""

from __future__ import annotations

from openstack_core import resource


class Image(resource.Resource):
    """An image reference in a server body (``{"id": ..., "links": [...]}``), and Nova's
    deprecated image proxy ``GET /images/{id}`` (microversion 2.35 at most).

    ``create_server_image(wait=True)`` polls the image proxy, so waiting for a snapshot
    works without the image service plugin. A server booted from a volume has ``image``
    set to ``""`` rather than an Image.
    """

    resource_key = "image"
    base_path = "/images"
    allow_fetch = True
    _max_microversion = "2.35"

    #: Links to the image in the image service.
    links = resource.Body("links", type=list)
    #: ``SAVING``, ``ACTIVE``, ``ERROR`` or ``DELETED``.
    status = resource.Body("status")
    #: Upload progress in percent.
    progress = resource.Body("progress", type=int)
    #: Minimum disk size in GiB to boot the image.
    min_disk = resource.Body("minDisk", type=int)
    #: Minimum RAM size in MiB to boot the image.
    min_ram = resource.Body("minRam", type=int)
    #: Image properties of a server's image (2.100+ in server bodies).
    properties = resource.Body("properties", type=dict)
    #: Image properties (image proxy).
    metadata = resource.Body("metadata", type=dict)
    #: Image size in bytes.
    size = resource.Body("OS-EXT-IMG-SIZE:size", type=int)
    #: When the image was created.
    created_at = resource.Body("created")
    #: When the image was last updated.
    updated_at = resource.Body("updated")
