"""Proxy methods that create images and move their data: create, upload, stage,
import and download, with the checks that leave no corrupt image or file behind."""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, Any

import requests

from openstack_core import crud, exceptions, proxy, resource
from openstack_image.exceptions import ImageHashMismatch
from openstack_image.v2 import _transfer
from openstack_image.v2.image import Image
from openstack_image.v2.store import Store

ImageRef = str | Image
DataSource = bytes | str | IO[bytes] | Iterator[bytes] | None

_FAILED_STATES = ["killed", "deleted", "deactivated"]

_LOG = logging.getLogger("openstack_image")


def _with_properties(attrs: Mapping[str, Any], current: Image | None) -> dict[str, Any]:
    """``attrs`` with openstacksdk's ``properties={...}`` spelled out, key by key.

    The mapping becomes the image's free-form properties: those of ``current`` it leaves
    out are removed (set to None), except Glance's reserved ``os_glance_*`` keys (import
    progress, locks), which a patch may not touch (403). Glance has no key named
    "properties": a dict sent under it would be a 400.
    """
    expanded: dict[str, Any] = {}
    for key, value in attrs.items():
        if key != "properties" or not isinstance(value, Mapping):
            expanded[key] = value
            continue
        for name in current.properties if current is not None else ():
            if name not in value and not name.startswith("os_glance_"):
                expanded[name] = None
        expanded.update(value)
    return expanded


def _announced_size(response: requests.Response, record_size: int | None) -> int | None:
    # The number of bytes the body must have: Content-Length (urllib3 enforces it too)
    # unless an encoding makes it the compressed size, else the record's size, which
    # is all there is to catch a truncated body without a length.
    length = response.headers.get("Content-Length")
    encoding = response.headers.get("Content-Encoding", "identity").lower()
    if length is not None and length.isdigit() and encoding == "identity":
        return int(length)
    return record_size


def _closing(chunks: Iterator[bytes], response: requests.Response) -> Iterator[bytes]:
    # Return the connection to the pool once the caller stops iterating, however early.
    try:
        yield from chunks
    finally:
        response.close()


def _check_upload_hash(image: Image, algorithm: str, expected: Any, actual: Any) -> None:
    """ImageHashMismatch (the new image is deleted) when both hashes are known and differ."""
    if expected and actual and str(expected).lower() != str(actual).lower():
        raise ImageHashMismatch(
            image_id=str(image.id),
            algorithm=algorithm,
            expected=str(expected),
            actual=str(actual),
            advice=ImageHashMismatch.UPLOAD_ADVICE,
        )


def _check_stored_data(image: Image, hashes: _transfer.Hashes) -> None:
    """InvalidResponse (ImageHashMismatch for the md5) when the active image Glance
    reports holds other data than was sent: never leave such an image behind."""
    if image.status != "active":
        return
    if image.size is not None and image.size != hashes.size:
        raise exceptions.InvalidResponse(
            f"Image {image.id}: Glance stored {image.size} bytes but {hashes.size} were "
            "sent; the image was deleted. Upload again, and if it persists ask the cloud "
            "operator to check Glance's store"
        )
    _check_upload_hash(image, "md5", hashes.md5.hexdigest(), image.checksum)


