"""``/v2/images``: create, list, show, JSON-patch update, delete, tags, actions, and
the data (upload, download, stage, import)."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any

from openstack_core import fakes
from openstack_image.v2._fake._base import (
    CONTAINER_FORMATS,
    CORE,
    DISK_FORMATS,
    READ_ONLY,
    STORE,
    VISIBILITIES,
    ImageBase,
    denied,
)

PATCH_MEDIA_TYPE = "application/openstack-images-v2.1-json-patch"
_SORT_KEYS = {
    "name",
    "status",
    "container_format",
    "disk_format",
    "size",
    "id",
    "created_at",
    "updated_at",
    "visibility",
    "owner",
    "min_disk",
    "min_ram",
    "virtual_size",
}
_LIST_PARAMS = {
    "limit",
    "marker",
    "sort",
    "sort_key",
    "sort_dir",
    "member_status",
    "visibility",
    "tag",
    "protected",
    "os_hidden",
    "id",
    "size_min",
    "size_max",
    "created_at",
    "updated_at",
}


def _schema_error(message: str) -> fakes.Fault:
    return fakes.Fault(400, f"Provided object does not match schema 'image': {message}")


def _check_value(key: str, value: Any) -> None:
    """Glance's schema checks of one attribute or property value."""
    if key == "visibility" and value not in VISIBILITIES:
        raise _schema_error(f"{value!r} is not one of {VISIBILITIES}")
    if key == "disk_format" and value is not None and value not in DISK_FORMATS:
        raise _schema_error(f"{value!r} is not one of {DISK_FORMATS}")
    if key == "container_format" and value is not None and value not in CONTAINER_FORMATS:
        raise _schema_error(f"{value!r} is not one of {CONTAINER_FORMATS}")
    if key in ("min_ram", "min_disk") and (
        not isinstance(value, int) or isinstance(value, bool) or value < 0
    ):
        raise _schema_error(f"{value!r} is not of type 'integer' or is less than 0")
    if key in ("protected", "os_hidden") and not isinstance(value, bool):
        raise _schema_error(f"{value!r} is not of type 'boolean'")
    if key == "name" and value is not None and (not isinstance(value, str) or len(value) > 255):
        raise _schema_error(f"{value!r} is not of type 'string' of at most 255 characters")
    if key == "tags" and (
        not isinstance(value, list) or not all(isinstance(t, str) and len(t) <= 255 for t in value)
    ):
        raise _schema_error(f"{value!r} is not a list of strings")
    if key not in CORE and key not in READ_ONLY and not isinstance(value, str):
        raise _schema_error(f"{value!r} is not of type 'string'")


def _check_key(key: str) -> None:
    if key in READ_ONLY:
        raise fakes.Fault(403, f"Attribute '{key}' is read-only.")
    if key.startswith("os_glance"):
        raise fakes.Fault(403, f"Attribute '{key}' is reserved.")


