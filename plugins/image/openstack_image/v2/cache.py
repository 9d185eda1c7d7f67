"""The image cache of Glance's API nodes: ``/v2/cache`` (admin only).

Glance serves the cache API only when ``image_cache_dir`` is set; elsewhere every call
answers 404 ("Caching via API is not supported at this site").
"""

from __future__ import annotations

from openstack_core import resource


class CachedImage(resource.Resource):
    """One image held in the cache of the Glance node that answered."""

    image_id = resource.Body("image_id", type=str)
    #: How many times the cached copy was served.
    hits = resource.Body("hits", type=int)
    #: When the cached copy was last read, in seconds since the epoch.
    last_accessed = resource.Body("last_accessed", type=float)
    #: When the cached copy was written, in seconds since the epoch.
    last_modified = resource.Body("last_modified", type=float)
    size = resource.Body("size", type=int)


class Cache(resource.Resource):
    """The cache state: the images cached, and those queued for caching."""

    base_path = "/cache"
    allow_fetch = allow_delete = True

    cached_images = resource.Body("cached_images", type=list, list_type=CachedImage)
    #: The ids of the images queued for caching.
    queued_images = resource.Body("queued_images", type=list, list_type=str)
