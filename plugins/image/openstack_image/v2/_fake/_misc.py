"""Members, tasks, stores, import info and schemas."""

from __future__ import annotations

from typing import Any

from openstack_core import fakes
from openstack_image.v2._fake._base import STORE, denied
from openstack_image.v2._fake._images import ImageRoutes
from openstack_image.v2._fake._metadef_schemas import METADEF_SCHEMAS
from openstack_image.v2._fake._schemas import SCHEMAS

_MEMBER_STATUSES = ("pending", "accepted", "rejected")


class MiscRoutes(ImageRoutes):
    """Sharing, tasks and what the cloud offers."""

    # -- members ----------------------------------------------------------------------

    def _member_view(self, image: dict[str, Any], member_id: str) -> dict[str, Any]:
        member = image["members"][member_id]
        return {
            "member_id": member_id,
            "image_id": image["id"],
            "status": member["status"],
            "created_at": fakes.isotime(member["created_at"]),
            "updated_at": fakes.isotime(member["updated_at"]),
            "schema": "/v2/schemas/member",
        }

    def _shared(self, request: fakes.Request, image_id: str) -> dict[str, Any]:
        image = self.image_of(request, image_id)
        if image["visibility"] != "shared":
            raise fakes.Fault(403, "Only shared images have members.")
        return image

    @fakes.route("POST", "/v2/images/{image_id}/members")
    def add_member(self, request: fakes.Request, image_id: str) -> dict[str, Any]:
        """Share the image with a project (owner): ``{"member": project}``."""
        image = self._shared(request, image_id)
        if not (request.is_admin or image["owner"] == request.project_id):
            raise denied("add_member")
        member_id = request.json_object().get("member")
        if not isinstance(member_id, str) or not member_id:
            raise fakes.Fault(400, "Member to be added not specified")
        if member_id in image["members"]:
            raise fakes.Fault(
                409, f"The given member {member_id} is already associated with image {image_id}"
            )
        now = self.now()
        image["members"][member_id] = {"status": "pending", "created_at": now, "updated_at": now}
        return self._member_view(image, member_id)

    @fakes.route("GET", "/v2/images/{image_id}/members")
    def list_members(self, request: fakes.Request, image_id: str) -> dict[str, Any]:
        """The image's members (a member sees only itself)."""
        image = self._shared(request, image_id)
        owner = request.is_admin or image["owner"] == request.project_id
        members = [
            self._member_view(image, m)
            for m in image["members"]
            if owner or m == request.project_id
        ]
        return {"members": members, "schema": "/v2/schemas/members"}

    def _member(self, request: fakes.Request, image_id: str, member_id: str) -> dict[str, Any]:
        image = self._shared(request, image_id)
        owner = request.is_admin or image["owner"] == request.project_id
        if member_id not in image["members"] or not (owner or member_id == request.project_id):
            raise fakes.Fault(
                404, f"{member_id} not found in the member list of the image {image_id}."
            )
        return image

    @fakes.route("GET", "/v2/images/{image_id}/members/{member_id}")
    def get_member(self, request: fakes.Request, image_id: str, member_id: str) -> dict[str, Any]:
        """One membership."""
        return self._member_view(self._member(request, image_id, member_id), member_id)

    @fakes.route("PUT", "/v2/images/{image_id}/members/{member_id}")
    def update_member(
        self, request: fakes.Request, image_id: str, member_id: str
    ) -> dict[str, Any]:
        """Accept or reject (the member project itself): ``{"status": ...}``."""
        image = self._member(request, image_id, member_id)
        if member_id != request.project_id:
            raise fakes.Fault(403, "You are not permitted to modify 'status' on this image member.")
        status = request.json_object().get("status")
        if status not in _MEMBER_STATUSES:
            raise fakes.Fault(
                400,
                f"Provided object does not match schema 'member': {status!r} "
                f"is not one of {list(_MEMBER_STATUSES)}",
            )
        image["members"][member_id].update(status=status, updated_at=self.now())
        return self._member_view(image, member_id)

    @fakes.route("DELETE", "/v2/images/{image_id}/members/{member_id}")
    def remove_member(
        self, request: fakes.Request, image_id: str, member_id: str
    ) -> fakes.Response:
        """Stop sharing with a project (owner)."""
        image = self._member(request, image_id, member_id)
        if not (request.is_admin or image["owner"] == request.project_id):
            raise denied("delete_member")
        del image["members"][member_id]
        return fakes.Response.empty()

    # -- tasks (admin) ----------------------------------------------------------------

    def settle_task(self, task: dict[str, Any]) -> None:
        """Run a legacy import task whose time has come."""
        pending = task.get("pending")
        if pending is None or pending["at"] > self.now():
            return
        task["pending"] = None
        if pending["error"] is not None:
            self.finish_task(task, "failure", pending["error"], None)
            return
        now = self.now()
        props = dict(task["input"].get("image_properties") or {})
        image = {
            "id": fakes.new_id(),
            "name": props.pop("name", None),
            "status": "queued",
            "visibility": props.pop("visibility", "shared"),
            "protected": False,
            "os_hidden": False,
            "checksum": None,
            "os_hash_algo": None,
            "os_hash_value": None,
            "owner": task["owner"],
            "size": None,
            "virtual_size": None,
            "min_ram": 0,
            "min_disk": 0,
            "disk_format": props.pop("disk_format", None),
            "container_format": props.pop("container_format", None),
            "tags": [],
            "properties": {k: str(v) for k, v in props.items()},
            "members": {},
            "created_at": now,
            "updated_at": now,
            "pending": None,
        }
        self.images[image["id"]] = image
        self.store(image, self.staging.pop(task["id"], b""))
        self.finish_task(task, "success", "", {"image_id": image["id"]})

    def _task_view(self, task: dict[str, Any], *, full: bool) -> dict[str, Any]:
        self.settle_task(task)
        view = {
            "id": task["id"],
            "type": task["type"],
            "status": task["status"],
            "owner": task["owner"],
            "message": task["message"],
            "image_id": task["image_id"],
            "request_id": task["request_id"],
            "user_id": task["user_id"],
            "created_at": fakes.isotime(task["created_at"]),
            "updated_at": fakes.isotime(task["updated_at"]),
            "self": f"/v2/tasks/{task['id']}",
            "schema": "/v2/schemas/task",
        }
        if task["expires_at"] is not None:
            view["expires_at"] = fakes.isotime(task["expires_at"])
        if full:
            view["input"] = task["input"]
            view["result"] = task["result"]
        return view

    @fakes.route("POST", "/v2/tasks")
    def create_task(self, request: fakes.Request) -> fakes.Response:
        """A legacy ``import`` task: fetch ``input.import_from`` into a new image."""
        if not request.is_admin:
            raise denied("tasks_api_access")
        spec = request.json_object()
        if spec.get("type") != "import":
            raise fakes.Fault(400, f"Task type {spec.get('type')!r} is not supported")
        task_input = spec.get("input")
        if not isinstance(task_input, dict) or not task_input.get("import_from"):
            raise fakes.Fault(400, "Input does not contain 'import_from' field")
        uri = str(task_input["import_from"])
        if not self._allowed_uri(uri):
            raise fakes.Fault(400, f"URI for legacy import task does not pass filtering: {uri}")
        task = self.new_task(request, "import", task_input)
        data, error = self.fetch(uri)
        if data is not None:
            self.staging[task["id"]] = data
        task["pending"] = {"at": self.now() + float(self.settings["task_delay"]), "error": error}
        return fakes.Response.json(self._task_view(task, full=True), 201)

    @fakes.route("GET", "/v2/tasks")
    def list_tasks(self, request: fakes.Request) -> dict[str, Any]:
        """Every task (admin), without input and result."""
        if not request.is_admin:
            raise denied("tasks_api_access")
        for task in self.tasks.values():
            self.settle_task(task)
        tasks = [
            t
            for t in self.tasks.values()
            if request.arg("type") in (None, t["type"])
            and request.arg("status") in (None, t["status"])
        ]
        key = request.arg("sort_key", "created_at") or "created_at"
        tasks.sort(
            key=lambda t: (t.get(key) is None, str(t.get(key)), t["id"]),
            reverse=request.arg("sort_dir", "desc") == "desc",
        )
        page = fakes.paginate(
            tasks,
            request,
            default_limit=int(self.settings["page_size"]),
            max_limit=int(self.settings["max_limit"]),
        )
        answer: dict[str, Any] = {
            "tasks": [self._task_view(t, full=False) for t in page.items],
            "first": "/v2/tasks",
            "schema": "/v2/schemas/tasks",
        }
        if page.next_marker is not None:
            query = {k: v for k, v in request.query.items() if k != "marker"}
            answer["next"] = request.relative_link(
                "/v2/tasks", {**query, "marker": page.next_marker}
            )
        return answer

    @fakes.route("GET", "/v2/tasks/{task_id}")
    def get_task(self, request: fakes.Request, task_id: str) -> dict[str, Any]:
        """One task with its input and result (admin)."""
        if not request.is_admin:
            raise denied("tasks_api_access")
        task = self.tasks.get(task_id)
        if task is None:
            raise fakes.Fault(404, f"Task with the given id {task_id} not found")
        for image in self.images.values():
            if image.get("pending") and image["pending"]["task_id"] == task_id:
                self.settle(image)
        return self._task_view(task, full=True)

    # -- info and schemas -------------------------------------------------------------

    @fakes.route("GET", "/v2/info/import")
    def import_info(self, request: fakes.Request) -> dict[str, Any]:
        """The enabled import methods."""
        return {
            "import-methods": {
                "description": "Import methods available.",
                "type": "array",
                "value": list(self.settings["import_methods"]),
            }
        }

    @fakes.route("GET", "/v2/info/stores")
    def list_stores(self, request: fakes.Request) -> dict[str, Any]:
        """The one store, ``fs``, which keeps data in memory."""
        return {
            "stores": [{"id": STORE, "description": "The local cloud's memory", "default": True}]
        }

    @fakes.route("GET", "/v2/info/stores/detail")
    def list_stores_detail(self, request: fakes.Request) -> dict[str, Any]:
        """The store's type and properties (admin)."""
        if not request.is_admin:
            raise denied("stores_info_detail")
        return {
            "stores": [
                {
                    "id": STORE,
                    "description": "The local cloud's memory",
                    "default": True,
                    "type": "memory",
                    "weight": 0,
                    "properties": {},
                }
            ]
        }

    @fakes.route("GET", "/v2/schemas/{name}")
    @fakes.route("GET", "/v2/schemas/metadefs/{metadef}")
    def get_schema(
        self, request: fakes.Request, name: str = "", metadef: str = ""
    ) -> dict[str, Any]:
        """A JSON schema: images, image, members, member, tasks or task, or one of the
        metadata definitions' (``metadefs/namespace``, ...)."""
        schema = METADEF_SCHEMAS.get(metadef) if metadef else SCHEMAS.get(name)
        if schema is None:
            raise fakes.Fault(404, "The resource could not be found.")
        return schema
