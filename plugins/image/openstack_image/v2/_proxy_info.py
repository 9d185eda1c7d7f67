"""Proxy methods for tasks, stores, import methods and schemas."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from openstack_core import crud, exceptions, proxy
from openstack_image.v2.image_tasks import ImageTasks
from openstack_image.v2.schema import MetadefSchema, Schema
from openstack_image.v2.store import ImportInfo, Store
from openstack_image.v2.task import Task

S = TypeVar("S", Schema, MetadefSchema)


def _schema_getter(kind: type[S], path: str, doc: str) -> Callable[[proxy.Proxy], S]:
    """A Proxy method returning Glance's schema at ``/schemas/<path>``."""

    def get_schema(self: proxy.Proxy) -> S:
        return self._get(kind, requires_id=False, base_path=f"/schemas/{path}")

    name = path.replace("metadefs/", "metadef_")  # metadefs/tag -> get_metadef_tag_schema
    get_schema.__name__ = f"get_{name}_schema"
    get_schema.__qualname__ = f"InfoMethods.{get_schema.__name__}"
    get_schema.__doc__ = doc
    return get_schema


class InfoMethods(proxy.Proxy):
    """Glance's tasks, what the cloud offers (stores, import methods) and its schemas."""

    # -- tasks --------------------------------------------------------------------------

    #: Admin only by default (Glance's ``tasks_api_access`` policy).
    tasks = crud.lister(Task)
    get_task = crud.getter(Task)
    create_task = crud.creator(Task)
    #: ``image_tasks(image)``: the tasks of one image, for anyone who may see it.
    image_tasks = crud.lister(ImageTasks, parent="image_id")

    def wait_for_task(
        self,
        task: Task,
        status: str = "success",
        failures: list[str] | None = None,
        interval: float = 2,
        wait: float | None = 120,
    ) -> Task:
        """Wait until the task reaches ``status``; ResourceFailure carries its message."""
        try:
            return self.wait_for_status(
                task, status, failures or ["failure"], interval=interval, wait=wait
            )
        except exceptions.ResourceFailure as exc:
            raise exceptions.ResourceFailure(f"{exc}: {task.message or 'no message'}") from exc

    # -- stores and import methods ------------------------------------------------------

    def stores(self, details: bool = False, **query: Any) -> Iterator[Store]:
        """The stores of a multi-store cloud; ``details=True`` (admin) adds type and
        properties."""
        base_path = "/info/stores/detail" if details else None
        return self._list(Store, base_path=base_path, **query)

    def get_import_info(self) -> ImportInfo:
        """The enabled import methods (``info.methods``)."""
        return self._get(ImportInfo, requires_id=False)

    # -- schemas ------------------------------------------------------------------------

    get_images_schema = _schema_getter(Schema, "images", "The schema of an image list.")
    get_image_schema = _schema_getter(Schema, "image", "The schema of one image.")
    get_members_schema = _schema_getter(Schema, "members", "The schema of a member list.")
    get_member_schema = _schema_getter(Schema, "member", "The schema of one member.")
    get_tasks_schema = _schema_getter(Schema, "tasks", "The schema of a task list.")
    get_task_schema = _schema_getter(Schema, "task", "The schema of one task.")
    get_metadef_namespace_schema = _schema_getter(
        MetadefSchema, "metadefs/namespace", "The schema of one metadef namespace."
    )
    get_metadef_namespaces_schema = _schema_getter(
        MetadefSchema, "metadefs/namespaces", "The schema of a metadef namespace list."
    )
    get_metadef_resource_type_schema = _schema_getter(
        MetadefSchema,
        "metadefs/resource_type",
        "The schema of one resource type association of a metadef namespace.",
    )
    get_metadef_resource_types_schema = _schema_getter(
        MetadefSchema,
        "metadefs/resource_types",
        "The schema of a list of resource type associations.",
    )
    get_metadef_object_schema = _schema_getter(
        MetadefSchema, "metadefs/object", "The schema of one metadef object."
    )
    get_metadef_objects_schema = _schema_getter(
        MetadefSchema, "metadefs/objects", "The schema of a metadef object list."
    )
    get_metadef_property_schema = _schema_getter(
        MetadefSchema, "metadefs/property", "The schema of one metadef property."
    )
    get_metadef_properties_schema = _schema_getter(
        MetadefSchema, "metadefs/properties", "The schema of a metadef property list."
    )
    get_metadef_tag_schema = _schema_getter(
        MetadefSchema, "metadefs/tag", "The schema of one metadef tag."
    )
    get_metadef_tags_schema = _schema_getter(
        MetadefSchema, "metadefs/tags", "The schema of a metadef tag list."
    )
