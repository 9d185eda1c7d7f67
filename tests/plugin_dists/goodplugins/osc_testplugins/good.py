"""Plugins that keep the contract."""

from openstack_core import proxy


class BlockStorageProxy(proxy.Proxy):
    """block-storage v3: an official type with os-service-types aliases (volume, ...)."""

    service_type = "block-storage"
    api_version = 3
    plugin_api_version = "1.0"


class WidgetProxy(proxy.Proxy):
    """A third-party service type os-service-types does not know."""

    service_type = "acme-widgets"
    api_version = 1
    plugin_api_version = "1.0"
    service_aliases = ("widgets",)


class LoadBalancerProxy(proxy.Proxy):
    """load-balancer v2 from osc-test-goodplugins (conflicts with osc-test-conflicting)."""

    service_type = "load-balancer"
    api_version = 2
    plugin_api_version = "1.0"
    origin = "goodplugins"
