"""Streaming uploads and hash-verified downloads: bodies, rollback, progress, memory."""

from __future__ import annotations

import hashlib
import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openstack_image.exceptions import ImageDownloadIncomplete, ImageHashMismatch
from openstack_image.v2._proxy import Proxy

from openstack_core import exceptions

URL = "https://image.example.com/v2"
MiB = 1024 * 1024
DATA = bytes(range(256)) * 12_000  # ~3 MiB, several chunks


def _record(**extra: Any) -> dict[str, Any]:
    return {
        "id": "new",
        "name": "img",
        "status": "queued",
        "disk_format": "raw",
        "container_format": "bare",
        **extra,
    }


def _active(data: bytes = DATA, **extra: Any) -> dict[str, Any]:
    return _record(
        status="active",
        checksum=hashlib.md5(data).hexdigest(),
        os_hash_algo="sha512",
        os_hash_value=hashlib.sha512(data).hexdigest(),
        size=len(data),
        **extra,
    )


class _Sink:
    """Consumes a streamed request body without keeping it; records what it saw."""

    def __init__(self) -> None:
        self.size = 0
        self.chunks = 0
        self.sha = hashlib.sha256()

    def __call__(self, request: Any, context: Any) -> str:
        body = request.body
        for chunk in [body] if isinstance(body, bytes) else body:
            self.size += len(chunk)
            self.chunks += 1
            self.sha.update(chunk)
        context.status_code = 204
        return ""


def test_create_image_uploads_in_chunks_with_progress(mock: Any, image_proxy: Proxy) -> None:
    sink = _Sink()
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", text=sink)
    mock.get(f"{URL}/images/new", json=_active())
    seen: list[tuple[int, int | None]] = []
    image = image_proxy.create_image(
        "img",
        data=io.BytesIO(DATA),
        disk_format="raw",
        tags=["t"],
        visibility="private",
        meta={"os_distro": "cirros"},
        hw_disk_bus="scsi",
        progress=lambda d, t: seen.append((d, t)),
    )
    create = next(r for r in mock.request_history if r.method == "POST" and r.path == "/v2/images")
    assert create.json() == {
        "name": "img",
        "disk_format": "raw",
        "container_format": "bare",
        "tags": ["t"],
        "visibility": "private",
        "os_distro": "cirros",
        "hw_disk_bus": "scsi",
    }
    put = next(r for r in mock.request_history if r.method == "PUT")
    assert put.headers["Content-Type"] == "application/octet-stream"
    # A seekable source has a known size: Content-Length, still streamed in chunks.
    assert put.headers["Content-Length"] == str(len(DATA))
    assert "Transfer-Encoding" not in put.headers
    assert put.headers["X-OpenStack-Image-Size"] == str(len(DATA))
    assert not isinstance(put.body, bytes)  # never buffered as one body
    assert sink.size == len(DATA) and sink.chunks == 3
    assert sink.sha.hexdigest() == hashlib.sha256(DATA).hexdigest()
    assert seen == [(MiB, len(DATA)), (2 * MiB, len(DATA)), (len(DATA), len(DATA))]
    assert image.status == "active"


