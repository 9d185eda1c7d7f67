"""openstack-network: the Neutron v2.0 service plugin for openstack-core (``conn.network``)."""

__version__ = "0.1.0"
