"""The network fake's class: its route groups combined, and the contract attributes."""

from __future__ import annotations

from openstack_network.v2._fake._admin import AdminRoutes


class Fake(AdminRoutes):
    """Neutron v2.0 in memory, for the local cloud."""

    service_type = "network"
    api_version = 2
    plugin_api_version = "2.0"
    prefix = "network"
    catalog_name = "neutron"
    version_id = "v2.0"
