"""A server's addresses (``GET /servers/{server_id}/ips[/{network_label}]``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from openstack_compute.v2._common import decode_json
from openstack_core import exceptions, resource
from openstack_core.pagination import NoPagination

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

I = TypeVar("I", bound="ServerIP")  # noqa: E741


class ServerIP(resource.Resource):
    """One address of a server; the list flattens Nova's per-network dict."""

    resources_key = "addresses"
    base_path = "/servers/%(server_id)s/ips"
    allow_list = True
    pagination = NoPagination()
    # The API has not changed since 2.1; declaring it keeps the header explicit.
    _max_microversion = "2.1"

    #: The IP address.
    address = resource.Body("addr")
    #: The network the address is on (from the answer, not a path parameter).
    network_label = resource.Computed("network_label")
    #: The server's id.
    server_id = resource.URI("server_id")
    #: 4 or 6.
    version = resource.Body("version", type=int)

    @classmethod
    def list(
        cls: type[I],
        session: Proxy,
        paginated: bool = False,
        base_path: str | None = None,
        allow_unknown_params: bool = False,
        *,
        microversion: str | None = None,
        headers: Mapping[str, str] | None = None,
        max_items: int | None = None,
        server_id: str | None = None,
        network_label: str | None = None,
        **params: Any,
    ) -> Iterator[I]:
        """Every address, or those on ``network_label`` (``.../ips/{label}``)."""
        if params and not allow_unknown_params:
            raise exceptions.InvalidResourceQuery(
                f"ServerIP takes no query filters, got {', '.join(sorted(params))}"
            )
        path = cls._render_path(base_path or cls.base_path, {"server_id": server_id})
        if network_label is not None:
            path = f"{path}/{resource.quote_segment(network_label)}"
        return cls._addresses(session, path, network_label, server_id, headers, max_items)

    @classmethod
    def _addresses(
        cls: type[I],
        session: Proxy,
        path: str,
        network_label: str | None,
        server_id: str | None,
        headers: Mapping[str, str] | None,
        max_items: int | None,
    ) -> Iterator[I]:
        microversion = session.microversion_for(cls, "list")
        response = session.request(path, "GET", headers=headers, microversion=microversion)
        data = decode_json(response, "server addresses")
        # The whole listing is {"addresses": {label: [...]}}; one network is {label: [...]}.
        networks = data.get(cls.resources_key, {}) if network_label is None else data
        if not isinstance(networks, dict):
            raise exceptions.InvalidResponse(
                f"GET {path}: expected a dict of networks, got {type(networks).__name__}",
                response,
            )
        count = 0
        for label, addresses in networks.items():
            for address in addresses or []:
                if max_items is not None and count >= max_items:
                    return
                count += 1
                item = cls._from_body(address, {"server_id": server_id})
                item.network_label = label
                yield item
