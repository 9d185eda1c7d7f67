"""Servers (``/servers``): attributes, create and update; actions are in _server_actions."""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from openstack_compute.v2 import _common
from openstack_compute.v2._server_actions import ServerActionsMixin
from openstack_compute.v2.flavor import Flavor
from openstack_compute.v2.image import Image
from openstack_compute.v2.volume_attachment import VolumeAttachment
from openstack_core import resource

if TYPE_CHECKING:
    import requests

#: Keys Nova returns with an extension prefix but accepts only bare in requests.
_REQUEST_NAMES = {
    "OS-EXT-AZ:availability_zone": "availability_zone",
    "OS-EXT-SRV-ATTR:user_data": "user_data",
    "OS-EXT-SRV-ATTR:hostname": "hostname",
    "OS-EXT-SRV-ATTR:hypervisor_hostname": "hypervisor_hostname",
}
#: Server-body name of the hints (shown since 2.100); requests carry them top-level.
_HINTS = "scheduler_hints"


class Server(_common.MetadataMixin, _common.TagMixin, ServerActionsMixin):
    """A server. ``list()`` of ``/servers/detail`` gives full bodies, ``/servers`` only
    ids, names and links. Understands every microversion up to 2.100."""

    resource_key = "server"
    resources_key = "servers"
    base_path = "/servers"
    allow_create = allow_fetch = allow_commit = allow_delete = allow_list = True
    create_exclude_id_from_body = True
    # Create and rebuild answers hold adminPass: neither request nor answer is logged.
    log_bodies = False
    #: Names openstacksdk accepts for a body key that another attribute already maps.
    attribute_synonyms = MappingProxyType(
        {"has_config_drive": "config_drive", "volumes": "attached_volumes"}
    )
    _max_microversion = "2.100"
    _query_mapping = resource.QueryParameters(
        "auto_disk_config",
        "availability_zone",
        "created_at",
        "description",
        "flavor",
        "hostname",
        "image",
        "kernel_id",
        "key_name",
        "launch_index",
        "launched_at",
        "locked",
        "locked_by",
        "name",
        "node",
        "power_state",
        "progress",
        "project_id",
        "ramdisk_id",
        "reservation_id",
        "root_device_name",
        "status",
        "task_state",
        "terminated_at",
        "user_id",
        "vm_state",
        "sort_key",
        "sort_dir",
        "pinned_availability_zone",
        access_ipv4="access_ip_v4",
        access_ipv6="access_ip_v6",
        has_config_drive="config_drive",
        deleted_only="deleted",
        compute_host="host",
        is_soft_deleted="soft_deleted",
        ipv4_address="ip",
        ipv6_address="ip6",
        changes_since="changes-since",
        changes_before="changes-before",
        id="uuid",
        all_projects="all_tenants",
        **_common.TAG_QUERY_PARAMETERS,
    )

    #: Links to the server.
    links = resource.Body("links", type=list)
    #: Public IPv4 address set by the user.
    access_ipv4 = resource.Body("accessIPv4")
    #: Public IPv6 address set by the user.
    access_ipv6 = resource.Body("accessIPv6")
    #: ``{"<network>": [{"addr": ..., "version": 4, "OS-EXT-IPS:type": ...}]}``.
    addresses = resource.Body("addresses", type=dict)
    #: The administrator password, only in the answer to create or rebuild.
    admin_password = resource.Body("adminPass")
    #: Attached volumes (``[{"id": ..., "delete_on_termination": ...}]``).
    attached_volumes = resource.Body(
        "os-extended-volumes:volumes_attached",
        type=list,
        list_type=VolumeAttachment,
        default=[],
    )
    #: The availability zone (sent as ``availability_zone`` on create).
    availability_zone = resource.Body("OS-EXT-AZ:availability_zone")
    #: Block device mapping v2 entries for create.
    block_device_mapping = resource.Body("block_device_mapping_v2", type=list)
    #: Whether a config drive is attached (also readable as ``has_config_drive``).
    config_drive = resource.Body("config_drive")
    #: The compute host the server runs on (admin).
    compute_host = resource.Body("OS-EXT-SRV-ATTR:host")
    #: Creation time.
    created_at = resource.Body("created")
    #: Free-form description (2.19+).
    description = resource.Body("description")
    #: ``AUTO`` or ``MANUAL`` disk partitioning.
    disk_config = resource.Body("OS-DCF:diskConfig")
    #: The flavor id to boot with (create only).
    flavor_id = resource.Body("flavorRef")
    #: The flavor: a reference before 2.47, the flavor's contents since.
    flavor = resource.Body("flavor", type=Flavor)
    #: Obfuscated host id, unique per project and host.
    host_id = resource.Body("hostId")
    #: The fault of a server in ERROR: ``{"code", "message", "details", "created"}``.
    fault = resource.Body("fault", type=dict)
    #: Host to boot on (create, admin, 2.74+).
    host = resource.Body("host")
    #: Health of the compute host (2.16+): ``UP``, ``DOWN``, ``MAINTENANCE``, ...
    host_status = resource.Body("host_status")
    #: The guest hostname (sent as ``hostname`` on create and update, 2.90+).
    hostname = resource.Body("OS-EXT-SRV-ATTR:hostname")
    #: The hypervisor node (sent as ``hypervisor_hostname`` on create, 2.74+).
    hypervisor_hostname = resource.Body("OS-EXT-SRV-ATTR:hypervisor_hostname")
    #: The image id to boot with (create only).
    image_id = resource.Body("imageRef")
    #: The image booted from; ``""`` for a server booted from a volume.
    image = resource.Body("image", type=Image)
    #: The hypervisor's instance name (admin).
    instance_name = resource.Body("OS-EXT-SRV-ATTR:instance_name")
    #: Client-side: the address a caller should use (set by higher layers).
    interface_ip = resource.Computed("interface_ip", default="")
    #: Whether the server is locked (2.9+).
    is_locked = resource.Body("locked", type=bool)
    #: Kernel image id (admin, 2.3+).
    kernel_id = resource.Body("OS-EXT-SRV-ATTR:kernel_id")
    #: The keypair injected at boot.
    key_name = resource.Body("key_name")
    #: Launch order of servers created together (admin, 2.3+).
    launch_index = resource.Body("OS-EXT-SRV-ATTR:launch_index", type=int)
    #: When the server was launched.
    launched_at = resource.Body("OS-SRV-USG:launched_at")
    #: Why the server was locked (2.73+).
    locked_reason = resource.Body("locked_reason")
    #: Create this many servers at most (create only).
    max_count = resource.Body("max_count", type=int)
    #: Create at least this many servers (create only).
    min_count = resource.Body("min_count", type=int)
    #: Networks for create: a list of ``{"uuid"|"port"|"fixed_ip"|"tag": ...}``,
    #: or ``"auto"`` / ``"none"`` (2.37+).
    networks = resource.Body("networks")
    #: Files to inject (removed in 2.57).
    personality = resource.Body("personality", type=list)
    #: The availability zone the server is pinned to (2.96+).
    pinned_availability_zone = resource.Body("pinned_availability_zone")
    #: Power state code (0 NOSTATE, 1 RUNNING, 3 PAUSED, 4 SHUTDOWN, 6 CRASHED, 7 SUSPENDED).
    power_state = resource.Body("OS-EXT-STS:power_state")
    #: Build progress in percent.
    progress = resource.Body("progress", type=int)
    #: The owning project.
    project_id = resource.Body("tenant_id")
    #: Client-side address slots kept for openstacksdk compatibility.
    private_v4 = resource.Computed("private_v4", default="")
    private_v6 = resource.Computed("private_v6", default="")
    public_v4 = resource.Computed("public_v4", default="")
    public_v6 = resource.Computed("public_v6", default="")
    #: Ramdisk image id (admin, 2.3+).
    ramdisk_id = resource.Body("OS-EXT-SRV-ATTR:ramdisk_id")
    #: Reservation id of a multi-create (admin, 2.3+).
    reservation_id = resource.Body("OS-EXT-SRV-ATTR:reservation_id")
    #: Root device name (admin, 2.3+).
    root_device_name = resource.Body("OS-EXT-SRV-ATTR:root_device_name")
    #: Scheduler hints: sent as the top-level ``OS-SCH-HNT:scheduler_hints`` on create,
    #: shown in the server body since 2.100.
    scheduler_hints = resource.Body(_HINTS, type=dict)
    #: Security groups: ``[{"name": ...}]``.
    security_groups = resource.Body("security_groups", type=list, list_type=dict)
    #: The server groups the server belongs to (2.71+).
    server_groups = resource.Body("server_groups", type=list)
    #: ``ACTIVE``, ``BUILD``, ``SHUTOFF``, ``ERROR``, ``VERIFY_RESIZE``, ...
    status = resource.Body("status")
    #: The running task, e.g. ``spawning`` or ``rebooting``.
    task_state = resource.Body("OS-EXT-STS:task_state")
    #: When the server was deleted.
    terminated_at = resource.Body("OS-SRV-USG:terminated_at")
    #: Trusted certificate ids for image signature verification (2.63+).
    trusted_image_certificates = resource.Body("trusted_image_certificates", type=list)
    #: Last update time.
    updated_at = resource.Body("updated")
    #: Base64 user data (sent as ``user_data`` on create). The answer to rebuild (2.57+)
    #: has it under its bare request name.
    user_data = resource.Body("OS-EXT-SRV-ATTR:user_data", fallback=lambda b: b.get("user_data"))
    #: The creating user.
    user_id = resource.Body("user_id")
    #: ``active``, ``building``, ``stopped``, ``error``, ...
    vm_state = resource.Body("OS-EXT-STS:vm_state")

    @property
    def has_config_drive(self) -> Any:
        """openstacksdk's second name for ``config_drive``."""
        return self.config_drive

    @property
    def volumes(self) -> Any:
        """openstacksdk's second name for ``attached_volumes``."""
        return self.attached_volumes

    def translate_response(self, response: requests.Response, *, merge: bool = True) -> None:
        """Take the server's view from ``response``, keeping the create answer's password."""
        # Nova sends adminPass only in the answer to create and rebuild; a later GET
        # (wait_for_server polls the same object) replaces the body without it. Keep it,
        # as openstacksdk does, so server.admin_password still reads after waiting.
        password = self.admin_password
        super().translate_response(response, merge=merge)
        if password is not None and self.admin_password is None:
            self.set_from_server(admin_password=password)

    def request_body(
        self, body: dict[str, Any], *, operation: str, prepend_key: bool = True, **kw: Any
    ) -> Any:
        """The request spellings of keys, with the scheduler hints beside ``server``.

        On create, attributes set to None are not sent: Nova's schema refuses ``null``
        for ``key_name``, ``availability_zone``, ``user_data`` and most others (400), and
        for the rest (``description``) leaving the key out means the same.
        """
        server: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        for key, value in body.items():
            if operation == "create" and value is None:
                continue
            if key == _HINTS:
                extra["OS-SCH-HNT:scheduler_hints"] = value
            else:
                server[_REQUEST_NAMES.get(key, key)] = value
        return {"server": server, **extra} if prepend_key else server
