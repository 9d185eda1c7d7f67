"""The local cloud over HTTP: ``python -m openstack_core local-cloud serve``.

A ``ThreadingHTTPServer`` (standard library) on 127.0.0.1 (or ``--host``) hands every
request to the same WSGI callable the in-process transport uses
(:func:`openstack_core._local.transport.wsgi_call`), with HTTP/1.1 keep-alive and
chunked request bodies. :func:`serve` writes the clouds.yaml, prints ``local cloud
ready: <auth_url>`` once the socket listens, serves until SIGINT or SIGTERM, then saves
the state (``--state``) and returns 0.
"""

from __future__ import annotations

import http.server
import json
import logging
import signal
import sys
import threading
from pathlib import Path
from typing import IO, Any

from openstack_core._local.cloud import REGION, LocalCloud
from openstack_core._local.state import read_settings, read_state, write_clouds_yaml, write_private
from openstack_core._local.transport import wsgi_call

__all__ = ["LocalCloudServer", "serve"]

LOG = logging.getLogger("openstack_core.local_cloud")


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: LocalCloudServer

    def log_message(self, format: str, *args: Any) -> None:
        # Request lines only (tokens travel in headers, never here), at debug level.
        LOG.debug("%s %s", self.address_string(), format % args)

    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            parts: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = self.headers.get("Content-Length")
        return self.rfile.read(int(length)) if length and length.isdigit() else b""

    def _serve(self) -> None:
        body = self._body()
        url = f"http://{self.headers.get('Host', 'localhost')}{self.path}"
        headers = {k: v for k, v in self.headers.items()}
        status, response_headers, chunks = wsgi_call(
            self.server.app, self.command, url, headers, body
        )
        data = b"".join(chunks)
        self.send_response(status)
        length = None
        for name, value in response_headers:
            lowered = name.lower()
            if lowered == "content-length":
                length = value
            elif lowered not in ("connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", length if length is not None else str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    # http.server dispatches to do_<METHOD>.
    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _serve  # noqa: N815


class LocalCloudServer(http.server.ThreadingHTTPServer):
    """A threaded HTTP server of one :class:`LocalCloud`."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str, port: int) -> None:
        super().__init__((host, port), _Handler)
        self.app: LocalCloud = None  # type: ignore[assignment]  # set once the port is known

    @property
    def base_url(self) -> str:
        """``http://host:port`` of the listening socket."""
        address, port = self.server_address[:2]
        host = address.decode() if isinstance(address, bytes) else str(address)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}"


def clouds_of(cloud: LocalCloud) -> dict[str, dict[str, Any]]:
    """clouds.yaml entries: ``local`` (user demo), ``local-admin`` and ``local-<user>``
    for every other user."""
    clouds: dict[str, dict[str, Any]] = {}
    credentials = cloud.identity.accounts.credentials()
    for user in ["demo", *sorted(u for u in credentials if u != "demo")]:
        if user not in credentials:
            continue
        name = "local" if user == "demo" else f"local-{user}"
        clouds[name] = {
            "auth": {"auth_url": cloud.auth_url, **credentials[user]},
            "region_name": REGION,
            "interface": "public",
            "identity_api_version": 3,
        }
    return clouds


def serve(
    port: int,
    clouds_yaml: Path,
    *,
    host: str = "127.0.0.1",
    state: Path | None = None,
    config: Path | None = None,
    out: IO[str] | None = None,
) -> int:
    """Serve the local cloud until SIGINT or SIGTERM; 0 after a clean stop."""
    out = out if out is not None else sys.stdout
    settings = read_settings(config) if config is not None else {}
    saved = read_state(state) if state is not None else None
    server = LocalCloudServer(host, port)
    try:
        cloud = LocalCloud(base_url=server.base_url, settings=settings)
        if saved is not None:
            try:
                cloud.load_state(saved)
            except (KeyError, TypeError, ValueError) as exc:
                from openstack_core.exceptions import ConfigException

                raise ConfigException(
                    f"its content does not fit the installed fakes ({type(exc).__name__}: "
                    f"{exc}); move it away or pass another --state path; it was left as it is",
                    file=str(state),
                ) from exc
        server.app = cloud
        write_clouds_yaml(clouds_yaml, clouds_of(cloud))
        stop = threading.Event()
        previous = {
            sig: signal.signal(sig, lambda *_: stop.set())
            for sig in (signal.SIGINT, signal.SIGTERM)
        }
        thread = threading.Thread(target=server.serve_forever, name="local-cloud", daemon=True)
        thread.start()
        print(f"local cloud ready: {cloud.auth_url}", file=out, flush=True)
        try:
            while not stop.wait(0.5):
                pass
        finally:
            server.shutdown()
            thread.join()
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if state is not None:
            write_private(state, json.dumps(cloud.dump_state()))
        return 0
    finally:
        server.server_close()
