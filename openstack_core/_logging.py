"""``openstack_core.enable_logging``: openstacksdk's helper, for scripts that want output
without configuring :mod:`logging` themselves.

Loggers: ``openstack_core`` (``openstack_core.http`` has one DEBUG line per API call:
method, URL, status, duration, service, microversion and request id, image uploads and
downloads included, never a header or a body), each installed service plugin's
top-level package (``openstack_compute``, ``openstack_image``, ...) and
``keystoneauth`` (with ``http_debug``, its request and response details: headers with
tokens hashed, bodies except those a plugin keeps out with ``log=False``).
"""

from __future__ import annotations

import logging
import sys
from typing import TextIO

__all__ = ["enable_logging"]

_FORMAT = "%(asctime)s %(levelname)s: %(name)s %(message)s"
# Marks the handlers enable_logging added, so a second call replaces them.
_MARK = "_openstack_core_enable_logging"


def _plugin_loggers() -> list[str]:
    """The top-level package of every installed service plugin (no plugin imported)."""
    from openstack_core import _discovery

    try:
        entry_points = _discovery.Registry.scan().entry_points
    except Exception:  # a broken installation must not stop logging from being set up
        return []
    return sorted({ep.value.split(":")[0].split(".")[0] for ep in entry_points})


def enable_logging(
    debug: bool = False,
    http_debug: bool = False,
    path: str | None = None,
    stream: TextIO | None = None,
    format_stream: bool = False,
    format_template: str = _FORMAT,
    handlers: list[logging.Handler] | None = None,
) -> None:
    """Send openstack-core's log to ``stream`` and/or the file ``path`` (stderr when
    neither is given), as openstacksdk's ``enable_logging`` does.

    ``debug=True`` logs at DEBUG: one line per API call (method, URL, status, duration,
    request id). ``http_debug=True`` implies it and adds keystoneauth1's request and
    response details. ``format_template`` formats the file (and the stream with
    ``format_stream=True``); ``handlers`` replace the stream and file handlers. Calling
    it again replaces what the previous call set up.
    """
    if stream is None and path is None and not handlers:
        stream = sys.stderr
    debug = debug or http_debug
    formatter = logging.Formatter(format_template)
    chosen: list[logging.Handler] = []
    if handlers:
        for handler in handlers:
            handler.setFormatter(formatter)
            chosen.append(handler)
    else:
        if stream is not None:
            console = logging.StreamHandler(stream)
            if format_stream:
                console.setFormatter(formatter)
            chosen.append(console)
        if path is not None:
            file_handler = logging.FileHandler(path)
            file_handler.setFormatter(formatter)
            chosen.append(file_handler)
    for handler in chosen:
        setattr(handler, _MARK, True)
    level = logging.DEBUG if debug else logging.INFO
    levels = {
        "openstack_core": level,
        "keystoneauth": logging.DEBUG if http_debug else logging.INFO,
    }
    for name in _plugin_loggers():
        levels.setdefault(name, level)
    replaced: set[logging.Handler] = set()
    for name, logger_level in levels.items():
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if getattr(h, _MARK, False)]:
            logger.removeHandler(old)
            replaced.add(old)
        for handler in chosen:
            logger.addHandler(handler)
        logger.setLevel(logger_level)
    for old in replaced:
        old.close()  # a previous call's file
    # Quiet below what was asked for even when the root logger is verbose, as
    # openstacksdk does.
    for name in ("urllib3", "stevedore"):
        logging.getLogger(name).setLevel(logging.INFO)
