"""The ``openstack-core`` script: its name, ``--version``, ``OS_CLOUD``, and ``stubs``."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest

import openstack_core
from openstack_core import _stubs
from openstack_core._cli import main
from openstack_core._discovery import Registry
from openstack_core.plugin_api import NAMESPACE

DOWN = """clouds:
  down:
    auth:
      auth_url: http://127.0.0.1:9/v3
      username: u
      password: p
      project_name: p
      user_domain_name: Default
      project_domain_name: Default
"""


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, env=env)


def test_script_and_module_name_themselves() -> None:
    script = Path(sys.executable).with_name("openstack-core")
    assert script.exists(), "the console script is installed with openstack-core"
    assert _run(str(script), "--help").stdout.startswith("usage: openstack-core ")
    module = _run(sys.executable, "-m", "openstack_core", "--help")
    assert module.stdout.startswith("usage: python -m openstack_core ")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    expected = f"openstack-core {openstack_core.__version__} (plugin API 2.1)"
    assert capsys.readouterr().out.strip() == expected


def test_services_reads_os_cloud_and_prints_only_our_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(DOWN)
    env = {"PATH": "", "HOME": str(tmp_path), "OS_CLIENT_CONFIG_FILE": str(clouds)}
    result = _run(
        sys.executable, "-m", "openstack_core", "services", env=env | {"OS_CLOUD": "down"}
    )
    assert result.returncode == 1
    # keystoneauth1's own warning ("Failed to discover available identity versions")
    # no longer comes first: only our message, which names the failed step.
    assert result.stderr.startswith("error: authentication to cloud 'down': could not connect"), (
        result.stderr
    )
    assert "Failed to discover" not in result.stderr
    debug = _run(
        sys.executable, "-m", "openstack_core", "--debug", "services", "--os-cloud", "down", env=env
    )
    assert "Failed to discover available identity versions" in debug.stderr


def _entry(name: str, value: str) -> importlib.metadata.EntryPoint:
    return importlib.metadata.EntryPoint(name=name, value=value, group=NAMESPACE)


def test_stubs_name_every_installed_service_with_its_proxy_class() -> None:
    text = _stubs.render(Registry.scan())
    lines = text.splitlines()
    imports = {
        line.split(" as ")[0][len("import ") :]: line.split(" as ")[1]
        for line in lines
        if line.startswith("import ")
    }

    def annotation(attribute: str) -> str:
        line = next(line for line in lines if line.startswith(f"    def {attribute}(self)"))
        for module, alias in imports.items():
            line = line.replace(f"{alias}.", f"{module}.")
        return line.split(" -> ")[1].removesuffix(": ...")

    assert annotation("compute") == "openstack_compute.v2._proxy.Proxy"
    assert annotation("image") == "openstack_image.v2._proxy.Proxy"
    assert annotation("dns") == "acme_dns.Proxy"  # a third-party plugin: nothing else needed
    # several majors: the union (the cloud and the configuration choose one)
    assert annotation("key_manager") == (
        "osc_testplugins.key_manager_v2.KeyManagerV2 | osc_testplugins.key_manager_v1.KeyManagerV1"
    )
    # os-service-types aliases reach the same Proxy
    assert annotation("volume") == annotation("block_storage")
    # two distributions registering one name: either may serve it
    assert " | " in annotation("load_balancer")
    assert "workflow" not in text  # malformed entry points are not services
    assert "compute.v2 = openstack_compute.v2._proxy:Proxy (openstack-compute " in text


def test_stubs_leave_out_names_a_connection_has_itself() -> None:
    registry = Registry(by_type={"config": {1: [_entry("config.v1", "x.y:Proxy")]}})
    assert "def config" not in _stubs.render(registry)


def test_stubs_written_checked_and_reported_stale(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = str(tmp_path)
    assert main(["stubs", "--check", "--target", target]) == 1
    assert "missing" in capsys.readouterr().err
    assert main(["stubs", "--target", target]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {tmp_path / 'openstack_core-stubs'} (")
    package = tmp_path / "openstack_core-stubs"
    assert (package / "py.typed").read_text() == "partial\n"
    assert sorted(p.name for p in package.iterdir()) == ["_typed_services.pyi", "py.typed"]
    assert main(["stubs", "--check", "--target", target]) == 0
    # A plugin installed or removed since: --check and `services` say so.
    stub = package / "_typed_services.pyi"
    stub.write_text(stub.read_text().replace("# entry point: compute.v2", "# entry point: x.v2"))
    assert main(["stubs", "--check", "--target", target]) == 1
    assert "out of date" in capsys.readouterr().err
    monkeypatch.setattr(_stubs, "default_target", lambda: tmp_path)
    assert main(["services"]) == 0
    assert "run `openstack-core stubs` to update them" in capsys.readouterr().err


def test_stubs_in_a_directory_that_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert main(["stubs", "--target", str(blocker)]) == 1
    assert "--target DIR" in capsys.readouterr().err
