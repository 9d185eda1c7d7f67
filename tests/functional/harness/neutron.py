"""Neutron 29 (ML2, no agents) on 127.0.0.1, with its database in the run's MariaDB.

Since 2025.1 the Neutron API runs only as a WSGI application
(``neutron.wsgi.api:application``; there is no ``neutron-server`` script any more); it
runs here under gunicorn with one worker, like the other services. No RPC server,
periodic worker or agent runs: the API process only ever casts to agents, and with
none there is nobody to answer. Ports therefore stay ``DOWN``, and a port bound to a
host gets ``binding:vif_type`` ``binding_failed`` (no agent of ``openvswitch`` runs
there); every API call itself works.
"""

from __future__ import annotations

import shutil
import textwrap
import time
from pathlib import Path

from tests.functional.harness import procs
from tests.functional.harness.stack import Stack

NEUTRON = ["neutron==29.0.0", "PyMySQL", "gunicorn"]

# Service plugins whose API works without agents. tag, timestamp, revisions, flavors,
# network_ip_availability and auto_allocate are loaded by default.
SERVICE_PLUGINS = (
    "router",
    "qos",
    "trunk",
    "segments",
    "port_forwarding",
    "network_segment_range",
    "conntrack_helper",
    "ndp_proxy",
    "local_ip",
    "log",
    "metering",
)

# ML2 extension drivers that load with the openvswitch mechanism driver.
EXTENSION_DRIVERS = (
    "port_security",
    "qos",
    "dns_domain_ports",
    "data_plane_status",
    "uplink_status_propagation",
    "port_numa_affinity_policy",
    "port_device_profile",
    "port_hints",
    "port_trusted",
    "port_hardware_offload_type",
    "subnet_dns_publish_fixed_ip",
)


def _neutron_conf(stack: Stack, conf_dir: Path, database: str, transport_url: str) -> str:
    return textwrap.dedent(f"""\
            [DEFAULT]
            core_plugin = ml2
            service_plugins = {",".join(SERVICE_PLUGINS)}
            auth_strategy = keystone
            api_paste_config = {conf_dir}/api-paste.ini
            transport_url = {transport_url}
            state_path = {conf_dir}/state
            host = osc-functional
            # Nothing to notify: no Nova uses this Neutron, no DHCP agent runs.
            notify_nova_on_port_status_changes = false
            notify_nova_on_port_data_changes = false
            dhcp_agent_notification = false
            [database]
            connection = {database}
            [oslo_concurrency]
            lock_path = {conf_dir}/locks
            [oslo_messaging_notifications]
            driver = noop
            """) + stack.authtoken_section("neutron")


ML2_CONF = textwrap.dedent(f"""\
    [ml2]
    type_drivers = flat,vlan,vxlan,local
    tenant_network_types = vxlan
    mechanism_drivers = openvswitch
    extension_drivers = {",".join(EXTENSION_DRIVERS)}
    [ml2_type_flat]
    flat_networks = *
    [ml2_type_vlan]
    network_vlan_ranges = physnet1:100:199
    [ml2_type_vxlan]
    vni_ranges = 1000:1999
    """)


class _Steps:
    """Writes how long each setup step took to the setup log."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.since = time.monotonic()

    def done(self, step: str) -> None:
        now = time.monotonic()
        with self.log.open("a") as out:
            out.write(f"# {step}: {now - self.since:.1f} s\n")
        self.since = now


def start_neutron(stack: Stack) -> None:
    """Install, configure and start Neutron; register it in the catalog as ``network``.

    The catalog URL is the server's root, without ``/v2.0``, as most clouds register it.
    """
    log = stack.logs / "neutron-setup.log"
    step = _Steps(log)
    venv = procs.ensure_venv("neutron", NEUTRON, log)
    step.done("venv")
    # RabbitMQ boots while the database is made; it is waited for before the API starts.
    transport_url = stack.transport_url(wait=False)
    database = stack.database("neutron")
    step.done("mariadb and database")
    conf_dir = stack.workdir / "neutron"
    conf_dir.mkdir()
    for sub in ("state", "locks", "tmp"):
        (conf_dir / sub).mkdir()
    paste = venv / "etc" / "neutron" / "api-paste.ini"
    if not paste.exists():
        raise procs.ServiceError(f"{paste} is missing from the neutron venv")
    shutil.copy(paste, conf_dir)
    stack.service_user("neutron")
    (conf_dir / "neutron.conf").write_text(_neutron_conf(stack, conf_dir, database, transport_url))
    (conf_dir / "ml2_conf.ini").write_text(ML2_CONF)
    env = procs.service_env(
        venv,
        OS_NEUTRON_CONFIG_DIR=str(conf_dir),
        OS_NEUTRON_CONFIG_FILES="neutron.conf;ml2_conf.ini",
        # The API workers elect a "first worker" through files in the temp dir.
        TMPDIR=str(conf_dir / "tmp"),
    )
    procs.run(
        [
            str(venv / "bin" / "neutron-db-manage"),
            "--config-file",
            str(conf_dir / "neutron.conf"),
            "--config-file",
            str(conf_dir / "ml2_conf.ini"),
            "upgrade",
            "heads",
        ],
        log,
        env,
    )
    step.done("neutron-db-manage upgrade heads")
    stack.transport_url()
    step.done("rabbitmq")
    # Like Keystone and Nova, the WSGI app parses sys.argv (gunicorn's) as its options.
    (conf_dir / "osc_neutron_wsgi.py").write_text(
        "import sys\n\nsys.argv = sys.argv[:1]\n"
        "from neutron.wsgi.api import application  # noqa: E402,F401\n"
    )
    port = procs.free_port()
    url = f"http://{procs.HOST}:{port}/"
    process = stack.start(
        "neutron",
        procs.gunicorn(
            venv,
            "neutron",
            "osc_neutron_wsgi:application",
            port,
            stack.logs / "neutron.log",
            env,
            pythonpath=conf_dir,
        ),
    )
    procs.wait_until(process, procs.http_ready(url), 180, "answering")
    stack.register("network", "neutron", url)
    stack.endpoints["network"] = url
    step.done("neutron api")
