"""Broken connections, timeouts and unusable answers: a documented exception each."""

from __future__ import annotations

import time

import pytest

from openstack_core import exceptions
from tests.faults.conftest import Connect
from tests.faults.server import Answer, Fault, FaultServer

SERVER = "/compute/v2.1/servers/srv-0001"


@pytest.mark.parametrize("drop", ["rst", "fin"])
@pytest.mark.parametrize("cut_at", [0, 5])
def test_connection_broken_mid_body(
    cloud: FaultServer, connect: Connect, drop: str, cut_at: int
) -> None:
    conn = connect()
    cloud.add_fault(Fault("GET", SERVER, cut_at=cut_at, drop=drop))
    with pytest.raises(exceptions.SDKConnectionError) as caught:
        conn.compute.get_server("srv-0001")
    message = str(caught.value)
    assert f"GET {SERVER.removeprefix('/compute/v2.1')}" in message
    assert "broke while the answer was being read" in message
    assert "check the endpoint url" not in message.lower()
    # The next call works: nothing of the broken exchange is left in the pool.
    assert conn.compute.get_server("srv-0001").id == "srv-0001"


@pytest.mark.parametrize("drop", ["rst", "fin"])
def test_connection_dropped_before_any_answer(
    cloud: FaultServer, connect: Connect, drop: str
) -> None:
    conn = connect()
    cloud.add_fault(Fault("GET", SERVER, read_request_bytes=0, drop=drop))
    with pytest.raises(exceptions.SDKConnectionError, match="closed before the answer arrived"):
        conn.compute.get_server("srv-0001")


def test_read_timeout_names_api_timeout(cloud: FaultServer, connect: Connect) -> None:
    conn = connect(api_timeout=0.3)
    conn.compute.get_server("srv-0002")
    cloud.add_fault(Fault("GET", SERVER, stall=1.0))
    started = time.monotonic()
    with pytest.raises(exceptions.SDKConnectionError) as caught:
        conn.compute.get_server("srv-0001")
    assert time.monotonic() - started < 1.0
    message = str(caught.value)
    assert "timed out" in message
    assert "0.3 seconds" in message
    assert "api_timeout" in message
    assert "could not connect" not in message


def test_connection_refused(cloud: FaultServer, connect: Connect) -> None:
    conn = connect(compute_endpoint_override="http://127.0.0.1:9/compute/v2.1")
    with pytest.raises(exceptions.SDKConnectionError, match="could not connect"):
        conn.compute.get_server("srv-0001")


def test_malformed_json_with_200(cloud: FaultServer, connect: Connect) -> None:
    conn = connect()
    cloud.route(
        "GET",
        SERVER,
        lambda request: Answer(
            200, b'{"server": {"id": "srv-0001"', {"Content-Type": "application/json"}
        ),
    )
    with pytest.raises(exceptions.InvalidResponse) as caught:
        conn.compute.get_server("srv-0001")
    assert f"GET {cloud.base}{SERVER}" in str(caught.value)
    assert "not JSON" in str(caught.value)


def test_malformed_listing(cloud: FaultServer, connect: Connect) -> None:
    conn = connect()
    cloud.route("GET", "/compute/v2.1/servers/detail", lambda r: Answer.json({"servers": "x"}))
    with pytest.raises(exceptions.InvalidResponse, match="not a list"):
        list(conn.compute.servers())


NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n"
    b"</body>\r\n</html>\r\n"
)
MAINTENANCE = (
    b"<!DOCTYPE html><html><head><title>Cloud maintenance</title>"
    b"<style>body { color: red }</style></head><body>"
    b"<h1>The compute API is down for maintenance</h1>"
    b"<p>Back at 14:00 UTC.</p></body></html>"
)


@pytest.mark.parametrize(
    ("status", "page", "expected"),
    [
        (502, NGINX_502, "502 Bad Gateway: nginx/1.24.0"),
        (
            503,
            MAINTENANCE,
            "Cloud maintenance: The compute API is down for maintenance: Back at 14:00 UTC.",
        ),
    ],
)
def test_html_error_pages_keep_title_and_heading(
    cloud: FaultServer, connect: Connect, status: int, page: bytes, expected: str
) -> None:
    conn = connect()
    cloud.add_fault(Fault("GET", SERVER, status=status, body=page, content_type="text/html"))
    with pytest.raises(exceptions.ServerError) as caught:
        conn.compute.get_server("srv-0001")
    assert caught.value.details == expected
    assert "color" not in str(caught.value)


def test_glance_webob_404_page(cloud: FaultServer, connect: Connect) -> None:
    conn = connect()
    with pytest.raises(exceptions.NotFoundException) as caught:
        conn.image.get_image("missing")
    assert caught.value.details == (
        "No Image found for missing (404 Not Found: No image found with ID missing)"
    )
