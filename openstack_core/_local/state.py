"""Files of the served local cloud: the state file (``--state``), the settings file
(``--config``) and the clouds.yaml it writes, each written atomically (a temporary file
beside it, then a rename) with mode 0600: they hold passwords and tokens.

A state file that cannot be read as local cloud state is an error naming it; it is
never replaced, so a typo in a path or a damaged file loses nothing. A clouds.yaml that
already holds other clouds keeps them: only the local cloud's entries are replaced.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from openstack_core.exceptions import ConfigException

__all__ = ["read_settings", "read_state", "write_clouds_yaml", "write_private"]


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable by the owner only."""
    path = path.expanduser()
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise ConfigException(f"{path}: the directory {directory} does not exist")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read_state(path: Path) -> dict[str, Any] | None:
    """The saved state at ``path``; None if there is no file yet. A file that is not
    local cloud state raises ConfigException naming it (the file is left alone)."""
    path = path.expanduser()
    if not path.exists():
        return None
    advice = "move it away or pass another --state path; it was left as it is"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigException(
            f"cannot read it as local cloud state ({type(exc).__name__}: {exc}); {advice}",
            file=str(path),
        ) from exc
    if not isinstance(data, dict) or "format" not in data or "services" not in data:
        raise ConfigException(
            f"it is not a local cloud state file (no 'format' and 'services'); {advice}",
            file=str(path),
        )
    return data


def read_settings(path: Path) -> dict[str, dict[str, Any]]:
    """The per-service settings in a YAML or JSON file (``{service-type: {...}}``)."""
    path = path.expanduser()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigException(f"cannot read the settings: {exc.strerror}", file=str(path)) from exc
    except yaml.YAMLError as exc:
        raise ConfigException(f"invalid YAML: {exc}", file=str(path)) from exc
    if data is None:
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise ConfigException(
            "settings must map service types to mappings (compute: {build_delay: 0.1})",
            file=str(path),
        )
    return {str(k): dict(v) for k, v in data.items()}


def write_clouds_yaml(path: Path, clouds: dict[str, dict[str, Any]]) -> None:
    """Put ``clouds`` into the clouds.yaml at ``path``, keeping its other clouds."""
    path = path.expanduser()
    existing: dict[str, Any] = {}
    if path.exists():
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigException(
                f"it exists and is not a readable clouds.yaml ({exc}); the local cloud does "
                "not overwrite it: pass another --clouds-yaml path",
                file=str(path),
            ) from exc
        if loaded is not None and not (
            isinstance(loaded, dict) and isinstance(loaded.get("clouds", {}), dict)
        ):
            raise ConfigException(
                "it exists and is not a clouds.yaml (no 'clouds' mapping); the local cloud "
                "does not overwrite it: pass another --clouds-yaml path",
                file=str(path),
            )
        existing = loaded or {}
    merged = dict(existing)
    merged["clouds"] = {**existing.get("clouds", {}), **clouds}
    write_private(path, yaml.safe_dump(merged, default_flow_style=False, sort_keys=False))
