"""Address scopes and subnet pools.

A subnet pool hands out prefixes to subnets (``subnetpool_id`` instead of a ``cidr``)
of ``default_prefixlen`` unless a ``prefixlen`` is asked for; its prefix lengths are
answered as strings, as Neutron answers them. Sharing (``shared``) is an RBAC policy.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from openstack_core import fakes
from openstack_network.v2._fake import _ipam
from openstack_network.v2._fake._base import Record
from openstack_network.v2._fake._kinds import KINDS
from openstack_network.v2._fake._networks import NETWORK, required
from openstack_network.v2._fake._policy import PolicyRoutes
from openstack_network.v2._fake._query import bad_request

SCOPE = KINDS["address_scope"]
POOL = KINDS["subnetpool"]
_LENGTHS = ("default_prefixlen", "min_prefixlen", "max_prefixlen")
_POOL_UPDATABLE = (
    "name",
    "description",
    "prefixes",
    *_LENGTHS,
    "default_quota",
    "is_default",
    "address_scope_id",
)


class PoolRoutes(PolicyRoutes):
    """``/address-scopes`` and ``/subnetpools``."""

    # -- address scopes -----------------------------------------------------------------

    def view_address_scope(self, request: fakes.Request, scope: Record) -> Record:
        """An address scope (no standard attributes in Neutron)."""
        return {
            "id": scope["id"],
            "name": scope["name"],
            "ip_version": scope["ip_version"],
            "shared": self.shared_with(request, "address_scope", scope["id"]),
            "project_id": scope["project_id"],
            "tenant_id": scope["project_id"],
        }

    def build_address_scope(self, request: fakes.Request, body: Any, project: str) -> Record:
        """A new address scope (shared by admins only)."""
        self.accept(body, ("name", "ip_version", "shared"))
        required(body, "ip_version")
        self.admin_only(request, "create", "address_scope", body, "shared")
        if body["ip_version"] not in (4, 6):
            raise bad_request(
                f"Invalid input for ip_version. Reason: {body['ip_version']} is not in [4, 6]."
            )
        scope = self.new_record(SCOPE, project, body, ip_version=body["ip_version"])
        if body.get("shared"):
            self.grant("address_scope", scope, "access_as_shared")
        return scope

    def change_address_scope(self, request: fakes.Request, scope: Record, changes: Any) -> None:
        """Rename or share an address scope."""
        self.writable(changes, ("name", "shared"), SCOPE.attributes)
        self.admin_only(request, "update", "address_scope", changes, "shared")
        if changes.get("shared"):
            self.revoke("address_scope", scope["id"], "access_as_shared")
            self.grant("address_scope", scope, "access_as_shared")
        if "name" in changes:
            scope["name"] = str(changes["name"])

    def drop_address_scope(self, request: fakes.Request, scope: Record) -> None:
        """Not while subnet pools are in it."""
        if any(p["address_scope_id"] == scope["id"] for p in self.tables["subnetpool"].values()):
            raise fakes.Fault(
                409,
                f"Unable to complete operation on address scope {scope['id']}. There are one or "
                "more subnet pools in use on the address scope.",
                type="AddressScopeInUse",
            )
        self.drop_rbac("address_scope", scope["id"])

    # -- subnet pools -------------------------------------------------------------------

    def view_subnetpool(self, request: fakes.Request, pool: Record) -> Record:
        """A subnet pool (prefix lengths as strings, as Neutron answers them)."""
        view = self.standard_view(
            pool, "name ip_version prefixes default_quota is_default address_scope_id"
        )
        view["shared"] = self.shared_with(request, "subnetpool", pool["id"])
        for key in _LENGTHS:
            view[key] = str(pool[key])
        return view

    def build_subnetpool(self, request: fakes.Request, body: Any, project: str) -> Record:
        """A new subnet pool."""
        self.accept(body, (*_POOL_UPDATABLE, "shared", "tags"))
        required(body, "prefixes")
        self.admin_only(request, "create", "subnetpool", body, "shared", "is_default")
        prefixes = self.checked_prefixes(body["prefixes"])
        version = ipaddress.ip_network(prefixes[0]).version
        lengths = self.checked_lengths(body, version, {})
        self.check_scope(request, body.get("address_scope_id"), version)
        pool = self.new_record(
            POOL,
            project,
            body,
            prefixes=prefixes,
            ip_version=version,
            default_quota=body.get("default_quota"),
            is_default=bool(body.get("is_default", False)),
            address_scope_id=body.get("address_scope_id"),
            **lengths,
        )
        if body.get("shared"):
            self.grant("subnetpool", pool, "access_as_shared")
        return pool

    @staticmethod
    def checked_prefixes(prefixes: Any) -> list[str]:
        """A pool's prefixes: valid CIDRs of one IP version, merged."""
        if not isinstance(prefixes, list) or not prefixes:
            raise bad_request(f"Invalid input for prefixes. Reason: '{prefixes}' is not a list.")
        networks = [_ipam.parse_cidr(prefix) for prefix in prefixes]
        if len({network.version for network in networks}) > 1:
            raise fakes.Fault(
                400,
                "Cannot mix IPv4 and IPv6 prefixes in a subnet pool.",
                type="PrefixVersionMismatch",
            )
        merged = ipaddress.collapse_addresses(networks)  # type: ignore[type-var]
        return [str(network) for network in merged]

    @staticmethod
    def checked_lengths(body: Any, version: int, current: Record) -> Record:
        """``min_prefixlen <= default_prefixlen <= max_prefixlen`` (Neutron's defaults:
        8 or 64 and the address length)."""
        longest = 32 if version == 4 else 128
        low = int(
            body.get("min_prefixlen", current.get("min_prefixlen", 8 if version == 4 else 64))
        )
        high = int(body.get("max_prefixlen", current.get("max_prefixlen", longest)))
        default = int(body.get("default_prefixlen", current.get("default_prefixlen", low)))
        if not 0 <= low <= default <= high <= longest:
            raise fakes.Fault(
                400,
                f"Illegal prefix bounds: prefixlen={default}, min_prefixlen={low}, "
                f"max_prefixlen={high}.",
                type="IllegalSubnetPoolPrefixBounds",
            )
        return {"min_prefixlen": low, "max_prefixlen": high, "default_prefixlen": default}

    def check_scope(self, request: fakes.Request, scope_id: Any, version: int) -> None:
        """A pool's address scope is visible and of its IP version."""
        if scope_id is None:
            return
        scope = self.record_of(request, SCOPE, str(scope_id))
        if scope["ip_version"] != version:
            raise fakes.Fault(
                400,
                f"Illegal subnetpool association: subnetpool cannot be associated with address "
                f"scope {scope['id']}.",
                type="IllegalSubnetPoolAssociationToAddressScope",
            )

    def change_subnetpool(self, request: fakes.Request, pool: Record, changes: Any) -> None:
        """Update a pool: its prefixes may only grow."""
        self.writable(changes, _POOL_UPDATABLE, POOL.attributes)
        self.admin_only(request, "update", "subnetpool", changes, "is_default")
        if "prefixes" in changes:
            prefixes = self.checked_prefixes(changes["prefixes"])
            for old in pool["prefixes"]:
                if not _ipam.within(old, prefixes):
                    raise fakes.Fault(
                        400,
                        "Illegal update to prefixes: Existing prefixes must be a subset of the "
                        "new prefixes.",
                        type="IllegalSubnetPoolPrefixUpdate",
                    )
            pool["prefixes"] = prefixes
        pool.update(self.checked_lengths(changes, pool["ip_version"], pool))
        if "address_scope_id" in changes:
            self.check_scope(request, changes["address_scope_id"], pool["ip_version"])
        for key in ("name", "description", "default_quota", "is_default", "address_scope_id"):
            if key in changes:
                pool[key] = changes[key]

    def drop_subnetpool(self, request: fakes.Request, pool: Record) -> None:
        """Not while subnets have prefixes of it."""
        if any(s["subnetpool_id"] == pool["id"] for s in self.tables["subnet"].values()):
            raise fakes.Fault(
                400,
                "Unable to delete subnet pool: Subnet pool has existing allocations.",
                type="SubnetPoolDeleteError",
            )
        self.drop_rbac("subnetpool", pool["id"])

    @fakes.route("PUT", "/v2.0/subnetpools/{pool_id}/onboard_network_subnets")
    def onboard_network_subnets(self, request: fakes.Request, pool_id: str) -> Record:
        """Move the network's subnets of the pool's IP version into the pool."""
        pool = self.owned(request, POOL, pool_id, "onboard_network_subnets")
        body = request.json_object()
        required(body, "network_id")
        network = self.record_of(request, NETWORK, str(body["network_id"]))
        moved = [
            s
            for s in self.subnets_of(network["id"])
            if s["ip_version"] == pool["ip_version"] and s["subnetpool_id"] is None
        ]
        extra = [s["cidr"] for s in moved if not _ipam.within(s["cidr"], pool["prefixes"])]
        if extra:
            pool["prefixes"] = self.checked_prefixes([*pool["prefixes"], *extra])
        for subnet in moved:
            subnet["subnetpool_id"] = pool["id"]
            self.touch(subnet)
        self.touch(pool)
        return {"subnetpool_id": pool["id"], "network_id": network["id"]}
