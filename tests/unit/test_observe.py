"""The observer API, URL templates and metric names, the metrics settings, the missing
library errors and the per-call log, without any metrics library installed.

The backends themselves are tested against real receivers in ``tests/observability``
(``tox -e observability``).
"""

from __future__ import annotations

import io
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
import requests_mock

import openstack_core
from openstack_core import _observe, _observe_config, exceptions, observe, proxy
from openstack_core.testing import TOKEN_ID, FakeCloud
from tests.unit.helpers import COMPUTE, SID, observed_compute


@pytest.fixture
def cloud(fake_cloud: FakeCloud) -> FakeCloud:
    return observed_compute(fake_cloud)


@pytest.fixture
def records() -> Iterator[list[proxy.RequestRecord]]:
    seen: list[proxy.RequestRecord] = []
    observe.add_observer(seen.append)
    try:
        yield seen
    finally:
        observe.remove_observer(seen.append)


# -- the observer API ---------------------------------------------------------------------


def test_a_process_observer_gets_every_call(cloud: FakeCloud, records: list[Any]) -> None:
    conn = cloud.connection()
    conn.compute.get_server(SID)
    with pytest.raises(exceptions.NotFoundException):
        conn.compute.get_server("gone")
    with pytest.raises(exceptions.SDKConnectionError):
        conn.compute.get_server("down")
    ok, missing, down = [r for r in records if "/servers/" in r.url]
    assert ok.service_type == "compute" and ok.method == "GET"
    assert ok.url == f"{COMPUTE}/servers/{SID}"
    assert ok.url_template == "/v2.1/servers/{id}"
    assert (ok.status_code, ok.request_id, ok.exception) == (200, "req-1", None)
    assert ok.microversion == "2.96" and ok.region_name == "RegionOne"
    assert ok.elapsed > 0 and ok.response is not None
    assert (missing.status_code, missing.request_id) == (404, "req-2")
    assert down.status_code is None and down.response is None
    assert isinstance(down.exception, exceptions.SDKConnectionError)


def test_connection_observers_see_only_their_connection(cloud: FakeCloud) -> None:
    mine: list[proxy.RequestRecord] = []
    watched = cloud.connection(observers=[mine.append])
    other = cloud.connection()
    other.compute.get_server(SID)
    assert mine == []
    watched.compute.get_server(SID)
    assert [r.url_template for r in mine][-1] == "/v2.1/servers/{id}"


