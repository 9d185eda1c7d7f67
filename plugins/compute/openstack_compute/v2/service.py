"""Compute services (``/os-services``, admin)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from openstack_compute.v2._common import at_least, decode_json
from openstack_core import resource
from openstack_core.pagination import NoPagination

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

V = TypeVar("V", bound="Service")


class Service(resource.Resource):
    """A ``nova-compute``, ``nova-scheduler``, ... service on a host.

    Since 2.53 its id is a UUID and it is updated with ``PUT /os-services/{id}``; before,
    with ``PUT /os-services/enable|disable|disable-log-reason`` naming host and binary.
    """

    resource_key = "service"
    resources_key = "services"
    base_path = "/os-services"
    allow_list = allow_commit = allow_delete = True
    pagination = NoPagination()
    _max_microversion = "2.69"
    _query_mapping = resource.QueryParameters(
        "binary", "host", name="binary", include_pagination_defaults=False
    )

    #: The availability zone.
    availability_zone = resource.Body("zone")
    #: E.g. ``nova-compute``; also the service's ``name``.
    binary = resource.Body("binary")
    #: Why the service was disabled.
    disabled_reason = resource.Body("disabled_reason")
    #: Whether forced down (2.11+).
    is_forced_down = resource.Body("forced_down", type=bool)
    #: The host name.
    host = resource.Body("host")
    #: The name: Nova has none, so the binary.
    name = resource.Body("name", alias="binary")
    #: ``up`` or ``down``.
    state = resource.Body("state")
    #: ``enabled`` or ``disabled``.
    status = resource.Body("status")
    #: Last heartbeat.
    updated_at = resource.Body("updated_at")

    def _legacy(self: V, session: Proxy, action: str, body: dict[str, Any]) -> V:
        microversion = session._microversion_for(type(self), "action")
        response = session.request(
            f"{self.base_path}/{action}", "PUT", json=body, microversion=microversion
        )
        data = decode_json(response, "service")
        if isinstance(data, dict) and isinstance(data.get("service"), dict):
            self._body.update(data["service"])
        return self

    def set_status(self: V, session: Proxy, enabled: bool, disabled_reason: str | None = None) -> V:
        """Enable or disable the service with the request the cloud's version takes."""
        microversion = session._microversion_for(type(self), "commit")
        if at_least(microversion, "2.53"):
            self.status = "enabled" if enabled else "disabled"
            if disabled_reason and not enabled:
                self.disabled_reason = disabled_reason
            return self.commit(session)
        body: dict[str, Any] = {"host": self.host, "binary": self.binary}
        if enabled:
            return self._legacy(session, "enable", body)
        if disabled_reason:
            body["disabled_reason"] = disabled_reason
            return self._legacy(session, "disable-log-reason", body)
        return self._legacy(session, "disable", body)

    def _wrap(self, body: Any, prepend_key: bool) -> Any:
        # Nova's PUT /os-services/{id} takes the changed keys without an envelope.
        return body
