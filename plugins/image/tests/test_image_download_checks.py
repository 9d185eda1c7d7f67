"""Downloads: where the data goes, what a failure says and leaves behind, what is checked.

The records are Glance's image-show shape and the data responses carry the headers
Glance's ``GET /v2/images/{id}/file`` sends (octet-stream, Content-MD5 of the checksum,
Content-Length of the size) unless a test removes them on purpose.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from openstack_image.exceptions import ImageDownloadIncomplete, ImageHashMismatch
from openstack_image.v2._proxy import Proxy

from openstack_core import exceptions

URL = "https://image.example.com/v2"
IMAGE_ID = "1bea47ed-f6a9-463b-b423-14b9cca9ad27"
MiB = 1024 * 1024
DATA = bytes(range(256)) * 12_000  # ~3 MiB, three 1 MiB chunks


def _show(data: bytes = DATA, **changes: Any) -> dict[str, Any]:
    """Glance's image-show response for an active image holding ``data``."""
    return {
        "status": "active",
        "name": "cirros-0.3.2-x86_64-disk",
        "tags": [],
        "container_format": "bare",
        "created_at": "2014-05-05T17:15:10Z",
        "disk_format": "qcow2",
        "updated_at": "2014-05-05T17:15:11Z",
        "visibility": "public",
        "self": f"/v2/images/{IMAGE_ID}",
        "min_disk": 0,
        "protected": False,
        "id": IMAGE_ID,
        "file": f"/v2/images/{IMAGE_ID}/file",
        "checksum": hashlib.md5(data).hexdigest(),
        "os_hash_algo": "sha512",
        "os_hash_value": hashlib.sha512(data).hexdigest(),
        "os_hidden": False,
        "owner": "5ef70662f8b34079a6eddb8da9d75fe8",
        "size": len(data),
        "min_ram": 0,
        "schema": "/v2/schemas/image",
        "virtual_size": None,
        **changes,
    }


def _serve(
    mock: Any, record: dict[str, Any], body: bytes | io.IOBase, **header_changes: str | None
) -> None:
    mock.get(f"{URL}/images/{IMAGE_ID}", json=record)
    headers: dict[str, str | None] = {
        "Content-Type": "application/octet-stream",
        "Content-MD5": record["checksum"],
        "Content-Length": str(record["size"]) if record["size"] is not None else None,
        **header_changes,
    }
    mock.get(
        f"{URL}/images/{IMAGE_ID}/file",
        body=io.BytesIO(body) if isinstance(body, bytes) else body,
        headers={k: v for k, v in headers.items() if v is not None},
    )


def _data_requests(mock: Any) -> list[Any]:
    return [r for r in mock.request_history if r.path == f"/v2/images/{IMAGE_ID}/file"]


# -- stream=True with output (OpenStackClient's `image save` calls it so) ---------------


def test_stream_with_output_path_writes_the_file(
    mock: Any, image_proxy: Proxy, tmp_path: Path
) -> None:
    _serve(mock, _show(), DATA)
    target = tmp_path / "saved.qcow2"
    assert image_proxy.download_image(IMAGE_ID, stream=True, output=target) is None
    assert target.read_bytes() == DATA
    assert [p.name for p in tmp_path.iterdir()] == ["saved.qcow2"]


def test_stream_with_output_file_object_writes_to_it(mock: Any, image_proxy: Proxy) -> None:
    _serve(mock, _show(), DATA)
    handle = io.BytesIO()
    assert image_proxy.download_image(IMAGE_ID, stream=True, output=handle) is None
    assert handle.getvalue() == DATA


# -- what a hash mismatch says, per destination ----------------------------------------


def test_mismatch_at_a_path_says_nothing_was_written_there(
    mock: Any, image_proxy: Proxy, tmp_path: Path
) -> None:
    _serve(mock, _show(), DATA[:-1] + b"X")
    target = tmp_path / "out.raw"
    with pytest.raises(ImageHashMismatch) as err:
        image_proxy.download_image(IMAGE_ID, output=target)
    assert f"nothing was written to {target}" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_mismatch_into_a_file_object_says_its_bytes_are_unverified(
    mock: Any, image_proxy: Proxy
) -> None:
    _serve(mock, _show(), DATA[:-1] + b"X")
    handle = io.BytesIO()
    with pytest.raises(ImageHashMismatch) as err:
        image_proxy.download_image(IMAGE_ID, output=handle)
    message = str(err.value)
    assert len(handle.getvalue()) == len(DATA)  # written before the end could be checked
    assert f"the {len(DATA)} bytes already written to the given file object" in message
    assert "unverified: discard them" in message and "nothing was written" not in message


