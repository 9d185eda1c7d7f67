"""503 and 429 with Retry-After: retried when retries are configured, never endlessly."""

from __future__ import annotations

import email.utils
import time

import pytest

from openstack_core import _resend, exceptions
from tests.faults.conftest import Connect
from tests.faults.server import Fault, FaultServer

SERVER = "/compute/v2.1/servers/srv-0001"


@pytest.mark.parametrize("status", [503, 429])
def test_retried_after_the_servers_delay(cloud: FaultServer, connect: Connect, status: int) -> None:
    conn = connect(compute_status_code_retries=2)
    conn.compute.get_server("srv-0002")  # authenticated and discovered before timing
    cloud.add_fault(Fault("GET", SERVER, status=status, retry_after="1"))
    started = time.monotonic()
    assert conn.compute.get_server("srv-0001").id == "srv-0001"
    assert time.monotonic() - started >= 1.0  # Retry-After: 1 was waited
    assert len(cloud.calls("GET", SERVER)) == 2


@pytest.mark.parametrize(
    ("status", "cls"), [(503, exceptions.ServerError), (429, exceptions.TooManyRequests)]
)
def test_not_retried_without_retries_configured(
    cloud: FaultServer, connect: Connect, status: int, cls: type[exceptions.HttpException]
) -> None:
    conn = connect()
    cloud.add_fault(Fault("GET", SERVER, status=status, retry_after="30"))
    started = time.monotonic()
    with pytest.raises(cls) as caught:
        conn.compute.get_server("srv-0001")
    assert time.monotonic() - started < 5
    assert caught.value.status_code == status
    assert caught.value.request_id and caught.value.request_id in str(caught.value)
    assert len(cloud.calls("GET", SERVER)) == 1
    if status == 429:
        assert isinstance(caught.value, exceptions.TooManyRequests)
        assert caught.value.retry_after == 30
        assert "Retry after 30 seconds" in str(caught.value)


def test_retries_run_out(cloud: FaultServer, connect: Connect) -> None:
    conn = connect(compute_status_code_retries=1)
    cloud.add_fault(Fault("GET", SERVER, status=429, retry_after="0", times=None))
    with pytest.raises(exceptions.TooManyRequests):
        conn.compute.get_server("srv-0001")
    assert len(cloud.calls("GET", SERVER)) == 2


def test_a_long_retry_after_is_capped_and_reported_as_sent(
    cloud: FaultServer, connect: Connect, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cap is 60 s; 1 s here keeps the suite fast. The server asks for an hour.
    monkeypatch.setattr(_resend, "MAX_RETRY_AFTER", 1.0)
    conn = connect(compute_status_code_retries=1)
    conn.compute.get_server("srv-0002")
    cloud.add_fault(Fault("GET", SERVER, status=429, retry_after="3600", times=None))
    started = time.monotonic()
    with pytest.raises(exceptions.TooManyRequests) as caught:
        conn.compute.get_server("srv-0001")
    assert 1.0 <= time.monotonic() - started < 10
    assert caught.value.retry_after == 3600  # what the server said, not the cap


def test_retry_after_as_an_http_date(cloud: FaultServer, connect: Connect) -> None:
    conn = connect(compute_status_code_retries=1)
    conn.compute.get_server("srv-0002")
    when = email.utils.formatdate(time.time() + 1, usegmt=True)
    cloud.add_fault(Fault("GET", SERVER, status=503, retry_after=when))
    started = time.monotonic()
    assert conn.compute.get_server("srv-0001").id == "srv-0001"
    assert time.monotonic() - started < 5


def test_a_streamed_upload_is_never_retried(cloud: FaultServer, connect: Connect) -> None:
    conn = connect(image_status_code_retries=3, image_connect_retries=3)
    cloud.add_fault(Fault("PUT", r"/image/v2/images/[^/]+/file", status=503, retry_after="0"))
    with pytest.raises(exceptions.ServerError):
        conn.image.create_image("img", data=iter([b"a" * 1000, b"b" * 1000]))
    assert len(cloud.calls("PUT", r"/image/v2/images/[^/]+/file")) == 1
    assert cloud.images == {}  # the record was deleted
