"""pytest fixtures of the functional tests (imported by each functional conftest.py).

``functional_stack`` is session-scoped: Keystone starts with the first test that needs
it; Glance, Nova and Neutron start with the first test that asks for
``glance_service``, ``nova_service`` or ``neutron_service``. Every process stops at the
end of the session, also on failure.

One switch chooses the backend: ``OSC_FUNCTIONAL_BACKEND=local`` (what ``tox -e
functional-local`` sets) runs the same tests against the local cloud
(``python -m openstack_core local-cloud serve``, :mod:`.local`) instead of real
services. A test the local cloud cannot pass carries
``@pytest.mark.local_cloud_differs("why")``: on the local backend it is expected to
fail (strictly: it fails the run if it passes, so the mark goes once the fake catches
up); tests needing a service the local cloud has no fake of are skipped, saying so.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import openstack_core
from tests.functional.harness import neutron, openstack_services
from tests.functional.harness.local import LocalStack
from tests.functional.harness.stack import Stack

#: "real" (the default): Keystone, Glance, Nova... from PyPI; "local": the local cloud.
BACKEND = os.environ.get("OSC_FUNCTIONAL_BACKEND", "real")
if BACKEND not in ("real", "local"):
    raise RuntimeError(f"OSC_FUNCTIONAL_BACKEND must be 'real' or 'local', not {BACKEND!r}")


def _stop_on_sigterm(stack: Stack) -> None:
    # A CI timeout sends SIGTERM: turn it into a normal exit so teardown still runs.
    previous = signal.getsignal(signal.SIGTERM)

    def handler(signum: int, frame: Any) -> None:
        stack.close()
        if callable(previous):
            previous(signum, frame)
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, handler)


@pytest.fixture(scope="session")
def functional_stack(request: pytest.FixtureRequest) -> Iterator[Stack]:
    """Keystone on 127.0.0.1 with admin, demo and other users, and a clouds.yaml (on the
    local backend: the served local cloud, with the same users).

    Configs, databases and logs live in a fresh directory (not pytest's tmp_path,
    which other pytest runs rotate away); it is removed after a fully passing session
    and kept, with its path printed, otherwise.
    """
    workdir = Path(tempfile.mkdtemp(prefix="osc-functional-"))
    stack: Any = LocalStack(workdir) if BACKEND == "local" else Stack(workdir)
    atexit.register(stack.close)
    _stop_on_sigterm(stack)
    try:
        if BACKEND == "local":
            stack.start()
        else:
            stack.start_keystone()
        yield stack
    finally:
        stack.close()
        atexit.unregister(stack.close)
        if request.session.testsfailed or os.environ.get("OSC_FUNCTIONAL_KEEP"):
            print(f"\nfunctional stack logs kept in {workdir / 'logs'}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def glance_service(functional_stack: Stack) -> Stack:
    """Glance (and its web-download source server) in the catalog."""
    if BACKEND == "real":
        openstack_services.start_glance(functional_stack)
    return functional_stack


@pytest.fixture(scope="session")
def nova_service(glance_service: Stack) -> Stack:
    """RabbitMQ, Placement, the neutron stub and Nova with the fake driver; the flavors
    m1.tiny and m1.small and the image cirros-fake (created the same way on both
    backends)."""
    if BACKEND == "real":
        openstack_services.start_nova(glance_service)
    else:
        openstack_services.boot_prerequisites(glance_service, glance_service.endpoints["compute"])
    return glance_service


@pytest.fixture(scope="session")
def neutron_service(functional_stack: Stack) -> Stack:
    """MariaDB, RabbitMQ and Neutron (ML2, no agents) in the catalog as ``network``."""
    if BACKEND == "local":
        pytest.skip("the local cloud has no network (Neutron) fake yet")
    neutron.start_neutron(functional_stack)
    return functional_stack


@pytest.fixture
def clouds_yaml(functional_stack: Stack, monkeypatch: pytest.MonkeyPatch) -> Path:
    """OS_CLIENT_CONFIG_FILE points at the harness's clouds.yaml (clouds admin, demo, other)."""
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(functional_stack.clouds_yaml))
    return functional_stack.clouds_yaml


@pytest.fixture
def admin_conn(clouds_yaml: Path) -> Iterator[openstack_core.Connection]:
    """A Connection to cloud ``admin``."""
    with openstack_core.connect(cloud="admin") as conn:
        yield conn


@pytest.fixture
def demo_conn(clouds_yaml: Path) -> Iterator[openstack_core.Connection]:
    """A Connection to cloud ``demo`` (member of project demo, not an admin)."""
    with openstack_core.connect(cloud="demo") as conn:
        yield conn


@contextlib.contextmanager
def connect(clouds_yaml: Path, cloud: str) -> Iterator[openstack_core.Connection]:
    """A Connection to ``cloud``, read from ``clouds_yaml`` the way users' code reads it
    (``OS_CLIENT_CONFIG_FILE``); the variable is set only while connecting, so
    long-lived connections of a session leave the environment as it was."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds_yaml))
        conn = openstack_core.connect(cloud=cloud)
    with conn:
        yield conn


def clean_environ() -> dict[str, str]:
    """os.environ without OS_* settings, for subprocesses of tests."""
    return {k: v for k, v in os.environ.items() if not k.startswith("OS_")}


def pytest_configure(config: pytest.Config) -> None:
    """Declare the marks of the functional tests."""
    config.addinivalue_line(
        "markers",
        "local_cloud_differs(reason): the local cloud cannot pass this test (expected to "
        "fail on OSC_FUNCTIONAL_BACKEND=local, strictly)",
    )
    config.addinivalue_line(
        "markers", "local_cloud_only: runs on OSC_FUNCTIONAL_BACKEND=local only"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under a functional/ directory ``functional`` (for ``-m``); on the
    local backend, turn ``local_cloud_differs`` into a strict xfail with its reason."""
    for item in items:
        if "functional" in Path(str(item.fspath)).parts:
            item.add_marker(pytest.mark.functional)
        differs = item.get_closest_marker("local_cloud_differs")
        if differs is not None and BACKEND == "local":
            reason = differs.args[0] if differs.args else differs.kwargs.get("reason", "")
            item.add_marker(pytest.mark.xfail(reason=f"local cloud: {reason}", strict=True))
        if item.get_closest_marker("local_cloud_only") is not None and BACKEND != "local":
            item.add_marker(pytest.mark.skip(reason="runs against the local cloud only"))