class DataMethods(proxy.Proxy):
    """Images and their data: ``images``, ``get_image``, ``find_image``,
    ``create_image``, ``upload_image``, ``stage_image``, ``import_image``,
    ``download_image``."""

    images = crud.lister(Image)
    get_image = crud.getter(Image)
    find_image = crud.finder(Image)

    def delete_image(
        self, image: ImageRef, *, store: str | Store | None = None, ignore_missing: bool = True
    ) -> None:
        """Delete an image, or with ``store`` only its data in that store."""
        if store is None:
            self._delete(Image, image, ignore_missing=ignore_missing)
            return
        try:
            self._get_resource(Image, image).delete_from_store(self, str(resource.id_of(store)))
        except exceptions.NotFoundException:
            if not ignore_missing:
                raise

    def create_image(
        self,
        name: str,
        *,
        filename: str | os.PathLike[str] | None = None,
        data: DataSource = None,
        container: str | None = None,
        md5: str | None = None,
        sha256: str | None = None,
        disk_format: str | None = None,
        container_format: str | None = None,
        tags: list[str] | None = None,
        disable_vendor_agent: bool = True,
        allow_duplicates: bool = False,
        meta: dict[str, Any] | None = None,
        wait: bool = False,
        timeout: float = 3600,
        validate_checksum: bool = False,
        use_import: bool = False,
        import_method: str | None = None,
        uri: str | None = None,
        remote_region: str | None = None,
        remote_image_id: str | None = None,
        remote_service_interface: str | None = None,
        stores: list[str] | None = None,
        all_stores: bool | None = None,
        all_stores_must_succeed: bool | None = None,
        size: int | None = None,
        progress: _transfer.Progress | None = None,
        **kwargs: Any,
    ) -> Image:
        """Create an image record and upload or import its data.

        ``filename`` (a path), or ``data`` (bytes, a binary file object or an iterator of
        bytes) are streamed in 1 MiB chunks; ``progress(done, total)`` reports each one.
        ``use_import=True`` stages the data and imports it with glance-direct;
        ``import_method="web-download"`` with ``uri`` lets Glance fetch it. With
        ``validate_checksum`` the server's checksum and hash must match what was sent
        (an import is waited for first: Glance hashes the data only once it is imported).
        ``wait`` waits up to ``timeout`` seconds for the image to be active; a failed
        import raises ResourceFailure as soon as Glance gives up on it.
        If the upload or import fails after the record was created, the record is deleted.
        Unless ``allow_duplicates``, an existing image with this name and the given
        ``md5``/``sha256`` is returned instead of uploading again. ``meta`` and other
        keyword arguments become image attributes or properties. ``remote_region``,
        ``remote_image_id`` and ``remote_service_interface`` go with
        ``import_method="glance-download"``. ``container`` and ``disable_vendor_agent``
        are accepted for openstacksdk compatibility and have no effect: this plugin
        never uploads through Swift tasks and applies no vendor metadata.
        """
        del container, disable_vendor_agent  # see the docstring: compatibility only
        if filename is not None and data is not None:
            raise exceptions.InvalidRequest("give filename or data, not both")
        if all_stores and stores:
            raise exceptions.InvalidRequest(
                "all_stores=True and stores= are mutually exclusive: give one of them"
            )
        # Only an import can choose stores; a plain upload would silently go to the
        # default store. openstacksdk switches to an import the same way.
        use_import = use_import or bool(stores or all_stores or all_stores_must_succeed)
        if not allow_duplicates and (md5 or sha256):
            existing = self._same_image(name, md5, sha256)
            if existing is not None:
                return existing
        attrs = _with_properties(
            {
                "name": name,
                "disk_format": disk_format or "qcow2",
                "container_format": container_format or "bare",
                **(meta or {}),
                **kwargs,
            },
            None,
        )
        if tags:
            attrs["tags"] = tags
        if md5:
            attrs["owner_specified.openstack.md5"] = md5
        if sha256:
            attrs["owner_specified.openstack.sha256"] = sha256
        image = self._create(Image, **attrs)
        try:
            imported = False
            hashes: _transfer.Hashes | None = None
            if filename is not None or data is not None:
                hashes = _transfer.Hashes("sha512" if validate_checksum else None)
                exact = _transfer.size_of(data, filename)
                total = size if size is not None else exact
                source = _transfer.UploadSource(data, filename, hashes, progress, total)
                if use_import or import_method == "glance-direct":
                    self._send_data(image, image.stage, source, total, exact)
                    image.import_image(
                        self,
                        "glance-direct",
                        stores=stores,
                        all_stores=all_stores,
                        all_stores_must_succeed=all_stores_must_succeed,
                    )
                    imported = True
                else:
                    self._send_data(image, image.upload, source, total, exact)
                _check_upload_hash(image, "md5", md5, hashes.md5.hexdigest())
                _check_upload_hash(image, "sha256", sha256, hashes.sha256.hexdigest())
            elif import_method is not None:
                self.import_image(
                    image,
                    import_method,
                    uri=uri,
                    remote_region=remote_region,
                    remote_image_id=remote_image_id,
                    remote_service_interface=remote_service_interface,
                    stores=stores,
                    all_stores=all_stores,
                    all_stores_must_succeed=all_stores_must_succeed,
                )
                imported = True
            must_validate = validate_checksum and hashes is not None
            # Glance imports asynchronously: its hashes exist only once it is done.
            if (wait or (imported and must_validate)) and (imported or hashes is not None):
                self._wait_for_data(image, timeout, imported=imported)
            if must_validate and hashes is not None:
                self._validate_server_hashes(image, hashes, timeout)
            image.fetch(self)
            if hashes is not None and not imported:
                _check_stored_data(image, hashes)
        except BaseException:
            # No half-created image left behind (a killed upload, a timed-out wait
            # included); if even the clean-up fails, the original error is the one
            # worth reporting.
            with contextlib.suppress(exceptions.SDKException, requests.RequestException):
                self.delete_image(image)
            raise
        return image

    def _send_data(
        self,
        image: Image,
        send: Callable[..., None],
        source: _transfer.UploadSource,
        total: int | None,
        exact: int | None,
    ) -> None:
        """``image.upload`` or ``image.stage`` of ``source``; after a 401 (the token
        expired or was revoked while the data was sent) once more from its start.

        The core renews the token but never resends a body read from a stream: what
        was left of it would be stored as the image. A source that can be read again
        is sent again whole; one that cannot (a generator) fails, saying why.
        """
        try:
            send(self, source.chunks(), total, content_length=exact)
        except exceptions.BodyNotResent as exc:
            if not source.restartable and exc.response is not None:
                raise exceptions.exception_from_response(
                    exc.response,
                    cls=exceptions.BodyNotResent,
                    details=(
                        f"Image {image.id}: its data came from {source.kind}, which "
                        "cannot be read twice (a path, bytes or a seekable file object "
                        "would have been sent again by itself)"
                    ),
                ) from exc
            if not source.restartable:
                raise
            _LOG.info(
                "Image %s: the token was renewed after a 401; sending its data (%s) again "
                "from the start",
                image.id,
                source.kind,
            )
            send(self, source.chunks(), total, content_length=exact)

    def upload_image(
        self,
        container_format: str | None = None,
        disk_format: str | None = None,
        data: DataSource = None,
        size: int | None = None,
        **attrs: Any,
    ) -> Image:
        """Create an image record from ``attrs`` and upload ``data`` to it.

        openstacksdk's deprecated form of :meth:`create_image` (which checks hashes,
        imports and waits): it warns with a DeprecationWarning, as openstacksdk does,
        and requires both formats (InvalidRequest before anything is sent). ``data`` is
        bytes, a binary file object or an iterator of bytes (streamed in 1 MiB chunks;
        None uploads no bytes, as openstacksdk does); ``size`` is announced in
        ``X-OpenStack-Image-Size``. Unlike openstacksdk, an upload that fails raises
        and deletes the new record, and the image returned is read back after the
        upload (``active``), not the ``queued`` record.
        """
        warnings.warn(
            "upload_image is deprecated: use create_image", DeprecationWarning, stacklevel=2
        )
        if not (container_format and disk_format):
            raise exceptions.InvalidRequest(
                "upload_image: both container_format and disk_format are required"
            )
        image = self._create(
            Image,
            container_format=container_format,
            disk_format=disk_format,
            **_with_properties(attrs, None),
        )
        try:
            body = b"" if data is None else data
            exact = _transfer.size_of(body, None)
            total = size if size is not None else exact
            chunks = _transfer.upload_chunks(body, None, _transfer.Hashes(), None, total)
            image.upload(self, chunks, total, content_length=exact)
        except BaseException:
            with contextlib.suppress(exceptions.SDKException, requests.RequestException):
                self.delete_image(image)
            raise
        return image.fetch(self)

    def _wait_for_data(self, image: Image, timeout: float, *, imported: bool) -> None:
        """Wait until Glance holds the image's data: it is then active.

        After an upload this normally takes one GET (Glance answers the ``PUT /file``
        once the data is stored); a read from a lagging database replica may still show
        ``queued`` or ``saving``, and a failed store ``killed``. During an import Glance
        holds the image's ``os_glance_import_task`` property (its import lock, taken
        before it answers the import request) and drops it when the task ends. A failed
        import does not end in a failure status: Glance puts the image back to
        ``queued`` and names the stores in ``os_glance_failed_import``, so a wait for
        ``active`` alone would run into its timeout. Polls start at 0.25 s and back off
        to 2 s.
        """
        task_id = None

        def check() -> Image | None:
            nonlocal task_id
            image.fetch(self, skip_cache=True)
            props = image.properties
            lock = props.get("os_glance_import_task")
            task_id = lock or task_id
            if image.status == "active":
                return image
            unlocked = image.status in ("queued", "uploading") and not lock
            if imported and (image.status in _FAILED_STATES or unlocked):
                stores = props.get("os_glance_failed_import") or "its store"
                task = f"import task {task_id}" if task_id else "the import task"
                raise exceptions.ResourceFailure(
                    f"Image {image.id}: importing its data into {stores} failed and Glance "
                    f"left it {image.status!r}. The reason is in {task} (get_task; Glance's "
                    "tasks API is admin-only by default) and in Glance's log"
                )
            if image.status in _FAILED_STATES:
                raise exceptions.ResourceFailure(
                    f"Image {image.id}: Glance left it {image.status!r} after its data was "
                    "uploaded, so the store did not keep the data; it was deleted. Glance's "
                    "log says why (often a full or unreachable store); upload again"
                )
            return None

        doing = "be imported" if imported else "become active after its upload"
        resource.poll(
            check, what=f"image {image.id} to {doing}", timeout=timeout, state=lambda: image.status
        )

    def _same_image(self, name: str, md5: str | None, sha256: str | None) -> Image | None:
        for image in self.images(name=name):
            if image.name != name:
                continue
            if (md5 and image.checksum == md5) or (
                sha256 and image.hash_algo == "sha256" and image.hash_value == sha256
            ):
                return image
            props = image.properties
            if (md5 and props.get("owner_specified.openstack.md5") == md5) or (
                sha256 and props.get("owner_specified.openstack.sha256") == sha256
            ):
                return image
        return None

    def _validate_server_hashes(
        self, image: Image, hashes: _transfer.Hashes, timeout: float
    ) -> None:
        image.fetch(self)
        if image.status != "active":
            # Glance computes the checksum and hash when the data is in place.
            self.wait_for_status(image, "active", failures=_FAILED_STATES, wait=timeout)
        local = {"md5": hashes.md5, "sha256": hashes.sha256}
        if hashes.extra is not None:
            local[hashes.extra.name] = hashes.extra
        pairs = [("md5", image.checksum)]
        if image.hash_algo and image.hash_value:
            pairs.append((str(image.hash_algo), image.hash_value))
        for algorithm, server_value in pairs:
            digest = local.get(algorithm)
            if digest is not None:
                _check_upload_hash(image, algorithm, digest.hexdigest(), server_value)

    def stage_image(
        self,
        image: ImageRef,
        *,
        filename: str | os.PathLike[str] | None = None,
        data: DataSource = None,
        size: int | None = None,
        progress: _transfer.Progress | None = None,
    ) -> Image:
        """Stream data to the image's staging area (``PUT /images/{id}/stage``)."""
        if (filename is None) == (data is None):
            raise exceptions.InvalidRequest("stage_image needs exactly one of filename or data")
        res = self._get_resource(Image, image)
        exact = _transfer.size_of(data, filename)
        total = size if size is not None else exact
        source = _transfer.UploadSource(data, filename, _transfer.Hashes(), progress, total)
        self._send_data(res, res.stage, source, total, exact)
        return res.fetch(self)

    def import_image(
        self,
        image: ImageRef,
        method: str = "glance-direct",
        *,
        uri: str | None = None,
        remote_region: str | None = None,
        remote_image_id: str | None = None,
        remote_service_interface: str | None = None,
        store: str | Store | None = None,
        stores: Sequence[str | Store] | None = None,
        all_stores: bool | None = None,
        all_stores_must_succeed: bool | None = None,
    ) -> requests.Response:
        """Start an interoperable import: ``glance-direct`` (after :meth:`stage_image`),
        ``web-download`` (``uri``), ``copy-image`` (``stores``) or ``glance-download``."""
        if method == "web-download" and not uri:
            raise exceptions.InvalidRequest("the web-download import method needs uri=")
        if method != "web-download" and uri:
            raise exceptions.InvalidRequest(f"uri= is only for web-download, not {method!r}")
        remote = {
            key: value
            for key, value in (
                ("glance_region", remote_region),
                ("glance_image_id", remote_image_id),
                ("glance_service_interface", remote_service_interface),
            )
            if value is not None
        }
        names = [str(resource.id_of(s)) for s in (stores or [])]
        if store is not None:
            names.append(str(resource.id_of(store)))
        return self._get_resource(Image, image).import_image(
            self,
            method,
            uri=uri,
            remote=remote,
            stores=names or None,
            all_stores=all_stores,
            all_stores_must_succeed=all_stores_must_succeed,
        )

    def download_image(
        self,
        image: ImageRef,
        *,
        stream: bool = False,
        output: str | os.PathLike[str] | IO[bytes] | None = None,
        chunk_size: int = 1024 * 1024,
        store_preferences: list[str] | None = None,
        progress: _transfer.Progress | None = None,
    ) -> Any:
        """Download image data, verifying its size and hash while it streams.

        The image's ``os_hash_algo``/``os_hash_value`` is checked, else its md5
        ``checksum`` (also when this Python lacks the multihash algorithm), else a
        ``Content-MD5`` response header; with none of them only the size is checked and
        a warning is logged. A hash mismatch raises ImageHashMismatch; a broken
        connection, or a body shorter than Content-Length or the image's ``size``,
        raises ImageDownloadIncomplete.

        With ``output`` as a path (whether or not ``stream`` is set, as in
        openstacksdk) the data goes to a hidden temporary file beside it, renamed into
        place only when complete and verified: after a failure nothing is at the path.
        A missing directory is reported before anything is downloaded. With a file
        object as ``output`` the chunks are written to it as they arrive, so after a
        failure it holds unverified data the caller must discard (the error says how
        many bytes). Both return None. Without ``output``, ``stream=True`` returns an
        iterator of chunks that raises at its end (after yielding unverified chunks),
        and otherwise the verified bytes are returned.
        ``store_preferences`` asks Glance to read from those stores first.
        """
        with contextlib.ExitStack() as stack:
            handle: IO[bytes] | None = None
            if isinstance(output, (str, os.PathLike)):
                # Before any request: a bad path fails fast, naming the caller's path.
                atomic = _transfer.AtomicOutput(output)
                handle = stack.enter_context(atomic)
                target = _transfer.DownloadTarget("path", atomic.target)
            elif output is not None:
                handle = output
                target = _transfer.DownloadTarget("file")
            else:
                target = _transfer.DownloadTarget("stream" if stream else "memory")
            res = image if isinstance(image, Image) and image.status else self.get_image(image)
            response = res.download(self, store_preferences)
            stack.callback(response.close)
            expected = _transfer.expected_hash(res, response.headers.get("Content-MD5"))
            if expected is None:
                _LOG.warning(
                    "Image %s has no checksum or hash in Glance: its download is checked "
                    "for size only, not for integrity",
                    res.id,
                )
            total = (
                int(response.headers["Content-Length"])
                if "Content-Length" in response.headers
                else res.size
            )
            chunks = _transfer.verified_chunks(
                response.iter_content(chunk_size),
                str(res.id),
                expected,
                progress,
                total,
                target,
                _announced_size(response, res.size),
            )
            if handle is not None:
                for chunk in chunks:
                    handle.write(chunk)
                return None
            if stream:
                stack.pop_all()  # the iterator closes the response when it ends
                return _closing(chunks, response)
            return b"".join(chunks)
        raise AssertionError("unreachable")  # pragma: no cover - for mypy
