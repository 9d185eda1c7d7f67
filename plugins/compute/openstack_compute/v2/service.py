"""Compute services (``/os-services``, admin)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from openstack_core import exceptions, resource
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

    def _legacy(self: V, proxy: Proxy, action: str, body: dict[str, Any]) -> V:
        # PUT /os-services/<action>: the answer is {"service": {...}}, merged.
        response = self.invoke_action(proxy, body, path=action, method="PUT", requires_id=False)
        self.translate_response(response)
        return self

    def _legacy_body(self, proxy: Proxy, microversion: str | None, what: str) -> dict[str, Any]:
        """``{"host", "binary"}`` of the pre-2.53 calls; both must be known."""
        if not self.host or not self.binary:
            raise exceptions.InvalidRequest(
                f"{what}: before microversion 2.53 (this cloud: {microversion or '2.1'}) a "
                "compute service is addressed by host and binary, not by id; pass host= and "
                "binary= (or a Service that has both)"
            )
        return {"host": self.host, "binary": self.binary}

    def set_status(self: V, proxy: Proxy, enabled: bool, disabled_reason: str | None = None) -> V:
        """Enable or disable the service with the request the cloud's version takes.

        Before 2.53 that needs ``host`` and ``binary``: without them InvalidRequest is
        raised before anything is sent (Nova would answer 400).
        """
        microversion = proxy.microversion_for(type(self), "commit")
        if resource.at_least(microversion, "2.53"):
            self.status = "enabled" if enabled else "disabled"
            if disabled_reason and not enabled:
                self.disabled_reason = disabled_reason
            return self.commit(proxy)
        what = "enable_service" if enabled else "disable_service"
        body = self._legacy_body(proxy, microversion, what)
        if enabled:
            return self._legacy(proxy, "enable", body)
        if disabled_reason:
            body["disabled_reason"] = disabled_reason
            return self._legacy(proxy, "disable-log-reason", body)
        return self._legacy(proxy, "disable", body)

    def enable(self: V, proxy: Proxy, host: str | None, binary: str | None) -> V:
        """Enable the service (openstacksdk's resource method); ``host`` and ``binary``
        given as None are the service's own."""
        self._take_host_binary(host, binary)
        return self.set_status(proxy, True)

    def disable(
        self: V,
        proxy: Proxy,
        host: str | None,
        binary: str | None,
        reason: str | None = None,
    ) -> V:
        """Disable the service, optionally saying why (openstacksdk's resource method)."""
        self._take_host_binary(host, binary)
        return self.set_status(proxy, False, reason)

    def set_forced_down(
        self: V,
        proxy: Proxy,
        host: str | None = None,
        binary: str | None = None,
        forced: bool = False,
    ) -> V:
        """Mark the service forced down (``forced=True``) or up again (2.11+).

        Since 2.53 this is ``PUT /os-services/{id}`` with ``forced_down``; from 2.11 to
        2.52 ``PUT /os-services/force-down`` naming host and binary.
        """
        self._take_host_binary(host, binary)
        microversion = proxy.microversion_for(type(self), "commit", required="2.11")
        if resource.at_least(microversion, "2.53"):
            self.is_forced_down = forced
            return self.commit(proxy)
        body = self._legacy_body(proxy, microversion, "update_service_forced_down")
        body["forced_down"] = bool(forced)
        return self._legacy(proxy, "force-down", body)

    #: openstacksdk's second name for :meth:`set_forced_down`.
    force_down = set_forced_down

    def _take_host_binary(self, host: str | None, binary: str | None) -> None:
        given = {k: v for k, v in (("host", host), ("binary", binary)) if v is not None}
        if given:
            self.set_from_server(**given)

    def request_body(self, body: dict[str, Any], **kw: Any) -> Any:
        """Nova's ``PUT /os-services/{id}`` takes the changed keys without an envelope."""
        return body
