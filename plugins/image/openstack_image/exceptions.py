"""Exceptions of the image plugin, all within openstack-core's tree."""

from __future__ import annotations

from openstack_core.exceptions import ForbiddenException, InvalidResponse

__all__ = ["ImageDownloadIncomplete", "ImageHashMismatch", "ImageRefused", "MetadefRefused"]


class ImageHashMismatch(InvalidResponse):
    """The image data's hash differs from the one Glance recorded for the image.

    ``algorithm``, ``expected`` and ``actual`` say which hash and both values; on a
    download ``expected`` is Glance's record, on an upload check it is the local hash.
    The message says what the failure left behind, which depends on where the data
    went: nothing at an output path, unverified bytes in a caller's file object or
    among the chunks a ``stream=True`` iterator already yielded.
    """

    #: What a failed download means for the caller, whatever the data's destination.
    DOWNLOAD_ADVICE = (
        "Do not use the downloaded data. Retry the download, and if it persists ask the "
        "cloud operator to check the image's stored data."
    )
    #: What a failed upload check means for the caller.
    UPLOAD_ADVICE = (
        "The data was altered in transit or the given hash is wrong; the new image was "
        "deleted. Check the local file and hash, then upload again."
    )

    def __init__(
        self,
        *,
        image_id: str,
        algorithm: str,
        expected: str,
        actual: str,
        advice: str = DOWNLOAD_ADVICE,
    ) -> None:
        self.image_id = image_id
        self.algorithm = algorithm
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"Image {image_id}: {algorithm} mismatch, expected {expected} but got {actual}. "
            f"{advice}"
        )


class ImageDownloadIncomplete(InvalidResponse):
    """A download ended before all of the image's data arrived.

    Either the connection broke (the requests or socket error is the ``__cause__``) or
    the server closed a response early that carried no length to detect it by, and
    fewer bytes arrived than the image record's ``size``. ``received`` is the number of
    bytes that arrived, ``expected`` the number announced (None when unknown).
    """

    def __init__(
        self,
        *,
        image_id: str,
        received: int,
        expected: int | None,
        reason: str,
        left_behind: str,
    ) -> None:
        self.image_id = image_id
        self.received = received
        self.expected = expected
        of = f" of {expected}" if expected is not None else ""
        super().__init__(
            f"Image {image_id}: download failed with {received}{of} bytes received ({reason}); "
            f"{left_behind}. Retry the download; if it keeps stopping, check the network "
            "path to Glance (proxies, timeouts) or ask the cloud operator."
        )


class ImageRefused(ForbiddenException):
    """HTTP 403 for a reason of the image, not of the caller's roles.

    Glance answers 403 both when policy denies the caller ("You are not authorized
    to ...") and when the image itself forbids the request: it is protected, deactivated,
    in a status the action does not accept, or the attribute is read-only or reserved.
    The second kind raises this subclass, whose hint points at the image rather than at
    the credentials; ``except ForbiddenException`` still catches both.
    """

    hint = (
        "Glance refuses this because of the image's state or the attribute, not for a "
        "missing role: change the image first (e.g. is_protected=False, reactivate_image, "
        "wait until it is active), or leave that attribute alone"
    )


class MetadefRefused(ForbiddenException):
    """HTTP 403 for a reason of a metadata definition, not of the caller's roles.

    Glance refuses to delete a protected namespace (or anything in it) with a 403, as
    it does a policy denial; ``except ForbiddenException`` catches both.
    """

    hint = (
        "Glance refuses this because of the metadata definition, not for a missing role: "
        "a protected namespace cannot be deleted, nor can its contents; update it with "
        "is_protected=False first"
    )
