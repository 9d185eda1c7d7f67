"""Flavors (``/flavors``) with their extra specs and tenant access."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from openstack_compute.v2._common import decode_json
from openstack_core import resource

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

F = TypeVar("F", bound="Flavor")


class Flavor(resource.Resource):
    """A flavor: ``/flavors``, ``/flavors/detail`` and ``/flavors/{id}``.

    The same class parses the flavor embedded in a server: before microversion 2.47 that
    is ``{"id": ..., "links": [...]}``, since 2.47 the flavor's contents with
    ``original_name`` instead of an id. Both ``name`` and, as in openstacksdk, ``id``
    then read ``original_name``, so ``find_flavor(server.flavor.id)`` keeps working; the
    name is no flavor id, so ``get_flavor(server.flavor)`` is not expected to.
    """

    resource_key = "flavor"
    resources_key = "flavors"
    base_path = "/flavors"
    allow_create = allow_fetch = allow_delete = allow_list = allow_commit = True
    _query_mapping = resource.QueryParameters(
        "sort_key", "sort_dir", "is_public", min_disk="minDisk", min_ram="minRam"
    )
    _max_microversion = "2.61"

    #: Links to the flavor.
    links = resource.Body("links", type=list)
    #: The flavor's name; in a server body (2.47+) its ``original_name``.
    name = resource.Body("name", alias="original_name")
    #: The name of the flavor the server was built with (servers, 2.47+); the ``id``
    #: of such a flavor, which has no id of its own.
    original_name = resource.Body("original_name", alternate_id=True)
    #: Free-form description (2.55+).
    description = resource.Body("description")
    #: Root disk size in GiB.
    disk = resource.Body("disk", type=int, default=0)
    #: Whether every project may use the flavor.
    is_public = resource.Body("os-flavor-access:is_public", type=bool, default=True)
    #: Memory in MiB.
    ram = resource.Body("ram", type=int, default=0)
    #: Number of virtual CPUs.
    vcpus = resource.Body("vcpus", type=int, default=0)
    #: Swap size in MiB (Nova sends ``""`` for none before 2.75; read as 0).
    swap = resource.Body("swap", type=lambda v: int(v) if v != "" else 0, default=0)
    #: Ephemeral disk size in GiB.
    ephemeral = resource.Body("OS-FLV-EXT-DATA:ephemeral", type=int, default=0)
    #: Whether the flavor is disabled.
    is_disabled = resource.Body("OS-FLV-DISABLED:disabled", type=bool)
    #: Network bandwidth factor.
    rxtx_factor = resource.Body("rxtx_factor", type=float)
    #: Extra specs (in flavor bodies since 2.61, else fetch_extra_specs()).
    extra_specs = resource.Body("extra_specs", type=dict, default={})

    @classmethod
    def list(
        cls: type[F],
        session: Proxy,
        paginated: bool = True,
        base_path: str | None = "/flavors/detail",
        allow_unknown_params: bool = False,
        **params: Any,
    ) -> Iterator[F]:
        """List flavors (``/flavors/detail`` by default).

        Nova lists only public flavors unless ``is_public`` is given; like openstacksdk
        this asks for both (``is_public=None`` is sent as Nova's ``None``, meaning all).
        """
        if params.get("is_public") is None:
            params["is_public"] = "None"
        return super().list(
            session,
            paginated=paginated,
            base_path=base_path,
            allow_unknown_params=allow_unknown_params,
            **params,
        )

    def _action(self, session: Proxy, body: Mapping[str, Any]) -> Any:
        microversion = session.microversion_for(type(self), "action")
        return session.request(
            self.resource_path("action"), "POST", json=body, microversion=microversion
        )

    def add_tenant_access(self, session: Proxy, tenant: str) -> None:
        """Give project ``tenant`` access to this private flavor (``addTenantAccess``)."""
        self._action(session, {"addTenantAccess": {"tenant": tenant}})

    def remove_tenant_access(self, session: Proxy, tenant: str) -> None:
        """Take the access away again (``removeTenantAccess``)."""
        self._action(session, {"removeTenantAccess": {"tenant": tenant}})

    def get_access(self, session: Proxy) -> builtins.list[dict[str, Any]]:
        """The projects with access: ``[{"flavor_id": ..., "tenant_id": ...}]``."""
        response = session.request(self.resource_path("os-flavor-access"), "GET")
        data = decode_json(response, "flavor access")
        return list(data.get("flavor_access", [])) if isinstance(data, dict) else []

    def _specs_url(self, prop: str | None = None) -> str:
        url = self.resource_path("os-extra_specs")
        return url if prop is None else f"{url}/{resource.quote_segment(prop)}"

    def _specs_request(
        self, session: Proxy, method: str, prop: str | None = None, **kw: Any
    ) -> Any:
        microversion = session.microversion_for(type(self), "extra_specs")
        return session.request(self._specs_url(prop), method, microversion=microversion, **kw)

    def fetch_extra_specs(self: F, session: Proxy) -> F:
        """Load ``extra_specs`` (``GET .../os-extra_specs``)."""
        data = decode_json(self._specs_request(session, "GET"), "extra specs")
        self._body["extra_specs"] = data.get("extra_specs", {}) if isinstance(data, dict) else {}
        return self

    def create_extra_specs(self: F, session: Proxy, specs: Mapping[str, Any]) -> F:
        """Add or overwrite extra specs (``POST .../os-extra_specs``)."""
        response = self._specs_request(session, "POST", json={"extra_specs": dict(specs)})
        data = decode_json(response, "extra specs")
        answer = data.get("extra_specs", {}) if isinstance(data, dict) else {}
        self._body["extra_specs"] = {**(self._body.get("extra_specs") or {}), **answer}
        return self

    def get_extra_specs_property(self, session: Proxy, prop: str) -> str | None:
        """One extra spec's value (``GET .../os-extra_specs/{prop}``)."""
        data = decode_json(self._specs_request(session, "GET", prop), "extra spec")
        return data.get(prop) if isinstance(data, dict) else None

    def update_extra_specs_property(self, session: Proxy, prop: str, val: Any) -> str | None:
        """Set one extra spec (``PUT .../os-extra_specs/{prop}`` with ``{prop: val}``)."""
        response = self._specs_request(session, "PUT", prop, json={prop: val})
        data = decode_json(response, "extra spec")
        return data.get(prop) if isinstance(data, dict) else None

    def delete_extra_specs_property(self, session: Proxy, prop: str) -> None:
        """Remove one extra spec (``DELETE .../os-extra_specs/{prop}``)."""
        self._specs_request(session, "DELETE", prop)
