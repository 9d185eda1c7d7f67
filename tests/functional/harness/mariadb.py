"""MariaDB for Neutron, from Debian's packages, as a private server of one test run.

Neutron 29's migrations run MySQL-only SQL (2025.2's ``d553edeb540f`` converts the
``tags`` table with ``ALTER TABLE ... CONVERT TO CHARACTER SET utf8mb4``), so
PostgreSQL, though preinstalled on some machines, cannot hold Neutron's database.

Only ``mariadb-server-core`` and ``mariadb-client-core`` are installed: the server
binary, ``mariadb-install-db`` and the client, without the ``mariadb-server`` package's
system service. The data directory, unix socket and config live in the run dir; the
server listens on no TCP port at all (``skip-networking``), only on that socket, and
is stopped by its own pid. As root it runs with ``--user=root`` rather than as a
dedicated user: the run dir stays root's and private (mode 0700), nothing needs a
chown, and the socket is reachable by nobody else. Durability is traded for speed
(no fsync); the database lives only as long as the run.
"""

from __future__ import annotations

import os
import socket
import textwrap
from collections.abc import Callable
from pathlib import Path

from tests.functional.harness import procs

PACKAGES = ("mariadb-server-core", "mariadb-client-core")
SERVER = Path("/usr/sbin/mariadbd")
INSTALL_DB = Path("/usr/bin/mariadb-install-db")
CLIENT = Path("/usr/bin/mariadb")


def ensure_installed(log: Path) -> None:
    """apt-get install the MariaDB server and client binaries (as root) if missing."""
    if not all(path.exists() for path in (SERVER, INSTALL_DB, CLIENT)):
        procs.apt_install(PACKAGES, log, "MariaDB (mariadbd, mariadb-install-db, mariadb)")


def _answers(path: Path) -> Callable[[], bool]:
    """A readiness probe: the server sends its greeting on the unix socket."""

    def probe() -> bool:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(2)
            sock.connect(str(path))
            return bool(sock.recv(64))

    return probe


class MariaDB:
    """One mariadbd on a unix socket in ``workdir/mariadb``; databases on request."""

    def __init__(self, workdir: Path, logs: Path, remember: list[procs.Process]) -> None:
        ensure_installed(logs / "mariadb-install.log")
        self.home = workdir / "mariadb"
        self.home.mkdir()
        self.socket = self.home / "mariadbd.sock"
        self.conf = self.home / "my.cnf"
        self.log = logs / "mariadb-setup.log"
        self.conf.write_text(
            textwrap.dedent(f"""\
                [client-server]
                socket = {self.socket}
                [mariadbd]
                datadir = {self.home / "data"}
                pid-file = {self.home / "mariadbd.pid"}
                skip-networking
                skip-name-resolve
                character-set-server = utf8mb4
                collation-server = utf8mb4_general_ci
                innodb_buffer_pool_size = 64M
                innodb_log_file_size = 16M
                innodb_flush_log_at_trx_commit = 0
                innodb_doublewrite = 0
                innodb_flush_method = nosync
                """)
        )
        # mariadbd refuses to run as root unless told to; as any other user it needs
        # (and takes) no --user.
        user = ["--user=root"] if os.geteuid() == 0 else []
        defaults = f"--defaults-file={self.conf}"
        procs.run(
            [
                str(INSTALL_DB),
                defaults,
                *user,
                "--auth-root-authentication-method=normal",
                "--skip-test-db",
            ],
            self.log,
        )
        process = procs.Process(
            "mariadb", [str(SERVER), defaults, *user], logs / "mariadb.log", cwd=self.home
        )
        remember.append(process)
        procs.wait_until(process, _answers(self.socket), 60, "accepting connections")

    def create_database(self, name: str) -> str:
        """Create database ``name``; return its SQLAlchemy URL (PyMySQL, unix socket)."""
        procs.run(
            [
                str(CLIENT),
                f"--defaults-file={self.conf}",
                "--user=root",
                "--execute",
                f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
            ],
            self.log,
        )
        return f"mysql+pymysql://root@/{name}?unix_socket={self.socket}&charset=utf8mb4"
