"""The local cloud as a backend of the functional tests (``OSC_FUNCTIONAL_BACKEND=local``).

``LocalStack`` has the face of :class:`~tests.functional.harness.stack.Stack` that the
tests and fixtures use (``clouds_yaml`` with clouds admin, demo and other, ``ids``
(projects, users and roles), ``service_password`` (of user ``glance``),
``endpoints``, ``keystone_url``, ``admin_session()``, ``web_download``), but starts
nothing but ``python -m openstack_core local-cloud serve``, exactly as users run it, with
a settings file that mirrors the real harness's configuration: Nova's host
``osc-functional`` and no flavors (the fixtures create m1.tiny and m1.small as they do
on real Nova), a third user ``other``, the image service's user ``glance`` (admin and
service in project ``service``), and web-download allowed from the harness's file
server only. Setting up takes about a second.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import yaml
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from tests.functional.harness import procs, stubs
from tests.functional.harness.stack import Stack

READY = "local cloud ready: "
#: Short enough that a run of the suite waits little, long enough that every transition
#: is seen (a client polling at 0.5 s finds BUILD after a boot).
DELAYS = {"build_delay": 0.3, "action_delay": 0.2, "delete_delay": 0.2}


class LocalStack:
    """The served local cloud for one pytest session."""

    backend = "local"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes: list[procs.Process] = []
        self.closers: list[Any] = []
        self.ids: dict[str, str] = {}
        self.endpoints: dict[str, str] = {}
        self.clouds_yaml = workdir / "clouds.yaml"
        self.served_clouds_yaml = workdir / "local-clouds.yaml"
        self.keystone_url = ""
        self.admin_password = ""
        self.service_password = ""
        self.exit_code: int | None = None
        self.web_download = stubs.FileServer(workdir / "web-download")
        self.closers.append(self.web_download.close)
        self._admin_session: ks_session.Session | None = None
        self._clouds: dict[str, Any] = {}

    def start(self) -> None:
        """Serve the local cloud and write the harness's clouds.yaml."""
        settings = {
            "identity": {
                "users": [
                    {"name": "admin", "project": "admin", "roles": ["admin"]},
                    {"name": "demo", "project": "demo", "roles": ["member"]},
                    {"name": "other", "project": "other", "roles": ["member"]},
                    # The image service's user, as the real harness makes it.
                    {"name": "glance", "project": "service", "roles": ["admin", "service"]},
                ]
            },
            "compute": {"host": "osc-functional", "flavors": [], **DELAYS},
            "image": {
                "allowed_schemes": ["http"],
                "allowed_hosts": [procs.HOST],
                "allowed_ports": [self.web_download.port],
            },
        }
        config = self.workdir / "local-cloud.yaml"
        config.write_text(yaml.safe_dump(settings))
        argv = [
            sys.executable,
            "-m",
            "openstack_core",
            "local-cloud",
            "serve",
            "--port",
            "0",
            "--clouds-yaml",
            str(self.served_clouds_yaml),
            "--config",
            str(config),
        ]
        log = self.logs / "local-cloud.log"
        process = procs.Process("local-cloud", argv, log)
        self.processes.append(process)
        procs.wait_until(process, lambda: READY in log.read_text(), 60, "ready")
        line = next(x for x in log.read_text().splitlines() if x.startswith(READY))
        self.keystone_url = line[len(READY) :].strip()
        served = yaml.safe_load(self.served_clouds_yaml.read_text())["clouds"]
        self._clouds = {
            "admin": served["local-admin"],
            "demo": served["local"],
            "other": served["local-other"],
            "glance": served["local-glance"],
        }
        shown = {name: self._clouds[name] for name in ("admin", "demo", "other")}
        self.clouds_yaml.write_text(yaml.safe_dump({"clouds": shown}))
        self.service_password = self._clouds["glance"]["auth"]["password"]
        #: What tests that authenticate by hand use, as on the real backend.
        self.admin_password = str(self._clouds["admin"]["auth"]["password"])
        self._collect_ids()

    def _session(self, cloud: str) -> ks_session.Session:
        auth = self._clouds[cloud]["auth"]
        return ks_session.Session(
            auth=v3.Password(
                auth_url=auth["auth_url"],
                username=auth["username"],
                password=auth["password"],
                project_name=auth["project_name"],
                user_domain_name="Default",
                project_domain_name="Default",
            )
        )

    def _collect_ids(self) -> None:
        for cloud in ("admin", "demo", "other"):
            session = self._session(cloud)
            self.ids[f"{cloud}_project"] = str(session.get_project_id())
            self.ids[f"{cloud}_user"] = str(session.get_user_id())
            if cloud == "admin":
                self._admin_session = session
        access = self.admin_session().auth.get_access(self.admin_session())  # type: ignore[union-attr]
        service = self._session("glance")
        self.ids["service_project"] = str(service.get_project_id())
        for session in (self.admin_session(), service):
            roles = session.auth.get_access(session)  # type: ignore[union-attr]
            for role_id, name in zip(roles.role_ids, roles.role_names, strict=True):
                self.ids.setdefault(f"{name}_role", role_id)
        for service_type in ("compute", "image", "network"):
            if not access.service_catalog.get_endpoints(service_type=service_type):
                continue  # its plugin (and fake) is not installed
            url = access.service_catalog.url_for(service_type=service_type, interface="public")
            self.endpoints[service_type] = str(url).rstrip("/")

    def admin_session(self) -> ks_session.Session:
        """A keystoneauth Session of the admin user (harness use only)."""
        assert self._admin_session is not None, "the local cloud is not started"
        return self._admin_session

    # Registering a service in the catalog goes through Keystone's API on both backends.
    _post = Stack._post
    register = Stack.register

    def close(self) -> None:
        """Stop the local cloud (SIGTERM, as a user's Ctrl-C) and the file server."""
        for closer in reversed(self.closers):
            try:
                closer()
            except Exception:
                pass
        for process in self.processes:
            process.terminate()
            deadline = time.monotonic() + 10
            while process.popen.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            self.exit_code = process.popen.poll()
            process.stop()
