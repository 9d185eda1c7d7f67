"""When a request is sent again: after a 401, after a retriable status, never from a stream.

keystoneauth1 sends requests, retries them and re-authenticates; this module corrects
three of its behaviours at the Proxy's seam, without replacing any of it:

* After a 401 keystoneauth1 invalidates the token and resends the request once, with
  the same ``data``. A generator or file object was consumed by the first send, so the
  resend carries an empty or partial body and the server stores that (an image of 0
  bytes, reported as a success). And its retry depends on ``invalidate()`` returning
  True, which it does only for the first of several threads sharing a Connection: the
  others raise 401 (or, arriving after the new token, throw it away and log in again).
  :class:`openstack_core.proxy.Proxy` therefore asks keystoneauth1 for no
  re-authentication (``allow_reauth=False``) and, on a 401, calls :func:`renew_token`:
  one login per revoked token however many threads saw it, then one resend, and none
  for a one-shot body (:func:`is_one_shot`).
* keystoneauth1's connect and status-code retries resend the body too: a one-shot body
  gets none.
* keystoneauth1 sleeps as long as ``Retry-After`` says, however long that is.
  :class:`RetryAfterCap` caps what it sees at :data:`MAX_RETRY_AFTER` seconds (an HTTP
  date or a fraction is turned into whole seconds too) and gives the final response
  the server's own value back.
"""

from __future__ import annotations

import email.utils
import logging
import math
import threading
import time
import weakref
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests
    from keystoneauth1 import plugin
    from keystoneauth1 import session as ks_session

__all__ = ["MAX_RETRY_AFTER", "RetryAfterCap", "is_one_shot", "renew_token", "retry_after_cap"]

_LOG = logging.getLogger("openstack_core.proxy")

#: The longest wait, in seconds, before a retry of a 429 or 503 whose ``Retry-After``
#: asks for more (keystoneauth1's own longest back-off is 60 seconds too).
MAX_RETRY_AFTER = 60.0

#: Bodies requests can send again as they are: nothing is consumed by sending them.
_REPLAYABLE = (bytes, bytearray, memoryview, str, dict, list, tuple)

# One lock per auth plugin, shared by every Proxy and Connection using that plugin.
_LOCKS: weakref.WeakKeyDictionary[Any, threading.Lock] = weakref.WeakKeyDictionary()
_LOCKS_GUARD = threading.Lock()


def is_one_shot(data: Any) -> bool:
    """Whether a request body is consumed by being sent (a generator, an iterator, a
    file object): sending it again would send what is left of it, often nothing."""
    return data is not None and not isinstance(data, _REPLAYABLE)


def _lock_for(auth: plugin.BaseAuthPlugin) -> threading.Lock:
    with _LOCKS_GUARD:
        lock = _LOCKS.get(auth)
        if lock is None:
            lock = _LOCKS[auth] = threading.Lock()
        return lock


def renew_token(
    session: ks_session.Session, auth: plugin.BaseAuthPlugin, rejected: requests.Response
) -> bool:
    """Make sure the auth plugin holds a token other than the one ``rejected`` carried.

    Returns True when it does (renewed now, or already by another thread: sending the
    request again is worth it) and False when the plugin cannot renew (keystoneauth1's
    ``invalidate()`` says so, e.g. a fixed token). Under one lock per auth plugin, so
    threads that saw the same revoked token log in once, not once each. keystoneauth1's
    errors (Keystone refusing the credentials, unreachable) propagate.
    """
    sent: Mapping[str, str] = rejected.request.headers if rejected.request is not None else {}
    with _lock_for(auth):
        current = session.get_auth_headers(auth)
        if current and any(sent.get(name) != value for name, value in current.items()):
            return True  # another thread renewed it after this request was sent
        if not session.invalidate(auth):
            return False
        # Logging in inside the lock makes the other threads wait for this token.
        renewed = session.get_auth_headers(auth)
        _LOG.debug("authentication renewed after a 401 from %s", rejected.url)
        return bool(renewed)


def _seconds(value: str) -> float | None:
    """``Retry-After`` in seconds from now: a number, or an HTTP date (RFC 9110)."""
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class RetryAfterCap:
    """A requests response hook capping ``Retry-After`` of retriable answers.

    keystoneauth1 reads the header of each answer it may retry and sleeps that many
    seconds; a server or proxy saying ``Retry-After: 86400`` would hang the caller for
    a day. The hook rewrites the header to at most ``cap`` whole seconds (keystoneauth1
    parses only whole seconds); :meth:`restore` puts the server's value back on the
    response the caller gets, so ``TooManyRequests.retry_after`` is what the server said.
    """

    def __init__(self, codes: Iterable[int], cap: float | None = None) -> None:
        self._codes = frozenset(codes)
        self._cap = MAX_RETRY_AFTER if cap is None else cap
        # The responses rewritten, each with the server's value; only for the length of
        # one request (an id() could be reused by a later response).
        self._originals: list[tuple[requests.Response, str]] = []

    def __call__(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if response.status_code not in self._codes:
            return
        value = response.headers.get("Retry-After")
        if value is None:
            return
        seconds = _seconds(value)
        if seconds is None:
            return  # unreadable: keystoneauth1 falls back to its own back-off
        wait = str(math.ceil(min(seconds, self._cap)))
        if wait != value.strip():
            if seconds > self._cap:
                _LOG.warning(
                    "%s answered HTTP %s with Retry-After %s; waiting %s seconds instead",
                    response.url,
                    response.status_code,
                    value,
                    wait,
                )
            self._originals.append((response, value))
            response.headers["Retry-After"] = wait

    def restore(self, response: requests.Response) -> None:
        """Give ``response`` back the ``Retry-After`` the server sent."""
        for rewritten, original in self._originals:
            if rewritten is response:
                response.headers["Retry-After"] = original


def retry_after_cap(
    kwargs: dict[str, Any], retries: int | None, codes: Sequence[int] | None
) -> RetryAfterCap | None:
    """When status codes are retried (``kwargs``' own settings, else the Proxy's
    ``retries`` and ``codes``): add 429 to them and cap ``Retry-After``; the cap is
    installed as a response hook in ``kwargs`` and returned."""
    if not kwargs.get("status_code_retries", retries):
        return None
    # keystoneauth1 takes an empty list for its default, [503].
    retried = list(kwargs.get("retriable_status_codes") or codes or [503])
    if 429 not in retried:
        # Rate limited: the request was not carried out, so it is safe to send again.
        retried.append(429)
    kwargs["retriable_status_codes"] = retried
    cap = RetryAfterCap(retried)
    hooks = dict(kwargs.get("hooks") or {})
    existing = hooks.get("response") or []
    hooks["response"] = [cap, *(existing if isinstance(existing, list) else [existing])]
    kwargs["hooks"] = hooks
    return cap
