"""Glance, Placement and Nova (with RabbitMQ and the test stubs), started into a Stack."""

from __future__ import annotations

import shutil
import textwrap
import time
from pathlib import Path
from typing import Any

from tests.functional.harness import procs, stubs
from tests.functional.harness.stack import REGION, Stack

GLANCE = ["glance==33.0.0", "gunicorn"]
PLACEMENT = ["openstack-placement==16.0.0", "gunicorn"]
NOVA = ["nova==34.0.0", "gunicorn"]


def _sqlite(path: Path) -> str:
    return f"sqlite:///{path}"


def _etc_file(venv: Path, relative: str) -> Path:
    path = venv / "etc" / relative
    if not path.exists():
        raise procs.ServiceError(f"{path} is missing from the {venv.name} venv")
    return path


# -- glance ---------------------------------------------------------------------------


def start_glance(stack: Stack) -> None:
    """Install, configure and start Glance; register it in the catalog.

    ``stack.web_download`` serves files for web-download imports from
    ``stack.web_download.directory``; Glance's import filter allows exactly its port.
    ``image_cache_dir`` enables the image cache API (``/v2/cache``) with Glance's
    default ``centralized_db`` driver, whose records live in Glance's own database.
    """
    log = stack.logs / "glance-setup.log"
    venv = procs.ensure_venv("glance", GLANCE, log)
    conf_dir = stack.workdir / "glance"
    conf_dir.mkdir()
    stack.web_download = stubs.FileServer(stack.workdir / "web-download")
    stack.closers.append(stack.web_download.close)
    port = procs.free_port()
    url = f"http://{procs.HOST}:{port}"
    shutil.copy(_etc_file(venv, "glance/glance-api-paste.ini"), conf_dir)
    stack.service_user("glance")
    (conf_dir / "glance-api.conf").write_text(
        textwrap.dedent(f"""\
            [DEFAULT]
            enabled_backends = fs:file
            worker_self_reference_url = {url}
            enabled_import_methods = [glance-direct,web-download]
            image_cache_dir = {conf_dir}/cache
            [glance_store]
            default_backend = fs
            [fs]
            filesystem_store_datadir = {conf_dir}/images
            [os_glance_staging_store]
            filesystem_store_datadir = {conf_dir}/staging
            [os_glance_tasks_store]
            filesystem_store_datadir = {conf_dir}/tasks
            [database]
            connection = {_sqlite(conf_dir / "glance.db")}
            [paste_deploy]
            flavor = keystone
            config_file = {conf_dir}/glance-api-paste.ini
            [import_filtering_opts]
            allowed_schemes = [http]
            allowed_hosts = [{procs.HOST}]
            allowed_ports = [{stack.web_download.port}]
            [oslo_concurrency]
            lock_path = {conf_dir}/locks
            """)
        + stack.authtoken_section("glance")
    )
    for sub in ("images", "staging", "tasks", "locks", "cache"):
        (conf_dir / sub).mkdir()
    env = procs.service_env(venv, OS_GLANCE_CONFIG_DIR=str(conf_dir))
    procs.run(
        [
            str(venv / "bin" / "glance-manage"),
            "--config-file",
            str(conf_dir / "glance-api.conf"),
            "db_sync",
        ],
        log,
        env,
    )
    process = stack.start(
        "glance",
        procs.gunicorn(
            venv, "glance", "glance.wsgi.api:application", port, stack.logs / "glance.log", env
        ),
    )
    procs.wait_until(process, procs.http_ready(url + "/"), 120, "answering")
    stack.register("image", "glance", url)
    stack.endpoints["image"] = url


# -- placement and nova ---------------------------------------------------------------


def _start_placement(stack: Stack) -> None:
    log = stack.logs / "placement-setup.log"
    venv = procs.ensure_venv("placement", PLACEMENT, log)
    conf_dir = stack.workdir / "placement"
    conf_dir.mkdir()
    port = procs.free_port()
    url = f"http://{procs.HOST}:{port}"
    stack.service_user("placement")
    (conf_dir / "placement.conf").write_text(
        textwrap.dedent(f"""\
            [api]
            auth_strategy = keystone
            [placement_database]
            connection = {_sqlite(conf_dir / "placement.db")}
            """)
        + stack.authtoken_section("placement")
    )
    env = procs.service_env(venv, OS_PLACEMENT_CONFIG_DIR=str(conf_dir))
    procs.run(
        [
            str(venv / "bin" / "placement-manage"),
            "--config-file",
            str(conf_dir / "placement.conf"),
            "db",
            "sync",
        ],
        log,
        env,
    )
    process = stack.start(
        "placement",
        procs.gunicorn(
            venv,
            "placement",
            "placement.wsgi.api:application",
            port,
            stack.logs / "placement.log",
            env,
        ),
    )
    procs.wait_until(process, procs.http_ready(url + "/"), 120, "answering")
    stack.register("placement", "placement", url)
    stack.endpoints["placement"] = url


