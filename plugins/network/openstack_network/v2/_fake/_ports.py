"""Ports: MAC addresses, fixed IPs from their network's subnets, security groups.

No agent binds ports, so every port is ``DOWN``, and one bound to a host gets
``binding:vif_type`` ``binding_failed`` (what real Neutron without agents answers).
Addresses come from the subnets' allocation pools, the lowest free first (Neutron picks
one at random); SLAAC subnets give the MAC's EUI-64 address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from openstack_core import fakes
from openstack_network.v2._fake import _ipam
from openstack_network.v2._fake._base import Record, attribute_rule, denied
from openstack_network.v2._fake._kinds import KINDS
from openstack_network.v2._fake._networks import NETWORK, NetworkRoutes, required, uuid_of
from openstack_network.v2._fake._query import bad_request, plain_match

PORT = KINDS["port"]
#: Attributes of a port and their values when not given.
DEFAULTS: dict[str, Any] = {
    "name": "",
    "description": "",
    "admin_state_up": True,
    "device_id": "",
    "device_owner": "",
    "allowed_address_pairs": [],
    "extra_dhcp_opts": [],
    "binding:host_id": "",
    "binding:profile": {},
    "binding:vnic_type": "normal",
    "dns_name": "",
    "dns_domain": "",
    "qos_policy_id": None,
    "propagate_uplink_status": True,
    "numa_affinity_policy": None,
    "device_profile": None,
    "hardware_offload_type": None,
    "data_plane_status": None,
    "trusted": None,
    "hints": None,
}
#: What only admins see of a port (and set, with ``data_plane_status``).
_ADMIN_ONLY = ("binding:host_id", "binding:profile", "trusted", "hints")
_UPDATABLE = (*DEFAULTS, "fixed_ips", "security_groups", "port_security_enabled", "mac_address")
#: Device owners whose ports only their service may delete.
SERVICE_OWNERS = (
    "network:router_interface",
    "network:router_gateway",
    "network:floatingip",
    "network:router_interface_distributed",
    "network:ha_router_replicated_interface",
)


def fixed_ips_match(view: Record, key: str, values: list[str]) -> bool:
    """Ports' ``fixed_ips=ip_address=...``, ``subnet_id=...`` and ``ip_address_substr=...``
    filters (on one allocation, as Neutron queries them); others as usual."""
    if key != "fixed_ips":
        return plain_match(view, key, values)
    wanted: dict[str, list[str]] = {}
    for value in values:
        name, _, text = value.partition("=")
        wanted.setdefault(name, []).append(text)

    def allocation_matches(ip: Record) -> bool:
        if "ip_address" in wanted and ip["ip_address"] not in wanted["ip_address"]:
            return False
        if "subnet_id" in wanted and ip["subnet_id"] not in wanted["subnet_id"]:
            return False
        substrings = wanted.get("ip_address_substr", ())
        return all(part in ip["ip_address"] for part in substrings)

    return any(allocation_matches(ip) for ip in view.get("fixed_ips") or ())


class PortRoutes(NetworkRoutes):
    """``/ports``."""

    # -- addresses ----------------------------------------------------------------------

    def used_ips(self, subnet_id: str, skip: str = "") -> set[str]:
        """The addresses of a subnet that ports hold (but port ``skip``)."""
        return {
            ip["ip_address"]
            for port in self.tables["port"].values()
            if port["id"] != skip
            for ip in port["fixed_ips"]
            if ip["subnet_id"] == subnet_id
        }

    def address_for(self, subnet: Record, mac: str, taken: set[str]) -> str:
        """The next address of a subnet (EUI-64 on SLAAC subnets); 409 when it is full."""
        if subnet["ipv6_address_mode"] in _ipam.AUTO_ADDRESS_MODES:
            return _ipam.eui64(subnet["cidr"], mac)
        address = _ipam.next_free(subnet["allocation_pools"], taken)
        if address is None:
            raise fakes.Fault(
                409,
                f"No more IP addresses available on network {subnet['network_id']}.",
                type="IpAddressGenerationFailure",
            )
        return address

    def allocate_ips(
        self, network_id: str, requested: Any, mac: str, port_id: str = ""
    ) -> list[Record]:
        """The fixed IPs of a port: as requested (``[{"subnet_id", "ip_address"}]``,
        either may be left out), or one address of an IPv4 subnet and IPv6 ones."""
        subnets = self.subnets_of(network_id)
        if requested is None:
            return self.automatic_ips(network_id, subnets, mac, port_id)
        if not isinstance(requested, list):
            raise bad_request(f"Invalid input for fixed_ips. Reason: '{requested}' is not a list.")
        chosen: list[Record] = []
        for item in requested:
            if not isinstance(item, dict) or not ({"subnet_id", "ip_address"} & set(item)):
                raise bad_request(
                    "Invalid input for fixed_ips. Reason: Invalid data format for fixed IP: "
                    f"'{item}'."
                )
            subnet = self.subnet_for(network_id, subnets, item)
            taken = self.used_ips(subnet["id"], port_id) | {
                ip["ip_address"] for ip in chosen if ip["subnet_id"] == subnet["id"]
            }
            if item.get("ip_address") is None:
                address = self.address_for(subnet, mac, taken)
            else:
                address = str(ipaddress.ip_address(item["ip_address"]))
                if address in taken:
                    raise fakes.Fault(
                        409,
                        f"IP address {address} already allocated in subnet {subnet['id']}",
                        type="IpAddressAlreadyAllocated",
                    )
            chosen.append({"subnet_id": subnet["id"], "ip_address": address})
        return chosen

    def automatic_ips(
        self, network_id: str, subnets: list[Record], mac: str, port_id: str
    ) -> list[Record]:
        """One address of the first IPv4 subnet with room, a SLAAC address of every
        IPv6 SLAAC subnet and one of the first stateful IPv6 subnet."""
        chosen = []
        for version in (4, 6):
            candidates = [s for s in subnets if s["ip_version"] == version]
            stateful = [
                s for s in candidates if s["ipv6_address_mode"] not in _ipam.AUTO_ADDRESS_MODES
            ]
            for subnet in candidates:
                if subnet not in stateful:
                    chosen.append(
                        {"subnet_id": subnet["id"], "ip_address": _ipam.eui64(subnet["cidr"], mac)}
                    )
            for subnet in stateful:
                address = _ipam.next_free(
                    subnet["allocation_pools"], self.used_ips(subnet["id"], port_id)
                )
                if address is not None:
                    chosen.append({"subnet_id": subnet["id"], "ip_address": address})
                    break
            else:
                if stateful:
                    raise fakes.Fault(
                        409,
                        f"No more IP addresses available on network {network_id}.",
                        type="IpAddressGenerationFailure",
                    )
        return chosen

    @staticmethod
    def subnet_for(network_id: str, subnets: list[Record], item: Record) -> Record:
        """The subnet a requested fixed IP is on, with Neutron's 400s."""
        address = None
        if item.get("ip_address") is not None:
            address = _ipam.parse_ip(item["ip_address"], "fixed_ips")
        if item.get("subnet_id") is not None:
            found = [s for s in subnets if s["id"] == item["subnet_id"]]
            if not found:
                raise _ipam.invalid_input(
                    f"Failed to create port on network {network_id}, because fixed_ips "
                    f"included invalid subnet {item['subnet_id']}."
                )
            if address is not None and not PortRoutes.valid_in(address, found[0]):
                raise fakes.Fault(
                    400,
                    f"IP address {address} is not a valid IP for the specified subnet.",
                    type="InvalidIpForSubnet",
                )
            return found[0]
        assert address is not None
        for subnet in subnets:
            if PortRoutes.valid_in(address, subnet):
                return subnet
        raise fakes.Fault(
            400,
            f"IP address {address} is not a valid IP for any of the subnets on the specified "
            "network.",
            type="InvalidIpForNetwork",
        )

    @staticmethod
    def valid_in(address: _ipam.IPAddress, subnet: Record) -> bool:
        """Whether a port may have ``address`` on ``subnet`` (not its network address,
        nor the IPv4 broadcast address)."""
        network = ipaddress.ip_network(subnet["cidr"])
        if address.version != network.version or address not in network:
            return False
        first, last = _ipam.usable(network)
        return int(first) <= int(address) <= int(last)

    # -- ports --------------------------------------------------------------------------

    def make_port(
        self, network_id: str, project: str, owner: str, device: str, requested: Any = None
    ) -> Record:
        """A port Neutron makes itself (router interfaces and gateways, floating IPs):
        no policy, no quota, no port security."""
        network = self.tables["network"][network_id]
        mac = _ipam.new_mac(self.macs_on(network_id))
        port = self.new_record(
            PORT,
            project,
            **DEFAULTS,
            network_id=network["id"],
            mac_address=mac,
            fixed_ips=self.allocate_ips(network_id, requested, mac),
            security_groups=[],
            port_security_enabled=False,
            revision_number=1,
        )
        port.update(device_owner=owner, device_id=device)
        return port

    def macs_on(self, network_id: str) -> set[str]:
        """The MAC addresses ports of a network have."""
        return {port["mac_address"] for port in self.ports_on(network_id)}

    def view_port(self, request: fakes.Request, port: Record) -> Record:
        """A port as the caller sees it (bindings and a few more for admins only)."""
        view = self.standard_view(port)
        for key in DEFAULTS:
            if key not in _ADMIN_ONLY or request.is_admin:
                view[key] = port[key]
        network = self.tables["network"].get(port["network_id"]) or {}
        domain = self.settings["dns_domain"]
        view.update(
            network_id=port["network_id"],
            mac_address=port["mac_address"],
            fixed_ips=[dict(ip) for ip in port["fixed_ips"]],
            security_groups=list(port["security_groups"]),
            port_security_enabled=port["port_security_enabled"],
            status="DOWN",
            ip_allocation="immediate",
            qos_network_policy_id=network.get("qos_policy_id"),
            dns_assignment=[
                {
                    "hostname": port["dns_name"] or _ipam.hostname(ip["ip_address"]),
                    "ip_address": ip["ip_address"],
                    "fqdn": f"{port['dns_name'] or _ipam.hostname(ip['ip_address'])}.{domain}",
                }
                for ip in port["fixed_ips"]
            ],
        )
        if request.is_admin:
            view["binding:vif_type"] = "binding_failed" if port["binding:host_id"] else "unbound"
            view["binding:vif_details"] = {}
            view["resource_request"] = None
        trunk = self.trunk_of(port["id"])
        if trunk is not None:
            view["trunk_details"] = {
                "trunk_id": trunk["id"],
                "sub_ports": [
                    {**sub, "mac_address": self.tables["port"][sub["port_id"]]["mac_address"]}
                    for sub in trunk["sub_ports"]
                    if sub["port_id"] in self.tables["port"]
                ],
            }
        return view

    def trunk_of(self, port_id: str) -> Record | None:
        """The trunk whose parent port this is."""
        return next((t for t in self.tables["trunk"].values() if t["port_id"] == port_id), None)

    @fakes.route("GET", "/v2.0/ports")
    def list_ports(self, request: fakes.Request) -> Record:
        """List ports (``fixed_ips=`` filters on the addresses)."""
        return self.list_kind(request, PORT, matches=fixed_ips_match)

    def build_port(self, request: fakes.Request, body: Any, project: str) -> Record:
        """A new port on a network the caller can see."""
        self.accept(body, (*_UPDATABLE, "network_id", "tags"))
        required(body, "network_id")
        network = self.record_of(request, NETWORK, uuid_of(body["network_id"], "network_id"))
        self.admin_only(request, "create", "port", body, *_ADMIN_ONLY, "data_plane_status")
        requested = body.get("fixed_ips")
        mine = request.is_admin or network["project_id"] == request.project_id
        if (
            isinstance(requested, list)
            and not mine
            and any(isinstance(ip, dict) and "ip_address" in ip for ip in requested)
        ):
            raise denied(attribute_rule("create", "port", ["fixed_ips:ip_address"]))
        mac = self.new_mac_for(network["id"], body.get("mac_address"))
        secure = bool(body.get("port_security_enabled", network["port_security_enabled"]))
        owner = str(body.get("device_owner") or "")
        if "security_groups" in body:
            groups = self.groups_for(request, body["security_groups"])
        elif secure and not owner.startswith("network:"):
            groups = [self.default_group(project)["id"]]
        else:
            groups = []
        self.check_security(secure, groups, body.get("allowed_address_pairs"), given=True)
        self.check_qos_policy(request, body.get("qos_policy_id"))
        attrs = {key: body.get(key, value) for key, value in DEFAULTS.items()}
        attrs["allowed_address_pairs"] = self.address_pairs(attrs["allowed_address_pairs"], mac)
        return self.new_record(
            PORT,
            project,
            **attrs,
            network_id=network["id"],
            mac_address=mac,
            fixed_ips=self.allocate_ips(network["id"], requested, mac),
            security_groups=groups,
            port_security_enabled=secure,
            revision_number=1,
        )

    def new_mac_for(self, network_id: str, asked: Any) -> str:
        """The MAC address asked for (free on the network), or a new one."""
        taken = self.macs_on(network_id)
        if asked is None:
            return _ipam.new_mac(taken)
        if not _ipam.valid_mac(asked):
            raise bad_request(
                f"Invalid input for mac_address. Reason: '{asked}' is not a valid MAC address."
            )
        mac = str(asked).lower()
        if mac in taken:
            raise fakes.Fault(
                409,
                f"Unable to complete operation for network {network_id}. The mac address {mac} "
                "is in use.",
                type="MacAddressInUse",
            )
        return mac

    def groups_for(self, request: fakes.Request, groups: Any) -> list[str]:
        """Security group ids a port names, each visible to the caller."""
        if not isinstance(groups, list):
            raise bad_request(
                f"Invalid input for security_groups. Reason: '{groups}' is not a list."
            )
        for group in groups:
            self.record_of(request, KINDS["security_group"], str(group))
        return [str(group) for group in dict.fromkeys(groups)]

    @staticmethod
    def check_security(secure: bool, groups: list[str], pairs: Any, *, given: bool) -> None:
        """Security groups and address pairs need port security."""
        if not secure and groups:
            if given:
                raise fakes.Fault(
                    400,
                    "Port security must be enabled and port must have an IP address in order "
                    "to use security groups.",
                    type="PortSecurityAndIPRequiredForSecurityGroups",
                )
            raise fakes.Fault(
                409,
                "Port has security group associated. Cannot disable port security or ip "
                "address until security group is removed",
                type="PortSecurityPortHasSecurityGroup",
            )
        if not secure and pairs:
            raise fakes.Fault(
                409,
                "Port Security must be enabled in order to have allowed address pairs on a port.",
                type="AddressPairAndPortSecurityRequired",
            )

    @staticmethod
    def address_pairs(pairs: Any, mac: str) -> list[Record]:
        """Allowed address pairs, each with the port's MAC unless one is given."""
        if not isinstance(pairs, list):
            raise bad_request(
                f"Invalid input for allowed_address_pairs. Reason: '{pairs}' is not a list."
            )
        found = []
        for pair in pairs:
            if not isinstance(pair, dict) or "ip_address" not in pair:
                raise fakes.Fault(
                    400,
                    "AllowedAddressPair must contain ip_address",
                    type="AllowedAddressPairsMissingIP",
                )
            found.append(
                {
                    "ip_address": str(pair["ip_address"]),
                    "mac_address": str(pair.get("mac_address") or mac),
                }
            )
        return found

    def change_port(self, request: fakes.Request, port: Record, changes: Any) -> None:
        """Update a port: new fixed IPs are allocated (floating IPs and port
        forwardings of addresses it no longer has let go)."""
        self.writable(changes, _UPDATABLE, PORT.attributes)
        self.admin_only(
            request, "update", "port", changes, *_ADMIN_ONLY, "data_plane_status", "mac_address"
        )
        secure = bool(changes.get("port_security_enabled", port["port_security_enabled"]))
        if "security_groups" in changes:
            groups = self.groups_for(request, changes["security_groups"])
        else:
            groups = port["security_groups"]
        pairs = changes.get("allowed_address_pairs", port["allowed_address_pairs"])
        self.check_security(secure, groups, pairs, given="security_groups" in changes)
        self.check_qos_policy(request, changes.get("qos_policy_id"))
        if "mac_address" in changes and changes["mac_address"] != port["mac_address"]:
            port["mac_address"] = self.new_mac_for(port["network_id"], changes["mac_address"])
        if "fixed_ips" in changes:
            fixed = self.allocate_ips(
                port["network_id"], changes["fixed_ips"], port["mac_address"], port["id"]
            )
            port["fixed_ips"] = fixed
            self.release(port, {ip["ip_address"] for ip in fixed})
        for key in DEFAULTS:
            if key in changes:
                port[key] = changes[key]
        port["allowed_address_pairs"] = self.address_pairs(pairs, port["mac_address"])
        port.update(security_groups=groups, port_security_enabled=secure)

    def release(self, port: Record, kept: Iterable[str] = ()) -> None:
        """Let go of the floating IPs and port forwardings on addresses the port no
        longer has (all of them when it goes)."""
        keep = set(kept)
        forwardings = self.tables["port_forwarding"]
        for forwarding in list(forwardings.values()):
            if (
                forwarding["internal_port_id"] == port["id"]
                and forwarding["internal_ip_address"] not in keep
            ):
                del forwardings[forwarding["id"]]
                self.settle_fip(self.tables["floatingip"][forwarding["floatingip_id"]])
        for fip in self.tables["floatingip"].values():
            if fip["port_id"] == port["id"] and fip["fixed_ip_address"] not in keep:
                fip.update(port_id=None, fixed_ip_address=None)
                self.settle_fip(fip)

    def settle_fip(self, fip: Record) -> None:
        """A floating IP that changed: a new revision, and no router once nothing (port
        or port forwarding) uses it."""
        forwarded = any(
            f["floatingip_id"] == fip["id"] for f in self.tables["port_forwarding"].values()
        )
        if fip["port_id"] is None and not forwarded:
            fip["router_id"] = None
        self.touch(fip)

    def drop_port(self, request: fakes.Request, port: Record) -> None:
        """Not a router's or floating IP's port, nor one of a trunk; its floating IPs
        are disassociated."""
        if port["device_owner"] in SERVICE_OWNERS:
            raise fakes.Fault(
                409,
                f"Port {port['id']} cannot be deleted directly via the port API: has device "
                f"owner {port['device_owner']}.",
                type="ServicePortInUse",
            )
        for trunk in self.tables["trunk"].values():
            if trunk["port_id"] == port["id"]:
                raise fakes.Fault(
                    409,
                    f"Port {port['id']} is currently a parent port for trunk {trunk['id']}.",
                    type="PortInUseAsTrunkParent",
                )
            if any(sub["port_id"] == port["id"] for sub in trunk["sub_ports"]):
                raise fakes.Fault(
                    409,
                    f"Port {port['id']} is currently a subport for trunk {trunk['id']}.",
                    type="PortInUseAsSubPort",
                )
        self.release(port)
