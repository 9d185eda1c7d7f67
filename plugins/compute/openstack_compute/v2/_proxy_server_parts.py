"""Proxy methods for what hangs off a server: addresses, interfaces, metadata, tags,
security groups, volume attachments, the action log, migrations and consoles."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from openstack_compute.v2._proxy_servers import _security_group_name
from openstack_core import crud, exceptions, proxy, resource

if TYPE_CHECKING:
    from openstack_compute.v2.server import Server
    from openstack_compute.v2.server_action import ServerAction
    from openstack_compute.v2.server_interface import ServerInterface
    from openstack_compute.v2.server_ip import ServerIP
    from openstack_compute.v2.server_migration import ServerMigration
    from openstack_compute.v2.server_remote_console import ServerRemoteConsole
    from openstack_compute.v2.volume_attachment import VolumeAttachment
else:
    # Imported on first use: conn.compute imports none of the resource modules.
    Server = resource.lazy("openstack_compute.v2.server", "Server")
    ServerAction = resource.lazy("openstack_compute.v2.server_action", "ServerAction")
    ServerInterface = resource.lazy("openstack_compute.v2.server_interface", "ServerInterface")
    ServerIP = resource.lazy("openstack_compute.v2.server_ip", "ServerIP")
    ServerMigration = resource.lazy("openstack_compute.v2.server_migration", "ServerMigration")
    ServerRemoteConsole = resource.lazy(
        "openstack_compute.v2.server_remote_console", "ServerRemoteConsole"
    )
    VolumeAttachment = resource.lazy("openstack_compute.v2.volume_attachment", "VolumeAttachment")


def _parent_id(child: Any, parent: Any, name: str = "server_id") -> Any:
    """The parent server's id: from ``parent``, else from the child resource's URI."""
    if parent is not None:
        return resource.id_of(parent)
    if isinstance(child, resource.Resource) and child.get(name):
        return child[name]
    raise exceptions.InvalidRequest(
        f"the server is unknown: pass server=..., or a resource that carries {name}"
    )


class ServerPartsMethods(proxy.Proxy):
    """Sub-resources of servers."""

    # -- security groups ----------------------------------------------------------------

    def fetch_server_security_groups(self, server: str | Server) -> Server:
        """The server with ``security_groups`` loaded in full."""
        return self._get_resource(Server, server).fetch_security_groups(self)

    def add_security_group_to_server(self, server: str | Server, security_group: Any) -> None:
        """Add a security group (name, id, resource or dict with ``name``)."""
        name = _security_group_name(security_group)
        self._get_resource(Server, server).add_security_group(self, name)

    def remove_security_group_from_server(self, server: str | Server, security_group: Any) -> None:
        """Remove a security group (name, id, resource or dict with ``name``)."""
        name = _security_group_name(security_group)
        self._get_resource(Server, server).remove_security_group(self, name)

    # -- addresses and interfaces -------------------------------------------------------

    def server_ips(
        self, server: str | Server, network_label: str | None = None
    ) -> Iterator[ServerIP]:
        """Every address of the server, or those on ``network_label``."""
        return ServerIP.list(self, server_id=resource.id_of(server), network_label=network_label)

    #: The ports attached to the server.
    server_interfaces = crud.lister(ServerInterface, parent="server_id")
    #: Attach a port (``port_id``) or a new port on ``net_id`` (with ``fixed_ips``).
    create_server_interface = crud.creator(ServerInterface, parent="server_id")

    def get_server_interface(
        self, server_interface: str | ServerInterface, server: str | Server | None = None
    ) -> ServerInterface:
        """One attached port, by port id or ServerInterface."""
        server_id = _parent_id(server_interface, server)
        return self._get(
            ServerInterface, None, server_id=server_id, port_id=resource.id_of(server_interface)
        )

    def delete_server_interface(
        self,
        server_interface: str | ServerInterface,
        server: str | Server | None = None,
        ignore_missing: bool = True,
    ) -> None:
        """Detach a port; a missing one is ignored unless ``ignore_missing=False``."""
        server_id = _parent_id(server_interface, server)
        self._delete(
            ServerInterface,
            None,
            ignore_missing=ignore_missing,
            server_id=server_id,
            port_id=resource.id_of(server_interface),
        )

    # -- metadata and tags --------------------------------------------------------------

    def fetch_server_metadata(self, server: str | Server) -> Server:
        """The server with ``metadata`` loaded (``GET /servers/{id}/metadata``)."""
        return self._get_resource(Server, server).fetch_metadata(self)

    def get_server_metadata(self, server: str | Server) -> Server:
        """Deprecated openstacksdk name of :meth:`fetch_server_metadata`."""
        return self.fetch_server_metadata(server)

    def set_server_metadata(self, server: str | Server, **metadata: Any) -> Server:
        """Add or change metadata keys; other keys stay. ``metadata`` becomes the
        server's full metadata as Nova answers it."""
        return self._get_resource(Server, server).set_metadata(self, metadata=metadata)

    def delete_server_metadata(
        self, server: str | Server, keys: Iterable[str] | None = None
    ) -> None:
        """Delete the given keys (each must exist), or all metadata when ``keys`` is None."""
        res = self._get_resource(Server, server)
        if keys is None:
            res.delete_metadata(self)
            return
        for key in dict.fromkeys(keys):
            res.delete_metadata_item(self, key)

    def add_tag_to_server(self, server: str | Server, tag: str) -> None:
        """Add a tag (2.26)."""
        self._get_resource(Server, server).add_tag(self, tag)

    def remove_tag_from_server(self, server: str | Server, tag: str) -> None:
        """Remove a tag (2.26); a missing tag raises NotFoundException."""
        self._get_resource(Server, server).remove_tag(self, tag)

    def remove_tags_from_server(self, server: str | Server) -> None:
        """Remove every tag (2.26)."""
        self._get_resource(Server, server).remove_all_tags(self)

    # -- volume attachments -------------------------------------------------------------

    #: The volumes attached to the server.
    volume_attachments = crud.lister(VolumeAttachment, parent="server_id")

    def get_volume_attachment(self, server: str | Server, volume: Any) -> VolumeAttachment:
        """The attachment of ``volume`` (id or resource) to the server."""
        return self._get(
            VolumeAttachment, None, id=resource.id_of(volume), server_id=resource.id_of(server)
        )

    def create_volume_attachment(
        self, server: str | Server, volume: Any = None, **attrs: Any
    ) -> VolumeAttachment:
        """Attach ``volume``; ``attrs``: ``device``, ``tag``, ``delete_on_termination``."""
        if volume is None:
            volume = attrs.pop("volume_id", None) or attrs.pop("volumeId", None)
            if volume is None:
                raise TypeError("create_volume_attachment() missing 1 required argument: volume")
        return self._create(
            VolumeAttachment,
            server_id=resource.id_of(server),
            volume_id=resource.id_of(volume),
            **attrs,
        )

    def update_volume_attachment(
        self, server: str | Server, volume: Any, volume_id: str | None = None, **attrs: Any
    ) -> VolumeAttachment:
        """Swap the attached ``volume`` for ``volume_id``, or (2.85) change
        ``delete_on_termination`` keeping the volume."""
        current = resource.id_of(volume)
        return self._update(
            VolumeAttachment,
            None,
            id=current,
            server_id=resource.id_of(server),
            volume_id=volume_id or current,
            **attrs,
        )

    def delete_volume_attachment(
        self, server: str | Server, volume: Any, ignore_missing: bool = True
    ) -> None:
        """Detach ``volume`` from the server."""
        self._delete(
            VolumeAttachment,
            None,
            ignore_missing=ignore_missing,
            id=resource.id_of(volume),
            server_id=resource.id_of(server),
        )

    # -- action log, migrations, consoles -----------------------------------------------

    #: The server's action log (newest first).
    server_actions = crud.lister(ServerAction, parent="server_id")

    def get_server_action(
        self,
        server_action: str | ServerAction,
        server: str | Server,
        ignore_missing: bool = True,
    ) -> ServerAction:
        """One action with its events, by request id.

        ``ignore_missing`` is accepted for openstacksdk compatibility; a missing action
        raises NotFoundException, as it does there.
        """
        server_id = _parent_id(server_action, server)
        return self._get(
            ServerAction, None, server_id=server_id, request_id=resource.id_of(server_action)
        )

    def server_migrations(self, server: str | Server) -> Iterator[ServerMigration]:
        """The server's in-progress live migrations (admin, 2.23)."""
        return self._list(ServerMigration, server_id=resource.id_of(server))

    def get_server_migration(
        self,
        server_migration: str | ServerMigration,
        server: str | Server | None,
        ignore_missing: bool = True,
    ) -> ServerMigration:
        """One in-progress migration, by id or ServerMigration (a ServerMigration's own
        ``server_id`` is used when ``server`` is None).

        ``ignore_missing`` is accepted for openstacksdk compatibility; a missing
        migration raises NotFoundException, as it does there.
        """
        server_id = _parent_id(server_migration, server)
        return self._get(
            ServerMigration, None, id=resource.id_of(server_migration), server_id=server_id
        )

    def abort_server_migration(
        self,
        server_migration: str | ServerMigration,
        server: str | Server | None,
        ignore_missing: bool = True,
    ) -> None:
        """Abort an in-progress live migration (2.24); a missing one is ignored unless
        ``ignore_missing=False``."""
        self._delete(
            ServerMigration,
            None,
            ignore_missing=ignore_missing,
            id=resource.id_of(server_migration),
            server_id=_parent_id(server_migration, server),
        )

    def force_complete_server_migration(
        self, server_migration: str | ServerMigration, server: str | Server | None = None
    ) -> None:
        """Force an in-progress live migration to complete (2.22)."""
        res = ServerMigration.existing(
            id=resource.id_of(server_migration), server_id=_parent_id(server_migration, server)
        )
        res.force_complete(self)

    #: A console URL: ``type`` (``novnc``, ``serial``, ...) and optional ``protocol``.
    create_server_remote_console = crud.creator(ServerRemoteConsole, parent="server_id")
