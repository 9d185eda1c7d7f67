"""docs/plugins.md's plugins, as written there, install, pass their tests and the checker.

The blocks marked ``<!-- docs-test: <project>/<path> -->`` are written to those paths of a
temporary project per ``<project>``; its entry points (every group of the pyproject:
``openstack_core.services`` and ``openstack_core.fakes``) become installed metadata
(what pip leaves for discovery) and a child interpreter runs the project's tests and
``check-plugin``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
BLOCK = re.compile(
    r"<!-- docs-test: (?P<project>[\w-]+)/(?P<path>\S+) -->\n```\w+\n(?P<code>.*?)```", re.DOTALL
)

CHILD = """
import sys
import pytest
from openstack_core._cli import main
print("pytest exit", int(pytest.main(["-q", "-p", "no:cacheprovider", "tests"])))
print("checker exit", main(["check-plugin", sys.argv[1]]))
"""

PROJECTS = {"openstack-dns": 3, "openstack-netlike": 3, "openstack-objects": 1}


def _blocks() -> dict[str, dict[str, str]]:
    projects: dict[str, dict[str, str]] = {}
    for match in BLOCK.finditer(GUIDE.read_text()):
        projects.setdefault(match.group("project"), {})[match.group("path")] = match.group("code")
    return projects


def test_the_guide_has_the_three_plugins() -> None:
    assert set(_blocks()) == set(PROJECTS)


@pytest.mark.parametrize(("name", "tests"), sorted(PROJECTS.items()))
def test_guide_plugin_works_as_written(tmp_path: Path, name: str, tests: int) -> None:
    blocks = _blocks()[name]
    project = tmp_path / name
    for path, code in blocks.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(code)
    for package in {p.split("/")[0] for p in blocks if p.startswith("openstack_")}:
        for directory in [project / package, *(project / package).rglob("*")]:
            if directory.is_dir() and not (directory / "__init__.py").exists():
                (directory / "__init__.py").write_text(f'"""{directory.name}."""\n')

    pyproject = tomllib.loads(blocks["pyproject.toml"])
    dist = pyproject["project"]["name"]
    info = tmp_path / "site" / f"{dist.replace('-', '_')}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1.0\n")
    text = ""
    for group, entry_points in pyproject["project"]["entry-points"].items():
        text += f"[{group}]\n" + "".join(f"{k} = {v}\n" for k, v in entry_points.items())
    (info / "entry_points.txt").write_text(text)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(info.parent), str(project)]),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD, dist],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert f"{tests} passed" in out and "pytest exit 0" in out, out
    assert f"{dist}: 0 violation(s)" in out and "checker exit 0" in out, out
