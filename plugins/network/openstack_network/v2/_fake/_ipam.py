"""Addresses as Neutron hands them out: CIDRs, gateways, allocation pools, the next free
address of a subnet, EUI-64 addresses, MAC addresses and prefixes from subnet pools.

Pure functions on text addresses (what the fake stores and answers); the ``Fault``
they raise carry Neutron's error types and messages.
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from openstack_core import fakes

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: Neutron's (and OpenStack's) MAC prefix.
MAC_PREFIX = "fa:16:3e"
#: IPv6 address modes whose addresses come from the MAC (EUI-64).
AUTO_ADDRESS_MODES = ("slaac", "dhcpv6-stateless")


def invalid_input(message: str) -> fakes.Fault:
    """Neutron's 400 ``InvalidInput``."""
    return fakes.Fault(400, f"Invalid input for operation: {message}", type="InvalidInput")


def parse_cidr(text: Any) -> IPNetwork:
    """A CIDR, host bits cleared (Neutron takes ``10.0.0.5/24`` as ``10.0.0.0/24``)."""
    if not isinstance(text, str) or "/" not in text:
        raise invalid_input(f"{text} is not in a CIDR format.")
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise invalid_input(f"{text} is not in a CIDR format.") from None


def parse_ip(text: Any, attribute: str) -> IPAddress:
    """An address; Neutron's 400 naming the attribute otherwise."""
    try:
        return ipaddress.ip_address(str(text))
    except ValueError:
        raise fakes.Fault(
            400,
            f"Invalid input for {attribute}. Reason: '{text}' is not a valid IP address.",
            type="HTTPBadRequest",
        ) from None


def usable(network: IPNetwork) -> tuple[IPAddress, IPAddress]:
    """The first and last address a port may get: IPv4 leaves out the network and
    broadcast addresses (not on /31 and /32), IPv6 only the last one is kept."""
    if network.version == 6 or network.prefixlen >= 31:
        return network.network_address, network.broadcast_address
    return network.network_address + 1, network.broadcast_address - 1


def default_gateway(network: IPNetwork) -> str:
    """Neutron's default gateway: the first host (IPv4) or the subnet-router address."""
    if network.version == 6:
        return str(network.network_address)
    return str(usable(network)[0])


def pools_without(network: IPNetwork, gateway: str | None) -> list[dict[str, str]]:
    """The default allocation pools: every usable address but the gateway, in ranges."""
    first, last = usable(network)
    if network.version == 6:
        first = network.network_address + 1
    whole = [{"start": str(first), "end": str(last)}]
    if gateway is None:
        return whole
    hole = ipaddress.ip_address(gateway)
    if not int(first) <= int(hole) <= int(last):
        return whole
    ranges = []
    if int(first) < int(hole):
        ranges.append({"start": str(first), "end": str(hole - 1)})
    if int(hole) < int(last):
        ranges.append({"start": str(hole + 1), "end": str(last)})
    return ranges


def check_pools(network: IPNetwork, pools: Any, gateway: str | None) -> list[dict[str, str]]:
    """Validate requested allocation pools (inside the CIDR, not overlapping, clear of
    the gateway), with Neutron's errors; their normal form."""
    if not isinstance(pools, list):
        raise invalid_input(f"'{pools}' is not a list.")
    spans: list[tuple[IPAddress, IPAddress]] = []
    for pool in pools:
        if not isinstance(pool, dict) or "start" not in pool or "end" not in pool:
            raise fakes.Fault(
                400,
                f"Invalid input for allocation_pools. Reason: Invalid data format for IP pool:"
                f" '{pool}'.",
                type="HTTPBadRequest",
            )
        start = parse_ip(pool["start"], "allocation_pools")
        end = parse_ip(pool["end"], "allocation_pools")
        label = f"{start}-{end}"
        if start.version != network.version or int(end) < int(start):
            raise fakes.Fault(
                400, f"The allocation pool {label} is not valid.", type="InvalidAllocationPool"
            )
        if start not in network or end not in network:
            raise fakes.Fault(
                400,
                f"The allocation pool {label} spans beyond the subnet cidr {network}.",
                type="OutOfBoundsAllocationPool",
            )
        for other_start, other_end in spans:
            if int(start) <= int(other_end) and int(other_start) <= int(end):
                raise fakes.Fault(
                    409,
                    f"Found overlapping allocation pools: {other_start}-{other_end} {label} "
                    f"for subnet {network}.",
                    type="OverlappingAllocationPools",
                )
        if gateway is not None and int(start) <= int(ipaddress.ip_address(gateway)) <= int(end):
            raise fakes.Fault(
                409,
                f"Gateway ip {gateway} conflicts with allocation pool {label}.",
                type="GatewayConflictWithAllocationPools",
            )
        spans.append((start, end))
    return [{"start": str(start), "end": str(end)} for start, end in spans]


