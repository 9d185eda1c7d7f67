"""Every distribution builds, installs from its wheel alone and passes the tests it ships.

Run by ``tox -e packaging`` (not by ``tox -e unit``: it builds and installs for about a
minute). From a copy of the checkout it builds the sdist and, from that sdist, the wheel
of openstack-core, openstack-compute and openstack-image; installs the wheels with their
``test`` extra into a new virtualenv, from a directory outside any checkout; runs the
``openstack-core`` script there; and runs the tests each unpacked sdist ships with that
virtualenv's Python. Third-party dependencies come from the package index (or pip's
cache).
"""

from __future__ import annotations

import email.parser
import os
import re
import shutil
import subprocess
import sys
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: distribution -> its source directory; every one this repository publishes.
DISTRIBUTIONS = {
    "openstack-core": ".",
    "openstack-compute": "plugins/compute",
    "openstack-image": "plugins/image",
    "openstack-network": "plugins/network",
    "openstack-identity": "plugins/identity",
}
PYTHONS = ("3.11", "3.12", "3.13")
IGNORE = shutil.ignore_patterns(
    ".git", ".tox", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".*_cache"
)


def _run(*args: str | Path, cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{output}"
    return output


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("home")
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG") or k.startswith("PIP_")}
    # pip's own cache stays the user's, so a second run needs no index.
    cache = os.environ.get("PIP_CACHE_DIR") or str(Path.home() / ".cache" / "pip")
    return keep | {"HOME": str(home), "PIP_CACHE_DIR": cache}


def _source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of what the published distributions are built from."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", "LICENSE", "MANIFEST.in"):
        if (ROOT / name).exists():
            shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "openstack_core", source / "openstack_core", ignore=IGNORE)
    for directory in DISTRIBUTIONS.values():
        if directory != ".":
            shutil.copytree(ROOT / directory, source / directory, ignore=IGNORE, symlinks=True)
    return source


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """The sdists and wheels, built from a copy of the checkout."""
    source = _source(tmp_path_factory)
    out = tmp_path_factory.mktemp("dist")
    for directory in DISTRIBUTIONS.values():
        _run(
            sys.executable,
            "-m",
            "build",
            "--no-isolation",
            "--outdir",
            out,
            source / directory,
            cwd=source,
            env=env | {"PYTHONPATH": ""},
        )
    return out


def _files(dist: Path, distribution: str) -> tuple[Path, Path]:
    stem = distribution.replace("-", "_")
    (wheel,) = dist.glob(f"{stem}-*.whl")
    (sdist,) = dist.glob(f"{stem}-*.tar.gz")
    return wheel, sdist


@pytest.mark.parametrize("distribution", sorted(DISTRIBUTIONS))
def test_metadata_and_license(dist: Path, distribution: str) -> None:
    wheel, sdist = _files(dist, distribution)
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata_name,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = email.parser.Parser().parsestr(archive.read(metadata_name).decode())
        license_text = archive.read(metadata_name.replace("METADATA", "licenses/LICENSE"))
    assert license_text.startswith(b"\n                                 Apache License")
    assert any(n.endswith("/py.typed") for n in names)
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata["Author"] or metadata["Author-email"]
    classifiers = metadata.get_all("Classifier") or []
    for python in PYTHONS:
        assert f"Programming Language :: Python :: {python}" in classifiers
    assert metadata["Requires-Python"] == ">=3.11"
    for requirement in metadata.get_all("Requires-Dist") or []:
        if requirement.startswith("openstack-core"):  # the compatibility policy (README)
            assert re.match(r"openstack-core(\[test\])?<1,>=0\.\d+", requirement), requirement
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}
    assert "LICENSE" in members
    if distribution != "openstack-core":
        assert "tests/conftest.py" in members
        assert not any(m.startswith("tests/functional") for m in members)


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> Path:
    """A new virtualenv with every wheel and its test extra; returns its Python."""
    target = tmp_path_factory.mktemp("venv")
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    wheels = [str(_files(dist, d)[0]) + "[test]" for d in sorted(DISTRIBUTIONS)]
    _run(
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--find-links",
        dist,
        *wheels,
        cwd=target,
        env=env,
    )
    return python


def test_installed_wheels_list_their_services(
    installed: Path, tmp_path: Path, env: dict[str, str]
) -> None:
    out = _run(installed, "-m", "openstack_core", "services", cwd=tmp_path, env=env)
    rows = [line.split() for line in out.splitlines()]
    assert ["compute", "v2", "openstack-compute", "0.1.0"] in rows
    assert ["image", "v2", "openstack-image", "0.1.0"] in rows
    script = installed.with_name("openstack-core")
    assert _run(script, "--version", cwd=tmp_path, env=env).startswith("openstack-core ")
    # Nothing of the checkout is importable from there.
    code = "import openstack_core, sys; print(openstack_core.__file__)"
    assert "site-packages" in _run(installed, "-c", code, cwd=tmp_path, env=env)


@pytest.mark.parametrize("distribution", ["openstack-compute", "openstack-image"])
def test_tests_shipped_in_the_sdist_pass(
    dist: Path, installed: Path, distribution: str, tmp_path: Path, env: dict[str, str]
) -> None:
    _, sdist = _files(dist, distribution)
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    (unpacked,) = tmp_path.iterdir()
    out = _run(installed, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=unpacked, env=env)
    summary = out.strip().splitlines()[-1]
    assert re.fullmatch(r"=* ?\d+ passed in [\d.]+s ?=*", summary), summary


def test_readme_install_commands(
    tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]
) -> None:
    """README.md's install block (``<!-- check: packaging -->``), run as written."""
    from tests.blocks import blocks

    (block,) = [b for b in blocks() if b.kind == "packaging"]
    source = _source(tmp_path_factory)
    _run("bash", "-euo", "pipefail", "-c", block.code, cwd=source, env=env)
    bin_dir = source / ".venv" / "bin"
    out = _run(bin_dir / "openstack-core", "services", cwd=source, env=env)
    assert {"compute", "image"} <= {line.split()[0] for line in out.splitlines()[1:]}
    assert "up to date" in _run(bin_dir / "openstack-core", "stubs", "--check", cwd=source, env=env)


def test_readme_quickstart_on_a_machine_with_no_cloud(
    tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]
) -> None:
    """README.md's quickstart (``<!-- check: quickstart -->``): its two commands, as
    written, in a fresh virtualenv in a copy of the checkout, with no cloud configured
    (no ``OS_*``, an empty HOME): the example serves the local cloud and does the job."""
    from tests.blocks import blocks

    (block,) = [b for b in blocks() if b.kind == "quickstart"]
    source = _source(tmp_path_factory)
    shutil.copytree(ROOT / "examples", source / "examples", ignore=IGNORE)
    script = f"python3 -m venv .venv && . .venv/bin/activate\n{block.code}"
    out = _run("bash", "-euo", "pipefail", "-c", script, cwd=source, env=env)
    assert "local cloud ready: http://127.0.0.1:" in out, out
    assert ": ACTIVE" in out and out.rstrip().endswith("local cloud stopped (exit 0)"), out
