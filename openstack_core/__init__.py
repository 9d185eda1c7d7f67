"""openstack-core: the engine of a plugin-based OpenStack SDK.

``openstack_core.connect(cloud="mycloud")`` returns a :class:`Connection`; installed
service plugins appear on it as ``conn.compute``, ``conn.image``, ... The public modules
are ``resource``, ``proxy``, ``crud``, ``exceptions``, ``pagination``, ``plugin_api``,
``plugins``, ``observe``, ``fakes`` (writing a fake of a service for the local cloud) and
``testing`` (``local_cloud()``, ``FakeCloud``); :func:`enable_logging` sends the log to a
stream or file.
"""

from openstack_core import exceptions
from openstack_core._config import CloudConfig
from openstack_core._connection import Connection, connect
from openstack_core._logging import enable_logging
from openstack_core._version import PLUGIN_API_VERSION, __version__

__all__ = [
    "PLUGIN_API_VERSION",
    "CloudConfig",
    "Connection",
    "__version__",
    "connect",
    "enable_logging",
    "exceptions",
]