def in_pools(address: IPAddress, pools: Iterable[dict[str, str]]) -> bool:
    """Whether ``address`` lies in one of the allocation pools."""
    return any(
        int(ipaddress.ip_address(pool["start"]))
        <= int(address)
        <= int(ipaddress.ip_address(pool["end"]))
        for pool in pools
    )


def pool_size(pools: Iterable[dict[str, str]]) -> int:
    """How many addresses the pools hold."""
    return sum(
        int(ipaddress.ip_address(p["end"])) - int(ipaddress.ip_address(p["start"])) + 1
        for p in pools
    )


def next_free(pools: Sequence[dict[str, str]], used: set[str]) -> str | None:
    """The lowest address of the pools not in ``used``; None when they are exhausted."""
    for pool in pools:
        address = ipaddress.ip_address(pool["start"])
        end = ipaddress.ip_address(pool["end"])
        while int(address) <= int(end):
            if str(address) not in used:
                return str(address)
            address += 1
    return None


def eui64(cidr: str, mac: str) -> str:
    """The SLAAC address of ``mac`` in an IPv6 /64 (RFC 4291 modified EUI-64)."""
    octets = bytearray(int(part, 16) for part in mac.split(":"))
    octets[0] ^= 0x02
    interface = bytes(octets[:3]) + b"\xff\xfe" + bytes(octets[3:])
    network = ipaddress.IPv6Network(cidr)
    return str(network.network_address + int.from_bytes(interface, "big"))


def new_mac(taken: set[str]) -> str:
    """A random MAC address with OpenStack's prefix, not in ``taken``."""
    while True:
        mac = MAC_PREFIX + "".join(f":{byte:02x}" for byte in secrets.token_bytes(3))
        if mac not in taken:
            return mac


def valid_mac(text: Any) -> bool:
    """Whether ``text`` is a unicast MAC address written ``aa:bb:cc:dd:ee:ff``."""
    parts = str(text).split(":")
    if len(parts) != 6 or not all(len(p) == 2 for p in parts):
        return False
    try:
        return int(parts[0], 16) & 1 == 0 and all(int(p, 16) >= 0 for p in parts)
    except ValueError:
        return False


def hostname(address: str) -> str:
    """Neutron's DNS host name of an address: ``host-10-0-0-5``."""
    return "host-" + address.replace(".", "-").replace(":", "-")


def candidates(prefixes: Iterable[str], prefixlen: int) -> Iterator[IPNetwork]:
    """Every CIDR of ``prefixlen`` inside the pool's prefixes, lowest first."""
    for prefix in prefixes:
        network = ipaddress.ip_network(prefix)
        if prefixlen >= network.prefixlen:
            yield from network.subnets(new_prefix=prefixlen)


def allocate_prefix(prefixes: Iterable[str], prefixlen: int, taken: Iterable[str]) -> str:
    """The first free CIDR of ``prefixlen`` in a subnet pool; Neutron's 409 when none
    is left."""
    used = list(taken)
    for candidate in candidates(prefixes, prefixlen):
        if not overlaps(str(candidate), used):
            return str(candidate)
    raise fakes.Fault(
        409,
        "Failed to allocate subnet: Insufficient prefix space to allocate subnet size "
        f"/{prefixlen}.",
        type="SubnetAllocationError",
    )


def span(cidr: str) -> tuple[int, int, int]:
    """(IP version, first, last address as integers) of a CIDR."""
    network = ipaddress.ip_network(cidr)
    return network.version, int(network.network_address), int(network.broadcast_address)


def _related(cidr: str, others: Iterable[str], inside: bool) -> bool:
    version, first, last = span(cidr)
    for other in others:
        other_version, other_first, other_last = span(other)
        if version != other_version:
            continue
        if inside and other_first <= first and last <= other_last:
            return True
        if not inside and first <= other_last and other_first <= last:
            return True
    return False


def overlaps(cidr: str, others: Iterable[str]) -> bool:
    """Whether ``cidr`` overlaps one of ``others`` (of the same IP version)."""
    return _related(cidr, others, inside=False)


def within(cidr: str, prefixes: Iterable[str]) -> bool:
    """Whether ``cidr`` lies inside one of ``prefixes``."""
    return _related(cidr, prefixes, inside=True)