class ImageRoutes(ImageBase):
    """Images and their data."""

    # -- create, show, delete ---------------------------------------------------------

    @fakes.route("POST", "/v2/images")
    def create_image(self, request: fakes.Request) -> fakes.Response:
        """Create an image record (status ``queued``)."""
        spec = request.json_object()
        for key, value in spec.items():
            if key != "id":
                _check_key(key)
            _check_value(key, value)
        image_id = str(spec.get("id") or fakes.new_id())
        try:
            uuid.UUID(image_id)
        except ValueError:
            raise _schema_error(f"{image_id!r} does not match the uuid format") from None
        if image_id in self.images:
            raise fakes.Fault(409, f"Image with identifier {image_id} already exists!")
        owner = spec.get("owner", request.project_id)
        if owner != request.project_id and not request.is_admin:
            raise fakes.Fault(403, f"You are not permitted to create images owned by '{owner}'.")
        if spec.get("visibility") == "public" and not request.is_admin:
            raise denied("publicize_image")
        now = self.now()
        image = {
            "id": image_id,
            "name": spec.get("name"),
            "status": "queued",
            "visibility": spec.get("visibility", "shared"),
            "protected": bool(spec.get("protected", False)),
            "os_hidden": bool(spec.get("os_hidden", False)),
            "checksum": None,
            "os_hash_algo": None,
            "os_hash_value": None,
            "owner": owner,
            "size": None,
            "virtual_size": None,
            "min_ram": spec.get("min_ram", 0),
            "min_disk": spec.get("min_disk", 0),
            "disk_format": spec.get("disk_format"),
            "container_format": spec.get("container_format"),
            "tags": list(dict.fromkeys(spec.get("tags", []))),
            "properties": {k: v for k, v in spec.items() if k not in CORE and k != "id"},
            "members": {},
            "created_at": now,
            "updated_at": now,
            "pending": None,
        }
        self.images[image_id] = image
        return fakes.Response.json(
            self.view(image), 201, {"Location": request.link(f"/v2/images/{image_id}")}
        )

    @fakes.route("GET", "/v2/images/{image_id}")
    def get_image(self, request: fakes.Request, image_id: str) -> dict[str, Any]:
        """One image."""
        return self.view(self.image_of(request, image_id))

    @fakes.route("DELETE", "/v2/images/{image_id}")
    def delete_image(self, request: fakes.Request, image_id: str) -> fakes.Response:
        """Delete an image (not a protected one) and its data."""
        image = self.images.get(image_id)
        if image is None or not self.can_see(request, image):
            raise fakes.Fault(404, f"Failed to find image {image_id} to delete")
        if not (request.is_admin or image["owner"] == request.project_id):
            raise denied("delete_image")
        if image["protected"]:
            raise fakes.Fault(403, f"Image {image_id} is protected and cannot be deleted.")
        del self.images[image_id]
        self.data.pop(image_id, None)
        self.staging.pop(image_id, None)
        return fakes.Response.empty()

    # -- list -------------------------------------------------------------------------

    def _listed(self, request: fakes.Request, image: dict[str, Any]) -> bool:
        """Whether the image is in the caller's listing (before the filters)."""
        member_status = request.arg("member_status", "accepted")
        visibility = request.arg("visibility")
        mine = image["owner"] == request.project_id
        membership = image["members"].get(request.project_id)
        as_member = (
            image["visibility"] == "shared"
            and membership is not None
            and member_status in ("all", membership["status"])
        )
        if visibility is None:
            if request.is_admin:
                return True
            return mine or image["visibility"] == "public" or as_member
        if visibility == "all":
            return (
                request.is_admin
                or mine
                or image["visibility"] in ("public", "community")
                or as_member
            )
        if image["visibility"] != visibility:
            return False
        if visibility in ("public", "community"):
            return True
        return request.is_admin or mine or as_member

    def _matches(self, request: fakes.Request, image: dict[str, Any]) -> bool:
        hidden = (request.arg("os_hidden") or "false").lower()
        if hidden not in ("true", "false"):
            raise fakes.Fault(
                400,
                f"Invalid value '{hidden}' for 'os_hidden' filter. Valid "
                "values are 'true' or 'false'.",
            )
        if image["os_hidden"] != (hidden == "true"):
            return False
        protected = request.arg("protected")
        if protected is not None:
            if protected not in ("true", "false"):
                raise fakes.Fault(
                    400,
                    f"Invalid value '{protected}' for 'protected' filter. "
                    "Valid values are 'true' or 'false'.",
                )
            if image["protected"] != (protected == "true"):
                return False
        if not set(request.args("tag")) <= set(image["tags"]):
            return False
        ids = request.arg("id")
        if ids is not None:
            wanted = ids[3:].split(",") if ids.startswith("in:") else [ids]
            if image["id"] not in wanted:
                return False
        for key, compare in (("size_min", 1), ("size_max", -1)):
            bound = request.int_arg(key)
            if bound is not None:
                size = image["size"]
                if size is None or (size < bound if compare > 0 else size > bound):
                    return False
        for key, value in request.query.items():
            if key in _LIST_PARAMS:
                continue
            text = value[-1]
            if text.startswith("in:"):
                choices = text[3:].split(",")
            else:
                choices = [text]
            current = image[key] if key in CORE else image["properties"].get(key)
            if current is None or str(current) not in choices:
                return False
        return True

    @staticmethod
    def _sort_spec(request: fakes.Request) -> list[tuple[str, str]]:
        sort = request.arg("sort")
        if sort is not None:
            spec = []
            for part in sort.split(","):
                key, _, direction = part.strip().partition(":")
                spec.append((key, direction or "desc"))
        else:
            keys = request.args("sort_key") or ["created_at"]
            dirs = request.args("sort_dir")
            spec = [
                (k, dirs[i] if i < len(dirs) else (dirs[-1] if dirs else "desc"))
                for i, k in enumerate(keys)
            ]
        for key, direction in spec:
            if key not in _SORT_KEYS:
                raise fakes.Fault(
                    400,
                    f"Invalid sort key: {key}. It should be one of the "
                    f"following: {', '.join(sorted(_SORT_KEYS))}.",
                )
            if direction not in ("asc", "desc"):
                raise fakes.Fault(400, f"Invalid sort direction: {direction}")
        if "id" not in [k for k, _ in spec]:
            spec.append(("id", spec[-1][1] if spec else "desc"))
        return spec

    @fakes.route("GET", "/v2/images")
    def list_images(self, request: fakes.Request) -> dict[str, Any]:
        """The caller's images (with Glance's filters, sorting and ``next`` links)."""
        images = [
            i
            for i in self.images.values()
            if self._listed(request, i) and self._matches(request, i)
        ]
        for image in images:
            self.settle(image)
        for key, direction in reversed(self._sort_spec(request)):
            images.sort(
                key=lambda i: (i.get(key) is None, i.get(key) if i.get(key) is not None else 0),
                reverse=direction == "desc",
            )
        return self.glance_page(
            request,
            images,
            "/v2/images",
            "images",
            self.view,
            schema="/v2/schemas/images",
            missing_marker=lambda m: fakes.Fault(
                400, f"Invalid marker. Image {m} could not be found."
            ),
        )

    # -- update -----------------------------------------------------------------------

    @fakes.route("PATCH", "/v2/images/{image_id}")
    def update_image(self, request: fakes.Request, image_id: str) -> dict[str, Any]:
        """Apply an RFC 6902 patch (``application/openstack-images-v2.1-json-patch``)."""
        content_type = request.headers.get("Content-Type", "").split(";")[0].strip()
        if content_type != PATCH_MEDIA_TYPE:
            raise fakes.Fault(
                415,
                f"Unsupported Content-Type {content_type}",
                headers={
                    "Accept-Patch": (
                        f"{PATCH_MEDIA_TYPE}, application/openstack-images-v2.0-json-patch"
                    )
                },
            )
        image = self.owned(request, image_id, "modify_image")
        operations = request.json()
        if not isinstance(operations, list):
            raise fakes.Fault(400, "Request body must be a JSON array of operation objects.")
        for operation in operations:
            self._apply(request, image, operation)
        image["updated_at"] = self.now()
        return self.view(image)

    def _apply(self, request: fakes.Request, image: dict[str, Any], operation: Any) -> None:
        if not isinstance(operation, dict) or operation.get("op") not in (
            "add",
            "replace",
            "remove",
        ):
            raise fakes.Fault(
                400, "Operations must be JSON objects with an op of add, replace or remove."
            )
        path = str(operation.get("path", ""))
        if not path.startswith("/") or path.count("/") != 1:
            raise fakes.Fault(400, f"Unable to find '{path}' in JSON Schema change")
        key = path[1:].replace("~1", "/").replace("~0", "~")
        _check_key(key)
        if key == "id" or (key == "owner" and not request.is_admin):
            raise fakes.Fault(403, f"Attribute '{key}' is read-only.")
        op = operation["op"]
        if op == "remove":
            if key in CORE:
                raise fakes.Fault(403, f"Attribute '{key}' is read-only.")
            if key not in image["properties"]:
                raise fakes.Fault(409, f"Property {key} does not exist.")
            del image["properties"][key]
            return
        if "value" not in operation:
            raise fakes.Fault(
                400, 'Operation objects must contain exactly one member named "value".'
            )
        value = operation["value"]
        _check_value(key, value)
        if key == "visibility" and value == "public" and not request.is_admin:
            raise denied("publicize_image")
        if key in CORE:
            image[key] = list(dict.fromkeys(value)) if key == "tags" else value
        elif op == "replace" and key not in image["properties"]:
            raise fakes.Fault(409, f"Property {key} does not exist.")
        else:
            image["properties"][key] = value

    # -- tags and actions -------------------------------------------------------------

    @fakes.route("PUT", "/v2/images/{image_id}/tags/{tag}")
    def add_tag(self, request: fakes.Request, image_id: str, tag: str) -> fakes.Response:
        """Add a tag."""
        image = self.owned(request, image_id, "modify_image")
        if len(tag) > 255:
            raise fakes.Fault(400, "Tag is too long: 255 characters at most")
        if tag not in image["tags"]:
            image["tags"].append(tag)
            image["updated_at"] = self.now()
        return fakes.Response.empty()

    @fakes.route("DELETE", "/v2/images/{image_id}/tags/{tag}")
    def remove_tag(self, request: fakes.Request, image_id: str, tag: str) -> fakes.Response:
        """Remove a tag; 404 if the image lacks it."""
        image = self.owned(request, image_id, "modify_image")
        if tag not in image["tags"]:
            raise fakes.Fault(404, f"Tag {tag} not found")
        image["tags"].remove(tag)
        image["updated_at"] = self.now()
        return fakes.Response.empty()

    @fakes.route("POST", "/v2/images/{image_id}/actions/deactivate")
    def deactivate(self, request: fakes.Request, image_id: str) -> fakes.Response:
        """Make an active image's data unavailable to non-admins."""
        image = self.owned(request, image_id, "deactivate")
        if image["status"] == "active":
            image["status"] = "deactivated"
        elif image["status"] != "deactivated":
            raise fakes.Fault(403, f"Not allowed to deactivate image in status '{image['status']}'")
        image["updated_at"] = self.now()
        return fakes.Response.empty()

    @fakes.route("POST", "/v2/images/{image_id}/actions/reactivate")
    def reactivate(self, request: fakes.Request, image_id: str) -> fakes.Response:
        """Undo a deactivation."""
        image = self.owned(request, image_id, "reactivate")
        if image["status"] == "deactivated":
            image["status"] = "active"
        elif image["status"] != "active":
            raise fakes.Fault(403, f"Not allowed to reactivate image in status '{image['status']}'")
        image["updated_at"] = self.now()
        return fakes.Response.empty()

    # -- data -------------------------------------------------------------------------

    def _transition(self, image: dict[str, Any], target: str, allowed: tuple[str, ...]) -> None:
        if image["status"] not in allowed:
            raise fakes.Fault(
                409, f"Image status transition from {image['status']} to {target} is not allowed"
            )
        if not image["disk_format"] or not image["container_format"]:
            raise fakes.Fault(
                400, "Properties disk_format, container_format must be set prior to saving data."
            )

    @fakes.route("PUT", "/v2/images/{image_id}/file")
    def upload(self, request: fakes.Request, image_id: str) -> fakes.Response:
        """Upload the data: ``queued`` -> ``active`` with size and hashes."""
        image = self.owned(request, image_id, "upload_image")
        self._transition(image, "saving", ("queued",))
        announced = request.headers.get("X-OpenStack-Image-Size")
        if announced is not None and announced.isdigit() and int(announced) != len(request.body):
            image["status"] = "killed"
            raise fakes.Fault(400, f"Image exceeds the announced size {announced}")
        delay = float(self.settings["upload_delay"])
        if delay > 0:
            self.staging[image_id] = request.body
            image.update(status="saving", updated_at=self.now())
            image["pending"] = {"at": self.now() + delay, "kind": "upload"}
        else:
            self.store(image, request.body)
        return fakes.Response.empty()

    @fakes.route("GET", "/v2/images/{image_id}/file")
    def download(self, request: fakes.Request, image_id: str) -> fakes.Response:
        """The data (``Content-MD5`` the checksum); 204 while there is none."""
        image = self.image_of(request, image_id)
        if image["status"] == "deactivated" and not request.is_admin:
            raise fakes.Fault(
                403, "The requested image has been deactivated. Image data download is forbidden."
            )
        data = self.data.get(image_id)
        if data is None:
            return fakes.Response.empty()
        return fakes.Response.data(
            [data], length=len(data), headers={"Content-MD5": str(image["checksum"])}
        )

    @fakes.route("PUT", "/v2/images/{image_id}/stage")
    def stage(self, request: fakes.Request, image_id: str) -> fakes.Response:
        """Stage data for glance-direct: ``queued`` -> ``uploading``."""
        image = self.owned(request, image_id, "upload_image")
        self._transition(image, "uploading", ("queued",))
        self.staging[image_id] = request.body
        image["status"] = "uploading"
        image["updated_at"] = self.now()
        return fakes.Response.empty()

    def _allowed_uri(self, uri: str) -> bool:
        parts = urllib.parse.urlsplit(uri)
        try:
            port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
        except ValueError:
            return False
        hosts = list(self.settings["allowed_hosts"])
        return (
            parts.scheme in self.settings["allowed_schemes"]
            and (not hosts or parts.hostname in hosts)
            and port in [int(p) for p in self.settings["allowed_ports"]]
        )

    @staticmethod
    def fetch(uri: str) -> tuple[bytes | None, str | None]:
        """The data at ``uri``, or why it could not be read."""
        try:
            # The URI passed the import filter (allowed schemes, hosts and ports).
            with urllib.request.urlopen(uri, timeout=30) as response:
                return response.read(), None
        except urllib.error.HTTPError as exc:
            return None, f"HTTP error {exc.code} fetching {uri}: {exc.reason}"
        except (OSError, ValueError) as exc:
            return None, f"Could not fetch {uri}: {exc}"

    @fakes.route("POST", "/v2/images/{image_id}/import")
    def import_image(self, request: fakes.Request, image_id: str) -> fakes.Response:
        """glance-direct (after staging) or web-download; done ``import_delay`` seconds
        later (``importing`` until then, holding ``os_glance_import_task``)."""
        image = self.owned(request, image_id, "import_image")
        body = request.json_object()
        method = (body.get("method") or {}).get("name")
        if method not in self.settings["import_methods"]:
            raise fakes.Fault(400, f"Import method {method} is not enabled")
        for store in body.get("stores") or []:
            if store != STORE:
                raise fakes.Fault(409, f"Store for identifier {store} not found")
        if image["status"] == "active":
            raise fakes.Fault(409, "Image with status active cannot be target for import")
        if method == "glance-direct" and image["status"] != "uploading":
            raise fakes.Fault(
                409, "Image needs to be staged before 'glance-direct' method can be used"
            )
        if method == "web-download" and image["status"] != "queued":
            raise fakes.Fault(409, f"Image needs to be in 'queued' state to use '{method}' method")
        error = None
        if method == "web-download":
            uri = str((body.get("method") or {}).get("uri", ""))
            if not self._allowed_uri(uri):
                raise fakes.Fault(400, f"URI for web-download does not pass filtering: {uri}")
            data, error = self.fetch(uri)
            if data is not None:
                self.staging[image_id] = data
        task = self.new_task(
            request,
            "api_image_import",
            {
                "image_id": image_id,
                "import_req": body,
                "backend": [STORE],
            },
            image_id=image_id,
            owner=image["owner"],
        )
        task["status"] = "processing"
        image["status"] = "importing"
        image["properties"].update(
            os_glance_import_task=task["id"],
            os_glance_importing_to_stores=STORE,
            os_glance_failed_import="",
        )
        image["pending"] = {
            "at": self.now() + float(self.settings["import_delay"]),
            "task_id": task["id"],
            "error": error,
        }
        self.settle(image)
        return fakes.Response.empty(202)

    def new_task(
        self,
        request: fakes.Request,
        kind: str,
        task_input: dict[str, Any],
        *,
        image_id: str | None = None,
        owner: str | None = None,
    ) -> dict[str, Any]:
        """Record a task (the tasks API shows it)."""
        now = self.now()
        task: dict[str, Any] = {
            "id": fakes.new_id(),
            "type": kind,
            "status": "pending",
            "input": task_input,
            "result": None,
            "owner": owner or request.project_id,
            "message": "",
            "image_id": image_id,
            "request_id": request.request_id,
            "user_id": request.user_id,
            "created_at": now,
            "updated_at": now,
            "expires_at": None,
            "pending": None,
        }
        self.tasks[task["id"]] = task
        return task
