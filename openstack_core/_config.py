"""Cloud configuration: clouds.yaml, secure.yaml, ``OS_*`` variables and arguments.

Files are searched as openstacksdk searches them, so existing setups work unchanged:
``OS_CLIENT_CONFIG_FILE`` (``OS_CLIENT_SECURE_FILE``), then ``./``,
``~/.config/openstack/`` and ``/etc/openstack/``, each as ``.yaml``, ``.yml`` or
``.json``. The first file found of each kind is used. Precedence, lowest first: the
cloud's entry in clouds.yaml, its entry in secure.yaml, ``OS_*`` variables when no
cloud is named (the ``envvars`` cloud), keyword arguments.

TLS: ``verify`` is a bool (or ``true``/``false``/``yes``/``no``/``on``/``off``/``1``/``0``)
or, like requests' ``verify``, the path of a CA bundle; ``insecure: true`` means
``verify: false``. ``cacert`` (a CA bundle) wins over a ``verify`` path. ``verify``,
``cacert``, ``cert`` and ``key`` paths get ``~`` expanded and must exist. Regions:
``regions`` lists names or ``{name:, values:}`` mappings whose ``values`` are merged
over the cloud's keys; ``region_name`` must be one of them and defaults to the first.
A comma-separated ``region_name`` (openstacksdk's older spelling, also in
``OS_REGION_NAME``) is a list of regions. Errors name the key and where it was set.
"""

from __future__ import annotations

