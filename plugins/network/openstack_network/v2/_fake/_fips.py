"""Floating IPs and their port forwardings.

A floating IP is an address of an external network, held by a port Neutron makes for
it (owned by no project). Associating it with a port, or forwarding ports to one,
needs a router with a gateway on that external network and an interface on the
port's subnet: that router becomes the floating IP's ``router_id``. Status stays
``DOWN``: no L3 agent runs.
"""

from __future__ import annotations

from typing import Any

from openstack_core import fakes
from openstack_network.v2._fake._base import Record
from openstack_network.v2._fake._kinds import KINDS
from openstack_network.v2._fake._networks import NETWORK, required
from openstack_network.v2._fake._ports import PORT
from openstack_network.v2._fake._query import fields_of, select
from openstack_network.v2._fake._routers import RouterRoutes

FLOATING_IP = KINDS["floatingip"]
FORWARDING = KINDS["port_forwarding"]
_UPDATABLE = ("port_id", "fixed_ip_address", "description", "qos_policy_id")
_CREATE = ("floating_network_id", "floating_ip_address", "subnet_id", "dns_name", "dns_domain")
_PORT_DETAILS = ("name", "network_id", "mac_address", "admin_state_up", "device_id", "device_owner")
_FORWARDING = (
    "internal_port_id",
    "internal_ip_address",
    "internal_port",
    "external_port",
    "protocol",
    "description",
)


def bad_forwarding(message: str) -> fakes.Fault:
    """Neutron's ``BadRequest`` about a port forwarding."""
    return fakes.Fault(400, f"Bad port_forwarding request: {message}", type="BadRequest")


