"""Prometheus: openstacksdk's collectors, through ``prometheus_client``
(``openstack-core[prometheus]``).

- ``openstack_http_requests`` (a counter, exposed as ``openstack_http_requests_total``)
- ``openstack_http_response_time`` (a histogram, seconds)

both labelled ``method``, ``endpoint``, ``service_type`` and ``status_code``, for each
call that got a response. ``endpoint`` is the scheme and host of the URL followed by its
template (``https://compute.example.com/v2.1/servers/{id}``): openstacksdk puts the
URL's path with every id in it there, one time series per server ever touched.

Collectors are registered once per registry and kept on it under openstacksdk's
attribute names, so openstacksdk and openstack-core in one process share them.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from openstack_core._observe import Backend

if TYPE_CHECKING:
    from collections.abc import Mapping

    from openstack_core.proxy import RequestRecord

__all__ = ["LABELS", "Prometheus", "endpoint_label", "for_registry", "from_settings", "labels_of"]

LABELS = ("method", "endpoint", "service_type", "status_code")
# Two Connections set up at once must not register the collectors twice.
_REGISTERING = threading.Lock()


def endpoint_label(record: RequestRecord) -> str:
    """``scheme://host[:port]`` of the call's URL followed by its template."""
    parts = urlsplit(record.url)
    return f"{parts.scheme}://{parts.netloc}{record.url_template}"


def labels_of(record: RequestRecord) -> dict[str, str]:
    """openstacksdk's labels of a call that got a response."""
    return {
        "method": record.method,
        "endpoint": endpoint_label(record),
        "service_type": record.service_type,
        "status_code": str(record.status_code),
    }


class Prometheus(Backend):
    """Counts and times each call that got a response; either collector may be None."""

    def __init__(self, counter: Any, histogram: Any) -> None:
        self.counter = counter
        self.histogram = histogram

    def __call__(self, record: RequestRecord, /) -> None:
        if record.status_code is None:
            return
        labels = labels_of(record)
        if self.counter is not None:
            self.counter.labels(**labels).inc()
        if self.histogram is not None:
            # Seconds, as Prometheus' histogram buckets expect.
            self.histogram.labels(**labels).observe(record.elapsed)


def for_registry(registry: Any) -> Prometheus:
    """The backend of ``registry``'s collectors, registered on first use."""
    import prometheus_client

    with _REGISTERING:
        return _registered(prometheus_client, registry)


# (attribute on the registry, collector class, name, help): openstacksdk's.
_COLLECTORS = (
    (
        "_openstacksdk_counter",
        "Counter",
        "openstack_http_requests",
        "Number of HTTP requests made to an OpenStack service",
    ),
    (
        "_openstacksdk_histogram",
        "Histogram",
        "openstack_http_response_time",
        "Time taken for an http response to an OpenStack service",
    ),
)


def _registered(prometheus_client: Any, registry: Any) -> Prometheus:
    found = []
    for attribute, kind, name, documentation in _COLLECTORS:
        collector = getattr(registry, attribute, None)
        if collector is None:
            collector = getattr(prometheus_client, kind)(
                name, documentation, labelnames=LABELS, registry=registry
            )
            setattr(registry, attribute, collector)
        found.append(collector)
    return Prometheus(*found)


def from_settings(settings: Mapping[str, Any]) -> Prometheus:
    """The backend of the ``prometheus`` section: its ``collector_registry``, or
    prometheus_client's default registry."""
    import prometheus_client

    registry = settings.get("collector_registry")
    return for_registry(prometheus_client.REGISTRY if registry is None else registry)
