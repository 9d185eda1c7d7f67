"""The Nova v2 Proxy: what ``conn.compute`` returns.

The methods are grouped in mixins by subject (servers, what hangs off a server, the
catalog of flavors and keypairs, operator APIs) to keep each module readable; this
class only combines them and declares the plugin contract.
"""

from __future__ import annotations

from openstack_compute.v2._proxy_admin import AdminMethods
from openstack_compute.v2._proxy_catalog import CatalogMethods
from openstack_compute.v2._proxy_server_parts import ServerPartsMethods
from openstack_compute.v2._proxy_servers import ServerMethods


class Proxy(ServerMethods, ServerPartsMethods, CatalogMethods, AdminMethods):
    """Compute (Nova) API v2.1 with microversions up to 2.100."""

    service_type = "compute"
    api_version = 2
    plugin_api_version = "2.1"
    microversioned = True
