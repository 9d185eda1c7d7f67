"""The Neutron v2.0 Proxy: what ``conn.network`` returns.

The methods are grouped in mixins by subject (layer 2, layer 3, policies, operators'
calls, tags) to keep each module readable; this class only combines them and declares
the plugin contract and how Neutron is reached.
"""

from __future__ import annotations

from openstack_network.v2._proxy_admin import AdminMethods
from openstack_network.v2._proxy_l2 import L2Methods
from openstack_network.v2._proxy_l3 import L3Methods
from openstack_network.v2._proxy_policy import PolicyMethods
from openstack_network.v2._proxy_tags import TagMethods


class Proxy(L2Methods, L3Methods, PolicyMethods, AdminMethods, TagMethods):
    """Networking (Neutron) API v2.0.

    The catalog usually lists Neutron's root (``http://net:9696/``); the API is under
    ``/v2.0``, added here without reading the root's version document (Neutron has one
    version and no microversions). Errors come as ``{"NeutronError": {"type",
    "message", "detail"}}``: the core puts the message in the exception and the type
    (``SecurityGroupRuleExists``...) in ``error_code``.
    """

    service_type = "network"
    api_version = 2
    plugin_api_version = "2.0"
    version_discovery = False
    version_suffix = "v2.0"
