"""Routers: interfaces (a port on a subnet's gateway address, or a given port), an
external gateway (a port on an external network, owned by no project) and extra routes.

No L3 agent runs, so nothing is wired; Neutron records all of it, and so does the fake.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from openstack_core import fakes
from openstack_network.v2._fake._base import Record
from openstack_network.v2._fake._kinds import KINDS
from openstack_network.v2._fake._networks import NETWORK, SUBNET
from openstack_network.v2._fake._ports import PORT, PortRoutes

ROUTER = KINDS["router"]
INTERFACE = "network:router_interface"
GATEWAY = "network:router_gateway"
_UPDATABLE = (
    "name admin_state_up external_gateway_info routes description distributed ha enable_ndp_proxy"
).split()
_SNAT_RULE = (
    "(rule:{action}_router and (rule:{action}_router:external_gateway_info and "
    "(rule:{action}_router:external_gateway_info:network_id and "
    "rule:{action}_router:external_gateway_info:enable_snat))) is disallowed by policy"
)


def bad_router(message: str) -> fakes.Fault:
    """Neutron's ``BadRequest`` about a router."""
    return fakes.Fault(400, f"Bad router request: {message}", type="BadRequest")


class RouterRoutes(PortRoutes):
    """``/routers`` and their actions."""

    def interfaces(self, router_id: str) -> list[Record]:
        """A router's interface ports."""
        return [
            port
            for port in self.tables["port"].values()
            if port["device_id"] == router_id and port["device_owner"] == INTERFACE
        ]

    def view_router(self, request: fakes.Request, router: Record) -> Record:
        """A router (``distributed`` and ``ha`` for admins)."""
        view = self.standard_view(router, "name admin_state_up flavor_id enable_ndp_proxy")
        view.update(
            availability_zone_hints=list(router["availability_zone_hints"]),
            availability_zones=[],
            conntrack_helpers=[],
            routes=[dict(route) for route in router["routes"]],
            status="ACTIVE",
            external_gateway_info=self.gateway_view(router),
        )
        if request.is_admin:
            view.update(distributed=False, ha=False)
        return view

    def gateway_view(self, router: Record) -> Record | None:
        """``external_gateway_info``: the network, SNAT and the gateway port's addresses."""
        gateway = router["gateway"]
        if gateway is None:
            return None
        port = self.tables["port"].get(gateway["port_id"]) or {"fixed_ips": []}
        return {
            "network_id": gateway["network_id"],
            "enable_snat": gateway["enable_snat"],
            "external_fixed_ips": [dict(ip) for ip in port["fixed_ips"]],
        }

    def build_router(self, request: fakes.Request, body: Any, project: str) -> Record:
        """A new router, with its gateway when one is asked for."""
        self.accept(body, (*_UPDATABLE, "availability_zone_hints", "flavor_id", "tags"))
        self.admin_only(request, "create", "router", body, "distributed", "ha")
        router = self.new_record(
            ROUTER,
            project,
            body,
            admin_state_up=bool(body.get("admin_state_up", True)),
            availability_zone_hints=list(body.get("availability_zone_hints") or []),
            flavor_id=body.get("flavor_id"),
            enable_ndp_proxy=bool(body.get("enable_ndp_proxy", False)),
            routes=[],
            gateway=None,
            revision_number=1,
        )
        if body.get("external_gateway_info"):
            self.set_gateway(request, router, body["external_gateway_info"], "create")
        return router

    def set_gateway(self, request: fakes.Request, router: Record, info: Any, action: str) -> None:
        """Set (or with ``{}``/None, clear) a router's external gateway."""
        if not info:
            self.clear_gateway(router)
            return
        if not isinstance(info, dict) or "network_id" not in info:
            raise fakes.Fault(
                400,
                "Invalid input for external_gateway_info. Reason: Validation of dictionary's "
                "keys failed. Expected keys: {'network_id'} Provided keys: "
                f"{set(info) if isinstance(info, dict) else info}.",
                type="HTTPBadRequest",
            )
        if "enable_snat" in info and not request.is_admin:
            raise fakes.Fault(403, _SNAT_RULE.format(action=action), type="PolicyNotAuthorized")
        network = self.record_of(request, NETWORK, str(info["network_id"]))
        if not network["external"]:
            raise bad_router(f"Network {network['id']} is not an external network.")
        current = router["gateway"]
        if current is not None and current["network_id"] == network["id"]:
            current["enable_snat"] = bool(info.get("enable_snat", current["enable_snat"]))
            return
        self.clear_gateway(router)
        port = self.make_port(
            network["id"], "", GATEWAY, router["id"], info.get("external_fixed_ips")
        )
        router["gateway"] = {
            "network_id": network["id"],
            "enable_snat": bool(info.get("enable_snat", True)),
            "port_id": port["id"],
        }

    def clear_gateway(self, router: Record) -> None:
        """Remove a router's gateway (not while floating IPs need it)."""
        gateway = router["gateway"]
        if gateway is None:
            return
        if any(f["router_id"] == router["id"] for f in self.tables["floatingip"].values()):
            raise fakes.Fault(
                409,
                f"Gateway cannot be updated for router {router['id']}, since a gateway to "
                f"external network {gateway['network_id']} is required by one or more floating "
                "IPs.",
                type="RouterExternalGatewayInUseByFloatingIp",
            )
        self.tables["port"].pop(gateway["port_id"], None)
        router["gateway"] = None

    def change_router(self, request: fakes.Request, router: Record, changes: Any) -> None:
        """Update a router: its gateway, routes and names."""
        self.writable(changes, _UPDATABLE, ROUTER.attributes)
        self.admin_only(request, "update", "router", changes, "distributed", "ha")
        if "routes" in changes:
            router["routes"] = self.checked_routes(router, changes["routes"])
        if "external_gateway_info" in changes:
            self.set_gateway(request, router, changes["external_gateway_info"], "update")
        for key in ("name", "admin_state_up", "description", "enable_ndp_proxy"):
            if key in changes:
                router[key] = changes[key]

    def checked_routes(self, router: Record, routes: Any) -> list[Record]:
        """Extra routes whose next hops are on the router's subnets."""
        if not isinstance(routes, list) or not all(
            isinstance(r, dict) and {"destination", "nexthop"} <= set(r) for r in routes
        ):
            raise fakes.Fault(
                400,
                f"Invalid input for routes. Reason: '{routes}' is not a list of routes.",
                type="HTTPBadRequest",
            )
        cidrs = [
            ipaddress.ip_network(self.tables["subnet"][ip["subnet_id"]]["cidr"])
            for port in self.interfaces(router["id"])
            for ip in port["fixed_ips"]
            if ip["subnet_id"] in self.tables["subnet"]
        ]
        if router["gateway"] is not None:
            gateway_port = self.tables["port"].get(router["gateway"]["port_id"]) or {
                "fixed_ips": []
            }
            cidrs += [
                ipaddress.ip_network(self.tables["subnet"][ip["subnet_id"]]["cidr"])
                for ip in gateway_port["fixed_ips"]
            ]
        for route in routes:
            hop = ipaddress.ip_address(str(route["nexthop"]))
            if not any(hop in cidr for cidr in cidrs):
                raise fakes.Fault(
                    400,
                    f"Invalid format for routes: {routes}, the nexthop is not connected with "
                    "router",
                    type="InvalidRoutes",
                )
        return [
            {"destination": str(r["destination"]), "nexthop": str(r["nexthop"])} for r in routes
        ]

    def drop_router(self, request: fakes.Request, router: Record) -> None:
        """Not while interfaces are attached; the gateway goes with it."""
        attached = sorted(port["id"] for port in self.interfaces(router["id"]))
        if attached:
            raise fakes.Fault(
                409,
                f"Router {router['id']} has ports still attached: {', '.join(attached)}",
                type="RouterInUse",
            )
        for fip in self.tables["floatingip"].values():
            if fip["router_id"] == router["id"]:
                fip["router_id"] = None
        if router["gateway"] is not None:
            self.tables["port"].pop(router["gateway"]["port_id"], None)

    # -- actions ------------------------------------------------------------------------

    def acted_on(self, request: fakes.Request, router_id: str) -> Record:
        """The router of an action (owner or admin), ``If-Match`` honoured."""
        router = self.owned(request, ROUTER, router_id, "update")
        self.check_revision(request, router)
        return router

    @staticmethod
    def interface_answer(router: Record, port: Record, subnet_ids: list[str]) -> Record:
        """What adding or removing an interface answers."""
        return {
            "id": router["id"],
            "network_id": port["network_id"],
            "port_id": port["id"],
            "subnet_id": subnet_ids[0] if subnet_ids else None,
            "subnet_ids": subnet_ids,
            "project_id": router["project_id"],
        }

    @fakes.route("PUT", "/v2.0/routers/{router_id}/add_router_interface")
    def add_router_interface(self, request: fakes.Request, router_id: str) -> Record:
        """Attach a subnet (a new port on its gateway address) or a port."""
        router = self.acted_on(request, router_id)
        body = request.json_object()
        if ("subnet_id" in body) == ("port_id" in body):
            raise bad_router("Either subnet_id or port_id must be specified.")
        if "port_id" in body:
            port = self.owned(request, PORT, str(body["port_id"]), "update")
            if port["device_id"]:
                raise fakes.Fault(
                    409,
                    f"Unable to complete operation on port {port['id']} for network "
                    f"{port['network_id']}. Port already has an attached device "
                    f"{port['device_id']}.",
                    type="PortInUse",
                )
            if not port["fixed_ips"]:
                raise bad_router("Router port must have at least one fixed IP.")
            subnet_ids = [ip["subnet_id"] for ip in port["fixed_ips"]]
            for subnet_id in subnet_ids:
                self.check_not_attached(router, self.tables["subnet"][subnet_id])
            port.update(device_owner=INTERFACE, device_id=router["id"])
            self.touch(port)
        else:
            subnet = self.record_of(request, SUBNET, str(body["subnet_id"]))
            if subnet["gateway_ip"] is None:
                raise bad_router("Subnet for router interface must have a gateway IP.")
            self.check_not_attached(router, subnet)
            requested = [{"subnet_id": subnet["id"], "ip_address": subnet["gateway_ip"]}]
            port = self.make_port(
                subnet["network_id"], router["project_id"], INTERFACE, router["id"], requested
            )
            subnet_ids = [subnet["id"]]
        self.touch(router)
        return self.interface_answer(router, port, subnet_ids)

    def check_not_attached(self, router: Record, subnet: Record) -> None:
        """A router has one interface per subnet."""
        for port in self.interfaces(router["id"]):
            if any(ip["subnet_id"] == subnet["id"] for ip in port["fixed_ips"]):
                raise bad_router(f"Router already has a port on subnet {subnet['id']}.")

    @fakes.route("PUT", "/v2.0/routers/{router_id}/remove_router_interface")
    def remove_router_interface(self, request: fakes.Request, router_id: str) -> Record:
        """Detach a subnet or a port (the interface port goes)."""
        router = self.acted_on(request, router_id)
        body = request.json_object()
        if "port_id" in body:
            port = self.tables["port"].get(str(body["port_id"]))
            if port is None or port not in self.interfaces(router["id"]):
                raise fakes.Fault(
                    404,
                    f"Router {router['id']} does not have an interface with id {body['port_id']}",
                    type="RouterInterfaceNotFound",
                )
        elif "subnet_id" in body:
            subnet = self.record_of(request, SUBNET, str(body["subnet_id"]))
            found = [
                port
                for port in self.interfaces(router["id"])
                if any(ip["subnet_id"] == subnet["id"] for ip in port["fixed_ips"])
            ]
            if not found:
                raise fakes.Fault(
                    404,
                    f"Router {router['id']} has no interface on subnet {subnet['id']}",
                    type="RouterInterfaceNotFoundForSubnet",
                )
            port = found[0]
        else:
            raise bad_router("Either subnet_id or port_id must be specified.")
        subnet_ids = [ip["subnet_id"] for ip in port["fixed_ips"]]
        for subnet_id in subnet_ids:
            self.check_not_needed(router, subnet_id)
        del self.tables["port"][port["id"]]
        self.touch(router)
        return self.interface_answer(router, port, subnet_ids)

    def check_not_needed(self, router: Record, subnet_id: str) -> None:
        """An interface that floating IPs reach their ports through stays."""
        ports = self.tables["port"]
        for fip in self.tables["floatingip"].values():
            used = [fip["port_id"]] if fip["port_id"] else []
            used += [
                f["internal_port_id"]
                for f in self.tables["port_forwarding"].values()
                if f["floatingip_id"] == fip["id"]
            ]
            if fip["router_id"] == router["id"] and any(
                ip["subnet_id"] == subnet_id
                for port_id in used
                for ip in ports.get(port_id, {"fixed_ips": []})["fixed_ips"]
            ):
                raise fakes.Fault(
                    409,
                    f"Router interface for subnet {subnet_id} on router {router['id']} cannot "
                    "be deleted, as it is required by one or more floating IPs.",
                    type="RouterInterfaceInUseByFloatingIP",
                )

    def routes_answer(self, request: fakes.Request, router: Record) -> Record:
        """What the extra route actions answer: the router, with a few more keys."""
        view = self.view_router(request, router)
        gateway = router["gateway"]
        view.update(
            distributed=False,
            ha=False,
            ha_vr_id=0,
            enable_snat=gateway["enable_snat"] if gateway else True,
            gw_port_id=gateway["port_id"] if gateway else None,
            enable_default_route_bfd=False,
            enable_default_route_ecmp=False,
        )
        return {"router": view}

    def routes_of(self, request: fakes.Request) -> list[Record]:
        """The ``{"router": {"routes": [...]}}`` of an extra route action."""
        body = request.json_object("router")
        routes = body.get("routes")
        if not isinstance(routes, list):
            raise fakes.Fault(400, "Unable to find 'routes' in request body", type="HTTPBadRequest")
        return routes

    @fakes.route("PUT", "/v2.0/routers/{router_id}/add_extraroutes")
    def add_extraroutes(self, request: fakes.Request, router_id: str) -> Record:
        """Add extra routes to those a router has."""
        router = self.acted_on(request, router_id)
        added = [r for r in self.routes_of(request) if r not in router["routes"]]
        router["routes"] = self.checked_routes(router, [*router["routes"], *added])
        self.touch(router)
        return self.routes_answer(request, router)

    @fakes.route("PUT", "/v2.0/routers/{router_id}/remove_extraroutes")
    def remove_extraroutes(self, request: fakes.Request, router_id: str) -> Record:
        """Remove extra routes from a router."""
        router = self.acted_on(request, router_id)
        gone = [
            {"destination": str(r.get("destination")), "nexthop": str(r.get("nexthop"))}
            for r in self.routes_of(request)
            if isinstance(r, dict)
        ]
        router["routes"] = [r for r in router["routes"] if r not in gone]
        self.touch(router)
        return self.routes_answer(request, router)
