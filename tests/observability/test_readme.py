"""The README's observability examples run as written, each in a process of its own
(OpenTelemetry's global provider is set once per process), against a fake cloud."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

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


def _examples() -> list[str]:
    text = README.read_text()
    section = text.split("## Observability: metrics, tracing and logging", 1)[1]
    section = section.split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.DOTALL)


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
