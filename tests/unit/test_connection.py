"""Connection and plugin discovery against real entry-point metadata.

The test distributions under tests/plugin_dists/ are installed in the test environment
(see tox.ini); nothing in the core is patched.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests_mock

import openstack_core
from openstack_core import exceptions
from openstack_core.testing import FakeCloud

KM = "https://key-manager.example.com"
PLUGIN_MODULES = ("osc_testplugins", "osc_testconflict", "openstack_compute", "openstack_image")


@pytest.fixture
def mock() -> Any:
    with requests_mock.Mocker() as m:
        yield m


@pytest.fixture
def cloud(mock: requests_mock.Mocker) -> FakeCloud:
    cloud = FakeCloud(mock)
    cloud.add_service("key-manager", f"{KM}/v1")
    cloud.add_service("block-storage", "https://volume.example.com/v3")
    return cloud


def test_connect_and_dir_import_no_plugin_code(tmp_path: Path) -> None:
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(
        "clouds:\n  c:\n    auth:\n      auth_url: https://k.example.com/v3\n      token: t\n"
    )
    code = (
        "import sys, openstack_core\n"
        "conn = openstack_core.connect(cloud='c')\n"
        "names = dir(conn)\n"
        "assert 'key_manager' in names and 'volume' in names, names\n"
        f"loaded = [m for m in sys.modules if m.split('.')[0] in {PLUGIN_MODULES!r}]\n"
        "print(loaded)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"OS_CLIENT_CONFIG_FILE": str(clouds), "PATH": "", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_service_attached_lazily_and_cached_on_instance(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection(key_manager_api_version="1")
    assert "key_manager" not in vars(conn)
    proxy = conn.key_manager
    assert type(proxy).__name__ == "KeyManagerV1"
    assert vars(conn)["key_manager"] is proxy and conn.key_manager is proxy
    other = cloud.connection(key_manager_api_version="1")
    assert other.key_manager is not proxy
    assert "key_manager" not in vars(openstack_core.Connection)


def test_proxy_makes_real_requests(mock: Any, cloud: FakeCloud) -> None:
    mock.get(f"{KM}/v1/secrets", json={"secrets": [{"id": "s1"}]})
    conn = cloud.connection(key_manager_api_version="1")
    assert [s.id for s in conn.key_manager.secrets()] == ["s1"]
    assert mock.last_request.headers["X-Auth-Token"].startswith("fake-token")


def test_highest_installed_version_the_cloud_offers(mock: Any, cloud: FakeCloud) -> None:
    # v1 and v2 are installed; the cloud's discovery offers only v1.
    assert type(cloud.connection().key_manager).__name__ == "KeyManagerV1"


def test_pin_to_version_not_installed(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection(key_manager_api_version="3")
    with pytest.raises(exceptions.ConfigException) as err:
        _ = conn.key_manager
    assert "key_manager_api_version is '3'" in str(err.value)
    assert "provide v2, v1" in str(err.value)


def test_pin_to_version_the_cloud_does_not_offer(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection(key_manager_api_version="2")
    with pytest.raises(exceptions.ConfigException, match="the cloud offers key-manager v1"):
        _ = conn.key_manager


def test_aliases_from_os_service_types(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection()
    assert conn.volume is conn.block_storage
    assert conn.get_service("block-storage") is conn.volume


def test_third_party_type_with_declared_alias(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection()
    assert type(conn.acme_widgets).__name__ == "WidgetProxy"
    assert conn.widgets is conn.acme_widgets


def test_dir_lists_installed_services_and_aliases(mock: Any, cloud: FakeCloud) -> None:
    names = dir(cloud.connection())
    for name in ("key_manager", "block_storage", "volume", "acme_widgets", "authorize"):
        assert name in names


def test_not_installed_official_type(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection()
    with pytest.raises(AttributeError) as err:
        _ = conn.baremetal
    exc = err.value
    assert isinstance(exc, exceptions.ServiceNotInstalled)
    assert "Installed services: acme_widgets, block_storage" in str(exc)
    assert "pip install openstack-baremetal" in str(exc)
    assert not hasattr(conn, "baremetal")


def test_not_installed_unknown_name(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection()
    with pytest.raises(AttributeError, match="neither a Connection attribute nor a known"):
        _ = conn.definitely_not_a_service
    with pytest.raises(AttributeError):
        _ = conn._private


def test_unimportable_plugin(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection()
    with pytest.raises(exceptions.PluginLoadError) as err:
        _ = conn.placement
    exc = err.value
    assert exc.entry_point == "placement.v1 = osc_testplugins.unimportable:Proxy"
    assert (exc.distribution, exc.version) == ("osc-test-goodplugins", "1.2.3")
    assert "osc_dependency_that_is_not_installed" in str(exc)
    assert isinstance(exc.__cause__, ImportError)
    assert type(conn.key_manager).__name__.startswith("KeyManager")  # others still work


def test_contract_violation(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection()
    with pytest.raises(exceptions.PluginLoadError) as err:
        _ = conn.share  # os-service-types alias of shared-file-system
    text = str(err.value)
    assert "breaks the plugin contract" in text and "osc-test-goodplugins 1.2.3" in text
    assert "service_type is 'dns'" in text
    assert "api_version is 1" in text
    assert "plugin API '9.0'" in text and openstack_core.PLUGIN_API_VERSION in text


def test_conflicting_distributions(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection()
    with pytest.raises(exceptions.PluginConflictError) as err:
        _ = conn.load_balancer
    text = str(err.value)
    assert "osc-test-goodplugins 1.2.3" in text and "osc-test-conflicting 0.0.1" in text
    assert "load_balancer_plugin_distribution" in text


def test_conflict_resolved_by_choosing_distribution(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection(load_balancer_plugin_distribution="osc-test-conflicting")
    assert conn.load_balancer.origin == "conflicting"
    conn = cloud.connection(load_balancer_plugin_distribution="nope")
    with pytest.raises(exceptions.PluginLoadError, match="provided by: osc-test"):
        _ = conn.load_balancer


def test_service_missing_from_catalog_fails_when_used(mock: Any) -> None:
    cloud = FakeCloud(mock)
    conn = cloud.connection(key_manager_api_version="1", region_name="RegionOne")
    proxy = conn.key_manager  # no error yet: nothing was sent
    with pytest.raises(exceptions.EndpointNotFound) as err:
        list(proxy.secrets())
    assert err.value.service_type == "key-manager" and err.value.region_name == "RegionOne"


def test_endpoint_override_and_microversion_options(mock: Any, cloud: FakeCloud) -> None:
    mock.get(
        "https://override.example.com/v1",
        json={
            "version": {
                "id": "v1.0",
                "status": "CURRENT",
                "links": [{"rel": "self", "href": "https://override.example.com/v1/"}],
            }
        },
    )
    mock.get("https://override.example.com/v1/secrets", json={"secrets": []})
    conn = cloud.connection(
        key_manager_api_version="1",
        key_manager_endpoint_override="https://override.example.com/v1",
        key_manager_status_code_retries=3,
    )
    assert list(conn.key_manager.secrets()) == []
    assert conn.key_manager.status_code_retries == 3


def test_authorize_repr_and_close(mock: Any, cloud: FakeCloud) -> None:
    with cloud.connection() as conn:
        assert conn.authorize().startswith("fake-token")
        assert conn.current_project_id == cloud.project_id
        assert "fake-password" not in repr(conn) and "RegionOne" in repr(conn)
        assert conn.has_catalog_entry("key-manager") and not conn.has_catalog_entry("dns")


def test_connect_from_clouds_yaml(
    mock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("key-manager", f"{KM}/v1")
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(
        "clouds:\n  fake:\n    region_name: RegionOne\n    auth:\n"
        f"      auth_url: {cloud.auth_url}\n      username: demo\n      password: pw\n"
        f"      project_id: {cloud.project_id}\n      user_domain_id: default\n"
    )
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    mock.get(f"{KM}/v1/secrets", json={"secrets": []})
    conn = openstack_core.connect(cloud="fake")
    assert list(conn.key_manager.secrets()) == []
    auth_body = next(r for r in mock.request_history if r.method == "POST").json()
    assert auth_body["auth"]["identity"]["password"]["user"]["name"] == "demo"


def test_services_command_lists_without_importing() -> None:
    code = (
        "import sys\n"
        "from openstack_core._cli import main\n"
        "main(['services'])\n"
        f"print([m for m in sys.modules if m.split('.')[0] in {PLUGIN_MODULES!r}])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["SERVICE", "PLUGIN", "VERSIONS", "DISTRIBUTION"]
    assert any(
        line.split()[:4] == ["key-manager", "v2,", "v1", "osc-test-goodplugins"] for line in lines
    )
    assert lines[-1] == "[]"


def test_services_command_with_cloud(
    mock: Any,
    cloud: FakeCloud,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(
        "clouds:\n  fake:\n    region_name: RegionOne\n    auth:\n"
        f"      auth_url: {cloud.auth_url}\n      username: demo\n      password: pw\n"
        f"      project_id: {cloud.project_id}\n      user_domain_id: default\n"
    )
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    from openstack_core._cli import main

    assert main(["services", "--os-cloud", "fake"]) == 0
    rows = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()}
    assert rows["key-manager"][-2:] == ["yes", "v1"]
    assert rows["placement"][-2:] == ["no", "-"]
    assert main(["services", "--os-cloud", "nope"]) == 1
