"""Connection and plugin discovery against real entry-point metadata.

The test distributions under tests/plugin_dists/ are installed in the test environment
(see tox.ini); nothing in the core is patched.
"""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import os_service_types
import pytest
import requests_mock

import openstack_core
from openstack_core import exceptions
from openstack_core.plugins import NAMESPACE
from openstack_core.testing import FakeCloud

KM = "https://key-manager.example.com"
VOLUME = "https://volume.example.com/v3"
# Every top-level package an installed entry point of our group would import.
PLUGIN_MODULES = tuple(
    sorted({ep.module.split(".")[0] for ep in importlib.metadata.entry_points(group=NAMESPACE)})
)


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


def test_plugin_modules_come_from_the_installed_entry_points() -> None:
    assert {"osc_testplugins", "osc_testconflict", "acme_dns"} <= set(PLUGIN_MODULES)


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


CHOSEN_VERSION_PROBE = """
import json, sys, requests_mock
from openstack_core.testing import FakeCloud
with requests_mock.Mocker() as mock:
    cloud = FakeCloud(mock)
    cloud.add_service("key-manager", "https://key-manager.example.com/v{major}")
    proxy = cloud.connection().key_manager
print(json.dumps([type(proxy).__name__, sorted(m for m in sys.modules if "key_manager" in m)]))
"""


@pytest.mark.parametrize("major", [1, 2])
def test_only_the_chosen_version_is_imported(major: int) -> None:
    # key-manager v1 and v2 live in separate modules of the test distribution; the
    # cloud offers one of them.
    result = subprocess.run(
        [sys.executable, "-c", CHOSEN_VERSION_PROBE.format(major=major)],
        capture_output=True,
        text=True,
        check=True,
    )
    chosen, modules = json.loads(result.stdout)
    assert chosen == f"KeyManagerV{major}"
    assert modules == ["osc_testplugins._key_manager", f"osc_testplugins.key_manager_v{major}"]


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
    text = str(err.value)
    assert "key_manager_api_version is '3' (passed as an argument)" in text
    assert "provide v2, v1 and the cloud offers v1" in text


def test_pin_not_installed_when_the_cloud_cannot_say(mock: Any) -> None:
    conn = FakeCloud(mock).connection(key_manager_api_version="3")  # not in the catalog
    with pytest.raises(exceptions.ConfigException, match="the cloud offers unknown versions"):
        _ = conn.key_manager


