"""The Glance v2 API: proxy and resources."""
