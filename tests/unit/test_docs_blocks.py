"""Every code block of README.md and docs/*.md is checked, so none can rot.

The HTML comment before a block says how (a block without one fails
``test_every_block_says_how_it_is_checked``):

- ``<!-- check: run fake-cloud -->``: Python run as written against a fake cloud: a
  clouds.yaml whose ``mycloud`` is a FakeCloud with a few servers and images (the
  ``fake-cloud`` fixture below). The fixture is named so that a block can later say
  ``run local-cloud`` and be run against the local cloud instead.
- ``<!-- check: run -->``: Python run as written, needing nothing.
- ``<!-- check: pytest -->``: written to a test file and run by pytest in a child
  process, with the fixtures openstack-core and requests-mock register.
- ``<!-- check: clouds.yaml -->``: every cloud and region of it builds a configuration
  and an auth plugin.
- ``<!-- check: toml -->``: parses, and every entry-point name is well formed.
- ``<!-- check: console -->``: each ``$ command`` runs and prints every line shown.
- ``<!-- check: ci -->``: ``.ci/run`` runs each command (or the tox env is in
  ``env_list``, which ``python3 -m tox`` in .ci/run runs).
- ``<!-- check: packaging -->``: run as written by ``tests/packaging`` in a copy of
  the checkout.
- ``<!-- check: covered-by FILE -->``: the commands are those FILE runs (every word
  of each command appears in it).
- ``<!-- docs-test: project/path -->``: a file of a plugin in docs/plugins.md, built and
  tested by ``tests/unit/test_docs.py``.
- ``<!-- check: quickstart -->``: run as written in a fresh virtualenv in a copy of the
  checkout, with no cloud configured, by ``tests/packaging``; ``<!-- check:
  quickstart-output -->``: what it prints, compared line by line (ids, ports and
  timings aside) with a real run by ``tests/unit/test_quickstart.py``.
- ``<!-- check: observability -->``: run in the ``observability`` env (with the metrics
  libraries) by ``tests/observability/test_readme.py``.
- ``<!-- check: local-cloud -->``: the local cloud's command line and settings, run by
  ``tests/unit/test_local_cloud_serve.py``.
"""

from __future__ import annotations

import configparser
import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests_mock

from openstack_core import _config, _config_auth
from openstack_core.plugin_api import NAMESPACE, parse_name
from openstack_core.testing import FakeCloud
from tests.blocks import KINDS, Block, blocks

ROOT = Path(__file__).resolve().parents[2]


def of_kind(kind: str) -> list[Any]:
    return [pytest.param(b, id=str(b)) for b in blocks() if b.kind == kind]


def test_every_block_says_how_it_is_checked() -> None:
    unchecked = [f"{b} ({b.marker or 'no marker'})" for b in blocks() if b.kind not in KINDS]
    assert not unchecked, "blocks without a known <!-- check: ... --> marker: " + ", ".join(
        unchecked
    )
    assert len(blocks()) > 20


# -- the fake cloud README examples run against -------------------------------------------

COMPUTE = "https://compute.example.com/v2.1"
IMAGE = "https://image.example.com"
SERVERS = [
    {
        "id": "8a1d3c52-0f6e-4a39-9d1e-2f1b7c3e4a01",
        "name": "web-1",
        "status": "ACTIVE",
        "flavor": {"original_name": "m1.small", "vcpus": 1, "ram": 2048, "disk": 20},
        "image": {"id": "70a599e0-31e7-49b7-b260-868f441e862b"},
    },
    {
        "id": "8a1d3c52-0f6e-4a39-9d1e-2f1b7c3e4a02",
        "name": "batch-1",
        "status": "SHUTOFF",
        "flavor": {"original_name": "m1.tiny", "vcpus": 1, "ram": 512, "disk": 1},
        "image": {"id": "70a599e0-31e7-49b7-b260-868f441e862b"},
    },
]
IMAGES = [
    {
        "id": "70a599e0-31e7-49b7-b260-868f441e862b",
        "name": "ubuntu-24.04",
        "status": "active",
        "disk_format": "qcow2",
        "container_format": "bare",
        "visibility": "public",
    }
]


FLAVORS = [
    {"id": "2", "name": "m1.small", "vcpus": 1, "ram": 2048, "disk": 20},
    {"id": "1", "name": "m1.tiny", "vcpus": 1, "ram": 512, "disk": 1},
]


