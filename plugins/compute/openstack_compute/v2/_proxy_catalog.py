"""Proxy methods for flavors, keypairs, limits, availability zones and server groups."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from openstack_core import crud, exceptions, proxy, resource

if TYPE_CHECKING:
    from openstack_compute.v2.availability_zone import AvailabilityZone
    from openstack_compute.v2.flavor import Flavor
    from openstack_compute.v2.keypair import Keypair
    from openstack_compute.v2.limits import Limits
    from openstack_compute.v2.server_group import ServerGroup
else:
    # Imported on first use: conn.compute imports none of the resource modules.
    AvailabilityZone = resource.lazy("openstack_compute.v2.availability_zone", "AvailabilityZone")
    Flavor = resource.lazy("openstack_compute.v2.flavor", "Flavor")
    Keypair = resource.lazy("openstack_compute.v2.keypair", "Keypair")
    Limits = resource.lazy("openstack_compute.v2.limits", "Limits")
    ServerGroup = resource.lazy("openstack_compute.v2.server_group", "ServerGroup")


class CatalogMethods(proxy.Proxy):
    """What a project boots servers with."""

    # -- flavors ------------------------------------------------------------------------

    def flavors(
        self, details: bool = True, get_extra_specs: bool = False, **query: Any
    ) -> Iterator[Flavor]:
        """Iterate over flavors (public and, for admins, private ones).

        ``get_extra_specs=True`` fetches each flavor's extra specs when the body has
        none (clouds before microversion 2.61).
        """
        base_path = "/flavors/detail" if details else "/flavors"
        for flavor in self._list(Flavor, base_path=base_path, **query):
            yield self._with_specs(flavor, get_extra_specs)

    def _with_specs(self, flavor: Flavor, get_extra_specs: bool) -> Flavor:
        # Since 2.61 the flavor's body has them; before, they are fetched when wanted.
        if get_extra_specs and not flavor.extra_specs:
            return flavor.fetch_extra_specs(self)
        return flavor

    def get_flavor(self, flavor: str | Flavor, get_extra_specs: bool = False) -> Flavor:
        """Get one flavor, optionally with its extra specs."""
        return self._with_specs(self._get(Flavor, flavor), get_extra_specs)

    def find_flavor(
        self,
        name_or_id: str,
        ignore_missing: bool = True,
        *,
        get_extra_specs: bool = False,
        **query: Any,
    ) -> Flavor | None:
        """The flavor whose id, or else name, is ``name_or_id``."""
        flavor = self._find(Flavor, name_or_id, ignore_missing=ignore_missing, **query)
        return None if flavor is None else self._with_specs(flavor, get_extra_specs)

    #: Create a flavor (admin): ``name``, ``ram``, ``vcpus``, ``disk``, ...
    create_flavor = crud.creator(Flavor)
    #: Change a flavor's ``description`` (the only mutable field, 2.55).
    update_flavor = crud.updater(Flavor)
    delete_flavor = crud.deleter(Flavor)

    def flavor_add_tenant_access(self, flavor: str | Flavor, tenant: str) -> None:
        """Give project ``tenant`` access to a private flavor."""
        self._get_resource(Flavor, flavor).add_tenant_access(self, tenant)

    def flavor_remove_tenant_access(self, flavor: str | Flavor, tenant: str) -> None:
        """Take project ``tenant``'s access to a private flavor away."""
        self._get_resource(Flavor, flavor).remove_tenant_access(self, tenant)

    def get_flavor_access(self, flavor: str | Flavor) -> list[dict[str, Any]]:
        """The projects with access to a private flavor."""
        return self._get_resource(Flavor, flavor).get_access(self)

    def fetch_flavor_extra_specs(self, flavor: str | Flavor) -> Flavor:
        """The flavor with ``extra_specs`` loaded."""
        return self._get_resource(Flavor, flavor).fetch_extra_specs(self)

    def create_flavor_extra_specs(
        self, flavor: str | Flavor, extra_specs: dict[str, Any]
    ) -> Flavor:
        """Add or overwrite extra specs."""
        return self._get_resource(Flavor, flavor).create_extra_specs(self, specs=extra_specs)

    def get_flavor_extra_specs_property(self, flavor: str | Flavor, prop: str) -> str | None:
        """One extra spec's value."""
        return self._get_resource(Flavor, flavor).get_extra_specs_property(self, prop)

    def update_flavor_extra_specs_property(
        self, flavor: str | Flavor, prop: str, val: str
    ) -> str | None:
        """Set one extra spec; returns the stored value."""
        return self._get_resource(Flavor, flavor).update_extra_specs_property(self, prop, val)

    def delete_flavor_extra_specs_property(
        self, flavor: str | Flavor, prop: str, ignore_missing: bool = True
    ) -> None:
        """Delete one extra spec; a missing one is ignored unless ``ignore_missing=False``."""
        try:
            self._get_resource(Flavor, flavor).delete_extra_specs_property(self, prop)
        except exceptions.NotFoundException:
            if not ignore_missing:
                raise

    # -- keypairs -----------------------------------------------------------------------

    #: Iterate over keypairs (``user_id`` for another user's, admin, 2.10).
    keypairs = crud.lister(Keypair)

    def get_keypair(self, keypair: str | Keypair, user_id: str | None = None) -> Keypair:
        """Get a keypair by name (of ``user_id``, admin, 2.10)."""
        res = self._get_resource(Keypair, keypair)
        message = f"No Keypair found for {keypair}"
        if user_id:
            return res.fetch(self, error_message=message, user_id=user_id)
        return res.fetch(self, error_message=message)

    def find_keypair(
        self, name_or_id: str, ignore_missing: bool = True, *, user_id: str | None = None
    ) -> Keypair | None:
        """The keypair named ``name_or_id`` (its name is its id), of ``user_id``."""
        try:
            return self.get_keypair(name_or_id, user_id=user_id)
        except exceptions.NotFoundException:
            if ignore_missing:
                return None
            raise

    #: Create (no ``public_key``; before 2.92 only) or import a keypair.
    create_keypair = crud.creator(Keypair)

    def delete_keypair(
        self, keypair: str | Keypair, ignore_missing: bool = True, user_id: str | None = None
    ) -> None:
        """Delete a keypair (of ``user_id``, admin, 2.10)."""
        res = self._get_resource(Keypair, keypair)
        params = {"user_id": user_id} if user_id else None
        try:
            res.delete(self, error_message=f"No Keypair found for {res.id}", params=params)
        except exceptions.NotFoundException:
            if not ignore_missing:
                raise

    # -- limits and zones ---------------------------------------------------------------

    def get_limits(self, **query: Any) -> Limits:
        """The absolute limits and usage of the caller's project, or (admin) of
        ``project_id=``; ``reserved=1`` counts reservations as used."""
        return Limits.new().fetch(self, **query)

    def availability_zones(self, details: bool = False) -> Iterator[AvailabilityZone]:
        """The availability zones; ``details=True`` (admin) adds hosts and services."""
        base_path = "/os-availability-zone/detail" if details else None
        return self._list(AvailabilityZone, base_path=base_path)

    # -- server groups ------------------------------------------------------------------

    def server_groups(self, *, all_projects: bool = False, **query: Any) -> Iterator[ServerGroup]:
        """Iterate over server groups (``all_projects`` for admins)."""
        if all_projects:
            query["all_projects"] = True
        return self._list(ServerGroup, **query)

    get_server_group = crud.getter(ServerGroup)

    def find_server_group(
        self, name_or_id: str, ignore_missing: bool = True, *, all_projects: bool = False
    ) -> ServerGroup | None:
        """The server group whose id, or else name, is ``name_or_id``."""
        query: dict[str, Any] = {"all_projects": True} if all_projects else {}
        return self._find(ServerGroup, name_or_id, ignore_missing=ignore_missing, **query)

    #: Create a server group: ``name``, ``policy`` (or ``policies``), ``rules``.
    create_server_group = crud.creator(ServerGroup)
    delete_server_group = crud.deleter(ServerGroup)
