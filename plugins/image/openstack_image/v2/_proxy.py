"""The Glance v2 Proxy: what ``conn.image`` returns."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests

from openstack_core import exceptions
from openstack_image.exceptions import ImageRefused, MetadefRefused
from openstack_image.v2._proxy_cache import CacheMethods
from openstack_image.v2._proxy_data import DataMethods, DataSource, ImageRef, _with_properties
from openstack_image.v2._proxy_image_parts import ImagePartsMethods
from openstack_image.v2._proxy_info import InfoMethods
from openstack_image.v2._proxy_metadefs import MetadefMethods
from openstack_image.v2.image import Image

__all__ = ["DataSource", "ImageRef", "Proxy"]

#: How Glance words a policy denial (glance.common.exception.Forbidden and the member
#: lookups); every other 403 is about the image or the request itself.
_POLICY_DENIAL = "You are not authorized"


class Proxy(DataMethods, ImagePartsMethods, InfoMethods, CacheMethods, MetadefMethods):
    """Glance (image) API v2.

    Images and their data are here; what hangs off an image (members, locations),
    tasks, stores and schemas, the image cache and the metadata definitions are
    grouped in mixins by subject.
    """

    service_type = "image"
    api_version = 2
    plugin_api_version = "2.0"

    def exception_for_response(
        self, response: requests.Response, error_message: str | None = None
    ) -> exceptions.HttpException:
        """Our exception for a Glance error: for a 403 that is not a policy denial,
        :class:`ImageRefused`, or :class:`MetadefRefused` under ``/metadefs`` (the
        caller's "No Image found ..." context goes with 404s only).

        The cache API words its policy denials "Access was denied to this resource":
        every 403 under ``/cache`` is one.
        """
        exc = super().exception_for_response(response, error_message)
        if not isinstance(exc, exceptions.ForbiddenException):
            return exc
        path = urlsplit(response.url or "").path
        # In the text, not at its start: an HTML page's message begins with its title.
        if _POLICY_DENIAL in (exc.details or "") or "/cache" in path:
            return exc
        cls = MetadefRefused if "/metadefs/" in path else ImageRefused
        return exceptions.exception_from_response(
            response, cls=cls, details=exc.details, error_code=exc.error_code
        )

    # -- images -------------------------------------------------------------------------

    def update_image(self, image: ImageRef, **attrs: Any) -> Image:
        """Change attributes or properties; sends a JSON patch of only the changes."""
        # A JSON patch must know which keys exist (add vs replace): start from the
        # server's current view unless the caller holds one.
        res = image if isinstance(image, Image) else self.get_image(image)
        return self._update(Image, res, **_with_properties(attrs, res))

    def update_image_properties(
        self, image: ImageRef | None = None, meta: dict[str, Any] | None = None, **kwargs: Any
    ) -> bool:
        """Set free-form properties (``meta`` and keyword arguments) on ``image``."""
        if image is None:
            raise exceptions.InvalidRequest("update_image_properties needs the image")
        self.update_image(image, **{**(meta or {}), **kwargs})
        return True

    def deactivate_image(self, image: ImageRef) -> None:
        """Make an image's data unavailable to non-admins (``actions/deactivate``)."""
        self._get_resource(Image, image).deactivate(self)

    def reactivate_image(self, image: ImageRef) -> None:
        """Undo :meth:`deactivate_image`."""
        self._get_resource(Image, image).reactivate(self)

    def add_tag(self, image: ImageRef, tag: str) -> None:
        """Add one tag to an image."""
        self._get_resource(Image, image).add_tag(self, tag)

    def remove_tag(self, image: ImageRef, tag: str) -> None:
        """Remove one tag from an image."""
        self._get_resource(Image, image).remove_tag(self, tag)
