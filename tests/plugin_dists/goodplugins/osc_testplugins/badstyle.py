"""A plugin that imports and keeps the contract but breaks every style rule."""

from openstack_core import proxy, resource


class Widget(resource.Resource):
    base_path = "/Widgets/%(parent_id)s/Parts"
    resource_key = "widget"
    resources_key = None
    allow_list = True
    _max_microversion = "2.5"

    parent_id = resource.URI("parent_id")
    serverName = resource.Body("serverName")  # noqa: N815 - deliberately bad
    parent = resource.URI("other_id")


class Gadget(resource.Resource):
    """Declares no microversion although Widget does; lists without being allowed."""

    base_path = "/gadgets"
    resources_key = "gadgets"


class BadProxy(proxy.Proxy):
    """Registered under no entry point."""

    service_type = "acme-bad"
    api_version = 1
    plugin_api_version = "1.0"

    def getWidget(self, widget):  # noqa: N802 - deliberately bad
        """Not snake_case."""
        return self._get(Widget, widget)

    def get_gadget(self):
        """A get_ without the resource argument."""

    def find_gadget(self, name_or_id):
        """A find_ without ignore_missing."""

    def gadgets(self):
        return []
