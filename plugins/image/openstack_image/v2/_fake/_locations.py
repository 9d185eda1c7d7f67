"""An image's locations (Glance's location API, 2.17) and its tasks.

Listing needs the ``service`` role, as under Glance's default policy; a stored image
has one location, in the ``fs`` store. Adding one takes a ``queued`` image and a URL:
a project member may add only URLs of an ``http`` store the cloud enables (none here),
a service user any. The request is accepted (202) and a ``location_import`` task, owned
by the caller's project and holding the image's import lock, then fails after
``task_delay`` with the image left ``queued``: the fake's one store keeps data in memory
and takes no external location, as Glance 33 with a filesystem store refuses them.
"""

from __future__ import annotations

import hashlib
from typing import Any

from openstack_core import fakes
from openstack_image.v2._fake._base import STORE, denied
from openstack_image.v2._fake._misc import MiscRoutes

#: What Glance 33 says of a location_import that fails (its log says why).
LOCATION_FAILURE = "Task failed due to Internal Error"


def _check_hashes(validation_data: Any) -> None:
    """Glance's checks of ``validation_data``: a hex ``os_hash_value`` of the size of
    ``os_hash_algo`` (sha512 by default)."""
    if not isinstance(validation_data, dict) or "os_hash_value" not in validation_data:
        return
    value = validation_data["os_hash_value"]
    try:
        digest = bytes.fromhex(str(value))
    except ValueError:
        raise fakes.Fault(
            400, f"os_hash_value ({value}) is not a valid hexadecimal value"
        ) from None
    algorithm = str(validation_data.get("os_hash_algo", "sha512"))
    try:
        size = hashlib.new(algorithm).digest_size
    except ValueError:
        raise fakes.Fault(400, f"os_hash_algo ({algorithm}) is not supported") from None
    if len(digest) != size:
        raise fakes.Fault(
            400,
            f"os_hash_value: ({value}) is not the correct size for ({algorithm}) "
            f"(should be ({size}) bytes)",
        )


class LocationRoutes(MiscRoutes):
    """``/v2/images/{id}/locations`` and ``/v2/images/{id}/tasks``."""

    @staticmethod
    def location_url(image_id: str) -> str:
        """Where the ``fs`` store says an image's data is."""
        return f"file:///local-cloud/{STORE}/images/{image_id}"

    @fakes.route("GET", "/v2/images/{image_id}/locations")
    def list_locations(self, request: fakes.Request, image_id: str) -> fakes.Response:
        """The image's locations (the ``service`` role): a bare JSON list."""
        self.image_of(request, image_id)
        if "service" not in request.roles:
            raise denied("fetch_image_location")
        found = []
        if image_id in self.data:
            found.append({"url": self.location_url(image_id), "metadata": {"store": STORE}})
        return fakes.Response.json(found)

    @fakes.route("POST", "/v2/images/{image_id}/locations")
    def add_location(self, request: fakes.Request, image_id: str) -> fakes.Response:
        """Accept a location for a queued image; its location_import task fails later."""
        image = self.image_of(request, image_id)
        body = request.json_object()
        url = body.get("url")
        if not isinstance(url, str) or not url:
            raise fakes.Fault(400, "Provided object does not match schema 'location': 'url'")
        if image["status"] != "queued":
            raise fakes.Fault(
                409, f"It's not allowed to add locations if image status is {image['status']}."
            )
        service = "service" in request.roles
        if not (service or request.is_admin or image["owner"] == request.project_id):
            raise denied("add_location")
        if not service:  # only the http store takes a member's locations; none is enabled
            raise fakes.Fault(403, "http store must be enabled to use location API by normal user.")
        validation_data = body.get("validation_data") or {}
        _check_hashes(validation_data)
        if image["properties"].get("os_glance_import_task"):
            raise fakes.Fault(
                409,
                f"New operation on image '{image_id}' is not permitted as prior operation is "
                "still in progress",
            )
        task = self.new_task(
            request,
            "location_import",
            {"image_id": image_id, "loc_url": url, "validation_data": validation_data},
            image_id=image_id,
        )
        task["status"] = "processing"
        image["properties"]["os_glance_import_task"] = task["id"]
        image["pending"] = {
            "at": self.now() + float(self.settings["task_delay"]),
            "kind": "location",
            "task_id": task["id"],
            "error": LOCATION_FAILURE,
        }
        return fakes.Response.empty(202)

    def settle(self, image: dict[str, Any]) -> None:
        """A pending location import fails when its time comes (the image stays
        queued, its lock is released); anything else as the images settle."""
        pending = image.get("pending")
        if pending is None or pending.get("kind") != "location" or pending["at"] > self.now():
            super().settle(image)
            return
        image["pending"] = None
        if image["properties"].get("os_glance_import_task") == pending["task_id"]:
            del image["properties"]["os_glance_import_task"]
        task = self.tasks.get(pending["task_id"])
        if task is not None:
            self.finish_task(task, "failure", pending["error"], None)

    @fakes.route("GET", "/v2/images/{image_id}/tasks")
    def list_image_tasks(self, request: fakes.Request, image_id: str) -> dict[str, Any]:
        """The tasks of an image the caller may see: its project's (every one, for an
        admin), with their input, result and message."""
        self.image_of(request, image_id)
        tasks = []
        for task in self.tasks.values():
            if task["image_id"] != image_id:
                continue
            if not (request.is_admin or task["owner"] == request.project_id):
                continue
            view = self._task_view(task, full=True)
            view.update(deleted=False, deleted_at=None)
            for key in ("self", "schema"):
                view.pop(key, None)
            tasks.append(view)
        return {"tasks": tasks}
