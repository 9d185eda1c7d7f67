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

from openstack_core.testing import FakeCloud
from tests.unit.helpers import COMPUTE, SID, observed_compute

__all__ = ["COMPUTE", "SID", "HTTPReceiver", "UDPReceiver"]


@pytest.fixture
def cloud(fake_cloud: FakeCloud) -> FakeCloud:
    """Compute with a server (200), a missing one (404) and one behind a dead socket."""
    return observed_compute(fake_cloud)


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
