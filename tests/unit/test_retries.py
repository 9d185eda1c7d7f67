"""Retries are keystoneauth1's: status codes per Proxy class, Retry-After, connect retries;
429 is added to the codes when retries are configured, and Retry-After is capped.

Only the stdlib ``time.sleep`` is replaced, to record the delays keystoneauth1 asks for
without waiting them out.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests
import requests_mock

from openstack_core import exceptions, proxy
from openstack_core.testing import FakeCloud
from tests.unit.helpers import COMPUTE, ComputeProxy, Server

KM = "https://key-manager.example.com/v1"


@pytest.fixture
def mock() -> Any:
    with requests_mock.Mocker() as m:
        yield m


@pytest.fixture
def cloud(mock: requests_mock.Mocker) -> FakeCloud:
    cloud = FakeCloud(mock)
    cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.96"))
    return cloud


@pytest.fixture
def delays(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    slept: list[float] = []
    monkeypatch.setattr("time.sleep", slept.append)
    return slept


def test_retry_after_is_honoured(mock: Any, cloud: FakeCloud, delays: list[float]) -> None:
    # keystoneauth1 < 5.16 ignores Retry-After and would sleep the 0.5 s delay instead.
    proxy_ = cloud.proxy(ComputeProxy, status_code_retries=1, status_code_retry_delay=0.5)
    mock.get(
        f"{COMPUTE}/servers/a",
        [
            {"status_code": 503, "headers": {"Retry-After": "2"}},
            {"json": {"server": {"id": "a"}}},
        ],
    )
    assert proxy_._get(Server, "a").id == "a"
    assert delays == [2]
    assert len([r for r in mock.request_history if r.path.endswith("/servers/a")]) == 2


def test_only_the_class_retriable_status_codes_are_retried(
    mock: Any, cloud: FakeCloud, delays: list[float]
) -> None:
    class ConflictRetrying(ComputeProxy):
        retriable_status_codes = (409,)

    answers = [{"status_code": 409}, {"json": {"server": {"id": "a"}}}]
    mock.get(f"{COMPUTE}/servers/a", answers)
    retrying = cloud.proxy(ConflictRetrying, status_code_retries=1)
    assert retrying._get(Server, "a").id == "a"
    assert len(delays) == 1

    mock.get(f"{COMPUTE}/servers/b", [{"status_code": 503}, {"json": {"server": {"id": "b"}}}])
    with pytest.raises(exceptions.ServerError):
        retrying._get(Server, "b")  # 503 is not in this class's codes


def test_connect_retries(mock: Any, cloud: FakeCloud, delays: list[float]) -> None:
    mock.get(
        f"{COMPUTE}/servers/a",
        [
            {"exc": requests.exceptions.ConnectionError("connection refused")},
            {"json": {"server": {"id": "a"}}},
        ],
    )
    retrying = cloud.proxy(ComputeProxy, connect_retries=1, connect_retry_delay=0.25)
    assert retrying._get(Server, "a").id == "a"
    assert delays == [0.25]

    mock.get(f"{COMPUTE}/servers/b", exc=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(exceptions.SDKConnectionError) as err:
        cloud.proxy(ComputeProxy)._get(Server, "b")
    assert err.value.__cause__ is not None


def test_connection_wires_service_retry_options(mock: Any, delays: list[float]) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("key-manager", KM)
    mock.get(
        f"{KM}/secrets",
        [
            {"exc": requests.exceptions.ConnectionError("connection refused")},
            {"status_code": 503},
            {"json": {"secrets": [{"id": "s1"}]}},
        ],
    )
    conn = cloud.connection(key_manager_connect_retries=1, key_manager_status_code_retries=1)
    assert conn.key_manager.connect_retries == 1
    assert [s.id for s in conn.key_manager.secrets()] == ["s1"]
    assert len(delays) == 2


def test_retriable_status_codes_are_immutable_per_class(cloud: FakeCloud) -> None:
    class ConflictRetrying(ComputeProxy):
        retriable_status_codes = (*ComputeProxy.retriable_status_codes, 409)

    assert proxy.Proxy.retriable_status_codes == (503,)
    assert ConflictRetrying.retriable_status_codes == (503, 409)
    instance = cloud.proxy(ComputeProxy)
    # keystoneauth1 keeps its own list per instance, so changing it affects no other.
    instance.retriable_status_codes.append(429)
    assert cloud.proxy(ComputeProxy).retriable_status_codes == [503]
    assert proxy.Proxy.retriable_status_codes == (503,)
    with pytest.raises(AttributeError):
        proxy.Proxy.retriable_status_codes.append(429)  # type: ignore[attr-defined]


def test_429_is_retried_when_retries_are_configured(
    mock: Any, cloud: FakeCloud, delays: list[float]
) -> None:
    mock.get(
        f"{COMPUTE}/servers/a",
        [
            {"status_code": 429, "headers": {"Retry-After": "3"}},
            {"json": {"server": {"id": "a"}}},
        ],
    )
    assert cloud.proxy(ComputeProxy, status_code_retries=1)._get(Server, "a").id == "a"
    assert delays == [3]


def test_429_is_not_retried_without_retries(
    mock: Any, cloud: FakeCloud, delays: list[float]
) -> None:
    mock.get(f"{COMPUTE}/servers/a", status_code=429, headers={"Retry-After": "3"})
    with pytest.raises(exceptions.TooManyRequests) as caught:
        cloud.proxy(ComputeProxy)._get(Server, "a")
    assert caught.value.retry_after == 3
    assert delays == []


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_capped_and_the_servers_value_kept(
    mock: Any, cloud: FakeCloud, delays: list[float], status: int
) -> None:
    mock.get(f"{COMPUTE}/servers/a", status_code=status, headers={"Retry-After": "86400"})
    with pytest.raises(exceptions.HttpException) as caught:
        cloud.proxy(ComputeProxy, status_code_retries=2)._get(Server, "a")
    assert delays == [60, 60]
    assert caught.value.response is not None
    assert caught.value.response.headers["Retry-After"] == "86400"


def test_retry_after_fractions_and_dates_are_understood(
    mock: Any, cloud: FakeCloud, delays: list[float]
) -> None:
    mock.get(
        f"{COMPUTE}/servers/a",
        [
            {"status_code": 503, "headers": {"Retry-After": "1.5"}},
            {"status_code": 503, "headers": {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}},
            {"json": {"server": {"id": "a"}}},
        ],
    )
    assert cloud.proxy(ComputeProxy, status_code_retries=2)._get(Server, "a").id == "a"
    assert delays == [2, 0]  # a date in the past: at once


def test_callers_response_hooks_still_run(mock: Any, cloud: FakeCloud, delays: list[float]) -> None:
    seen: list[int] = []
    mock.get(f"{COMPUTE}/servers/a", json={"server": {"id": "a"}})
    compute = cloud.proxy(ComputeProxy, status_code_retries=1)
    compute.request("/servers/a", "GET", hooks={"response": lambda r, **kw: seen.append(1)})
    assert seen == [1]
