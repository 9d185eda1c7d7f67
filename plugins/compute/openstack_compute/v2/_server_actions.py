"""Server actions: ``POST /servers/{id}/action`` and the few sub-resources alike.

Every action raises on an HTTP error (a 409 for a server in the wrong state, a 403 from
policy), because ``Proxy.request`` does; none is silently ignored.

Actions are sent with the microversion negotiated for Server (the highest both sides
support) unless the body needs a minimum, which is then required: a call that the cloud
cannot honour raises NotSupported before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

from openstack_compute.v2._common import json_object
from openstack_compute.v2._unset import UNSET
from openstack_compute.v2.server_remote_console import (
    CONSOLE_TYPE_PROTOCOL,
    ServerRemoteConsole,
)
from openstack_core import exceptions, resource

if TYPE_CHECKING:
    import requests

    from openstack_core.proxy import Proxy


#: The pre-2.6 action of each console type.
_LEGACY_CONSOLE_ACTIONS = {
    "novnc": "os-getVNCConsole",
    "xvpvnc": "os-getVNCConsole",
    "spice-html5": "os-getSPICEConsole",
    "rdp-html5": "os-getRDPConsole",
    "serial": "os-getSerialConsole",
}


def _image_id_of(response: requests.Response) -> str:
    """The new image's id: in the body since 2.45, in ``Location`` before."""
    image_id = json_object(response, "image action").get("image_id")
    if image_id:
        return str(image_id)
    location = response.headers.get("Location")
    if not location:
        raise exceptions.InvalidResponse(
            "the server accepted the image action but named no image (no image_id, no "
            "Location header)",
            response,
        )
    return location.rstrip("/").rsplit("/", 1)[-1]


