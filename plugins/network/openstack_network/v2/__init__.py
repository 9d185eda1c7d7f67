"""The Neutron v2.0 API: its Proxy and resources."""