class _Pipe(io.RawIOBase):
    """A binary file object that cannot seek, like a pipe or a socket."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        return self._data.readinto(buffer)


def test_create_image_from_file_and_iterator(mock: Any, image_proxy: Proxy, tmp_path: Path) -> None:
    path = tmp_path / "disk.raw"
    path.write_bytes(DATA)
    # (arguments, X-OpenStack-Image-Size, Content-Length, Transfer-Encoding, chunks seen)
    cases: list[tuple[dict[str, Any], str | None, str | None, str | None, int]] = [
        ({"filename": str(path)}, str(len(DATA)), str(len(DATA)), None, 3),
        ({"filename": path, "size": len(DATA)}, str(len(DATA)), str(len(DATA)), None, 3),
        # Size unknown: no size header, chunked transfer encoding.
        ({"data": iter([DATA[:10], DATA[10:]])}, None, None, "chunked", 2),
        ({"data": _Pipe(DATA)}, None, None, "chunked", 3),
        # A size the caller states for an iterator is announced, but not trusted as
        # Content-Length: a wrong one would hang or break the request.
        ({"data": iter([DATA]), "size": len(DATA)}, str(len(DATA)), None, "chunked", 1),
    ]
    for kwargs, size_header, length, encoding, chunks in cases:
        sink = _Sink()
        mock.post(f"{URL}/images", status_code=201, json=_record())
        mock.put(f"{URL}/images/new/file", text=sink)
        mock.get(f"{URL}/images/new", json=_active())
        image_proxy.create_image("img", **kwargs)
        assert sink.sha.hexdigest() == hashlib.sha256(DATA).hexdigest()
        assert sink.chunks == chunks, kwargs
        put = next(r for r in reversed(mock.request_history) if r.method == "PUT")
        assert put.headers.get("X-OpenStack-Image-Size") == size_header, kwargs
        assert put.headers.get("Content-Length") == length, kwargs
        assert put.headers.get("Transfer-Encoding") == encoding, kwargs


def test_empty_file_is_uploaded_with_content_length_zero(
    mock: Any, image_proxy: Proxy, tmp_path: Path
) -> None:
    path = tmp_path / "empty.raw"
    path.write_bytes(b"")
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", status_code=204)
    mock.get(f"{URL}/images/new", json=_active(data=b""))
    image_proxy.create_image("img", filename=path)
    put = next(r for r in mock.request_history if r.method == "PUT")
    assert put.headers["Content-Length"] == "0" and "Transfer-Encoding" not in put.headers
    assert not put.body  # requests sends an empty body as none, with Content-Length: 0


def test_file_growing_during_upload_fails_and_deletes_the_record(
    mock: Any, image_proxy: Proxy, tmp_path: Path
) -> None:
    # The Content-Length was announced; more bytes would corrupt the request, fewer
    # would leave Glance waiting for the rest.
    path = tmp_path / "growing.raw"
    path.write_bytes(DATA)

    def append_once(done: int, total: int | None) -> None:
        if done == MiB:
            with path.open("ab") as handle:
                handle.write(b"more")

    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", text=_Sink())
    mock.delete(f"{URL}/images/new", status_code=204)
    with pytest.raises(exceptions.InvalidRequest) as err:
        image_proxy.create_image("img", filename=path, progress=append_once)
    assert str(err.value).startswith(
        f"The data for image new changed size while being uploaded: it was {len(DATA)} bytes"
    )
    assert mock.last_request.method == "DELETE"


def test_validate_checksum_accepts_matching_server_hashes(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", text=_Sink())
    mock.get(f"{URL}/images/new", json=_active())
    assert image_proxy.create_image("img", data=DATA, validate_checksum=True).id == "new"


def test_validate_checksum_mismatch_deletes_the_record(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", text=_Sink())
    mock.get(f"{URL}/images/new", json=_active(data=b"something else"))
    mock.delete(f"{URL}/images/new", status_code=204)
    with pytest.raises(ImageHashMismatch) as err:
        image_proxy.create_image("img", data=DATA, validate_checksum=True)
    assert err.value.algorithm == "md5" and err.value.image_id == "new"
    assert mock.last_request.method == "DELETE"


def test_given_md5_must_match_the_data(mock: Any, image_proxy: Proxy) -> None:
    mock.get(f"{URL}/images", json={"images": []})
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", text=_Sink())
    mock.delete(f"{URL}/images/new", status_code=204)
    with pytest.raises(ImageHashMismatch, match="md5"):
        image_proxy.create_image("img", data=DATA, md5="0" * 32)
    create = next(r for r in mock.request_history if r.method == "POST" and r.path == "/v2/images")
    assert create.json()["owner_specified.openstack.md5"] == "0" * 32
    assert mock.last_request.method == "DELETE"


def test_failed_upload_deletes_the_record(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", status_code=413, text="Image exceeds the storage quota")
    mock.delete(f"{URL}/images/new", status_code=204)
    with pytest.raises(exceptions.RequestEntityTooLarge, match="storage quota"):
        image_proxy.create_image("img", data=DATA)
    assert mock.last_request.method == "DELETE"


def test_text_data_is_encoded_and_cleanup_failure_keeps_original_error(
    mock: Any, image_proxy: Proxy
) -> None:
    sink = _Sink()
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", text=sink)
    mock.get(f"{URL}/images/new", json=_active(b"hello world"))
    image_proxy.create_image("img", data="hello world")
    assert sink.size == 11 and sink.chunks == 1
    mock.put(f"{URL}/images/new/file", status_code=503, text="Glance is unavailable")
    mock.delete(f"{URL}/images/new", status_code=503, text="still unavailable")
    with pytest.raises(exceptions.HttpException, match="Glance is unavailable"):
        image_proxy.create_image("img", data=DATA)
    assert mock.last_request.method == "DELETE"


def test_existing_image_with_same_hash_is_reused(mock: Any, image_proxy: Proxy) -> None:
    md5 = hashlib.md5(DATA).hexdigest()
    mock.get(f"{URL}/images", json={"images": [_active(name="img")]})
    image = image_proxy.create_image("img", data=DATA, md5=md5)
    assert image.id == "new"
    assert [r.method for r in mock.request_history if r.path.startswith("/v2")] == ["GET"]


def test_glance_direct_import(mock: Any, image_proxy: Proxy) -> None:
    sink = _Sink()
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/stage", text=sink)
    mock.post(f"{URL}/images/new/import", status_code=202)
    mock.get(f"{URL}/images/new", json=_active())
    image_proxy.create_image(
        "img", data=DATA, use_import=True, stores=["fast"], all_stores_must_succeed=False
    )
    assert sink.size == len(DATA)
    sent = next(r for r in mock.request_history if r.path == "/v2/images/new/import")
    assert sent.json() == {
        "method": {"name": "glance-direct"},
        "stores": ["fast"],
        "all_stores_must_succeed": False,
    }


@pytest.mark.parametrize(
    ("kwargs", "import_body"),
    [
        ({"stores": ["fast", "slow"]}, {"stores": ["fast", "slow"]}),
        ({"all_stores": True}, {"all_stores": True}),
        (
            {"all_stores": True, "all_stores_must_succeed": True},
            {"all_stores": True, "all_stores_must_succeed": True},
        ),
    ],
)
def test_choosing_stores_implies_an_import(
    mock: Any, image_proxy: Proxy, kwargs: dict[str, Any], import_body: dict[str, Any]
) -> None:
    # Only an import can choose stores: a plain PUT /file would go to the default store
    # and silently drop the choice. openstacksdk switches to glance-direct the same way.
    sink = _Sink()
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/stage", text=sink)
    mock.post(f"{URL}/images/new/import", status_code=202)
    mock.get(f"{URL}/images/new", json=_active())
    image_proxy.create_image("img", data=DATA, **kwargs)
    assert [(r.method, r.path) for r in mock.request_history if r.path.startswith("/v2")] == [
        ("POST", "/v2/images"),
        ("PUT", "/v2/images/new/stage"),
        ("POST", "/v2/images/new/import"),
        ("GET", "/v2/images/new"),
    ]
    assert sink.size == len(DATA)
    sent = next(r for r in mock.request_history if r.path == "/v2/images/new/import")
    assert sent.json() == {"method": {"name": "glance-direct"}, **import_body}


def test_all_stores_with_stores_is_refused_before_any_request(
    mock: Any, image_proxy: Proxy
) -> None:
    with pytest.raises(exceptions.InvalidRequest, match="mutually exclusive"):
        image_proxy.create_image("img", data=DATA, stores=["fast"], all_stores=True)
    assert [r for r in mock.request_history if r.path.startswith("/v2")] == []


def test_create_image_wait_returns_once_active(mock: Any, image_proxy: Proxy) -> None:
    # A read right after the upload may still see the record as it was created.
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", text=_Sink())
    mock.get(f"{URL}/images/new", [{"json": _record()}, {"json": _active()}])
    image = image_proxy.create_image("img", data=DATA, wait=True, timeout=30)
    assert image.status == "active" and image.checksum == hashlib.md5(DATA).hexdigest()
    gets = [r for r in mock.request_history if r.method == "GET" and r.path == "/v2/images/new"]
    assert len(gets) == 3  # queued, active, and the record returned
    assert not any(r.method == "DELETE" for r in mock.request_history)


def test_create_image_wait_for_a_killed_image_raises_and_deletes_it(
    mock: Any, image_proxy: Proxy
) -> None:
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", text=_Sink())
    mock.get(f"{URL}/images/new", json=_record(status="killed"))
    mock.delete(f"{URL}/images/new", status_code=204)
    with pytest.raises(exceptions.ResourceFailure) as err:
        image_proxy.create_image("img", data=DATA, wait=True, timeout=30)
    assert "Image new: Glance left it 'killed' after its data was uploaded" in str(err.value)
    assert (mock.last_request.method, mock.last_request.path) == ("DELETE", "/v2/images/new")


def test_create_image_wait_times_out_and_deletes_the_image(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", text=_Sink())
    mock.get(f"{URL}/images/new", json=_record(status="saving"))
    mock.delete(f"{URL}/images/new", status_code=204)
    with pytest.raises(exceptions.ResourceTimeout) as err:
        image_proxy.create_image("img", data=DATA, wait=True, timeout=0)
    assert str(err.value) == (
        "Timed out after 0 s waiting for image new to become active after its upload; "
        "it is 'saving'"
    )
    assert (mock.last_request.method, mock.last_request.path) == ("DELETE", "/v2/images/new")


def test_create_image_wait_without_data_does_not_wait(mock: Any, image_proxy: Proxy) -> None:
    # A record without data stays queued: waiting for active would only time out
    # (openstacksdk does not wait either).
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.get(f"{URL}/images/new", json=_record())
    assert image_proxy.create_image("img", wait=True, timeout=30).status == "queued"
    assert [r.method for r in mock.request_history if r.path.startswith("/v2")] == [
        "POST",
        "GET",
    ]


def test_web_download_and_copy_image(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.post(f"{URL}/images/new/import", status_code=202)
    mock.get(f"{URL}/images/new", json=_record(status="importing"))
    image_proxy.create_image("img", import_method="web-download", uri="http://127.0.0.1/x")
    assert mock.last_request.path == "/v2/images/new"
    sent = next(r for r in mock.request_history if r.path == "/v2/images/new/import")
    assert sent.json() == {"method": {"name": "web-download", "uri": "http://127.0.0.1/x"}}
    image_proxy.import_image("new", "copy-image", stores=["cheap"], all_stores=False)
    assert mock.last_request.json() == {
        "method": {"name": "copy-image"},
        "stores": ["cheap"],
        "all_stores": False,
    }
    with pytest.raises(exceptions.InvalidRequest, match="needs uri"):
        image_proxy.import_image("new", "web-download")


def test_glance_download_and_compatibility_arguments(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.post(f"{URL}/images/new/import", status_code=202)
    mock.get(f"{URL}/images/new", json=_record(status="importing"))
    image_proxy.create_image(
        "img",
        container="images",
        disable_vendor_agent=False,
        import_method="glance-download",
        remote_region="RegionTwo",
        remote_image_id="abc",
        remote_service_interface="internal",
    )
    create = next(r for r in mock.request_history if r.method == "POST" and r.path == "/v2/images")
    # openstacksdk-only switches must not turn into image properties.
    assert create.json() == {"name": "img", "disk_format": "qcow2", "container_format": "bare"}
    sent = next(r for r in mock.request_history if r.path == "/v2/images/new/import")
    assert sent.json() == {
        "method": {
            "name": "glance-download",
            "glance_region": "RegionTwo",
            "glance_image_id": "abc",
            "glance_service_interface": "internal",
        }
    }


def test_upload_mismatch_message_says_what_happened(mock: Any, image_proxy: Proxy) -> None:
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", text=_Sink())
    mock.get(f"{URL}/images/new", json=_active(data=b"other"))
    mock.delete(f"{URL}/images/new", status_code=204)
    with pytest.raises(ImageHashMismatch) as err:
        image_proxy.create_image("img", data=DATA, validate_checksum=True)
    assert err.value.expected == hashlib.md5(DATA).hexdigest()
    assert err.value.actual == hashlib.md5(b"other").hexdigest()
    message = str(err.value)
    assert "Image new: md5 mismatch" in message and err.value.expected in message
    assert "was deleted" in message and "output path" not in message


def test_stage_image(mock: Any, image_proxy: Proxy, tmp_path: Path) -> None:
    sink = _Sink()
    mock.put(f"{URL}/images/new/stage", text=sink)
    mock.get(f"{URL}/images/new", json=_record(status="uploading"))
    assert image_proxy.stage_image("new", data=DATA).status == "uploading"
    assert sink.size == len(DATA)
    path = tmp_path / "disk.raw"
    path.write_bytes(DATA)
    sink = _Sink()
    mock.put(f"{URL}/images/new/stage", text=sink)
    image_proxy.stage_image("new", filename=path)
    put = next(r for r in reversed(mock.request_history) if r.method == "PUT")
    assert (put.method, put.url) == ("PUT", f"{URL}/images/new/stage")
    assert put.headers["Content-Type"] == "application/octet-stream"
    assert put.headers["Content-Length"] == put.headers["X-OpenStack-Image-Size"]
    assert put.headers["Content-Length"] == str(len(DATA))
    assert "Transfer-Encoding" not in put.headers
    assert (sink.size, sink.chunks) == (len(DATA), 3)


def _serve_image(mock: Any, data: bytes, record: dict[str, Any]) -> None:
    mock.get(f"{URL}/images/new", json=record)
    mock.get(
        f"{URL}/images/new/file", body=io.BytesIO(data), headers={"Content-Length": str(len(data))}
    )


def test_download_to_path_verifies_sha512(mock: Any, image_proxy: Proxy, tmp_path: Path) -> None:
    _serve_image(mock, DATA, _active())
    seen: list[int] = []
    target = tmp_path / "out.raw"
    assert (
        image_proxy.download_image("new", output=target, progress=lambda d, t: seen.append(d))
        is None
    )
    assert target.read_bytes() == DATA
    assert seen[-1] == len(DATA) and len(seen) == 3
    assert list(tmp_path.iterdir()) == [target]


def test_download_mismatch_leaves_nothing(mock: Any, image_proxy: Proxy, tmp_path: Path) -> None:
    _serve_image(mock, DATA[:-1] + b"X", _active())
    target = tmp_path / "out.raw"
    with pytest.raises(ImageHashMismatch) as err:
        image_proxy.download_image("new", output=target)
    assert err.value.algorithm == "sha512"
    assert "nothing was written" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_download_falls_back_to_md5(mock: Any, image_proxy: Proxy) -> None:
    record = _record(status="active", checksum=hashlib.md5(DATA).hexdigest())
    _serve_image(mock, DATA, record)
    assert image_proxy.download_image("new") == DATA
    _serve_image(mock, b"bad", record)
    with pytest.raises(ImageHashMismatch, match="md5"):
        image_proxy.download_image("new")


class _Broken(io.RawIOBase):
    """A connection that dies after the first megabyte."""

    def __init__(self) -> None:
        self.sent = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.sent >= MiB:
            raise ConnectionResetError("connection reset by peer")
        n = min(len(buffer), MiB - self.sent)
        buffer[:n] = b"\0" * n
        self.sent += n
        return n


def test_interrupted_download_leaves_nothing(mock: Any, image_proxy: Proxy, tmp_path: Path) -> None:
    mock.get(f"{URL}/images/new", json=_active())
    mock.get(f"{URL}/images/new/file", body=io.BufferedReader(_Broken()))
    target = tmp_path / "out.raw"
    with pytest.raises(ImageDownloadIncomplete, match="reset") as err:
        image_proxy.download_image("new", output=target)
    assert (err.value.image_id, err.value.received, err.value.expected) == ("new", MiB, len(DATA))
    assert list(tmp_path.iterdir()) == []


def test_stream_iterator_verifies_at_its_end(mock: Any, image_proxy: Proxy) -> None:
    _serve_image(mock, DATA, _active())
    chunks = image_proxy.download_image("new", stream=True, chunk_size=MiB)
    assert b"".join(chunks) == DATA
    _serve_image(mock, DATA[::-1], _active())
    chunks = image_proxy.download_image("new", stream=True)
    with pytest.raises(ImageHashMismatch):
        for _ in chunks:
            pass


def test_download_uses_content_md5_header_without_record_hash(
    mock: Any, image_proxy: Proxy
) -> None:
    mock.get(f"{URL}/images/new", json=_record(status="active"))
    good, bad = hashlib.md5(DATA).hexdigest(), hashlib.md5(b"x").hexdigest()
    mock.get(f"{URL}/images/new/file", body=io.BytesIO(DATA), headers={"Content-MD5": good})
    assert image_proxy.download_image("new") == DATA
    mock.get(f"{URL}/images/new/file", body=io.BytesIO(DATA), headers={"Content-MD5": bad})
    with pytest.raises(ImageHashMismatch) as err:
        image_proxy.download_image("new")
    assert (err.value.algorithm, err.value.expected, err.value.actual) == ("md5", bad, good)


def test_download_store_preferences_and_stream_closes(mock: Any, image_proxy: Proxy) -> None:
    _serve_image(mock, DATA, _active())
    chunks = image_proxy.download_image("new", stream=True, store_preferences=["fast", "slow"])
    assert mock.last_request.qs == {"prefer": ["fast,slow"]}
    first = next(chunks)
    assert first == DATA[:MiB]
    chunks.close()  # stopping early must not raise and releases the connection
    assert b"".join(chunks) == b""


def test_download_without_data_is_an_error(mock: Any, image_proxy: Proxy) -> None:
    mock.get(f"{URL}/images/new", json=_record())
    mock.get(f"{URL}/images/new/file", status_code=204)
    with pytest.raises(exceptions.InvalidResponse, match="no data yet"):
        image_proxy.download_image("new")


class _Zeros(io.RawIOBase):
    def __init__(self, size: int) -> None:
        self.left = size

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(len(buffer), self.left)
        buffer[:n] = bytes(n)
        self.left -= n
        return n


class _Discard(io.RawIOBase):
    def __init__(self) -> None:
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, chunk: Any) -> int:
        self.size += len(chunk)
        return len(chunk)


def test_memory_stays_flat_for_large_transfers(mock: Any, image_proxy: Proxy) -> None:
    size = 256 * MiB
    zero = bytes(MiB)
    expected_md5 = hashlib.md5()
    for _ in range(256):
        expected_md5.update(zero)
    record = _record(status="active", checksum=expected_md5.hexdigest(), size=size)
    sink = _Sink()
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", text=sink)
    mock.get(f"{URL}/images/new", json=record)
    mock.get(f"{URL}/images/new/file", body=io.BufferedReader(_Zeros(size)))

    def source() -> Iterator[bytes]:
        for _ in range(256):
            yield bytes(MiB)

    tracemalloc.start()
    try:
        image_proxy.create_image("big", data=source(), disk_format="raw")
        out = _Discard()
        image_proxy.download_image("new", output=out)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sink.size == size and out.size == size
    assert peak < 16 * MiB, f"peak {peak / MiB:.1f} MiB for a {size // MiB} MiB transfer"


def test_upload_is_never_retried_with_a_consumed_body(mock: Any, cloud: Any) -> None:
    # The cloud retries 503s (status_code_retries); a streamed upload cannot be replayed.
    image_proxy = cloud.proxy(Proxy, version="2", status_code_retries=3)
    sink = _Sink()
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(
        f"{URL}/images/new/file",
        [{"status_code": 503, "text": "Service Unavailable"}, {"text": sink}],
    )
    mock.delete(f"{URL}/images/new", status_code=204)
    with pytest.raises(exceptions.ServerError, match="Service Unavailable"):
        image_proxy.create_image("img", data=io.BytesIO(DATA))
    assert [r.method for r in mock.request_history if r.path.startswith("/v2/images")] == [
        "POST",
        "PUT",
        "DELETE",
    ]


class _RefusedOnce(_Sink):
    """Consumes the whole body like Glance would, refusing the token the first time."""

    def __init__(self) -> None:
        super().__init__()
        self.refused = False

    def __call__(self, request: Any, context: Any) -> str:
        answer = super().__call__(request, context)
        if not self.refused:
            self.refused = True
            context.status_code = 401
            self.size = 0
            self.sha = hashlib.sha256()
        return answer


@pytest.mark.parametrize("kind", ["path", "bytes", "file object", "stage from path"])
def test_a_token_refused_after_the_data_was_sent_sends_it_again_whole(
    mock: Any, image_proxy: Proxy, tmp_path: Any, kind: str
) -> None:
    # keystoneauth1 alone resent the consumed body: "changed size while being
    # uploaded" for a path, an image of 0 bytes for a generator.
    path = tmp_path / "disk.img"
    path.write_bytes(DATA)
    sink = _RefusedOnce()
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", text=sink)
    mock.put(f"{URL}/images/new/stage", text=sink)
    mock.get(f"{URL}/images/new", json=_active())
    if kind == "stage from path":
        image_proxy.stage_image("new", filename=path)
    else:
        source = {
            "path": {"filename": path},
            "bytes": {"data": DATA},
            "file object": {"data": io.BytesIO(b"skipped" + DATA)},
        }[kind]
        if kind == "file object":
            source["data"].seek(len(b"skipped"))  # resent from here, not from 0
        assert image_proxy.create_image("img", **source).size == len(DATA)
    puts = [r for r in mock.request_history if r.method == "PUT"]
    assert len(puts) == 2
    assert sink.size == len(DATA) and sink.sha.digest() == hashlib.sha256(DATA).digest()


def test_a_token_refused_after_a_generator_was_sent_fails_and_deletes_the_image(
    mock: Any, image_proxy: Proxy
) -> None:
    mock.post(f"{URL}/images", status_code=201, json=_record())
    mock.put(f"{URL}/images/new/file", text=_RefusedOnce())
    mock.delete(f"{URL}/images/new", status_code=204)

    def generator() -> Iterator[bytes]:
        yield DATA

    with pytest.raises(exceptions.BodyNotResent) as caught:
        image_proxy.create_image("img", data=generator())
    assert "Image new: its data came from a generator, which cannot be read twice" in str(
        caught.value
    )
    assert [r.method for r in mock.request_history if r.path.startswith("/v2/images/new")] == [
        "PUT",
        "DELETE",
    ]
