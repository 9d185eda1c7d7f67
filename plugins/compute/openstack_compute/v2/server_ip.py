"""A server's addresses (``GET /servers/{server_id}/ips[/{network_label}]``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

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
    # Whatever Nova adds to an address is kept, as it is in a listing of other resources.
    allow_extra_attributes = True
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
        proxy: Proxy,
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
        label = () if network_label is None else (network_label,)
        path = cls.existing(server_id=server_id).resource_path(
            *label, base_path=base_path, requires_id=False
        )
        return cls._addresses(proxy, path, network_label, server_id, headers, max_items)

    @classmethod
    def _addresses(
        cls: type[I],
        proxy: Proxy,
        path: str,
        network_label: str | None,
        server_id: str | None,
        headers: Mapping[str, str] | None,
        max_items: int | None,
    ) -> Iterator[I]:
        microversion = proxy.microversion_for(cls, "list")
        response = proxy.request(path, "GET", headers=headers, microversion=microversion)
        data = resource.decode_json(response, "server addresses")
        # The whole listing is {"addresses": {label: [...]}}; one network is {label: [...]}.
        whole = network_label is None and isinstance(data, dict)
        networks = data.get(cls.resources_key, {}) if whole else data
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
                yield cls.existing(server_id=server_id, network_label=label, **address)
