"""Hook 7: a distribution deliberately replaces the built-in compute.v2 plugin.

``acme-compute`` is written as real ``.dist-info`` metadata into a temporary directory
that only a child interpreter has on its path, so the shared test environment never sees
a second compute.v2 (stevedore caches entry points per process).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PLUGIN = '''"""Acme's own compute plugin, replacing openstack-compute when chosen."""

from openstack_core import proxy, resource


class Server(resource.Resource):
    """Acme's server."""

    resources_key = "servers"
    base_path = "/servers/detail"
    allow_list = True


class Proxy(proxy.Proxy):
    """compute v2 by Acme."""

    service_type = "compute"
    api_version = 2
    plugin_api_version = "1.1"

    def servers(self, **query):
        """Iterate over servers, Acme's way."""
        return self._list(Server, **query)
'''

SCRIPT = """
import json, requests_mock
from openstack_core import exceptions
from openstack_core.testing import FakeCloud

COMPUTE = "https://compute.example.com/v2.1"
found = {}
with requests_mock.Mocker() as mock:
    cloud = FakeCloud(mock)
    cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.96"))
    mock.get(COMPUTE + "/servers/detail", json={"servers": [{"id": "s1"}]})
    try:
        cloud.connection().compute
    except exceptions.PluginConflictError as exc:
        found["unchosen"] = str(exc)
    conn = cloud.connection(compute_plugin_distribution="acme-compute")
    found["argument"] = type(conn.compute).__module__
    found["servers"] = [s.id for s in conn.compute.servers()]
    found["from_clouds_yaml"] = type(cloud.connection(cloud="acme").compute).__module__
    found["builtin"] = type(
        cloud.connection(compute_plugin_distribution="openstack-compute").compute
    ).__module__
print(json.dumps(found))
"""


def _install_acme_compute(site: Path) -> None:
    (site / "acme_compute.py").write_text(PLUGIN)
    info = site / "acme_compute-3.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: acme-compute\nVersion: 3.0.0\n")
    (info / "entry_points.txt").write_text(
        "[openstack_core.services]\ncompute.v2 = acme_compute:Proxy\n"
    )


def test_chosen_distribution_replaces_builtin_compute(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    _install_acme_compute(site)
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text("clouds:\n  acme:\n    compute_plugin_distribution: acme-compute\n")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(site),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "OS_CLIENT_CONFIG_FILE": str(clouds),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    # Not chosen: an error naming both distributions and the key that chooses.
    unchosen = found["unchosen"]
    assert "2 distributions register compute.v2" in unchosen
    assert "openstack-compute 0.1.0" in unchosen and "acme-compute 3.0.0" in unchosen
    assert "compute_plugin_distribution" in unchosen
    # Chosen as an argument or in clouds.yaml: the replacement, making real requests.
    assert found["argument"] == found["from_clouds_yaml"] == "acme_compute"
    assert found["servers"] == ["s1"]
    # Choosing the built-in by name keeps it.
    assert found["builtin"] == "openstack_compute.v2._proxy"
