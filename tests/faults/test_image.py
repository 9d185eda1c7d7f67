"""Image uploads and downloads broken in transit: nothing corrupt is ever left behind.

Uploads come from a path, bytes, a seekable file object, a pipe and a generator,
interrupted by an RST or a FIN, a 503 and a revoked token (401). Downloads are corrupted
or cut short (RST, FIN, a chunked answer that ends early) for every output mode: a
path, a file object, a stream and bytes in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from openstack_image.exceptions import ImageDownloadIncomplete, ImageHashMismatch

from openstack_core import exceptions
from tests.faults.conftest import Connect
from tests.faults.server import Fault, FaultServer

DATA = bytes(range(256)) * 12_000  # about 3 MiB: three 1 MiB chunks and a bit
FILE = r"/image/v2/images/[^/]+/file"


def _generator() -> Iterator[bytes]:
    for start in range(0, len(DATA), 500_000):
        yield DATA[start : start + 500_000]


def _pipe() -> IO[bytes]:
    """The reading end of a real pipe that a thread fills with DATA."""
    read_fd, write_fd = os.pipe()

    def feed() -> None:
        with os.fdopen(write_fd, "wb") as writer, contextlib.suppress(BrokenPipeError):
            writer.write(DATA)  # BrokenPipeError once the reader is closed early

    threading.Thread(target=feed, daemon=True).start()
    return os.fdopen(read_fd, "rb")


#: Upload sources; those that can be read again from their start are RESTARTABLE.
SOURCES = ["path", "bytes", "file object", "pipe", "generator"]
RESTARTABLE = {"path", "bytes", "file object"}


@pytest.fixture
def source_of(tmp_path: Path) -> Iterator[Callable[[str], dict[str, Any]]]:
    """``source_of(kind)``: create_image's keyword arguments for that kind of source;
    files and pipes opened are closed after the test."""
    opened: list[IO[bytes]] = []
    path = tmp_path / "disk.img"
    path.write_bytes(DATA)

    def make(kind: str) -> dict[str, Any]:
        if kind == "path":
            return {"filename": path}
        if kind == "bytes":
            return {"data": DATA}
        if kind == "generator":
            return {"data": _generator()}
        handle = open(path, "rb") if kind == "file object" else _pipe()
        opened.append(handle)
        return {"data": handle}

    yield make
    for handle in opened:
        handle.close()


def _only_image(cloud: FaultServer) -> dict[str, Any]:
    assert len(cloud.images) == 1
    return next(iter(cloud.images.values()))


@pytest.mark.parametrize("source", SOURCES)
def test_upload_recovers_from_a_revoked_token_or_fails_clearly(
    cloud: FaultServer, connect: Connect, source_of: Callable[[str], dict[str, Any]], source: str
) -> None:
    conn = connect()
    cloud.add_fault(Fault("PUT", FILE, revoke=True))  # the token dies while data flows
    kwargs = source_of(source)
    if source in RESTARTABLE:
        image = conn.image.create_image("img", **kwargs)
        assert image.status == "active" and image.size == len(DATA)
        stored = _only_image(cloud)
        assert stored["size"] == len(DATA)
        assert stored["checksum"] == hashlib.md5(DATA).hexdigest()
        assert len(cloud.calls("PUT", FILE)) == 2  # refused, then sent again whole
    else:
        with pytest.raises(exceptions.BodyNotResent) as caught:
            conn.image.create_image("img", **kwargs)
        message = str(caught.value)
        assert "cannot be read twice" in message and "was not resent" in message
        assert "PUT" in message and "request id req-" in message
        assert cloud.images == {}  # no image of 0 bytes, nor any other
        assert len(cloud.calls("PUT", FILE)) == 1
    assert cloud.logins == 2


@pytest.mark.parametrize("drop", ["rst", "fin"])
@pytest.mark.parametrize("source", SOURCES)
def test_upload_interrupted_by_a_broken_connection(
    cloud: FaultServer,
    connect: Connect,
    source_of: Callable[[str], dict[str, Any]],
    source: str,
    drop: str,
) -> None:
    conn = connect(image_connect_retries=2)
    cloud.add_fault(Fault("PUT", FILE, read_request_bytes=1_500_000, drop=drop))
    with pytest.raises(exceptions.SDKConnectionError) as caught:
        conn.image.create_image("img", **source_of(source))
    assert "PUT" in str(caught.value)
    assert cloud.images == {}  # the record was deleted
    assert cloud.calls("PUT", FILE) == []  # the server never took a whole body


@pytest.mark.parametrize("source", SOURCES)
def test_upload_answered_503(
    cloud: FaultServer, connect: Connect, source_of: Callable[[str], dict[str, Any]], source: str
) -> None:
    conn = connect(image_status_code_retries=2)
    cloud.add_fault(Fault("PUT", FILE, status=503, body='{"message": "store is full"}'))
    with pytest.raises(exceptions.ServerError, match="store is full"):
        conn.image.create_image("img", **source_of(source))
    assert cloud.images == {}
    assert len(cloud.calls("PUT", FILE)) == 1  # a streamed body is never resent


def test_glance_storing_other_data_than_sent_is_caught(
    cloud: FaultServer, connect: Connect, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Whatever the cause, an active image whose size differs from what was sent is
    # deleted and reported, never returned.
    original = cloud._store_data
    monkeypatch.setattr(cloud, "_store_data", lambda image, data: original(image, data[:-1]))
    conn = connect()
    with pytest.raises(exceptions.InvalidResponse, match=r"stored \d+ bytes but \d+ were sent"):
        conn.image.create_image("img", data=DATA)
    assert cloud.images == {}


# -- downloads --------------------------------------------------------------------------

FAULTS: dict[str, tuple[Fault, type[Exception]]] = {
    "hash mismatch": (Fault("GET", FILE, corrupt=True), ImageHashMismatch),
    "rst mid-body": (Fault("GET", FILE, cut_at=1_000_000, drop="rst"), ImageDownloadIncomplete),
    "fin mid-body": (Fault("GET", FILE, cut_at=1_000_000, drop="fin"), ImageDownloadIncomplete),
    "chunked, cut short": (Fault("GET", FILE, truncate=1_000_000), ImageDownloadIncomplete),
}


@pytest.mark.parametrize("mode", ["path", "file object", "stream", "memory"])
@pytest.mark.parametrize("fault", FAULTS)
def test_download_faults_in_every_output_mode(
    cloud: FaultServer, connect: Connect, tmp_path: Path, fault: str, mode: str
) -> None:
    conn = connect()
    image_id = cloud.put_image(DATA)
    template, expected = FAULTS[fault]
    cloud.add_fault(Fault(**{**template.__dict__, "hits": 0}))
    target = tmp_path / "out" / "disk.img"
    target.parent.mkdir()
    with pytest.raises(expected) as caught:
        if mode == "path":
            conn.image.download_image(image_id, output=target)
        elif mode == "file object":
            with open(target, "wb") as handle:
                conn.image.download_image(image_id, output=handle)
        elif mode == "stream":
            for _chunk in conn.image.download_image(image_id, stream=True):
                pass
        else:
            conn.image.download_image(image_id)
    message = str(caught.value)
    assert image_id in message
    if mode == "path":
        assert list(target.parent.iterdir()) == []  # no partial file, no temporary one
        assert f"nothing was written to {target}" in message
    elif mode == "file object":
        assert "written to the given file object are unverified: discard them" in message
    elif mode == "stream":
        assert "the iterator already yielded are unverified" in message
    else:
        assert "no data was returned" in message
    # The download works once the fault is gone.
    assert conn.image.download_image(image_id) == DATA