def test_a_failing_observer_never_breaks_a_call(
    cloud: FakeCloud, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(record: proxy.RequestRecord) -> None:
        raise RuntimeError("observer bug")

    conn = cloud.connection(observers=[broken])
    observe.add_observer(broken)
    try:
        with caplog.at_level(logging.DEBUG, logger="openstack_core.http"):
            assert conn.compute.get_server(SID).name == "web"
            assert conn.compute.get_server(SID).name == "web"
    finally:
        observe.remove_observer(broken)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "broken" in warnings[0].getMessage()
    assert warnings[0].exc_info is not None  # the first failure keeps its traceback
    assert any("failed again" in r.getMessage() for r in caplog.records)


def test_on_response_and_observers_see_the_same_record(cloud: FakeCloud) -> None:
    class Hooked(proxy.Proxy):
        """A plugin that overrides on_response."""

        service_type = "compute"
        api_version = 2
        plugin_api_version = "2.0"
        seen: ClassVar[list[proxy.RequestRecord]] = []

        def on_response(self, record: proxy.RequestRecord) -> None:
            """Keep it."""
            self.seen.append(record)

    mine: list[proxy.RequestRecord] = []
    hooked = cloud.proxy(Hooked, observers=[mine.append])
    hooked.get(f"/servers/{SID}")
    assert mine == Hooked.seen and mine[0].url_template == "/v2.1/servers/{id}"


def test_nothing_is_observed_when_nothing_observes(
    cloud: FakeCloud, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = cloud.connection()
    conn.compute.get_server(SID)  # connected and discovered

    def refuse(*args: Any) -> None:
        raise AssertionError("a call was observed")

    monkeypatch.setattr(_observe, "Call", refuse)
    logging.getLogger("openstack_core.http").setLevel(logging.INFO)
    try:
        assert not conn.compute._observed
        assert conn.compute.get_server(SID).name == "web"
    finally:
        logging.getLogger("openstack_core.http").setLevel(logging.NOTSET)


def test_add_observer_refuses_what_cannot_be_called() -> None:
    with pytest.raises(TypeError, match="callable"):
        observe.add_observer("not a function")  # type: ignore[arg-type]
    observe.remove_observer(print)  # never added: nothing happens


def test_record_is_compatible_with_plugin_api_1_1() -> None:
    # Plugins written for 1.1 build and unpack the seven fields they knew.
    record = proxy.RequestRecord("dns", "GET", "https://dns/v2/zones", 200, 0.1, None, None)
    assert record[:7] == ("dns", "GET", "https://dns/v2/zones", 200, 0.1, None, None)
    assert (record.url_template, record.request_id, record.microversion) == ("", None, None)


# -- URL templates and openstacksdk's metric names -----------------------------------------


@pytest.mark.parametrize(
    ("url", "endpoint", "template", "name"),
    [
        # openstacksdk's own examples (Proxy._extract_name's docstring)
        (f"{COMPUTE}/servers", COMPUTE, "/v2.1/servers", "servers"),
        (f"{COMPUTE}/servers/abc", COMPUTE, "/v2.1/servers/{id}", "server"),
        (
            f"{COMPUTE}/servers/abc/os-security-groups",
            COMPUTE,
            "/v2.1/servers/{id}/os-security-groups",
            "server_os-security-groups",
        ),
        ("https://net/v2.0/networks.json", None, "/v2.0/networks.json", "networks"),
        (f"{COMPUTE}/servers/detail?limit=1000", COMPUTE, "/v2.1/servers/detail", "servers_detail"),
        (f"{COMPUTE}/servers/abc/action", COMPUTE, "/v2.1/servers/{id}/action", "server_action"),
        (
            f"{COMPUTE}/flavors/1/os-extra_specs/hw:cpu_policy",
            COMPUTE,
            "/v2.1/flavors/{id}/os-extra_specs/{id}",
            "flavor_os-extra_spec",  # openstacksdk drops the s before an id
        ),
        (f"{COMPUTE}/", COMPUTE, "/v2.1", "discovery"),
        ("https://identity/v3/auth/tokens", None, "/v3/auth/tokens", "tokens"),
        (
            "https://image/v2/images/x/file",
            "https://image/v2/",
            "/v2/images/{id}/file",
            "image_file",
        ),
        # relative URLs, as plugins pass them, under the known endpoint
        ("/servers/abc", COMPUTE, "/v2.1/servers/{id}", "server"),
        ("servers/detail?all_tenants=1", COMPUTE, "/v2.1/servers/detail", "servers_detail"),
        # a path-based endpoint (devstack): only what is below it alternates
        (
            "https://cloud/compute/v2.1/servers/abc",
            "https://cloud/compute/v2.1",
            "/compute/v2.1/servers/{id}",
            "compute_server",
        ),
        # a project id in the endpoint, and an id-looking segment anywhere
        (
            "https://vol/v3/0123456789abcdef0123456789abcdef/volumes/abc",
            "https://vol/v3/%(project_id)s",
            "/v3/{project_id}/volumes/{id}",
            "volume",
        ),
        (f"https://image/v2/images/{SID}", None, "/v2/images/{id}", "image"),
        (f"https://x/v1/things/abc/{SID}", None, "/v1/things/{id}/{id}", "thing"),
    ],
)
def test_url_templates_and_metric_names(
    url: str, endpoint: str | None, template: str, name: str
) -> None:
    assert _observe.url_template(url, endpoint) == template
    assert _observe.metric_name(template) == name


def test_templates_are_bounded_over_many_ids() -> None:
    urls = {f"{COMPUTE}/servers/server-{n}/action" for n in range(500)}
    assert {_observe.url_template(u, COMPUTE) for u in urls} == {"/v2.1/servers/{id}/action"}


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://a/v1/x?limit=1", "https://a/v1/x?limit=1"),
        ("https://user:pw@a/v1/x", "https://a/v1/x"),
        (
            "https://swift/v1/AUTH_p/c/o?temp_url_sig=abc&temp_url_expires=1",
            "https://swift/v1/AUTH_p/c/o?temp_url_sig=***&temp_url_expires=1",
        ),
        ("https://a/x?token=t&name=n", "https://a/x?token=***&name=n"),
    ],
)
def test_redacted_urls(url: str, shown: str) -> None:
    assert _observe.redacted_url(url) == shown


# -- settings: clouds.yaml metrics, STATSD_*, keywords ------------------------------------


