"""InfluxDB: openstacksdk's measurement, tags and fields, written by influxdb-client to a
real HTTP endpoint (and as UDP datagrams)."""

from __future__ import annotations

import logging
import time

import pytest

from openstack_core import exceptions
from openstack_core.testing import FakeCloud

from .conftest import SID, HTTPReceiver, UDPReceiver


def _points(body: str) -> list[tuple[str, dict[str, str], dict[str, str]]]:
    """Line protocol as (measurement, tags, fields); no escaped commas or spaces here."""
    found = []
    for line in body.splitlines():
        head, fields, _time = line.split(" ")
        measurement, *tags = head.split(",")
        found.append(
            (
                measurement,
                dict(t.split("=", 1) for t in tags),
                dict(f.split("=", 1) for f in fields.split(",")),
            )
        )
    return found


def test_points_written_to_the_v2_api_with_1x_credentials(
    cloud: FakeCloud, http_receiver: HTTPReceiver
) -> None:
    settings = dict(username="metrics", password="s3cret", database="openstack")
    conn = cloud.connection(
        influxdb_config={
            **settings,
            "host": "127.0.0.1",
            "port": http_receiver.port,
            "measurement": "api",
            "additional_metric_tags": {"cloud": "east"},
        }
    )
    conn.compute.get_server(SID)
    with pytest.raises(exceptions.NotFoundException):
        conn.compute.get_server("gone")
    with pytest.raises(exceptions.SDKConnectionError):
        conn.compute.get_server("down")
    conn.close()  # flushes the batch
    (write,) = http_receiver.requests
    assert write["path"].startswith("/api/v2/write?")
    assert "bucket=openstack" in write["path"] and "precision=ns" in write["path"]
    assert write["headers"]["Authorization"] == "Token metrics:s3cret"
    points = _points(write["body"])
    ok, missing, down = [p for p in points if p[1]["name"] == "server"]
    assert ok[0] == "api.compute"
    assert ok[1] == {"method": "GET", "name": "server", "status_code": "200", "cloud": "east"}
    assert {k: v for k, v in ok[2].items() if k != "duration"} == {
        "attempted": "1i",
        "200": "1i",
        "GET.200": "1i",
        "status_code_val": "200i",
    }
    assert ok[2]["duration"].endswith("i")
    assert missing[1]["status_code"] == "404" and missing[2]["GET.404"] == "1i"
    assert "status_code" not in down[1]
    assert down[2] == {"attempted": "1i", "failed": "1i"}


def test_influxdb_2_token_org_and_bucket(cloud: FakeCloud, http_receiver: HTTPReceiver) -> None:
    settings = {"token": "tok", "org": "ops", "bucket": "calls"}
    conn = cloud.connection(
        influxdb_config={"host": "127.0.0.1", "port": http_receiver.port, **settings}
    )
    conn.compute.get_server(SID)
    conn.close()
    (write,) = http_receiver.requests
    assert "org=ops" in write["path"] and "bucket=calls" in write["path"]
    assert write["headers"]["Authorization"] == "Token tok"
    assert _points(write["body"])[-1][0] == "openstack_api.compute"


def test_udp_line_protocol(cloud: FakeCloud, udp: UDPReceiver) -> None:
    conn = cloud.connection(
        influxdb_config={"host": "127.0.0.1", "port": udp.port, "use_udp": "yes"}
    )
    conn.compute.get_server(SID)
    conn.close()
    lines = udp.lines()
    server = [p for p in _points("\n".join(lines)) if p[1]["name"] == "server"]
    assert server[0][0] == "openstack_api.compute" and server[0][2]["attempted"] == "1i"


def test_a_database_or_bucket_is_required(cloud: FakeCloud) -> None:
    with pytest.raises(exceptions.ConfigException, match="need 'database'"):
        cloud.connection(influxdb_config={"host": "127.0.0.1"})


def test_a_dead_influxdb_never_breaks_a_call(
    cloud: FakeCloud, caplog: pytest.LogCaptureFixture
) -> None:
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    conn = cloud.connection(
        influxdb_config={"host": "127.0.0.1", "port": port, "database": "d", "timeout": 1}
    )
    with caplog.at_level(logging.WARNING, logger="openstack_core.metrics"):
        assert conn.compute.get_server(SID).name == "web"
        started = time.monotonic()
        conn.close()
    assert time.monotonic() - started < 10  # retries are bounded, then given up
    assert "InfluxDB write of 1 points failed" in caplog.text
