"""A plugin API 2.0 plugin that reaches past the plugin API in every way the core
refuses: loading it raises PluginLoadError; check-plugin reports each place."""

from typing import Any

from openstack_core import proxy, resource
from openstack_core._fields import Body as PrivateBody  # a private module
from openstack_core.resource import csv


class Queue(resource.Resource):
    """Overrides an internal method and reads the internal body."""

    resources_key = "queues"
    base_path = "/queues"
    allow_list = allow_fetch = True

    label = PrivateBody("label")
    tags = resource.Body("tags", type=list)

    def _set_attributes(self, attrs: Any, dirty: bool = True) -> None:  # override
        """Internal: not a hook."""

    def shout(self) -> str:
        """Uses the private body."""
        return str(self._body.get("label", "")).upper()

    def old_path(self) -> str:
        """A deprecated 1.x alias in a 2.0 plugin."""
        return self._url()


class InternalsProxy(proxy.Proxy):
    """Shadows a private keystoneauth1 method and overrides a helper."""

    service_type = "message"
    api_version = 2
    plugin_api_version = "2.0"

    def _request(self, *args: Any, **kwargs: Any) -> Any:  # shadows Adapter._request
        """Would replace every request."""
        return None

    def get_endpoint(self, auth: Any = None, **kwargs: Any) -> str | None:  # a helper
        """Helpers are called, not overridden."""
        return "https://example.com"

    def queues(self, **query: Any) -> Any:
        """Lists queues."""
        return self._list(Queue, tags=csv(query.pop("tags", [])), **query)
