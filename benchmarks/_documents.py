"""Deterministic, realistic API documents for the benchmark's fake cloud.

The shapes follow what Keystone v3, Nova v2.1 at microversion 2.100 (admin view) and
Glance v2 return; the values vary per item the way real ones do (ids, names, addresses,
dates), so JSON decoding and key interning cost what they cost against a real cloud.
Everything is generated here from a seeded RNG: no upstream sample is copied.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

#: The microversion range the fake Nova announces.
NOVA_MIN_VERSION = "2.1"
NOVA_MAX_VERSION = "2.100"

_ZONES = ("nova", "az-east-1", "az-east-2")
_STATUSES = ("ACTIVE",) * 8 + ("SHUTOFF", "ERROR")
_FLAVOR_NAMES = ("m1.small", "m1.medium", "m1.large", "c2.xlarge", "r3.2xlarge")


def fake_uuid(rng: random.Random) -> str:
    """A random (version 4 shaped) UUID string drawn from ``rng``."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _hex(rng: random.Random, length: int) -> str:
    return f"{rng.getrandbits(length * 4):0{length}x}"


def _timestamp(rng: random.Random, micro: bool = False) -> str:
    base = (
        f"20{rng.randint(19, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
    )
    return f"{base}.{rng.randint(0, 999999):06d}" if micro else f"{base}Z"


def server_document(
    index: int, rng: random.Random, project_id: str, compute_url: str, image_url: str
) -> dict[str, Any]:
    """One server as ``GET /servers/detail`` shows it at 2.100 to an admin (~46 keys)."""
    server_id = fake_uuid(rng)
    name = f"web-{index:06d}"
    host = f"compute-{rng.randint(1, 400):03d}.cell1.example.net"
    image_id = fake_uuid(rng)
    status = rng.choice(_STATUSES)
    mac = ":".join(f"{rng.randint(0, 255):02x}" for _ in range(6))
    fixed = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    floating = f"172.24.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    ipv6 = f"fd00:{_hex(rng, 4)}:{_hex(rng, 4)}::{_hex(rng, 4)}"
    flavor_name = rng.choice(_FLAVOR_NAMES)
    zone = rng.choice(_ZONES)
    return {
        "accessIPv4": "",
        "accessIPv6": "",
        "addresses": {
            "private": [
                {
                    "OS-EXT-IPS-MAC:mac_addr": mac,
                    "OS-EXT-IPS:type": "fixed",
                    "addr": fixed,
                    "version": 4,
                },
                {
                    "OS-EXT-IPS-MAC:mac_addr": mac,
                    "OS-EXT-IPS:type": "fixed",
                    "addr": ipv6,
                    "version": 6,
                },
                {
                    "OS-EXT-IPS-MAC:mac_addr": mac,
                    "OS-EXT-IPS:type": "floating",
                    "addr": floating,
                    "version": 4,
                },
            ]
        },
        "config_drive": "",
        "created": _timestamp(rng),
        "description": f"{name} of the web tier",
        "flavor": {
            "disk": rng.choice((20, 40, 80)),
            "ephemeral": 0,
            "extra_specs": {"hw:cpu_policy": "shared", "hw_rng:allowed": "True"},
            "original_name": flavor_name,
            "ram": rng.choice((2048, 4096, 8192)),
            "swap": 0,
            "vcpus": rng.choice((1, 2, 4)),
        },
        "hostId": _hex(rng, 56),
        "host_status": "UP",
        "id": server_id,
        "image": {
            "id": image_id,
            "links": [{"href": f"{image_url}/images/{image_id}", "rel": "bookmark"}],
        },
        "key_name": "deploy-key",
        "links": [
            {"href": f"{compute_url}/servers/{server_id}", "rel": "self"},
            {"href": f"{compute_url.rsplit('/', 1)[0]}/servers/{server_id}", "rel": "bookmark"},
        ],
        "locked": False,
        "locked_reason": None,
        "metadata": {"tier": "web", "owner": "team-blue"},
        "name": name,
        "OS-DCF:diskConfig": "MANUAL",
        "OS-EXT-AZ:availability_zone": zone,
        "OS-EXT-SRV-ATTR:host": host,
        "OS-EXT-SRV-ATTR:hostname": name,
        "OS-EXT-SRV-ATTR:hypervisor_hostname": host,
        "OS-EXT-SRV-ATTR:instance_name": f"instance-{index:08x}",
        "OS-EXT-SRV-ATTR:kernel_id": "",
        "OS-EXT-SRV-ATTR:launch_index": 0,
        "OS-EXT-SRV-ATTR:ramdisk_id": "",
        "OS-EXT-SRV-ATTR:reservation_id": f"r-{_hex(rng, 8)}",
        "OS-EXT-SRV-ATTR:root_device_name": "/dev/vda",
        "OS-EXT-SRV-ATTR:user_data": None,
        "OS-EXT-STS:power_state": 1 if status == "ACTIVE" else 4,
        "OS-EXT-STS:task_state": None,
        "OS-EXT-STS:vm_state": "active" if status == "ACTIVE" else status.lower(),
        "os-extended-volumes:volumes_attached": [
            {"id": fake_uuid(rng), "delete_on_termination": False}
        ],
        "OS-SRV-USG:launched_at": _timestamp(rng, micro=True),
        "OS-SRV-USG:terminated_at": None,
        "pinned_availability_zone": zone,
        "progress": 0,
        "scheduler_hints": {"group": fake_uuid(rng)},
        "security_groups": [{"name": "default"}, {"name": "web"}],
        "server_groups": [fake_uuid(rng)],
        "status": status,
        "tags": ["web", "prod"],
        "tenant_id": project_id,
        "trusted_image_certificates": None,
        "updated": _timestamp(rng),
        "user_id": _hex(rng, 32),
    }


