"""A good Proxy registered under the malformed entry-point name ``workflow.2``."""

from openstack_core import proxy


class WorkflowProxy(proxy.Proxy):
    """workflow v2, unreachable: its entry point lacks the ``v`` of ``workflow.v2``."""

    service_type = "workflow"
    api_version = 2
    plugin_api_version = "1.0"
