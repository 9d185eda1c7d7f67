"""Proxy methods for operators: quotas, hypervisors, services, aggregates, migrations."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from openstack_core import crud, exceptions, proxy, resource

if TYPE_CHECKING:
    from openstack_compute.v2.aggregate import Aggregate
    from openstack_compute.v2.hypervisor import Hypervisor
    from openstack_compute.v2.migration import Migration
    from openstack_compute.v2.quota_set import QuotaSet
    from openstack_compute.v2.service import Service
else:
    # Imported on first use: conn.compute imports none of the resource modules.
    Aggregate = resource.lazy("openstack_compute.v2.aggregate", "Aggregate")
    Hypervisor = resource.lazy("openstack_compute.v2.hypervisor", "Hypervisor")
    Migration = resource.lazy("openstack_compute.v2.migration", "Migration")
    QuotaSet = resource.lazy("openstack_compute.v2.quota_set", "QuotaSet")
    Service = resource.lazy("openstack_compute.v2.service", "Service")


class AdminMethods(proxy.Proxy):
    """Operator APIs (most need the admin role)."""

    # -- quotas -------------------------------------------------------------------------

    def get_quota_set(self, project: Any, usage: bool = False, **query: Any) -> QuotaSet:
        """The project's quotas; ``usage=True`` reads ``/detail`` with usage and
        reservations (``user_id`` in ``query`` for a user's quotas)."""
        res = QuotaSet.new(project_id=resource.id_of(project))
        base_path = "/os-quota-sets/%(project_id)s/detail" if usage else None
        params = QuotaSet._query_mapping.transpose(query, "QuotaSet")
        return res.fetch(self, base_path=base_path, **params)

    def get_quota_set_defaults(self, project: Any) -> QuotaSet:
        """The default quotas (``/os-quota-sets/{project}/defaults``)."""
        res = QuotaSet.new(project_id=resource.id_of(project))
        return res.fetch(self, base_path="/os-quota-sets/%(project_id)s/defaults")

    def update_quota_set(self, project: Any, *, user: Any = None, **attrs: Any) -> QuotaSet:
        """Change the project's (or ``user``'s) quotas: ``instances=20``, ...

        Only the given quotas are sent; ``force=True`` allows limits below usage.
        """
        if isinstance(project, QuotaSet):
            res = self._get_resource(QuotaSet, project, **attrs)
        else:
            res = QuotaSet.new(project_id=resource.id_of(project), **attrs)
        params = {"user_id": resource.id_of(user)} if user is not None else None
        return res.commit(self, params=params)

    def revert_quota_set(self, project: Any, **query: Any) -> None:
        """Reset the project's quotas to the defaults; ``user_id=`` (Nova's query) resets
        one user's. ``user=`` (id or resource) is accepted too, as in
        :meth:`update_quota_set`."""
        if "user" in query:
            user = query.pop("user")
            if query.get("user_id") is not None:
                raise exceptions.InvalidRequest(
                    "revert_quota_set: pass the user as user= or as user_id=, not both"
                )
            query["user_id"] = resource.id_of(user)
        res = QuotaSet.new(project_id=resource.id_of(project))
        params = QuotaSet._query_mapping.transpose(query, "QuotaSet")
        res.delete(self, params=params or None)

    # -- hypervisors --------------------------------------------------------------------

    def hypervisors(self, details: bool = False, **query: Any) -> Iterator[Hypervisor]:
        """Iterate over hypervisors; ``hypervisor_hostname_pattern`` before 2.53 uses
        ``/os-hypervisors/{pattern}/search``."""
        base_path = "/os-hypervisors/detail" if details else None
        pattern = query.get("hypervisor_hostname_pattern")
        if pattern and not resource.at_least(self.microversion_for(Hypervisor, "list"), "2.53"):
            query.pop("hypervisor_hostname_pattern")
            # A base_path without %(name)s parameters is used as it is: no % doubling.
            segment = resource.quote_segment(pattern)
            base_path = f"/os-hypervisors/{segment}/search"
        return self._list(Hypervisor, base_path=base_path, **query)

    get_hypervisor = crud.getter(Hypervisor)

    def find_hypervisor(
        self, name_or_id: str, ignore_missing: bool = True, *, details: bool = True
    ) -> Hypervisor | None:
        """The hypervisor whose id, or else host name, is ``name_or_id``."""
        try:
            return self._get(Hypervisor, name_or_id)
        except (exceptions.NotFoundException, exceptions.BadRequestException):
            # Since 2.53 a non-UUID id answers 400 rather than 404.
            pass
        matches = [h for h in self.hypervisors(details=details) if name_or_id in (h.id, h.name)]
        return Hypervisor.pick_match(matches, name_or_id, ignore_missing)

    def get_hypervisor_uptime(self, hypervisor: str | Hypervisor) -> Hypervisor:
        """The hypervisor with ``uptime`` filled in.

        Since 2.88 ``uptime`` is part of the hypervisor, so this is a plain
        ``GET /os-hypervisors/{id}``; before, ``GET /os-hypervisors/{id}/uptime``
        (openstacksdk raises from 2.88 on instead).
        """
        res = self._get_resource(Hypervisor, hypervisor)
        return res.get_uptime(self)

    # -- services -----------------------------------------------------------------------

    #: Iterate over compute services (``binary``, ``host`` filters).
    services = crud.lister(Service)

    def find_service(
        self, name_or_id: str, ignore_missing: bool = True, **query: Any
    ) -> Service | None:
        """The service whose id, or else binary (its ``name``), is ``name_or_id``.

        ``query`` narrows the listing (``host=``, as in openstacksdk); Nova has no
        ``GET /os-services/{id}``, so this lists. A binary running on several hosts
        raises DuplicateResource unless ``host`` is given.
        """
        wanted = str(name_or_id)
        matches = [s for s in self.services(**query) if wanted in (str(s.id), s.name)]
        if len(matches) > 1:
            hosts = ", ".join(str(s.host) for s in matches)
            raise exceptions.DuplicateResource(
                f"More than one Service is named {name_or_id!r} (hosts: {hosts}); pass "
                "host= or use an id"
            )
        return Service.pick_match(matches, name_or_id, ignore_missing)

    def _service(self, service: Any, host: str | None, binary: str | None) -> Service:
        res = self._get_resource(Service, service)
        # Before 2.53 services are addressed by host and binary rather than id.
        clean = {k: v for k, v in (("host", host), ("binary", binary)) if v is not None}
        res.set_from_server(**clean)
        if res.id is None and resource.at_least(self.microversion_for(Service, "commit"), "2.53"):
            # Since 2.53 the id is needed: look it up by host and binary, as openstacksdk does.
            if not res.host or not res.binary:
                raise exceptions.InvalidRequest(
                    "the compute service is unknown: pass its id (or a Service), or "
                    "host= and binary="
                )
            found = list(self.services(host=res.host, binary=res.binary))
            if len(found) != 1:
                what = "No service" if not found else f"{len(found)} services"
                raise exceptions.NotFoundException(
                    f"{what} found with host {res.host!r} and binary {res.binary!r}; "
                    "pass the service id",
                    details=f"{res.host}/{res.binary}",
                )
            res = found[0]
        return res

    def enable_service(
        self, service: Any, host: str | None = None, binary: str | None = None
    ) -> Service:
        """Enable a service (by id since 2.53, by ``host`` and ``binary`` before; given
        only host and binary, a 2.53 cloud's service is looked up by them)."""
        return self._service(service, host, binary).set_status(self, True)

    def disable_service(
        self,
        service: Any,
        host: str | None = None,
        binary: str | None = None,
        disabled_reason: str | None = None,
    ) -> Service:
        """Disable a service, optionally saying why."""
        return self._service(service, host, binary).set_status(self, False, disabled_reason)

    def update_service_forced_down(
        self,
        service: Any,
        host: str | None = None,
        binary: str | None = None,
        forced: bool = True,
    ) -> Service:
        """Mark a service forced down (``forced=False``: up again), microversion 2.11+.

        Returns the updated service at every version (openstacksdk returns None
        before 2.53).
        """
        return self._service(service, host, binary).set_forced_down(self, forced=forced)

    #: openstacksdk's second name for :meth:`update_service_forced_down`.
    force_service_down = update_service_forced_down

    def update_service(self, service: str | Service, **attrs: Any) -> Service:
        """Change ``status``, ``disabled_reason`` or ``forced_down`` (2.53)."""
        self.microversion_for(Service, "commit", required="2.53")
        return self._update(Service, service, **attrs)

    delete_service = crud.deleter(Service)

    # -- aggregates ---------------------------------------------------------------------

    aggregates = crud.lister(Aggregate)
    get_aggregate = crud.getter(Aggregate)

    def find_aggregate(self, name_or_id: str, ignore_missing: bool = True) -> Aggregate | None:
        """The aggregate whose id, or else uuid (2.41+) or name, is ``name_or_id``."""
        try:
            return self._get(Aggregate, name_or_id)
        except (exceptions.NotFoundException, exceptions.BadRequestException):
            # Nova answers 400 ("id must be an integer"), not 404, for a name or a uuid.
            pass
        wanted = str(name_or_id)
        matches = [a for a in self.aggregates() if wanted in (str(a.id), a.uuid, a.name)]
        return Aggregate.pick_match(matches, name_or_id, ignore_missing)

    #: Create an aggregate: ``name`` and optional ``availability_zone``.
    create_aggregate = crud.creator(Aggregate)
    #: Change ``name`` or ``availability_zone``.
    update_aggregate = crud.updater(Aggregate)
    #: Delete an (empty) aggregate.
    delete_aggregate = crud.deleter(Aggregate)

    def add_host_to_aggregate(self, aggregate: str | Aggregate, host: str) -> Aggregate:
        """Add a host; returns the updated aggregate."""
        return self._get_resource(Aggregate, aggregate).add_host(self, host)

    def remove_host_from_aggregate(self, aggregate: str | Aggregate, host: str) -> Aggregate:
        """Remove a host; returns the updated aggregate."""
        return self._get_resource(Aggregate, aggregate).remove_host(self, host)

    def set_aggregate_metadata(
        self, aggregate: str | Aggregate, metadata: dict[str, Any] | None = None, **kwargs: Any
    ) -> Aggregate:
        """Set metadata keys (``None`` removes one), as a dict or keyword arguments."""
        if metadata and kwargs:
            raise exceptions.InvalidRequest("pass metadata as a dict or as keywords, not both")
        values = dict(metadata or kwargs)
        return self._get_resource(Aggregate, aggregate).set_metadata(self, values)

    def aggregate_precache_images(self, aggregate: str | Aggregate, images: list[Any]) -> None:
        """Ask the aggregate's hosts to cache ``images`` (2.81)."""
        self._get_resource(Aggregate, aggregate).precache_images(self, images)

    # -- migrations ---------------------------------------------------------------------

    #: Every migration (``status``, ``host``, ``server_id``, ``changes_since``...).
    migrations = crud.lister(Migration)