class ServerActionsMixin(resource.Resource):
    """The actions of :class:`~openstack_compute.v2.server.Server`."""

    def _action(
        self,
        proxy: Proxy,
        body: Mapping[str, Any],
        *,
        required: str | None = None,
        microversion: str | None = None,
        log: bool = True,
    ) -> requests.Response:
        """POST ``body`` to ``/servers/{id}/action``; HTTP errors raise. Logged unless
        ``log=False``, which actions whose body or answer holds a secret pass
        (``Server.log_bodies`` covers only create, fetch and update)."""
        return self.invoke_action(
            proxy, dict(body), microversion=microversion, required_microversion=required, log=log
        )

    def change_password(
        self, proxy: Proxy, password: str, *, microversion: str | None = None
    ) -> None:
        """Set the administrator password (``changePassword``); never logged.
        ``microversion`` overrides the negotiated one."""
        self._action(
            proxy,
            {"changePassword": {"adminPass": password}},
            microversion=microversion,
            log=False,
        )

    def get_password(self, proxy: Proxy, *, microversion: str | None = None) -> str | None:
        """The encrypted password set by the guest (``GET .../os-server-password``)."""
        response = self.invoke_action(
            proxy, path="os-server-password", method="GET", microversion=microversion, log=False
        )
        password: str | None = json_object(response, "server password").get("password")
        return password

    def clear_password(self, proxy: Proxy, *, microversion: str | None = None) -> None:
        """Clear the encrypted password (``DELETE .../os-server-password``)."""
        self.invoke_action(
            proxy, path="os-server-password", method="DELETE", microversion=microversion, log=True
        )

    def reboot(self, proxy: Proxy, reboot_type: str) -> None:
        """Reboot: ``reboot_type`` is ``SOFT`` or ``HARD`` (any case)."""
        kind = str(reboot_type).upper()
        if kind not in ("SOFT", "HARD"):
            raise exceptions.InvalidRequest(
                f"reboot_type must be SOFT or HARD, not {reboot_type!r}"
            )
        self._action(proxy, {"reboot": {"type": kind}})

    def force_delete(self, proxy: Proxy) -> None:
        """Delete a soft-deleted server at once (``forceDelete``)."""
        self._action(proxy, {"forceDelete": None})

    def rebuild(
        self,
        proxy: Proxy,
        image: Any,
        name: Any = UNSET,
        admin_password: Any = UNSET,
        preserve_ephemeral: Any = UNSET,
        access_ipv4: Any = UNSET,
        access_ipv6: Any = UNSET,
        metadata: Any = UNSET,
        user_data: Any = UNSET,
        key_name: Any = UNSET,
        description: Any = UNSET,
        trusted_image_certificates: Any = UNSET,
        hostname: Any = UNSET,
        disk_config: Any = UNSET,
    ) -> Self:
        """Rebuild from ``image`` (id or Image); only the arguments given are sent.

        ``disk_config`` is ``AUTO`` or ``MANUAL``; ``key_name`` needs 2.54,
        ``user_data`` 2.57, ``trusted_image_certificates`` 2.63 and ``hostname`` 2.90.
        The server takes the answer's attributes.
        """
        action: dict[str, Any] = {"imageRef": resource.id_of(image)}
        given = {
            "name": name,
            "adminPass": admin_password,
            "preserve_ephemeral": preserve_ephemeral,
            "accessIPv4": access_ipv4,
            "accessIPv6": access_ipv6,
            "metadata": metadata,
            "user_data": user_data,
            "key_name": key_name,
            "description": description,
            "trusted_image_certificates": trusted_image_certificates,
            "hostname": hostname,
            "OS-DCF:diskConfig": disk_config,
        }
        action.update({k: v for k, v in given.items() if v is not UNSET})
        required = None
        for key, version in (
            ("description", "2.19"),
            ("key_name", "2.54"),
            ("user_data", "2.57"),
            ("trusted_image_certificates", "2.63"),
            ("hostname", "2.90"),
        ):
            if key in action:
                required = version
        response = self._action(proxy, {"rebuild": action}, required=required, log=False)
        self.translate_response(response)
        return self

    def resize(self, proxy: Proxy, flavor: Any) -> None:
        """Resize to ``flavor`` (id or Flavor); confirm or revert afterwards."""
        self._action(proxy, {"resize": {"flavorRef": resource.id_of(flavor)}})

    def confirm_resize(self, proxy: Proxy) -> None:
        """Confirm a resize (``confirmResize``)."""
        self._action(proxy, {"confirmResize": None})

    def revert_resize(self, proxy: Proxy) -> None:
        """Revert a resize (``revertResize``)."""
        self._action(proxy, {"revertResize": None})

    def create_image(
        self, proxy: Proxy, name: str, metadata: Mapping[str, str] | None = None
    ) -> str:
        """Snapshot the server (``createImage``); returns the new image's id."""
        action: dict[str, Any] = {"name": name}
        if metadata is not None:
            action["metadata"] = dict(metadata)
        return _image_id_of(self._action(proxy, {"createImage": action}))

    def backup(self, proxy: Proxy, name: str, backup_type: str, rotation: int) -> str:
        """Back up the server (``createBackup``), keeping ``rotation`` backups of
        ``backup_type``; returns the new image's id."""
        body = {"createBackup": {"name": name, "backup_type": backup_type, "rotation": rotation}}
        return _image_id_of(self._action(proxy, body))

    def add_security_group(self, proxy: Proxy, security_group_name: str) -> None:
        """Add a security group by name (``addSecurityGroup``)."""
        self._action(proxy, {"addSecurityGroup": {"name": security_group_name}})

    def remove_security_group(self, proxy: Proxy, security_group_name: str) -> None:
        """Remove a security group by name (``removeSecurityGroup``)."""
        self._action(proxy, {"removeSecurityGroup": {"name": security_group_name}})

    def fetch_security_groups(self, proxy: Proxy) -> Self:
        """Load ``security_groups`` in full (``GET .../os-security-groups``, sent
        without a microversion: none changes it)."""
        response = proxy.request(self.resource_path("os-security-groups"), "GET")
        answer = json_object(response, "server security groups")
        self.set_from_server(security_groups=answer.get("security_groups", []))
        return self

    def reset_state(self, proxy: Proxy, state: str) -> None:
        """Reset the state (admin): ``active`` or ``error`` (``os-resetState``)."""
        self._action(proxy, {"os-resetState": {"state": state}})

    def pause(self, proxy: Proxy) -> None:
        """Pause the server."""
        self._action(proxy, {"pause": None})

    def unpause(self, proxy: Proxy) -> None:
        """Unpause the server."""
        self._action(proxy, {"unpause": None})

    def suspend(self, proxy: Proxy) -> None:
        """Suspend the server."""
        self._action(proxy, {"suspend": None})

    def resume(self, proxy: Proxy) -> None:
        """Resume a suspended server."""
        self._action(proxy, {"resume": None})

    def lock(self, proxy: Proxy, locked_reason: str | None = None) -> None:
        """Lock the server; a ``locked_reason`` needs microversion 2.73."""
        if locked_reason is None:
            self._action(proxy, {"lock": None})
        else:
            self._action(proxy, {"lock": {"locked_reason": locked_reason}}, required="2.73")

    def unlock(self, proxy: Proxy) -> None:
        """Unlock the server."""
        self._action(proxy, {"unlock": None})

    def rescue(self, proxy: Proxy, admin_pass: str | None = None, image: Any = None) -> None:
        """Boot into rescue mode, optionally from ``image`` with ``admin_pass``."""
        action: dict[str, Any] = {}
        if admin_pass is not None:
            action["adminPass"] = admin_pass
        if image is not None:
            action["rescue_image_ref"] = resource.id_of(image)
        self._action(proxy, {"rescue": action}, log=False)

    def unrescue(self, proxy: Proxy) -> None:
        """Leave rescue mode."""
        self._action(proxy, {"unrescue": None})

    def evacuate(
        self,
        proxy: Proxy,
        host: str | None = None,
        admin_pass: str | None = None,
        force: bool | None = None,
        on_shared_storage: bool | None = None,
    ) -> None:
        """Rebuild on another host after its host failed (admin).

        ``force`` exists from 2.29 to 2.67, ``on_shared_storage`` only before 2.14.
        """
        action: dict[str, Any] = {}
        if host is not None:
            action["host"] = host
        if admin_pass is not None:
            action["adminPass"] = admin_pass
        if force is not None:
            action["force"] = force
        if on_shared_storage is not None:
            action["onSharedStorage"] = on_shared_storage
        self._action(proxy, {"evacuate": action}, log=False)

    def start(self, proxy: Proxy) -> None:
        """Start a stopped server (``os-start``)."""
        self._action(proxy, {"os-start": None})

    def stop(self, proxy: Proxy) -> None:
        """Stop the server (``os-stop``)."""
        self._action(proxy, {"os-stop": None})

    def restore(self, proxy: Proxy) -> None:
        """Restore a soft-deleted server."""
        self._action(proxy, {"restore": None})

    def shelve(self, proxy: Proxy) -> None:
        """Shelve the server."""
        self._action(proxy, {"shelve": None})

    def shelve_offload(self, proxy: Proxy) -> None:
        """Offload a shelved server from its host (``shelveOffload``)."""
        self._action(proxy, {"shelveOffload": None})

    def unshelve(
        self, proxy: Proxy, availability_zone: Any = UNSET, host: str | None = None
    ) -> None:
        """Unshelve; to ``availability_zone`` (2.77, ``None`` unpins: 2.91) or ``host``
        (2.91). Without either the body is ``{"unshelve": null}``."""
        data: dict[str, Any] = {}
        required = None
        if availability_zone is not UNSET:
            data["availability_zone"] = availability_zone
            required = "2.77" if availability_zone is not None else "2.91"
        if host:
            data["host"] = host
            required = "2.91"
        self._action(proxy, {"unshelve": data or None}, required=required)

    def migrate(self, proxy: Proxy, *, host: str | None = None) -> None:
        """Cold-migrate (admin); a target ``host`` needs microversion 2.56."""
        if host:
            self._action(proxy, {"migrate": {"host": host}}, required="2.56")
        else:
            self._action(proxy, {"migrate": None})

    def trigger_crash_dump(self, proxy: Proxy) -> None:
        """Trigger a crash dump in the guest (2.17)."""
        self._action(proxy, {"trigger_crash_dump": None}, required="2.17")

    def get_console_output(self, proxy: Proxy, length: int | None = None) -> dict[str, Any]:
        """The console log: ``{"output": "..."}``; ``length`` limits it to the last lines."""
        action: dict[str, Any] = {}
        if length is not None:
            action["length"] = length
        response = self._action(proxy, {"os-getConsoleOutput": action})
        data = resource.decode_json(response, "console output")
        return dict(data) if isinstance(data, dict) else {"output": data}

    def get_console_url(
        self, proxy: Proxy, console_type: str, protocol: str | None = None
    ) -> dict[str, Any]:
        """A console URL: ``{"type": ..., "url": ..., "protocol": ...}``.

        From microversion 2.6 this uses ``POST .../remote-consoles`` (with ``protocol``,
        else the type's): the legacy ``os-getVNCConsole``-style actions only exist up to
        2.5, so sending them with a newer microversion (as openstacksdk does) fails on
        current clouds. Before 2.6 the legacy action is used and ``protocol`` ignored.
        """
        if console_type not in CONSOLE_TYPE_PROTOCOL:
            raise exceptions.InvalidRequest(
                f"Unsupported console type {console_type!r}; one of "
                f"{', '.join(sorted(CONSOLE_TYPE_PROTOCOL))}"
            )
        if resource.at_least(proxy.microversion_for(ServerRemoteConsole, "create"), "2.6"):
            console = ServerRemoteConsole.new(server_id=self.id, type=console_type)
            if protocol is not None:
                console.protocol = protocol
            return console.create(proxy).summary()
        action = _LEGACY_CONSOLE_ACTIONS.get(console_type)
        if action is None:
            raise exceptions.NotSupported(
                f"Console type {console_type!r} needs microversion 2.8 or later"
            )
        response = self._action(
            proxy, {action: {"type": console_type}}, microversion="2.1", log=False
        )
        return dict(json_object(response, "console").get("console", {}))

    def live_migrate(
        self,
        proxy: Proxy,
        host: str | None,
        force: bool,
        block_migration: bool | str | None,
        disk_over_commit: bool | None = False,
    ) -> None:
        """Live-migrate (admin), with the body of the newest form the cloud supports.

        From 2.30 ``force`` is sent only with a ``host`` (2.30 is used because 2.68
        removed ``force``); from 2.25 ``block_migration`` may be ``"auto"`` (the default)
        and ``disk_over_commit`` is gone; before, both are booleans.
        """
        negotiated = proxy.microversion_for(type(self), "action")
        body: dict[str, Any] = {"host": host or None}
        if resource.at_least(negotiated, "2.25"):
            body["block_migration"] = "auto" if block_migration is None else block_migration
            if resource.at_least(negotiated, "2.30"):
                if host and force:
                    body["force"] = True
                microversion = "2.30"
            else:
                if host and not force:
                    raise exceptions.InvalidRequest(
                        "Live migration to a host on this cloud (microversion 2.25-2.29) "
                        "always bypasses the scheduler; pass force=True to confirm"
                    )
                microversion = "2.25"
        else:
            if block_migration == "auto":
                raise exceptions.InvalidRequest(
                    "block_migration='auto' needs microversion 2.25; pass True or False"
                )
            body["block_migration"] = bool(block_migration)
            body["disk_over_commit"] = bool(disk_over_commit)
            microversion = negotiated or "2.1"
        self._action(proxy, {"os-migrateLive": body}, microversion=microversion)
