"""statsd: openstacksdk's metric names, through the ``statsd`` library
(``openstack-core[statsd]``).

For each call, in one pipeline (one UDP packet), with ``key`` =
``<prefix>.<service type>.<METHOD>.<name>`` (:func:`openstack_core._observe.metric_name`
of the URL template, e.g. ``openstack.api.compute.GET.servers_detail``):

- ``key.<status>``: a timing (milliseconds) and a counter, when a response arrived;
- ``key.over_1000``: a counter, when that took more than a second;
- ``key.failed``: a counter, when no response arrived (connection or auth failure);
- ``key.attempted``: a counter, always.

The duration is the call's (:attr:`RequestRecord.elapsed`: keystoneauth1's retries
and any authentication included); openstacksdk times the last response only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from openstack_core._observe import Backend, metric_name

if TYPE_CHECKING:
    from collections.abc import Mapping

    from openstack_core.proxy import RequestRecord

__all__ = ["DEFAULT_PREFIX", "Statsd", "from_settings"]

#: openstacksdk's default prefix.
DEFAULT_PREFIX = "openstack.api"


def _normalized(name: str) -> str:
    return name.replace(".", "_").replace(":", "_")


class Statsd(Backend):
    """Reports each call to a ``statsd.StatsClient`` (or any client with its
    ``pipeline()``, ``timing()`` and ``incr()``)."""

    def __init__(self, client: Any, prefix: str | None = None, *, owned: bool = False) -> None:
        self.client = client
        self.prefix = prefix or DEFAULT_PREFIX
        self._owned = owned

    def __call__(self, record: RequestRecord, /) -> None:
        key = ".".join(
            (
                self.prefix,
                _normalized(record.service_type),
                record.method,
                metric_name(record.url_template),
            )
        )
        with self.client.pipeline() as pipe:
            if record.status_code is not None:
                milliseconds = int(record.elapsed * 1000)
                name = f"{key}.{record.status_code}"
                pipe.timing(name, milliseconds)
                pipe.incr(name)
                if milliseconds > 1000:
                    pipe.incr(f"{key}.over_1000")
            elif record.exception is not None:
                pipe.incr(f"{key}.failed")
            pipe.incr(f"{key}.attempted")

    def close(self) -> None:
        """Close the client's socket when this backend created the client."""
        if self._owned:
            close = getattr(self.client, "close", None)
            if close is not None:
                close()


def from_settings(settings: Mapping[str, Any]) -> Statsd:
    """A backend with a client of its own for the ``statsd`` section (host defaults to
    localhost, port to 8125, as the statsd library's)."""
    import statsd

    client = statsd.StatsClient(
        host=settings.get("host") or "localhost", port=int(settings.get("port") or 8125)
    )
    return Statsd(client, settings.get("prefix"), owned=True)