def _clouds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "clouds.yaml"
    path.write_text(text)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(path))
    return path


CLOUDS = """
metrics:
  statsd: {host: 127.0.0.1, port: 8125, prefix: fleet}
  influxdb: {host: influx.example.com, database: openstack, password: s3cret}
clouds:
  a:
    auth: {auth_url: "https://identity.example.com/v3", token: tok}
    auth_type: token
    additional_metric_tags: {environment: prod}
    metrics:
      statsd: {prefix: cloud-a}
  b:
    auth: {auth_url: "https://identity.example.com/v3", token: tok}
    auth_type: token
"""


def test_metrics_of_the_file_overridden_per_cloud(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openstack_core._config import build_config

    _clouds(tmp_path, monkeypatch, CLOUDS)
    a = build_config("a").metrics
    assert (a["statsd"]["host"], a["statsd"]["port"], a["statsd"]["prefix"]) == (
        "127.0.0.1",
        8125,
        "cloud-a",
    )
    assert a["influxdb"]["additional_metric_tags"] == {"environment": "prod"}
    b = build_config("b")
    assert b.metrics["statsd"]["prefix"] == "fleet"
    # Neither the sections nor the tags are taken for service options, and the
    # InfluxDB password never shows in the CloudConfig's repr.
    assert "metrics" not in b.options and "additional_metric_tags" not in build_config("a").options
    assert "s3cret" not in repr(b)


def test_statsd_variables_and_keywords_win_over_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openstack_core._config import build_config

    _clouds(tmp_path, monkeypatch, CLOUDS)
    monkeypatch.setenv("STATSD_HOST", "statsd.example.com")
    monkeypatch.setenv("STATSD_PORT", "9125")
    statsd = build_config("b").metrics["statsd"]
    assert (statsd["host"], statsd["port"], statsd["prefix"]) == (
        "statsd.example.com",
        9125,
        "fleet",
    )
    statsd = build_config("b", statsd_config={"port": 7125}).metrics["statsd"]
    assert (statsd["host"], statsd["port"]) == ("statsd.example.com", 7125)
    assert build_config("b", load_envvars=False).metrics["statsd"]["host"] == "127.0.0.1"


def test_deprecated_keywords_warn_and_clash(fake_cloud: FakeCloud) -> None:
    from openstack_core._config import build_config

    with pytest.warns(DeprecationWarning, match="statsd_config"):
        config = build_config(load_files=False, statsd_host="h", statsd_port=1, statsd_prefix="p")
    assert {k: config.metrics["statsd"][k] for k in ("host", "port", "prefix")} == {
        "host": "h",
        "port": 1,
        "prefix": "p",
    }
    with pytest.raises(exceptions.ConfigException, match="statsd_host and statsd_config"):
        build_config(load_files=False, statsd_host="h", statsd_config={"host": "h"})
    registry = object()
    with pytest.warns(DeprecationWarning, match="prometheus_config"):
        config = build_config(load_files=False, collector_registry=registry)
    assert config.metrics["prometheus"]["collector_registry"] is registry
    with pytest.raises(exceptions.ConfigException, match="collector_registry and prometheus"):
        build_config(load_files=False, collector_registry=registry, prometheus_config={})


@pytest.mark.parametrize(
    ("metrics", "message"),
    [
        ("statsd: {hots: x}", r"statsd: unknown settings hots; statsd takes host, port, prefix"),
        ("graphite: {host: x}", r"unknown metrics section 'graphite'"),
        ("statsd: {host: x, port: eighty}", r"statsd.port .*expected a port number"),
        ("influxdb: {host: x, use_udp: maybe}", r"influxdb.use_udp .*expected true or false"),
        ("statsd: [x]", r"statsd: expected a mapping"),
    ],
)
def test_bad_metrics_settings_name_the_key_and_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, metrics: str, message: str
) -> None:
    from openstack_core._config import build_config

    path = _clouds(tmp_path, monkeypatch, f"metrics:\n  {metrics}\n{CLOUDS.split('metrics:')[0]}")
    path.write_text(f"metrics:\n  {metrics}\nclouds:\n  x: {{auth_type: none}}\n")
    with pytest.raises(exceptions.ConfigException, match=message) as info:
        build_config("x")
    assert str(path) in str(info.value)


