"""openstack-compute: the Nova v2 service plugin for openstack-core (``conn.compute``)."""

__version__ = "0.1.0"
