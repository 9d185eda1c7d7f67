"""Mistakes both checkers must report: each line marked ``# error`` and no other line."""

from __future__ import annotations

import openstack_core

conn = openstack_core.connect(cloud="mycloud")
conn.comptue.servers()  # error: a misspelt service
conn.compute.server()  # error: a misspelt method
conn.compute.reboot_server("web-1")  # error: reboot_type is required
conn.image.get_image(image=1, extra=True)  # error: no such argument
for server in conn.compute.servers():
    server.name.upper()  # error: name may be None
    print(server.nmae)  # error: a misspelt field
conn.compute = conn.image  # error: services are read-only
