"""The image cache API (``/v2/cache``) of the fake's one API node, admin only.

Queueing an active image caches it at once (Glance's API node starts fetching it in a
background thread; here nothing runs in the background, so it is cached when the
request is answered and the queue stays empty). The node's reference URL is the image
service's URL. ``prune`` drops the least recently used images until the cache holds at
most ``cache_max_size`` bytes (10 GiB, Glance's default), ``clean`` the entries of
images that are gone or no longer active.
"""

from __future__ import annotations

from typing import Any

from openstack_core import fakes
from openstack_image.v2._fake._base import ImageBase

_CACHE_DENIED = "Access was denied to this resource."
_TARGETS = ("", "cache", "queue")


class CacheRoutes(ImageBase):
    """``/v2/cache``: cached and queued images, their node, clear, clean, prune."""

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.cached: dict[str, dict[str, Any]] = {}
        self.queued: list[str] = []

    @staticmethod
    def _manage(request: fakes.Request) -> None:
        if not request.is_admin:
            raise fakes.Fault(403, _CACHE_DENIED)

    def _cached_image(self, request: fakes.Request, image_id: str) -> dict[str, Any] | None:
        image = self.images.get(image_id)
        return image if image is not None and self.can_see(request, image) else None

    @fakes.route("GET", "/v2/cache")
    def cache_state(self, request: fakes.Request) -> dict[str, Any]:
        """The cached images (``image_id``, ``size``, ``hits``, ``last_accessed``,
        ``last_modified`` in epoch seconds) and the queued image ids."""
        self._manage(request)
        return {"cached_images": list(self.cached.values()), "queued_images": list(self.queued)}

    @fakes.route("PUT", "/v2/cache/{image_id}")
    def queue_image(self, request: fakes.Request, image_id: str) -> fakes.Response:
        """Queue an active image for caching: 202, and cached at once."""
        image = self._cached_image(request, image_id)
        if image is None:
            raise fakes.Fault(404, f"Image {image_id} not found.")
        self._manage(request)
        self.settle(image)
        if image["status"] != "active":
            raise fakes.Fault(400, "Only images with status active can be targeted for queueing")
        now = self.now()
        data = self.data.get(image_id, b"")
        self.cached[image_id] = {
            "id": len(self.cached) + 1,
            "image_id": image_id,
            "last_accessed": now,
            "last_modified": now,
            "size": len(data),
            "hits": 0,
            "checksum": image["checksum"],
        }
        return fakes.Response.empty(202)

    @fakes.route("DELETE", "/v2/cache/{image_id}")
    def cache_delete(self, request: fakes.Request, image_id: str) -> fakes.Response:
        """Remove an image from the cache and the queue; 404 only for an image that is
        neither known nor cached."""
        known = self._cached_image(request, image_id) is not None
        if not known and image_id not in self.cached and image_id not in self.queued:
            raise fakes.Fault(404, f"Image {image_id} not found.")
        self._manage(request)
        self.cached.pop(image_id, None)
        if image_id in self.queued:
            self.queued.remove(image_id)
        return fakes.Response.empty()

    @fakes.route("DELETE", "/v2/cache")
    def clear_cache(self, request: fakes.Request) -> fakes.Response:
        """Empty the cache and the queue, or the one ``x-image-cache-clear-target``
        names."""
        self._manage(request)
        target = request.headers.get("x-image-cache-clear-target", "").lower()
        if target not in _TARGETS:
            raise fakes.Fault(
                400,
                "If provided 'x-image-cache-clear-target' must be 'cache', 'queue' or empty "
                "string.",
            )
        if target in ("", "cache"):
            self.cached.clear()
        if target in ("", "queue"):
            self.queued.clear()
        return fakes.Response.empty()

    @fakes.route("GET", "/v2/cache/nodes/{image_id}")
    def cached_nodes(self, request: fakes.Request, image_id: str) -> fakes.Response:
        """The reference URLs of the nodes that cache the image: this one, or none."""
        self._manage(request)
        if self._cached_image(request, image_id) is None:
            raise fakes.Fault(404, f"Image {image_id} not found.")
        nodes = [f"{request.service_url}/"] if image_id in self.cached else []
        return fakes.Response.json(nodes)

    @fakes.route("POST", "/v2/cache/clean")
    def clean_cache(self, request: fakes.Request) -> fakes.Response:
        """Drop the entries of images that are gone or no longer active."""
        self._manage(request)
        for image_id in list(self.cached):
            image = self.images.get(image_id)
            if image is None or image["status"] != "active":
                del self.cached[image_id]
        return fakes.Response.empty(200)

    @fakes.route("POST", "/v2/cache/prune")
    def prune_cache(self, request: fakes.Request) -> dict[str, Any]:
        """Drop the least recently used images until the cache fits ``cache_max_size``."""
        self._manage(request)
        files = size = 0
        total = sum(entry["size"] for entry in self.cached.values())
        oldest_first = sorted(self.cached.values(), key=lambda e: e["last_accessed"])
        for entry in oldest_first:
            if total <= int(self.settings["cache_max_size"]):
                break
            del self.cached[entry["image_id"]]
            total -= entry["size"]
            files, size = files + 1, size + entry["size"]
        return {"total_files_pruned": files, "total_bytes_pruned": size}

    def dump_state(self) -> Any:
        """The images' state, with the cache and its queue."""
        state = super().dump_state()
        state["cache"] = {"cached": self.cached, "queued": self.queued}
        return state

    def load_state(self, data: Any) -> None:
        """Take the images, the cache and its queue back."""
        super().load_state(data)
        cache = data.get("cache", {})
        self.cached = dict(cache.get("cached", {}))
        self.queued = list(cache.get("queued", []))
