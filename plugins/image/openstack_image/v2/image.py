"""The Image resource: ``/v2/images``, with JSON-patch updates and data transfer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from openstack_core import exceptions, resource
from openstack_image.v2._transfer import SizedBody

if TYPE_CHECKING:
    import requests

    from openstack_core.proxy import Proxy

#: Glance's media type for RFC 6902 patches of an image.
PATCH_MEDIA_TYPE = "application/openstack-images-v2.1-json-patch"


#: Keys of Glance's own image schema. Every other key is a free-form property, which
#: Glance's schema types as a string (a JSON true or 64 there is a 400 Bad Request).
_SCHEMA_KEYS = frozenset(
    {
        "checksum",
        "container_format",
        "created_at",
        "direct_url",
        "disk_format",
        "file",
        "id",
        "locations",
        "min_disk",
        "min_ram",
        "name",
        "os_hash_algo",
        "os_hash_value",
        "os_hidden",
        "owner",
        "protected",
        "schema",
        "self",
        "size",
        "status",
        "stores",
        "tags",
        "updated_at",
        "virtual_size",
        "visibility",
    }
)


def _bool_filter(value: Any) -> Any:
    """A boolean query value as Glance's list filters want it: exactly true or false.

    Glance answers 400 to ``protected=True`` ("Valid values are 'true' or 'false'"),
    and requests would send Python's ``True``.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower()
    return value


