"""Image data against real Glance 33: a 64 MiB upload streamed from a file, verified
downloads (to a path, streamed, in memory), progress figures, upload variants, and a
byte flipped in Glance's store caught by the download's hash check.

One 64 MiB image (module-scoped) is uploaded once; the tests read what that upload
sent and what Glance recorded, then download it in several ways.
"""

from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openstack_image.exceptions import ImageHashMismatch

from openstack_core import exceptions

MiB = 1024 * 1024
SIZE = 64 * MiB


@dataclass
class LocalFile:
    path: Path
    md5: str
    sha256: str
    sha512: str


@dataclass
class Uploaded:
    """The 64 MiB image as create_image returned it, with what the upload did."""

    image: Any
    progress: list[tuple[int, int | None]]
    wire: Any


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> LocalFile:
    path = tmp_path_factory.mktemp("image-data") / "disk-64mib.raw"
    hashes = [hashlib.md5(usedforsecurity=False), hashlib.sha256(), hashlib.sha512()]
    with path.open("wb") as out:
        for _ in range(SIZE // MiB):
            chunk = os.urandom(MiB)
            out.write(chunk)
            for h in hashes:
                h.update(chunk)
    md5, sha256, sha512 = (h.hexdigest() for h in hashes)
    return LocalFile(path, md5, sha256, sha512)


@pytest.fixture(scope="module")
def uploaded(glance: Any, demo_cloud: Any, image: Any, big_file: LocalFile) -> Iterator[Uploaded]:
    progress: list[tuple[int, int | None]] = []
    created = None
    try:
        with glance.record(demo_cloud) as wire:
            created = image.create_image(
                glance.name("64mib"),
                filename=str(big_file.path),
                disk_format="raw",
                container_format="bare",
                visibility="private",
                validate_checksum=True,
                wait=True,
                progress=lambda done, total: progress.append((done, total)),
            )
        yield Uploaded(created, progress, wire)
    finally:
        if created is not None:
            image.delete_image(created)
            image.wait_for_delete(created, interval=0.5, wait=120)


def test_create_image_from_file_matches_glances_hashes(
    uploaded: Uploaded, big_file: LocalFile
) -> None:
    image = uploaded.image
    assert image.status == "active" and image.size == SIZE
    assert image.checksum == big_file.md5
    assert (image.hash_algo, image.hash_value) == ("sha512", big_file.sha512)
    assert image.stores == "fs"  # the harness's only (default) backend


def test_upload_is_streamed_with_its_size(uploaded: Uploaded) -> None:
    (create,) = uploaded.wire.only("POST", "/v2/images")
    assert create.status == 201
    assert create.body == {
        "name": uploaded.image.name,
        "disk_format": "raw",
        "container_format": "bare",
        "visibility": "private",
    }
    (put,) = uploaded.wire.only("PUT", "/file")
    assert put.status == 204
    assert put.request_headers["Content-Type"] == "application/octet-stream"
    # A file's size is known: Content-Length (what every WSGI front end accepts), the
    # 64 MiB streamed in 1 MiB chunks all the same (see the progress test).
    assert put.request_headers["Content-Length"] == str(SIZE)
    assert "Transfer-Encoding" not in put.request_headers
    assert put.request_headers["X-OpenStack-Image-Size"] == str(SIZE)


def test_upload_progress_reports_every_mebibyte(uploaded: Uploaded) -> None:
    assert uploaded.progress == [((i + 1) * MiB, SIZE) for i in range(SIZE // MiB)]


def test_download_to_path_is_verified_and_complete(
    image: Any, uploaded: Uploaded, big_file: LocalFile, tmp_path: Path
) -> None:
    target = tmp_path / "copy.raw"
    progress: list[tuple[int, int | None]] = []
    result = image.download_image(
        uploaded.image, output=target, progress=lambda d, t: progress.append((d, t))
    )
    assert result is None
    digest = hashlib.sha512()
    with target.open("rb") as copy:
        for chunk in iter(lambda: copy.read(MiB), b""):
            digest.update(chunk)
    assert digest.hexdigest() == uploaded.image.hash_value == big_file.sha512
    # Renamed into place: no temporary file is left beside it.
    assert [p.name for p in tmp_path.iterdir()] == ["copy.raw"]
    # Glance sends Content-Length: every figure knows the total.
    assert progress[-1] == (SIZE, SIZE)
    assert all(total == SIZE for _, total in progress)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)


def test_download_stream_yields_verified_chunks(image: Any, uploaded: Uploaded) -> None:
    digest = hashlib.sha512()
    sizes = []
    for chunk in image.download_image(uploaded.image.id, stream=True, chunk_size=4 * MiB):
        sizes.append(len(chunk))
        digest.update(chunk)
    assert sum(sizes) == SIZE and max(sizes) <= 4 * MiB
    assert digest.hexdigest() == uploaded.image.hash_value


def test_download_stream_with_output_writes_the_file(
    image: Any, uploaded: Uploaded, tmp_path: Path
) -> None:
    # OpenStackClient's `image save` passes stream=True together with output.
    target = tmp_path / "saved.raw"
    assert image.download_image(uploaded.image.id, stream=True, output=target) is None
    assert target.stat().st_size == SIZE
    assert [p.name for p in tmp_path.iterdir()] == ["saved.raw"]


def test_download_to_file_object(image: Any, uploaded: Uploaded, tmp_path: Path) -> None:
    target = tmp_path / "handle.raw"
    with target.open("wb") as handle:
        assert image.download_image(uploaded.image, output=handle) is None
    assert target.stat().st_size == SIZE


def test_upload_from_iterator_without_known_size(
    glance: Any, demo_cloud: Any, image: Any, cleanup: list[Any]
) -> None:
    parts = [os.urandom(MiB + 17), os.urandom(5), os.urandom(2 * MiB)]
    data = b"".join(parts)
    with glance.record(demo_cloud) as wire:
        created = image.create_image(
            glance.name("iter"),
            data=iter(parts),
            disk_format="raw",
            container_format="bare",
            validate_checksum=True,
        )
    cleanup.append(created)
    (put,) = wire.only("PUT", "/file")
    # Size unknown: chunked, which Glance behind gunicorn takes as well.
    assert put.status == 204 and put.request_headers["Transfer-Encoding"] == "chunked"
    assert "X-OpenStack-Image-Size" not in put.request_headers
    assert created.status == "active" and created.size == len(data)
    assert created.hash_value == hashlib.sha512(data).hexdigest()
    assert image.download_image(created) == data


def test_upload_from_file_object_and_in_memory_download(
    glance: Any, image: Any, cleanup: list[Any]
) -> None:
    data = os.urandom(3 * MiB + 1)
    created = image.create_image(
        glance.name("fileobj"),
        data=io.BytesIO(data),
        disk_format="raw",
        container_format="bare",
        validate_checksum=True,
    )
    cleanup.append(created)
    assert created.checksum == hashlib.md5(data, usedforsecurity=False).hexdigest()
    assert image.download_image(created.id) == data


def test_create_image_with_md5_reuses_the_existing_image(
    glance: Any, demo_cloud: Any, image: Any, cleanup: list[Any]
) -> None:
    data = os.urandom(MiB)
    md5 = hashlib.md5(data, usedforsecurity=False).hexdigest()
    name = glance.name("dedup")
    first = image.create_image(name, data=data, md5=md5, disk_format="raw", container_format="bare")
    cleanup.append(first)
    # Glance keeps the owner's hash as a property of that name.
    assert first.properties["owner_specified.openstack.md5"] == md5
    with glance.record(demo_cloud) as wire:
        again = image.create_image(
            name, data=data, md5=md5, disk_format="raw", container_format="bare"
        )
    assert again.id == first.id
    assert [e.method for e in wire.exchanges] == ["GET"]  # looked up, nothing uploaded
    duplicate = image.create_image(
        name,
        data=data,
        md5=md5,
        allow_duplicates=True,
        disk_format="raw",
        container_format="bare",
    )
    cleanup.append(duplicate)
    assert duplicate.id != first.id


@pytest.mark.local_cloud_differs(
    "image data is kept in memory: there is no store file to flip a byte of"
)
def test_corrupted_stored_data_fails_verification_and_leaves_no_file(
    glance: Any, image: Any, admin_cloud: Any, cleanup: list[Any], tmp_path: Path
) -> None:
    data = os.urandom(2 * MiB)
    created = image.create_image(
        glance.name("corrupt"), data=data, disk_format="raw", container_format="bare"
    )
    cleanup.append(created)
    # Flip one byte of the file in Glance's filesystem store: Glance serves it as is
    # (same size, so Content-Length still matches) and only the hash can tell.
    (store,) = admin_cloud.image.stores(details=True)
    stored = Path(store.properties["data_dir"]) / created.id
    corrupted = bytearray(stored.read_bytes())
    corrupted[MiB] ^= 0xFF
    stored.write_bytes(bytes(corrupted))
    target = tmp_path / "copy.raw"
    with pytest.raises(ImageHashMismatch) as err:
        image.download_image(created, output=target)
    assert (err.value.algorithm, err.value.expected) == ("sha512", created.hash_value)
    assert err.value.actual == hashlib.sha512(bytes(corrupted)).hexdigest()
    assert list(tmp_path.iterdir()) == []  # neither the target nor a temporary file
    chunks = image.download_image(created, stream=True)
    with pytest.raises(ImageHashMismatch):
        for _ in chunks:
            pass
    with pytest.raises(ImageHashMismatch):
        image.download_image(created)


def test_upload_image_the_deprecated_way(
    glance: Any, demo_cloud: Any, image: Any, cleanup: list[Any]
) -> None:
    data = os.urandom(MiB + 7)
    name = glance.name("upload-image")
    with glance.record(demo_cloud) as wire, pytest.warns(DeprecationWarning, match="create_image"):
        uploaded = image.upload_image(
            container_format="bare",
            disk_format="raw",
            data=io.BytesIO(data),
            name=name,
            os_distro="x",
        )
    cleanup.append(uploaded)
    (create,) = wire.only("POST", "/v2/images")
    assert create.body == {
        "container_format": "bare",
        "disk_format": "raw",
        "name": name,
        "os_distro": "x",
    }
    (put,) = wire.only("PUT", "/file")
    assert put.request_headers["Content-Length"] == str(len(data))
    assert put.request_headers["X-OpenStack-Image-Size"] == str(len(data))
    assert uploaded.status == "active" and uploaded.size == len(data)
    assert uploaded.checksum == hashlib.md5(data, usedforsecurity=False).hexdigest()
    # Both formats are required before anything is created, as in openstacksdk.
    with pytest.warns(DeprecationWarning), pytest.raises(exceptions.InvalidRequest, match="format"):
        image.upload_image(container_format="bare", data=data, name=name)
    assert [i.id for i in image.images(name=name)] == [uploaded.id]
