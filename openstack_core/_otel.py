"""OpenTelemetry: a client span per call and metric instruments mirroring the Prometheus
ones, through the OpenTelemetry API (``openstack-core[otel]``); the application
configures the SDK (providers, exporters, propagators).

Spans follow the HTTP client semantic conventions: kind CLIENT, named
``<METHOD> <url.template>``, with ``http.request.method``, ``url.full`` (credentials
removed), ``url.template``, ``server.address``, ``server.port``,
``http.response.status_code`` and ``error.type`` (the status code from 400 on, or the
exception's class when no response arrived, the span's status then ERROR), plus
``openstack.service_type``, ``openstack.microversion``, ``openstack.request_id`` and
``cloud.region``. The span is current while the request is sent, so spans of
instrumented libraries below (requests, urllib3) are its children.

Trace context: the span's context is injected into the request's headers with the
application's propagator (W3C ``traceparent`` by default, ``OTEL_PROPAGATORS`` to
change it), unless the cloud's ``metrics.opentelemetry.propagate`` is false.

Metrics: ``openstack.http.requests`` (a counter) and ``openstack.http.response_time``
(a histogram in seconds, Prometheus' default buckets), attributes ``method``,
``endpoint``, ``service_type`` and ``status_code``, for each call that got a response:
the same series as the Prometheus backend, exported by whatever reader the application
set up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from opentelemetry import context, metrics, propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from openstack_core._metrics_prometheus import labels_of
from openstack_core._observe import Backend, Call, redacted_url
from openstack_core._version import __version__

if TYPE_CHECKING:
    from openstack_core.proxy import RequestRecord

__all__ = ["OpenTelemetry", "from_settings", "providers_configured"]

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"})
# Prometheus' default histogram buckets (seconds), which the semantic conventions also
# advise for HTTP durations.
_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def providers_configured() -> bool:
    """Whether the application set a tracer or meter provider (the API's defaults are
    proxies that stay no-ops until one is set)."""
    if not isinstance(
        trace.get_tracer_provider(), (trace.ProxyTracerProvider, trace.NoOpTracerProvider)
    ):
        return True
    meter_provider = type(metrics.get_meter_provider()).__name__
    return meter_provider not in ("_ProxyMeterProvider", "NoOpMeterProvider")


class OpenTelemetry(Backend):
    """Spans and metric instruments of the given providers (the global ones by default)."""

    opens_scope = True

    def __init__(
        self,
        tracer_provider: trace.TracerProvider | None = None,
        meter_provider: metrics.MeterProvider | None = None,
        *,
        propagate_context: bool = True,
    ) -> None:
        self._tracer = trace.get_tracer(
            "openstack_core", __version__, tracer_provider=tracer_provider
        )
        meter = metrics.get_meter("openstack_core", __version__, meter_provider=meter_provider)
        self._requests = meter.create_counter(
            "openstack.http.requests",
            unit="{request}",
            description="Number of HTTP requests made to an OpenStack service",
        )
        self._duration = meter.create_histogram(
            "openstack.http.response_time",
            unit="s",
            description="Time taken for an http response to an OpenStack service",
            explicit_bucket_boundaries_advisory=_BUCKETS,
        )
        self.propagate_context = propagate_context

    def open(self, call: Call, kwargs: dict[str, Any]) -> Callable[[RequestRecord], None]:
        """Start the call's span, make it current and put its context in the headers."""
        method = call.method
        template = call.template()
        proxy = call.proxy
        attributes: dict[str, str] = {
            "http.request.method": method if method in _METHODS else "_OTHER",
            "url.template": template,
            "openstack.service_type": type(proxy).service_type,
        }
        if call.microversion:
            attributes["openstack.microversion"] = call.microversion
        if proxy.region_name:
            attributes["cloud.region"] = str(proxy.region_name)
        span = self._tracer.start_span(
            f"{method} {template}", kind=SpanKind.CLIENT, attributes=attributes
        )
        span_context = trace.set_span_in_context(span)
        if self.propagate_context:
            headers = dict(kwargs.get("headers") or {})
            try:
                propagate.inject(headers, context=span_context)
            except Exception:
                span.end()  # the call goes on untraced; the failure is logged
                raise
            kwargs["headers"] = headers
        # Last: nothing may fail between attaching the context and returning its closer.
        token = context.attach(span_context)

        def close(record: RequestRecord) -> None:
            try:
                _finish(span, record, template)
            finally:
                context.detach(token)

        return close

    def __call__(self, record: RequestRecord, /) -> None:
        if record.status_code is None:
            return
        labels = labels_of(record)
        self._requests.add(1, labels)
        self._duration.record(record.elapsed, labels)


def _finish(span: trace.Span, record: RequestRecord, template: str) -> None:
    url = redacted_url(record.url)
    if record.url_template != template:
        span.update_name(f"{record.method} {record.url_template}")
        span.set_attribute("url.template", record.url_template)
    if "://" in url:
        parts = urlsplit(url)
        span.set_attribute("url.full", url)
        if parts.hostname:
            span.set_attribute("server.address", parts.hostname)
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme)
        if port:
            span.set_attribute("server.port", port)
    if record.request_id:
        span.set_attribute("openstack.request_id", record.request_id)
    status = record.status_code
    if status is not None:
        span.set_attribute("http.response.status_code", status)
        if status >= 400:
            span.set_attribute("error.type", str(status))
            span.set_status(Status(StatusCode.ERROR))
    elif record.exception is not None:
        error = record.exception
        span.set_attribute("error.type", f"{type(error).__module__}.{type(error).__qualname__}")
        span.record_exception(error)
        span.set_status(Status(StatusCode.ERROR, f"{type(error).__name__}"))
    span.end()


def from_settings(settings: Mapping[str, Any]) -> OpenTelemetry:
    """The backend of the ``opentelemetry`` section."""
    return OpenTelemetry(
        settings.get("tracer_provider"),
        settings.get("meter_provider"),
        propagate_context=settings.get("propagate", True),
    )
