"""Reading configuration sources: clouds.yaml and secure.yaml, and ``OS_*`` variables.

Files are searched as openstacksdk searches them: ``OS_CLIENT_CONFIG_FILE``
(``OS_CLIENT_SECURE_FILE``), then ``./``, ``~/.config/openstack/`` and
``/etc/openstack/``, each as ``.yaml``, ``.yml`` or ``.json``; YAML is read with
a safe loader only (libyaml's when available). Errors name the file and line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from openstack_core.exceptions import ConfigException

__all__ = ["find_file", "from_environment", "load_file", "merge"]

_EXTENSIONS = (".yaml", ".yml", ".json")
# libyaml's safe loader when PyYAML was built with it: the same documents and errors as
# yaml.SafeLoader (also with the line of a mistake), about eight times faster.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _search_dirs() -> list[Path]:
    return [
        Path.cwd(),
        Path(os.path.expanduser("~")) / ".config" / "openstack",
        Path("/etc/openstack"),
    ]


def find_file(stem: str, env_var: str) -> Path | None:
    """The config file to use for ``stem`` (``clouds`` or ``secure``), if any."""
    explicit = os.environ.get(env_var)
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigException(
                f"{env_var} points at {explicit}, which is not a readable file",
                file=explicit,
            )
        return path
    for directory in _search_dirs():
        for ext in _EXTENSIONS:
            candidate = directory / f"{stem}{ext}"
            if candidate.is_file():
                return candidate
    return None


def load_file(path: Path) -> dict[str, Any]:
    """Parse one YAML or JSON config file; errors name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigException(f"cannot read: {exc.strerror}", file=str(path)) from exc
    try:
        if path.suffix == ".json":
            data = json.loads(text) if text.strip() else {}
        else:
            data = yaml.load(text, Loader=_SAFE_LOADER)
    except json.JSONDecodeError as exc:
        raise ConfigException(f"invalid JSON: {exc.msg}", file=str(path), line=exc.lineno) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigException(f"invalid YAML: {problem}", file=str(path), line=line) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigException(
            f"expected a mapping with a 'clouds' key, found {type(data).__name__}",
            file=str(path),
        )
    return data


def merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Deep merge: ``extra`` wins, nested mappings are merged key by key."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def from_environment() -> tuple[dict[str, Any], dict[str, str]]:
    """``OS_*`` variables as config keys (``OS_AUTH_URL`` -> ``auth_url``), and for each
    key the variable it came from."""
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for name, value in os.environ.items():
        if not name.startswith("OS_") or name in (
            "OS_CLOUD",
            "OS_CLIENT_CONFIG_FILE",
            "OS_CLIENT_SECURE_FILE",
        ):
            continue
        values[name[3:].lower()] = value
        origins[name[3:].lower()] = f"env:{name}"
    for old, new in (("tenant_name", "project_name"), ("tenant_id", "project_id")):
        if old in values and new not in values:
            values[new] = values.pop(old)
            origins[new] = origins.pop(old)
    return values, origins
