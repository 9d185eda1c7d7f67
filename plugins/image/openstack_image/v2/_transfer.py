"""Streaming image data in and out, hashing as it flows, in constant memory."""

from __future__ import annotations

import hashlib
import inspect
import logging
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import requests

from openstack_core import exceptions
from openstack_image.exceptions import ImageDownloadIncomplete, ImageHashMismatch

#: ``progress(done, total)``; ``total`` is None when the size is unknown.
Progress = Callable[[int, int | None], None]

CHUNK_SIZE = 1024 * 1024

_LOG = logging.getLogger("openstack_image")

#: What a broken connection raises while a response body is read: requests wraps most
#: urllib3 errors, a socket error can still come through as OSError.
_READ_ERRORS = (requests.RequestException, OSError)


class Hashes:
    """md5, sha256 and optionally one more algorithm, updated together, and the number
    of bytes they have seen."""

    def __init__(self, extra_algorithm: str | None = None) -> None:
        self._extra_algorithm = extra_algorithm
        self.reset()

    def reset(self) -> None:
        """Start again from no data (the upload is sent again from its start)."""
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.sha256 = hashlib.sha256()
        self.extra = hashlib.new(self._extra_algorithm) if self._extra_algorithm else None
        self.size = 0

    def update(self, chunk: bytes) -> None:
        """Feed one chunk to every hash."""
        self.md5.update(chunk)
        self.sha256.update(chunk)
        if self.extra is not None:
            self.extra.update(chunk)
        self.size += len(chunk)


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


class UploadSource:
    """The data of one upload, read again from its start when it can be.

    A path is opened again, bytes and text are sliced again, a seekable file object is
    sought back to where it was when the upload began. A generator, an iterator or a
    file object that cannot seek (a pipe) can be read once only: :attr:`restartable`
    is False. Each :meth:`chunks` starts ``hashes`` and the progress count from zero.
    """

    __slots__ = ("_data", "_filename", "_hashes", "_progress", "_start", "_started", "_total")

    def __init__(
        self,
        data: Any,
        filename: str | os.PathLike[str] | None,
        hashes: Hashes,
        progress: Progress | None,
        total: int | None,
    ) -> None:
        self._data = data
        self._filename = filename
        self._hashes = hashes
        self._progress = progress
        self._total = total
        self._start: int | None = None
        if filename is None and hasattr(data, "seekable") and data.seekable():
            self._start = data.tell()
        self._started = False

    @property
    def restartable(self) -> bool:
        """Whether the data can be read again from its start."""
        return (
            self._filename is not None
            or isinstance(self._data, (str, bytes, bytearray))
            or self._start is not None
        )

    @property
    def kind(self) -> str:
        """What the data comes from, for messages."""
        if self._filename is not None:
            return f"the file {os.fspath(self._filename)}"
        if isinstance(self._data, (str, bytes, bytearray)):
            return type(self._data).__name__
        if hasattr(self._data, "read"):
            return "a file object" + ("" if self._start is not None else " that cannot seek")
        return "a generator" if inspect.isgenerator(self._data) else "an iterator"

    def chunks(self, chunk_size: int = CHUNK_SIZE) -> Iterator[bytes]:
        """The data's chunks from its start; see :func:`upload_chunks`."""
        if self._started:
            if not self.restartable:
                raise exceptions.InvalidRequest(f"{self.kind} cannot be read a second time")
            if self._start is not None:
                self._data.seek(self._start)
            self._hashes.reset()
        self._started = True
        return upload_chunks(
            self._data, self._filename, self._hashes, self._progress, self._total, chunk_size
        )


class SizedBody:
    """An upload body of a known byte length, streamed chunk by chunk.

    requests sends ``Content-Length`` for a body with ``__len__`` and iterates it
    without buffering: WSGI front ends such as Apache's mod_proxy_uwsgi answer 411 to
    a chunked PUT. The chunks must add up to exactly ``length``; a file that grows or
    shrinks while it is sent raises instead of sending a body its header contradicts.
    """

    __slots__ = ("_chunks", "_length", "_what")

    def __init__(self, chunks: Iterable[bytes], length: int, what: str) -> None:
        self._chunks = chunks
        self._length = length
        self._what = what

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[bytes]:
        sent = 0
        chunks = iter(self._chunks)
        try:
            for chunk in chunks:
                sent += len(chunk)
                if sent > self._length:
                    break
                yield chunk
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()  # closes the source file now, not whenever gc runs
        if sent != self._length:
            raise exceptions.InvalidRequest(
                f"{self._what} changed size while being uploaded: it was {self._length} "
                f"bytes and {'more' if sent > self._length else sent} were read; upload a "
                "file nothing else is writing to"
            )


def expected_hash(image: Any, header_md5: str | None = None) -> tuple[str, str] | None:
    """(algorithm, hex digest) to verify a download against, or None if there is none.

    Glance's multihash (``os_hash_algo``/``os_hash_value``) when this Python can compute
    it, else the md5 ``checksum`` (openstacksdk falls back the same way), else the
    response's ``Content-MD5`` header. A multihash with an unknown algorithm and no md5
    to fall back to raises InvalidResponse: the image has a hash, it just cannot be
    checked here, and the caller should know before trusting the data.
    """
    algorithm, value = image.hash_algo, image.hash_value
    md5 = image.checksum or header_md5
    if algorithm and value:
        try:
            hashlib.new(str(algorithm), usedforsecurity=False)
        except ValueError:
            if not md5:
                raise exceptions.InvalidResponse(
                    f"Image {image.id}: Glance hashed its data with {algorithm!r}, which "
                    "this Python's hashlib cannot compute, and recorded no md5 checksum, "
                    "so the download cannot be verified. Use a Python whose OpenSSL "
                    f"provides {algorithm!r}, or ask the cloud operator about Glance's "
                    "hashing_algorithm option"
                ) from None
            _LOG.warning(
                "Image %s: hash algorithm %r is not available in hashlib; verifying the "
                "download against the md5 checksum instead",
                image.id,
                algorithm,
            )
        else:
            return str(algorithm), str(value)
    if md5:
        return "md5", str(md5)
    return None


