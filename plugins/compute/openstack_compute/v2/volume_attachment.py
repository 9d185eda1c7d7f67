"""Volume attachments of a server (``/servers/{server_id}/os-volume_attachments``)."""

from __future__ import annotations

from openstack_core import resource


class VolumeAttachment(resource.Resource):
    """A volume attached to a server; its id is the volume id.

    Also the type of ``Server.attached_volumes`` items (``{"id": <volume id>, ...}``).
    Updating (``PUT``) swaps the volume or, since 2.85, changes
    ``delete_on_termination``.
    """

    resource_key = "volumeAttachment"
    resources_key = "volumeAttachments"
    base_path = "/servers/%(server_id)s/os-volume_attachments"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    _query_mapping = resource.QueryParameters("limit", "offset")
    _max_microversion = "2.89"

    #: The server's id (path parameter).
    server_id = resource.URI("server_id")
    #: The device name, e.g. ``/dev/vdb``.
    device = resource.Body("device")
    #: The attached volume's id; the resource's id when the body has no ``id``.
    volume_id = resource.Body("volumeId", alternate_id=True)
    #: The Cinder attachment id (2.89+).
    attachment_id = resource.Body("attachment_id")
    #: The block device mapping uuid (2.89+).
    bdm_id = resource.Body("bdm_uuid")
    #: Device tag (2.70+).
    tag = resource.Body("tag")
    #: Whether the volume is deleted with the server (2.79+).
    delete_on_termination = resource.Body("delete_on_termination", type=bool)
