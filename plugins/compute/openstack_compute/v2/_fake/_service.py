"""The compute fake's class: its route groups combined, and the contract attributes."""

from __future__ import annotations

from openstack_compute.v2._fake._admin import AdminRoutes
from openstack_compute.v2._fake._catalog import CatalogRoutes
from openstack_compute.v2._fake._keypairs import KeypairRoutes
from openstack_compute.v2._fake._parts import PartsRoutes
from openstack_compute.v2._fake._resize import ResizeRoutes


class Fake(ResizeRoutes, PartsRoutes, CatalogRoutes, KeypairRoutes, AdminRoutes):
    """Nova v2.1 in memory, for the local cloud."""

    service_type = "compute"
    api_version = 2
    plugin_api_version = "2.0"
    prefix = "compute"
    catalog_path = "/v2.1"
    version_id = "v2.1"
    microversion_name = "compute"
    legacy_microversion_header = "X-OpenStack-Nova-API-Version"
    request_id_headers = ("x-openstack-request-id", "x-compute-request-id")
    catalog_name = "nova"
