"""Proxy methods for servers: CRUD, waiting and the server actions."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from openstack_compute.v2._unset import UNSET
from openstack_core import crud, exceptions, proxy, resource

if TYPE_CHECKING:
    from openstack_compute.v2.image import Image
    from openstack_compute.v2.server import Server
else:
    # Imported on first use: conn.compute imports none of the resource modules.
    Image = resource.lazy("openstack_compute.v2.image", "Image")
    Server = resource.lazy("openstack_compute.v2.server", "Server")


def encode_user_data(value: Any) -> str | None:
    """``user_data`` as Nova wants it: base64 text.

    Bytes, and text that is not already valid base64, are encoded; base64 text (what
    openstacksdk's proxy layer expects callers to pass) is sent unchanged.
    """
    if value is None:
        return None
    if isinstance(value, str):
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            return base64.b64encode(value.encode("utf-8")).decode("ascii")
        return value
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise exceptions.InvalidRequest(f"user_data must be str or bytes, not {type(value).__name__}")


def _security_group_name(value: Any) -> str:
    """A security group's name (Nova takes names; an id also works with Neutron)."""
    if isinstance(value, dict):
        return str(value.get("name") or value.get("id"))
    name = getattr(value, "name", None) or getattr(value, "id", None)
    return str(name if name is not None else value)


class ServerMethods(proxy.Proxy):
    """Servers: ``servers``, ``create_server``, ``reboot_server``, ..."""

    # -- CRUD ---------------------------------------------------------------------------

    def servers(
        self, details: bool = True, all_projects: bool = False, **query: Any
    ) -> Iterator[Server]:
        """Iterate over servers: ``/servers/detail`` (full bodies) or, with
        ``details=False``, ``/servers`` (ids, names, links).

        ``query`` takes Server's filters (``name``, ``status``, ``changes_since``,
        ``tags``, ...), ``limit`` (page size) and ``max_items`` (total).
        """
        if all_projects:
            query["all_projects"] = True
        base_path = "/servers/detail" if details else None
        return self._list(Server, base_path=base_path, **query)

    get_server = crud.getter(Server)

    def find_server(
        self,
        name_or_id: str,
        ignore_missing: bool = True,
        *,
        details: bool = True,
        all_projects: bool = False,
    ) -> Server | None:
        """The server whose id, or else exact name, is ``name_or_id``.

        Nova's ``name`` filter is a regular expression, so the listing is narrowed to
        exact matches; several raise DuplicateResource.
        """
        try:
            return self._get(Server, name_or_id)
        except exceptions.NotFoundException:
            pass
        query: dict[str, Any] = {"name": name_or_id}
        if all_projects:
            query["all_projects"] = True
        matches = [
            s for s in self.servers(details=details, **query) if name_or_id in (s.id, s.name)
        ]
        return Server.pick_match(matches, name_or_id, ignore_missing)

    def create_server(self, **attrs: Any) -> Server:
        """Boot a server from Server attributes.

        ``flavor`` and ``image`` may be ids or resources (sent as ``flavorRef`` and
        ``imageRef``, like ``flavor_id`` / ``image_id``); ``networks`` a list of
        ``{"uuid"|"port"|"fixed_ip": ...}`` or ``"auto"`` / ``"none"``;
        ``security_groups`` names or ``{"name": ...}``; ``user_data`` text or bytes
        (base64-encoded unless it already is); ``scheduler_hints`` a dict.
        """
        for name, ref in (("flavor", "flavor_id"), ("image", "image_id")):
            if name in attrs:
                value = attrs.pop(name)
                # image=None means boot from volume: Nova refuses an imageRef of null.
                if value is not None:
                    attrs.setdefault(ref, resource.id_of(value))
        if "block_device_mapping_v2" in attrs:
            attrs["block_device_mapping"] = attrs.pop("block_device_mapping_v2")
        if attrs.get("user_data") is not None:
            attrs["user_data"] = encode_user_data(attrs["user_data"])
        groups = attrs.get("security_groups")
        if groups is not None:
            attrs["security_groups"] = [
                g if isinstance(g, dict) else {"name": _security_group_name(g)} for g in groups
            ]
        return self._create(Server, **attrs)

    #: Change ``name``, ``description``, ``access_ipv4``/``access_ipv6`` or ``hostname``
    #: (2.90).
    update_server = crud.updater(Server)

    def delete_server(
        self, server: str | Server, ignore_missing: bool = True, force: bool = False
    ) -> None:
        """Delete a server; ``force=True`` force-deletes a soft-deleted one.

        A missing server is ignored unless ``ignore_missing=False``, with or without
        ``force``.
        """
        if not force:
            self._delete(Server, server, ignore_missing=ignore_missing)
            return
        try:
            self._get_resource(Server, server).force_delete(self)
        except exceptions.NotFoundException:
            if not ignore_missing:
                raise

    def wait_for_server(
        self,
        server: Server,
        status: str = "ACTIVE",
        failures: list[str] | None = None,
        interval: float | None = 2,
        wait: float | None = 120,
        callback: Callable[[Any], None] | None = None,
    ) -> Server:
        """Poll until ``server`` has ``status``; ResourceFailure on ``ERROR``,
        ResourceTimeout after ``wait`` seconds."""
        failures = ["ERROR"] if failures is None else failures
        return self._wait_for_status(server, status, failures, interval, wait, callback=callback)

    # -- actions ------------------------------------------------------------------------

    def _server(self, server: str | Server) -> Server:
        return self._get_resource(Server, server)

    def change_server_password(self, server: str | Server, new_password: str) -> None:
        """Set the server's administrator password."""
        self._server(server).change_password(self, new_password)

    def get_server_password(self, server: str | Server) -> str | None:
        """The password the guest encrypted with the keypair's key."""
        return self._server(server).get_password(self)

    def clear_server_password(self, server: str | Server) -> None:
        """Forget the encrypted password the guest set (``DELETE .../os-server-password``)."""
        self._server(server).clear_password(self)

    def reset_server_state(self, server: str | Server, state: str) -> None:
        """Reset the state (admin): ``active`` or ``error``."""
        self._server(server).reset_state(self, state)

    def reboot_server(self, server: str | Server, reboot_type: str) -> None:
        """Reboot: ``SOFT`` or ``HARD``."""
        self._server(server).reboot(self, reboot_type)

    def rebuild_server(self, server: str | Server, image: Any, **attrs: Any) -> Server:
        """Rebuild from ``image``; ``attrs`` as :meth:`Server.rebuild` (``name``,
        ``admin_password``, ``metadata``, ``key_name``, ...)."""
        if attrs.get("user_data") is not None:
            attrs["user_data"] = encode_user_data(attrs["user_data"])
        return self._server(server).rebuild(self, image=image, **attrs)

    def resize_server(self, server: str | Server, flavor: Any) -> None:
        """Resize to ``flavor`` (id or Flavor)."""
        self._server(server).resize(self, resource.id_of(flavor))

    def confirm_server_resize(self, server: str | Server) -> None:
        """Confirm a resize."""
        self._server(server).confirm_resize(self)

    def revert_server_resize(self, server: str | Server) -> None:
        """Revert a resize."""
        self._server(server).revert_resize(self)

    def _image_result(self, image_id: str, wait: bool, timeout: float) -> Image:
        image = self._get(Image, image_id)
        if wait:
            image = self._wait_for_status(image, "ACTIVE", ["ERROR", "DELETED"], wait=timeout)
        return image

    def create_server_image(
        self,
        server: str | Server,
        name: str,
        metadata: dict[str, str] | None = None,
        wait: bool = False,
        timeout: float = 120,
    ) -> Image:
        """Snapshot the server; ``wait=True`` polls until the image is ``ACTIVE``.

        The image is read through Nova's image proxy (microversion 2.35), so this works
        without the image service plugin.
        """
        image_id = self._server(server).create_image(self, name, metadata)
        return self._image_result(image_id, wait, timeout)

    def backup_server(
        self,
        server: str | Server,
        name: str,
        backup_type: str,
        rotation: int,
        *,
        wait: bool = False,
        timeout: float = 120,
    ) -> Image:
        """Back up the server, keeping ``rotation`` backups of ``backup_type``."""
        image_id = self._server(server).backup(self, name, backup_type, rotation)
        return self._image_result(image_id, wait, timeout)

    def pause_server(self, server: str | Server) -> None:
        """Pause a server."""
        self._server(server).pause(self)

    def unpause_server(self, server: str | Server) -> None:
        """Unpause a server."""
        self._server(server).unpause(self)

    def suspend_server(self, server: str | Server) -> None:
        """Suspend a server."""
        self._server(server).suspend(self)

    def resume_server(self, server: str | Server) -> None:
        """Resume a suspended server."""
        self._server(server).resume(self)

    def lock_server(self, server: str | Server, locked_reason: str | None = None) -> None:
        """Lock a server; ``locked_reason`` needs microversion 2.73."""
        self._server(server).lock(self, locked_reason=locked_reason)

    def unlock_server(self, server: str | Server) -> None:
        """Unlock a server."""
        self._server(server).unlock(self)

    def rescue_server(
        self, server: str | Server, admin_pass: str | None = None, image: Any = None
    ) -> None:
        """Boot into rescue mode, optionally from ``image``."""
        self._server(server).rescue(self, admin_pass=admin_pass, image=image)

    def unrescue_server(self, server: str | Server) -> None:
        """Leave rescue mode."""
        self._server(server).unrescue(self)

    def evacuate_server(
        self,
        server: str | Server,
        host: str | None = None,
        admin_pass: str | None = None,
        force: bool | None = None,
        *,
        on_shared_storage: bool | None = None,
    ) -> None:
        """Rebuild a server of a failed host elsewhere (admin)."""
        self._server(server).evacuate(
            self, host=host, admin_pass=admin_pass, force=force, on_shared_storage=on_shared_storage
        )

    def start_server(self, server: str | Server) -> None:
        """Start a stopped server."""
        self._server(server).start(self)

    def stop_server(self, server: str | Server) -> None:
        """Stop a server."""
        self._server(server).stop(self)

    def restore_server(self, server: str | Server) -> None:
        """Restore a soft-deleted server."""
        self._server(server).restore(self)

    def shelve_server(self, server: str | Server) -> None:
        """Shelve a server."""
        self._server(server).shelve(self)

    def shelve_offload_server(self, server: str | Server) -> None:
        """Offload a shelved server."""
        self._server(server).shelve_offload(self)

    def unshelve_server(
        self, server: str | Server, *, host: str | None = None, availability_zone: Any = UNSET
    ) -> None:
        """Unshelve, optionally to ``availability_zone`` (2.77) or ``host`` (2.91)."""
        self._server(server).unshelve(self, availability_zone=availability_zone, host=host)

    def trigger_server_crash_dump(self, server: str | Server) -> None:
        """Trigger a crash dump (2.17)."""
        self._server(server).trigger_crash_dump(self)

    def migrate_server(self, server: str | Server, *, host: str | None = None) -> None:
        """Cold-migrate (admin); ``host`` needs microversion 2.56."""
        self._server(server).migrate(self, host=host)

    def live_migrate_server(
        self,
        server: str | Server,
        host: str | None = None,
        force: bool = False,
        block_migration: bool | str | None = None,
        disk_over_commit: bool | None = None,
    ) -> None:
        """Live-migrate (admin); see :meth:`Server.live_migrate` for the versions."""
        self._server(server).live_migrate(
            self,
            host=host,
            force=force,
            block_migration=block_migration,
            disk_over_commit=disk_over_commit,
        )

    def get_server_console_output(
        self, server: str | Server, length: int | None = None
    ) -> dict[str, Any]:
        """The console log: ``{"output": "..."}``."""
        return self._server(server).get_console_output(self, length=length)

    def create_console(
        self, server: str | Server, console_type: str, console_protocol: str | None = None
    ) -> dict[str, Any]:
        """A remote console: ``{"type", "url", "protocol"}``.

        From microversion 2.6 ``POST .../remote-consoles`` with ``console_type`` and
        ``console_protocol`` (derived from the type when None); before, the legacy
        console action, where the protocol does not exist.
        """
        return self._server(server).get_console_url(self, console_type, console_protocol)

    def get_server_console_url(self, server: str | Server, console_type: str) -> dict[str, Any]:
        """A console URL of ``console_type`` (``novnc``, ``spice-html5``, ``serial``...)."""
        return self._server(server).get_console_url(self, console_type)
