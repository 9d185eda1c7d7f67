"""What hangs off a server: metadata, tags, addresses, the action log, the password,
consoles, and the (always empty) interfaces and volume attachments."""

from __future__ import annotations

import secrets
from typing import Any

from openstack_compute.v2._fake._base import host_id
from openstack_compute.v2._fake._views import Views
from openstack_core import fakes

_MAX_TAGS = 50


def _time(seconds: float | None) -> str | None:
    return fakes.isotime(seconds, micro=True, zulu=False) if seconds is not None else None


class PartsRoutes(Views):
    """Sub-resources of ``/servers/{server_id}``."""

    # -- metadata ---------------------------------------------------------------------

    def _metadata_server(
        self, request: fakes.Request, server_id: str, *, change: bool
    ) -> dict[str, Any]:
        server = self.server_of(request, server_id)
        if change:
            if server["locked_by"] is not None and not request.is_admin:
                raise fakes.Fault(409, f"Instance {server_id} is locked")
            if server["vm_state"] not in ("active", "paused", "suspended", "stopped"):
                raise fakes.Fault(
                    409,
                    f"Cannot 'update metadata' instance {server_id} while it is in vm_state "
                    f"{server['vm_state']}",
                )
        return server

    def _check_metadata(
        self, request: fakes.Request, server: dict[str, Any], metadata: Any
    ) -> dict[str, str]:
        if not isinstance(metadata, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()
        ):
            raise fakes.Fault(
                400, "Invalid input for field/attribute metadata: keys and values must be strings"
            )
        allowed = self.quota(server["project_id"], "metadata_items")
        if allowed >= 0 and len(metadata) > allowed:
            raise fakes.Fault(
                403,
                "Quota exceeded for metadata_items: Requested "
                f"{len(metadata)}, but already used 0 of {allowed} metadata_items",
            )
        return dict(metadata)

    @fakes.route("GET", "/v2.1/servers/{server_id}/metadata")
    def list_metadata(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """Every metadata item."""
        return {"metadata": dict(self.server_of(request, server_id)["metadata"])}

    @fakes.route("POST", "/v2.1/servers/{server_id}/metadata")
    def merge_metadata(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """Add or change items; the answer is every item."""
        server = self._metadata_server(request, server_id, change=True)
        given = self._check_metadata(request, server, request.json_object().get("metadata"))
        server["metadata"] = self._check_metadata(request, server, {**server["metadata"], **given})
        server["updated_at"] = self.now()
        return {"metadata": dict(server["metadata"])}

    @fakes.route("PUT", "/v2.1/servers/{server_id}/metadata")
    def replace_metadata(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """Replace every item."""
        server = self._metadata_server(request, server_id, change=True)
        server["metadata"] = self._check_metadata(
            request, server, request.json_object().get("metadata")
        )
        server["updated_at"] = self.now()
        return {"metadata": dict(server["metadata"])}

    @fakes.route("GET", "/v2.1/servers/{server_id}/metadata/{key}")
    def get_metadata_item(self, request: fakes.Request, server_id: str, key: str) -> dict[str, Any]:
        """One item."""
        metadata = self.server_of(request, server_id)["metadata"]
        if key not in metadata:
            raise fakes.Fault(404, "Metadata item was not found")
        return {"meta": {key: metadata[key]}}

    @fakes.route("PUT", "/v2.1/servers/{server_id}/metadata/{key}")
    def set_metadata_item(self, request: fakes.Request, server_id: str, key: str) -> dict[str, Any]:
        """Create or replace one item (``{"meta": {key: value}}``)."""
        server = self._metadata_server(request, server_id, change=True)
        meta = request.json_object("meta")
        if list(meta) != [key]:
            raise fakes.Fault(400, "Request body and URI mismatch")
        server["metadata"] = self._check_metadata(request, server, {**server["metadata"], **meta})
        server["updated_at"] = self.now()
        return {"meta": dict(meta)}

    @fakes.route("DELETE", "/v2.1/servers/{server_id}/metadata/{key}")
    def delete_metadata_item(
        self, request: fakes.Request, server_id: str, key: str
    ) -> fakes.Response:
        """Remove one item; 404 if there is no such item."""
        server = self._metadata_server(request, server_id, change=True)
        if key not in server["metadata"]:
            raise fakes.Fault(404, "Metadata item was not found")
        del server["metadata"][key]
        server["updated_at"] = self.now()
        return fakes.Response.empty()

    # -- tags (2.26) ------------------------------------------------------------------

    def _tag_server(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        if not request.at_least("2.26"):
            raise fakes.Fault(404, "The resource could not be found.")
        return self.server_of(request, server_id)

    @staticmethod
    def _check_tag(tag: Any) -> str:
        if not isinstance(tag, str) or not tag or len(tag) > 60 or "/" in tag or "," in tag:
            raise fakes.Fault(
                400,
                f"Tag '{tag}' is invalid. It must be a non-empty string of "
                "at most 60 characters without '/' or ','.",
            )
        return tag

    @fakes.route("GET", "/v2.1/servers/{server_id}/tags")
    def list_tags(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """Every tag of the server."""
        return {"tags": list(self._tag_server(request, server_id)["tags"])}

    @fakes.route("PUT", "/v2.1/servers/{server_id}/tags")
    def replace_tags(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """Replace every tag."""
        server = self._tag_server(request, server_id)
        tags = request.json_object().get("tags")
        if not isinstance(tags, list):
            raise fakes.Fault(400, "Invalid input for field/attribute tags: a list is required")
        if len(tags) > _MAX_TAGS:
            raise fakes.Fault(400, f"The number of tags exceeded the per-server limit {_MAX_TAGS}")
        server["tags"] = list(dict.fromkeys(self._check_tag(t) for t in tags))
        server["updated_at"] = self.now()
        return {"tags": list(server["tags"])}

    @fakes.route("DELETE", "/v2.1/servers/{server_id}/tags")
    def delete_tags(self, request: fakes.Request, server_id: str) -> fakes.Response:
        """Remove every tag."""
        server = self._tag_server(request, server_id)
        server["tags"] = []
        server["updated_at"] = self.now()
        return fakes.Response.empty()

    @fakes.route("GET", "/v2.1/servers/{server_id}/tags/{tag}")
    def check_tag(self, request: fakes.Request, server_id: str, tag: str) -> fakes.Response:
        """204 if the server has the tag, 404 if not."""
        if tag not in self._tag_server(request, server_id)["tags"]:
            raise fakes.Fault(404, f"Instance {server_id} has no tag '{tag}'")
        return fakes.Response.empty()

    @fakes.route("PUT", "/v2.1/servers/{server_id}/tags/{tag}")
    def add_tag(self, request: fakes.Request, server_id: str, tag: str) -> fakes.Response:
        """Add a tag: 201 (with Location), or 204 if it was there."""
        server = self._tag_server(request, server_id)
        location = {"Location": request.link(f"/v2.1/servers/{server_id}/tags/{tag}")}
        if tag in server["tags"]:
            return fakes.Response.empty(204, location)
        if len(server["tags"]) >= _MAX_TAGS:
            raise fakes.Fault(400, f"The number of tags exceeded the per-server limit {_MAX_TAGS}")
        server["tags"].append(self._check_tag(tag))
        server["updated_at"] = self.now()
        return fakes.Response.empty(201, location)

    @fakes.route("DELETE", "/v2.1/servers/{server_id}/tags/{tag}")
    def remove_tag(self, request: fakes.Request, server_id: str, tag: str) -> fakes.Response:
        """Remove a tag; 404 if the server lacks it."""
        server = self._tag_server(request, server_id)
        if tag not in server["tags"]:
            raise fakes.Fault(404, f"Instance {server_id} has no tag '{tag}'")
        server["tags"].remove(tag)
        server["updated_at"] = self.now()
        return fakes.Response.empty()

    # -- addresses, actions, password, consoles ---------------------------------------

    @fakes.route("GET", "/v2.1/servers/{server_id}/ips")
    def list_ips(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """The server's addresses by network."""
        server = self.server_of(request, server_id)
        return {"addresses": {} if server["vm_state"] == "building" else server["addresses"]}

    @fakes.route("GET", "/v2.1/servers/{server_id}/ips/{network}")
    def list_network_ips(
        self, request: fakes.Request, server_id: str, network: str
    ) -> dict[str, Any]:
        """The server's addresses on one network."""
        server = self.server_of(request, server_id)
        if network not in server["addresses"]:
            raise fakes.Fault(404, "Instance is not a member of specified network")
        return {network: server["addresses"][network]}

    def _action_view(
        self, request: fakes.Request, server: dict[str, Any], action: dict[str, Any]
    ) -> dict[str, Any]:
        view = {
            "action": action["action"],
            "instance_uuid": server["id"],
            "message": action["message"],
            "project_id": action["project_id"],
            "request_id": action["request_id"],
            "start_time": _time(action["start_time"]),
            "user_id": action["user_id"],
        }
        if request.at_least("2.58"):
            finished = [e["finish_time"] for e in action["events"] if e["finish_time"]]
            view["updated_at"] = _time(max(finished, default=action["updated_at"]))
        return view

    @fakes.route("GET", "/v2.1/servers/{server_id}/os-instance-actions")
    def list_actions(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """The server's action log, newest first."""
        server = self.server_of(request, server_id)
        views = [self._action_view(request, server, a) for a in server["actions"]]
        if not request.at_least("2.58"):
            return {"instanceActions": views}
        page = fakes.paginate(
            views,
            request,
            key=lambda a: str(a["request_id"]),
            max_limit=int(self.settings["max_limit"]),
        )
        answer: dict[str, Any] = {"instanceActions": page.items}
        link = page.next_link(request)
        if link is not None:
            answer["links"] = [{"rel": "next", "href": link}]
        return answer

    @fakes.route("GET", "/v2.1/servers/{server_id}/os-instance-actions/{request_id}")
    def get_action(self, request: fakes.Request, server_id: str, request_id: str) -> dict[str, Any]:
        """One action with its events."""
        server = self.server_of(request, server_id)
        for action in server["actions"]:
            if action["request_id"] == request_id:
                break
        else:
            raise fakes.Fault(
                404, f"Action for request_id {request_id} on instance {server_id} not found"
            )
        view = self._action_view(request, server, action)
        events = []
        for event in action["events"]:
            shown: dict[str, Any] = {
                "event": event["event"],
                "start_time": _time(event["start_time"]),
                "finish_time": _time(event["finish_time"]),
                "result": event["result"],
            }
            if request.is_admin:
                shown["traceback"] = None
            if request.at_least("2.62"):
                shown["hostId"] = host_id(server["project_id"], server["host"])
                if request.is_admin:
                    shown["host"] = server["host"]
            if request.at_least("2.84"):
                shown["details"] = None
            events.append(shown)
        view["events"] = events
        return {"instanceAction": view}

    @fakes.route("GET", "/v2.1/servers/{server_id}/os-server-password")
    def get_password(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """The password the guest set: none, there is no guest."""
        self.server_of(request, server_id)
        return {"password": ""}

    @fakes.route("DELETE", "/v2.1/servers/{server_id}/os-server-password")
    def clear_password(self, request: fakes.Request, server_id: str) -> fakes.Response:
        """Forget the guest's password."""
        self.server_of(request, server_id)
        return fakes.Response.empty()

    @fakes.route("POST", "/v2.1/servers/{server_id}/remote-consoles")
    def create_console(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """A console URL (2.6+); the local cloud serves no console behind it."""
        if not request.at_least("2.6"):
            raise fakes.Fault(404, "The resource could not be found.")
        server = self.server_of(request, server_id)
        if server["vm_state"] != "active":
            raise fakes.Fault(409, f"Instance {server_id} is not ready")
        spec = request.json_object("remote_console")
        kind = spec.get("type")
        token = secrets.token_urlsafe(16)
        return {
            "remote_console": {
                "protocol": spec.get("protocol"),
                "type": kind,
                "url": f"{request.root_url}/console/{kind}?token={token}",
            }
        }

    @fakes.route("GET", "/v2.1/servers/{server_id}/os-interface")
    def list_interfaces(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """Attached ports: none, the local cloud has no network service behind Nova."""
        self.server_of(request, server_id)
        return {"interfaceAttachments": []}

    @fakes.route("GET", "/v2.1/servers/{server_id}/os-volume_attachments")
    def list_volume_attachments(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """Attached volumes: none, the local cloud has no volume service."""
        self.server_of(request, server_id)
        return {"volumeAttachments": []}

    @fakes.route("POST", "/v2.1/servers/{server_id}/os-volume_attachments")
    def attach_volume(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """No volume service: every volume is missing."""
        self.server_of(request, server_id)
        volume = request.json_object("volumeAttachment").get("volumeId")
        raise fakes.Fault(404, f"Volume {volume} could not be found.")

    @fakes.route("GET", "/v2.1/servers/{server_id}/os-security-groups")
    def list_server_security_groups(self, request: fakes.Request, server_id: str) -> dict[str, Any]:
        """The server's security groups by name."""
        server = self.server_of(request, server_id)
        return {
            "security_groups": [
                {"name": name, "description": "", "rules": [], "tenant_id": server["project_id"]}
                for name in server["security_groups"]
            ]
        }
