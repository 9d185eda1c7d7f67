"""Any client works: openstacksdk 4.22 against the served local cloud.

``tox -e functional-local`` installs ``openstacksdk==4.22.0`` (in that environment
only) and runs this module against the cloud ``local`` that
``python -m openstack_core local-cloud serve`` wrote to its clouds.yaml, as an
openstacksdk user would: ``openstack.connect(cloud="local")``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = [
    pytest.mark.local_cloud_only,
    # openstacksdk warns about its own deprecations (influxdb, _compute_attributes, ...).
    pytest.mark.filterwarnings(r"ignore::Warning:openstack\."),
]

MISSING = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(scope="module")
def sdk(nova_service: Any) -> Iterator[Any]:
    """``openstack.connect(cloud="local")`` on the clouds.yaml the server wrote."""
    openstack = pytest.importorskip("openstack")
    assert importlib.metadata.version("openstacksdk") == "4.22.0"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OS_CLIENT_CONFIG_FILE", str(nova_service.served_clouds_yaml))
        conn = openstack.connect(cloud="local")
    try:
        yield conn
    finally:
        conn.close()


def test_openstacksdk_drives_the_local_cloud(sdk: Any, nova_service: Any) -> None:
    import openstack

    name = f"osc-sdk-{uuid.uuid4().hex[:8]}"
    data = os.urandom(300_000)
    image = sdk.image.create_image(
        name,
        data=data,
        disk_format="raw",
        container_format="bare",
        validate_checksum=True,
        wait=True,
    )
    servers: list[Any] = []
    try:
        assert image.status == "active" and image.size == len(data)
        assert image.checksum == hashlib.md5(data, usedforsecurity=False).hexdigest()
        assert (image.hash_algo, image.hash_value) == ("sha512", hashlib.sha512(data).hexdigest())
        downloaded = sdk.image.download_image(image)
        assert downloaded.content == data
        assert hashlib.md5(downloaded.content, usedforsecurity=False).hexdigest() == image.checksum

        flavor = sdk.compute.find_flavor("m1.tiny", ignore_missing=False)
        for index in range(3):
            servers.append(
                sdk.compute.create_server(
                    name=f"{name}-{index}", image_id=image.id, flavor_id=flavor.id, networks="none"
                )
            )
        active = [sdk.compute.wait_for_server(s, interval=0.2, wait=60) for s in servers]
        assert {s.status for s in active} == {"ACTIVE"}

        pages: list[str] = []
        hook = lambda response, *args, **kwargs: pages.append(response.url)  # noqa: E731
        sdk.session.session.hooks["response"].append(hook)
        try:
            listed = list(sdk.compute.servers(name=name, limit=2))
        finally:
            sdk.session.session.hooks["response"].remove(hook)
        assert sorted(s.id for s in listed) == sorted(s.id for s in servers)
        detail = [u for u in pages if "/servers/detail" in u]
        # Nova's servers_links followed (openstacksdk asks once more after a short page).
        assert len(detail) >= 2 and "marker=" in detail[1], detail

        found = sdk.compute.find_server(f"{name}-1", ignore_missing=False)
        assert found.id == servers[1].id

        sdk.compute.reboot_server(found, "SOFT")
        assert sdk.compute.get_server(found).status == "REBOOT"
        assert sdk.compute.wait_for_server(found, interval=0.2, wait=60).status == "ACTIVE"

        with pytest.raises(openstack.exceptions.NotFoundException) as missing:
            sdk.compute.get_server(MISSING)
        assert missing.value.status_code == 404
    finally:
        for server in servers:
            sdk.compute.delete_server(server, ignore_missing=True)
        for server in servers:
            sdk.compute.wait_for_delete(server, interval=0.2, wait=60)
        sdk.image.delete_image(image, ignore_missing=True)
    assert sdk.compute.find_server(f"{name}-0") is None
    with pytest.raises(openstack.exceptions.NotFoundException):
        sdk.compute.get_server(servers[0].id)
