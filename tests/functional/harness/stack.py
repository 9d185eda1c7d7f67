"""The stack of real services the functional tests run against, and Keystone.

``Stack`` owns a temporary directory (configs, databases, logs) and every process it
starts; ``Stack.close()`` stops them all by pid. Keystone is always started; the
other services start on first use (see ``openstack_services``).
"""

from __future__ import annotations

import secrets
import textwrap
from pathlib import Path
from typing import Any

import yaml
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3

from tests.functional.harness import mariadb, procs, rabbit

KEYSTONE = ["keystone==30.0.0", "gunicorn"]
REGION = "RegionOne"


class Stack:
    """Services on 127.0.0.1 for one pytest session."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes: list[procs.Process] = []
        self.closers: list[Any] = []
        self.admin_password = secrets.token_urlsafe(16)
        self.user_password = secrets.token_urlsafe(16)
        self.service_password = secrets.token_urlsafe(16)
        self.keystone_url = ""
        self.ids: dict[str, str] = {}
        self.endpoints: dict[str, str] = {}
        self.web_download: Any = None
        self.clouds_yaml = workdir / "clouds.yaml"
        self._admin_session: ks_session.Session | None = None
        self._broker: rabbit.Broker | None = None
        self._mariadb: mariadb.MariaDB | None = None

    # -- lifecycle ----------------------------------------------------------------------

    def start(self, name: str, process: procs.Process) -> procs.Process:
        """Record a started process so close() stops it."""
        self.processes.append(process)
        return process

    def close(self) -> None:
        """Stop every process this stack started, newest first, each by its pid."""
        for closer in reversed(self.closers):
            try:
                closer()
            except Exception:  # keep stopping the others
                pass
        # SIGTERM to all first so their graceful shutdowns overlap, then wait for each.
        for process in reversed(self.processes):
            process.terminate()
        for process in reversed(self.processes):
            process.stop()

    # -- shared infrastructure, started on first use -------------------------------------

    def transport_url(self, wait: bool = True) -> str:
        """The oslo.messaging URL of the run's RabbitMQ, started on the first call; with
        ``wait=False`` the broker may still be booting."""
        if self._broker is None:
            self._broker = rabbit.Broker(self.workdir, self.logs, self.processes)
        if wait:
            self._broker.wait()
        return self._broker.url

    def database(self, name: str) -> str:
        """A new MariaDB database ``name`` (the server starts on the first call); returns
        its SQLAlchemy URL."""
        if self._mariadb is None:
            self._mariadb = mariadb.MariaDB(self.workdir, self.logs, self.processes)
        return self._mariadb.create_database(name)

    # -- keystone -----------------------------------------------------------------------

    def start_keystone(self) -> None:
        """Install, configure, bootstrap and start Keystone; write clouds.yaml."""
        log = self.logs / "keystone-setup.log"
        venv = procs.ensure_venv("keystone", KEYSTONE, log)
        conf_dir = self.workdir / "keystone"
        conf_dir.mkdir()
        port = procs.free_port()
        self.keystone_url = f"http://{procs.HOST}:{port}/v3"
        (conf_dir / "keystone.conf").write_text(
            textwrap.dedent(f"""\
                [DEFAULT]
                debug = false
                [database]
                connection = sqlite:///{conf_dir}/keystone.db
                [token]
                provider = fernet
                [fernet_tokens]
                key_repository = {conf_dir}/fernet-keys
                [fernet_receipts]
                key_repository = {conf_dir}/fernet-keys
                [credential]
                key_repository = {conf_dir}/credential-keys
                [identity]
                # Domain configuration API (/v3/domains/{id}/config) and its use.
                domain_specific_drivers_enabled = true
                domain_configurations_from_database = true
                """)
        )
        # Keystone parses sys.argv as its own options when the app is imported; under
        # gunicorn that is gunicorn's command line and the worker dies in a loop.
        (conf_dir / "osc_keystone_wsgi.py").write_text(
            "import sys\n\nsys.argv = sys.argv[:1]\n"
            "from keystone.wsgi.api import application  # noqa: E402,F401\n"
        )
        conf = ["--config-file", str(conf_dir / "keystone.conf")]
        manage = str(venv / "bin" / "keystone-manage")
        env = procs.service_env(venv, OS_KEYSTONE_CONFIG_DIR=str(conf_dir))
        procs.run([manage, *conf, "db_sync"], log, env)
        for command in ("fernet_setup", "credential_setup"):
            procs.run(
                [manage, *conf, command, "--keystone-user", "root", "--keystone-group", "root"],
                log,
                env,
            )
        procs.run(
            [
                manage,
                *conf,
                "bootstrap",
                "--bootstrap-password",
                self.admin_password,
                "--bootstrap-username",
                "admin",
                "--bootstrap-project-name",
                "admin",
                "--bootstrap-role-name",
                "admin",
                "--bootstrap-service-name",
                "keystone",
                "--bootstrap-region-id",
                REGION,
                "--bootstrap-public-url",
                self.keystone_url,
            ],
            log,
            env,
        )
        process = self.start(
            "keystone",
            procs.gunicorn(
                venv,
                "keystone",
                "osc_keystone_wsgi:application",
                port,
                self.logs / "keystone.log",
                env,
                workers=2,
                pythonpath=conf_dir,
            ),
        )
        procs.wait_until(process, procs.http_ready(self.keystone_url), 120, "answering")
        self._create_accounts()
        self._write_clouds_yaml()

    def admin_session(self) -> ks_session.Session:
        """A keystoneauth Session of the bootstrap admin (harness use only)."""
        if self._admin_session is None:
            auth = v3.Password(
                auth_url=self.keystone_url,
                username="admin",
                password=self.admin_password,
                project_name="admin",
                user_domain_id="default",
                project_domain_id="default",
            )
            self._admin_session = ks_session.Session(auth=auth)
        return self._admin_session

    def _post(self, path: str, key: str, body: dict[str, Any]) -> dict[str, Any]:
        response = self.admin_session().post(self.keystone_url + path, json={key: body}, log=False)
        return dict(response.json()[key])

    def _get_one(self, path: str, key: str, name: str) -> dict[str, Any]:
        response = self.admin_session().get(self.keystone_url + path, params={"name": name})
        return dict(response.json()[key][0])

    def _grant(self, project_id: str, user_id: str, role_id: str) -> None:
        self.admin_session().put(
            f"{self.keystone_url}/projects/{project_id}/users/{user_id}/roles/{role_id}"
        )

    def _create_accounts(self) -> None:
        ids = self.ids
        ids["admin_project"] = self._get_one("/projects", "projects", "admin")["id"]
        ids["admin_user"] = self._get_one("/users", "users", "admin")["id"]
        ids["member_role"] = self._get_one("/roles", "roles", "member")["id"]
        ids["admin_role"] = self._get_one("/roles", "roles", "admin")["id"]
        # Keystone's bootstrap creates the service role too.
        ids["service_role"] = self._get_one("/roles", "roles", "service")["id"]
        for project in ("demo", "other", "service"):
            ids[f"{project}_project"] = self._post(
                "/projects", "project", {"name": project, "domain_id": "default"}
            )["id"]
        ids["demo_user"] = self._post(
            "/users",
            "user",
            {
                "name": "demo",
                "domain_id": "default",
                "password": self.user_password,
                "default_project_id": ids["demo_project"],
            },
        )["id"]
        self._grant(ids["demo_project"], ids["demo_user"], ids["member_role"])
        ids["other_user"] = self._post(
            "/users",
            "user",
            {
                "name": "other",
                "domain_id": "default",
                "password": self.user_password,
                "default_project_id": ids["other_project"],
            },
        )["id"]
        self._grant(ids["other_project"], ids["other_user"], ids["member_role"])

    def service_user(self, name: str) -> None:
        """A user of a service (glance, nova, placement) in project service."""
        user = self._post(
            "/users",
            "user",
            {"name": name, "domain_id": "default", "password": self.service_password},
        )["id"]
        for role in ("admin_role", "service_role"):
            self._grant(self.ids["service_project"], user, self.ids[role])

    def register(
        self,
        service_type: str,
        name: str,
        url: str,
        interfaces: tuple[str, ...] = ("public",),
        region: str = REGION,
    ) -> str:
        """Add a service and its endpoints to the catalog; returns the service id."""
        service = self._post("/services", "service", {"type": service_type, "name": name})
        for interface in interfaces:
            self._post(
                "/endpoints",
                "endpoint",
                {
                    "service_id": service["id"],
                    "interface": interface,
                    "url": url,
                    "region_id": region,
                },
            )
        return str(service["id"])

    def authtoken_section(self, user: str) -> str:
        """The keystonemiddleware [keystone_authtoken] section for a service user."""
        return textwrap.dedent(f"""\
            [keystone_authtoken]
            www_authenticate_uri = {self.keystone_url}
            auth_url = {self.keystone_url}
            auth_type = password
            username = {user}
            password = {self.service_password}
            project_name = service
            user_domain_id = default
            project_domain_id = default
            service_token_roles_required = true
            interface = public
            region_name = {REGION}
            """)

    def auth_section(self, section: str, user: str, **extra: str) -> str:
        """A keystoneauth section (``[placement]``, ``[neutron]``, ...) for a service user."""
        lines = [
            f"[{section}]",
            f"auth_url = {self.keystone_url}",
            "auth_type = password",
            f"username = {user}",
            f"password = {self.service_password}",
            "project_name = service",
            "user_domain_id = default",
            "project_domain_id = default",
            f"region_name = {REGION}",
            "valid_interfaces = public",
            *(f"{k} = {v}" for k, v in extra.items()),
        ]
        return "\n".join(lines) + "\n"

    def _write_clouds_yaml(self) -> None:
        def cloud(user: str, project: str, password: str) -> dict[str, Any]:
            return {
                "auth": {
                    "auth_url": self.keystone_url,
                    "username": user,
                    "password": password,
                    "project_name": project,
                    "user_domain_name": "Default",
                    "project_domain_name": "Default",
                },
                "region_name": REGION,
                "interface": "public",
                "identity_api_version": 3,
            }

        clouds = {
            "clouds": {
                "admin": cloud("admin", "admin", self.admin_password),
                "demo": cloud("demo", "demo", self.user_password),
                "other": cloud("other", "other", self.user_password),
            }
        }
        self.clouds_yaml.write_text(yaml.safe_dump(clouds))
