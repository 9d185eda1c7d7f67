"""A small OpenStack cloud on 127.0.0.1 that injects faults over real TCP sockets.

One threaded HTTP/1.1 server (keep-alive, chunked request bodies) plays Keystone v3
(password authentication, a catalog, tokens that can be revoked), Glance v2 (images,
their data, paged listing) and enough of Nova v2.1 (servers, paged listing, version
document with microversions) for a real ``openstack_core.connect(...)`` to work against
it. Everything lives under one port: ``/identity``, ``/image``, ``/compute``.

A :class:`Fault` matches a method and a path and, for its next ``times`` requests,
answers a status (``Retry-After`` included), stalls, revokes every token, reads part of
the request body and then drops the connection, or sends the real answer cut short,
corrupted or truncated. Drops are either an RST (``SO_LINGER`` 0, the peer sees a
reset) or a FIN (an orderly close in the middle of the exchange). :meth:`FaultServer.route`
replaces a route's answer altogether (endless pagination, malformed bodies).

Nothing here is shipped: it is the test code of ``tests/faults``.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import re
import socket
import struct
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from keystoneauth1 import fixture

HOST = "127.0.0.1"
USERNAME = "fault-user"
#: Distinctive, so a leak into a log line or a message is easy to find.
PASSWORD = "pw-SECRET-5b1f0c2e9d"
TOKEN_PREFIX = "tok-SECRET-"
REGION = "RegionOne"
#: How long a stalled answer waits at most: longer than any timeout the tests use,
#: short enough that a stalled thread never outlives the test session by much.
MAX_STALL = 5.0


@dataclass
class Request:
    """One request as the server read it."""

    method: str
    raw_path: str  # exactly as sent on the request line, query included
    path: str  # without the query, still percent-encoded
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes = b""

    def json(self) -> Any:
        return json.loads(self.body or b"null")


@dataclass
class Answer:
    """What a route answers."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    #: Send the body with chunked transfer encoding (no Content-Length).
    chunked: bool = False

    @classmethod
    def json(cls, data: Any, status: int = 200, **headers: str) -> Answer:
        return cls(
            status,
            json.dumps(data).encode(),
            {"Content-Type": "application/json", **headers},
        )


@dataclass
class Fault:
    """What to do to the next ``times`` requests matching ``method`` and ``path``.

    ``path`` is a regular expression matched against the whole (still encoded) path.
    The actions, in the order they apply: ``revoke`` every token; read
    ``read_request_bytes`` of the body and then ``drop`` the connection; ``stall`` for
    that many seconds; answer ``status`` (with ``retry_after``, ``body``,
    ``content_type``); or send the real answer with its body ``cut_at`` that many bytes
    and then ``drop``, with one byte ``corrupt``-ed, or ``truncate``-d to that many
    bytes in a well-formed chunked answer (no length to tell it was cut).
    """

    method: str
    path: str
    times: int | None = 1
    revoke: bool = False
    read_request_bytes: int | None = None
    drop: str = "rst"  # "rst" or "fin"
    stall: float = 0.0
    status: int | None = None
    retry_after: str | None = None
    body: bytes | str | None = None
    content_type: str = "application/json"
    cut_at: int | None = None
    corrupt: bool = False
    truncate: int | None = None
    #: How many requests it applied to.
    hits: int = 0

    def matches(self, request: Request) -> bool:
        return (
            (self.times is None or self.hits < self.times)
            and self.method == request.method
            and re.fullmatch(self.path, request.path) is not None
        )


Responder = Callable[[Request], Answer]


