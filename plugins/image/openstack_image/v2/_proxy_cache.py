"""Proxy methods of the image cache API (``/v2/cache``, admin only by default)."""

from __future__ import annotations

import warnings
from typing import Any

from openstack_core import exceptions, proxy, resource
from openstack_image.v2.cache import Cache
from openstack_image.v2.image import Image

#: ``clear_cache`` targets and the header value Glance wants for each (none: both).
_CLEAR_TARGETS = {"both": None, "cache": "cache", "queue": "queue"}


def _cache_path(*segments: Any) -> str:
    return "/".join(["/cache", *(resource.quote_segment(str(s)) for s in segments)])


class CacheMethods(proxy.Proxy):
    """Glance's image cache: what the API node that answers holds or is about to fetch.

    Glance serves these only when its ``image_cache_dir`` is set (else 404 "Caching via
    API is not supported at this site"), and its default policy allows them to admins
    only. With several API nodes, each call reaches one node's cache.
    """

    def get_image_cache(self) -> Cache:
        """The cached images (``cached_images``) and the queued ones (``queued_images``)."""
        return self._get(Cache, requires_id=False)

    def cache_delete_image(self, image: str | Image, ignore_missing: bool = True) -> None:
        """Remove an image from the cache and from the queue (``DELETE /cache/{id}``).

        Glance answers 404 only for an image it has neither in its database nor in the
        cache; that is ignored unless ``ignore_missing=False`` (NotFoundException).
        """
        self._delete(Cache, resource.id_of(image), ignore_missing=ignore_missing)

    def queue_image(self, image: str | Image | None = None, *, image_id: Any = None) -> None:
        """Queue an active image for caching (``PUT /cache/{id}``, 202).

        Glance starts fetching it into the cache at once, in the background. An image
        that is not active is a BadRequestException, an unknown one NotFoundException.
        ``image_id=`` is openstacksdk's former name of ``image``: accepted, with a
        DeprecationWarning, as openstacksdk does.
        """
        if image_id is not None:
            if image is not None:
                raise TypeError("queue_image() got the image twice: as image and as image_id")
            warnings.warn(
                "queue_image: parameter 'image_id' has been renamed to 'image'",
                DeprecationWarning,
                stacklevel=2,
            )
            image = image_id
        if image is None:
            raise TypeError("queue_image() missing the image to queue")
        self.request(_cache_path(resource.id_of(image)), "PUT")

    def clear_cache(self, target: str = "both") -> None:
        """Empty the cache, the queue or both: ``target`` is ``"both"`` (the default),
        ``"cache"`` or ``"queue"``."""
        if target not in _CLEAR_TARGETS:
            raise exceptions.InvalidRequest(
                f'clear_cache: target must be "cache", "queue" or "both", not {target!r}'
            )
        header = _CLEAR_TARGETS[target]
        headers = {"x-image-cache-clear-target": header} if header else None
        self.request("/cache", "DELETE", headers=headers)

    def cached_image_nodes(self, image: str | Image) -> list[str]:
        """The reference URLs of the Glance nodes whose cache holds ``image``.

        Glance answers only with its centralized cache driver (``centralized_db``, its
        default), else 409 (ConflictException).
        """
        response = self.request(_cache_path("nodes", resource.id_of(image)), "GET")
        nodes = resource.decode_json(response, "cached image nodes")
        return [str(node) for node in nodes or []]

    def clean_cache(self) -> None:
        """Remove invalid cache entries and downloads stalled longer than Glance's
        ``image_cache_stall_time`` (``POST /cache/clean``)."""
        self.request(_cache_path("clean"), "POST")

    def prune_cache(self) -> dict[str, int]:
        """Shrink the cache below Glance's ``image_cache_max_size``, least recently used
        images first; returns ``total_files_pruned`` and ``total_bytes_pruned``."""
        response = self.request(_cache_path("prune"), "POST")
        answer = resource.decode_json(response, "cache prune") or {}
        return {str(key): int(value) for key, value in answer.items()}