import json
import os
import warnings
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
_BOOLEANS = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def _as_bool(value: Any) -> bool | None:
    """``value`` as a bool when it is one or spells one; None otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        return _BOOLEANS.get(value.strip().lower())
    return None


def _origin_text(origin: str) -> str:
    """``file:/x/clouds.yaml`` -> ``set in /x/clouds.yaml`` (see CloudConfig.origins)."""
    kind, _, where = origin.partition(":")
    if kind == "file":
        return f"set in {where}"
    if kind == "env":
        return f"set by {where}"
    return "passed as an argument"


def _option_error(
    cloud: str, origins: Mapping[str, str], key: str, message: str
) -> ConfigException:
    """A ConfigException about ``key`` that says where the key was set."""
    origin = origins.get(key, "argument")
    kind, _, where = origin.partition(":")
    if kind == "file":
        return ConfigException(f"cloud {cloud!r}: {key}: {message}", file=where)
    if kind == "env":
        return ConfigException(f"cloud {cloud!r}: {where} ({key}): {message}")
    return ConfigException(f"cloud {cloud!r}: argument {key}: {message}")


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


def _from_environment() -> tuple[dict[str, Any], dict[str, str]]:
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


def _insecure_as_verify(
    cloud: str, values: dict[str, Any], origins: Mapping[str, str]
) -> dict[str, Any]:
    """Turn ``insecure`` into ``verify`` within one source (a file entry, the
    environment or the arguments), so precedence between sources stays intact."""
    if "insecure" not in values:
        return values
    values = dict(values)
    raw = values.pop("insecure")
    insecure = _as_bool(raw)
    if insecure is None:
        raise _option_error(cloud, origins, "insecure", f"expected true or false, got {raw!r}")
    if "verify" not in values:
        values["verify"] = not insecure
        return values
    verify = _as_bool(values["verify"])
    if (insecure and verify is not False) or (not insecure and verify is False):
        raise _option_error(
            cloud,
            origins,
            "insecure",
            f"insecure is {raw!r} but verify is {values['verify']!r}; they contradict "
            "each other: keep one of them",
        )
    return values


def _regions(cloud: str, values: dict[str, Any], origins: Mapping[str, str]) -> list[Any]:
    """The cloud's ``regions`` as a list of names or ``{name, values}`` mappings, from
    ``regions`` or a comma-separated ``region_name``; pops ``regions``."""
    raw = values.pop("regions", None)
    if raw is None:
        region_name = values.get("region_name")
        if isinstance(region_name, str) and "," in region_name:
            del values["region_name"]
            raw = region_name
        elif isinstance(region_name, list):
            del values["region_name"]
            raw = region_name
        else:
            return []
        key = "region_name"
    else:
        key = "regions"
    if isinstance(raw, str):
        raw = [part.strip() for part in raw.split(",") if part.strip()]
    if not isinstance(raw, list):
        raise _option_error(
            cloud, origins, key, f"expected a list of regions, got {type(raw).__name__}"
        )
    regions: list[Any] = []
    for index, region in enumerate(raw):
        if isinstance(region, dict):
            name = region.get("name")
            extra = region.get("values", {})
            unknown = sorted(set(region) - {"name", "values"})
            if not isinstance(name, str) or not name or not isinstance(extra, dict) or unknown:
                raise _option_error(
                    cloud,
                    origins,
                    key,
                    f"entry {index} is {region!r}; a region is a name or a mapping with "
                    "'name' (a string) and optionally 'values' (a mapping of keys)",
                )
            regions.append(region)
        elif isinstance(region, str) and region:
            regions.append(region)
        else:
            raise _option_error(
                cloud,
                origins,
                key,
                f"entry {index} is {region!r}; a region is a name or a mapping with 'name'",
            )
    return regions


def _existing_path(
    cloud: str,
    origins: Mapping[str, str],
    key: str,
    value: Any,
    what: str,
    *,
    file: bool,
    hint: str = "",
) -> str:
    """``value`` with ``~`` expanded; it must name an existing file (or directory)."""
    if not isinstance(value, str):
        raise _option_error(
            cloud, origins, key, f"expected the path of {what}, got {type(value).__name__}"
        )
    path = os.path.expanduser(value)
    if not (os.path.isfile(path) if file else os.path.exists(path)):
        shown = value if path == value else f"{value} ({path})"
        raise _option_error(cloud, origins, key, f"{what} {shown} does not exist{hint}")
    return path


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
        "regions",
        "origins",
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
        regions: list[str] | None = None,
        origins: dict[str, str] | None = None,
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
        #: The cloud's region names (from ``regions`` or a comma-separated region_name).
        self.regions: list[str] = [] if regions is None else regions
        #: Where each top-level key was set: ``file:<path>``, ``env:<OS_VARIABLE>`` or
        #: ``argument``.
        self.origins: dict[str, str] = {} if origins is None else origins

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
        found = self.find_service_option(names, option)
        return None if found is None else found[1]

    def find_service_option(self, names: list[str], option: str) -> tuple[str, Any] | None:
        """Like :meth:`service_option`, but ``(key, value)``: the key as the user wrote
        it (``volume_api_version``, not ``block_storage_api_version``)."""
        for name in names:
            key = f"{name.replace('-', '_')}_{option}"
            if key in self.options and self.options[key] not in (None, ""):
                return key, self.options[key]
        return None

    def origin(self, key: str) -> str:
        """Where ``key`` was set, for messages: ``set in /x/clouds.yaml``, ``set by
        OS_X`` or ``passed as an argument``."""
        return _origin_text(self.origins.get(key, "argument"))

    def option_error(self, key: str, message: str) -> ConfigException:
        """A ConfigException about ``key``, naming the file, variable or argument."""
        return _option_error(self.name, self.origins, key, message)


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
    clouds_only: dict[str, Any] = {}
    secure: dict[str, Any] = {}
    clouds_file: Path | None = None
    secure_file: Path | None = None
    if load_files:
        clouds_file = find_file("clouds", "OS_CLIENT_CONFIG_FILE")
        if clouds_file is not None:
            files.append(str(clouds_file))
            clouds_only = load_file(clouds_file).get("clouds") or {}
            if not isinstance(clouds_only, dict):
                raise ConfigException("'clouds' must be a mapping", file=str(clouds_file))
        secure_file = find_file("secure", "OS_CLIENT_SECURE_FILE")
        if secure_file is not None:
            files.append(str(secure_file))
            secure = load_file(secure_file).get("clouds") or {}
            if not isinstance(secure, dict):
                raise ConfigException("'clouds' must be a mapping", file=str(secure_file))
    clouds = _merge(clouds_only, secure)

    if cloud is None and load_envvars:
        cloud = os.environ.get("OS_CLOUD") or None
    values: dict[str, Any]
    origins: dict[str, str] = {}
    if cloud is not None:
        if cloud not in clouds:
            found = ", ".join(sorted(clouds)) or "none"
            read = ", ".join(files) or "no clouds.yaml found (searched OS_CLIENT_CONFIG_FILE, "
            read += "" if files else "./, ~/.config/openstack/, /etc/openstack/)"
            raise ConfigException(
                f"cloud {cloud!r} is not defined. Clouds found: {found}. Files read: {read}",
                file=str(clouds_file) if clouds_file else None,
            )
        for path, entries in ((clouds_file, clouds_only), (secure_file, secure)):
            entry = entries.get(cloud)
            if entry is not None and not isinstance(entry, dict):
                raise ConfigException(
                    f"cloud {cloud!r} must be a mapping of settings, found {type(entry).__name__}",
                    file=str(path),
                )
            origins.update(dict.fromkeys(entry or {}, f"file:{path}"))
        values = dict(clouds[cloud] or {})
        name = cloud
    else:
        values, origins = _from_environment() if load_envvars else ({}, {})
        name = "envvars" if values else "defaults"
    values = _insecure_as_verify(name, values, origins)
    explicit_auth = kwargs.pop("auth", None)
    arguments = {k: v for k, v in kwargs.items() if v is not None}
    argument_origins = dict.fromkeys(arguments, "argument")
    arguments = _insecure_as_verify(name, arguments, argument_origins)
    if "profile" in values or "profile" in arguments:
        raise _option_error(
            name,
            {**origins, **argument_origins},
            "profile",
            "vendor profiles (openstacksdk's 'profile') are not supported by openstack-core; "
            "write the vendor's settings (auth: auth_url, region_name, interface, ...) into "
            "the cloud entry and remove 'profile'",
        )
    values, regions = _choose_region(name, values, origins, arguments.get("region_name"))
    origins.update({key: "argument" for key in arguments})
    values = _merge(values, arguments)
    if explicit_auth:
        values = _merge(values, {"auth": explicit_auth})
    return _finish(name, values, files, origins, regions)


def _choose_region(
    cloud: str, values: dict[str, Any], origins: dict[str, str], requested: Any
) -> tuple[dict[str, Any], list[str]]:
    """Pick the region (``requested``, else region_name, else the first of ``regions``)
    and merge its ``values`` over the cloud's keys; returns the values and region names."""
    values = dict(values)
    regions = _regions(cloud, values, origins)
    names = [r["name"] if isinstance(r, dict) else r for r in regions]
    chosen = requested if requested is not None else values.get("region_name")
    if chosen is None and names:
        chosen = names[0]
    if names and chosen not in names:
        key_origins = {**origins, "region_name": "argument"} if requested is not None else origins
        raise _option_error(
            cloud,
            key_origins,
            "region_name",
            f"{chosen!r} is not one of the cloud's regions: {', '.join(names)}",
        )
    for region in regions:
        if isinstance(region, dict) and region["name"] == chosen:
            extra = region.get("values") or {}
            where = origins.get("regions", origins.get("region_name", "argument"))
            origins.update(dict.fromkeys(extra, where))
            values = _merge(values, extra)
    if chosen is not None:
        values["region_name"] = chosen
    return values, names