@pytest.mark.parametrize(
    ("keywords", "extra", "distribution"),
    [
        ({"statsd_config": {"host": "127.0.0.1"}}, "statsd", "statsd"),
        ({"prometheus_config": {}}, "prometheus", "prometheus-client"),
        ({"influxdb_config": {"host": "h", "database": "d"}}, "influxdb", "influxdb-client"),
        ({"opentelemetry_config": {"enabled": True}}, "otel", "opentelemetry-api"),
    ],
)
def test_a_configured_backend_without_its_library_names_the_extra(
    fake_cloud: FakeCloud,
    monkeypatch: pytest.MonkeyPatch,
    keywords: dict[str, Any],
    extra: str,
    distribution: str,
) -> None:
    library = {"statsd": "statsd", "prometheus": "prometheus_client"}.get(
        extra, {"influxdb": "influxdb_client", "otel": "opentelemetry"}.get(extra, "")
    )
    # Whatever this environment has installed, the library cannot be imported.
    for name in [m for m in sys.modules if m == library or m.startswith(library + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, library, None)
    for module in ("_metrics_statsd", "_metrics_prometheus", "_metrics_influxdb", "_otel"):
        monkeypatch.delitem(sys.modules, f"openstack_core.{module}", raising=False)
    with pytest.raises(exceptions.ConfigException) as info:
        fake_cloud.connection(**keywords)
    message = str(info.value)
    assert f"{distribution} is not installed: pip install 'openstack-core[{extra}]'" in message
    assert "passed as arguments" in message and "Installed metrics libraries:" in message
    assert distribution not in message.split("Installed metrics libraries:")[1]


def test_no_backend_and_no_import_when_nothing_is_configured(fake_cloud: FakeCloud) -> None:
    before = set(sys.modules)
    conn = fake_cloud.connection()
    assert conn._backends == []
    imported = {m for m in set(sys.modules) - before if m.startswith(("statsd", "prometheus"))}
    assert not imported
    assert "openstack_core._otel" not in set(sys.modules) - before


def test_opentelemetry_is_off_when_the_application_has_not_imported_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "opentelemetry.trace", None)
    assert _observe_config.opentelemetry_in_use() is False


def test_proxy_arguments_of_openstacksdk_with_duck_typed_clients(cloud: FakeCloud) -> None:
    sent: list[tuple[str, str, Any]] = []

    class Pipeline:
        def __enter__(self) -> Pipeline:
            return self

        def __exit__(self, *exc: object) -> None:
            sent.append(("send", "", None))

        def timing(self, name: str, value: int) -> None:
            sent.append(("timing", name, value))

        def incr(self, name: str) -> None:
            sent.append(("incr", name, 1))

    class Client:
        def pipeline(self) -> Pipeline:
            return Pipeline()

    class V1Influx:  # openstacksdk's influxdb.InfluxDBClient
        def __init__(self) -> None:
            self.points: list[Any] = []

        def write_points(self, points: list[Any]) -> None:
            self.points.extend(points)

    from openstack_compute.v2._proxy import Proxy as Compute

    influx = V1Influx()
    compute = cloud.proxy(
        Compute,
        statsd_client=Client(),
        statsd_prefix="ops",
        influxdb_client=influx,
        influxdb_config={"measurement": "api", "additional_metric_tags": {"env": "t"}},
    )
    compute.get_server(SID)
    names = [name for kind, name, _ in sent if kind != "send"]
    assert names == [
        "ops.compute.GET.server.200",
        "ops.compute.GET.server.200",
        "ops.compute.GET.server.attempted",
    ]
    (point,) = influx.points
    assert point["measurement"] == "api.compute"
    assert point["tags"] == {"method": "GET", "name": "server", "status_code": "200", "env": "t"}
    assert point["fields"]["attempted"] == 1 and point["fields"]["GET.200"] == 1


# -- logging -----------------------------------------------------------------------------


@pytest.fixture
def restore_loggers() -> Iterator[None]:
    names = ("openstack_core", "keystoneauth", "openstack_compute", "openstack_image")
    saved = {n: (logging.getLogger(n).level, list(logging.getLogger(n).handlers)) for n in names}
    yield
    for name, (level, handlers) in saved.items():
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.handlers[:] = handlers


