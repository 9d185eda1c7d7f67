"""Measure resident-memory growth of a 1 GiB image upload and download (mocked HTTP).

Run: ``python plugins/image/scripts/transfer_memory.py``. It streams 1 GiB up and 1 GiB
down through the plugin against requests-mock and prints the peak RSS growth of each;
the target is under 64 MiB.
"""

from __future__ import annotations

import hashlib
import io
import resource
from typing import Any

import requests_mock
from openstack_image.v2._proxy import Proxy

from openstack_core.testing import FakeCloud

MIB = 1 << 20
SIZE_MIB = 1024
URL = "https://image.example.com/v2"


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Zeros(io.RawIOBase):
    """A response body of ``size`` zero bytes, produced as it is read."""

    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self.left)
        buffer[:n] = bytes(n)
        self.left -= n
        return n


class Discard(io.RawIOBase):
    """An output file that keeps nothing."""

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        return len(chunk)


def main() -> None:
    """Run the measurement and print the figures."""
    md5 = hashlib.md5(usedforsecurity=False)
    for _ in range(SIZE_MIB):
        md5.update(bytes(MIB))
    received = 0

    def sink(request: Any, context: Any) -> str:
        nonlocal received
        for chunk in request.body:
            received += len(chunk)
        context.status_code = 204
        return ""

    with requests_mock.Mocker() as mock:
        cloud = FakeCloud(mock)
        cloud.add_service("image", "https://image.example.com", version_path="v2")
        mock.post(f"{URL}/images", status_code=201, json={"id": "i", "status": "queued"})
        mock.put(f"{URL}/images/i/file", text=sink)
        mock.get(
            f"{URL}/images/i", json={"id": "i", "status": "active", "checksum": md5.hexdigest()}
        )
        mock.get(f"{URL}/images/i/file", body=io.BufferedReader(Zeros(SIZE_MIB * MIB)))
        image = cloud.proxy(Proxy, version="2")
        image.get("/images/i")  # authenticate and discover before measuring
        base = peak_rss_mib()
        image.create_image("big", data=(bytes(MIB) for _ in range(SIZE_MIB)), disk_format="raw")
        after_upload = peak_rss_mib()
        image.download_image("i", output=Discard())
        after_download = peak_rss_mib()
    print(f"upload of {received // MIB} MiB: peak RSS growth {after_upload - base:.1f} MiB")
    print(f"upload + download of {SIZE_MIB} MiB: peak RSS growth {after_download - base:.1f} MiB")


if __name__ == "__main__":
    main()
