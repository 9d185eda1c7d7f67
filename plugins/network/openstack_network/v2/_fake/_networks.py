"""Networks, their segments and subnets.

A network gets one segment as ML2 gives it: a VXLAN id from ``vni_ranges`` (Neutron's
tenant network type), or the provider attributes an admin asked for (``flat`` on a
physical network used once, ``vlan`` with an id from ``vlan_ranges``). Subnets take
their CIDR as given or from a subnet pool, with Neutron's gateway, allocation pools
and overlap checks. Sharing (``shared``) and external networks (``router:external``)
are RBAC policies, as in Neutron.
"""

from __future__ import annotations

import ipaddress
import uuid
from typing import Any

from openstack_core import fakes
from openstack_network.v2._fake import _ipam
from openstack_network.v2._fake._base import Record, denied
from openstack_network.v2._fake._kinds import KINDS, Kind
from openstack_network.v2._fake._query import bad_request
from openstack_network.v2._fake._security import SecurityRoutes

NETWORK = KINDS["network"]
SUBNET = KINDS["subnet"]
SEGMENT = KINDS["segment"]
_NETWORK_UPDATABLE = (
    "name admin_state_up shared router:external mtu port_security_enabled qos_policy_id"
    " dns_domain description is_default"
).split()
_PROVIDER = ("provider:network_type", "provider:physical_network", "provider:segmentation_id")
_SUBNET_UPDATABLE = (
    "name gateway_ip allocation_pools enable_dhcp dns_nameservers host_routes description"
    " dns_publish_fixed_ip service_types segment_id"
).split()
_SUBNET_CREATE = (
    "network_id ip_version cidr subnetpool_id prefixlen use_default_subnetpool"
    " ipv6_address_mode ipv6_ra_mode tags"
).split()


def required(body: Any, *names: str) -> None:
    """Neutron's 400 for a missing required attribute."""
    for name in names:
        if body.get(name) is None:
            raise bad_request(f"Failed to parse request. Required attribute '{name}' not specified")


