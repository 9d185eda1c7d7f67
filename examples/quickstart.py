"""openstack-core's main job, on the local cloud when no cloud is configured.

    python3 examples/quickstart.py

With ``OS_CLOUD`` set or a clouds.yaml where openstack-core looks for one
(``OS_CLIENT_CONFIG_FILE``, ``./clouds.yaml``, ``~/.config/openstack/clouds.yaml``,
``/etc/openstack/clouds.yaml``), it uses that cloud. Otherwise it starts the local
cloud (``python -m openstack_core local-cloud serve``) and uses its cloud ``local``,
as any clouds.yaml cloud. Then it uploads an image, boots a server from it, lists the
servers and removes what it created, saying what it does.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import openstack_core

CLOUDS_YAML = (
    Path("clouds.yaml"),
    Path.home() / ".config" / "openstack" / "clouds.yaml",
    Path("/etc/openstack/clouds.yaml"),
)


def configured() -> bool:
    """Whether the user has a cloud of their own to run against."""
    if os.environ.get("OS_CLOUD") or os.environ.get("OS_CLIENT_CONFIG_FILE"):
        return True
    return any(p.with_suffix(s).exists() for p in CLOUDS_YAML for s in (".yaml", ".yml"))


@contextlib.contextmanager
def local_cloud() -> Iterator[str]:
    """Serve the local cloud in a child process; yields the cloud's name."""
    with tempfile.TemporaryDirectory(prefix="quickstart-") as work:
        clouds = Path(work) / "clouds.yaml"
        command = [
            sys.executable,
            "-m",
            "openstack_core",
            "local-cloud",
            "serve",
            "--port",
            "0",
            "--clouds-yaml",
            str(clouds),
        ]
        server = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            ready = server.stdout.readline().strip()  # "local cloud ready: <auth_url>"
            if not ready.startswith("local cloud ready:"):
                raise SystemExit(f"the local cloud did not start (exit {server.wait()})")
            print(f"{ready} (no cloud configured, so the local one)")
            os.environ["OS_CLIENT_CONFIG_FILE"] = str(clouds)
            yield "local"
        finally:
            server.send_signal(signal.SIGINT)
            print(f"local cloud stopped (exit {server.wait(timeout=30)})")


def main() -> int:
    """Upload, boot, list, clean up."""
    with contextlib.ExitStack() as stack:
        cloud = os.environ.get("OS_CLOUD") if configured() else stack.enter_context(local_cloud())
        conn = stack.enter_context(openstack_core.connect(cloud=cloud))
        print(f"connected to cloud {conn.config.name!r}, project {conn.current_project_id}")
        name = f"quickstart-{int(time.time())}"

        data = b"\0" * (1024 * 1024)  # a 1 MiB raw disk
        image = conn.image.create_image(
            name, data=data, disk_format="raw", container_format="bare", validate_checksum=True
        )
        stack.callback(print, f"image {name}: deleted")
        stack.callback(conn.image.delete_image, image)
        print(f"image {image.name}: {image.status}, {image.size} bytes, md5 {image.checksum}")

        flavor = min(conn.compute.flavors(), key=lambda f: (f.ram, f.vcpus))
        server = conn.compute.create_server(
            name=name, image_id=image.id, flavor_id=flavor.id, networks="auto"
        )
        print(f"server {name}: booting on {flavor.name} ({flavor.vcpus} vCPU, {flavor.ram} MiB)")
        server = conn.compute.wait_for_server(server, interval=0.5)
        stack.callback(print, f"server {name}: deleted")
        stack.callback(conn.compute.wait_for_delete, server, interval=0.5)
        stack.callback(conn.compute.delete_server, server)
        addresses = [a["addr"] for net in (server.addresses or {}).values() for a in net]
        print(f"server {name}: {server.status}, addresses {addresses or 'none'}")

        print("servers of the project:")
        for listed in conn.compute.servers():
            print(f"  {listed.id}  {listed.name:<28}  {listed.status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
