"""Exceptions of the image plugin, all within openstack-core's tree."""

from __future__ import annotations

from openstack_core.exceptions import InvalidResponse

__all__ = ["ImageHashMismatch"]


class ImageHashMismatch(InvalidResponse):
    """The image data's hash differs from the one Glance recorded for the image.

    ``algorithm``, ``expected`` and ``actual`` say which hash and both values.
    """

    def __init__(self, *, image_id: str, algorithm: str, expected: str, actual: str) -> None:
        self.image_id = image_id
        self.algorithm = algorithm
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"Image {image_id}: the data's {algorithm} is {actual} but the image records "
            f"{expected}. The data is corrupt or incomplete; nothing was written to the "
            "output path. Retry the transfer, and if it persists ask the cloud operator "
            "to check the image's stored data."
        )
