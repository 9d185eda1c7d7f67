"""A plugin installed or removed while the process runs is seen.

The distribution is written as real ``.dist-info`` metadata into a directory that is
already on ``sys.path`` (what pip does, without pip's seconds of start-up).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests_mock

from openstack_core import exceptions
from openstack_core.testing import FakeCloud

PLUGIN = '''
from openstack_core import proxy

class Proxy(proxy.Proxy):
    """Freshly installed."""

    service_type = "orchestration"
    api_version = 1
    plugin_api_version = "1.0"
'''


@pytest.fixture
def site_dir(tmp_path: Path) -> Iterator[Path]:
    site = tmp_path / "site"
    site.mkdir()
    sys.path.append(str(site))
    try:
        yield site
    finally:
        sys.path.remove(str(site))
        sys.modules.pop("fresh_orchestration", None)


def _install(site: Path) -> Path:
    (site / "fresh_orchestration.py").write_text(PLUGIN)
    info = site / "fresh_orchestration-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: fresh-orchestration\nVersion: 1.0\n"
    )
    (info / "entry_points.txt").write_text(
        "[openstack_core.services]\norchestration.v1 = fresh_orchestration:Proxy\n"
    )
    return info


def _uninstall(site: Path, info: Path) -> None:
    for path in info.iterdir():
        path.unlink()
    info.rmdir()
    (site / "fresh_orchestration.py").unlink()
    sys.modules.pop("fresh_orchestration", None)


def test_plugin_installed_after_first_scan_is_found(site_dir: Path) -> None:
    with requests_mock.Mocker() as mock:
        cloud = FakeCloud(mock)
        conn = cloud.connection()
        assert "orchestration" not in dir(conn)  # scanned before the install
        _install(site_dir)
        assert type(conn.orchestration).__name__ == "Proxy"
        assert "orchestration" in dir(cloud.connection())


def test_plugin_removed_after_scan_is_reported_not_installed(site_dir: Path) -> None:
    info = _install(site_dir)
    with requests_mock.Mocker() as mock:
        cloud = FakeCloud(mock)
        conn = cloud.connection()
        assert "orchestration" in dir(conn)
        _uninstall(site_dir, info)
        with pytest.raises(
            exceptions.ServiceNotInstalled, match="pip install openstack-orchestration"
        ):
            _ = conn.orchestration


def test_discovery_failure_is_ours() -> None:
    from keystoneauth1 import exceptions as ksa_exc

    from openstack_core.proxy import translate_keystoneauth_error

    cause = ksa_exc.DiscoveryFailure("Could not find versioned identity endpoints")
    exc = translate_keystoneauth_error(
        cause, "GET /", service_type="compute", region_name="R", interface="public"
    )
    assert isinstance(exc, exceptions.DiscoveryError)
    assert "version discovery failed" in str(exc) and "endpoint_override" in str(exc)
