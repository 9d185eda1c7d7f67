"""The README's observability examples run as written, each in a process of its own
(OpenTelemetry's global provider is set once per process), against a fake cloud."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.blocks import Block, blocks

README = Path(__file__).resolve().parents[2] / "README.md"

PREAMBLE = textwrap.dedent(
    """
    import os, tempfile
    import requests_mock
    from openstack_core.testing import AUTH_URL, FakeCloud

    _mock = requests_mock.Mocker()
    _mock.start()
    _cloud = FakeCloud(_mock)
    _cloud.add_service("compute", "https://compute.example.com/v2.1",
                       microversions=("2.1", "2.96"))
    _mock.get("https://compute.example.com/v2.1/servers/detail",
              json={"servers": [{"id": "1", "name": "web-1"}]},
              headers={"x-openstack-request-id": "req-readme"})
    _clouds = os.path.join(tempfile.mkdtemp(), "clouds.yaml")
    with open(_clouds, "w") as _file:
        _file.write(
            "clouds:\\n  mycloud:\\n    region_name: RegionOne\\n    auth:\\n"
            f"      auth_url: {AUTH_URL}\\n      username: demo\\n"
            "      password: fake-password\\n"
            f"      project_id: {_cloud.project_id}\\n      user_domain_id: default\\n"
        )
    os.environ["OS_CLIENT_CONFIG_FILE"] = _clouds
    """
)


def _blocks() -> list[Block]:
    return [b for b in blocks() if b.kind == "observability"]


def _examples() -> list[str]:
    """The README's observability examples (``<!-- check: observability -->``)."""
    return [b.code for b in _blocks() if b.lang == "python"]


def test_the_section_has_its_examples() -> None:
    assert len(_examples()) == 4


@pytest.mark.parametrize("number", range(4))
def test_readme_example_runs(number: int) -> None:
    code = _examples()[number]
    result = subprocess.run(
        [sys.executable, "-c", PREAMBLE + code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    output = result.stdout + result.stderr
    expected = {
        0: "openstack_http_requests_total",
        1: "('GET', '/v2.1/servers/detail', 200)",
        2: '"name": "GET /v2.1/servers/detail"',
        3: "GET https://compute.example.com/v2.1/servers/detail 200 in",
    }[number]
    assert expected in output, output[-3000:]


def test_readme_metrics_configuration_is_read(tmp_path: Path) -> None:
    """The README's clouds.yaml with a ``metrics:`` section is accepted: both backends
    are built from it for the cloud, with the cloud's statsd prefix over the file's."""
    (block,) = [b for b in _blocks() if b.lang == "yaml"]
    document = yaml.safe_load(block.code.replace("auth: {...}", "auth: {}"))
    document["clouds"]["mycloud"]["auth"] = {
        "auth_url": "https://identity.example.com/v3",
        "username": "demo",
        "password": "fake-password",
        "project_id": "p",
        "user_domain_id": "default",
    }
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(yaml.safe_dump(document))
    code = textwrap.dedent(
        f"""
        import os
        os.environ["OS_CLIENT_CONFIG_FILE"] = {str(clouds)!r}
        import openstack_core
        conn = openstack_core.connect(cloud="mycloud")
        names = sorted(type(o).__name__ for o in conn._backends)
        print(names)
        conn.close()
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Statsd" in result.stdout and "InfluxDB" in result.stdout, result.stdout
