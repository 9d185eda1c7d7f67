"""A fake cloud with a compute service whose answers the backends report, and real
receivers on 127.0.0.1: a UDP socket (statsd, InfluxDB UDP) and an HTTP server
(InfluxDB's write API)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from openstack_core.testing import FakeCloud

COMPUTE = "https://compute.example.com/v2.1"
SID = "0b6f0a3e-36a2-4c4f-9d8a-3d1e8f1c2b7a"


@pytest.fixture
def cloud(fake_cloud: FakeCloud) -> FakeCloud:
    """Compute with a server (200), a missing one (404) and one behind a dead socket."""
    fake_cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.96"))
    mock = fake_cloud.mocker
    mock.get(
        f"{COMPUTE}/servers/{SID}",
        json={"server": {"id": SID, "name": "web"}},
        headers={"x-openstack-request-id": "req-1"},
    )
    mock.get(
        f"{COMPUTE}/servers/gone",
        status_code=404,
        json={"itemNotFound": {"code": 404, "message": "gone"}},
    )
    mock.get(f"{COMPUTE}/servers/down", exc=requests.exceptions.ConnectionError("refused"))
    mock.get(f"{COMPUTE}/servers/detail", json={"servers": [{"id": SID}]})
    return fake_cloud


class UDPReceiver:
    """Datagrams sent to 127.0.0.1:<port>."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port: int = self.sock.getsockname()[1]

    def lines(self, wait: float = 2.0) -> list[str]:
        """Every line received: waits up to ``wait`` for the first datagram, then takes
        whatever else is already there."""
        found: list[str] = []
        self.sock.settimeout(wait)
        while True:
            try:
                data = self.sock.recv(65536)
            except (TimeoutError, BlockingIOError):
                return found
            found.extend(data.decode().splitlines())
            self.sock.settimeout(0.2)


@pytest.fixture
def udp() -> Iterator[UDPReceiver]:
    receiver = UDPReceiver()
    yield receiver
    receiver.sock.close()


class HTTPReceiver:
    """An HTTP server on 127.0.0.1 that answers 204 and keeps every request."""

    def __init__(self) -> None:
        received: list[dict[str, Any]] = []
        self.requests = received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                received.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length).decode(),
                    }
                )
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()


@pytest.fixture
def http_receiver() -> Iterator[HTTPReceiver]:
    receiver = HTTPReceiver()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()
