"""``python -m openstack_core local-cloud serve``, run as users run it: the ready line,
the clouds.yaml, a clean stop on SIGINT and SIGTERM, and ``--state`` across restarts."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import openstack_core

READY = "local cloud ready: "
SERVE = [sys.executable, "-m", "openstack_core", "local-cloud", "serve", "--port", "0"]


class Served:
    """A running ``local-cloud serve`` process."""

    def __init__(self, *args: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
        self.process = subprocess.Popen(
            [*SERVE, *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith(READY):
            self.process.kill()
            raise AssertionError(f"no ready line: {line!r} {self.process.stderr.read()!r}")  # type: ignore[union-attr]
        self.auth_url = line[len(READY) :].strip()

    def stop(self, sig: int = signal.SIGINT) -> int:
        self.process.send_signal(sig)
        return self.process.wait(timeout=30)


def test_serve_writes_clouds_yaml_stops_cleanly_and_keeps_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(yaml.safe_dump({"clouds": {"mine": {"auth": {"auth_url": "x"}}}}))
    state = tmp_path / "state.json"
    served = Served("--clouds-yaml", str(clouds), "--state", str(state))
    try:
        assert served.auth_url.startswith("http://127.0.0.1:") and served.auth_url.endswith(
            "/identity/v3"
        )
        assert stat.S_IMODE(clouds.stat().st_mode) == 0o600
        written = yaml.safe_load(clouds.read_text())["clouds"]
        assert set(written) == {"mine", "local", "local-admin"}  # the user's cloud is kept
        assert written["local"]["auth"]["auth_url"] == served.auth_url
        assert written["local"]["auth"]["username"] == "demo"
        monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
        with openstack_core.connect(cloud="local") as conn:
            image = conn.image.create_image(
                "kept", data=b"disk", disk_format="raw", container_format="bare"
            )
            server = conn.compute.create_server(
                name="kept", flavor_id="1", image_id=image.id, networks="none"
            )
    except BaseException:
        served.process.kill()
        raise
    assert served.stop(signal.SIGINT) == 0
    assert stat.S_IMODE(state.stat().st_mode) == 0o600

    again = Served("--clouds-yaml", str(clouds), "--state", str(state))
    try:
        with openstack_core.connect(cloud="local") as conn:
            assert conn.compute.get_server(server.id).name == "kept"
            assert conn.image.download_image(image.id) == b"disk"
    finally:
        assert again.stop(signal.SIGTERM) == 0


def _serve_until_done(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``local-cloud serve`` that is expected to stop on its own (an error)."""
    return subprocess.run([*SERVE, *args], capture_output=True, text=True, timeout=60)


def test_a_corrupt_state_file_is_an_error_and_is_left_alone(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    state.write_text("{not json")
    done = _serve_until_done("--clouds-yaml", str(tmp_path / "clouds.yaml"), "--state", str(state))
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {state}: cannot read it as local cloud state")
    assert "it was left as it is" in done.stderr
    assert state.read_text() == "{not json"
    assert not (tmp_path / "clouds.yaml").exists()


def test_a_clouds_yaml_that_is_not_one_is_not_overwritten(tmp_path: Path) -> None:
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text("just: [some, other, file\n")
    done = _serve_until_done("--clouds-yaml", str(clouds))
    assert done.returncode == 1 and "does not overwrite it" in done.stderr
    assert clouds.read_text() == "just: [some, other, file\n"


def test_the_command_line_is_documented() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "openstack_core", "local-cloud", "serve", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    for flag in ("--port", "--clouds-yaml", "--host", "--state", "--config"):
        assert flag in done.stdout


def test_settings_files_are_checked(tmp_path: Path) -> None:
    from openstack_core._local.state import read_settings, write_clouds_yaml
    from openstack_core.exceptions import ConfigException

    good = tmp_path / "good.yaml"
    good.write_text("compute:\n  build_delay: 0.1\n")
    assert read_settings(good) == {"compute": {"build_delay": 0.1}}
    for text, problem in (
        ("compute: [1, 2\n", "invalid YAML"),
        ("- compute\n", "settings must map service types to mappings"),
        ("compute: 3\n", "settings must map service types to mappings"),
    ):
        bad = tmp_path / "bad.yaml"
        bad.write_text(text)
        with pytest.raises(ConfigException, match=problem) as caught:
            read_settings(bad)
        assert str(bad) in str(caught.value)
    with pytest.raises(ConfigException, match="cannot read the settings"):
        read_settings(tmp_path / "missing.yaml")
    with pytest.raises(ConfigException, match="does not exist"):
        write_clouds_yaml(tmp_path / "no-such-dir" / "clouds.yaml", {})


def test_the_readmes_command_and_settings_work(tmp_path: Path) -> None:
    """The README's local-cloud blocks (``<!-- check: local-cloud -->``): the command
    line has the flags shown, and the settings file is read and applied."""
    from openstack_core._local.state import read_settings
    from openstack_core.testing import LocalCloud
    from tests.blocks import blocks

    command, settings = [b for b in blocks() if b.kind == "local-cloud"]
    assert command.code.split()[:4] == ["python", "-m", "openstack_core", "local-cloud"]
    for flag in ("--port", "--clouds-yaml"):
        assert flag in command.code
    path = tmp_path / "settings.yaml"
    path.write_text(settings.code)
    cloud = LocalCloud(settings=read_settings(path))
    conn = cloud.connection("admin")
    try:
        assert [f.name for f in conn.compute.flavors()] == ["m1.tiny"]
    finally:
        conn.close()