def flavor_document(index: int, compute_url: str) -> dict[str, Any]:
    """One flavor as ``GET /flavors/detail`` shows it at 2.61 and later."""
    flavor_id = str(index + 1)
    return {
        "OS-FLV-DISABLED:disabled": False,
        "OS-FLV-EXT-DATA:ephemeral": 0,
        "description": None,
        "disk": 20 * (index + 1),
        "extra_specs": {"hw:cpu_policy": "shared"},
        "id": flavor_id,
        "links": [
            {"href": f"{compute_url}/flavors/{flavor_id}", "rel": "self"},
            {"href": f"{compute_url.rsplit('/', 1)[0]}/flavors/{flavor_id}", "rel": "bookmark"},
        ],
        "name": f"flavor-{index}",
        "os-flavor-access:is_public": True,
        "ram": 1024 * (index + 1),
        "rxtx_factor": 1.0,
        "swap": 0,
        "vcpus": index + 1,
    }


def image_document(index: int, rng: random.Random, owner: str) -> dict[str, Any]:
    """One image as Glance v2 lists it, with a few common properties."""
    image_id = fake_uuid(rng)
    return {
        "checksum": _hex(rng, 32),
        "container_format": "bare",
        "created_at": _timestamp(rng),
        "disk_format": "qcow2",
        "file": f"/v2/images/{image_id}/file",
        "hw_disk_bus": "virtio",
        "hw_qemu_guest_agent": "yes",
        "id": image_id,
        "min_disk": 0,
        "min_ram": 0,
        "name": f"ubuntu-22.04-build-{index:05d}",
        "os_distro": "ubuntu",
        "os_hash_algo": "sha512",
        "os_hash_value": _hex(rng, 128),
        "os_hidden": False,
        "os_version": "22.04",
        "owner": owner,
        "protected": False,
        "schema": "/v2/schemas/image",
        "self": f"/v2/images/{image_id}",
        "size": rng.randint(10**8, 10**10),
        "status": "active",
        "stores": "file",
        "tags": [],
        "updated_at": _timestamp(rng),
        "virtual_size": rng.randint(10**9, 10**11),
        "visibility": "public",
    }


def user_document(index: int, rng: random.Random, identity_url: str) -> dict[str, Any]:
    """One user as Keystone's SQL backend lists it."""
    user_id = _hex(rng, 32)
    return {
        "domain_id": "default",
        "enabled": True,
        "id": user_id,
        "links": {"self": f"{identity_url}/users/{user_id}"},
        "name": f"user-{index:05d}",
        "options": {},
        "password_expires_at": None,
        "default_project_id": _hex(rng, 32),
        "description": f"benchmark user {index}",
        "email": f"user-{index:05d}@example.com",
    }


def token_document(
    project_id: str, user_id: str, endpoints: dict[str, str], region: str
) -> dict[str, Any]:
    """A Keystone v3 project-scoped token with a catalog of ``endpoints``."""
    catalog = []
    for number, (service_type, url) in enumerate(sorted(endpoints.items())):
        catalog.append(
            {
                "endpoints": [
                    {
                        "id": f"{number:02d}{interface[:3]}{'0' * 27}",
                        "interface": interface,
                        "region": region,
                        "region_id": region,
                        "url": url,
                    }
                    for interface in ("public", "internal", "admin")
                ],
                "id": f"{number:032d}",
                "name": service_type,
                "type": service_type,
            }
        )
    return {
        "token": {
            "audit_ids": ["bench-audit-id"],
            "catalog": catalog,
            "expires_at": "2099-01-01T00:00:00.000000Z",
            "issued_at": "2024-01-01T00:00:00.000000Z",
            "is_domain": False,
            "methods": ["password"],
            "project": {
                "domain": {"id": "default", "name": "Default"},
                "id": project_id,
                "name": "bench",
            },
            "roles": [{"id": "0" * 32, "name": "admin"}, {"id": "1" * 32, "name": "member"}],
            "user": {
                "domain": {"id": "default", "name": "Default"},
                "id": user_id,
                "name": "bench",
                "password_expires_at": None,
            },
        }
    }


