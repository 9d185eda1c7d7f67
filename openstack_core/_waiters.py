"""Waiting: a polling loop with back-off, and the status and delete waits built on it."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from openstack_core import exceptions

if TYPE_CHECKING:
    from openstack_core._resource import Resource
    from openstack_core.proxy import Proxy

__all__ = ["poll", "wait_for_delete", "wait_for_status"]

T = TypeVar("T")
R = TypeVar("R", bound="Resource")


def poll(
    check: Callable[[], T | None],
    *,
    what: str,
    timeout: float | None,
    interval: float = 0.25,
    max_interval: float = 2.0,
    backoff: float = 2.0,
    state: Callable[[], object] | None = None,
) -> T:
    """Call ``check`` until it returns something other than None, and return that.

    ``check`` runs at once, then after ``interval`` seconds, each pause ``backoff``
    times longer than the last, up to ``max_interval`` (``backoff=1`` keeps it fixed).
    To fail, ``check`` raises (e.g. ResourceFailure). After ``timeout`` seconds
    (``None``: never) it raises ResourceTimeout: "Timed out after <timeout> s waiting
    for <what>", followed by "; it is <state()>" when ``state`` is given.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    delay = max(interval, 0.0)
    while True:
        result = check()
        if result is not None:
            return result
        if deadline is not None and time.monotonic() >= deadline:
            now = f"; it is {state()!r}" if state is not None else ""
            raise exceptions.ResourceTimeout(f"Timed out after {timeout} s waiting for {what}{now}")
        if deadline is not None:
            delay = min(delay, max(deadline - time.monotonic(), 0.0))
        time.sleep(delay)
        delay = min(delay * backoff, max(max_interval, interval))


def _progress(resource: Resource) -> Any:
    return resource.get("progress")


def wait_for_status(
    proxy: Proxy,
    resource: R,
    status: str,
    failures: list[str] | None = None,
    interval: float | None = 2,
    wait: float | None = None,
    attribute: str = "status",
    callback: Callable[[Any], None] | None = None,
) -> R:
    """Poll ``resource`` until its ``attribute`` equals ``status`` (case-insensitive).

    Raises ResourceFailure when it reaches one of ``failures`` (default ``["ERROR"]``) and
    ResourceTimeout after ``wait`` seconds (``None`` waits forever). ``callback`` gets the
    resource's ``progress`` attribute (or None) after every poll. The first check uses
    the resource as it is; each later one fetches it.
    """
    wanted = status.lower()
    failed = {f.lower() for f in (failures if failures is not None else ["ERROR"])}
    current = resource
    fetch = False  # the first check looks at the resource as it was given

    def check() -> R | None:
        nonlocal current, fetch
        if fetch:
            current = current.fetch(proxy, skip_cache=True)
            if callback is not None:
                callback(_progress(current))
        fetch = True
        value = getattr(current, attribute)
        if isinstance(value, str) and value.lower() == wanted:
            return current
        if isinstance(value, str) and value.lower() in failed:
            raise exceptions.ResourceFailure(
                f"{current!r} reached {attribute} {value!r} while waiting for {status!r}"
            )
        return None

    return poll(
        check,
        what=f"{resource!r} to reach {attribute} {status!r}",
        timeout=wait,
        interval=interval or 0,
        backoff=1,
        state=lambda: getattr(current, attribute),
    )


def wait_for_delete(
    proxy: Proxy,
    resource: R,
    interval: float | None = 2,
    wait: float | None = None,
    callback: Callable[[Any], None] | None = None,
) -> R:
    """Poll until fetching ``resource`` answers 404; ResourceTimeout after ``wait`` s."""
    current = resource

    def check() -> R | None:
        nonlocal current
        try:
            current = current.fetch(proxy, skip_cache=True)
        except exceptions.NotFoundException:
            return current
        if callback is not None:
            callback(_progress(current))
        return None

    return poll(
        check,
        what=f"{resource!r} to be deleted",
        timeout=wait,
        interval=interval or 0,
        backoff=1,
    )
