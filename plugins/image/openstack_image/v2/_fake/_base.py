"""State, errors, views, visibility and validation shared by the image fake's routes.

Images, members and tasks are plain dicts; image data is kept in memory as bytes
(``data`` for stored images, ``staging`` for glance-direct). An import completes
``import_delay`` seconds after it was asked for, computed when the image is next read
(no thread runs): until then the image is ``importing`` and holds Glance's import lock
property ``os_glance_import_task``.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from openstack_core import fakes

VISIBILITIES = ["community", "private", "public", "shared"]
DISK_FORMATS = ["ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"]
CONTAINER_FORMATS = ["ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"]
#: Attributes of Glance's image schema; every other key is a free-form property.
CORE = (
    "id",
    "name",
    "status",
    "visibility",
    "protected",
    "os_hidden",
    "checksum",
    "os_hash_algo",
    "os_hash_value",
    "owner",
    "size",
    "virtual_size",
    "min_ram",
    "min_disk",
    "disk_format",
    "container_format",
    "tags",
)
READ_ONLY = (
    "status",
    "checksum",
    "os_hash_algo",
    "os_hash_value",
    "size",
    "virtual_size",
    "created_at",
    "updated_at",
    "direct_url",
    "self",
    "file",
    "schema",
    "stores",
    "locations",
)
STORE = "fs"
_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    410: "Gone",
    413: "Request Entity Too Large",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
    501: "Not Implemented",
}


def denied(action: str) -> fakes.Fault:
    """Glance's policy denial (a 403 about roles, not about the image)."""
    return fakes.Fault(403, f"You are not authorized to complete {action} action.")


