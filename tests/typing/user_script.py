"""What a user writes, checked by mypy --strict and basedpyright (strict) in `tox -e typing`.

No annotation is needed for ``conn.compute``, ``conn.image`` or a third-party service
(``conn.dns`` from acme-openstack-dns): the stubs ``openstack-core stubs`` wrote give each
its plugin's Proxy type. ``assert_type`` fails the check if a type is not the one stated.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import assert_type

import acme_dns
import openstack_compute.v2._proxy
from openstack_compute.v2.flavor import Flavor
from openstack_compute.v2.server import Server
from openstack_image.v2.image import Image

import openstack_core


def main() -> None:
    conn = openstack_core.connect(cloud="mycloud")
    assert_type(conn, openstack_core.Connection)
    assert_type(conn.compute, openstack_compute.v2._proxy.Proxy)
    assert_type(conn.compute.servers(), Iterator[Server])
    for server in conn.compute.servers(status="ACTIVE"):
        assert_type(server, Server)
        assert_type(server.name, str | None)
        assert_type(server.flavor, Flavor | None)
        print(server.id, server.name, json.dumps(dict(server)))
    server = conn.compute.get_server("5d4b6f1c")
    assert_type(server, Server)
    conn.compute.reboot_server(server, "SOFT")
    image = conn.image.get_image("70a599e0")
    assert_type(image, Image)
    assert_type(image.name, str | None)
    assert_type(conn.image.find_image("cirros"), Image | None)
    # An alias of an official service type reaches the same Proxy.
    assert_type(conn.dns, acme_dns.Proxy)  # a third-party plugin, no core change
    for zone in conn.dns.zones():
        assert_type(zone, acme_dns.Zone)
        assert_type(zone.ttl, int | None)
    with openstack_core.connect(cloud="mycloud") as other:
        assert_type(other.compute.find_server("web-1"), Server | None)


if __name__ == "__main__":
    main()
