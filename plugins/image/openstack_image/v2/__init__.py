"""The Glance v2 API: its Proxy and resources."""
