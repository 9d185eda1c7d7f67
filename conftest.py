"""Fixtures for every test in this repository (core, plugins, third-party examples).

This file sits at the repository root so that it reaches every test path, including the
plugins' tests. It is deliberately not part of the shipped ``pytest11`` plugin: that one
is loaded by users' own test suites, whose environment is theirs to manage.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_SYSTEM_CONFIG = Path("/etc/openstack")


@pytest.fixture(autouse=True)
def _isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """No ``OS_*`` or ``STATSD_*`` variables, a fresh ``HOME`` and working directory, and
    no clouds.yaml.

    ``OS_CLIENT_CONFIG_FILE`` and ``OS_CLIENT_SECURE_FILE`` point at empty files, which
    win over the search path, so a machine's ``/etc/openstack/clouds.yaml`` is never
    read. Tests of the search path itself use the ``config_search_path`` fixture.
    """
    for name in list(os.environ):
        if name.startswith(("OS_", "STATSD_")):
            monkeypatch.delenv(name)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(home)
    empty = tmp_path_factory.mktemp("no-config")
    for variable, stem in (
        ("OS_CLIENT_CONFIG_FILE", "clouds"),
        ("OS_CLIENT_SECURE_FILE", "secure"),
    ):
        path = empty / f"{stem}.yaml"
        path.write_text("")
        monkeypatch.setenv(variable, str(path))


@pytest.fixture
def config_search_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let clouds.yaml be searched for (``./``, ``~/.config/openstack/``, ``/etc/openstack/``).

    Skips the test on a machine with a system-wide clouds or secure file, which the
    search would find and the test cannot hide.
    """
    found = sorted(
        str(path)
        for stem in ("clouds", "secure")
        for path in _SYSTEM_CONFIG.glob(f"{stem}.*")
        if path.suffix in (".yaml", ".yml", ".json")
    )
    if found:
        pytest.skip(f"this machine has {', '.join(found)}, which the search would read")
    monkeypatch.delenv("OS_CLIENT_CONFIG_FILE")
    monkeypatch.delenv("OS_CLIENT_SECURE_FILE")
