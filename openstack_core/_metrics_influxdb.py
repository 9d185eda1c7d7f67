"""InfluxDB: openstacksdk's measurement, tags and fields, through ``influxdb-client``
(``openstack-core[influxdb]``).

For each call, one point in measurement ``<measurement>.<service type>`` (measurement
defaults to ``openstack_api``):

- tags ``method``, ``name`` (:func:`openstack_core._observe.metric_name`: ``server``,
  ``servers_detail``, ...), ``status_code`` when a response arrived, plus the
  ``additional_metric_tags``;
- fields ``attempted=1``; with a response ``duration`` (milliseconds),
  ``<status>=1``, ``<METHOD>.<status>=1`` and ``status_code_val=<status>``; without one
  ``failed=1``.

Why influxdb-client: openstacksdk's ``influxdb`` library speaks only InfluxDB 1.x and
was archived in 2024. influxdb-client is InfluxData's maintained client; it writes
through ``/api/v2/write``, which InfluxDB 2.x, 3.x and 1.8+ (its compatibility API,
token ``username:password``, bucket = database) all accept, and needs no pyarrow, which
influxdb3-python pulls in for queries this module never makes.

Points are written in batches by the library's background writer (at most a second
late), never on the caller's thread: openstacksdk makes one synchronous HTTP write per
API call. ``use_udp`` sends each point as one line-protocol datagram instead (InfluxDB
1.x's UDP listener, default port 8089). A Proxy given openstacksdk's
``influxdb_client=`` (an ``influxdb.InfluxDBClient``) gets ``write_points`` calls as
openstacksdk makes them.
"""

from __future__ import annotations

import atexit
import logging
import socket
import time
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from openstack_core._observe import Backend, metric_name

if TYPE_CHECKING:
    from openstack_core.proxy import RequestRecord

__all__ = ["DEFAULT_MEASUREMENT", "InfluxDB", "from_client", "from_settings", "point_of"]

DEFAULT_MEASUREMENT = "openstack_api"
# influxdb_client's WritePrecision.NS; its annotations want the enum its constants
# are not.
_NANOSECONDS: Any = "ns"
_LOG = logging.getLogger("openstack_core.metrics")


def point_of(
    record: RequestRecord, measurement: str, extra_tags: Mapping[str, Any]
) -> dict[str, Any]:
    """openstacksdk's point for one call, as a dict both client libraries accept."""
    tags: dict[str, Any] = {"method": record.method, "name": metric_name(record.url_template)}
    fields: dict[str, Any] = {"attempted": 1}
    status = record.status_code
    if status is not None:
        fields["duration"] = int(record.elapsed * 1000)
        tags["status_code"] = str(status)
        fields[str(status)] = 1
        fields[f"{record.method}.{status}"] = 1
        fields["status_code_val"] = status
    elif record.exception is not None:
        fields["failed"] = 1
    tags.update(extra_tags)
    return {"measurement": f"{measurement}.{record.service_type}", "tags": tags, "fields": fields}


class InfluxDB(Backend):
    """Writes one point per call with ``write``; ``stamp`` adds the time of the call
    (needed when points are written later than they happen)."""

    def __init__(
        self,
        write: Callable[[dict[str, Any]], None],
        *,
        measurement: str | None = None,
        tags: Mapping[str, Any] | None = None,
        stamp: bool = True,
        close: Callable[[], None] | None = None,
    ) -> None:
        self._write = write
        self.measurement = measurement or DEFAULT_MEASUREMENT
        self.tags = dict(tags or {})
        self._stamp = stamp
        self._close = close

    def __call__(self, record: RequestRecord, /) -> None:
        point = point_of(record, self.measurement, self.tags)
        if self._stamp:
            point["time"] = time.time_ns()
        self._write(point)

    def close(self) -> None:
        """Flush what is pending (waiting at most a few seconds) and release the writer."""
        close, self._close = self._close, None
        if close is not None:
            close()


def _closed_at_exit(backend: InfluxDB) -> InfluxDB:
    # A script that never closes its Connection still gets its last second of points.
    ref = weakref.ref(backend)

    def close() -> None:
        alive = ref()
        if alive is not None:
            alive.close()

    atexit.register(close)
    return backend