class ImageBase(fakes.FakeService):
    """What the image fake's route groups share."""

    default_settings: ClassVar[Mapping[str, Any]] = {
        "import_delay": 0.2,
        # Seconds an uploaded image stays "saving" after its data arrived; 0: active when
        # the upload is answered, as with Glance's filesystem store.
        "upload_delay": 0.0,
        "task_delay": 0.2,
        "import_methods": ["glance-direct", "web-download"],
        # Glance's [import_filtering_opts]: who web-download may fetch from.
        "allowed_schemes": ["http", "https"],
        "allowed_hosts": [],  # empty: any host
        "allowed_ports": [80, 443],
        "page_size": 25,
        "max_limit": 1000,
        # The image cache's size limit (Glance's image_cache_max_size): what prune keeps.
        "cache_max_size": 10 * 1024**3,
    }

    def __init__(self, context: Any) -> None:
        super().__init__(context)
        self.images: dict[str, dict[str, Any]] = {}
        self.data: dict[str, bytes] = {}
        self.staging: dict[str, bytes] = {}
        self.tasks: dict[str, dict[str, Any]] = {}

    # -- errors -----------------------------------------------------------------------

    def error(
        self, request: fakes.Request, status: int, message: str, **details: Any
    ) -> fakes.Response:
        """webob's HTML error page, as Glance answers (``text/html``)."""
        title = _TITLES.get(status, "Error")
        page = (
            f"<html>\n <head>\n  <title>{status} {title}</title>\n </head>\n <body>\n"
            f"  <h1>{status} {title}</h1>\n  {html.escape(message)}<br /><br />\n\n\n\n"
            " </body>\n</html>"
        )
        return fakes.Response.text(page, status, "text/html; charset=UTF-8", details.get("headers"))

    def version_document(self, request: fakes.Request) -> fakes.Response:
        """Glance's root: its versions with ``300 Multiple Choices``."""
        link = [{"rel": "self", "href": f"{request.service_url}/v2/"}]
        versions = [{"id": "v2.16", "status": "CURRENT", "links": link}] + [
            {"id": f"v2.{minor}", "status": "SUPPORTED", "links": link}
            for minor in range(15, -1, -1)
        ]
        return fakes.Response.json({"versions": versions}, 300)

    # -- listings ---------------------------------------------------------------------

    def glance_page(
        self,
        request: fakes.Request,
        items: list[dict[str, Any]],
        path: str,
        collection: str,
        view: Callable[[dict[str, Any]], dict[str, Any]],
        *,
        schema: str,
        missing_marker: Callable[[str], fakes.Fault],
        key: Callable[[Any], str] = lambda item: str(item["id"]),
    ) -> dict[str, Any]:
        """One page of ``items`` (filtered and sorted) as Glance lists: ``page_size`` to
        a page unless ``?limit=`` says otherwise (``max_limit`` at most), with ``first``
        and, after a full page, ``next`` links of ``path``, and the ``schema`` link."""
        page = fakes.paginate(
            items,
            request,
            key=key,
            default_limit=int(self.settings["page_size"]),
            max_limit=int(self.settings["max_limit"]),
            missing_marker=missing_marker,
        )
        query = {k: v for k, v in request.query.items() if k != "marker"}
        answer: dict[str, Any] = {
            collection: [view(item) for item in page.items],
            "first": request.relative_link(path, query),
            "schema": schema,
        }
        if page.next_marker is not None:
            answer["next"] = request.relative_link(path, {**query, "marker": page.next_marker})
        return answer

    # -- visibility -------------------------------------------------------------------

    def can_see(self, request: fakes.Request, image: dict[str, Any]) -> bool:
        """Whether the caller may GET the image: admins, the owner, anyone for public
        and community images, members for shared ones."""
        if request.is_admin or image["owner"] == request.project_id:
            return True
        if image["visibility"] in ("public", "community"):
            return True
        return image["visibility"] == "shared" and request.project_id in image["members"]

    def image_of(self, request: fakes.Request, image_id: str) -> dict[str, Any]:
        """The image, its pending import applied; Fault(404) if the caller cannot see it."""
        image = self.images.get(image_id)
        if image is None or not self.can_see(request, image):
            raise fakes.Fault(404, f"No image found with ID {image_id}")
        self.settle(image)
        return image

    def owned(self, request: fakes.Request, image_id: str, action: str) -> dict[str, Any]:
        """The image, if the caller may change it (owner or admin)."""
        image = self.image_of(request, image_id)
        if not (request.is_admin or image["owner"] == request.project_id):
            raise denied(action)
        return image

    # -- views ------------------------------------------------------------------------

    def view(self, image: dict[str, Any]) -> dict[str, Any]:
        """The image document Glance returns."""
        shown = {k: v for k, v in image["properties"].items()}
        shown.update({key: image[key] for key in CORE})
        shown["tags"] = list(image["tags"])
        shown["created_at"] = fakes.isotime(image["created_at"])
        shown["updated_at"] = fakes.isotime(image["updated_at"])
        shown["self"] = f"/v2/images/{image['id']}"
        shown["file"] = f"/v2/images/{image['id']}/file"
        shown["schema"] = "/v2/schemas/image"
        if image["status"] in ("active", "deactivated"):
            shown["stores"] = STORE
        return shown

    # -- data -------------------------------------------------------------------------

    def store(self, image: dict[str, Any], data: bytes) -> None:
        """Keep ``data`` as the image's and record its size and hashes."""
        self.data[image["id"]] = data
        image.update(
            status="active",
            size=len(data),
            checksum=hashlib.md5(data, usedforsecurity=False).hexdigest(),
            os_hash_algo="sha512",
            os_hash_value=hashlib.sha512(data).hexdigest(),
            updated_at=self.now(),
        )

    def settle(self, image: dict[str, Any]) -> None:
        """Finish an import whose time has come (success or failure)."""
        pending = image.get("pending")
        if pending is None or pending["at"] > self.now():
            return
        image["pending"] = None
        if pending.get("kind") == "upload":
            self.store(image, self.staging.pop(image["id"], b""))
            return
        props = image["properties"]
        props.pop("os_glance_import_task", None)
        props["os_glance_importing_to_stores"] = ""
        task = self.tasks.get(pending["task_id"])
        if pending["error"] is None:
            self.store(image, self.staging.pop(image["id"], b""))
            props["os_glance_failed_import"] = ""
            if task is not None:
                self.finish_task(task, "success", "", {"image_id": image["id"]})
        else:
            self.staging.pop(image["id"], None)
            image["status"] = "queued"
            image["updated_at"] = pending["at"]
            props["os_glance_failed_import"] = STORE
            if task is not None:
                self.finish_task(task, "failure", pending["error"], None)

    def finish_task(
        self, task: dict[str, Any], status: str, message: str, result: dict[str, Any] | None
    ) -> None:
        """End a task: its status, message and result, and when it expires."""
        task.update(status=status, message=message, result=result, updated_at=self.now())
        task["expires_at"] = self.now() + 48 * 3600

    # -- state ------------------------------------------------------------------------

    def dump_state(self) -> Any:
        """Images (data base64-encoded), staged data and tasks."""
        for image in self.images.values():
            self.settle(image)
        encode = base64.b64encode
        return {
            "images": self.images,
            "data": {k: encode(v).decode() for k, v in self.data.items()},
            "staging": {k: encode(v).decode() for k, v in self.staging.items()},
            "tasks": self.tasks,
        }

    def load_state(self, data: Any) -> None:
        """Take the saved images, data and tasks back."""
        self.images = dict(data["images"])
        self.data = {k: base64.b64decode(v) for k, v in data["data"].items()}
        self.staging = {k: base64.b64decode(v) for k, v in data["staging"].items()}
        self.tasks = dict(data["tasks"])
