"""openstack-image: the Glance v2 service plugin for openstack-core (``conn.image``)."""

__version__ = "0.1.0"
