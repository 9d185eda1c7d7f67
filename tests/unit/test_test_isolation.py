"""The repository-root autouse fixture isolates every test path, plugins' tests included."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openstack_core._config import build_config

REPO = Path(__file__).resolve().parents[2]


def test_no_os_variables_and_no_machine_config_are_seen() -> None:
    assert sorted(k for k in os.environ if k.startswith("OS_")) == [
        "OS_CLIENT_CONFIG_FILE",
        "OS_CLIENT_SECURE_FILE",
    ]
    config = build_config(auth_url="https://k/v3", token="t")
    assert config.files == [
        os.environ["OS_CLIENT_CONFIG_FILE"],
        os.environ["OS_CLIENT_SECURE_FILE"],
    ]
    assert all(Path(f).read_text() == "" for f in config.files)  # not /etc/openstack's


def test_fixture_reaches_plugin_tests() -> None:
    # A user's OS_* settings in the shell must not leak into the plugins' tests either.
    env = {**os.environ, "OS_CLOUD": "production", "OS_AUTH_URL": "https://real.example/v3"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--setup-show",
            f"--rootdir={REPO}",
            "-c",
            str(REPO / "pyproject.toml"),
            str(REPO / "plugins" / "_template" / "tests"),
            str(REPO / "plugins" / "compute" / "tests" / "test_compute_limits.py"),
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # --setup-show ends each test's line with "(fixtures used: ...)".
    tests = [line for line in result.stdout.splitlines() if line.strip().startswith("plugins/")]
    assert len(tests) > 2, result.stdout
    assert all("_isolated_environment" in line for line in tests), result.stdout
