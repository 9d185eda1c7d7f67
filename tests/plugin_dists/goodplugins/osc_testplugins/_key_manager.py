"""What key-manager v1 and v2 share; imported by whichever version is chosen."""

from openstack_core import proxy, resource


class Secret(resource.Resource):
    """A key-manager secret, enough to make a real request."""

    resources_key = "secrets"
    base_path = "/secrets"
    allow_list = True


class KeyManagerBase(proxy.Proxy):
    """key-manager, any version."""

    service_type = "key-manager"
    plugin_api_version = "1.0"

    def secrets(self, **query):
        """List secrets."""
        return self._list(Secret, **query)
