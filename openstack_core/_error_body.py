"""Pull the human message out of the error body shapes OpenStack services use."""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests

_MAX_LEN = 1000
_TAG = re.compile(r"<[^>]+>")
_TITLE_TEXT = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_H1_TEXT = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
# Not the page's text: its head (the title included), scripts and styles.
_HIDDEN = re.compile(r"<(head|title|script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_SPACE = re.compile(r"\s+")


def message_from_json(data: Any) -> str | None:
    """The message in a decoded JSON error body, for every shape OpenStack uses.

    * API-SIG: ``{"errors": [{"title": ..., "detail": ...}, ...]}``
    * Keystone: ``{"error": {"code": 404, "title": ..., "message": ...}}``
    * Nova and friends: ``{"itemNotFound": {"code": 404, "message": ...}}``
    * flat: ``{"message": ...}``, ``{"faultstring": ...}``, ``{"detail": ...}``
    """
    if isinstance(data, str):
        return data or None
    if not isinstance(data, dict):
        return None
    errors = data.get("errors")
    if isinstance(errors, list) and errors:
        texts = []
        for error in errors:
            if isinstance(error, dict):
                text = error.get("detail") or error.get("title") or error.get("message")
                if text:
                    texts.append(str(text))
        if texts:
            return "; ".join(texts)
    for key in ("message", "faultstring", "detail", "error_message", "title"):
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
    for value in data.values():
        if isinstance(value, dict):
            found = message_from_json(value)
            if found:
                return found
    return None


def message_from_html(text: str) -> str:
    """Readable text of an HTML error page: its title, its first heading when that says
    something else, then the rest of its text (scripts and styles left out).

    A proxy's page often says everything in its title (``502 Bad Gateway``) and a
    maintenance page in its heading, so neither is dropped; the heading that repeats
    the title, as webob's pages do, is given once.
    """
    parts: list[str] = []
    for pattern in (_TITLE_TEXT, _H1_TEXT):
        match = pattern.search(text)
        if match is not None:
            heading = _readable(match.group(1))
            if heading and heading.lower() not in (p.lower() for p in parts):
                parts.append(heading)
    # The first heading was given above already.
    body = _readable(_H1_TEXT.sub(" ", _HIDDEN.sub(" ", text), count=1))
    if body:
        parts.append(body)
    return ": ".join(parts)


def _readable(fragment: str) -> str:
    """``fragment`` of HTML as plain text on one line."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def extract_message(response: requests.Response) -> str | None:
    """The server's error message in ``response``, or ``None`` if the body has none."""
    try:
        text = response.text
    except Exception:  # undecodable body; the status line still tells the story
        return None
    if not text or not text.strip():
        return None
    content_type = response.headers.get("Content-Type", "")
    message: str | None
    stripped = text.lstrip()
    if "json" in content_type or stripped[:1] in "{[":
        try:
            message = message_from_json(json.loads(text))
        except ValueError:
            message = _SPACE.sub(" ", text).strip()
    elif "html" in content_type or stripped[:1] == "<":
        message = message_from_html(text)
    else:
        message = _SPACE.sub(" ", text).strip()
    if message and len(message) > _MAX_LEN:
        message = message[:_MAX_LEN] + "..."
    return message or None


def code_from_json(data: Any) -> str | None:
    """The service's own name of the error in a decoded JSON error body, if any.

    * Neutron: ``{"NeutronError": {"type": "SecurityGroupRuleExists", ...}}``
    * API-SIG: ``{"errors": [{"code": "placement.inventory.inuse", ...}]}``
    * Nova and friends: the wrapper key, ``{"itemNotFound": {"code": 404, ...}}``
    """
    if not isinstance(data, dict):
        return None
    errors = data.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        code = errors[0].get("code")
        return str(code) if isinstance(code, str) and code else None
    if len(data) == 1:
        key, value = next(iter(data.items()))
        if isinstance(value, dict):
            kind = value.get("type")
            if isinstance(kind, str) and kind:
                return kind
            if key not in ("error", "message") and ("message" in value or "code" in value):
                return str(key)
    return None


def extract_code(response: requests.Response) -> str | None:
    """The service's error code in ``response``'s JSON body, or ``None``."""
    try:
        text = response.text
    except Exception:  # undecodable body
        return None
    if "json" not in response.headers.get("Content-Type", "") and text.lstrip()[:1] != "{":
        return None
    try:
        return code_from_json(json.loads(text))
    except ValueError:
        return None