def _finish(
    name: str,
    values: dict[str, Any],
    files: list[str],
    origins: dict[str, str],
    regions: list[str],
) -> CloudConfig:
    auth = values.pop("auth", None) or {}
    if not isinstance(auth, dict):
        raise _option_error(
            name, origins, "auth", f"expected a mapping of auth options, got {type(auth).__name__}"
        )
    auth = dict(auth)
    auth_type = values.pop("auth_type", None)
    candidates = {**values, **auth}
    auth_type = auth_type or _auth_type_for(candidates)
    option_names = _auth_option_names(auth_type)
    for key in list(values):
        if key in option_names and key not in _TOP_LEVEL:
            auth.setdefault(key, values.pop(key))

    raw_verify = values.pop("verify", True)
    verify: bool | str
    as_bool = _as_bool(raw_verify)
    if as_bool is not None:
        verify = as_bool
    elif raw_verify in (None, ""):
        verify = True
    elif isinstance(raw_verify, str):
        verify = _existing_path(
            name,
            origins,
            "verify",
            raw_verify,
            "the CA bundle",
            file=False,
            hint="; verify is true, false or the path of a CA bundle",
        )
    else:
        raise _option_error(
            name,
            origins,
            "verify",
            f"expected true, false or the path of a CA bundle, got {raw_verify!r}",
        )
    cacert = values.pop("cacert", None)
    if cacert not in (None, ""):
        ca_path = _existing_path(name, origins, "cacert", cacert, "the CA bundle", file=False)
        if verify is False:
            warnings.warn(
                f"cloud {name!r}: cacert {ca_path} is ignored because verify is false "
                "(or insecure is true): server certificates are not checked",
                stacklevel=4,
            )
        else:
            verify = ca_path
    cert: str | tuple[str, str] | None = None
    raw_cert = values.pop("cert", None)
    raw_key = values.pop("key", None)
    if raw_cert not in (None, ""):
        cert = _existing_path(name, origins, "cert", raw_cert, "the client certificate", file=True)
        if raw_key not in (None, ""):
            key = _existing_path(name, origins, "key", raw_key, "the client key", file=True)
            cert = (cert, key)
    elif raw_key not in (None, ""):
        raise _option_error(
            name,
            origins,
            "key",
            "a client key is set but cert (the client certificate) is not; set cert too",
        )
    timeout = values.pop("api_timeout", None)
    api_timeout: float | None = None
    if timeout not in (None, ""):
        try:
            api_timeout = float(timeout)
        except (TypeError, ValueError):
            api_timeout = -1.0
        if not api_timeout > 0:
            raise _option_error(
                name, origins, "api_timeout", f"expected a number of seconds, got {timeout!r}"
            )
    region = values.pop("region_name", None)
    return CloudConfig(
        name=name,
        auth_type=auth_type,
        auth=auth,
        region_name=region,
        interface=values.pop("interface", None) or "public",
        verify=verify,
        cert=cert,
        api_timeout=api_timeout,
        options=values,
        files=files,
        regions=regions,
        origins=origins,
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
    except TypeError as exc:
        # Some plugins (v3token) declare a required option as optional; the message
        # names the missing argument, never a value.
        raise ConfigException(
            f"cloud {config.name!r}: auth_type {config.auth_type!r} cannot be built from "
            f"the options given ({', '.join(sorted(config.auth)) or 'none'}): {exc}; set "
            "the missing one under 'auth:' in clouds.yaml, as an OS_* variable or as an "
            "argument",
            file=where,
        ) from exc
