"""Credentials never reach logs, reprs or errors; the shipped pytest fixture works."""

from __future__ import annotations

import logging
import subprocess
import sys
from typing import Any

import pytest
import requests_mock

from openstack_core import exceptions, proxy, resource
from openstack_core.testing import TOKEN_ID, FakeCloud

KM = "https://key-manager.example.com/v1"


def test_debug_logs_hold_no_password_or_token(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with requests_mock.Mocker() as mock:
        cloud = FakeCloud(mock)
        cloud.add_service("key-manager", KM)
        mock.get(f"{KM}/secrets", json={"secrets": []})
        mock.get(f"{KM}/secrets/x", status_code=404, json={"message": "no"})
        conn = cloud.connection(key_manager_api_version="1")
        list(conn.key_manager.secrets())
        with pytest.raises(exceptions.NotFoundException) as err:
            conn.key_manager.get("/secrets/x")
    text = caplog.text + repr(conn) + repr(conn.config) + repr(conn.key_manager) + str(err.value)
    assert "GET" in caplog.text  # keystoneauth1 did log the requests...
    assert "fake-password" not in text  # ...but never the password
    assert TOKEN_ID not in text  # nor the token (keystoneauth1 logs its hash)


def test_pytest_plugin_fixture(fake_cloud: FakeCloud) -> None:
    fake_cloud.add_service("key-manager", KM)
    fake_cloud.mocker.get(f"{KM}/secrets", json={"secrets": [{"id": "s"}]})
    conn = fake_cloud.connection(key_manager_api_version="1")
    assert [s.id for s in conn.key_manager.secrets()] == ["s"]


def test_extra_services_attach_an_uninstalled_proxy(fake_cloud: FakeCloud) -> None:
    from openstack_core import proxy

    class Orchestration(proxy.Proxy):
        """Not installed anywhere."""

        service_type = "orchestration"
        api_version = 1
        plugin_api_version = "1.0"

    fake_cloud.add_service("orchestration", "https://heat.example.com/v1")
    fake_cloud.mocker.get("https://heat.example.com/v1/stacks", json={"stacks": []})
    conn = fake_cloud.connection(extra_services={"orchestration": Orchestration})
    assert "orchestration" in dir(conn)
    assert conn.orchestration.get("/stacks").json() == {"stacks": []}


def test_extra_services_are_contract_checked(fake_cloud: FakeCloud) -> None:
    class NotAProxy:
        pass

    with pytest.raises(exceptions.PluginLoadError, match="extra_services\\['x'\\]"):
        fake_cloud.connection(extra_services={"x": NotAProxy})  # type: ignore[dict-item]


def test_fake_cloud_without_discovery(fake_cloud: FakeCloud) -> None:
    fake_cloud.add_service("key-manager", KM, discovery=False)
    fake_cloud.mocker.get(f"{KM}/secrets", json={"secrets": []})
    conn: Any = fake_cloud.connection(key_manager_api_version="1")
    assert list(conn.key_manager.secrets()) == []


class _Secret(resource.Resource):
    """A resource whose bodies hold a secret (as Keystone's credentials do)."""

    resource_key = "secret"
    resources_key = "secrets"
    base_path = "/secrets"
    allow_create = allow_fetch = allow_list = True
    log_bodies = False

    blob = resource.Body("blob", type=str)


class _Vault(proxy.Proxy):
    """A service with secrets in its bodies."""

    service_type = "key-manager"
    api_version = 1
    plugin_api_version = "2.0"
    version_discovery = False


def test_log_bodies_false_keeps_every_body_out_of_debug_logs(
    fake_cloud: FakeCloud, caplog: pytest.LogCaptureFixture
) -> None:
    url = "https://vault.example.com/v1"
    fake_cloud.add_service("key-manager", url, discovery=False)
    answer = {"id": "s1", "blob": "hunter2-blob"}
    # keystoneauth1 logs the bodies of JSON answers only.
    json_type = {"Content-Type": "application/json"}
    mock = fake_cloud.mocker
    mock.post(f"{url}/secrets", json={"secret": answer}, status_code=201, headers=json_type)
    mock.get(f"{url}/secrets/s1", json={"secret": answer}, headers=json_type)
    mock.get(f"{url}/secrets", json={"secrets": [answer]}, headers=json_type)
    vault = fake_cloud.proxy(_Vault)
    caplog.set_level(logging.DEBUG)
    _Secret.new(blob="hunter2-blob").create(vault)
    _Secret.existing(id="s1").fetch(vault)
    assert [s.blob for s in _Secret.list(vault)] == ["hunter2-blob"]
    assert "hunter2" not in caplog.text


def test_fake_cloud_shares_the_requests_mock_fixture(
    fake_cloud: FakeCloud, requests_mock: Any
) -> None:
    # requests-mock's own fixture and fake_cloud in one test: one Mocker for both.
    assert fake_cloud.mocker is requests_mock
    fake_cloud.add_service("key-manager", KM)
    requests_mock.get(f"{KM}/secrets", json={"secrets": [{"id": "s"}]})
    conn = fake_cloud.connection(key_manager_api_version="1")
    assert [s.id for s in conn.key_manager.secrets()] == ["s"]


def test_fake_cloud_without_the_test_extra_names_it() -> None:
    code = (
        "import sys\n"
        "sys.modules['fixtures'] = None  # as if the test extra were not installed\n"
        "from openstack_core.testing import FakeCloud\n"
        "try:\n"
        "    FakeCloud(object())\n"
        "except ModuleNotFoundError as exc:\n"
        "    print(exc.name, '|', exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == (
        "fixtures | openstack_core.testing needs 'fixtures', which the test extra installs: "
        "pip install 'openstack-core[test]'"
    )


def test_nothing_configured_says_so_without_naming_a_cloud() -> None:
    import openstack_core
    from openstack_core import exceptions

    with pytest.raises(exceptions.ConfigException) as err:
        openstack_core.connect()
    message = str(err.value)
    assert message.startswith("nothing is configured: no cloud was named")
    assert "defaults" not in message


def test_openstacksdk_gaps(tmp_path: Any) -> None:
    from openstack_core import proxy
    from openstack_core.testing import openstacksdk_gaps

    class Proxy(proxy.Proxy):
        service_type = "widget"

        def widgets(self) -> None:
            """List."""

    methods = tmp_path / "methods.txt"
    methods.write_text("# openstacksdk's\nwidgets\nget_widget\nfind_widget\n")
    readme = tmp_path / "README.md"
    readme.write_text("## Missing\n\n`get_widget`, `widgets`\n\n## Next\n\n`find_widget`\n")
    assert openstacksdk_gaps(Proxy, methods, readme, "## Missing") == [
        "find_widget: openstacksdk has it, Proxy does not, the list does not say so",
        "widgets: listed as missing, but Proxy has it",
    ]
    assert openstacksdk_gaps(Proxy, methods, readme, "## Absent") == [
        "README.md has no section '## Absent'"
    ]
