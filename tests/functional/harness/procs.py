"""Virtualenvs, ports and processes of the functional test services.

Every process is started in its own session (process group) and stopped through
that group by the pid the harness recorded, so a test failure never leaves a
service behind and nothing else on the machine is touched.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

from tests.functional.harness import sqlite_fix

HOST = "127.0.0.1"


class ServiceError(RuntimeError):
    """A service could not be installed, configured or started."""


def cache_dir() -> Path:
    """Where the service virtualenvs live; reused between runs."""
    configured = os.environ.get("OSC_FUNCTIONAL_CACHE")
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "openstack-core-functional"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def tail(path: Path, lines: int = 60) -> str:
    """The last lines of a log file, for failure messages."""
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(no log at {path}: {exc})"
    return "\n".join(text.splitlines()[-lines:])


def ensure_venv(name: str, requirements: Sequence[str], log: Path) -> Path:
    """A virtualenv under the cache dir with ``requirements`` installed.

    A stamp file naming the exact requirements makes reruns skip pip entirely; a
    change of pins builds a fresh venv rather than upgrading in place.
    """
    venv = cache_dir() / name
    digest = hashlib.sha256("\n".join(requirements).encode()).hexdigest()[:16]
    stamp = venv / f".installed-{digest}"
    if stamp.exists():
        sqlite_fix.install(venv)
        return venv
    if venv.exists():
        subprocess.run(["rm", "-rf", str(venv)], check=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        done = subprocess.run(
            [sys.executable, "-m", "venv", str(venv)], stdout=out, stderr=subprocess.STDOUT
        )
        if done.returncode == 0:
            done = subprocess.run(
                [
                    str(venv / "bin" / "pip"),
                    "install",
                    "-q",
                    "--disable-pip-version-check",
                    *requirements,
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
    if done.returncode != 0:
        raise ServiceError(f"pip install for {name} failed:\n{tail(log)}")
    stamp.write_text("\n".join(requirements) + "\n")
    sqlite_fix.install(venv)
    return venv


_apt_updated = False


def apt_install(packages: Sequence[str], log: Path, what: str) -> None:
    """``apt-get install`` Debian packages (as root) without letting them start services.

    ``what`` names the missing program in the error raised when this is not root.
    Package lists are refreshed once per test session.
    """
    global _apt_updated
    if os.geteuid() != 0:
        raise ServiceError(
            f"{what} is not installed and this is not root: "
            f"run `apt-get install {' '.join(packages)}` first"
        )
    policy = Path("/usr/sbin/policy-rc.d")
    created = not policy.exists()
    if created:
        # Debian's maintainer scripts would otherwise start system-wide services
        # listening on every address.
        policy.write_text("#!/bin/sh\nexit 101\n")
        policy.chmod(0o755)
    try:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if not _apt_updated:
            run(["apt-get", "update", "-q"], log, env)
            _apt_updated = True
        run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *packages], log, env)
    finally:
        if created:
            policy.unlink()


def run(
    argv: Sequence[str], log: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> None:
    """Run a setup command to completion; fail with its output."""
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(argv)}\n".encode())
        out.flush()
        done = subprocess.run(
            list(argv), stdout=out, stderr=subprocess.STDOUT, env=env, timeout=timeout
        )
    if done.returncode != 0:
        raise ServiceError(f"{argv[0]} exited {done.returncode}:\n{tail(log)}")


class Process:
    """One started service process (and its children, through its process group)."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        log: Path,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.name = name
        self.log = log
        with log.open("ab") as out:
            self.popen = subprocess.Popen(
                list(argv),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                cwd=cwd,
                start_new_session=True,
            )
        self.pid = self.popen.pid

    def failure(self, why: str) -> ServiceError:
        """An error carrying the tail of this process's log."""
        return ServiceError(
            f"{self.name} (pid {self.pid}) {why}; log {self.log}:\n{tail(self.log)}"
        )

    def check_alive(self) -> None:
        """Raise with the log tail if the process has exited."""
        code = self.popen.poll()
        if code is not None:
            raise self.failure(f"exited with {code}")

    def terminate(self) -> None:
        """Send SIGTERM to this process's own group without waiting."""
        if self.popen.poll() is None:
            try:
                os.killpg(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    def stop(self, grace: float = 10) -> None:
        """SIGTERM then SIGKILL to this process's own group (its pid is the group id)."""
        if self.popen.poll() is None:
            for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5)):
                try:
                    os.killpg(self.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.popen.wait(wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        # Workers may outlive a master that died first; they share its group.
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def wait_until(proc: Process, ready: Callable[[], bool], timeout: float, what: str) -> None:
    """Poll ``ready`` until true; fail with the log tail on timeout or process exit."""
    deadline = time.monotonic() + timeout
    while True:
        proc.check_alive()
        try:
            if ready():
                return
        except Exception:  # not ready yet, whatever the reason
            pass
        if time.monotonic() > deadline:
            raise proc.failure(f"not {what} after {timeout:.0f} s")
        time.sleep(0.5)


def http_ready(url: str) -> Callable[[], bool]:
    """A readiness probe: any HTTP answer below 500 from ``url``."""

    def probe() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return bool(response.status < 500)
        except urllib.error.HTTPError as exc:
            return exc.code < 500

    return probe


def port_open(port: int) -> Callable[[], bool]:
    """A readiness probe: something accepts TCP connections on 127.0.0.1:port."""

    def probe() -> bool:
        with socket.socket() as sock:
            sock.settimeout(1)
            return sock.connect_ex((HOST, port)) == 0

    return probe


def gunicorn(
    venv: Path,
    name: str,
    app: str,
    port: int,
    log: Path,
    env: dict[str, str],
    workers: int = 1,
    pythonpath: Path | None = None,
) -> Process:
    """Start a WSGI app under gunicorn on 127.0.0.1:port."""
    argv = [
        str(venv / "bin" / "gunicorn"),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "300",
        "--name",
        f"osc-functional-{name}",
    ]
    help_text = subprocess.run(
        [argv[0], "--help"], capture_output=True, text=True, check=False
    ).stdout
    if "--no-control-socket" in help_text:
        # gunicorn >= 25 otherwise opens one control socket per user, shared by all
        # our gunicorns, and the second one fails.
        argv.append("--no-control-socket")
    if pythonpath is not None:
        argv += ["--pythonpath", str(pythonpath)]
    argv.append(app)
    return Process(name, argv, log, env=env)


def service_env(venv: Path, **extra: str) -> dict[str, str]:
    """The environment of a service: ours minus OS_* client settings, plus its venv."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env["PATH"] = f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}"
    env.pop("PYTHONPATH", None)
    env["VIRTUAL_ENV"] = str(venv)
    env.update(extra)
    return env
