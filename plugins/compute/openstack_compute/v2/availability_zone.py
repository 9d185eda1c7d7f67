"""Availability zones (``/os-availability-zone`` and ``/os-availability-zone/detail``)."""

from __future__ import annotations

from openstack_core import resource
from openstack_core.pagination import NoPagination


class AvailabilityZone(resource.Resource):
    """An availability zone; ``hosts`` only in the (admin) detail listing."""

    resources_key = "availabilityZoneInfo"
    base_path = "/os-availability-zone"
    allow_list = True
    pagination = NoPagination()
    _query_mapping = resource.QueryParameters(include_pagination_defaults=False)
    # The API has not changed since 2.1; declaring it keeps the header explicit.
    _max_microversion = "2.1"

    #: The zone's name.
    name = resource.Body("zoneName")
    #: ``{"available": true}``.
    state = resource.Body("zoneState", type=dict)
    #: ``{"<host>": {"<service>": {"available", "active", "updated_at"}}}`` (detail).
    hosts = resource.Body("hosts", type=dict)
