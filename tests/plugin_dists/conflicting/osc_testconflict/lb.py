"""load-balancer v2 from osc-test-conflicting."""

from openstack_core import proxy


class Proxy(proxy.Proxy):
    """The rival load-balancer plugin."""

    service_type = "load-balancer"
    api_version = 2
    plugin_api_version = "1.0"
    origin = "conflicting"
