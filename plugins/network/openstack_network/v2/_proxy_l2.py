"""Proxy methods for networks, subnets, ports, segments and IP availability."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from openstack_core import crud, proxy, resource
from openstack_network.v2._common import bulk_create
from openstack_network.v2.network import Network
from openstack_network.v2.port import Port
from openstack_network.v2.segment import NetworkIPAvailability, Segment
from openstack_network.v2.subnet import Subnet


class L2Methods(proxy.Proxy):
    """Layer 2 and addressing: what servers plug into."""

    networks = crud.lister(Network)
    get_network = crud.getter(Network, fields=True)
    find_network = crud.finder(Network)
    create_network = crud.creator(Network)
    update_network = crud.updater(Network, if_revision=True)
    delete_network = crud.deleter(Network, if_revision=True)

    subnets = crud.lister(Subnet)
    get_subnet = crud.getter(Subnet, fields=True)
    find_subnet = crud.finder(Subnet)
    create_subnet = crud.creator(Subnet)
    update_subnet = crud.updater(Subnet, if_revision=True)
    delete_subnet = crud.deleter(Subnet, if_revision=True)

    ports = crud.lister(Port)
    get_port = crud.getter(Port, fields=True)
    find_port = crud.finder(Port)
    create_port = crud.creator(Port)
    update_port = crud.updater(Port, if_revision=True)
    delete_port = crud.deleter(Port, if_revision=True)

    def create_ports(self, data: Sequence[Mapping[str, Any]]) -> Iterator[Port]:
        """Create several ports in one request (all or none); yields them in order."""
        return bulk_create(self, Port, data)

    def get_subnet_ports(self, subnet: str | Subnet) -> list[Port]:
        """The ports with a fixed IP on ``subnet`` (one filtered listing)."""
        return list(self.ports(fixed_ips=[f"subnet_id={resource.id_of(subnet)}"]))

    segments = crud.lister(Segment)
    get_segment = crud.getter(Segment, fields=True)
    find_segment = crud.finder(Segment)
    create_segment = crud.creator(Segment)
    update_segment = crud.updater(Segment)
    delete_segment = crud.deleter(Segment)

    network_ip_availabilities = crud.lister(NetworkIPAvailability)
    get_network_ip_availability = crud.getter(NetworkIPAvailability, fields=True, arg="network")
    find_network_ip_availability = crud.finder(NetworkIPAvailability)