def identity_version(url: str) -> dict[str, Any]:
    """Keystone's ``GET /v3`` document."""
    return {
        "version": {
            "id": "v3.14",
            "links": [{"href": f"{url}/", "rel": "self"}],
            "media-types": [
                {"base": "application/json", "type": "application/vnd.openstack.identity-v3+json"}
            ],
            "status": "stable",
            "updated": "2020-04-07T00:00:00Z",
        }
    }


def nova_version(url: str) -> dict[str, Any]:
    """Nova's ``GET /v2.1`` version document (microversions up to 2.100)."""
    return {
        "id": "v2.1",
        "links": [
            {"href": f"{url}/", "rel": "self"},
            {"href": "http://docs.openstack.org/", "rel": "describedby", "type": "text/html"},
        ],
        "media-types": [
            {
                "base": "application/json",
                "type": "application/vnd.openstack.compute+json;version=2.1",
            }
        ],
        "min_version": NOVA_MIN_VERSION,
        "status": "CURRENT",
        "updated": "2013-07-23T11:33:21Z",
        "version": NOVA_MAX_VERSION,
    }


def nova_versions(root: str) -> dict[str, Any]:
    """Nova's unversioned root document."""
    legacy = {
        "id": "v2.0",
        "links": [{"href": f"{root}/v2/", "rel": "self"}],
        "min_version": "",
        "status": "SUPPORTED",
        "updated": "2011-01-21T11:33:21Z",
        "version": "",
    }
    return {"versions": [legacy, nova_version(f"{root}/v2.1")]}


def glance_versions(root: str) -> dict[str, Any]:
    """Glance's ``GET /`` (also ``/versions``) document."""
    versions = []
    for minor, status in ((16, "CURRENT"), (15, "SUPPORTED"), (9, "SUPPORTED"), (0, "SUPPORTED")):
        versions.append(
            {
                "id": f"v2.{minor}",
                "links": [{"href": f"{root}/v2/", "rel": "self"}],
                "status": status,
            }
        )
    return {"versions": versions}


def port_document(index: int, rng: random.Random, project: str) -> dict[str, Any]:
    """One port as Neutron 29 lists it to an admin (ML2/OVS, bound): about 1.5 KB."""
    mac = ":".join(f"{rng.randrange(256):02x}" for _ in range(3))
    address = f"10.{index // 65536 % 256}.{index // 256 % 256}.{index % 256}"
    return {
        "admin_state_up": True,
        "allowed_address_pairs": [],
        "binding:host_id": f"compute-{rng.randrange(1, 64):02d}.example.com",
        "binding:profile": {},
        "binding:vif_details": {
            "bridge_name": "br-int",
            "connectivity": "l2",
            "datapath_type": "system",
            "ovs_hybrid_plug": False,
            "port_filter": True,
        },
        "binding:vif_type": "ovs",
        "binding:vnic_type": "normal",
        "created_at": _timestamp(rng),
        "data_plane_status": None,
        "description": f"interface {index % 4} of an application server",
        "device_id": fake_uuid(rng),
        "device_owner": "compute:nova",
        "dns_assignment": [
            {
                "fqdn": f"host-{index}.openstack.internal.",
                "hostname": f"host-{index}",
                "ip_address": address,
            }
        ],
        "dns_domain": "",
        "dns_name": "",
        "extra_dhcp_opts": [],
        "fixed_ips": [{"ip_address": address, "subnet_id": fake_uuid(rng)}],
        "id": fake_uuid(rng),
        "ip_allocation": "immediate",
        "mac_address": f"fa:16:3e:{mac}",
        "name": f"port-{index:05d}",
        "network_id": fake_uuid(rng),
        "port_security_enabled": True,
        "project_id": project,
        "propagate_uplink_status": False,
        "qos_network_policy_id": None,
        "qos_policy_id": None,
        "resource_request": None,
        "hardware_offload_type": "",
        "numa_affinity_policy": None,
        "revision_number": rng.randrange(1, 9),
        "security_groups": [fake_uuid(rng)],
        "status": "ACTIVE",
        "tags": ["env:production", "team:platform"],
        "trusted": None,
        "tenant_id": project,
        "updated_at": _timestamp(rng),
    }


def neutron_versions(root: str) -> dict[str, Any]:
    """Neutron's root: its one version, v2.0."""
    return {
        "versions": [
            {
                "id": "v2.0",
                "status": "CURRENT",
                "links": [{"href": f"{root}/v2.0/", "rel": "self"}],
            }
        ]
    }