def _matching(items: list[dict[str, Any]], request: Any) -> list[dict[str, Any]]:
    """The items whose fields equal the query's; filters on other keys (Nova's
    ``is_public=None``, paging) are not applied."""
    known = {key for item in items for key in item}
    query = {k: v[0] for k, v in request.qs.items() if k in known}
    return [i for i in items if all(str(i.get(k, "")).lower() == v for k, v in query.items())]


def _one(items: list[dict[str, Any]], key: str | None) -> Any:
    def answer(request: Any, context: Any) -> Any:
        wanted = request.path.rstrip("/").rsplit("/", 1)[-1]
        for item in items:
            if item["id"].lower() == wanted:
                return {key: item} if key else item
        context.status_code = 404
        return {"itemNotFound": {"code": 404, "message": f"{wanted} could not be found."}}

    return answer


@pytest.fixture
def fake_cloud_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeCloud]:
    """``mycloud`` in clouds.yaml: a FakeCloud with a small Nova (2.96) and Glance.

    Servers, flavors and images can be listed (with equality filters), fetched by id,
    servers created (ACTIVE at once) and sent actions.
    """
    servers = [dict(s) for s in SERVERS]

    def create(request: Any, context: Any) -> Any:
        body = request.json()["server"]
        server = {
            "id": f"8a1d3c52-0f6e-4a39-9d1e-2f1b7c3e4a{len(servers) + 1:02d}",
            "name": body["name"],
            "status": "ACTIVE",
            "flavor": {"original_name": body["flavorRef"]},
            "image": {"id": body["imageRef"]},
        }
        servers.append(server)
        context.status_code = 202
        return {"server": {"id": server["id"], "adminPass": "x"}}

    with requests_mock.Mocker() as mock:
        cloud = FakeCloud(mock)
        cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.96"))
        cloud.add_service("image", IMAGE, version_path="v2", version_id="v2.16")
        # requests-mock tries the latest registration first: listings after /<id>.
        mock.get(re.compile(rf"^{COMPUTE}/servers/[^/]+$"), json=_one(servers, "server"))
        mock.get(f"{COMPUTE}/servers/detail", json=lambda r, c: {"servers": _matching(servers, r)})
        mock.post(f"{COMPUTE}/servers", json=create)
        mock.post(re.compile(rf"^{COMPUTE}/servers/[^/]+/action$"), status_code=202)
        mock.get(re.compile(rf"^{COMPUTE}/flavors/[^/]+$"), json=_one(FLAVORS, "flavor"))
        mock.get(f"{COMPUTE}/flavors/detail", json=lambda r, c: {"flavors": _matching(FLAVORS, r)})
        mock.get(re.compile(rf"^{IMAGE}/v2/images/[^/]+$"), json=_one(IMAGES, None))
        mock.get(f"{IMAGE}/v2/images", json=lambda r, c: {"images": _matching(IMAGES, r)})
        clouds = tmp_path / "clouds.yaml"
        clouds.write_text(
            "clouds:\n  mycloud:\n    region_name: RegionOne\n    auth:\n"
            f"      auth_url: {cloud.auth_url}\n      username: demo\n"
            f"      password: secret\n      project_id: {cloud.project_id}\n"
            "      user_domain_id: default\n"
        )
        monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
        yield cloud


def _execute(block: Block) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(block.code, str(block), "exec"), {"__name__": "__docs__"})
    return out.getvalue()


@pytest.mark.parametrize("block", of_kind("run fake-cloud"))
def test_runs_against_a_fake_cloud(block: Block, fake_cloud_config: FakeCloud) -> None:
    output = _execute(block)
    assert output, f"{block} printed nothing"


@pytest.mark.parametrize("block", of_kind("run"))
def test_runs_as_written(block: Block) -> None:
    _execute(block)


