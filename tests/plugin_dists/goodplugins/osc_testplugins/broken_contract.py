"""A plugin that imports but breaks the contract three ways."""

from openstack_core import proxy


class Proxy(proxy.Proxy):
    """Wrong type, wrong major, plugin API from the future."""

    service_type = "dns"
    api_version = 1
    plugin_api_version = "9.0"
