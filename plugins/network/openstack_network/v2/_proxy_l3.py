"""Proxy methods for routers, floating IPs, port forwardings, address scopes and
subnet pools."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openstack_core import crud, proxy, resource
from openstack_network.v2.address_scope import AddressScope, SubnetPool
from openstack_network.v2.floating_ip import FloatingIP, PortForwarding
from openstack_network.v2.port import Port
from openstack_network.v2.router import Router

_PF_PARENT = "floatingip_id"


class L3Methods(proxy.Proxy):
    """Routing between networks and to the outside."""

    # -- routers ------------------------------------------------------------------------

    routers = crud.lister(Router)
    get_router = crud.getter(Router, fields=True)
    find_router = crud.finder(Router)
    create_router = crud.creator(Router)
    update_router = crud.updater(Router, if_revision=True)
    delete_router = crud.deleter(Router, if_revision=True)

    def add_interface_to_router(
        self,
        router: str | Router,
        subnet: Any = None,
        port: Any = None,
        *,
        advertise_host: bool = False,
    ) -> dict[str, Any]:
        """Attach a subnet (a new port on its gateway address) or a port to a router;
        Neutron's answer (``{"port_id", "subnet_id", ...}``)."""
        body = _interface(subnet, port)
        if advertise_host:
            body["advertise_host"] = advertise_host
        answer: dict[str, Any] = self._get_resource(Router, router).act(
            self, "add_router_interface", body
        )
        return answer

    def remove_interface_from_router(
        self, router: str | Router, subnet: Any = None, port: Any = None
    ) -> dict[str, Any]:
        """Detach a subnet or a port from a router; Neutron's answer."""
        answer: dict[str, Any] = self._get_resource(Router, router).act(
            self, "remove_router_interface", _interface(subnet, port)
        )
        return answer

    def add_extra_routes_to_router(self, router: str | Router, body: dict[str, Any]) -> Router:
        """Add routes (``{"router": {"routes": [...]}}``) to those a router has."""
        return self._router_action(router, "add_extraroutes", body)

    def remove_extra_routes_from_router(self, router: str | Router, body: dict[str, Any]) -> Router:
        """Remove routes (``{"router": {"routes": [...]}}``) from a router."""
        return self._router_action(router, "remove_extraroutes", body)

    def add_gateway_to_router(self, router: str | Router, **body: Any) -> dict[str, Any]:
        """``PUT /routers/{id}/add_gateway_router`` with ``body`` (openstacksdk's call;
        Neutron itself sets a gateway through ``update_router(external_gateway_info=)``)."""
        answer: dict[str, Any] = self._get_resource(Router, router).act(
            self, "add_gateway_router", body
        )
        return answer

    def remove_gateway_from_router(self, router: str | Router, **body: Any) -> dict[str, Any]:
        """``PUT /routers/{id}/remove_gateway_router`` with ``body``."""
        answer: dict[str, Any] = self._get_resource(Router, router).act(
            self, "remove_gateway_router", body
        )
        return answer

    def add_external_gateways(self, router: str | Router, body: dict[str, Any]) -> Router:
        """Add external gateways (external-gateway-multihoming)."""
        return self._router_action(router, "add_external_gateways", body)

    def update_external_gateways(self, router: str | Router, body: dict[str, Any]) -> Router:
        """Change external gateways (external-gateway-multihoming)."""
        return self._router_action(router, "update_external_gateways", body)

    def remove_external_gateways(self, router: str | Router, body: dict[str, Any]) -> Router:
        """Remove external gateways (external-gateway-multihoming)."""
        return self._router_action(router, "remove_external_gateways", body)

    def _router_action(self, router: str | Router, action: str, body: dict[str, Any]) -> Router:
        target = self._get_resource(Router, router)
        taken: Router = target.act(self, action, body, take=True)
        return taken

    # -- floating IPs -------------------------------------------------------------------

    ips = crud.lister(FloatingIP)
    get_ip = crud.getter(FloatingIP, fields=True, arg="floating_ip")
    find_ip = crud.finder(FloatingIP)
    create_ip = crud.creator(FloatingIP)
    update_ip = crud.updater(FloatingIP, if_revision=True, arg="floating_ip")
    delete_ip = crud.deleter(FloatingIP, if_revision=True, arg="floating_ip")

    def find_available_ip(self, ignore_missing: bool = True) -> FloatingIP | None:
        """A floating IP of the project not associated with a port: None when there is
        none (openstacksdk's behaviour), or NotFoundException with
        ``ignore_missing=False``."""
        free = [ip for ip in self.ips() if not ip.port_id][:1]
        return FloatingIP.pick_match(free, "an unassociated floating IP", ignore_missing)

    def add_ip_to_port(self, port: Port, ip: FloatingIP) -> FloatingIP:
        """Associate a floating IP with a port."""
        ip.port_id = port.id
        return ip.commit(self)

    def remove_ip_from_port(self, ip: FloatingIP) -> FloatingIP:
        """Disassociate a floating IP from its port."""
        ip.port_id = None
        return ip.commit(self)

    # -- port forwardings (two sets of names, as openstacksdk has) ----------------------

    port_forwardings = crud.lister(PortForwarding, parent=_PF_PARENT, parent_arg="floating_ip")
    create_port_forwarding = crud.creator(PortForwarding)
    find_port_forwarding = crud.finder(
        PortForwarding, parent=_PF_PARENT, parent_arg="floating_ip", arg="pf_id"
    )
    update_port_forwarding = crud.updater(
        PortForwarding, parent=_PF_PARENT, parent_arg="floating_ip"
    )
    delete_port_forwarding = crud.deleter(
        PortForwarding, parent=_PF_PARENT, parent_arg="floating_ip"
    )

    def get_port_forwarding(
        self,
        port_forwarding: str | PortForwarding,
        floating_ip: str | FloatingIP,
        *,
        fields: list[str] | None = None,
    ) -> PortForwarding:
        """Get one port forwarding of a floating IP."""
        return self.get_floating_ip_port_forwarding(floating_ip, port_forwarding, fields=fields)

    def floating_ip_port_forwardings(
        self, floating_ip: str | FloatingIP, **query: Any
    ) -> Iterator[PortForwarding]:
        """Iterate over the port forwardings of a floating IP."""
        return self.port_forwardings(floating_ip, **query)

    def create_floating_ip_port_forwarding(
        self, floating_ip: str | FloatingIP, **attrs: Any
    ) -> PortForwarding:
        """Create a port forwarding on a floating IP."""
        return self._create(PortForwarding, floatingip_id=resource.id_of(floating_ip), **attrs)

    def get_floating_ip_port_forwarding(
        self,
        floating_ip: str | FloatingIP,
        port_forwarding: str | PortForwarding,
        *,
        fields: list[str] | None = None,
    ) -> PortForwarding:
        """Get one port forwarding of a floating IP (``fields`` as for ``get_port``)."""
        target = self._get_resource(
            PortForwarding, port_forwarding, floatingip_id=resource.id_of(floating_ip)
        )
        # requests leaves out a None parameter: no fields means no ?fields=.
        return target.fetch(self, error_message=f"No port forwarding {target.id}", fields=fields)

    def find_floating_ip_port_forwarding(
        self,
        floating_ip: str | FloatingIP,
        port_forwarding_id: str,
        ignore_missing: bool = True,
        **query: Any,
    ) -> PortForwarding | None:
        """The port forwarding of a floating IP with this id, or None."""
        return self.find_port_forwarding(
            port_forwarding_id, floating_ip, ignore_missing=ignore_missing, **query
        )

    def update_floating_ip_port_forwarding(
        self, floating_ip: str | FloatingIP, port_forwarding: str | PortForwarding, **attrs: Any
    ) -> PortForwarding:
        """Change a port forwarding of a floating IP."""
        return self.update_port_forwarding(port_forwarding, floating_ip, **attrs)

    def delete_floating_ip_port_forwarding(
        self,
        floating_ip: str | FloatingIP,
        port_forwarding: str | PortForwarding,
        ignore_missing: bool = True,
    ) -> None:
        """Delete a port forwarding of a floating IP."""
        self.delete_port_forwarding(port_forwarding, floating_ip, ignore_missing=ignore_missing)

    # -- address scopes and subnet pools ------------------------------------------------

    address_scopes = crud.lister(AddressScope)
    get_address_scope = crud.getter(AddressScope, fields=True)
    find_address_scope = crud.finder(AddressScope)
    create_address_scope = crud.creator(AddressScope)
    update_address_scope = crud.updater(AddressScope)
    delete_address_scope = crud.deleter(AddressScope)

    subnet_pools = crud.lister(SubnetPool)
    get_subnet_pool = crud.getter(SubnetPool, fields=True)
    find_subnet_pool = crud.finder(SubnetPool)
    create_subnet_pool = crud.creator(SubnetPool)
    update_subnet_pool = crud.updater(SubnetPool)
    delete_subnet_pool = crud.deleter(SubnetPool)

    def onboard_network_subnets(
        self, subnet_pool: str | SubnetPool, network: Any
    ) -> dict[str, Any]:
        """Move a network's subnets into a subnet pool (subnet_onboard); Neutron's answer."""
        pool = self._get_resource(SubnetPool, subnet_pool)
        response = pool.invoke_action(
            self,
            {"network_id": resource.id_of(network)},
            path="onboard_network_subnets",
            method="PUT",
        )
        answer: dict[str, Any] = resource.decode_json(response, "subnet pool onboard") or {}
        return answer


def _interface(subnet: Any, port: Any) -> dict[str, Any]:
    # A port wins over a subnet, as in openstacksdk.
    if port:
        return {"port_id": resource.id_of(port)}
    return {"subnet_id": resource.id_of(subnet)}
