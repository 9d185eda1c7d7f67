"""A Proxy that declares its service microversioned, with a Resource missing its maximum."""

from openstack_core import proxy, resource


class Versioned(resource.Resource):
    """Says which microversion it understands."""

    resources_key = "versioned"
    base_path = "/versioned"
    allow_list = True
    _max_microversion = "1.4"


class Unversioned(resource.Resource):
    """Forgets _max_microversion."""

    resources_key = "unversioned"
    base_path = "/unversioned"
    allow_list = True


class Embedded(resource.Resource):
    """No base_path: only ever part of another resource's body, so no maximum needed."""


class MicroProxy(proxy.Proxy):
    """Microversioned by declaration, not by guessing from its Resources."""

    service_type = "acme-micro"
    api_version = 1
    plugin_api_version = "1.1"
    microversioned = True

    def versioned(self, **query):
        """Iterate."""
        return self._list(Versioned, **query)
