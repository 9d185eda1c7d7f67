"""A newcomer's path through plugins/_template/README.md, step by step.

Step 1 runs the README's own commands (service type ``workflow`` instead of ``dns``,
which the example plugin already registers here). Step 2's ``pip install`` is replaced
by what it leaves behind for discovery, a ``.dist-info`` with the pyproject's entry
points, and by checking that setuptools' package discovery would ship the package: a
pip install takes far longer than this whole suite. Steps 3 and 5 run ``pytest`` and
the checker on the result in a child interpreter.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "plugins" / "_template"


def _step_one_commands() -> str:
    readme = (TEMPLATE / "README.md").read_text()
    step = readme.split("1. **Copy and rename**", 1)[1]
    block = re.search(r"```console\n(.*?)```", step, re.DOTALL)
    assert block is not None, "step 1 of the template README has no console block"
    return "\n".join(line.strip() for line in block.group(1).splitlines() if line.strip())


@pytest.fixture(scope="module")
def plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    checkout = tmp_path_factory.mktemp("checkout")
    shutil.copytree(TEMPLATE, checkout / "plugins" / "_template")
    # What a checkout where tox or pip ran holds next to the sources:
    (checkout / "plugins" / "_template" / "openstack_example.egg-info").mkdir(exist_ok=True)
    (checkout / "plugins" / "_template" / "openstack_example" / "__pycache__").mkdir(exist_ok=True)
    commands = _step_one_commands()
    assert "python3 rename_template.py dns 2" in commands
    commands = commands.replace("dns", "workflow").replace("python3 ", f"{sys.executable} ")
    work = checkout / "plugins" / "_template"  # `cp -r plugins/_template ../x` from here
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", f"cd {checkout}\n{commands}"],
        capture_output=True,
        text=True,
        check=False,
        cwd=work,
    )
    assert result.returncode == 0, result.stderr
    assert "conn.workflow" in result.stdout
    return checkout.parent / "openstack-workflow"


def test_rename_leaves_nothing_of_the_template(plugin: Path) -> None:
    assert not (plugin / "rename_template.py").exists()
    assert not list(plugin.rglob("*.egg-info")) and not list(plugin.rglob("__pycache__"))
    for path in plugin.rglob("*"):
        if path.is_file():
            text = path.read_text()
            for old in ("openstack_example", "openstack-example", "example.v1", "conn.example"):
                assert old not in text, f"{path.relative_to(plugin)} still says {old!r}"
    assert (plugin / "openstack_workflow" / "v2" / "_proxy.py").is_file()
    assert (plugin / "tests" / "test_workflow_widget.py").is_file()
    assert "conn.workflow" in (plugin / "README.md").read_text()


def _packages_setuptools_finds(root: Path, include: list[str]) -> set[str]:
    found = set()
    for init in root.rglob("__init__.py"):
        name = ".".join(init.parent.relative_to(root).parts)
        if name and any(fnmatch.fnmatchcase(name, pattern) for pattern in include):
            found.add(name)
    return found


def test_pyproject_ships_the_package_and_its_entry_point(plugin: Path) -> None:
    project = tomllib.loads((plugin / "pyproject.toml").read_text())
    assert project["project"]["name"] == "openstack-workflow"
    entry_points = project["project"]["entry-points"]
    assert entry_points["openstack_core.services"] == {
        "workflow.v2": "openstack_workflow.v2._proxy:Proxy"
    }
    assert entry_points["openstack_core.fakes"] == {
        "workflow.v2": "openstack_workflow.v2._fake:Fake"
    }
    setuptools = project["tool"]["setuptools"]
    shipped = _packages_setuptools_finds(plugin, setuptools["packages"]["find"]["include"])
    assert {"openstack_workflow", "openstack_workflow.v2"} <= shipped
    assert setuptools["package-data"] == {"openstack_workflow": ["py.typed"]}
    assert (plugin / "openstack_workflow" / "py.typed").is_file()


def _install_metadata(plugin: Path, site: Path) -> None:
    """What `pip install` leaves for discovery: the distribution's entry points."""
    project = tomllib.loads((plugin / "pyproject.toml").read_text())["project"]
    info = site / f"openstack_workflow-{project['version']}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n"
    )
    text = ""
    for group in ("openstack_core.services", "openstack_core.fakes"):
        lines = [f"{name} = {value}" for name, value in project["entry-points"][group].items()]
        text += f"[{group}]\n" + "\n".join(lines) + "\n"
    (info / "entry_points.txt").write_text(text)


CHILD = """
import sys, pytest
from openstack_core._cli import main
tests = pytest.main(["-q", "-p", "no:cacheprovider", "tests"])
print("pytest exit", int(tests))
print("checker exit", main(["check-plugin", "openstack-workflow", "workflow.v2"]))
"""


def test_renamed_plugin_passes_its_tests_and_the_checker(plugin: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _install_metadata(plugin, site)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(site), str(plugin)]),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=plugin,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 passed" in result.stdout, result.stdout
    assert "pytest exit 0" in result.stdout
    assert "openstack-workflow: 0 violation(s)" in result.stdout, result.stdout
    assert "workflow.v2: 0 violation(s)" in result.stdout
    assert "checker exit 0" in result.stdout


def test_script_refuses_to_rename_the_template_itself() -> None:
    result = subprocess.run(
        [sys.executable, str(TEMPLATE / "rename_template.py"), "dns", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "copy plugins/_template first" in result.stderr
    assert (TEMPLATE / "rename_template.py").exists()