def test_enable_logging_logs_one_line_per_call(cloud: FakeCloud, restore_loggers: None) -> None:
    stream = io.StringIO()
    openstack_core.enable_logging(debug=True, stream=stream)
    openstack_core.enable_logging(debug=True, stream=stream)  # replaces, never doubles
    conn = cloud.connection()
    conn.compute.get_server(SID)
    with pytest.raises(exceptions.NotFoundException):
        conn.compute.get_server("gone")
    lines = stream.getvalue().splitlines()
    ok = [line for line in lines if f"GET {COMPUTE}/servers/{SID} 200 in " in line]
    assert len(ok) == 1 and "ms (compute 2.96, request id req-1)" in ok[0]
    assert any("/servers/gone 404 in" in line and "req-2" in line for line in lines)
    assert not any("REQ: curl" in line for line in lines)  # keystoneauth1 only with http_debug
    assert logging.getLogger("openstack_compute").handlers  # the plugins' loggers too


def test_no_secret_in_any_log_line(restore_loggers: None) -> None:
    """Authentication, a server's adminPass, a key pair's private key and image data:
    every request is logged (image transfers by their request line), no secret is."""
    import hashlib

    from openstack_compute.v2._proxy import Proxy as Compute
    from openstack_image.v2._proxy import Proxy as Image

    stream = io.StringIO()
    openstack_core.enable_logging(http_debug=True, stream=stream)
    data = b"IMAGE-BYTES-" * 1000
    json_type = {"Content-Type": "application/json"}
    with requests_mock.Mocker() as mock:
        cloud = FakeCloud(mock)
        cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.96"))
        cloud.add_service("image", "https://image.example.com", version_path="v2")
        mock.post(
            f"{COMPUTE}/servers",
            status_code=202,
            headers=json_type,
            json={"server": {"id": SID, "adminPass": "ADMIN-PASS"}},
        )
        mock.post(
            f"{COMPUTE}/os-keypairs",
            headers=json_type,
            json={"keypair": {"name": "k", "private_key": "PRIVATE-KEY"}},
        )
        image = "https://image.example.com/v2/images"
        record = {"id": "i1", "name": "img", "status": "queued", "disk_format": "raw"}
        mock.post(image, status_code=201, headers=json_type, json=record)

        def consume(request: Any, context: Any) -> str:
            # What a server does with a streamed upload: read it all (the image
            # plugin checks the bytes sent against what Glance stored).
            body = request.body
            for _ in [body] if isinstance(body, bytes) else body:
                pass
            context.status_code = 204
            return ""

        mock.put(f"{image}/i1/file", text=consume)
        active = {
            **record,
            "status": "active",
            "checksum": hashlib.md5(data).hexdigest(),
            "os_hash_algo": "sha512",
            "os_hash_value": hashlib.sha512(data).hexdigest(),
            "size": len(data),
        }
        mock.get(f"{image}/i1", headers=json_type, json=active)
        mock.get(
            f"{image}/i1/file",
            content=data,
            headers={"Content-Type": "application/octet-stream", "Content-Length": str(len(data))},
        )
        compute = cloud.proxy(Compute)
        images = cloud.proxy(Image, version="2")
        assert compute.create_server(name="s", flavor="1", image="i").admin_password
        assert compute.create_keypair(name="k").private_key == "PRIVATE-KEY"
        images.create_image("img", data=io.BytesIO(data), disk_format="raw")
        assert b"".join(images.download_image("i1", stream=True)) == data
    text = stream.getvalue()
    for secret in ("fake-password", TOKEN_ID, "ADMIN-PASS", "PRIVATE-KEY", "IMAGE-BYTES"):
        assert secret not in text, secret
    assert f"PUT {image}/i1/file 204 in" in text
    assert f"GET {image}/i1/file 200 in" in text
    assert "REQ: curl" in text  # keystoneauth1's details are there with http_debug


def test_enable_logging_to_a_file_with_openstacksdk_format(
    cloud: FakeCloud, restore_loggers: None, tmp_path: Path
) -> None:
    path = tmp_path / "sdk.log"
    openstack_core.enable_logging(debug=True, path=str(path))
    cloud.connection().compute.get_server(SID)
    for handler in logging.getLogger("openstack_core").handlers:
        handler.flush()
    lines = [line for line in path.read_text().splitlines() if f"/servers/{SID} 200" in line]
    assert len(lines) == 1
    assert " DEBUG: openstack_core.http GET " in lines[0]  # '%(asctime)s %(levelname)s: ...'
    openstack_core.enable_logging()  # INFO: the per-call lines stop
    cloud.connection().compute.get_server(SID)
    for handler in logging.getLogger("openstack_core").handlers:
        handler.flush()
    assert len([line for line in path.read_text().splitlines() if "200 in" in line]) == 1
