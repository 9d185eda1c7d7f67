"""Proxy methods of what hangs off an image: its members and its locations."""

from __future__ import annotations

from typing import Any

from openstack_core import crud, exceptions, proxy, resource
from openstack_image.v2.image import Image
from openstack_image.v2.image_location import ImageLocation
from openstack_image.v2.member import Member

ImageRef = str | Image


class ImagePartsMethods(proxy.Proxy):
    """An image's members (the projects it is shared with) and its store locations."""

    # -- members ------------------------------------------------------------------------

    members = crud.lister(Member, parent="image_id")
    get_member = crud.getter(Member, parent="image_id")
    find_member = crud.finder(Member, parent="image_id")
    #: ``add_member(image, member_id=project_id)`` (or openstacksdk's ``member=``).
    add_member = crud.creator(Member, parent="image_id")
    #: Accept or reject a shared image: ``update_member(me, image, status="accepted")``.
    update_member = crud.updater(Member, parent="image_id")

    def remove_member(
        self, member: str | Member, image: ImageRef | None = None, ignore_missing: bool = True
    ) -> None:
        """Stop sharing an image with a project."""
        image_id = resource.id_of(image) if image is not None else getattr(member, "image_id", None)
        self._delete(
            Member, resource.id_of(member), ignore_missing=ignore_missing, image_id=image_id
        )

    # -- locations ----------------------------------------------------------------------

    def add_image_location(
        self, image: ImageRef, url: str, *, validation_data: dict[str, Any] | None = None
    ) -> ImageLocation:
        """Attach data that already is in a store to a ``queued`` image (Glance 2.17).

        Glance answers 202 and attaches the data in a ``location_import`` task (see
        :meth:`image_tasks`), which hashes it (or checks ``validation_data``:
        ``os_hash_algo``, ``os_hash_value``) before the image becomes active; wait for
        that with ``wait_for_status(image, "active")``. A service user may give a URL of
        any configured store; a project member only an ``http`` URL, and only when the
        cloud enables the http store (else 403). Returns the location as sent.
        """
        if not url:
            raise exceptions.InvalidRequest("add_image_location needs the location's url")
        return self._create(
            ImageLocation,
            image_id=resource.id_of(image),
            url=url,
            validation_data=validation_data or {},
        )

    #: ``image_locations(image)``: the image's locations (the ``service`` role only,
    #: under Glance's default policy).
    image_locations = crud.lister(ImageLocation, parent="image_id")
