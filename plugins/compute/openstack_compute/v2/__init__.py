"""The Nova v2 API: proxy and resources."""