def test_pin_errors_name_the_alias_key_the_user_set(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection(volume_api_version="2")
    with pytest.raises(exceptions.ConfigException) as err:
        _ = conn.block_storage
    text = str(err.value)
    assert text.startswith("volume_api_version is '2'") and "change volume_api_version" in text
    assert "block_storage_api_version" not in text
    assert "provide v3 and the cloud offers v3" in text


def test_an_installed_pin_is_trusted_without_a_request(mock: Any, cloud: FakeCloud) -> None:
    # The cloud offers only v1; the pin to the installed v2 is taken as it is, with no
    # version request (most clouds.yaml pin identity_api_version: asking would cost
    # every connection a round trip).
    conn = cloud.connection(key_manager_api_version="2")
    sent = mock.call_count
    assert type(conn.key_manager).__name__ == "KeyManagerV2"
    assert mock.call_count == sent


def test_aliases_from_os_service_types(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection()
    assert conn.volume is conn.block_storage
    assert conn.get_service("block-storage") is conn.volume


BLOCK_STORAGE_ALIASES = [
    alias.replace("-", "_")
    for alias in os_service_types.ServiceTypes().get_aliases("block-storage")
    if alias.replace("-", "_").isidentifier()
]


def test_os_service_types_knows_block_storage_aliases() -> None:
    assert BLOCK_STORAGE_ALIASES  # else the parametrized test below would test nothing


@pytest.mark.parametrize("alias", BLOCK_STORAGE_ALIASES)
def test_per_service_keys_under_an_alias(mock: Any, alias: str) -> None:
    cloud = FakeCloud(mock)
    override = f"https://{alias}.override.example.com/v3"
    cloud.add_service("block-storage", VOLUME, microversions=("3.0", "3.70"))
    cloud.add_service("dummy", override, microversions=("3.0", "3.70"))
    mock.get(f"{override}/volumes", json={"volumes": []})
    conn = cloud.connection(
        **{
            f"{alias}_api_version": "3",
            f"{alias}_endpoint_override": override,
            f"{alias}_default_microversion": "3.42",
            f"{alias}_status_code_retries": "2",
        }
    )
    proxy = getattr(conn, alias)
    assert proxy is conn.block_storage and proxy.status_code_retries == 2
    assert proxy.get("/volumes").status_code == 200
    assert mock.last_request.url == f"{override}/volumes"
    assert mock.last_request.headers["OpenStack-API-Version"] == "volume 3.42"


def test_default_microversion_from_clouds_yaml_reaches_the_header(
    mock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("block-storage", VOLUME, microversions=("3.0", "3.70"))
    mock.get(f"{VOLUME}/volumes", json={"volumes": []})
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(
        "clouds:\n  fake:\n    region_name: RegionOne\n"
        '    block_storage_default_microversion: "3.60"\n    auth:\n'
        f"      auth_url: {cloud.auth_url}\n      username: demo\n      password: pw\n"
        f"      project_id: {cloud.project_id}\n      user_domain_id: default\n"
    )
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    conn = openstack_core.connect(cloud="fake")
    conn.block_storage.get("/volumes")
    assert mock.last_request.headers["OpenStack-API-Version"] == "volume 3.60"


def test_non_numeric_status_code_retries(mock: Any, cloud: FakeCloud) -> None:
    conn = cloud.connection(volume_status_code_retries="many")
    with pytest.raises(exceptions.ConfigException) as err:
        _ = conn.volume
    assert str(err.value) == (
        "no cloud named (no OS_CLOUD, no OS_* variables): argument "
        "volume_status_code_retries: expected a whole number of retries, got 'many'"
    )


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
    assert "for which the openstack-core project publishes no plugin" in str(exc)
    assert "pip install" not in str(exc)  # openstack-baremetal does not exist
    assert not hasattr(conn, "baremetal")


def test_not_installed_suggests_only_distributions_this_project_publishes(
    mock: Any, cloud: FakeCloud
) -> None:
    from openstack_core._discovery import Registry
    from openstack_core._services import PUBLISHED_PLUGINS, ServiceResolver

    conn = cloud.connection()
    resolver = ServiceResolver(conn.config, conn.session)
    resolver._registry = Registry()  # nothing installed
    repository = Path(__file__).resolve().parents[2]
    for service_type, dist in PUBLISHED_PLUGINS.items():
        message = str(resolver.not_found(service_type))
        assert f"install its plugin, the distribution {dist}" in message
        pyproject = (repository / "plugins" / service_type / "pyproject.toml").read_text()
        assert f'name = "{dist}"' in pyproject


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
    conn = cloud.connection(
        key_manager_api_version="1", region_name="RegionOne", interface="internal"
    )
    proxy = conn.key_manager  # no error yet: nothing was sent
    with pytest.raises(exceptions.EndpointNotFound) as err:
        list(proxy.secrets())
    assert err.value.service_type == "key-manager" and err.value.region_name == "RegionOne"
    assert err.value.interface == "internal"
    text = str(err.value)
    assert "'key-manager'" in text and "'RegionOne'" in text and "'internal'" in text


def test_endpoint_override_and_status_code_retries(mock: Any, cloud: FakeCloud) -> None:
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


def test_tls_and_timeout_settings_reach_the_session(
    mock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cloud = FakeCloud(mock)
    home = Path.home()
    for name in ("ca.pem", "client.pem", "client.key"):
        (home / name).write_text("-----BEGIN CERTIFICATE-----\n")
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(
        "clouds:\n  fake:\n    cacert: ~/ca.pem\n    cert: ~/client.pem\n"
        "    key: ~/client.key\n    api_timeout: 7\n    auth:\n"
        f"      auth_url: {cloud.auth_url}\n      token: t\n      project_id: p\n"
    )
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    openstack_core.connect(cloud="fake").authorize()
    sent = mock.last_request  # what keystoneauth1's Session handed to requests
    assert sent.verify == str(home / "ca.pem")
    assert sent.cert == (str(home / "client.pem"), str(home / "client.key"))
    assert sent.timeout == 7.0


@pytest.mark.parametrize(
    ("settings", "verify"),
    [
        ({}, True),
        ({"verify": False}, False),
        ({"insecure": True}, False),
        ({"verify": "no"}, False),
    ],
)
def test_verify_reaches_the_session(
    mock: Any, monkeypatch: pytest.MonkeyPatch, settings: dict[str, Any], verify: bool
) -> None:
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):  # requests would put them in
        monkeypatch.delenv(name, raising=False)
    cloud = FakeCloud(mock)
    conn = openstack_core.Connection(
        auth_url=cloud.auth_url, token="t", project_id="p", load_yaml_config=False, **settings
    )
    conn.authorize()
    assert mock.last_request.verify is verify


def test_verify_path_reaches_the_session(mock: Any, tmp_path: Path) -> None:
    cloud = FakeCloud(mock)
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    conn = openstack_core.Connection(
        auth_url=cloud.auth_url, token="t", project_id="p", verify=str(ca), load_yaml_config=False
    )
    conn.authorize()
    assert mock.last_request.verify == str(ca)  # a CA bundle, not verification turned off


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


def test_malformed_entry_point_is_reported_when_its_type_is_used(
    mock: Any, cloud: FakeCloud
) -> None:
    conn = cloud.connection()
    for name in ("workflow", "workflowv2"):  # the type and its os-service-types alias
        with pytest.raises(exceptions.PluginLoadError) as err:
            conn.get_service(name)
        exc = err.value
        assert exc.entry_point == "workflow.2 = osc_testplugins.malformed:WorkflowProxy"
        assert (exc.distribution, exc.version) == ("osc-test-goodplugins", "1.2.3")
        assert "<service-type>.v<major> (e.g. workflow.v1)" in str(exc)
    with pytest.raises(exceptions.ServiceNotInstalled):  # other types are unaffected
        _ = conn.baremetal


def test_services_command_lists_malformed_entry_points() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "openstack_core", "services"],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["workflow.2", "malformed", "osc-test-goodplugins", "1.2.3"] in rows
    assert "'workflow.2' = osc_testplugins.malformed:WorkflowProxy" in result.stderr
    assert "<service-type>.v<major>" in result.stderr


def test_has_catalog_entry_under_a_catalog_alias(mock: Any) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("volumev3", VOLUME)  # as most real clouds list block-storage
    conn = cloud.connection()
    assert conn.has_catalog_entry("block-storage")
    assert conn.offered_versions("block-storage") == [3]
    assert not conn.has_catalog_entry("key-manager")
    assert conn.offered_versions("key-manager") is None


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
    assert rows["workflow.2"][-2:] == ["-", "-"]
    assert main(["services", "--os-cloud", "nope"]) == 1


def test_services_command_with_a_catalog_alias(
    mock: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("volumev3", VOLUME)
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(
        "clouds:\n  fake:\n    region_name: RegionOne\n    auth:\n"
        f"      auth_url: {cloud.auth_url}\n      token: t\n      project_id: p\n"
    )
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    from openstack_core._cli import main

    assert main(["services", "--os-cloud", "fake"]) == 0
    rows = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()}
    assert rows["block-storage"][-2:] == ["yes", "v3"]
