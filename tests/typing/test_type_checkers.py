"""mypy --strict and basedpyright (strict) see the installed services' types.

Run by ``tox -e typing``, which installs openstack-core, both plugins and the
third-party example plugin as users do (not editable), runs ``openstack-core stubs``,
then these tests. Each checker runs on copies of ``user_script.py`` (must pass) and
``user_errors.py`` (each line marked ``# error``, and no other line, must be reported)
in an empty directory, so only what is installed is seen.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SCRIPTS = ("user_script.py", "user_errors.py")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    check = subprocess.run(
        [sys.executable, "-m", "openstack_core", "stubs", "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, "run `openstack-core stubs` first: " + check.stderr
    root = tmp_path_factory.mktemp("user-project")
    for name in SCRIPTS:
        shutil.copy(HERE / name, root / name)
    (root / "pyrightconfig.json").write_text(
        json.dumps({"typeCheckingMode": "strict", "pythonPath": sys.executable})
    )
    return root


def _marked(name: str) -> set[int]:
    lines = (HERE / name).read_text().splitlines()
    return {number for number, line in enumerate(lines, 1) if "  # error:" in line}


def _mypy(project: Path, name: str) -> tuple[set[int], str]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(project / ".mypy_cache"),
            name,
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = {int(m.group(1)) for m in re.finditer(rf"^{name}:(\d+): error:", result.stdout, re.M)}
    return lines, result.stdout + result.stderr


def _basedpyright(project: Path, name: str) -> tuple[set[int], str]:
    executable = shutil.which("basedpyright", path=str(Path(sys.executable).parent))
    assert executable, "basedpyright is installed in this environment"
    result = subprocess.run(
        [executable, "--outputjson", name],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    lines = {d["range"]["start"]["line"] + 1 for d in errors}
    text = "\n".join(f"{d['range']['start']['line'] + 1}: {d['message']}" for d in errors)
    return lines, text


CHECKERS = {"mypy": _mypy, "basedpyright": _basedpyright}


@pytest.mark.parametrize("checker", sorted(CHECKERS))
def test_user_script_checks_clean(project: Path, checker: str) -> None:
    lines, output = CHECKERS[checker](project, "user_script.py")
    assert lines == set(), output


@pytest.mark.parametrize("checker", sorted(CHECKERS))
def test_mistakes_are_errors(project: Path, checker: str) -> None:
    lines, output = CHECKERS[checker](project, "user_errors.py")
    assert lines == _marked("user_errors.py"), output
