"""OpenTelemetry: client spans and metric instruments, read back from the SDK's in-memory
exporter and reader; trace context propagated in ``traceparent``."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind, StatusCode

from openstack_core import exceptions
from openstack_core.testing import FakeCloud

from .conftest import COMPUTE, SID


class Telemetry:
    """An SDK set up by the application: providers with in-memory exporters."""

    def __init__(self) -> None:
        self.spans = InMemorySpanExporter()
        self.tracer_provider = TracerProvider()
        self.tracer_provider.add_span_processor(SimpleSpanProcessor(self.spans))
        self.reader = InMemoryMetricReader()
        self.meter_provider = MeterProvider(metric_readers=[self.reader])

    def config(self, **extra: Any) -> dict[str, Any]:
        return {
            "tracer_provider": self.tracer_provider,
            "meter_provider": self.meter_provider,
            **extra,
        }

    def metrics(self) -> dict[str, list[Any]]:
        data = self.reader.get_metrics_data()
        found: dict[str, list[Any]] = {}
        for resource in data.resource_metrics if data else []:
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    found.setdefault(metric.name, []).extend(metric.data.data_points)
        return found


@pytest.fixture
def telemetry() -> Telemetry:
    return Telemetry()


def test_a_client_span_per_call_with_http_conventions(
    cloud: FakeCloud, telemetry: Telemetry
) -> None:
    conn = cloud.connection(opentelemetry_config=telemetry.config())
    conn.compute.get_server(SID)
    spans = [s for s in telemetry.spans.get_finished_spans() if "/servers/" in s.name]
    (span,) = spans
    assert span.name == "GET /v2.1/servers/{id}" and span.kind is SpanKind.CLIENT
    assert dict(span.attributes or {}) == {
        "http.request.method": "GET",
        "url.template": "/v2.1/servers/{id}",
        "url.full": f"{COMPUTE}/servers/{SID}",
        "server.address": "compute.example.com",
        "server.port": 443,
        "http.response.status_code": 200,
        "openstack.service_type": "compute",
        "openstack.microversion": "2.96",
        "openstack.request_id": "req-1",
        "cloud.region": "RegionOne",
    }
    assert span.status.status_code is StatusCode.UNSET
    # The request carried the span's context.
    sent = cloud.mocker.last_request.headers["traceparent"]
    context = span.get_span_context()
    assert sent == f"00-{context.trace_id:032x}-{context.span_id:016x}-{context.trace_flags:02x}"
    assert context.trace_flags.sampled


def test_error_and_failure_spans(cloud: FakeCloud, telemetry: Telemetry) -> None:
    conn = cloud.connection(opentelemetry_config=telemetry.config())
    with pytest.raises(exceptions.NotFoundException):
        conn.compute.get_server("gone")
    with pytest.raises(exceptions.SDKConnectionError):
        conn.compute.get_server("down")
    missing, down = [s for s in telemetry.spans.get_finished_spans() if "/servers/" in s.name]
    assert missing.attributes["http.response.status_code"] == 404  # type: ignore[index]
    assert missing.attributes["error.type"] == "404"  # type: ignore[index]
    assert missing.status.status_code is StatusCode.ERROR
    assert down.attributes["error.type"] == (  # type: ignore[index]
        "openstack_core.exceptions.SDKConnectionError"
    )
    assert "http.response.status_code" not in (down.attributes or {})
    assert down.status.status_code is StatusCode.ERROR
    assert [e.name for e in down.events] == ["exception"]


def test_spans_nest_under_the_application_span(cloud: FakeCloud, telemetry: Telemetry) -> None:
    conn = cloud.connection(opentelemetry_config=telemetry.config())
    tracer = telemetry.tracer_provider.get_tracer("app")
    with tracer.start_as_current_span("deploy") as parent:
        conn.compute.get_server(SID)
    call = next(s for s in telemetry.spans.get_finished_spans() if "/servers/" in s.name)
    assert call.parent is not None and call.parent.span_id == parent.get_span_context().span_id
    assert call.context.trace_id == parent.get_span_context().trace_id


def test_propagation_can_be_turned_off_per_cloud(cloud: FakeCloud, telemetry: Telemetry) -> None:
    headers = {"X-Custom": "kept"}
    conn = cloud.connection(opentelemetry_config=telemetry.config(propagate=False))
    conn.compute.get(f"/servers/{SID}", headers=headers)
    assert "traceparent" not in cloud.mocker.last_request.headers
    assert cloud.mocker.last_request.headers["X-Custom"] == "kept"
    on = cloud.connection(opentelemetry_config=telemetry.config())
    on.compute.get(f"/servers/{SID}", headers=headers)
    assert "traceparent" in cloud.mocker.last_request.headers
    assert headers == {"X-Custom": "kept"}  # the caller's dict is never changed


def test_metric_instruments_mirror_prometheus(cloud: FakeCloud, telemetry: Telemetry) -> None:
    conn = cloud.connection(opentelemetry_config=telemetry.config())
    conn.compute.get_server(SID)
    conn.compute.get_server(SID)
    with pytest.raises(exceptions.SDKConnectionError):
        conn.compute.get_server("down")  # no response: not counted, as in Prometheus
    metrics = telemetry.metrics()
    labels = {
        "method": "GET",
        "endpoint": f"{COMPUTE}/servers/{{id}}",
        "service_type": "compute",
        "status_code": "200",
    }
    (count,) = [p for p in metrics["openstack.http.requests"] if dict(p.attributes) == labels]
    assert count.value == 2
    (times,) = [p for p in metrics["openstack.http.response_time"] if dict(p.attributes) == labels]
    assert times.count == 2 and 0 < times.sum < 5
    assert list(times.explicit_bounds)[:3] == [0.005, 0.01, 0.025]


def test_off_when_disabled(cloud: FakeCloud, telemetry: Telemetry) -> None:
    conn = cloud.connection(opentelemetry_config=telemetry.config(enabled=False))
    conn.compute.get_server(SID)
    assert telemetry.spans.get_finished_spans() == ()
    assert "traceparent" not in cloud.mocker.last_request.headers


def test_on_automatically_once_the_application_set_up_the_sdk() -> None:
    """The global providers (set once per process: a child process of its own)."""
    script = textwrap.dedent(
        f"""
        import json, requests_mock
        from opentelemetry import trace
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import SimpleSpanProcessor
        from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
            InMemorySpanExporter,
        )
        from openstack_core.testing import FakeCloud

        with requests_mock.Mocker() as mock:
            cloud = FakeCloud(mock)
            cloud.add_service("compute", "{COMPUTE}", microversions=("2.1", "2.96"))
            mock.get("{COMPUTE}/servers/{SID}", json={{"server": {{"id": "{SID}"}}}})
            before = cloud.connection()
            exporter = InMemorySpanExporter()
            provider = TracerProvider()
            provider.add_span_processor(SimpleSpanProcessor(exporter))
            trace.set_tracer_provider(provider)
            after = cloud.connection()
            before.compute.get_server("{SID}")
            untraced = len(exporter.get_finished_spans())
            after.compute.get_server("{SID}")
            names = [s.name for s in exporter.get_finished_spans()]
            print(json.dumps({{"untraced": untraced, "names": names}}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["untraced"] == 0
    assert "GET /v2.1/servers/{id}" in found["names"]
