"""Measure resident-memory growth of 1 GiB image uploads and downloads (mocked HTTP).

Run: ``python plugins/image/scripts/transfer_memory.py``. It streams 1 GiB up from an
iterator (chunked) and from a file path (Content-Length), then 1 GiB down to a file
object and to a path (temporary file renamed into place), through the plugin against
requests-mock, and prints the peak RSS growth after each step; the target is under
64 MiB. The source file is sparse and the downloaded one is removed at the end.
"""

from __future__ import annotations

import hashlib
import io
import resource
import tempfile
from pathlib import Path
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

    size = SIZE_MIB * MIB
    with requests_mock.Mocker() as mock, tempfile.TemporaryDirectory() as tmp:
        cloud = FakeCloud(mock)
        cloud.add_service("image", "https://image.example.com", version_path="v2")
        mock.post(f"{URL}/images", status_code=201, json={"id": "i", "status": "queued"})
        mock.put(f"{URL}/images/i/file", text=sink)
        mock.get(
            f"{URL}/images/i",
            json={"id": "i", "status": "active", "checksum": md5.hexdigest(), "size": size},
        )
        mock.get(f"{URL}/images/i/file", body=io.BufferedReader(Zeros(size)))
        image = cloud.proxy(Proxy, version="2")
        image.get("/images/i")  # authenticate and discover before measuring
        source = Path(tmp) / "source.raw"
        with source.open("wb") as handle:
            handle.truncate(size)  # sparse: reads as zeros, takes no disk space
        base = peak_rss_mib()
        figures = []
        image.create_image("big", data=(bytes(MIB) for _ in range(SIZE_MIB)), disk_format="raw")
        figures.append((f"upload of {received // MIB} MiB from an iterator", peak_rss_mib()))
        received = 0
        image.create_image("big", filename=source, disk_format="raw")
        figures.append((f"+ upload of {received // MIB} MiB from a path", peak_rss_mib()))
        image.download_image("i", output=Discard())
        figures.append((f"+ download of {SIZE_MIB} MiB to a file object", peak_rss_mib()))
        mock.get(f"{URL}/images/i/file", body=io.BufferedReader(Zeros(size)))
        target = Path(tmp) / "copy.raw"
        image.download_image("i", output=target)
        written = target.stat().st_size // MIB
        figures.append((f"+ download of {written} MiB to a path", peak_rss_mib()))
    for what, peak in figures:
        print(f"{what}: peak RSS growth {peak - base:.1f} MiB")


if __name__ == "__main__":
    main()
