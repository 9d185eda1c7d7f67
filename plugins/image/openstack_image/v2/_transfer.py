"""Streaming image data in and out, hashing as it flows, in constant memory."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from openstack_image.exceptions import ImageHashMismatch

#: ``progress(done, total)``; ``total`` is None when the size is unknown.
Progress = Callable[[int, int | None], None]

CHUNK_SIZE = 1024 * 1024


class Hashes:
    """md5, sha256 and optionally one more algorithm, updated together."""

    def __init__(self, extra_algorithm: str | None = None) -> None:
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.sha256 = hashlib.sha256()
        self.extra = hashlib.new(extra_algorithm) if extra_algorithm else None

    def update(self, chunk: bytes) -> None:
        """Feed one chunk to every hash."""
        self.md5.update(chunk)
        self.sha256.update(chunk)
        if self.extra is not None:
            self.extra.update(chunk)


def _read_chunks(stream: IO[bytes], chunk_size: int) -> Iterator[bytes]:
    while True:
        chunk = stream.read(chunk_size)
        if not chunk:
            return
        yield chunk


def size_of(data: Any, filename: str | os.PathLike[str] | None) -> int | None:
    """The byte size of what will be uploaded, when it can be known without reading."""
    if filename is not None:
        return os.path.getsize(filename)
    if isinstance(data, (bytes, bytearray)):
        return len(data)
    if isinstance(data, str):
        return len(data.encode())
    if hasattr(data, "seekable") and data.seekable():
        position: int = data.tell()
        end: int = data.seek(0, os.SEEK_END)
        data.seek(position)
        return end - position
    return None


def upload_chunks(
    data: Any,
    filename: str | os.PathLike[str] | None,
    hashes: Hashes,
    progress: Progress | None,
    total: int | None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[bytes]:
    """Chunks of the upload from a path, bytes, text, a file object or an iterable of bytes.

    Every chunk updates ``hashes`` and reports ``progress`` as it is sent, so nothing
    beyond one chunk is held in memory.
    """
    source: Iterable[bytes]
    handle: IO[bytes] | None = None
    if filename is not None:
        handle = open(filename, "rb")
        source = _read_chunks(handle, chunk_size)
    elif isinstance(data, (str, bytes, bytearray)):
        # openstacksdk accepts text data; encode once rather than char by char.
        if isinstance(data, str):
            data = data.encode()
        source = (bytes(data[i : i + chunk_size]) for i in range(0, len(data), chunk_size))
    elif hasattr(data, "read"):
        source = _read_chunks(data, chunk_size)
    else:
        source = data
    done = 0
    try:
        for chunk in source:
            if isinstance(chunk, str):
                chunk = chunk.encode()
            hashes.update(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, total)
            yield chunk
    finally:
        if handle is not None:
            handle.close()


def expected_hash(image: Any) -> tuple[str, str] | None:
    """(algorithm, hex digest) to verify a download against: Glance's multihash when the
    image has one, else its md5 ``checksum``; None if the image declares neither."""
    algorithm, value = image.hash_algo, image.hash_value
    if algorithm and value:
        return str(algorithm), str(value)
    if image.checksum:
        return "md5", str(image.checksum)
    return None


def verified_chunks(
    chunks: Iterable[bytes],
    image_id: str,
    expected: tuple[str, str] | None,
    progress: Progress | None,
    total: int | None,
) -> Iterator[bytes]:
    """Yield ``chunks`` and raise ImageHashMismatch at the end if the hash differs."""
    digest = hashlib.new(expected[0], usedforsecurity=False) if expected is not None else None
    done = 0
    for chunk in chunks:
        if not chunk:
            continue
        if digest is not None:
            digest.update(chunk)
        done += len(chunk)
        if progress is not None:
            progress(done, total)
        yield chunk
    if expected is not None and digest is not None:
        actual = digest.hexdigest()
        if actual != expected[1].lower():
            raise ImageHashMismatch(
                image_id=image_id, algorithm=expected[0], expected=expected[1], actual=actual
            )


def write_atomically(chunks: Iterable[bytes], output: str | os.PathLike[str]) -> None:
    """Write ``chunks`` to a hidden temporary file beside ``output`` and rename it into
    place only when every chunk arrived and verified; on any failure nothing is left."""
    target = Path(output)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