def _property_text(value: Any) -> Any:
    """A property value as Glance stores it: booleans as true/false, numbers as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


class Image(resource.Resource):
    """A Glance image.

    Keys Glance returns that are no declared attribute (custom properties) stay in the
    body and are listed by :attr:`properties`; they can be passed to
    ``new``/``update_image`` by name and removed by setting them to ``None``.
    """

    resources_key = "images"
    base_path = "/images"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    allow_patch = True
    commit_jsonpatch = True
    patch_media_type = PATCH_MEDIA_TYPE
    allow_extra_attributes = True
    #: openstacksdk's other name for :attr:`owner`, accepted by ``new`` and updates.
    attribute_synonyms = MappingProxyType({"owner_id": "owner"})
    _query_mapping = resource.QueryParameters(
        "id",
        "name",
        "visibility",
        "member_status",
        "owner",
        "status",
        "size_min",
        "size_max",
        "sort_key",
        "sort_dir",
        "sort",
        "tag",
        "created_at",
        "updated_at",
        protected={"name": "protected", "type": _bool_filter},
        os_hidden={"name": "os_hidden", "type": _bool_filter},
        is_hidden={"name": "os_hidden", "type": _bool_filter},
        is_protected={"name": "protected", "type": _bool_filter},
        tags="tag",
    )

    architecture = resource.Body("architecture")
    checksum = resource.Body("checksum")
    container_format = resource.Body("container_format")
    created_at = resource.Body("created_at")
    direct_url = resource.Body("direct_url")
    disk_format = resource.Body("disk_format")
    file = resource.Body("file")
    hash_algo = resource.Body("os_hash_algo")
    hash_value = resource.Body("os_hash_value")
    is_hidden = resource.Body("os_hidden", type=bool)
    is_protected = resource.Body("protected", type=bool)
    kernel_id = resource.Body("kernel_id")
    locations = resource.Body("locations", type=list)
    min_disk = resource.Body("min_disk", type=int)
    min_ram = resource.Body("min_ram", type=int)
    os_distro = resource.Body("os_distro")
    os_version = resource.Body("os_version")
    owner = resource.Body("owner")
    ramdisk_id = resource.Body("ramdisk_id")
    schema = resource.Body("schema")
    size = resource.Body("size", type=int)
    status = resource.Body("status")
    stores = resource.Body("stores")
    tags = resource.Body("tags", type=list, default=[])
    updated_at = resource.Body("updated_at")
    virtual_size = resource.Body("virtual_size", type=int)
    visibility = resource.Body("visibility")
    store = resource.Body("store")
    url = resource.Body("url")
    metadata = resource.Body("metadata", type=dict)

    # Well-known properties (Glance's common image properties and Nova's hw_*/os_*
    # hints), declared under openstacksdk's names so they convert and autocomplete.
    # Glance sends every property as a string; the declared types convert on read.
    has_auto_disk_config = resource.Body("auto_disk_config", type=bool)
    hw_cpu_cores = resource.Body("hw_cpu_cores", type=int)
    hw_cpu_policy = resource.Body("hw_cpu_policy")
    hw_cpu_sockets = resource.Body("hw_cpu_sockets", type=int)
    hw_cpu_thread_policy = resource.Body("hw_cpu_thread_policy")
    hw_cpu_threads = resource.Body("hw_cpu_threads", type=int)
    hw_disk_bus = resource.Body("hw_disk_bus")
    hw_machine_type = resource.Body("hw_machine_type")
    hw_qemu_guest_agent = resource.Body("hw_qemu_guest_agent", type=str)
    hw_rng_model = resource.Body("hw_rng_model")
    hw_scsi_model = resource.Body("hw_scsi_model")
    hw_serial_port_count = resource.Body("hw_serial_port_count", type=int)
    hw_vif_model = resource.Body("hw_vif_model")
    hw_video_model = resource.Body("hw_video_model")
    hw_video_ram = resource.Body("hw_video_ram", type=int)
    hw_watchdog_action = resource.Body("hw_watchdog_action")
    hypervisor_type = resource.Body("hypervisor_type")
    instance_type_rxtx_factor = resource.Body("instance_type_rxtx_factor", type=float)
    instance_uuid = resource.Body("instance_uuid")
    is_hw_boot_menu_enabled = resource.Body("hw_boot_menu", type=bool)
    is_hw_vif_multiqueue_enabled = resource.Body("hw_vif_multiqueue_enabled", type=bool)
    needs_config_drive = resource.Body("img_config_drive")
    needs_secure_boot = resource.Body("os_secure_boot")
    os_admin_user = resource.Body("os_admin_user")
    os_command_line = resource.Body("os_command_line")
    os_require_quiesce = resource.Body("os_require_quiesce", type=bool)
    os_shutdown_timeout = resource.Body("os_shutdown_timeout", type=int)
    os_type = resource.Body("os_type")
    vm_mode = resource.Body("vm_mode")
    vmware_adaptertype = resource.Body("vmware_adaptertype")
    vmware_ostype = resource.Body("vmware_ostype")

    @property
    def owner_id(self) -> Any:
        """openstacksdk's other name for :attr:`owner` (the owning project's id)."""
        return self.owner

    @owner_id.setter
    def owner_id(self, value: Any) -> None:
        self.owner = value

    def value_for_server(self, server_name: str, value: Any) -> Any:
        """Free-form properties go to Glance as strings, and None removes one.

        A property cannot hold null in Glance (its schema types them as strings:
        "replace null" is a 400), so None can only mean "remove it", the JSON patch op
        openstacksdk offers no way to send. Typed properties
        (``is_hw_vif_multiqueue_enabled=True``, ``hw_video_ram=64``) must reach Glance
        as strings; reading them back converts to the declared type.
        """
        if server_name in _SCHEMA_KEYS:
            return value
        if server_name == "properties" and isinstance(value, Mapping):
            # Glance has no key named "properties" (a dict sent under it is a 400).
            raise exceptions.InvalidRequest(
                "Image properties={...} is understood by create_image and update_image "
                "only; on an Image, set each property by name (Image.new(custom='x'))"
            )
        return resource.REMOVE if value is None else _property_text(value)

    @property
    def properties(self) -> dict[str, Any]:
        """Body keys that are no declared attribute: Glance's free-form properties.

        A copy: change properties by name (``update_image(image, os_distro="x")``),
        remove one with ``None`` (``update_image(image, custom=None)``) or ``del
        image.custom`` and commit, or pass ``properties={...}`` to ``update_image`` to
        make the free-form properties exactly that mapping (keys left out are removed),
        as in openstacksdk.
        """
        extra = self.extra_attributes()
        extra.pop("self", None)  # Glance's link to the image, not a property
        return extra

    @classmethod
    def find(
        cls,
        proxy: Proxy,
        name_or_id: str,
        ignore_missing: bool = True,
        *,
        microversion: str | None = None,
        **params: Any,
    ) -> Image | None:
        """The image with this id, or else this exact name, hidden images included.

        Glance's list leaves images with ``os_hidden`` out unless asked; a GET by id
        finds them anyway. Like openstacksdk, a name that matches no listed image is
        looked up again among hidden images (with the name as filter, where
        openstacksdk lists every hidden image).
        """
        found = super().find(proxy, name_or_id, True, microversion=microversion, **params)
        if found is None and not {"is_hidden", "os_hidden"} & params.keys():
            hidden = cls.list(
                proxy, microversion=microversion, **params, name=name_or_id, os_hidden=True
            )
            found = cls.pick_match([i for i in hidden if i.name == name_or_id], name_or_id)
        if found is None and not ignore_missing:
            raise exceptions.NotFoundException(
                f"No Image found for {name_or_id!r}, hidden images included", details=name_or_id
            )
        return found

    # -- actions ------------------------------------------------------------------------

    def deactivate(self, proxy: Proxy) -> None:
        """``POST /images/{id}/actions/deactivate``."""
        self.invoke_action(proxy, path=("actions", "deactivate"))

    def reactivate(self, proxy: Proxy) -> None:
        """``POST /images/{id}/actions/reactivate``."""
        self.invoke_action(proxy, path=("actions", "reactivate"))

    def add_tag(self, proxy: Proxy, tag: str) -> None:
        """``PUT /images/{id}/tags/{tag}``; the local tag list follows."""
        if "/" in tag:
            self._patch_tags(proxy, tag, add=True)
            return
        proxy.request(self.resource_path("tags", tag), "PUT")
        tags = self.tags or []
        if tag not in tags:
            self.set_from_server(tags=[*tags, tag])

    def remove_tag(self, proxy: Proxy, tag: str) -> None:
        """``DELETE /images/{id}/tags/{tag}``; the local tag list follows."""
        if "/" in tag:
            self._patch_tags(proxy, tag, add=False)
            return
        proxy.request(self.resource_path("tags", tag), "DELETE")
        self.set_from_server(tags=[t for t in self.tags or [] if t != tag])

    def _patch_tags(self, proxy: Proxy, tag: str, *, add: bool) -> None:
        # A tag with "/" cannot travel in the tags URL: the WSGI server decodes %2F
        # before Glance routes the path, which then matches nothing (404 "The resource
        # could not be found"). A JSON patch of the whole list carries any tag; it reads
        # the current list first, so a concurrent tag change in between can be lost.
        current = self.existing(id=self.id).fetch(proxy).tags or []
        if add:
            tags = current if tag in current else [*current, tag]
        elif tag in current:
            tags = [t for t in current if t != tag]
        else:
            raise exceptions.NotFoundException(
                f"Image {self.id} has no tag {tag!r}; its tags are {current}"
            )
        response = proxy.request(
            self.resource_path(),
            "PATCH",
            json=[{"op": "replace", "path": "/tags", "value": tags}],
            headers={"Content-Type": PATCH_MEDIA_TYPE},
        )
        answer = resource.decode_json(response, f"Image {self.id} tags") or {}
        self.set_from_server(tags=answer.get("tags", tags))

    def _put_data(
        self,
        proxy: Proxy,
        kind: str,
        chunks: Iterable[bytes],
        size: int | None,
        content_length: int | None,
    ) -> None:
        # Either body streams one chunk in memory at a time; log=False keeps image bytes
        # out of debug logs.
        headers = {"Content-Type": "application/octet-stream"}
        if size is not None:
            # Lets Glance check quotas and store capacity before any data arrives.
            headers["X-OpenStack-Image-Size"] = str(size)
        body: Any
        if content_length is not None:
            # A sized body goes with Content-Length, which every WSGI front end takes
            # (Apache's mod_proxy_uwsgi answers 411 to chunked requests).
            body = SizedBody(chunks, content_length, f"The data for image {self.id}")
            if content_length == 0:
                body = b"".join(body)  # requests would fall back to chunked for len 0
        else:
            # Size unknown: chunked transfer encoding. iter(): requests form-encodes a
            # list or tuple body instead of streaming it.
            body = iter(chunks)
        proxy.request(
            self.resource_path(kind),
            "PUT",
            data=body,
            headers=headers,
            log=False,
            # A streamed body is consumed as it is sent: a retry (after a 503 or a
            # dropped connection) would resend nothing. Failing lets create_image
            # delete the record; the caller can then upload again.
            connect_retries=0,
            status_code_retries=0,
        )

    def upload(
        self,
        proxy: Proxy,
        chunks: Iterable[bytes],
        size: int | None = None,
        *,
        content_length: int | None = None,
    ) -> None:
        """``PUT /images/{id}/file`` streaming ``chunks``.

        ``size`` (bytes, if known) is announced in ``X-OpenStack-Image-Size``. With
        ``content_length`` the chunks, which must add up to exactly that many bytes,
        are sent with a ``Content-Length`` header; without, chunked.
        """
        self._put_data(proxy, "file", chunks, size, content_length)

    def stage(
        self,
        proxy: Proxy,
        chunks: Iterable[bytes],
        size: int | None = None,
        *,
        content_length: int | None = None,
    ) -> None:
        """``PUT /images/{id}/stage`` streaming ``chunks`` (for glance-direct import);
        ``size`` and ``content_length`` as for :meth:`upload`."""
        self._put_data(proxy, "stage", chunks, size, content_length)

    def import_image(
        self,
        proxy: Proxy,
        method: str = "glance-direct",
        *,
        uri: str | None = None,
        remote: Mapping[str, str] | None = None,
        stores: list[str] | None = None,
        all_stores: bool | None = None,
        all_stores_must_succeed: bool | None = None,
    ) -> requests.Response:
        """``POST /images/{id}/import`` with Glance's import body."""
        method_body: dict[str, Any] = {"name": method}
        if uri is not None:
            method_body["uri"] = uri
        if remote:
            method_body.update(remote)
        body: dict[str, Any] = {"method": method_body}
        if stores:
            body["stores"] = stores
        if all_stores is not None:
            body["all_stores"] = all_stores
        if all_stores_must_succeed is not None:
            body["all_stores_must_succeed"] = all_stores_must_succeed
        return proxy.request(self.resource_path("import"), "POST", json=body)

    def download(
        self, proxy: Proxy, store_preferences: list[str] | None = None
    ) -> requests.Response:
        """``GET /images/{id}/file`` as a streamed response (``?prefer=`` store names)."""
        params = {"prefer": ",".join(store_preferences)} if store_preferences else None
        response = proxy.request(
            self.resource_path("file"), "GET", params=params, stream=True, log=False
        )
        if response.status_code == 204:
            raise exceptions.InvalidResponse(
                f"Image {self.id} has no data yet (HTTP 204): upload or import it first",
                response,
            )
        return response

    def delete_from_store(self, proxy: Proxy, store: str) -> None:
        """``DELETE /stores/{store}/{id}``: remove the data from one store only."""
        url = f"/stores/{resource.quote_segment(store)}/{resource.quote_segment(self.id)}"
        proxy.request(url, "DELETE")
