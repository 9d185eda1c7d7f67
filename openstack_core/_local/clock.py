"""Time and ids for fakes: an injectable clock, so lifecycles are computed from
timestamps when they are read (no sleeping, no background threads)."""

from __future__ import annotations

import datetime
import time
import uuid

__all__ = ["Clock", "isotime", "new_id", "parse_time", "request_id"]


class Clock:
    """The local cloud's time in epoch seconds: the system clock, or a frozen one.

    ``Clock()`` follows the system clock; ``Clock(start=0.0)`` stands still at
    ``start`` until :meth:`advance` moves it, which is what tests of lifecycles use:
    ``cloud.clock.advance(5)`` and a server built with a 3 s delay reads ACTIVE.
    """

    __slots__ = ("_frozen", "_offset")

    def __init__(self, start: float | None = None) -> None:
        self._frozen = start
        self._offset = 0.0

    def now(self) -> float:
        """Seconds since the epoch, as the fakes see them."""
        base = time.time() if self._frozen is None else self._frozen
        return base + self._offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward (a frozen one, or the system one by an offset)."""
        if seconds < 0:
            raise ValueError(f"a clock only moves forward, not by {seconds}")
        self._offset += seconds

    @property
    def frozen(self) -> bool:
        """Whether the clock stands still between :meth:`advance` calls."""
        return self._frozen is not None

    def __repr__(self) -> str:
        kind = "frozen" if self.frozen else "system"
        return f"<Clock {kind} at {isotime(self.now(), micro=True)}>"


def new_id() -> str:
    """A new UUID4 in its canonical text form, as OpenStack services make ids."""
    return str(uuid.uuid4())


def request_id() -> str:
    """A request id as OpenStack services send it: ``req-<uuid4>``."""
    return f"req-{uuid.uuid4()}"


def isotime(seconds: float, *, micro: bool = False, zulu: bool = True) -> str:
    """``2026-01-31T12:00:00Z`` (``micro``: ``.123456`` before the zone; ``zulu=False``
    leaves the ``Z`` out, as Nova writes ``launched_at``)."""
    moment = datetime.datetime.fromtimestamp(seconds, datetime.UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S.%f" if micro else "%Y-%m-%dT%H:%M:%S")
    return text + ("Z" if zulu else "")


def parse_time(text: str) -> float:
    """Epoch seconds of an ISO 8601 time (``Z``, an offset, or none: UTC);
    ValueError if it is not one."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.timestamp()
