"""A plugin installed, removed or edited a moment ago is seen, in this process and in
new ones.

The distribution is written as real ``.dist-info`` metadata into a directory that is
on ``sys.path`` (what pip does, without pip's seconds of start-up).
"""

from __future__ import annotations

import json
import os
import subprocess
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
        with pytest.raises(exceptions.ServiceNotInstalled, match="publishes no plugin"):
            _ = conn.orchestration


TWO_MAJORS = '''
from openstack_core import proxy

class ProxyV1(proxy.Proxy):
    """orchestration v1."""

    service_type = "orchestration"
    api_version = 1
    plugin_api_version = "1.0"

class ProxyV2(proxy.Proxy):
    """orchestration v2."""

    service_type = "orchestration"
    api_version = 2
    plugin_api_version = "1.0"
'''


def _install_two_majors(site: Path, entry_points: str) -> Path:
    (site / "two_majors.py").write_text(TWO_MAJORS)
    info = site / "two_majors-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: two-majors\nVersion: 1.0\n")
    path = info / "entry_points.txt"
    path.write_text(f"[openstack_core.services]\n{entry_points}\n")
    return path


def _rewrite_in_place(path: Path, old: str, new: str) -> None:
    """Edit ``path`` keeping its size and mtime: only the ctime shows the change."""
    assert len(old) == len(new)
    before = path.stat()
    path.write_text(path.read_text().replace(old, new))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


PROBE = """
import json, openstack_core
conn = openstack_core.Connection(
    auth_url="https://identity.example.com/v3", token="t", load_yaml_config=False
)
print(json.dumps({
    "majors": conn.registry.majors("orchestration"),
    "loaded": type(conn.orchestration).__name__,
}))
"""


def test_same_version_edit_is_seen_by_the_next_process(tmp_path: Path) -> None:
    # A same-version reinstall (or `pip install -e .` after editing entry points) keeps
    # the file's path and, within 128 s, stevedore's on-disk cache key: the next
    # process must still see the new entry points.
    site = tmp_path / "site"
    site.mkdir()
    entry_points = _install_two_majors(site, "orchestration.v1 = two_majors:ProxyV1")
    cache = tmp_path / "cache"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(site),
        "PYTHONDONTWRITEBYTECODE": "1",
        "XDG_CACHE_HOME": str(cache),  # stevedore's cache, on unless Python runs from /tmp
    }

    def probe() -> dict[str, object]:
        result = subprocess.run(
            [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        answer: dict[str, object] = json.loads(result.stdout)
        return answer

    assert probe() == {"majors": [1], "loaded": "ProxyV1"}
    if not sys.executable.startswith("/tmp"):
        # keystoneauth1's plugin lookup went through stevedore, which wrote its cache.
        assert list((cache / "python-entrypoints").iterdir())
    _rewrite_in_place(
        entry_points,
        "orchestration.v1 = two_majors:ProxyV1",
        "orchestration.v2 = two_majors:ProxyV2",
    )
    assert probe() == {"majors": [2], "loaded": "ProxyV2"}


@pytest.fixture
def cloud() -> Iterator[FakeCloud]:
    with requests_mock.Mocker() as mock:
        cloud = FakeCloud(mock)
        cloud.add_service("orchestration", "https://orchestration.example.com/v2")
        yield cloud


def test_new_major_of_a_known_type_is_seen_in_process(site_dir: Path, cloud: FakeCloud) -> None:
    entry_points = _install_two_majors(site_dir, "orchestration.v1 = two_majors:ProxyV1")
    try:
        before = cloud.connection()
        assert type(before.orchestration).__name__ == "ProxyV1"
        pinned = cloud.connection(orchestration_api_version="2")
        assert pinned.registry.majors("orchestration") == [1]  # read before the edit
        _rewrite_in_place(
            entry_points,
            "orchestration.v1 = two_majors:ProxyV1",
            "orchestration.v2 = two_majors:ProxyV2",
        )
        # A new Connection reads the edited metadata...
        assert cloud.connection().registry.majors("orchestration") == [2]
        assert type(cloud.connection().orchestration).__name__ == "ProxyV2"
        # ...and a pin to a version missing from an older reading reads it again.
        assert type(pinned.orchestration).__name__ == "ProxyV2"
    finally:
        sys.modules.pop("two_majors", None)


def test_load_retried_after_the_plugin_was_fixed(site_dir: Path, cloud: FakeCloud) -> None:
    entry_points = _install_two_majors(site_dir, "orchestration.v1 = two_majors:Missing")
    try:
        conn = cloud.connection()
        assert "orchestration" in dir(conn)  # read while the entry point is broken
        with pytest.raises(exceptions.PluginLoadError):
            _ = cloud.connection().orchestration
        entry_points.write_text(
            "[openstack_core.services]\norchestration.v1 = two_majors:ProxyV1\n"
        )
        assert type(conn.orchestration).__name__ == "ProxyV1"
    finally:
        sys.modules.pop("two_majors", None)


def test_conflict_gone_after_a_distribution_was_removed(site_dir: Path, cloud: FakeCloud) -> None:
    first = _install_two_majors(site_dir, "orchestration.v1 = two_majors:ProxyV1")
    rival = site_dir / "rival-1.0.dist-info"
    rival.mkdir()
    (rival / "METADATA").write_text("Metadata-Version: 2.1\nName: rival\nVersion: 1.0\n")
    (rival / "entry_points.txt").write_text(first.read_text())
    try:
        conn = cloud.connection()
        with pytest.raises(exceptions.PluginConflictError, match=r"rival 1\.0"):
            _ = conn.orchestration
        for path in rival.iterdir():
            path.unlink()
        rival.rmdir()
        assert type(conn.orchestration).__name__ == "ProxyV1"
    finally:
        sys.modules.pop("two_majors", None)


def test_discovery_failure_is_ours() -> None:
    from keystoneauth1 import exceptions as ksa_exc

    from openstack_core._ksa_errors import translate_keystoneauth_error

    cause = ksa_exc.DiscoveryFailure("Could not find versioned identity endpoints")
    exc = translate_keystoneauth_error(
        cause, "GET /", service_type="compute", region_name="R", interface="public"
    )
    assert isinstance(exc, exceptions.DiscoveryError)
    assert "version discovery failed" in str(exc) and "endpoint_override" in str(exc)
