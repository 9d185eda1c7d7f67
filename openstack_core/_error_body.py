"""Pull the human message out of the error body shapes OpenStack services use."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests

_MAX_LEN = 1000
# Patterns for HTML error pages, compiled (and cached by re) on the first such page:
# compiling them, and importing html, cost every process about 1 ms at import.
_TAG = r"<[^>]+>"
_TITLE = r"<title>.*?</title>|<h1>.*?</h1>"
_SPACE = r"\s+"


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
    """Readable text of a webob-style HTML error page, without its repeated title."""
    import html

    body = re.sub(_TITLE, " ", text, flags=re.IGNORECASE | re.DOTALL)
    body = html.unescape(re.sub(_TAG, " ", body))
    body = re.sub(_SPACE, " ", body).strip()
    if not body:
        match = re.search(r"<title>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
        body = html.unescape(match.group(1)).strip() if match else ""
    return body


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
            message = re.sub(_SPACE, " ", text).strip()
    elif "html" in content_type or stripped[:1] == "<":
        message = message_from_html(text)
    else:
        message = re.sub(_SPACE, " ", text).strip()
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