def _nova_conf(stack: Stack, conf_dir: Path, transport_url: str, neutron_stub: str) -> str:
    return (
        textwrap.dedent(f"""\
            [DEFAULT]
            compute_driver = fake.FakeDriver
            transport_url = {transport_url}
            state_path = {conf_dir}/state
            instances_path = {conf_dir}/instances
            host = osc-functional
            my_ip = {procs.HOST}
            periodic_fuzzy_delay = 0
            graceful_shutdown_timeout = 5
            # One compute host: resizes can only go to the same host.
            allow_resize_to_same_host = true
            [api]
            auth_strategy = keystone
            [wsgi]
            api_paste_config = {conf_dir}/api-paste.ini
            [api_database]
            connection = {_sqlite(conf_dir / "nova_api.db")}
            [database]
            connection = {_sqlite(conf_dir / "nova_cell1.db")}
            [scheduler]
            discover_hosts_in_cells_interval = 2
            workers = 1
            [conductor]
            workers = 1
            [oslo_concurrency]
            lock_path = {conf_dir}/locks
            [vnc]
            enabled = false
            [glance]
            region_name = {REGION}
            valid_interfaces = public
            """)
        + stack.authtoken_section("nova")
        + stack.auth_section("placement", "nova")
        # Nova asks the stub, never the catalog: the catalog's network service is the
        # real Neutron when neutron_service runs (see harness/neutron.py).
        + stack.auth_section("neutron", "nova", endpoint_override=neutron_stub)
    )


def start_nova(stack: Stack) -> None:
    """RabbitMQ, Placement, the neutron stub and Nova (api, conductor, scheduler and a
    compute with the fake driver); a flavor and an image to boot servers from."""
    log = stack.logs / "nova-setup.log"
    venv = procs.ensure_venv("nova", NOVA, log)
    transport_url = stack.transport_url()
    _start_placement(stack)
    neutron = stubs.NeutronStub()
    stack.closers.append(neutron.close)
    conf_dir = stack.workdir / "nova"
    conf_dir.mkdir()
    for sub in ("state", "instances", "locks"):
        (conf_dir / sub).mkdir()
    shutil.copy(_etc_file(venv, "nova/api-paste.ini"), conf_dir)
    stack.service_user("nova")
    conf = conf_dir / "nova.conf"
    conf.write_text(_nova_conf(stack, conf_dir, transport_url, neutron.url))
    env = procs.service_env(venv, OS_NOVA_CONFIG_DIR=str(conf_dir))
    manage = [str(venv / "bin" / "nova-manage"), "--config-file", str(conf)]
    procs.run([*manage, "api_db", "sync"], log, env)
    procs.run(
        [
            *manage,
            "cell_v2",
            "map_cell0",
            "--database_connection",
            _sqlite(conf_dir / "nova_cell0.db"),
        ],
        log,
        env,
    )
    procs.run([*manage, "cell_v2", "create_cell", "--name", "cell1"], log, env)
    procs.run([*manage, "db", "sync"], log, env)
    port = procs.free_port()
    url = f"http://{procs.HOST}:{port}/v2.1"
    # Like Keystone, Nova's WSGI app parses sys.argv (gunicorn's) as its own options.
    (conf_dir / "osc_nova_wsgi.py").write_text(
        "import sys\n\nsys.argv = sys.argv[:1]\n"
        "from nova.wsgi.osapi_compute import application  # noqa: E402,F401\n"
    )
    api = stack.start(
        "nova-api",
        procs.gunicorn(
            venv,
            "nova-api",
            "osc_nova_wsgi:application",
            port,
            stack.logs / "nova-api.log",
            env,
            workers=2,
            pythonpath=conf_dir,
        ),
    )
    daemons = [
        stack.start(
            f"nova-{name}",
            procs.Process(
                f"nova-{name}",
                [str(venv / "bin" / f"nova-{name}"), "--config-file", str(conf)],
                stack.logs / f"nova-{name}.log",
                env=env,
            ),
        )
        for name in ("conductor", "scheduler", "compute")
    ]
    procs.wait_until(api, procs.http_ready(url), 180, "answering")
    stack.register("compute", "nova", url)
    stack.endpoints["compute"] = url
    _wait_for_compute_host(stack, url, daemons, manage, env, log)
    boot_prerequisites(stack, url)


def _wait_for_compute_host(
    stack: Stack,
    url: str,
    daemons: list[procs.Process],
    manage: list[str],
    env: dict[str, str],
    log: Path,
) -> None:
    """Wait until nova-compute is up and its host is mapped to cell1."""
    session = stack.admin_session()
    deadline = time.monotonic() + 180
    while True:
        for daemon in daemons:
            daemon.check_alive()
        response = session.get(
            url + "/os-hypervisors",
            raise_exc=False,
            microversion="2.53",
            microversion_service_type="compute",
        )
        if response.status_code == 200 and response.json().get("hypervisors"):
            break
        if time.monotonic() > deadline:
            raise daemons[-1].failure("registered no hypervisor in 180 s")
        time.sleep(1)
    # The scheduler maps new hosts every 2 s too; doing it once here makes the first
    # boot independent of that timer.
    procs.run([*manage, "cell_v2", "discover_hosts"], log, env)


def boot_prerequisites(stack: Any, url: str) -> None:
    """Flavors m1.tiny and m1.small, and a small public image ``cirros-fake``."""
    session = stack.admin_session()
    for name, ram, disk in (("m1.tiny", 512, 1), ("m1.small", 1024, 2)):
        response = session.post(
            url + "/flavors",
            json={"flavor": {"name": name, "ram": ram, "vcpus": 1, "disk": disk}},
        )
        stack.ids[f"flavor_{name}"] = response.json()["flavor"]["id"]
    image_url = stack.endpoints["image"]
    image = session.post(
        image_url + "/v2/images",
        json={
            "name": "cirros-fake",
            "disk_format": "raw",
            "container_format": "bare",
            "visibility": "public",
        },
    ).json()
    session.put(
        f"{image_url}/v2/images/{image['id']}/file",
        data=b"\0" * 1024 * 1024,
        headers={"Content-Type": "application/octet-stream"},
    )
    stack.ids["image"] = image["id"]
