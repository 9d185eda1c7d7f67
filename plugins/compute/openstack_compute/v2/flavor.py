"""Flavors (``/flavors``) with their extra specs and tenant access."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from openstack_compute.v2._common import json_object
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
        proxy: Proxy,
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
            proxy,
            paginated=paginated,
            base_path=base_path,
            allow_unknown_params=allow_unknown_params,
            **params,
        )

    def add_tenant_access(self, proxy: Proxy, tenant: str) -> None:
        """Give project ``tenant`` access to this private flavor (``addTenantAccess``)."""
        self.invoke_action(proxy, {"addTenantAccess": {"tenant": tenant}})

    def remove_tenant_access(self, proxy: Proxy, tenant: str) -> None:
        """Take the access away again (``removeTenantAccess``)."""
        self.invoke_action(proxy, {"removeTenantAccess": {"tenant": tenant}})

    def get_access(self, proxy: Proxy) -> builtins.list[dict[str, Any]]:
        """The projects with access: ``[{"flavor_id": ..., "tenant_id": ...}]`` (no
        microversion changes this API: sent without the header)."""
        response = proxy.request(self.resource_path("os-flavor-access"), "GET")
        return list(json_object(response, "flavor access").get("flavor_access", []))

    def _specs(self, proxy: Proxy, method: str, *prop: str, what: str, **kw: Any) -> dict[str, Any]:
        """``method`` on ``.../os-extra_specs[/{prop}]``; the answer's JSON object."""
        microversion = proxy.microversion_for(type(self), "extra_specs")
        response = proxy.request(
            self.resource_path("os-extra_specs", *prop), method, microversion=microversion, **kw
        )
        return json_object(response, what)

    def fetch_extra_specs(self: F, proxy: Proxy) -> F:
        """Load ``extra_specs`` (``GET .../os-extra_specs``)."""
        answer = self._specs(proxy, "GET", what="extra specs")
        self.set_from_server(extra_specs=answer.get("extra_specs", {}))
        return self

    def create_extra_specs(self: F, proxy: Proxy, specs: Mapping[str, Any]) -> F:
        """Add or overwrite extra specs (``POST .../os-extra_specs``)."""
        answer = self._specs(proxy, "POST", what="extra specs", json={"extra_specs": dict(specs)})
        self.set_from_server(
            extra_specs={**(self.extra_specs or {}), **answer.get("extra_specs", {})}
        )
        return self

    def get_extra_specs_property(self, proxy: Proxy, prop: str) -> str | None:
        """One extra spec's value (``GET .../os-extra_specs/{prop}``)."""
        value: str | None = self._specs(proxy, "GET", prop, what="extra spec").get(prop)
        return value

    def update_extra_specs_property(self, proxy: Proxy, prop: str, val: Any) -> str | None:
        """Set one extra spec (``PUT .../os-extra_specs/{prop}`` with ``{prop: val}``)."""
        data = self._specs(proxy, "PUT", prop, what="extra spec", json={prop: val})
        value: str | None = data.get(prop)
        return value

    def delete_extra_specs_property(self, proxy: Proxy, prop: str) -> None:
        """Remove one extra spec (``DELETE .../os-extra_specs/{prop}``)."""
        self._specs(proxy, "DELETE", prop, what="extra spec")