def test_mismatch_of_a_stream_says_the_yielded_chunks_are_unverified(
    mock: Any, image_proxy: Proxy
) -> None:
    _serve(mock, _show(), DATA[:-1] + b"X")
    received = bytearray()
    with pytest.raises(ImageHashMismatch) as err:
        for chunk in image_proxy.download_image(IMAGE_ID, stream=True):
            received += chunk
    assert len(received) == len(DATA)
    message = str(err.value)
    assert f"the {len(DATA)} bytes the iterator already yielded are unverified" in message
    assert "nothing was written" not in message


def test_mismatch_in_memory_says_no_data_was_returned(mock: Any, image_proxy: Proxy) -> None:
    _serve(mock, _show(), DATA[:-1] + b"X")
    with pytest.raises(ImageHashMismatch, match="no data was returned"):
        image_proxy.download_image(IMAGE_ID)


# -- interrupted and truncated downloads -----------------------------------------------


class _DiesAfter(io.RawIOBase):
    """A response body whose connection resets after ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.sent = 0
        self.limit = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.sent >= self.limit:
            raise ConnectionResetError(104, "Connection reset by peer")
        n = min(len(buffer), self.limit - self.sent)
        buffer[:n] = DATA[self.sent : self.sent + n]
        self.sent += n
        return n


def test_interrupted_download_raises_an_sdk_error_naming_the_image(
    mock: Any, image_proxy: Proxy, tmp_path: Path
) -> None:
    _serve(mock, _show(), io.BufferedReader(_DiesAfter(MiB)))
    target = tmp_path / "out.raw"
    with pytest.raises(ImageDownloadIncomplete) as err:
        image_proxy.download_image(IMAGE_ID, output=target)
    assert isinstance(err.value, exceptions.SDKException)
    assert (err.value.image_id, err.value.received, err.value.expected) == (
        IMAGE_ID,
        MiB,
        len(DATA),
    )
    assert isinstance(err.value.__cause__, requests.RequestException)
    message = str(err.value)
    assert f"Image {IMAGE_ID}: download failed with {MiB} of {len(DATA)} bytes" in message
    assert "Connection reset by peer" in message
    assert f"nothing was written to {target}" in message and "Retry" in message
    assert list(tmp_path.iterdir()) == []


def test_interrupted_stream_counts_what_it_yielded(mock: Any, image_proxy: Proxy) -> None:
    _serve(mock, _show(), io.BufferedReader(_DiesAfter(2 * MiB)))
    received = 0
    with pytest.raises(ImageDownloadIncomplete) as err:
        for chunk in image_proxy.download_image(IMAGE_ID, stream=True):
            received += len(chunk)
    assert received == err.value.received == 2 * MiB
    assert f"the {2 * MiB} bytes the iterator already yielded" in str(err.value)


def test_body_shorter_than_content_length_is_incomplete(
    mock: Any, image_proxy: Proxy, tmp_path: Path
) -> None:
    # The proxy or server closed the connection early; urllib3 notices the short read.
    _serve(mock, _show(), DATA[:5000])
    with pytest.raises(ImageDownloadIncomplete) as err:
        image_proxy.download_image(IMAGE_ID, output=tmp_path / "out.raw")
    assert err.value.expected == len(DATA) and err.value.received == 5000
    assert list(tmp_path.iterdir()) == []


def test_truncated_body_without_length_or_hash_is_caught_by_the_record_size(
    mock: Any, image_proxy: Proxy, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # No Content-Length (a proxy re-chunked the response), no checksum or hash (an old
    # store): only the record's size can tell the body is short.
    record = _show(checksum=None, os_hash_algo=None, os_hash_value=None)
    _serve(mock, record, DATA[:5000], **{"Content-Length": None, "Content-MD5": None})
    target = tmp_path / "out.raw"
    with caplog.at_level(logging.WARNING, logger="openstack_image"):
        with pytest.raises(ImageDownloadIncomplete) as err:
            image_proxy.download_image(IMAGE_ID, output=target)
    assert (err.value.received, err.value.expected) == (5000, len(DATA))
    assert "the server ended the response early" in str(err.value)
    assert err.value.__cause__ is None
    assert list(tmp_path.iterdir()) == []
    assert f"Image {IMAGE_ID} has no checksum or hash in Glance" in caplog.text


def test_download_without_any_hash_warns_and_checks_the_size(
    mock: Any, image_proxy: Proxy, caplog: pytest.LogCaptureFixture
) -> None:
    record = _show(checksum=None, os_hash_algo=None, os_hash_value=None)
    _serve(mock, record, DATA, **{"Content-MD5": None})
    with caplog.at_level(logging.WARNING, logger="openstack_image"):
        assert image_proxy.download_image(IMAGE_ID) == DATA
    (warning,) = [r for r in caplog.records if r.name == "openstack_image"]
    assert warning.levelno == logging.WARNING
    assert "checked for size only, not for integrity" in warning.getMessage()


def test_download_with_a_hash_logs_no_warning(
    mock: Any, image_proxy: Proxy, caplog: pytest.LogCaptureFixture
) -> None:
    _serve(mock, _show(), DATA)
    with caplog.at_level(logging.WARNING, logger="openstack_image"):
        assert image_proxy.download_image(IMAGE_ID) == DATA
    assert not [r for r in caplog.records if r.name == "openstack_image"]


# -- a hash algorithm this Python lacks ------------------------------------------------


def test_unknown_hash_algorithm_falls_back_to_the_md5_checksum(
    mock: Any, image_proxy: Proxy, caplog: pytest.LogCaptureFixture
) -> None:
    record = _show(os_hash_algo="bogus512", os_hash_value="00" * 64)
    _serve(mock, record, DATA)
    with caplog.at_level(logging.WARNING, logger="openstack_image"):
        assert image_proxy.download_image(IMAGE_ID) == DATA
    assert "'bogus512' is not available in hashlib" in caplog.text
    _serve(mock, record, DATA[::-1])
    with pytest.raises(ImageHashMismatch) as err:
        image_proxy.download_image(IMAGE_ID)
    assert (err.value.algorithm, err.value.expected) == ("md5", record["checksum"])


def test_unknown_hash_algorithm_without_md5_is_a_clear_error(
    mock: Any, image_proxy: Proxy, tmp_path: Path
) -> None:
    record = _show(checksum=None, os_hash_algo="bogus512", os_hash_value="00" * 64)
    _serve(mock, record, DATA, **{"Content-MD5": None})
    target = tmp_path / "out.raw"
    with pytest.raises(exceptions.InvalidResponse) as err:
        image_proxy.download_image(IMAGE_ID, output=target)
    assert not isinstance(err.value, ImageHashMismatch)
    message = str(err.value)
    assert f"Image {IMAGE_ID}: Glance hashed its data with 'bogus512'" in message
    assert "cannot be verified" in message
    assert list(tmp_path.iterdir()) == []


# -- the output path: checked first, created like any file -----------------------------


def test_missing_output_directory_fails_before_any_request(
    mock: Any, image_proxy: Proxy, tmp_path: Path
) -> None:
    _serve(mock, _show(), DATA)
    target = tmp_path / "no-such-dir" / "out.raw"
    with pytest.raises(exceptions.InvalidRequest) as err:
        image_proxy.download_image(IMAGE_ID, output=target)
    assert str(err.value) == (
        f"Cannot download to {target}: the directory {target.parent} does not exist"
    )
    assert [r for r in mock.request_history if r.path.startswith("/v2/images")] == []


def test_output_that_is_a_directory_is_refused(
    mock: Any, image_proxy: Proxy, tmp_path: Path
) -> None:
    _serve(mock, _show(), DATA)
    with pytest.raises(exceptions.InvalidRequest, match="it is a directory"):
        image_proxy.download_image(IMAGE_ID, output=tmp_path)
    assert _data_requests(mock) == []
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def umask() -> Iterator[Any]:
    previous = os.umask(0o022)
    try:
        yield os.umask
    finally:
        os.umask(previous)


@pytest.mark.parametrize(("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_downloaded_file_mode_follows_the_umask(
    mock: Any, image_proxy: Proxy, tmp_path: Path, umask: Any, mask: int, mode: int
) -> None:
    _serve(mock, _show(), DATA)
    umask(mask)
    target = tmp_path / "out.raw"
    image_proxy.download_image(IMAGE_ID, output=target)
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_replaced_file_keeps_its_mode(
    mock: Any, image_proxy: Proxy, tmp_path: Path, umask: Any
) -> None:
    _serve(mock, _show(), DATA)
    target = tmp_path / "out.raw"
    target.write_bytes(b"old")
    target.chmod(0o640)
    image_proxy.download_image(IMAGE_ID, output=target)
    assert target.read_bytes() == DATA
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
