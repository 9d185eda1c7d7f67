"""Remote consoles of a server (``POST /servers/{server_id}/remote-consoles``, 2.6+)."""

from __future__ import annotations

from typing import Any

from openstack_core import exceptions, resource

#: The protocol of each console type, and the microversion it needs.
CONSOLE_TYPE_PROTOCOL = {
    "novnc": "vnc",
    "xvpvnc": "vnc",
    "spice-html5": "spice",
    "spice-direct": "spice",
    "rdp-html5": "rdp",
    "serial": "serial",
    "webmks": "mks",
}
_TYPE_MINIMUM = {"webmks": "2.8", "spice-direct": "2.99"}


class ServerRemoteConsole(resource.Resource):
    """A console URL for a server; ``protocol`` is derived from ``type`` when not given.

    Nothing is logged: the answer's URL carries an access token.
    """

    resource_key = "remote_console"
    base_path = "/servers/%(server_id)s/remote-consoles"
    allow_create = True
    log_bodies = False
    _max_microversion = "2.99"

    #: The server's id (path parameter).
    server_id = resource.URI("server_id")
    #: ``vnc``, ``spice``, ``rdp``, ``serial`` or ``mks``; the type's when not given.
    protocol = resource.Body(
        "protocol", fallback=lambda body: CONSOLE_TYPE_PROTOCOL.get(str(body.get("type")))
    )
    #: ``novnc``, ``xvpvnc``, ``spice-html5``, ``spice-direct``, ``serial``, ``webmks``...
    type = resource.Body("type")
    #: The console URL (holds an access token).
    url = resource.Body("url")

    def request_body(self, body: dict[str, Any], *, microversion: str | None, **kw: Any) -> Any:
        """``type`` and ``protocol`` (derived from the type when not given); a type newer
        than the negotiated microversion raises NotSupported before anything is sent."""
        required = _TYPE_MINIMUM.get(str(self.type), "2.6")
        if not resource.at_least(microversion, required):
            raise exceptions.NotSupported(
                f"Console type {self.type!r} needs microversion {required}; this cloud "
                f"(or the pinned version) allows {microversion or 'none'}"
            )
        derived = CONSOLE_TYPE_PROTOCOL.get(str(self.type))
        if not body.get("protocol") and derived is not None:
            body = {**body, "protocol": derived}
        return super().request_body(body, microversion=microversion, **kw)

    def summary(self) -> dict[str, Any]:
        """``{"type", "url", "protocol"}``: what the console calls of the Proxy return."""
        return {k: v for k in ("type", "url", "protocol") if (v := self.get(k)) is not None}
