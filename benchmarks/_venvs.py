"""The benchmark's virtualenvs, built on demand under a cache directory.

``core``
    openstack-core and the compute, image, network and identity plugins, installed (not
    editable) from wheels built out of this checkout, plus their dependencies from the
    package index, and prometheus-client (the listing with Prometheus on).
    The floor contender runs here too: keystoneauth1 is one of those dependencies.
``sdk``
    ``pip install openstacksdk``: the newest release the index offers.
``core50``
    Everything ``core`` has plus 50 tiny dummy plugin distributions, each a real wheel
    installed by pip and registering one ``openstack_core.services`` entry point.

The checkout's wheels are rebuilt, and reinstalled into ``core`` and ``core50``, whenever
a source file of the local distributions changes (a hash of their files is kept next to
each virtualenv), so a benchmark always measures the code in the working tree.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

#: (directory in the checkout, package directory inside it) of each local distribution.
LOCAL_DISTRIBUTIONS = (
    (".", "openstack_core"),
    ("plugins/compute", "openstack_compute"),
    ("plugins/image", "openstack_image"),
    ("plugins/network", "openstack_network"),
    ("plugins/identity", "openstack_identity"),
)
DUMMY_PLUGINS = 50
DUMMY_PREFIX = "bench_dummy"
_STAMP = ".bench-stamp"
#: Index packages the core virtualenvs get beside the checkout's distributions, with
#: the marker file saying they were installed (virtualenvs built before they existed
#: get them on the next run).
CORE_EXTRAS = ("prometheus-client",)
_EXTRAS_STAMP = ".bench-extras"
_REPORTED = (
    "openstack-core",
    "openstack-compute",
    "openstack-image",
    "openstack-network",
    "openstack-identity",
    "openstacksdk",
    "keystoneauth1",
    "requests",
    "stevedore",
    "PyYAML",
    "prometheus-client",
)


@dataclass(frozen=True)
class Environments:
    """The Python executables of the three virtualenvs and what is installed in them."""

    core: Path
    sdk: Path
    core50: Path
    versions: dict[str, dict[str, str]]


def _python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _run(command: list[str | Path], log: Path) -> None:
    """Run a setup command, its output appended to ``log``; fail with the log's tail."""
    with log.open("a") as handle:
        handle.write(f"\n$ {' '.join(map(str, command))}\n")
        handle.flush()
        result = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, check=False)
    if result.returncode != 0:
        tail = "\n".join(log.read_text().splitlines()[-30:])
        raise RuntimeError(
            f"benchmark setup failed (exit {result.returncode}): "
            f"{' '.join(map(str, command))}\n{tail}\nfull log: {log}"
        )


