"""A fast fake OpenStack cloud on 127.0.0.1 for the benchmarks: Keystone, Nova, Glance,
Neutron.

Run as a script (``python fakecloud.py --ready-file F``) it listens on free ports, writes
``{"identity": port, "compute": port, "image": port, "network": port, "control": port}``
to ``F`` and
serves until killed. Each service has its own port, as in a real deployment, so every
client keeps one keep-alive HTTP/1.1 connection per service.

Speed matters more than generality: every response body is built once (the server
documents when the server starts, a page the first time it is asked for) and then
written from cached bytes, and HTTP is parsed by a small asyncio protocol instead of
``http.server`` (whose per-request overhead would be paid by every contender and hide
their differences). The server runs in its own process so it never competes with the
client for the GIL.

Pagination behaves like the real services: Nova pages ``/servers/detail`` by
``marker``/``limit`` (default and maximum 1000) and adds a ``servers_links`` next link
whenever a page is full; Glance pages ``/v2/images`` the same way (default 25, maximum
1000) with a root-relative ``next`` link; Neutron answers ``/v2.0/ports`` whole unless
asked for a ``limit`` (then ``ports_links``), and is in the catalog without ``/v2.0``.
So a collection whose size is a multiple of the
page size costs one extra request for the final empty page, for every contender alike.

``--delay-ms 50`` makes it a cloud in another region: every answer of a service
leaves 50 ms after its request arrived.

The control port (never used by a contender) lets the benchmark driver choose how many
servers Nova holds, mark phases of a measurement, and read the log of the requests each
service answered, so request counts are measured at the server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import _documents

PROJECT_ID = "6b1f0b4a3f2a4c0f9d7e5c3b1a09e8d7"
USER_ID = "9a8b7c6d5e4f40312a1b2c3d4e5f6a7b"
REGION = "RegionOne"
TOKEN = "gAAAAABbenchmarkfaketoken0123456789abcdefghijklmnopqrstuvwxyz"
NOVA_PAGE_MAX = 1000
GLANCE_PAGE_DEFAULT = 25
GLANCE_PAGE_MAX = 1000
FLAVOR_COUNT = 10
#: Users Keystone lists (in one answer, as it does).
USERS = 10_000

_REASONS = {
    200: "OK",
    201: "Created",
    300: "Multiple Choices",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
}


def _encode(document: Any) -> bytes:
    # Plain json.dumps, as the real (Python) services produce: same separators, same size.
    return json.dumps(document).encode()


def http_response(status: int, body: bytes, headers: tuple[tuple[str, str], ...] = ()) -> bytes:
    """A complete HTTP/1.1 response with a JSON body (keep-alive is HTTP/1.1's default)."""
    lines = [
        f"HTTP/1.1 {status} {_REASONS.get(status, 'Unknown')}",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        "x-openstack-request-id: req-5f1c9c3e-4a0e-4a86-9b0a-benchmark000",
        *(f"{name}: {value}" for name, value in headers),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _not_found(what: str) -> bytes:
    body = _encode({"itemNotFound": {"code": 404, "message": f"{what} could not be found."}})
    return http_response(404, body)


def _bad_request(message: str) -> bytes:
    return http_response(400, _encode({"badRequest": {"code": 400, "message": message}}))


class Cloud:
    """All the precomputed documents and the routing of the three services."""

    def __init__(
        self, ports: dict[str, int], max_servers: int, images: int, neutron_ports: int = 10_000
    ) -> None:
        host = "http://127.0.0.1"
        # Neutron is registered as most clouds register it: the root, without /v2.0.
        self.network_root = f"{host}:{ports['network']}"
        self.identity_url = f"{host}:{ports['identity']}/v3"
        self.compute_root = f"{host}:{ports['compute']}"
        self.compute_url = f"{self.compute_root}/v2.1"
        self.image_root = f"{host}:{ports['image']}"
        self.server_count = max_servers
        self.log: list[dict[str, Any]] = []
        self.cpu_at_reset = time.process_time()
        self._pages: dict[tuple[Any, ...], bytes] = {}

        rng = random.Random(20240601)
        servers = [
            _documents.server_document(i, rng, PROJECT_ID, self.compute_url, f"{self.compute_root}")
            for i in range(max_servers)
        ]
        self.server_ids = [s["id"] for s in servers]
        self.server_index = {sid: i for i, sid in enumerate(self.server_ids)}
        self.server_items = [_encode(s) for s in servers]
        del servers
        image_docs = [_documents.image_document(i, rng, PROJECT_ID) for i in range(images)]
        self.image_ids = [d["id"] for d in image_docs]
        self.image_index = {iid: i for i, iid in enumerate(self.image_ids)}
        self.image_items = [_encode(d) for d in image_docs]
        port_docs = [_documents.port_document(i, rng, PROJECT_ID) for i in range(neutron_ports)]
        self.port_ids = [d["id"] for d in port_docs]
        self.port_index = {pid: i for i, pid in enumerate(self.port_ids)}
        self.port_items = [_encode(d) for d in port_docs]
        del port_docs
        self.neutron_versions = http_response(
            200, _encode(_documents.neutron_versions(self.network_root))
        )
        # Keystone answers a listing in one page (no marker paging), links.next null.
        user_docs = [_documents.user_document(i, rng, self.identity_url) for i in range(USERS)]
        self.user_ids = [d["id"] for d in user_docs]
        self.users = http_response(
            200,
            _encode(
                {
                    "users": user_docs,
                    "links": {"next": None, "previous": None, "self": f"{self.identity_url}/users"},
                }
            ),
        )
        self.one_user = {d["id"]: http_response(200, _encode({"user": d})) for d in user_docs[:1]}
        del user_docs

        token = _documents.token_document(
            PROJECT_ID,
            USER_ID,
            {
                "identity": self.identity_url,
                "compute": self.compute_url,
                "image": self.image_root,
                "network": self.network_root + "/",
            },
            REGION,
        )
        self.token_response = http_response(
            201, _encode(token), (("X-Subject-Token", TOKEN), ("Vary", "X-Auth-Token"))
        )
        self.identity_version = http_response(
            200, _encode(_documents.identity_version(self.identity_url))
        )
        nova_headers = (
            ("OpenStack-API-Version", f"compute {_documents.NOVA_MAX_VERSION}"),
            ("X-OpenStack-Nova-API-Version", _documents.NOVA_MAX_VERSION),
            ("Vary", "OpenStack-API-Version, X-OpenStack-Nova-API-Version"),
        )
        self.nova_headers = nova_headers
        self.nova_versions = http_response(
            200, _encode(_documents.nova_versions(self.compute_root)), nova_headers
        )
        self.nova_version = http_response(
            200, _encode({"version": _documents.nova_version(self.compute_url)}), nova_headers
        )
        flavors = [_documents.flavor_document(i, self.compute_url) for i in range(FLAVOR_COUNT)]
        self.flavors = http_response(200, _encode({"flavors": flavors}), nova_headers)
        self.glance_versions = http_response(
            300, _encode(_documents.glance_versions(self.image_root))
        )
        self._server_responses: dict[int, bytes] = {}
        self._image_responses: dict[int, bytes] = {}
        self.routes: dict[str, Callable[[str, str, str], bytes]] = {
            "identity": self.identity,
            "compute": self.compute,
            "image": self.image,
            "network": self.network,
        }

    # -- services -----------------------------------------------------------------------

    def identity(self, method: str, path: str, query: str) -> bytes:
        """Keystone: token issue and version documents."""
        path = path.rstrip("/")
        if path == "/v3/auth/tokens" and method == "POST":
            return self.token_response
        if path in ("/v3", ""):
            return self.identity_version
        if path == "/v3/users" and method == "GET":
            return self.users
        if path.startswith("/v3/users/") and path.rsplit("/", 1)[1] in self.one_user:
            return self.one_user[path.rsplit("/", 1)[1]]
        return _not_found(f"Identity path {path}")

    def compute(self, method: str, path: str, query: str) -> bytes:
        """Nova v2.1: servers (detail, one), flavors and version documents."""
        if path in ("", "/"):
            return self.nova_versions
        if path in ("/v2.1", "/v2.1/"):
            return self.nova_version
        if path == "/v2.1/servers/detail":
            return self.servers_page(query)
        if path.startswith("/v2.1/servers/"):
            return self.one_server(path.rsplit("/", 1)[1])
        if path == "/v2.1/flavors/detail":
            return self.flavors
        return _not_found(f"Compute path {path}")

    def image(self, method: str, path: str, query: str) -> bytes:
        """Glance v2: image listing, one image and the versions document."""
        if path in ("", "/", "/versions", "/v2", "/v2/"):
            return self.glance_versions
        if path == "/v2/images":
            return self.images_page(query)
        if path.startswith("/v2/images/"):
            return self.one_image(path.rsplit("/", 1)[1])
        return http_response(404, b'{"message": "Not found"}')

    def network(self, method: str, path: str, query: str) -> bytes:
        """Neutron v2.0: port listing, one port and the versions document."""
        if path in ("", "/"):
            return self.neutron_versions
        if path == "/v2.0/ports":
            return self.ports_page(query)
        if path.startswith("/v2.0/ports/"):
            return self.one_port(path.rsplit("/", 1)[1])
        return http_response(
            404,
            _encode({"NeutronError": {"type": "HTTPNotFound", "message": path, "detail": ""}}),
        )

    # -- paging -------------------------------------------------------------------------

    def ports_page(self, query: str) -> bytes:
        """``/v2.0/ports`` as Neutron answers it: everything at once without ``limit``
        (its default, no ``pagination_max_limit``), else ``limit`` items after
        ``marker`` with a ``ports_links`` next link when the page is full."""
        key = ("ports", query)
        cached = self._pages.get(key)
        if cached is not None:
            return cached
        params = dict(parse_qsl(query, keep_blank_values=True))
        count = len(self.port_items)
        start = 0
        if "marker" in params:
            index = self.port_index.get(params["marker"])
            if index is None:
                return _bad_request(f"marker {params['marker']} not found")
            start = index + 1
        limit = int(params["limit"]) if "limit" in params else count
        items = self.port_items[start : start + limit]
        body = b'{"ports": [' + b", ".join(items) + b"]"
        if "limit" in params and len(items) == limit:
            following = {**params, "marker": self.port_ids[start + limit - 1]}
            link = f"{self.network_root}/v2.0/ports?{urlencode(sorted(following.items()))}"
            body += b', "ports_links": ' + _encode([{"href": link, "rel": "next"}])
        response = http_response(200, body + b"}")
        self._pages[key] = response
        return response

    def one_port(self, port_id: str) -> bytes:
        """``GET /v2.0/ports/{id}``."""
        index = self.port_index.get(port_id)
        if index is None:
            message = f"Port {port_id} could not be found."
            error = {"NeutronError": {"type": "PortNotFound", "message": message, "detail": ""}}
            return http_response(404, _encode(error))
        return http_response(200, b'{"port": ' + self.port_items[index] + b"}")

    def servers_page(self, query: str) -> bytes:
        """A ``/servers/detail`` page, built once per (count, query) and then cached."""
        key = ("servers", self.server_count, query)
        cached = self._pages.get(key)
        if cached is not None:
            return cached
        params = dict(parse_qsl(query, keep_blank_values=True))
        try:
            limit = min(int(params.get("limit", NOVA_PAGE_MAX)), NOVA_PAGE_MAX)
        except ValueError:
            return _bad_request("limit must be an integer")
        start = 0
        marker = params.get("marker")
        if marker is not None:
            index = self.server_index.get(marker)
            if index is None or index >= self.server_count:
                return _bad_request(f"marker [{marker}] not found")
            start = index + 1
        items = self.server_items[start : min(start + limit, self.server_count)]
        body = b'{"servers": [' + b", ".join(items) + b"]"
        if len(items) == limit:
            # Nova's next link repeats the request's parameters with the new marker.
            following = {**params, "marker": self.server_ids[start + limit - 1]}
            link = f"{self.compute_url}/servers/detail?{urlencode(sorted(following.items()))}"
            body += b', "servers_links": ' + _encode([{"href": link, "rel": "next"}])
        response = http_response(200, body + b"}", self.nova_headers)
        self._pages[key] = response
        return response

    def one_server(self, server_id: str) -> bytes:
        """``GET /servers/{id}``."""
        index = self.server_index.get(server_id)
        if index is None:
            return _not_found(f"Instance {server_id}")
        cached = self._server_responses.get(index)
        if cached is None:
            body = b'{"server": ' + self.server_items[index] + b"}"
            cached = self._server_responses[index] = http_response(200, body, self.nova_headers)
        return cached

    def images_page(self, query: str) -> bytes:
        """A Glance ``/v2/images`` page with a root-relative ``next`` link."""
        key = ("images", query)
        cached = self._pages.get(key)
        if cached is not None:
            return cached
        params = dict(parse_qsl(query, keep_blank_values=True))
        try:
            limit = min(int(params.get("limit", GLANCE_PAGE_DEFAULT)), GLANCE_PAGE_MAX)
        except ValueError:
            return http_response(400, b'{"message": "limit must be an integer"}')
        start = 0
        marker = params.get("marker")
        if marker is not None:
            index = self.image_index.get(marker)
            if index is None:
                return http_response(404, b'{"message": "marker not found"}')
            start = index + 1
        items = self.image_items[start : start + limit]
        body = b'{"images": [' + b", ".join(items) + b"]"
        body += b', "schema": "/v2/schemas/images", "first": "/v2/images"'
        if len(items) == limit:
            following = {**params, "marker": self.image_ids[start + limit - 1]}
            body += b', "next": ' + _encode(f"/v2/images?{urlencode(sorted(following.items()))}")
        response = http_response(200, body + b"}")
        self._pages[key] = response
        return response

    def one_image(self, image_id: str) -> bytes:
        """``GET /v2/images/{id}``."""
        index = self.image_index.get(image_id)
        if index is None:
            return http_response(404, b'{"message": "No image found"}')
        cached = self._image_responses.get(index)
        if cached is None:
            cached = self._image_responses[index] = http_response(200, self.image_items[index])
        return cached

    def warm(self, counts: list[int]) -> None:
        """Build every default-sized page of the listings the benchmark will ask for."""
        for count in counts:
            self.server_count = count
            query = ""
            while True:
                page = self.servers_page(query)
                marker_at = page.rfind(b"marker=")
                if b'"servers_links"' not in page[-600:] or marker_at < 0:
                    break
                marker = page[marker_at + 7 : page.find(b'"', marker_at)].decode()
                query = urlencode({"marker": marker})
        self.server_count = max(counts) if counts else self.server_count
        self.ports_page("")  # the whole port listing, as every contender asks for it

    # -- control ------------------------------------------------------------------------

    def control(self, method: str, path: str, query: str) -> bytes:
        """The driver's endpoints: ``/servers?count=N``, ``/reset``, ``/mark``, ``/log``."""
        params = dict(parse_qsl(query))
        if path == "/servers":
            count = int(params["count"])
            if not 0 <= count <= len(self.server_items):
                return _bad_request(f"count must be 0..{len(self.server_items)}")
            self.server_count = count
            return http_response(200, _encode({"count": count}))
        if path == "/reset":
            self.log = []
            self.cpu_at_reset = time.process_time()
            return http_response(200, b"{}")
        if path == "/mark":
            self.log.append({"mark": params.get("label", "")})
            return http_response(200, b"{}")
        if path == "/log":
            cpu = time.process_time() - self.cpu_at_reset
            return http_response(200, _encode({"requests": self.log, "server_cpu_s": cpu}))
        if path == "/ids":
            return http_response(
                200,
                _encode(
                    {
                        "servers": self.server_ids[:2000],
                        "images": self.image_ids[:10],
                        "ports": self.port_ids[:10],
                        "users": self.user_ids[:1],
                    }
                ),
            )
        return _not_found(f"Control path {path}")


class HttpProtocol(asyncio.Protocol):
    """Minimal HTTP/1.1 server side: request line, Content-Length body, keep-alive.

    With ``delay`` (seconds), every answer of a service (not of the control port) is
    written that much later, as a cloud in another region answers: the round trip a
    client pays per request.
    """

    def __init__(self, cloud: Cloud, service: str, delay: float = 0.0) -> None:
        self.cloud = cloud
        self.service = service
        self.route = cloud.control if service == "control" else cloud.routes[service]
        self.delay = 0.0 if service == "control" else delay
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].decode("latin-1")
            lines = head.split("\r\n")
            length = 0
            close = False
            for line in lines[1:]:
                name, _, value = line.partition(":")
                lowered = name.strip().lower()
                if lowered == "content-length":
                    length = int(value.strip())
                elif lowered == "connection" and value.strip().lower() == "close":
                    close = True
            if len(self.buffer) < end + 4 + length:
                return  # the body is still arriving
            self.buffer = self.buffer[end + 4 + length :]
            self.respond(lines[0], close)

    def respond(self, request_line: str, close: bool) -> None:
        """Route one request and write its (precomputed) response."""
        assert self.transport is not None
        try:
            method, target, _ = request_line.split(" ", 2)
        except ValueError:
            self.transport.write(http_response(400, b"{}"))
            self.transport.close()
            return
        parts = urlsplit(target)
        if method not in ("GET", "POST", "HEAD"):
            response = http_response(405, b"{}")
        else:
            response = self.route(method, parts.path, parts.query)
        if self.service != "control":
            self.cloud.log.append(
                {
                    "service": self.service,
                    "method": method,
                    "target": target,
                    "status": int(response[9:12]),
                    "bytes": len(response),
                }
            )
        if method == "HEAD":
            response = response[: response.find(b"\r\n\r\n") + 4]
        if self.delay:
            # A client sends its next request only after this answer (no pipelining),
            # so answers leave in order.
            asyncio.get_running_loop().call_later(self.delay, self._send, response, close)
        else:
            self._send(response, close)

    def _send(self, response: bytes, close: bool) -> None:
        assert self.transport is not None
        if self.transport.is_closing():
            return
        self.transport.write(response)
        if close:
            self.transport.close()


async def serve(
    ready_file: str, max_servers: int, images: int, warm: list[int], delay: float = 0.0
) -> None:
    """Listen on four free ports, build the documents, announce the ports, serve."""
    loop = asyncio.get_running_loop()
    holder: dict[str, Cloud] = {}
    servers = {}
    for service in ("identity", "compute", "image", "network", "control"):
        servers[service] = await loop.create_server(
            lambda service=service: HttpProtocol(holder["cloud"], service, delay),  # type: ignore[misc]
            "127.0.0.1",
            0,
        )
    ports = {name: s.sockets[0].getsockname()[1] for name, s in servers.items()}
    cloud = Cloud(ports, max_servers, images)
    cloud.warm(warm)
    holder["cloud"] = cloud
    temporary = f"{ready_file}.tmp"
    with open(temporary, "w") as handle:
        json.dump(ports, handle)
    os.replace(temporary, ready_file)  # the driver polls for the file: write it whole
    await asyncio.Event().wait()


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ready-file", required=True, help="where to write the ports (JSON)")
    parser.add_argument("--max-servers", type=int, default=100_000)
    parser.add_argument("--images", type=int, default=1000)
    parser.add_argument(
        "--warm", default="", help="comma-separated server counts whose pages to prebuild"
    )
    parser.add_argument(
        "--delay-ms", type=float, default=0.0, help="answer every request this much later"
    )
    args = parser.parse_args(argv)
    warm = [int(c) for c in args.warm.split(",") if c]
    try:
        asyncio.run(
            serve(args.ready_file, args.max_servers, args.images, warm, args.delay_ms / 1000)
        )
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
