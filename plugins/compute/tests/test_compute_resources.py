"""Resource declarations: paths, envelopes, operations and microversions per resource."""

from __future__ import annotations

from typing import Any

import pytest
from openstack_compute.v2 import (
    aggregate,
    availability_zone,
    flavor,
    hypervisor,
    image,
    keypair,
    limits,
    migration,
    quota_set,
    server,
    server_action,
    server_group,
    server_interface,
    server_ip,
    server_migration,
    server_remote_console,
    service,
    volume_attachment,
)
from openstack_compute.v2.quota_set import QuotaSet
from openstack_compute.v2.server_group import ServerGroup

from openstack_core import resource

COMPUTE = "https://compute.example.com/v2.1"

# class, base_path, resource_key, resources_key, allowed operations, max microversion
DECLARATIONS: list[tuple[type[resource.Resource], str, Any, Any, set[str], str]] = [
    (
        server.Server,
        "/servers",
        "server",
        "servers",
        {"create", "fetch", "commit", "delete", "list"},
        "2.100",
    ),
    (
        flavor.Flavor,
        "/flavors",
        "flavor",
        "flavors",
        {"create", "fetch", "commit", "delete", "list"},
        "2.61",
    ),
    (
        keypair.Keypair,
        "/os-keypairs",
        "keypair",
        "keypairs",
        {"create", "fetch", "delete", "list"},
        "2.10",
    ),
    (limits.Limits, "/limits", "limits", None, {"fetch"}, "2.57"),
    (
        availability_zone.AvailabilityZone,
        "/os-availability-zone",
        None,
        "availabilityZoneInfo",
        {"list"},
        "2.1",
    ),
    (
        server_group.ServerGroup,
        "/os-server-groups",
        "server_group",
        "server_groups",
        {"create", "fetch", "delete", "list"},
        "2.64",
    ),
    (
        server_interface.ServerInterface,
        "/servers/%(server_id)s/os-interface",
        "interfaceAttachment",
        "interfaceAttachments",
        {"create", "fetch", "delete", "list"},
        "2.70",
    ),
    (server_ip.ServerIP, "/servers/%(server_id)s/ips", None, "addresses", {"list"}, "2.1"),
    (
        volume_attachment.VolumeAttachment,
        "/servers/%(server_id)s/os-volume_attachments",
        "volumeAttachment",
        "volumeAttachments",
        {"create", "fetch", "commit", "delete", "list"},
        "2.89",
    ),
    (
        server_action.ServerAction,
        "/servers/%(server_id)s/os-instance-actions",
        "instanceAction",
        "instanceActions",
        {"fetch", "list"},
        "2.84",
    ),
    (
        server_migration.ServerMigration,
        "/servers/%(server_id)s/migrations",
        "migration",
        "migrations",
        {"fetch", "delete", "list"},
        "2.80",
    ),
    (migration.Migration, "/os-migrations", None, "migrations", {"list"}, "2.80"),
    (
        quota_set.QuotaSet,
        "/os-quota-sets/%(project_id)s",
        "quota_set",
        None,
        {"fetch", "commit", "delete"},
        "2.56",
    ),
    (
        hypervisor.Hypervisor,
        "/os-hypervisors",
        "hypervisor",
        "hypervisors",
        {"fetch", "list"},
        "2.88",
    ),
    (service.Service, "/os-services", "service", "services", {"commit", "delete", "list"}, "2.69"),
    (
        aggregate.Aggregate,
        "/os-aggregates",
        "aggregate",
        "aggregates",
        {"create", "fetch", "commit", "delete", "list"},
        "2.81",
    ),
    (
        server_remote_console.ServerRemoteConsole,
        "/servers/%(server_id)s/remote-consoles",
        "remote_console",
        None,
        {"create"},
        "2.99",
    ),
    (image.Image, "/images", "image", None, {"fetch"}, "2.35"),
]
OPERATIONS = ("create", "fetch", "commit", "delete", "list", "head", "patch")


@pytest.mark.parametrize(
    ("cls", "base_path", "key", "keys", "allowed", "max_mv"),
    DECLARATIONS,
    ids=[d[0].__name__ for d in DECLARATIONS],
)
def test_declaration(
    cls: type[resource.Resource],
    base_path: str,
    key: Any,
    keys: Any,
    allowed: set[str],
    max_mv: str,
) -> None:
    assert cls.base_path == base_path
    assert (cls.resource_key, cls.resources_key) == (key, keys)
    assert {op for op in OPERATIONS if getattr(cls, f"allow_{op}")} == allowed
    assert cls._max_microversion == max_mv


def test_server_list_at_resource_level(mock: Any, compute: Any, wire: Any) -> None:
    mock.get(
        f"{COMPUTE}/servers/detail",
        json={"servers": [{"id": "a", "OS-EXT-STS:vm_state": "stopped"}]},
    )
    (item,) = server.Server.list(compute, base_path="/servers/detail", vm_state="stopped")
    assert item.vm_state == "stopped"
    assert mock.last_request.qs == {"vm_state": ["stopped"]}


def test_server_to_dict_uses_openstacksdk_names() -> None:
    data = server.Server.existing(
        id="a", **{"OS-EXT-SRV-ATTR:host": "h", "tenant_id": "p", "accessIPv4": "1.2.3.4"}
    ).to_dict()
    assert (data["compute_host"], data["project_id"], data["access_ipv4"]) == ("h", "p", "1.2.3.4")
    assert data["flavor"] is None


def test_quota_set_limit_values() -> None:
    quota = QuotaSet.existing(
        cores={"limit": 4, "in_use": 1, "reserved": 0}, ram="2048", instances=-1
    )
    assert (quota.cores, quota.ram, quota.instances) == (4, 2048, -1)
    assert quota.usage == {"cores": 1}


def test_server_group_policy_views() -> None:
    old = ServerGroup.existing(policies=["affinity"])
    new = ServerGroup.existing(policy="anti-affinity")
    assert (old.policy, old.policies) == ("affinity", ["affinity"])
    assert (new.policy, new.policies) == ("anti-affinity", ["anti-affinity"])
    assert ServerGroup.existing().policy is None
