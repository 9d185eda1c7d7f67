"""Port interfaces of a server (``/servers/{server_id}/os-interface``)."""

from __future__ import annotations

from openstack_core import resource
from openstack_core.pagination import NoPagination


class ServerInterface(resource.Resource):
    """A port attached to a server; its id is the port id."""

    resource_key = "interfaceAttachment"
    resources_key = "interfaceAttachments"
    base_path = "/servers/%(server_id)s/os-interface"
    allow_create = allow_fetch = allow_delete = allow_list = True
    pagination = NoPagination()
    _query_mapping = resource.QueryParameters(include_pagination_defaults=False)
    _max_microversion = "2.70"

    #: The server's id (path parameter).
    server_id = resource.URI("server_id")
    #: ``[{"ip_address": ..., "subnet_id": ...}]``.
    fixed_ips = resource.Body("fixed_ips", type=list)
    #: The port's MAC address.
    mac_addr = resource.Body("mac_addr")
    #: The network id (give it, or port_id, on create).
    net_id = resource.Body("net_id")
    #: The port id; the resource's id.
    port_id = resource.Body("port_id", alternate_id=True)
    #: The port's state, e.g. ``ACTIVE``.
    port_state = resource.Body("port_state")
    #: Device tag (2.49 on create, shown since 2.70).
    tag = resource.Body("tag")