def _bucket(settings: Mapping[str, Any]) -> str:
    bucket = settings.get("bucket") or settings.get("database")
    if not bucket:
        from openstack_core.exceptions import ConfigException

        where = " or ".join(settings.get("_where", ())) or "passed as arguments"
        raise ConfigException(
            f"influxdb metrics ({where}) need 'database' (InfluxDB 1.x) or 'bucket' "
            "(InfluxDB 2 and 3)"
        )
    return str(bucket)


def _writer(client: Any, settings: Mapping[str, Any]) -> tuple[Callable[..., None], Any]:
    """A batching write function for an ``influxdb_client.InfluxDBClient``."""
    from influxdb_client.client.write_api import WriteOptions

    bucket = _bucket(settings)
    org = settings.get("org") or "-"

    def failed(conf: Any, data: str | bytes, exception: Exception) -> None:
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        lines = text.count("\n") + 1
        _LOG.warning("InfluxDB write of %d points failed: %s", lines, exception)

    api = client.write_api(
        write_options=WriteOptions(
            batch_size=500,
            flush_interval=1_000,
            # A point is worth a few retries, not a stuck close(): at most about 2 s of
            # retrying (1.5 s of back-off), then the batch is dropped and logged.
            retry_interval=500,
            max_retries=2,
            max_retry_time=10_000,
            max_close_wait=5_000,
        ),
        error_callback=failed,
    )

    def write(point: dict[str, Any]) -> None:
        api.write(bucket=bucket, org=org, record=point, write_precision=_NANOSECONDS)

    return write, api


def from_settings(settings: Mapping[str, Any]) -> InfluxDB:
    """The backend of the ``influxdb`` section (openstacksdk's keys; ``token``, ``org``,
    ``bucket``, ``ssl`` and ``verify_ssl`` for InfluxDB 2 and 3). ``timeout`` is in
    seconds, as openstacksdk's."""
    tags = settings.get("additional_metric_tags") or {}
    measurement = settings.get("measurement")
    host = str(settings["host"])
    if settings.get("use_udp"):
        from influxdb_client.client.write.point import Point

        port = int(settings.get("port") or 8089)
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_DGRAM)[0]
        sock = socket.socket(family, kind, proto)

        def send(point: dict[str, Any]) -> None:
            line = Point.from_dict(point, write_precision=_NANOSECONDS).to_line_protocol()
            sock.sendto(line.encode("utf-8"), address)

        return InfluxDB(send, measurement=measurement, tags=tags, close=sock.close)

    from influxdb_client.client.influxdb_client import InfluxDBClient

    _bucket(settings)
    scheme = "https" if settings.get("ssl") else "http"
    token: Any = settings.get("token")  # None: no Authorization header
    if token is None and settings.get("username"):
        # InfluxDB 1.8+'s compatibility API takes username:password as the token.
        token = f"{settings['username']}:{settings.get('password') or ''}"
    timeout = settings.get("timeout")
    client: Any = InfluxDBClient(
        url=f"{scheme}://{host}:{int(settings.get('port') or 8086)}",
        token=token,
        org=settings.get("org") or "-",
        timeout=int(timeout * 1000) if timeout else 10_000,
        verify_ssl=settings.get("verify_ssl", True),
    )
    write, api = _writer(client, settings)

    def close() -> None:
        api.close()
        client.close()

    return _closed_at_exit(InfluxDB(write, measurement=measurement, tags=tags, close=close))


def from_client(client: Any, settings: Mapping[str, Any]) -> InfluxDB:
    """The backend of openstacksdk's Proxy arguments ``influxdb_client`` and
    ``influxdb_config``: an ``influxdb.InfluxDBClient`` (openstacksdk's) gets
    ``write_points([point])``, an ``influxdb_client.InfluxDBClient`` a batching writer
    to ``bucket`` (or ``database``). The caller keeps owning the client."""
    tags = settings.get("additional_metric_tags") or {}
    measurement = settings.get("measurement")
    if hasattr(client, "write_points"):
        return InfluxDB(
            lambda point: client.write_points([point]),
            measurement=measurement,
            tags=tags,
            stamp=False,
        )
    write, api = _writer(client, settings)
    return _closed_at_exit(InfluxDB(write, measurement=measurement, tags=tags, close=api.close))
