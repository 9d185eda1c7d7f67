"""Small HTTP servers the harness runs in the pytest process, on 127.0.0.1.

``NeutronStub`` exists only because Nova's server view asks Neutron for security
groups even for servers booted with ``networks="none"``; it answers every list call
with an empty list. Nova reaches it through ``[neutron] endpoint_override``; it is not
in the catalog, whose ``network`` service is the real Neutron (it cannot bind Nova's
ports: no agents). ``FileServer`` is the source of Glance's web-download imports.
"""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path
from typing import Any

from tests.functional.harness import procs


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


class _NeutronHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _reply(self, body: Any, status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # http.server names handlers do_<METHOD>
        path = self.path.split("?", 1)[0].rstrip("/")
        base = f"http://{procs.HOST}:{self.server.server_address[1]}"
        if path in ("", "/v2.0"):
            self._reply(
                {
                    "versions": [
                        {
                            "id": "v2.0",
                            "status": "CURRENT",
                            "links": [{"rel": "self", "href": f"{base}/v2.0/"}],
                        }
                    ]
                }
            )
            return
        # /v2.0/security-groups -> {"security_groups": []}; single objects -> 404.
        resource = path.rsplit("/", 1)[-1]
        if resource.endswith("s"):
            self._reply({resource.replace("-", "_"): []})
        else:
            self._reply({"NeutronError": {"message": "not found"}}, 404)


class _Server:
    def __init__(self, handler: type[http.server.BaseHTTPRequestHandler]) -> None:
        self.httpd = http.server.ThreadingHTTPServer((procs.HOST, 0), handler)
        self.port = int(self.httpd.server_address[1])
        self.url = f"http://{procs.HOST}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop serving and release the port."""
        self.httpd.shutdown()
        self.httpd.server_close()


class NeutronStub(_Server):
    """Answers Neutron list calls with empty lists."""

    def __init__(self) -> None:
        super().__init__(_NeutronHandler)


class FileServer(_Server):
    """Serves the files of ``directory`` over HTTP (web-download import source)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

        class Handler(_Quiet):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(directory), **kwargs)

        super().__init__(Handler)
