"""openstack-example: template of a service plugin for openstack-core (``conn.example``)."""

__version__ = "0.1.0"