class _Dropped(Exception):
    """The handler closed the connection on purpose."""


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        return

    def handle_one_request(self) -> None:
        try:
            super().handle_one_request()
        except _Dropped:
            self.close_connection = True
        except (ConnectionError, BrokenPipeError, TimeoutError):
            self.close_connection = True

    # http.server dispatches on do_<METHOD>.
    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    # -- the exchange -------------------------------------------------------------------

    def _serve(self) -> None:
        split = urlsplit(self.path)
        request = Request(
            method=self.command,
            raw_path=self.path,
            path=split.path,
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in self.headers.items()},
        )
        cloud = self.server.cloud
        fault = cloud.take_fault(request)
        if fault is not None and fault.read_request_bytes is not None:
            self._read_body(limit=fault.read_request_bytes)
            self._drop(fault.drop)
        request.body = self._read_body()
        cloud.record(request)
        if fault is not None:
            if fault.revoke:
                cloud.revoke_tokens()
            if fault.stall:
                time.sleep(min(fault.stall, MAX_STALL))
                if fault.status is None and fault.cut_at is None:
                    self._drop(fault.drop)
            if fault.status is not None:
                body = fault.body if fault.body is not None else b""
                headers = {"Content-Type": fault.content_type}
                if fault.retry_after is not None:
                    headers["Retry-After"] = fault.retry_after
                self._send(
                    Answer(
                        fault.status,
                        body.encode() if isinstance(body, str) else body,
                        headers,
                    ),
                    request,
                )
                return
        answer = cloud.answer(request)
        if fault is not None:
            if fault.corrupt and answer.body:
                middle = len(answer.body) // 2
                flipped = bytes([answer.body[middle] ^ 0xFF])
                answer.body = answer.body[:middle] + flipped + answer.body[middle + 1 :]
            if fault.truncate is not None:
                answer.body = answer.body[: fault.truncate]
                answer.chunked = True
            if fault.cut_at is not None:
                self._send(answer, request, cut_at=fault.cut_at)
                self._drop(fault.drop)
        self._send(answer, request)

    def _read_body(self, limit: int | None = None) -> bytes:
        """The request body (Content-Length or chunked), or its first ``limit`` bytes."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = bytearray()
            while limit is None or len(data) < limit:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()  # the empty line after the last chunk
                    break
                data += self.rfile.read(size)
                self.rfile.readline()
            return bytes(data if limit is None else data[:limit])
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length if limit is None else min(limit, length))

    def _send(self, answer: Answer, request: Request, cut_at: int | None = None) -> None:
        self.send_response(answer.status)
        headers = {"X-Openstack-Request-Id": f"req-{uuid.uuid4()}", **answer.headers}
        for name, value in headers.items():
            self.send_header(name, value)
        body = answer.body if request.method != "HEAD" else b""
        if answer.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(answer.body)))
        self.end_headers()
        if cut_at is not None:
            self.wfile.write(body[:cut_at])
            return
        if answer.chunked:
            if body:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(body), body))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.wfile.write(body)

    def _drop(self, how: str) -> None:
        sock = self.connection
        if how == "rst":
            # SO_LINGER with a zero timeout: close() sends an RST, not a FIN.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()
        raise _Dropped


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    cloud: FaultServer


class FaultServer:
    """The fake cloud; ``start()`` it, then connect with :meth:`connect_kwargs`."""

    def __init__(self) -> None:
        self._httpd = _HTTPServer((HOST, 0), _Handler)
        self._httpd.cloud = self
        self.port = self._httpd.server_address[1]
        self.base = f"http://{HOST}:{self.port}"
        self.project_id = uuid.uuid4().hex
        self.user_id = uuid.uuid4().hex
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.reset()

    # -- lifecycle ----------------------------------------------------------------------

    def start(self) -> FaultServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def reset(self) -> None:
        """Forget faults, routes, requests, tokens and every stored resource."""
        with self._lock:
            self.faults: list[Fault] = []
            self.routes: list[tuple[str, str, Responder]] = []
            self.requests: list[Request] = []
            self.tokens: set[str] = set()
            self.issued: list[str] = []
            self.images: dict[str, dict[str, Any]] = {}
            self.image_data: dict[str, bytes] = {}
            self.servers = [{"id": f"srv-{i:04d}", "name": f"server-{i}"} for i in range(50)]

    def connect_kwargs(self, **extra: Any) -> dict[str, Any]:
        """Keyword arguments of ``openstack_core.connect`` for this cloud."""
        return {
            "auth_type": "password",
            "auth": {
                "auth_url": f"{self.base}/identity/v3",
                "username": USERNAME,
                "password": PASSWORD,
                "project_name": "demo",
                "user_domain_name": "Default",
                "project_domain_name": "Default",
            },
            "region_name": REGION,
            "load_yaml_config": False,
            "load_envvars": False,
            **extra,
        }

    # -- test controls ------------------------------------------------------------------

    def add_fault(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def route(self, method: str, path: str, responder: Responder) -> None:
        """Answer ``method`` on paths matching ``path`` with ``responder`` instead."""
        with self._lock:
            self.routes.insert(0, (method, path, responder))

    def revoke_tokens(self) -> None:
        with self._lock:
            self.tokens.clear()

    def take_fault(self, request: Request) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if fault.matches(request):
                    fault.hits += 1
                    return fault
        return None

    def record(self, request: Request) -> None:
        with self._lock:
            self.requests.append(request)

    def calls(self, method: str, path: str) -> list[Request]:
        """Recorded requests of ``method`` whose path matches the regex ``path``."""
        with self._lock:
            return [r for r in self.requests if r.method == method and re.fullmatch(path, r.path)]

    @property
    def logins(self) -> int:
        return len(self.calls("POST", "/identity/v3/auth/tokens"))

    # -- routing ------------------------------------------------------------------------

    def answer(self, request: Request) -> Answer:
        for method, pattern, responder in list(self.routes):
            if method == request.method and re.fullmatch(pattern, request.path):
                return responder(request)
        path = request.path.rstrip("/")
        if path.startswith("/identity"):
            return self._keystone(request, path)
        if not path.endswith(("/image", "/image/v2", "/compute/v2.1")):
            token = request.headers.get("x-auth-token")
            with self._lock:
                valid = token in self.tokens
            if not valid:
                return Answer.json(
                    {
                        "error": {
                            "code": 401,
                            "title": "Unauthorized",
                            "message": "The request you have made requires authentication.",
                        }
                    },
                    401,
                )
        if path.startswith("/image"):
            return self._glance(request, path)
        if path.startswith("/compute"):
            return self._nova(request, path)
        return Answer.json({"message": f"no route for {request.path}"}, 404)

    # -- Keystone -----------------------------------------------------------------------

    def _keystone(self, request: Request, path: str) -> Answer:
        if path == "/identity/v3" and request.method == "GET":
            return Answer.json(
                {
                    "version": {
                        "id": "v3.14",
                        "status": "stable",
                        "links": [{"rel": "self", "href": f"{self.base}/identity/v3/"}],
                    }
                }
            )
        if path == "/identity/v3/auth/tokens" and request.method == "POST":
            password = request.json()["auth"]["identity"]["password"]["user"]["password"]
            if password != PASSWORD:
                return Answer.json({"error": {"code": 401, "message": "Invalid"}}, 401)
            token_id = TOKEN_PREFIX + uuid.uuid4().hex
            with self._lock:
                self.tokens.add(token_id)
                self.issued.append(token_id)
            return Answer.json(self._token_body(), 201, **{"X-Subject-Token": token_id})
        return Answer.json({"error": {"code": 404, "message": "not found"}}, 404)

    def _token_body(self) -> Any:
        token = fixture.V3Token(
            project_id=self.project_id,
            project_name="demo",
            project_domain_id="default",
            user_id=self.user_id,
            user_name=USERNAME,
            user_domain_id="default",
        )
        token.add_role(name="member")
        for service_type, path in (
            ("identity", "/identity/v3"),
            ("image", "/image"),
            ("compute", "/compute/v2.1"),
        ):
            service = token.add_service(service_type)
            url = self.base + path
            service.add_standard_endpoints(region=REGION, public=url, internal=url, admin=url)
        return token

    # -- Glance -------------------------------------------------------------------------

    def _glance(self, request: Request, path: str) -> Answer:
        v2 = {
            "id": "v2.16",
            "status": "CURRENT",
            "links": [{"rel": "self", "href": f"{self.base}/image/v2/"}],
        }
        if path == "/image":
            return Answer.json({"versions": [v2]}, 300)
        if path == "/image/v2":
            return Answer.json({"version": v2})
        match = re.fullmatch(r"/image/v2/images(?:/([^/]+))?(?:/(file))?", path)
        if match is None:
            return Answer.json({"message": f"no route for {request.path}"}, 404)
        image_id, data = match.groups()
        method = request.method
        if image_id is None:
            if method == "POST":
                return self._create_image(request)
            return self._list_images(request)
        with self._lock:
            image = self.images.get(image_id)
        if image is None:
            return Answer(
                404,
                b"<html><head><title>404 Not Found</title></head><body><h1>404 Not Found"
                b"</h1>No image found with ID " + image_id.encode() + b"<br /></body></html>",
                {"Content-Type": "text/html; charset=UTF-8"},
            )
        if data and method == "PUT":
            return self._store_data(image, request.body)
        if data and method == "GET":
            with self._lock:
                blob = self.image_data.get(image_id)
            if blob is None:
                return Answer(204)
            return Answer(200, blob, {"Content-Type": "application/octet-stream"})
        if method == "GET":
            return Answer.json(image)
        if method == "DELETE":
            with self._lock:
                self.images.pop(image_id, None)
                self.image_data.pop(image_id, None)
            return Answer(204)
        return Answer.json({"message": "method not allowed"}, 405)

    def put_image(self, data: bytes, name: str = "stored") -> str:
        """An active image holding ``data``, as if uploaded earlier; returns its id."""
        request = Request("POST", "", "", {}, {}, json.dumps({"name": name}).encode())
        image_id = str(json.loads(self._create_image(request).body)["id"])
        self._store_data(self.images[image_id], data)
        return image_id

    def _create_image(self, request: Request) -> Answer:
        attrs = request.json()
        image_id = str(uuid.uuid4())
        image = {
            "container_format": "bare",
            "disk_format": "qcow2",
            **attrs,
            "id": image_id,
            "status": "queued",
            "size": None,
            "checksum": None,
            "os_hash_algo": None,
            "os_hash_value": None,
            "visibility": "shared",
            "tags": attrs.get("tags", []),
            "file": f"/v2/images/{image_id}/file",
            "self": f"/v2/images/{image_id}",
        }
        with self._lock:
            self.images[image_id] = image
        return Answer.json(image, 201)

    def _store_data(self, image: dict[str, Any], data: bytes) -> Answer:
        # Glance stores whatever arrives, 0 bytes included, and marks the image active.
        with self._lock:
            self.image_data[image["id"]] = data
            image.update(
                status="active",
                size=len(data),
                checksum=hashlib.md5(data, usedforsecurity=False).hexdigest(),
                os_hash_algo="sha512",
                os_hash_value=hashlib.sha512(data).hexdigest(),
            )
        return Answer(204)

    def _list_images(self, request: Request) -> Answer:
        with self._lock:
            images = list(self.images.values())
        name = request.query.get("name")
        if name is not None:
            images = [i for i in images if i.get("name") == name]
        return self._page(images, request, "images", "/v2/images", glance=True)

    # -- Nova ---------------------------------------------------------------------------

    def _nova(self, request: Request, path: str) -> Answer:
        if path == "/compute/v2.1":
            return Answer.json(
                {
                    "version": {
                        "id": "v2.1",
                        "status": "CURRENT",
                        "min_version": "2.1",
                        "version": "2.96",
                        "links": [{"rel": "self", "href": f"{self.base}/compute/v2.1/"}],
                    }
                }
            )
        if path == "/compute/v2.1/servers/detail" or path == "/compute/v2.1/servers":
            servers = self.servers
            if "name" in request.query:
                servers = [s for s in servers if s["name"] == request.query["name"]]
            return self._page(servers, request, "servers", f"{self.base}/compute/v2.1/servers")
        match = re.fullmatch(r"/compute/v2.1/servers/([^/]+)", path)
        if match is not None:
            for server in self.servers:
                if server["id"] == match.group(1):
                    return Answer.json({"server": server})
            return Answer.json(
                {"itemNotFound": {"code": 404, "message": f"Instance {match.group(1)} not found"}},
                404,
            )
        return Answer.json({"itemNotFound": {"code": 404, "message": "no such path"}}, 404)

    def _page(
        self,
        items: list[dict[str, Any]],
        request: Request,
        key: str,
        link: str,
        glance: bool = False,
    ) -> Answer:
        limit = int(request.query.get("limit", 20))
        marker = request.query.get("marker")
        start = 0
        if marker is not None:
            ids = [i["id"] for i in items]
            if marker not in ids:
                return Answer.json({"badRequest": {"code": 400, "message": "bad marker"}}, 400)
            start = ids.index(marker) + 1
        page = items[start : start + limit]
        body: dict[str, Any] = {key: page}
        if start + limit < len(items) and page:
            href = f"{link}?limit={limit}&marker={page[-1]['id']}"
            if glance:
                body["next"] = href
            else:
                body[f"{key}_links"] = [{"rel": "next", "href": href}]
        return Answer.json(body)
