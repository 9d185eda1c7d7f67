"""docs/plugins.md's DNS plugin, as written there, installs, passes its tests and the checker.

The blocks marked ``<!-- docs-test: <path> -->`` are written to those paths of a
temporary project; its entry points become installed metadata (what pip leaves for
discovery) and a child interpreter runs the project's tests and ``check-plugin``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
BLOCK = re.compile(r"<!-- docs-test: (?P<path>\S+) -->\n```\w+\n(?P<code>.*?)```", re.DOTALL)

CHILD = """
import pytest
from openstack_core._cli import main
print("pytest exit", int(pytest.main(["-q", "-p", "no:cacheprovider", "tests"])))
print("checker exit", main(["check-plugin", "openstack-dns"]))
"""


def test_guide_plugin_works_as_written(tmp_path: Path) -> None:
    project = tmp_path / "openstack-dns"
    blocks = {m.group("path"): m.group("code") for m in BLOCK.finditer(GUIDE.read_text())}
    assert set(blocks) == {"pyproject.toml", "openstack_dns/v2/_proxy.py", "tests/test_zones.py"}
    for path, code in blocks.items():
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(code)
    (project / "openstack_dns" / "__init__.py").write_text('"""openstack-dns."""\n')
    (project / "openstack_dns" / "v2" / "__init__.py").write_text('"""DNS v2."""\n')

    pyproject = tomllib.loads(blocks["pyproject.toml"])
    info = tmp_path / "site" / "openstack_dns-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {pyproject['project']['name']}\nVersion: 0.1.0\n"
    )
    entry_points = pyproject["project"]["entry-points"]["openstack_core.services"]
    (info / "entry_points.txt").write_text(
        "[openstack_core.services]\n" + "".join(f"{k} = {v}\n" for k, v in entry_points.items())
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(info.parent), str(project)]),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "2 passed" in out and "pytest exit 0" in out, out
    assert "openstack-dns: 0 violation(s)" in out and "checker exit 0" in out, out
