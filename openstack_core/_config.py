"""Cloud configuration: clouds.yaml, secure.yaml, ``OS_*`` variables and arguments.

Files are searched as openstacksdk searches them, so existing setups work unchanged:
``OS_CLIENT_CONFIG_FILE`` (``OS_CLIENT_SECURE_FILE``), then ``./``,
``~/.config/openstack/`` and ``/etc/openstack/``, each as ``.yaml``, ``.yml`` or
``.json``. The first file found of each kind is used. Precedence, lowest first: the
cloud's entry in clouds.yaml, its entry in secure.yaml, ``OS_*`` variables when no
cloud is named (the ``envvars`` cloud), keyword arguments.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from openstack_core.exceptions import ConfigException

_EXTENSIONS = (".yaml", ".yml", ".json")
# Keys that are never auth-plugin options even if a plugin happens to declare them.
_TOP_LEVEL = frozenset(
    {
        "region_name",
        "interface",
        "verify",
        "cacert",
        "cert",
        "key",
        "api_timeout",
        "auth_type",
        "auth",
        "regions",
        "profile",
        "cloud",
    }
)
_TRUE = ("1", "true", "yes", "on")


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
            data = yaml.safe_load(text)
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


def _merge(base: Mapping[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Deep merge: ``extra`` wins, nested mappings are merged key by key."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _from_environment() -> dict[str, Any]:
    """``OS_*`` variables as config keys (``OS_AUTH_URL`` -> ``auth_url``)."""
    values: dict[str, Any] = {}
    for name, value in os.environ.items():
        if not name.startswith("OS_") or name in (
            "OS_CLOUD",
            "OS_CLIENT_CONFIG_FILE",
            "OS_CLIENT_SECURE_FILE",
        ):
            continue
        values[name[3:].lower()] = value
    if "tenant_name" in values:
        values.setdefault("project_name", values.pop("tenant_name"))
    if "tenant_id" in values:
        values.setdefault("project_id", values.pop("tenant_id"))
    if "insecure" in values:
        values.setdefault("verify", str(values.pop("insecure")).lower() not in _TRUE)
    return values


# A plain class rather than a dataclass: importing dataclasses (and the inspect, ast
# and dis modules it pulls in) costs about 3 ms, 3% of ``import openstack_core``.
class CloudConfig:
    """Everything needed to build a Session and the service proxies for one cloud.

    ``auth`` holds credentials and never appears in ``repr``.
    """

    _FIELDS = (
        "name",
        "auth_type",
        "auth",
        "region_name",
        "interface",
        "verify",
        "cert",
        "api_timeout",
        "options",
        "files",
    )

    def __init__(
        self,
        name: str,
        auth_type: str,
        auth: dict[str, Any] | None = None,
        region_name: str | None = None,
        interface: str = "public",
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        api_timeout: float | None = None,
        options: dict[str, Any] | None = None,
        files: list[str] | None = None,
    ) -> None:
        self.name = name
        self.auth_type = auth_type
        self.auth: dict[str, Any] = {} if auth is None else auth
        self.region_name = region_name
        self.interface = interface
        self.verify = verify
        self.cert = cert
        self.api_timeout = api_timeout
        self.options: dict[str, Any] = {} if options is None else options
        self.files: list[str] = [] if files is None else files

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in self._FIELDS)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"CloudConfig(name={self.name!r}, region_name={self.region_name!r}, "
            f"auth_type={self.auth_type!r}, interface={self.interface!r}, "
            f"auth_url={self.auth.get('auth_url')!r})"
        )

    def service_options(self, names: list[str]) -> dict[str, Any]:
        """Every ``<name>_<option>`` key for ``names`` as ``{option: value}``; keys of
        the official type (first in ``names``) win over those of aliases."""
        result: dict[str, Any] = {}
        for name in reversed(names):
            prefix = name.replace("-", "_") + "_"
            for key, value in self.options.items():
                if key.startswith(prefix):
                    result[key[len(prefix) :]] = value
        return result

    def service_option(self, names: list[str], option: str) -> Any:
        """``<service>_<option>`` for the first of ``names`` that is set.

        ``names`` is the official service type followed by its aliases; dashes become
        underscores (``block_storage_api_version``, ``volume_api_version``).
        """
        for name in names:
            key = f"{name.replace('-', '_')}_{option}"
            if key in self.options and self.options[key] not in (None, ""):
                return self.options[key]
        return None


def _auth_type_for(auth: Mapping[str, Any]) -> str:
    if auth.get("application_credential_secret"):
        return "v3applicationcredential"
    if auth.get("token") and not auth.get("password"):
        return "token"
    return "password"


def _auth_option_names(auth_type: str) -> set[str]:
    from keystoneauth1 import exceptions as ksa_exc
    from keystoneauth1 import loading

    try:
        loader: Any = loading.get_plugin_loader(auth_type)
    except ksa_exc.NoMatchingPlugin as exc:
        available = ", ".join(sorted(loading.get_available_plugin_names()))
        raise ConfigException(
            f"unknown auth_type {auth_type!r}; keystoneauth1 offers: {available}"
        ) from exc
    return {opt.dest for opt in loader.get_options()}


def build_config(
    cloud: str | None = None,
    *,
    load_files: bool = True,
    load_envvars: bool = True,
    **kwargs: Any,
) -> CloudConfig:
    """Resolve the configuration of ``cloud`` (or ``OS_CLOUD``) merged with ``kwargs``."""
    files: list[str] = []
    clouds: dict[str, Any] = {}
    clouds_file: Path | None = None
    if load_files:
        clouds_file = find_file("clouds", "OS_CLIENT_CONFIG_FILE")
        if clouds_file is not None:
            files.append(str(clouds_file))
            clouds = load_file(clouds_file).get("clouds") or {}
            if not isinstance(clouds, dict):
                raise ConfigException("'clouds' must be a mapping", file=str(clouds_file))
        secure_file = find_file("secure", "OS_CLIENT_SECURE_FILE")
        if secure_file is not None:
            files.append(str(secure_file))
            secure = load_file(secure_file).get("clouds") or {}
            clouds = _merge(clouds, secure)

    if cloud is None and load_envvars:
        cloud = os.environ.get("OS_CLOUD") or None
    values: dict[str, Any]
    if cloud is not None:
        if cloud not in clouds:
            found = ", ".join(sorted(clouds)) or "none"
            read = ", ".join(files) or "no clouds.yaml found (searched OS_CLIENT_CONFIG_FILE, "
            read += "" if files else "./, ~/.config/openstack/, /etc/openstack/)"
            raise ConfigException(
                f"cloud {cloud!r} is not defined. Clouds found: {found}. Files read: {read}",
                file=str(clouds_file) if clouds_file else None,
            )
        values = dict(clouds[cloud] or {})
        name = cloud
    else:
        values = _from_environment() if load_envvars else {}
        name = "envvars" if values else "defaults"
    explicit_auth = kwargs.pop("auth", None)
    values = _merge(values, {k: v for k, v in kwargs.items() if v is not None})
    if explicit_auth:
        values = _merge(values, {"auth": explicit_auth})
    return _finish(name, values, files)


def _finish(name: str, values: dict[str, Any], files: list[str]) -> CloudConfig:
    auth = dict(values.pop("auth", None) or {})
    auth_type = values.pop("auth_type", None)
    candidates = {**values, **auth}
    auth_type = auth_type or _auth_type_for(candidates)
    option_names = _auth_option_names(auth_type)
    for key in list(values):
        if key in option_names and key not in _TOP_LEVEL:
            auth.setdefault(key, values.pop(key))

    verify: bool | str = values.pop("verify", True)
    if isinstance(verify, str):
        verify = verify.lower() in _TRUE
    cacert = values.pop("cacert", None)
    if cacert and verify is not False:
        verify = str(cacert)
    cert = values.pop("cert", None)
    key = values.pop("key", None)
    if cert and key:
        cert = (str(cert), str(key))
    timeout = values.pop("api_timeout", None)
    region = values.pop("region_name", None)
    regions = values.pop("regions", None)
    if region is None and isinstance(regions, list) and regions:
        first = regions[0]
        region = first.get("name") if isinstance(first, dict) else first
    return CloudConfig(
        name=name,
        auth_type=auth_type,
        auth=auth,
        region_name=region,
        interface=values.pop("interface", None) or "public",
        verify=verify,
        cert=cert,
        api_timeout=float(timeout) if timeout not in (None, "") else None,
        options=values,
        files=files,
    )


def build_auth(config: CloudConfig) -> Any:
    """The keystoneauth1 auth plugin for ``config``; missing options are named."""
    from keystoneauth1 import exceptions as ksa_exc
    from keystoneauth1 import loading

    loader: Any = loading.get_plugin_loader(config.auth_type)
    known = {opt.dest for opt in loader.get_options()}
    unknown = sorted(set(config.auth) - known)
    where = config.files[0] if config.files else None
    if unknown:
        raise ConfigException(
            f"cloud {config.name!r}: auth options {', '.join(unknown)} are not options of "
            f"auth_type {config.auth_type!r} (its options: {', '.join(sorted(known))})",
            file=where,
        )
    try:
        return loader.load_from_options(**config.auth)
    except ksa_exc.MissingRequiredOptions as exc:
        missing = ", ".join(opt.dest for opt in exc.options)
        raise ConfigException(
            f"cloud {config.name!r}: auth_type {config.auth_type!r} needs {missing}; set "
            f"them under 'auth:' in clouds.yaml, as OS_* variables or as arguments",
            file=where,
        ) from exc
