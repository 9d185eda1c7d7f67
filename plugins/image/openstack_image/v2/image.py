"""The Image resource: ``/v2/images``, with JSON-patch updates and data transfer."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from openstack_core import exceptions, resource

if TYPE_CHECKING:
    import requests

    from openstack_core.proxy import Proxy

#: Glance's media type for RFC 6902 patches of an image.
PATCH_MEDIA_TYPE = "application/openstack-images-v2.1-json-patch"


class Image(resource.Resource):
    """A Glance image.

    Keys Glance returns that are no declared attribute (``hw_disk_bus``,
    ``os_distro`` when not declared, any custom property) stay in the body and are
    listed by :attr:`properties`; they can be passed to ``new``/``update_image`` by name.
    """

    resources_key = "images"
    base_path = "/images"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    allow_patch = True
    commit_jsonpatch = True
    patch_media_type = PATCH_MEDIA_TYPE
    _query_mapping = resource.QueryParameters(
        "name",
        "visibility",
        "member_status",
        "owner",
        "status",
        "size_min",
        "size_max",
        "protected",
        "sort_key",
        "sort_dir",
        "sort",
        "tag",
        "created_at",
        "updated_at",
        "os_hidden",
        is_hidden="os_hidden",
        is_protected="protected",
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

    def _unknown_attr(self, key: str, value: Any, dirty: bool) -> None:
        # Glance stores any other key as an image property: keep it in the body.
        if dirty:
            self._write_body(key, value)
        else:
            self._body[key] = value

    @property
    def properties(self) -> dict[str, Any]:
        """Body keys that are no declared attribute: Glance's free-form properties."""
        declared = self._body_names
        return {
            k: v for k, v in self._body.items() if k not in declared and k not in ("id", "self")
        }

    # -- actions ------------------------------------------------------------------------

    def _sub_url(self, *parts: str) -> str:
        return "/".join([self._url(), *(resource.quote_segment(p) for p in parts)])

    def deactivate(self, session: Proxy) -> None:
        """``POST /images/{id}/actions/deactivate``."""
        session.request(f"{self._url()}/actions/deactivate", "POST")

    def reactivate(self, session: Proxy) -> None:
        """``POST /images/{id}/actions/reactivate``."""
        session.request(f"{self._url()}/actions/reactivate", "POST")

    def add_tag(self, session: Proxy, tag: str) -> None:
        """``PUT /images/{id}/tags/{tag}``; the local tag list follows."""
        session.request(self._sub_url("tags", tag), "PUT")
        tags = list(self._body.get("tags") or [])
        if tag not in tags:
            self._body["tags"] = [*tags, tag]

    def remove_tag(self, session: Proxy, tag: str) -> None:
        """``DELETE /images/{id}/tags/{tag}``; the local tag list follows."""
        session.request(self._sub_url("tags", tag), "DELETE")
        self._body["tags"] = [t for t in self._body.get("tags") or [] if t != tag]

    def _put_data(self, session: Proxy, kind: str, chunks: Iterable[bytes]) -> None:
        # A generator body makes requests stream it with chunked transfer encoding, one
        # chunk in memory at a time; log=False keeps image bytes out of debug logs.
        headers = {"Content-Type": "application/octet-stream"}
        session.request(f"{self._url()}/{kind}", "PUT", data=chunks, headers=headers, log=False)

    def upload(self, session: Proxy, chunks: Iterable[bytes]) -> None:
        """``PUT /images/{id}/file`` streaming ``chunks``."""
        self._put_data(session, "file", chunks)

    def stage(self, session: Proxy, chunks: Iterable[bytes]) -> None:
        """``PUT /images/{id}/stage`` streaming ``chunks`` (for glance-direct import)."""
        self._put_data(session, "stage", chunks)

    def import_image(
        self,
        session: Proxy,
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
        return session.request(f"{self._url()}/import", "POST", json=body)

    def download(
        self, session: Proxy, store_preferences: list[str] | None = None
    ) -> requests.Response:
        """``GET /images/{id}/file`` as a streamed response (``?prefer=`` store names)."""
        params = {"prefer": ",".join(store_preferences)} if store_preferences else None
        response = session.request(
            f"{self._url()}/file", "GET", params=params, stream=True, log=False
        )
        if response.status_code == 204:
            raise exceptions.InvalidResponse(
                f"Image {self.id} has no data yet (HTTP 204): upload or import it first",
                response,
            )
        return response

    def delete_from_store(self, session: Proxy, store: str) -> None:
        """``DELETE /stores/{store}/{id}``: remove the data from one store only."""
        url = f"/stores/{resource.quote_segment(store)}/{resource.quote_segment(self.id)}"
        session.request(url, "DELETE")