class DownloadTarget:
    """Where downloaded data goes, so that a failure can say what it left behind."""

    __slots__ = ("kind", "path")

    def __init__(self, kind: str, path: Path | None = None) -> None:
        #: "path", "file" (a caller's file object), "stream" or "memory".
        self.kind = kind
        self.path = path

    def left_behind(self, delivered: int) -> str:
        """What the caller holds after a failure, ``delivered`` bytes into the data."""
        if self.kind == "path":
            return f"nothing was written to {self.path}"
        if self.kind == "file":
            return (
                f"the {delivered} bytes already written to the given file object are "
                "unverified: discard them"
            )
        if self.kind == "stream":
            return (
                f"the {delivered} bytes the iterator already yielded are unverified: discard them"
            )
        return "no data was returned"


def verified_chunks(
    chunks: Iterable[bytes],
    image_id: str,
    expected: tuple[str, str] | None,
    progress: Progress | None,
    total: int | None,
    target: DownloadTarget,
    expected_size: int | None = None,
) -> Iterator[bytes]:
    """Yield ``chunks``; at the end check the byte count, then the hash.

    A broken connection raises ImageDownloadIncomplete (chained to the network
    error), as does a body that ends with a byte count other than ``expected_size``;
    a hash that differs raises ImageHashMismatch. Every message says what ``target``
    was left with.
    """
    digest = hashlib.new(expected[0], usedforsecurity=False) if expected is not None else None
    done = 0
    source = iter(chunks)
    while True:
        try:
            chunk = next(source)
        except StopIteration:
            break
        except _READ_ERRORS as exc:
            raise ImageDownloadIncomplete(
                image_id=image_id,
                received=done,
                expected=expected_size,
                reason=f"the connection broke: {type(exc).__name__}: {exc}",
                left_behind=target.left_behind(done),
            ) from exc
        if not chunk:
            continue
        if digest is not None:
            digest.update(chunk)
        done += len(chunk)
        if progress is not None:
            progress(done, total)
        yield chunk
    if expected_size is not None and done != expected_size:
        raise ImageDownloadIncomplete(
            image_id=image_id,
            received=done,
            expected=expected_size,
            reason=(
                "the server ended the response early"
                if done < expected_size
                else "the server sent more than the image's size"
            ),
            left_behind=target.left_behind(done),
        )
    if expected is not None and digest is not None:
        actual = digest.hexdigest()
        if actual != expected[1].lower():
            raise ImageHashMismatch(
                image_id=image_id,
                algorithm=expected[0],
                expected=expected[1],
                actual=actual,
                advice=(
                    f"The downloaded data is corrupt; {target.left_behind(done)}. "
                    f"{ImageHashMismatch.DOWNLOAD_ADVICE}"
                ),
            )


class AtomicOutput:
    """A context manager writing to a hidden temporary file beside ``path``.

    Entering it checks the path and creates the file, so a missing directory or a
    permission problem is reported, naming the caller's path, before anything is
    downloaded. Leaving it without an error renames the file into place; leaving it
    with one (a mismatch, a broken connection, Ctrl-C) removes it, so nothing that
    looks complete is ever left at ``path``. The file gets the permissions a plain
    ``open(path, "wb")`` would give it: those of the file it replaces, else 0666
    minus the umask.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.target = Path(path)
        parent = self.target.parent
        problem = None
        if not parent.exists():
            problem = f"the directory {parent} does not exist"
        elif not parent.is_dir():
            problem = f"{parent} is not a directory"
        elif self.target.is_dir():
            problem = "it is a directory; give the path of the file to create"
        if problem is not None:
            raise exceptions.InvalidRequest(f"Cannot download to {self.target}: {problem}")
        self._temp, self._handle = self._create(self.target)

    @staticmethod
    def _create(target: Path) -> tuple[Path, IO[bytes]]:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        for _ in range(100):
            temp = target.with_name(f".{target.name}.{os.urandom(4).hex()}.part")
            try:
                # 0o666 lets the umask decide, as for any file the user creates.
                fd = os.open(temp, flags, 0o666)
            except FileExistsError:
                continue
            except OSError as exc:
                raise exceptions.InvalidRequest(
                    f"Cannot download to {target}: creating a file in {target.parent} "
                    f"failed ({exc.strerror}); check that directory's permissions and space"
                ) from exc
            try:
                with_mode = os.stat(target).st_mode
            except FileNotFoundError:
                pass
            else:
                os.fchmod(fd, stat.S_IMODE(with_mode))
            return temp, os.fdopen(fd, "wb")
        raise exceptions.InvalidRequest(  # pragma: no cover - 100 collisions of 32 bits
            f"Cannot download to {target}: no free temporary name in {target.parent}"
        )

    def __enter__(self) -> IO[bytes]:
        return self._handle

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self._handle.close()
            if exc_type is None:
                os.replace(self._temp, self.target)
                return
        except BaseException:
            self._temp.unlink(missing_ok=True)
            raise
        self._temp.unlink(missing_ok=True)
