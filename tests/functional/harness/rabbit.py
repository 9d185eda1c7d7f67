"""RabbitMQ for the RPC of Nova and Neutron, from Debian's rabbitmq-server, on 127.0.0.1 only.

The broker gets its own epmd (bound to 127.0.0.1 on a free port), its own HOME
(Erlang cookie) and mnesia directory in the stack's temp dir, so it neither meets
nor disturbs any other Erlang node on the machine.
"""

from __future__ import annotations

import os
from pathlib import Path

from tests.functional.harness import procs

SERVER = Path("/usr/lib/rabbitmq/bin/rabbitmq-server")
EPMD = "epmd"


def ensure_installed(log: Path) -> None:
    """apt-get install rabbitmq-server (as root) without letting it start a broker."""
    if not SERVER.exists():
        procs.apt_install(["rabbitmq-server"], log, "rabbitmq-server")


class Broker:
    """epmd and the broker, started (both appended to ``remember``) but not waited for:
    ``wait()`` does that, so other setup can run while the broker boots."""

    def __init__(self, workdir: Path, logs: Path, remember: list[procs.Process]) -> None:
        self.url, self.process, self.port = _start(workdir, logs, remember)
        self.ready = False

    def wait(self) -> None:
        """Return once the broker accepts AMQP connections."""
        if not self.ready:
            procs.wait_until(
                self.process, procs.port_open(self.port), 120, "accepting AMQP connections"
            )
            self.ready = True


def _start(
    workdir: Path, logs: Path, remember: list[procs.Process]
) -> tuple[str, procs.Process, int]:
    ensure_installed(logs / "rabbitmq-install.log")
    home = workdir / "rabbitmq"
    home.mkdir()
    amqp, dist, epmd_port = procs.free_port(), procs.free_port(), procs.free_port()
    (home / "enabled_plugins").write_text("[].\n")
    (home / "rabbitmq.conf").write_text(
        f"listeners.tcp.default = {procs.HOST}:{amqp}\nloopback_users.guest = true\n"
    )
    (home / "rabbitmq-env.conf").write_text("")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RABBITMQ_", "ERL_"))}
    env.update(
        HOME=str(home),
        ERL_EPMD_ADDRESS=procs.HOST,
        ERL_EPMD_PORT=str(epmd_port),
        RABBITMQ_NODENAME="osc-functional@localhost",
        RABBITMQ_NODE_IP_ADDRESS=procs.HOST,
        RABBITMQ_NODE_PORT=str(amqp),
        RABBITMQ_DIST_PORT=str(dist),
        RABBITMQ_CONFIG_FILE=str(home / "rabbitmq.conf"),
        RABBITMQ_CONF_ENV_FILE=str(home / "rabbitmq-env.conf"),
        RABBITMQ_ENABLED_PLUGINS_FILE=str(home / "enabled_plugins"),
        RABBITMQ_MNESIA_BASE=str(home / "mnesia"),
        RABBITMQ_LOG_BASE=str(home / "log"),
        RABBITMQ_LOGS="-",
        RABBITMQ_PID_FILE=str(home / "rabbitmq.pid"),
        # The distribution listener binds to loopback only.
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}",
    )
    epmd = procs.Process(
        "epmd",
        [EPMD, "-address", procs.HOST, "-port", str(epmd_port)],
        logs / "epmd.log",
        env=env,
    )
    remember.append(epmd)
    procs.wait_until(epmd, procs.port_open(epmd_port), 30, "listening")
    broker = procs.Process("rabbitmq", [str(SERVER)], logs / "rabbitmq.log", env=env, cwd=home)
    remember.append(broker)
    return f"rabbit://guest:guest@{procs.HOST}:{amqp}/", broker, amqp
