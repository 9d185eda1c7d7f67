"""The README's quickstart, ``python3 examples/quickstart.py``, on a machine with no
cloud configured: it serves the local cloud and does the main job against it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "quickstart.py"


def test_quickstart_runs_against_the_local_cloud(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env["HOME"] = str(tmp_path)  # no ~/.config/openstack/clouds.yaml
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)],
        cwd=tmp_path,  # no ./clouds.yaml
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("local cloud ready: http://127.0.0.1:")
    assert lines[1].startswith("connected to cloud 'local'")
    assert ": active, 1048576 bytes, md5 b6d81b360a5672d80c27430f39153e2c" in lines[2]
    assert ": ACTIVE, addresses ['10.0.0." in lines[4]
    assert lines[-3].endswith(": deleted") and lines[-2].endswith(": deleted")
    assert lines[-1] == "local cloud stopped (exit 0)"


def test_the_readmes_local_cloud_tests_pass(tmp_path: Path) -> None:
    import re

    readme = (EXAMPLE.parents[1] / "README.md").read_text()
    block = re.search(
        r"```python\n(import time\n\nfrom openstack_core import fakes, testing\n.*?)```",
        readme,
        re.DOTALL,
    )
    assert block is not None, "the README's local cloud test example is gone"
    (tmp_path / "test_readme_example.py").write_text(block.group(1))
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "2 passed" in done.stdout, done.stdout + done.stderr


def test_the_readme_shows_what_the_quickstart_prints(tmp_path: Path) -> None:
    """The README's sample output (``<!-- check: quickstart-output -->``) has the lines
    a real run prints, ids, ports, sizes and timings aside."""
    import re

    from tests.blocks import blocks

    (block,) = [b for b in blocks() if b.kind == "quickstart-output"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("OS_")}
    env["HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, str(EXAMPLE)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr

    def shape(line: str) -> str:
        line = re.sub(r"[0-9a-f]{32}|[0-9a-f-]{36}", "<id>", line)
        return re.sub(r"\d+", "<n>", line).rstrip()

    shown = [shape(line) for line in block.code.splitlines()]
    printed = [shape(line) for line in done.stdout.splitlines()]
    assert shown == printed
