"""statsd: openstacksdk's names, sent by the statsd library to a real UDP socket."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import statsd

import openstack_core
from openstack_core import exceptions
from openstack_core.testing import FakeCloud
from tests.unit.helpers import clouds_yaml

from .conftest import SID, UDPReceiver


def _parsed(lines: list[str]) -> list[tuple[str, str, str]]:
    """``name:value|type`` lines as (name, value, type)."""
    found = []
    for line in lines:
        name, _, rest = line.partition(":")
        value, _, kind = rest.partition("|")
        found.append((name, value, kind))
    return found


def test_names_of_a_success_an_error_and_a_failure(cloud: FakeCloud, udp: UDPReceiver) -> None:
    conn = cloud.connection(statsd_config={"host": "127.0.0.1", "port": udp.port})
    conn.compute.get_server(SID)
    sent = _parsed(udp.lines())
    key = "openstack.api.compute.GET.server"
    assert [(n, k) for n, _, k in sent] == [
        (f"{key}.200", "ms"),
        (f"{key}.200", "c"),
        (f"{key}.attempted", "c"),
    ]
    assert float(sent[0][1]) >= 0 and sent[1][1] == "1"
    with pytest.raises(exceptions.NotFoundException):
        conn.compute.get_server("gone")
    assert [n for n, _, _ in _parsed(udp.lines())] == [
        f"{key}.404",
        f"{key}.404",
        f"{key}.attempted",
    ]
    with pytest.raises(exceptions.SDKConnectionError):
        conn.compute.get_server("down")
    assert _parsed(udp.lines()) == [(f"{key}.failed", "1", "c"), (f"{key}.attempted", "1", "c")]
    list(conn.compute.servers())
    names = [n for n, _, _ in _parsed(udp.lines())]
    assert "openstack.api.compute.GET.servers_detail.200" in names
    conn.close()


def test_over_1000_for_a_call_longer_than_a_second(
    cloud: FakeCloud, udp: UDPReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openstack_core import _observe

    clock = iter([100.0, 101.5])
    conn = cloud.connection(statsd_config={"host": "127.0.0.1", "port": udp.port})
    conn.compute.get_server(SID)
    udp.lines()
    monkeypatch.setattr(_observe.time, "perf_counter", lambda: next(clock))
    conn.compute.get_server(SID)
    sent = _parsed(udp.lines())
    key = "openstack.api.compute.GET.server"
    assert (f"{key}.200", "1500", "ms") in [(n, v.split(".")[0], k) for n, v, k in sent]
    assert (f"{key}.over_1000", "1", "c") in sent


def test_clouds_yaml_metrics_from_connect(
    cloud: FakeCloud, udp: UDPReceiver, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The top-level metrics section, a cloud's own prefix, through connect()."""
    clouds = clouds_yaml(
        tmp_path / "clouds.yaml",
        cloud,
        "fleet",
        "    metrics:\n      statsd:\n        prefix: fleet.api\n"
        f"metrics:\n  statsd:\n    host: 127.0.0.1\n    port: {udp.port}\n",
    )
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    with openstack_core.connect(cloud="fleet") as conn:
        conn.compute.get_server(SID)
    assert "fleet.api.compute.GET.server.200" in [n for n, _, _ in _parsed(udp.lines())]


def test_statsd_variables_and_deprecated_keywords(
    cloud: FakeCloud, udp: UDPReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATSD_HOST", "127.0.0.1")
    monkeypatch.setenv("STATSD_PORT", str(udp.port))
    monkeypatch.setenv("STATSD_PREFIX", "env")
    cloud.connection().compute.get_server(SID)
    assert _parsed(udp.lines())[0][0] == "env.compute.GET.server.200"
    monkeypatch.delenv("STATSD_HOST")
    with pytest.warns(DeprecationWarning, match="statsd_config"):
        conn = cloud.connection(statsd_host="127.0.0.1", statsd_port=udp.port, statsd_prefix="old")
    conn.compute.get_server(SID)
    assert _parsed(udp.lines())[0][0] == "old.compute.GET.server.200"


def test_proxy_arguments_for_code_that_builds_proxies(cloud: FakeCloud, udp: UDPReceiver) -> None:
    from openstack_compute.v2._proxy import Proxy

    client: Any = statsd.StatsClient("127.0.0.1", udp.port)
    compute = cloud.proxy(Proxy, statsd_client=client, statsd_prefix="mine")
    compute.get_server(SID)
    assert _parsed(udp.lines())[0][0] == "mine.compute.GET.server.200"
    client.close()
