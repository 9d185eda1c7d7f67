"""Version 1 of the example API: its Proxy and Resources."""
