"""Prometheus: openstacksdk's collectors in a prometheus_client registry, scraped from its
HTTP exposition."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import prometheus_client
import pytest
from prometheus_client.parser import text_string_to_metric_families

import openstack_core
from openstack_core import exceptions
from openstack_core.testing import FakeCloud
from tests.unit.helpers import clouds_yaml

from .conftest import COMPUTE, SID


@pytest.fixture
def registry() -> prometheus_client.CollectorRegistry:
    return prometheus_client.CollectorRegistry()


@pytest.fixture
def scrape(registry: prometheus_client.CollectorRegistry) -> Iterator[Any]:
    """Scrape the registry over HTTP: {(metric sample name, labels): value}."""
    server, thread = prometheus_client.start_http_server(0, addr="127.0.0.1", registry=registry)

    def samples() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        url = f"http://127.0.0.1:{server.server_port}/metrics"
        with urllib.request.urlopen(url, timeout=5) as answer:
            text = answer.read().decode()
        return {
            (s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text)
            for s in family.samples
        }

    yield samples
    server.shutdown()
    server.server_close()
    thread.join(5)


def _labels(endpoint: str, status: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        sorted(
            {
                "method": "GET",
                "endpoint": endpoint,
                "service_type": "compute",
                "status_code": status,
            }.items()
        )
    )


def test_counter_and_histogram_with_openstacksdk_labels(
    cloud: FakeCloud, registry: Any, scrape: Any
) -> None:
    conn = cloud.connection(prometheus_config={"collector_registry": registry})
    conn.compute.get_server(SID)
    conn.compute.get_server(SID)
    with pytest.raises(exceptions.NotFoundException):
        conn.compute.get_server("gone")
    with pytest.raises(exceptions.SDKConnectionError):
        conn.compute.get_server("down")
    samples = scrape()
    server = _labels(f"{COMPUTE}/servers/{{id}}", "200")
    assert samples[("openstack_http_requests_total", server)] == 2.0
    assert samples[("openstack_http_requests_total", _labels(f"{COMPUTE}/servers/{{id}}", "404"))]
    assert samples[("openstack_http_response_time_count", server)] == 2.0
    assert 0 < samples[("openstack_http_response_time_sum", server)] < 5
    buckets = [key for key in samples if key[0] == "openstack_http_response_time_bucket"]
    assert ("le", "0.005") in buckets[0][1] or any(("le", "0.005") in k[1] for k in buckets)
    # A call without a response is not counted (as in openstacksdk), and the ids of
    # the servers never become label values: one series per route and status.
    endpoints = {dict(k[1])["endpoint"] for k in samples if k[0] == "openstack_http_requests_total"}
    assert endpoints == {f"{COMPUTE}/servers/{{id}}"}


def test_from_connect_with_clouds_yaml(
    cloud: FakeCloud, registry: Any, scrape: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # openstacksdk 4.22's connect() drops prometheus_config; here it works.
    clouds = clouds_yaml(tmp_path / "clouds.yaml", cloud, "c")
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    conn = openstack_core.connect(cloud="c", prometheus_config={"collector_registry": registry})
    conn.compute.get_server(SID)
    assert (
        scrape()[("openstack_http_requests_total", _labels(f"{COMPUTE}/servers/{{id}}", "200"))]
        == 1.0
    )


def test_connections_share_the_registry_collectors(cloud: FakeCloud, registry: Any) -> None:
    first = cloud.connection(prometheus_config={"collector_registry": registry})
    with pytest.warns(DeprecationWarning, match="prometheus_config"):
        second = cloud.connection(collector_registry=registry)
    first.compute.get_server(SID)
    second.compute.get_server(SID)
    value = registry.get_sample_value(
        "openstack_http_requests_total", dict(_labels(f"{COMPUTE}/servers/{{id}}", "200"))
    )
    assert value == 2.0


def test_default_registry_when_none_is_given(cloud: FakeCloud) -> None:
    conn = cloud.connection(prometheus_config={})
    labels = dict(_labels(f"{COMPUTE}/servers/detail", "200"))
    before = prometheus_client.REGISTRY.get_sample_value("openstack_http_requests_total", labels)
    list(conn.compute.servers())
    after = prometheus_client.REGISTRY.get_sample_value("openstack_http_requests_total", labels)
    assert (after or 0) - (before or 0) == 1.0


def test_proxy_arguments_for_code_that_builds_proxies(cloud: FakeCloud, registry: Any) -> None:
    from openstack_compute.v2._proxy import Proxy

    names = ["method", "endpoint", "service_type", "status_code"]
    counter = prometheus_client.Counter("c", "calls", names, registry=registry)
    histogram = prometheus_client.Histogram("h", "times", names, registry=registry)
    compute = cloud.proxy(Proxy, prometheus_counter=counter, prometheus_histogram=histogram)
    compute.get_server(SID)
    labels = dict(_labels(f"{COMPUTE}/servers/{{id}}", "200"))
    assert registry.get_sample_value("c_total", labels) == 1.0
    assert registry.get_sample_value("h_count", labels) == 1.0
