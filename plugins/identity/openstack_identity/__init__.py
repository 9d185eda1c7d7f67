"""openstack-identity: the Keystone v3 service plugin for openstack-core (``conn.identity``)."""

__version__ = "0.1.0"
