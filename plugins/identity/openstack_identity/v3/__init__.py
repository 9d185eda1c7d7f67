"""The Keystone v3 API: its Proxy and resources."""
