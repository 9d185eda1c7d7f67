"""Remote consoles of a server (``POST /servers/{server_id}/remote-consoles``, 2.6+)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from openstack_compute.v2._common import at_least, send_create
from openstack_core import exceptions, resource

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

C = TypeVar("C", bound="ServerRemoteConsole")

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
    """A console URL for a server; ``protocol`` is derived from ``type`` when not given."""

    resource_key = "remote_console"
    base_path = "/servers/%(server_id)s/remote-consoles"
    allow_create = True
    _max_microversion = "2.99"

    #: The server's id (path parameter).
    server_id = resource.URI("server_id")
    #: ``vnc``, ``spice``, ``rdp``, ``serial`` or ``mks``.
    protocol = resource.Body("protocol")
    #: ``novnc``, ``xvpvnc``, ``spice-html5``, ``spice-direct``, ``serial``, ``webmks``...
    type = resource.Body("type")
    #: The console URL (holds an access token).
    url = resource.Body("url")

    def create(
        self: C,
        session: Proxy,
        prepend_key: bool = True,
        base_path: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        microversion: str | None = None,
        **params: Any,
    ) -> C:
        """Ask for a console URL; the answer's URL carries a token, so it is not logged."""
        console_type = self._body.get("type")
        if not self._body.get("protocol") and console_type in CONSOLE_TYPE_PROTOCOL:
            self.protocol = CONSOLE_TYPE_PROTOCOL[console_type]
        required = _TYPE_MINIMUM.get(str(console_type), "2.6")
        microversion = session.microversion_for(type(self), "create", microversion, required)
        if not at_least(microversion, required):
            raise exceptions.NotSupported(
                f"Console type {console_type!r} needs microversion {required}"
            )
        body = {k: v for k, v in self._body.items() if k != "id"}
        return send_create(
            self,
            session,
            {"remote_console": body},
            microversion,
            base_path=base_path,
            headers=headers,
            log=False,
        )
