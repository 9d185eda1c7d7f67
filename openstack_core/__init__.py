"""openstack-core: the engine of a plugin-based OpenStack SDK."""

from openstack_core._version import PLUGIN_API_VERSION, __version__

__all__ = ["PLUGIN_API_VERSION", "__version__"]