@pytest.mark.parametrize("block", of_kind("pytest"))
def test_pytest_blocks_pass(block: Block, tmp_path: Path) -> None:
    (tmp_path / "test_block.py").write_text(block.code)
    (tmp_path / "clouds.yaml").write_text("")  # no configuration but the block's
    env = dict(PATH=os.environ.get("PATH", ""), HOME=str(tmp_path), PYTHONDONTWRITEBYTECODE="1")
    env["OS_CLIENT_CONFIG_FILE"] = str(tmp_path / "clouds.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_block.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"{block}:\n{result.stdout}{result.stderr}"
    assert re.search(r"\b\d+ passed\b", result.stdout), result.stdout


@pytest.mark.parametrize("block", of_kind("clouds.yaml"))
def test_clouds_yaml_builds(block: Block, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    monkeypatch.setenv("HOME", str(tmp_path))
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(block.code)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    for value in re.findall(r"(?:cacert|cert|key): (~/\S+)", block.code):
        path = Path(value.replace("~", str(tmp_path), 1))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
    for name, entry in yaml.safe_load(block.code)["clouds"].items():
        regions = [r["name"] if isinstance(r, dict) else r for r in entry.get("regions", [])]
        for region in regions or [None]:
            config = _config.build_config(name, region_name=region)
            assert _config_auth.build_auth(config) is not None


@pytest.mark.parametrize("block", of_kind("toml"))
def test_toml_parses_with_well_formed_entry_points(block: Block) -> None:
    data = tomllib.loads(block.code)
    names = data.get("project", {}).get("entry-points", {}).get(NAMESPACE, {})
    for name in names:
        assert parse_name(name) is not None, f"{block}: malformed entry point {name!r}"


def _commands(code: str) -> list[tuple[str, list[str]]]:
    """``$ command`` lines and the output lines shown after each."""
    shown: list[tuple[str, list[str]]] = []
    for line in code.splitlines():
        if line.startswith("$ "):
            shown.append((line[2:], []))
        elif shown and line.strip():
            shown[-1][1].append(line)
    return shown


@pytest.mark.parametrize("block", of_kind("console"))
def test_console_commands_print_what_is_shown(block: Block, tmp_path: Path) -> None:
    commands = _commands(block.code)
    assert commands, f"{block}: no '$ command' line"
    bin_dir = str(Path(sys.executable).parent)
    env = {
        "PATH": bin_dir + os.pathsep + os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "OS_CLIENT_CONFIG_FILE": os.environ["OS_CLIENT_CONFIG_FILE"],
    }
    for command, expected in commands:
        argv = shlex.split(command, comments=True)
        if argv[0] in ("python", "python3"):
            argv[0] = sys.executable
        result = subprocess.run(
            argv, cwd=tmp_path, env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"{block}: {command}\n{result.stderr}"
        printed = [line.split() for line in result.stdout.splitlines()]
        for line in expected:
            assert line.split() in printed, f"{block}: {command} did not print {line!r}"


def _command_lines(code: str) -> list[str]:
    lines = [line.removeprefix("$ ") for line in code.splitlines()]
    return [line.split("  #", 1)[0].strip() for line in lines if line.strip()]


def _tox_env_list() -> list[str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "tox.ini")
    return [e.strip() for e in parser["tox"]["env_list"].split(",")]


@pytest.mark.parametrize("block", of_kind("ci"))
def test_ci_runs_these_commands(block: Block) -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    for command in _command_lines(block.code):
        env = re.fullmatch(r"python3 -m tox -e ([\w-]+)", command)
        assert command in ci or (env and env.group(1) in _tox_env_list()), (
            f"{block}: .ci/run does not run {command!r}"
        )


@pytest.mark.parametrize("block", of_kind("covered-by"))
def test_commands_are_those_a_test_runs(block: Block) -> None:
    target = ROOT / block.marker.split("covered-by", 1)[1].strip()
    text = target.read_text()
    for command in _command_lines(block.code):
        words = shlex.split(command)
        if words[0] in ("python", "python3"):
            words = words[3:] if words[1:2] == ["-m"] else words[1:]  # the module's name
            words = [w.replace("openstack_core", "") for w in words if w != "openstack_core"]
        missing = [w for w in words if w not in text]
        assert not missing, f"{block}: {target.name} never runs {missing} of {command!r}"


def test_packaging_blocks_are_run_by_the_packaging_test() -> None:
    assert of_kind("packaging"), "README.md has its install commands marked for packaging"
    source = (ROOT / "tests" / "packaging" / "test_distributions.py").read_text()
    assert '"packaging"' in source and "test_readme_install_commands" in source