def source_stamp(repo: Path) -> str:
    """A hash of every file that goes into the checkout's three wheels."""
    digest = hashlib.sha256()
    for directory, package in LOCAL_DISTRIBUTIONS:
        root = repo / directory
        files = [root / "pyproject.toml", root / "README.md"]
        files += sorted(p for p in (root / package).rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.suffix in (".pyc", ".pyo"):
                continue
            digest.update(str(path.relative_to(repo)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def build_local_wheels(repo: Path, out: Path, log: Path) -> list[Path]:
    """Wheels of openstack-core and the two plugins, built from copies of the sources
    so that no build directory or egg-info is left in the checkout."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="osc-bench-src-") as temporary:
        sources = []
        for directory, package in LOCAL_DISTRIBUTIONS:
            source = repo / directory
            copy = Path(temporary) / package
            copy.mkdir()
            for name in ("pyproject.toml", "README.md"):
                shutil.copy2(source / name, copy / name)
            shutil.copytree(
                source / package, copy / package, ignore=shutil.ignore_patterns("__pycache__")
            )
            sources.append(copy)
        _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", out, *sources], log)
    return sorted(out.glob("*.whl"))


def _dummy_proxy_source(number: int) -> str:
    service = f"bench-dummy-{number:02d}"
    return (
        f'"""Dummy plugin {number} of the openstack-core benchmark; never imported."""\n\n'
        "from openstack_core import proxy\n\n\n"
        "class Proxy(proxy.Proxy):\n"
        f'    """Proxy of the fake service {service}."""\n\n'
        f'    service_type = "{service}"\n'
        "    api_version = 1\n"
        '    plugin_api_version = "1.0"\n'
    )


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_dummy_wheel(number: int, out: Path) -> Path:
    """A real, installable wheel of dummy plugin ``number`` (PEP 427 layout, no build
    backend needed): one package and one ``openstack_core.services`` entry point."""
    package = f"{DUMMY_PREFIX}_{number:02d}"
    project = f"bench-dummy-plugin-{number:02d}"
    dist_info = f"{project.replace('-', '_')}-0.1.0.dist-info"
    files = {
        f"{package}/__init__.py": f'"""Dummy plugin {number}."""\n'.encode(),
        f"{package}/_proxy.py": _dummy_proxy_source(number).encode(),
        f"{dist_info}/METADATA": (
            f"Metadata-Version: 2.1\nName: {project}\nVersion: 0.1.0\n"
            "Summary: dummy service plugin for the openstack-core benchmark\n"
            "Requires-Dist: openstack-core\n"
        ).encode(),
        f"{dist_info}/WHEEL": (
            b"Wheel-Version: 1.0\nGenerator: openstack-core-benchmark\n"
            b"Root-Is-Purelib: true\nTag: py3-none-any\n"
        ),
        f"{dist_info}/entry_points.txt": (
            f"[openstack_core.services]\nbench-dummy-{number:02d}.v1 = {package}._proxy:Proxy\n"
        ).encode(),
    }
    record = [_record_line(name, data) for name, data in files.items()]
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    path = out / f"{project.replace('-', '_')}-0.1.0-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)
    return path


def _versions(python: Path) -> dict[str, str]:
    code = (
        "import importlib.metadata as m, json\n"
        "found = {}\n"
        f"for name in {list(_REPORTED)!r}:\n"
        "    try:\n"
        "        found[name] = m.version(name)\n"
        "    except m.PackageNotFoundError:\n"
        "        pass\n"
        "print(json.dumps(found))\n"
    )
    output = subprocess.run(
        [python, "-I", "-c", code], capture_output=True, text=True, check=True
    ).stdout
    result: dict[str, str] = json.loads(output)
    return result


def _create(venv: Path, log: Path) -> None:
    if venv.exists():
        shutil.rmtree(venv)
    _run([sys.executable, "-m", "venv", venv], log)


def _install(venv: Path, requirements: Iterable[str | Path], log: Path, *flags: str) -> None:
    _run([_python(venv), "-m", "pip", "install", "-q", *flags, *requirements], log)


def prepare(repo: Path, cache: Path, *, refresh: bool, say: Callable[[str], None]) -> Environments:
    """Create or update the three virtualenvs; returns their Python executables."""
    cache.mkdir(parents=True, exist_ok=True)
    log = cache / "setup.log"
    stamp = source_stamp(repo)
    wheels_dir = cache / "wheels" / stamp
    if not any(wheels_dir.glob("*.whl")):
        say(f"building wheels of the checkout ({stamp})")
        build_local_wheels(repo, wheels_dir, log)
    local = sorted(wheels_dir.glob("*.whl"))

    dummy_dir = cache / "dummy-wheels"
    if len(list(dummy_dir.glob("*.whl"))) != DUMMY_PLUGINS:
        shutil.rmtree(dummy_dir, ignore_errors=True)
        dummy_dir.mkdir(parents=True)
        for number in range(DUMMY_PLUGINS):
            build_dummy_wheel(number, dummy_dir)
    dummies = sorted(dummy_dir.glob("*.whl"))

    for name, extra in (("core", []), ("core50", dummies)):
        venv = cache / f"venv-{name}"
        stamp_file = venv / _STAMP
        installed = stamp_file.read_text() if stamp_file.exists() else None
        if refresh or not _python(venv).exists():
            say(f"creating virtualenv {venv}")
            _create(venv, log)
            _install(venv, [*local, *extra], log)
        elif installed != stamp:
            say(f"reinstalling the checkout's distributions into {venv}")
            _install(venv, local, log, "--force-reinstall", "--no-deps")
        stamp_file.write_text(stamp)
        extras_stamp = venv / _EXTRAS_STAMP
        if not extras_stamp.exists() or extras_stamp.read_text() != " ".join(CORE_EXTRAS):
            say(f"installing {', '.join(CORE_EXTRAS)} into {venv}")
            _install(venv, CORE_EXTRAS, log)
            extras_stamp.write_text(" ".join(CORE_EXTRAS))

    sdk = cache / "venv-sdk"
    if refresh or not _python(sdk).exists():
        say(f"creating virtualenv {sdk} (pip install openstacksdk)")
        _create(sdk, log)
        _install(sdk, ["openstacksdk"], log)

    envs = {"core": cache / "venv-core", "sdk": sdk, "core50": cache / "venv-core50"}
    return Environments(
        core=_python(envs["core"]),
        sdk=_python(envs["sdk"]),
        core50=_python(envs["core50"]),
        versions={name: _versions(_python(path)) for name, path in envs.items()},
    )