def uuid_of(value: Any, attribute: str) -> str:
    """An id that must be a UUID (Neutron's 400 otherwise)."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        raise bad_request(
            f"Invalid input for {attribute}. Reason: '{value}' is not a valid UUID."
        ) from None
    return str(value)


class NetworkRoutes(SecurityRoutes):
    """``/networks``, ``/segments`` and ``/subnets``."""

    # -- segments -----------------------------------------------------------------------

    def segment_ids(self, network_type: str, physnet: str | None) -> list[list[int]]:
        """The id ranges of a network type (and physical network)."""
        if network_type == "vxlan":
            return list(self.settings["vni_ranges"])
        if network_type == "vlan":
            ranges = self.settings["vlan_ranges"]
            if physnet not in ranges:
                raise _ipam.invalid_input(
                    f"physical_network '{physnet}' unknown for VLAN provider network."
                )
            return list(ranges[physnet])
        return []

    def allocate_segment(self, network_type: str, physnet: Any, wanted: Any) -> Record:
        """The type, physical network and id of a new segment, checked and allocated."""
        if network_type not in ("vxlan", "vlan", "flat", "local"):
            raise _ipam.invalid_input(f"network_type value '{network_type}' not supported.")
        segments = self.tables["segment"].values()
        if network_type == "flat":
            if not physnet:
                raise _ipam.invalid_input("physical_network required for flat provider network.")
            if any(
                s["network_type"] == "flat" and s["physical_network"] == physnet for s in segments
            ):
                raise fakes.Fault(
                    409,
                    f"Unable to create the flat network. Physical network {physnet} is in use.",
                    type="FlatNetworkInUse",
                )
            return {"network_type": "flat", "physical_network": physnet, "segmentation_id": None}
        if network_type == "local":
            return {"network_type": "local", "physical_network": None, "segmentation_id": None}
        if network_type == "vxlan":
            physnet = None
        ranges = self.segment_ids(network_type, physnet)
        taken = {
            s["segmentation_id"]
            for s in segments
            if s["network_type"] == network_type and s["physical_network"] == physnet
        }
        if wanted is not None:
            number = int(wanted)
            if number in taken:
                raise fakes.Fault(
                    409,
                    f"Unable to create the network. The VLAN {number} on physical network "
                    f"{physnet} is in use.",
                    type="VlanIdInUse",
                )
        else:
            free = (n for low, high in ranges for n in range(low, high + 1) if n not in taken)
            number = next(free, -1)
            if number < 0:
                raise fakes.Fault(
                    503,
                    "Unable to create the network. No tenant network is available for allocation.",
                    type="NoNetworkAvailable",
                )
        return {
            "network_type": network_type,
            "physical_network": physnet,
            "segmentation_id": number,
        }

    def segments_of(self, network_id: str) -> list[Record]:
        """A network's segments, oldest first."""
        found = [s for s in self.tables["segment"].values() if s["network_id"] == network_id]
        return sorted(found, key=lambda s: int(s["standard_attr_id"]))

    def view_segment(self, request: fakes.Request, segment: Record) -> Record:
        """A segment (admins only see them)."""
        view = {key: segment[key] for key in ("id", "network_id", "name", "description")}
        for key in ("network_type", "physical_network", "segmentation_id"):
            view[key] = segment[key]
        for key in ("created_at", "updated_at", "revision_number"):
            view[key] = segment[key]
        return view

    def build_segment(self, request: fakes.Request, body: Any, project: str) -> Record:
        """A new segment of a network (admins only)."""
        if not request.is_admin:
            raise denied("rule:create_segment")
        self.accept(body, SEGMENT.attributes)
        required(body, "network_id", "network_type")
        network = self.record_of(request, NETWORK, str(body["network_id"]))
        allocated = self.allocate_segment(
            str(body["network_type"]), body.get("physical_network"), body.get("segmentation_id")
        )
        self.touch(network)
        segment = self.new_record(
            SEGMENT,
            "",
            network_id=network["id"],
            name=body.get("name"),
            description=str(body.get("description") or ""),
            **allocated,
        )
        segment["revision_number"] = 1
        return segment

    def change_segment(self, request: fakes.Request, segment: Record, changes: Any) -> None:
        """Rename or describe a segment."""
        self.writable(changes, ("name", "description"), SEGMENT.attributes)
        segment.update(changes)

    def drop_segment(self, request: fakes.Request, segment: Record) -> None:
        """Not while subnets are on it."""
        if any(s.get("segment_id") == segment["id"] for s in self.tables["subnet"].values()):
            raise fakes.Fault(
                409,
                f"Segment '{segment['id']}' cannot be deleted: Subnets are associated with it.",
                type="SegmentInUse",
            )

    # -- networks -----------------------------------------------------------------------

    def view_network(self, request: fakes.Request, network: Record) -> Record:
        """A network as the caller sees it (provider attributes for admins only)."""
        view = self.standard_view(
            network, "name admin_state_up mtu port_security_enabled qos_policy_id"
        )
        subnets = [s for s in self.tables["subnet"].values() if s["network_id"] == network["id"]]
        scopes = {4: None, 6: None}
        for subnet in subnets:
            pool = self.tables["subnetpool"].get(subnet["subnetpool_id"] or "")
            if pool is not None:
                scopes[subnet["ip_version"]] = pool["address_scope_id"]
        view.update(
            availability_zone_hints=list(network["availability_zone_hints"]),
            availability_zones=[],
            dns_domain=network["dns_domain"],
            ipv4_address_scope=scopes[4],
            ipv6_address_scope=scopes[6],
            l2_adjacency=True,
            status="ACTIVE",
            subnets=sorted(s["id"] for s in subnets),
            shared=self.shared_with(request, "network", network["id"]),
        )
        view["router:external"] = network["external"]
        if network["external"]:
            view["is_default"] = network["is_default"]
        segments = self.segments_of(network["id"])
        if request.is_admin and segments:
            first = segments[0]
            view["provider:network_type"] = first["network_type"]
            view["provider:physical_network"] = first["physical_network"]
            view["provider:segmentation_id"] = first["segmentation_id"]
        return view

    def created_view(self, request: fakes.Request, kind: Kind, record: Record) -> Record:
        """A new network's view also says ``is_default``, as Neutron's create answers."""
        view = super().created_view(request, kind, record)
        if kind is NETWORK:
            view.setdefault("is_default", record["is_default"])
        return view

    def build_network(self, request: fakes.Request, body: Any, project: str) -> Record:
        """A new network with its segment (and RBAC policies when shared or external)."""
        self.accept(body, (*_NETWORK_UPDATABLE, *_PROVIDER, "availability_zone_hints", "tags"))
        self.admin_only(
            request,
            "create",
            "network",
            body,
            *_PROVIDER,
            "shared",
            "router:external",
            "is_default",
        )
        network_type = body.get("provider:network_type") or self.settings["tenant_network_type"]
        allocated = self.allocate_segment(
            str(network_type),
            body.get("provider:physical_network"),
            body.get("provider:segmentation_id"),
        )
        largest = 1450 if allocated["network_type"] == "vxlan" else 1500
        mtu = self.check_mtu(body.get("mtu"), largest)
        self.check_qos_policy(request, body.get("qos_policy_id"))
        network = self.new_record(
            NETWORK,
            project,
            body,
            admin_state_up=bool(body.get("admin_state_up", True)),
            mtu=mtu,
            largest_mtu=largest,
            port_security_enabled=bool(body.get("port_security_enabled", True)),
            qos_policy_id=body.get("qos_policy_id"),
            dns_domain=str(body.get("dns_domain") or ""),
            availability_zone_hints=list(body.get("availability_zone_hints") or []),
            external=bool(body.get("router:external", False)),
            is_default=bool(body.get("is_default", False)),
            revision_number=1,
        )
        self.new_record(
            SEGMENT, "", network_id=network["id"], name=None, description=None, **allocated
        )
        if body.get("shared"):
            self.grant("network", network, "access_as_shared")
        if network["external"]:
            self.grant("network", network, "access_as_external")
        self.default_group(project)
        return network

    @staticmethod
    def check_mtu(value: Any, largest: int) -> int:
        """Neutron's MTU checks: at most the segment's (1450 for VXLAN)."""
        if value is None:
            return largest
        if not isinstance(value, int) or value < 68:
            raise bad_request(
                f"Invalid input for mtu. Reason: '{value}' is too small - must be at least '68'."
            )
        if value > largest:
            raise _ipam.invalid_input(f"Requested MTU is too big, maximum is {largest}.")
        return value

    def check_qos_policy(self, request: fakes.Request, policy_id: Any) -> None:
        """A QoS policy named by a network, port or floating IP must be visible."""
        if policy_id is not None:
            self.record_of(request, KINDS["policy"], str(policy_id))

    def grant(self, object_type: str, record: Record, action: str, target: str = "*") -> None:
        """An RBAC policy of the object's owner sharing it (``shared``, external)."""
        self.new_record(
            KINDS["rbac_policy"],
            record["project_id"],
            object_type=object_type,
            object_id=record["id"],
            action=action,
            target_tenant=target,
        )

    def revoke(self, object_type: str, object_id: str, action: str, target: str = "*") -> None:
        """Remove the RBAC policy ``grant`` made."""
        policies = self.tables["rbac_policy"]
        for policy in list(policies.values()):
            if (policy["object_type"], policy["object_id"], policy["action"]) == (
                object_type,
                object_id,
                action,
            ) and policy["target_tenant"] == target:
                del policies[policy["id"]]

    def change_network(self, request: fakes.Request, network: Record, changes: Any) -> None:
        """Update a network (sharing and external only for admins)."""
        self.writable(changes, _NETWORK_UPDATABLE, NETWORK.attributes)
        self.admin_only(request, "update", "network", changes, "shared", "router:external")
        if "mtu" in changes:
            self.check_mtu(changes["mtu"], network["largest_mtu"])
        self.check_qos_policy(request, changes.get("qos_policy_id"))
        if "shared" in changes:
            shared = "*" in self.targets("network", network["id"], "access_as_shared")
            if changes["shared"] and not shared:
                self.grant("network", network, "access_as_shared")
            elif not changes["shared"] and shared:
                self.check_unshare(network)
                self.revoke("network", network["id"], "access_as_shared")
        if "router:external" in changes and bool(changes["router:external"]) != network["external"]:
            if not changes["router:external"]:
                self.check_not_gateway(network)
                self.revoke("network", network["id"], "access_as_external")
            else:
                self.grant("network", network, "access_as_external")
            network["external"] = bool(changes["router:external"])
        for key in _NETWORK_UPDATABLE:
            if key in changes and key not in ("shared", "router:external"):
                network[key] = changes[key]

    def check_unshare(self, network: Record) -> None:
        """Neutron's 409 when other projects still have ports on a shared network."""
        projects = {p["project_id"] for p in self.ports_on(network["id"])}
        others = projects - {"", network["project_id"]}
        if others:
            raise fakes.Fault(
                409,
                f"Unable to reconfigure sharing settings for network {network['id']}. Multiple "
                "projects are using it.",
                type="InvalidSharedSetting",
            )

    def check_not_gateway(self, network: Record) -> None:
        """An external network routers use as a gateway stays external."""
        owners = {p["device_owner"] for p in self.ports_on(network["id"])}
        if "network:router_gateway" in owners:
            message = "cannot be updated to be made non-external, since it has existing gateway"
            raise fakes.Fault(
                409,
                f"External network {network['id']} {message} ports.",
                type="ExternalNetworkInUse",
            )

    def ports_on(self, network_id: str) -> list[Record]:
        """The ports of a network."""
        return [p for p in self.tables["port"].values() if p["network_id"] == network_id]

    def drop_network(self, request: fakes.Request, network: Record) -> None:
        """Not while ports are on it; its subnets, segments and RBAC policies go too."""
        ports = sorted(p["id"] for p in self.ports_on(network["id"]))
        if ports:
            raise fakes.Fault(
                409,
                f"Unable to complete operation on network {network['id']}. There are one or "
                "more ports still in use on the network, id for these ports is: "
                f"{', '.join(ports)}.",
                type="NetworkInUse",
            )
        for name in ("subnet", "segment"):
            table = self.tables[name]
            for record in list(table.values()):
                if record["network_id"] == network["id"]:
                    del table[record["id"]]
        self.drop_rbac("network", network["id"])

    # -- subnets ------------------------------------------------------------------------

    def view_subnet(self, request: fakes.Request, subnet: Record) -> Record:
        """A subnet (``segment_id`` for admins only)."""
        view = self.standard_view(
            subnet,
            "name network_id ip_version cidr gateway_ip enable_dhcp ipv6_address_mode"
            " ipv6_ra_mode subnetpool_id dns_publish_fixed_ip",
        )
        for key in ("allocation_pools", "dns_nameservers", "host_routes", "service_types"):
            view[key] = [dict(item) if isinstance(item, dict) else item for item in subnet[key]]
        network = self.tables["network"].get(subnet["network_id"]) or {}
        view["router:external"] = bool(network.get("external"))
        if request.is_admin:
            view["segment_id"] = subnet["segment_id"]
        return view

    def subnets_of(self, network_id: str) -> list[Record]:
        """A network's subnets, oldest first."""
        found = [s for s in self.tables["subnet"].values() if s["network_id"] == network_id]
        return sorted(found, key=lambda s: int(s["standard_attr_id"]))

    def build_subnet(self, request: fakes.Request, body: Any, project: str) -> Record:
        """A new subnet: its CIDR as given or from a pool, gateway and pools checked."""
        self.accept(body, (*_SUBNET_UPDATABLE, *_SUBNET_CREATE))
        required(body, "network_id", "ip_version")
        network = self.record_of(request, NETWORK, uuid_of(body["network_id"], "network_id"))
        if not request.is_admin and network["project_id"] != request.project_id:
            raise denied("rule:create_subnet")
        version = body["ip_version"]
        if version not in (4, 6):
            raise bad_request(f"Invalid input for ip_version. Reason: {version} is not in [4, 6].")
        pool_id = body.get("subnetpool_id")
        siblings = [s for s in self.subnets_of(network["id"]) if s["ip_version"] == version]
        if any(s["subnetpool_id"] != pool_id for s in siblings):
            raise fakes.Fault(
                400,
                "Subnets hosted on the same network must be allocated from the same subnet pool.",
                type="NetworkSubnetPoolAffinityError",
            )
        cidr = self.subnet_cidr(request, body, version)
        network_cidr = _ipam.parse_cidr(cidr)
        if network_cidr.version != version:
            raise _ipam.invalid_input(f"Invalid CIDR {cidr} for IP version {version}.")
        self.check_overlap(str(network_cidr), network["id"])
        gateway = self.subnet_gateway(body, network_cidr)
        if "allocation_pools" in body and body["allocation_pools"] is not None:
            pools = _ipam.check_pools(network_cidr, body["allocation_pools"], gateway)
        else:
            pools = _ipam.pools_without(network_cidr, gateway)
        self.touch(network)
        return self.new_record(
            SUBNET,
            project,
            body,
            network_id=network["id"],
            ip_version=version,
            cidr=str(network_cidr),
            gateway_ip=gateway,
            allocation_pools=pools,
            enable_dhcp=bool(body.get("enable_dhcp", True)),
            dns_nameservers=list(body.get("dns_nameservers") or []),
            host_routes=list(body.get("host_routes") or []),
            ipv6_address_mode=body.get("ipv6_address_mode"),
            ipv6_ra_mode=body.get("ipv6_ra_mode"),
            subnetpool_id=pool_id,
            segment_id=body.get("segment_id"),
            service_types=list(body.get("service_types") or []),
            dns_publish_fixed_ip=bool(body.get("dns_publish_fixed_ip", False)),
        )

    def subnet_cidr(self, request: fakes.Request, body: Any, version: int) -> str:
        """The CIDR asked for, or the next free prefix of the subnet pool named."""
        pool_id = body.get("subnetpool_id")
        if pool_id is None:
            if body.get("cidr") is None:
                raise fakes.Fault(
                    400,
                    "Bad subnets request: a subnetpool must be specified in the absence of a cidr.",
                    type="BadRequest",
                )
            return str(body["cidr"])
        pool = self.record_of(request, KINDS["subnetpool"], str(pool_id))
        if body.get("cidr") is not None:
            return str(body["cidr"])
        length = int(body.get("prefixlen") or pool["default_prefixlen"])
        if not int(pool["min_prefixlen"]) <= length <= int(pool["max_prefixlen"]):
            raise fakes.Fault(
                400,
                f"Illegal prefix bounds: prefixlen={length}, min_prefixlen="
                f"{pool['min_prefixlen']}, max_prefixlen={pool['max_prefixlen']}.",
                type="IllegalSubnetPoolPrefixBounds",
            )
        taken = [s["cidr"] for s in self.tables["subnet"].values() if s["subnetpool_id"] == pool_id]
        return _ipam.allocate_prefix(pool["prefixes"], length, taken)

    def check_overlap(self, cidr: str, network_id: str) -> None:
        """Neutron's 400s for a /0 and for a CIDR overlapping a subnet of the network
        (subnets of different networks may overlap)."""
        if cidr.endswith("/0"):
            raise _ipam.invalid_input("0 is not allowed as CIDR prefix length")
        others = [
            s["cidr"] for s in self.tables["subnet"].values() if s["network_id"] == network_id
        ]
        if _ipam.overlaps(cidr, others):
            raise _ipam.invalid_input(
                f"Requested subnet with cidr: {cidr} for network: {network_id} overlaps with "
                "another subnet."
            )

    @staticmethod
    def subnet_gateway(body: Any, network: _ipam.IPNetwork) -> str | None:
        """The gateway: as given (None: none), by default the first address."""
        if "gateway_ip" not in body:
            return _ipam.default_gateway(network)
        if body["gateway_ip"] is None:
            return None
        gateway = _ipam.parse_ip(body["gateway_ip"], "gateway_ip")
        if gateway.version != network.version or gateway in (
            network.network_address,
            network.broadcast_address if network.version == 4 else None,
        ):
            raise _ipam.invalid_input(f"Gateway is not valid on subnet {network}.")
        return str(gateway)

    def change_subnet(self, request: fakes.Request, subnet: Record, changes: Any) -> None:
        """Update a subnet; a new gateway or pools are checked as on create."""
        self.writable(changes, _SUBNET_UPDATABLE, SUBNET.attributes)
        network = ipaddress.ip_network(subnet["cidr"])
        if "gateway_ip" in changes:
            self.check_gateway_free(subnet)
            subnet["gateway_ip"] = self.subnet_gateway(changes, network)
        if "allocation_pools" in changes:
            subnet["allocation_pools"] = _ipam.check_pools(
                network, changes["allocation_pools"], subnet["gateway_ip"]
            )
        for key in _SUBNET_UPDATABLE:
            if key in changes and key not in ("gateway_ip", "allocation_pools"):
                subnet[key] = changes[key]

    def check_gateway_free(self, subnet: Record) -> None:
        """A gateway a router interface uses cannot move."""
        for port in self.tables["port"].values():
            for ip in port["fixed_ips"]:
                if ip == {"subnet_id": subnet["id"], "ip_address": subnet["gateway_ip"]}:
                    raise fakes.Fault(
                        409,
                        f"Current gateway ip {subnet['gateway_ip']} already in use by port "
                        f"{port['id']}. Unable to update.",
                        type="GatewayIpInUse",
                    )

    def drop_subnet(self, request: fakes.Request, subnet: Record) -> None:
        """Not while ports have addresses on it."""
        for port in self.tables["port"].values():
            if any(ip["subnet_id"] == subnet["id"] for ip in port["fixed_ips"]):
                raise fakes.Fault(
                    409,
                    f"Unable to complete operation on subnet {subnet['id']}: One or more ports "
                    "have an IP allocation from this subnet.",
                    type="SubnetInUse",
                )
        network = self.tables["network"].get(subnet["network_id"])
        if network is not None:
            self.touch(network)