class FloatingIPRoutes(RouterRoutes):
    """``/floatingips`` and ``/floatingips/{id}/port_forwardings``."""

    def router_between(self, external_id: str, subnet_id: str) -> Record | None:
        """The router with a gateway on ``external_id`` and an interface on ``subnet_id``."""
        for router in self.tables["router"].values():
            gateway = router["gateway"]
            if gateway is None or gateway["network_id"] != external_id:
                continue
            for port in self.interfaces(router["id"]):
                if any(ip["subnet_id"] == subnet_id for ip in port["fixed_ips"]):
                    return router
        return None

    def reachable(self, fip: Record, port: Record, address: str) -> Record:
        """The router through which ``address`` of ``port`` reaches the floating IP's
        network; Neutron's 404 when there is none."""
        subnet_id = next(ip["subnet_id"] for ip in port["fixed_ips"] if ip["ip_address"] == address)
        router = self.router_between(fip["floating_network_id"], subnet_id)
        if router is None:
            raise fakes.Fault(
                404,
                f"External network {fip['floating_network_id']} is not reachable from subnet "
                f"{subnet_id}.  Therefore, cannot associate Port {port['id']} with a Floating "
                "IP.",
                type="ExternalGatewayForFloatingIPNotFound",
            )
        return router

    # -- floating IPs -------------------------------------------------------------------

    def view_floatingip(self, request: fakes.Request, fip: Record) -> Record:
        """A floating IP with its port's details and its port forwardings."""
        view = self.standard_view(
            fip,
            "floating_ip_address floating_network_id port_id fixed_ip_address router_id"
            " qos_policy_id dns_name dns_domain",
        )
        view["status"] = "DOWN"
        port = self.tables["port"].get(fip["port_id"] or "")
        view["port_details"] = None
        if port is not None:
            view["port_details"] = {key: port[key] for key in _PORT_DETAILS}
            view["port_details"]["status"] = "DOWN"
        view["port_forwardings"] = [
            {key: f[key] for key in ("id", *_FORWARDING[:5])}
            for f in self.forwardings_of(fip["id"])
        ]
        return view

    def forwardings_of(self, fip_id: str) -> list[Record]:
        """A floating IP's port forwardings."""
        return [f for f in self.tables["port_forwarding"].values() if f["floatingip_id"] == fip_id]

    def build_floatingip(self, request: fakes.Request, body: Any, project: str) -> Record:
        """A new floating IP from an external network (an admin may name the address)."""
        self.accept(body, (*_UPDATABLE, *_CREATE, "tags"))
        required(body, "floating_network_id")
        self.admin_only(request, "create", "floatingip", body, "floating_ip_address")
        network = self.record_of(request, NETWORK, str(body["floating_network_id"]))
        if not network["external"]:
            raise fakes.Fault(
                400,
                f"Bad floatingip request: Network {network['id']} is not a valid external network.",
                type="BadRequest",
            )
        self.check_qos_policy(request, body.get("qos_policy_id"))
        requested = None
        if body.get("subnet_id") or body.get("floating_ip_address"):
            wanted = {
                "subnet_id": body.get("subnet_id"),
                "ip_address": body.get("floating_ip_address"),
            }
            requested = [{k: v for k, v in wanted.items() if v is not None}]
        fip = self.new_record(
            FLOATING_IP,
            project,
            body,
            floating_network_id=network["id"],
            floating_ip_address=None,
            port_id=None,
            fixed_ip_address=None,
            router_id=None,
            qos_policy_id=body.get("qos_policy_id"),
            dns_name=str(body.get("dns_name") or ""),
            dns_domain=str(body.get("dns_domain") or ""),
        )
        try:
            port = self.make_port(network["id"], "", "network:floatingip", fip["id"], requested)
        except fakes.Fault:
            del self.tables["floatingip"][fip["id"]]
            raise
        fip["floating_ip_address"] = port["fixed_ips"][0]["ip_address"]
        if body.get("port_id"):
            try:
                self.associate(request, fip, body["port_id"], body.get("fixed_ip_address"))
            except fakes.Fault:
                del self.tables["floatingip"][fip["id"]]
                del self.tables["port"][port["id"]]
                raise
        return fip

    def associate(self, request: fakes.Request, fip: Record, port_id: Any, fixed: Any) -> None:
        """Associate a floating IP with (an IPv4 address of) a port."""
        port = self.record_of(request, PORT, str(port_id))
        addresses = [ip["ip_address"] for ip in port["fixed_ips"] if ":" not in ip["ip_address"]]
        if fixed is not None and fixed not in addresses:
            raise fakes.Fault(
                400,
                f"Bad floatingip request: Port {port['id']} does not have fixed ip {fixed}.",
                type="BadRequest",
            )
        if not addresses:
            raise fakes.Fault(
                400,
                f"Bad floatingip request: Port {port['id']} does not have any IPv4 address, "
                "it cannot be associated with a floating IP.",
                type="BadRequest",
            )
        address = str(fixed or addresses[0])
        for other in self.tables["floatingip"].values():
            same = other["port_id"] == port["id"] and other["fixed_ip_address"] == address
            if (
                other["id"] != fip["id"]
                and same
                and (other["floating_network_id"] == fip["floating_network_id"])
            ):
                raise fakes.Fault(
                    409,
                    f"Cannot associate floating IP {fip['floating_ip_address']} ({fip['id']}) "
                    f"with port {port['id']} using fixed IP {address}, as that fixed IP already "
                    f"has a floating IP on external network {fip['floating_network_id']}.",
                    type="FloatingIPPortAlreadyAssociated",
                )
        router = self.reachable(fip, port, address)
        fip.update(port_id=port["id"], fixed_ip_address=address, router_id=router["id"])

    def change_floatingip(self, request: fakes.Request, fip: Record, changes: Any) -> None:
        """Associate, disassociate (``port_id: null``) or describe a floating IP."""
        self.writable(changes, _UPDATABLE, FLOATING_IP.attributes)
        self.check_qos_policy(request, changes.get("qos_policy_id"))
        if "port_id" in changes:
            if changes["port_id"] is None:
                fip.update(port_id=None, fixed_ip_address=None)
                if not self.forwardings_of(fip["id"]):
                    fip["router_id"] = None
            else:
                self.associate(request, fip, changes["port_id"], changes.get("fixed_ip_address"))
        for key in ("description", "qos_policy_id"):
            if key in changes:
                fip[key] = changes[key]

    def drop_floatingip(self, request: fakes.Request, fip: Record) -> None:
        """The floating IP's port and port forwardings go with it."""
        for port in list(self.tables["port"].values()):
            if port["device_owner"] == "network:floatingip" and port["device_id"] == fip["id"]:
                del self.tables["port"][port["id"]]
        for forwarding in self.forwardings_of(fip["id"]):
            del self.tables["port_forwarding"][forwarding["id"]]

    # -- port forwardings ---------------------------------------------------------------

    def view_port_forwarding(self, request: fakes.Request, forwarding: Record) -> Record:
        """A port forwarding with its port ranges."""
        view = {key: forwarding[key] for key in ("id", *_FORWARDING)}
        view["internal_port_range"] = f"{forwarding['internal_port']}:{forwarding['internal_port']}"
        view["external_port_range"] = f"{forwarding['external_port']}:{forwarding['external_port']}"
        return view

    def checked_forwarding(
        self, request: fakes.Request, fip: Record, wanted: Record, pf_id: str = ""
    ) -> Record:
        """A port forwarding's attributes, checked as Neutron checks them."""
        for key in ("internal_port", "external_port"):
            value = wanted.get(key)
            if not isinstance(value, int) or not 1 <= value <= 65535:
                raise fakes.Fault(
                    400,
                    f"Invalid input for {key}. Reason: '{value}' is not a valid port number.",
                    type="HTTPBadRequest",
                )
        if wanted.get("protocol") not in ("tcp", "udp", "udplite", "sctp"):
            raise fakes.Fault(
                400,
                f"Invalid input for protocol. Reason: {wanted.get('protocol')} is not in "
                "valid_values.",
                type="HTTPBadRequest",
            )
        port = self.record_of(request, PORT, str(wanted.get("internal_port_id")))
        if wanted.get("internal_ip_address") not in [ip["ip_address"] for ip in port["fixed_ips"]]:
            raise bad_forwarding(
                f"The internal IP does not correspond to an address on the internal port, "
                f"which has fixed_ips {port['fixed_ips']}."
            )
        others = [f for f in self.forwardings_of(fip["id"]) if f["id"] != pf_id]
        for other in others:
            for side, keys in (
                ("internal", ("internal_port_id", "internal_ip_address", "internal_port")),
                ("external", ("external_port",)),
            ):
                if other["protocol"] == wanted["protocol"] and all(
                    other[k] == wanted[k] for k in keys
                ):
                    ports = f"{wanted[f'{side}_port']}:{wanted[f'{side}_port']}"
                    raise bad_forwarding(
                        f"There is a port collision with the {side}_port_range. The following "
                        f"ranges collide: {ports} and {ports}."
                    )
        router = self.reachable(fip, port, str(wanted["internal_ip_address"]))
        fip["router_id"] = router["id"]
        return {key: wanted.get(key) for key in _FORWARDING}

    def fip_of(self, request: fakes.Request, fip_id: str, *, change: bool) -> Record:
        """The floating IP a port forwarding is asked about."""
        if change:
            return self.owned(request, FLOATING_IP, fip_id, "update")
        return self.record_of(request, FLOATING_IP, fip_id)

    def forwarding_of(
        self, request: fakes.Request, fip_id: str, pf_id: str, *, change: bool
    ) -> tuple[Record, Record]:
        """A floating IP and one of its port forwardings; Neutron's 404s otherwise."""
        fip = self.fip_of(request, fip_id, change=change)
        forwarding = self.tables["port_forwarding"].get(pf_id)
        if forwarding is None or forwarding["floatingip_id"] != fip["id"]:
            raise FORWARDING.fault(pf_id)
        return fip, forwarding

    @fakes.route("GET", "/v2.0/floatingips/{fip_id}/port_forwardings")
    def list_port_forwardings(self, request: fakes.Request, fip_id: str) -> Record:
        """A floating IP's port forwardings."""
        fip = self.fip_of(request, fip_id, change=False)
        return self.list_kind(request, FORWARDING, self.forwardings_of(fip["id"]))

    @fakes.route("POST", "/v2.0/floatingips/{fip_id}/port_forwardings")
    def create_port_forwarding(self, request: fakes.Request, fip_id: str) -> fakes.Response:
        """Forward a port of a floating IP to an internal port's address."""
        fip = self.fip_of(request, fip_id, change=True)
        return self.create_kind(request, FORWARDING, fip=fip)

    def build_port_forwarding(
        self, request: fakes.Request, body: Any, project: str, fip: Record
    ) -> Record:
        """A new port forwarding of ``fip``."""
        self.accept(body, _FORWARDING)
        for key in _FORWARDING[:5]:
            required(body, key)
        attrs = self.checked_forwarding(request, fip, body)
        attrs["description"] = str(attrs["description"] or "")
        self.touch(fip)
        return self.new_record(FORWARDING, fip["project_id"], floatingip_id=fip["id"], **attrs)

    @fakes.route("GET", "/v2.0/floatingips/{fip_id}/port_forwardings/{pf_id}")
    def show_port_forwarding(self, request: fakes.Request, fip_id: str, pf_id: str) -> Record:
        """One port forwarding (``fields=`` honoured)."""
        _, forwarding = self.forwarding_of(request, fip_id, pf_id, change=False)
        view = self.view_port_forwarding(request, forwarding)
        return {"port_forwarding": select(view, fields_of(request))}

    @fakes.route("PUT", "/v2.0/floatingips/{fip_id}/port_forwardings/{pf_id}")
    def update_port_forwarding(self, request: fakes.Request, fip_id: str, pf_id: str) -> Record:
        """Change a port forwarding."""
        fip, forwarding = self.forwarding_of(request, fip_id, pf_id, change=True)
        changes = self.changes_of(request, FORWARDING)
        self.writable(changes, _FORWARDING, FORWARDING.attributes)
        wanted = {**forwarding, **changes}
        forwarding.update(self.checked_forwarding(request, fip, wanted, forwarding["id"]))
        self.touch(fip)
        return {"port_forwarding": self.view_port_forwarding(request, forwarding)}

    @fakes.route("DELETE", "/v2.0/floatingips/{fip_id}/port_forwardings/{pf_id}")
    def delete_port_forwarding(self, request: fakes.Request, fip_id: str, pf_id: str) -> None:
        """Remove a port forwarding."""
        fip, forwarding = self.forwarding_of(request, fip_id, pf_id, change=True)
        del self.tables["port_forwarding"][forwarding["id"]]
        self.settle_fip(fip)
