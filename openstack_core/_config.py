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

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openstack_core import _observe_config
from openstack_core._config_files import find_file, from_environment, load_file, merge
from openstack_core._config_tls import take_cert, take_verify
from openstack_core.exceptions import ConfigException

if TYPE_CHECKING:
    from openstack_core._cache import CacheSettings

__all__ = ["CloudConfig", "build_config", "find_file", "load_file"]

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
        "cache",
    }
)
#: Endings of the per-service keys the core reads (``compute_api_version``, ...): never
#: auth options. When every other key of a cloud is one of these or a key above, the
#: auth plugin's loader is not needed to read the configuration (importing it and the
#: identity plugins costs about 10 ms), and it is loaded on the first request instead.
_SERVICE_KEY_ENDINGS = (
    "_api_version",
    "_endpoint_override",
    "_default_microversion",
    "_status_code_retries",
    "_connect_retries",
    "_plugin_distribution",
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


def cloud_label(name: str) -> str:
    """How messages name a configuration: ``cloud 'x'``, or where it came from when no
    cloud was named (``envvars`` and ``defaults`` are openstacksdk's internal names)."""
    if name == "envvars":
        return "the OS_* variables (no cloud named)"
    if name == "defaults":
        return "no cloud named (no OS_CLOUD, no OS_* variables)"
    return f"cloud {name!r}"


class _Origins:
    """Where each key of one cloud's settings was set, for errors that say so.

    An origin is ``file:<path>``, ``env:<OS_VARIABLE>`` or ``argument`` (the default).
    """

    __slots__ = ("cloud", "where")

    def __init__(self, cloud: str, where: dict[str, str] | None = None) -> None:
        self.cloud = cloud
        self.where: dict[str, str] = {} if where is None else where

    def set(self, keys: Iterable[str], origin: str) -> None:
        """Record that ``keys`` were set by ``origin``."""
        self.where.update(dict.fromkeys(keys, origin))

    def with_argument(self, key: str) -> _Origins:
        """A copy in which ``key`` was passed as an argument."""
        return _Origins(self.cloud, {**self.where, key: "argument"})

    def text(self, key: str) -> str:
        """``set in /x/clouds.yaml``, ``set by OS_X`` or ``passed as an argument``."""
        kind, _, where = self.where.get(key, "argument").partition(":")
        if kind == "file":
            return f"set in {where}"
        if kind == "env":
            return f"set by {where}"
        return "passed as an argument"

    def error(self, key: str, message: str) -> ConfigException:
        """A ConfigException about ``key`` that says where the key was set."""
        kind, _, where = self.where.get(key, "argument").partition(":")
        if kind == "file":
            return ConfigException(f"{cloud_label(self.cloud)}: {key}: {message}", file=where)
        if kind == "env":
            return ConfigException(f"{cloud_label(self.cloud)}: {where} ({key}): {message}")
        return ConfigException(f"{cloud_label(self.cloud)}: argument {key}: {message}")


def _insecure_as_verify(values: dict[str, Any], origins: _Origins) -> dict[str, Any]:
    """Turn ``insecure`` into ``verify`` within one source (a file entry, the
    environment or the arguments), so precedence between sources stays intact."""
    if "insecure" not in values:
        return values
    values = dict(values)
    raw = values.pop("insecure")
    insecure = _as_bool(raw)
    if insecure is None:
        raise origins.error("insecure", f"expected true or false, got {raw!r}")
    if "verify" not in values:
        values["verify"] = not insecure
        return values
    verify = _as_bool(values["verify"])
    if (insecure and verify is not False) or (not insecure and verify is False):
        raise origins.error(
            "insecure",
            f"insecure is {raw!r} but verify is {values['verify']!r}; they contradict "
            "each other: keep one of them",
        )
    return values


def _regions(values: dict[str, Any], origins: _Origins) -> list[Any]:
    """The cloud's ``regions`` as a list of names or ``{name, values}`` mappings, from
    ``regions`` or a comma-separated ``region_name``; pops ``regions``."""
    raw = values.pop("regions", None)
    if raw is None:
        region_name = values.get("region_name")
        if (isinstance(region_name, str) and "," in region_name) or isinstance(region_name, list):
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
        raise origins.error(key, f"expected a list of regions, got {type(raw).__name__}")
    regions: list[Any] = []
    for index, region in enumerate(raw):
        if isinstance(region, dict):
            name = region.get("name")
            extra = region.get("values", {})
            unknown = sorted(set(region) - {"name", "values"})
            if not isinstance(name, str) or not name or not isinstance(extra, dict) or unknown:
                raise origins.error(
                    key,
                    f"entry {index} is {region!r}; a region is a name or a mapping with "
                    "'name' (a string) and optionally 'values' (a mapping of keys)",
                )
            regions.append(region)
        elif isinstance(region, str) and region:
            regions.append(region)
        else:
            raise origins.error(
                key, f"entry {index} is {region!r}; a region is a name or a mapping with 'name'"
            )
    return regions


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
        "metrics",
        "cache",
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
        metrics: dict[str, dict[str, Any]] | None = None,
        cache: CacheSettings | None = None,
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
        #: Metrics and tracing settings by section (``statsd``, ``influxdb``,
        #: ``prometheus``, ``opentelemetry``), merged from the file's and the cloud's
        #: ``metrics:``, ``STATSD_*`` and keywords; see ``_observe_config``.
        self.metrics: dict[str, dict[str, Any]] = {} if metrics is None else metrics
        #: The opt-in on-disk caches (``cache:`` in clouds.yaml); None when the
        #: configuration has no cache section (every cache off).
        self.cache = cache

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
        return _Origins(self.name, self.origins).text(key)

    def option_error(self, key: str, message: str) -> ConfigException:
        """A ConfigException about ``key``, naming the file, variable or argument."""
        return _Origins(self.name, self.origins).error(key, message)


def _auth_type_for(auth: Mapping[str, Any]) -> str:
    if auth.get("application_credential_secret"):
        return "v3applicationcredential"
    if auth.get("token") and not auth.get("password"):
        return "token"
    return "password"


def _auth_option_names(auth_type: str) -> set[str]:
    from openstack_core._config_auth import loader

    return {opt.dest for opt in loader(auth_type).get_options()}


def _read_files(
    load_files: bool,
) -> tuple[
    dict[str, Any], list[tuple[Path, dict[str, Any]]], list[tuple[str, Any]], list[tuple[str, Any]]
]:
    """The merged ``clouds`` of clouds.yaml and secure.yaml, each file with its own, and
    each file's top-level ``metrics`` and ``cache`` sections (openstacksdk's place for
    the cache settings)."""
    read: list[tuple[Path, dict[str, Any]]] = []
    metrics: list[tuple[str, Any]] = []
    cache: list[tuple[str, Any]] = []
    if not load_files:
        return {}, read, metrics, cache
    for stem, variable in (
        ("clouds", "OS_CLIENT_CONFIG_FILE"),
        ("secure", "OS_CLIENT_SECURE_FILE"),
    ):
        path = find_file(stem, variable)
        if path is None:
            continue
        content = load_file(path)
        clouds = content.get("clouds") or {}
        if not isinstance(clouds, dict):
            raise ConfigException("'clouds' must be a mapping", file=str(path))
        read.append((path, clouds))
        if content.get("metrics") is not None:
            metrics.append((str(path), content["metrics"]))
        if content.get("cache") is not None:
            cache.append((str(path), content["cache"]))
    merged: dict[str, Any] = {}
    for _, clouds in read:
        merged = merge(merged, clouds)
    return merged, read, metrics, cache


def _cloud_values(
    cloud: str, clouds: dict[str, Any], read: list[tuple[Path, dict[str, Any]]]
) -> tuple[dict[str, Any], _Origins]:
    """The named cloud's merged entry and where each key came from."""
    if cloud not in clouds:
        found = ", ".join(sorted(clouds)) or "none"
        files = [str(path) for path, _ in read]
        listing = ", ".join(files) or (
            "no clouds.yaml found (searched OS_CLIENT_CONFIG_FILE, ./, "
            "~/.config/openstack/, /etc/openstack/)"
        )
        raise ConfigException(
            f"cloud {cloud!r} is not defined. Clouds found: {found}. Files read: {listing}",
            file=files[0] if files else None,
        )
    origins = _Origins(cloud)
    for path, entries in read:
        entry = entries.get(cloud)
        if entry is not None and not isinstance(entry, dict):
            raise ConfigException(
                f"cloud {cloud!r} must be a mapping of settings, found {type(entry).__name__}",
                file=str(path),
            )
        origins.set(entry or {}, f"file:{path}")
    return dict(clouds[cloud] or {}), origins


def build_config(
    cloud: str | None = None,
    *,
    load_files: bool = True,
    load_envvars: bool = True,
    metrics_envvars: bool | None = None,
    **kwargs: Any,
) -> CloudConfig:
    """Resolve the configuration of ``cloud`` (or ``OS_CLOUD``) merged with ``kwargs``.

    ``metrics_envvars`` says whether ``STATSD_*`` are read (default: as ``OS_*``)."""
    clouds, read, file_metrics, file_cache = _read_files(load_files)
    if cloud is None and load_envvars:
        cloud = os.environ.get("OS_CLOUD") or None
    if cloud is not None:
        values, origins = _cloud_values(cloud, clouds, read)
    else:
        env_values, env_origins = from_environment() if load_envvars else ({}, {})
        values = env_values
        origins = _Origins("envvars" if env_values else "defaults", env_origins)
    _with_file_cache(values, origins, file_cache)
    values = _insecure_as_verify(values, origins)
    explicit_auth = kwargs.pop("auth", None)
    arguments = {k: v for k, v in kwargs.items() if v is not None}
    argument_origins = _Origins(
        origins.cloud, {**origins.where, **dict.fromkeys(arguments, "argument")}
    )
    arguments = _insecure_as_verify(arguments, argument_origins)
    if "profile" in values or "profile" in arguments:
        raise argument_origins.error(
            "profile",
            "vendor profiles (openstacksdk's 'profile') are not supported by openstack-core; "
            "write the vendor's settings (auth: auth_url, region_name, interface, ...) into "
            "the cloud entry and remove 'profile'",
        )
    values, regions = _choose_region(values, origins, arguments.get("region_name"))
    metrics = _observe_config.settings(
        file_metrics,
        origins.cloud,
        values,
        origins.text("metrics"),
        arguments,
        load_envvars=load_envvars if metrics_envvars is None else metrics_envvars,
    )
    origins.set(arguments, "argument")
    values = merge(values, arguments)
    if explicit_auth:
        values = merge(values, {"auth": explicit_auth})
    config = _finish(values, [str(path) for path, _ in read], origins, regions)
    config.metrics = metrics
    return config


def _with_file_cache(
    values: dict[str, Any], origins: _Origins, file_cache: list[tuple[str, Any]]
) -> None:
    """Merge the files' top-level ``cache`` sections under the cloud's own ``cache``
    (whose keys win), recording where the section came from."""
    if not file_cache:
        return
    section: Any = None
    for _, found in file_cache:
        both = isinstance(section, dict) and isinstance(found, dict)
        section = merge(section, found) if both else found
    own = values.get("cache")
    if own is None:
        values["cache"] = section
        origins.set(["cache"], f"file:{file_cache[-1][0]}")
    elif isinstance(own, dict) and isinstance(section, dict):
        values["cache"] = merge(section, own)


def _choose_region(
    values: dict[str, Any], origins: _Origins, requested: Any
) -> tuple[dict[str, Any], list[str]]:
    """Pick the region (``requested``, else region_name, else the first of ``regions``)
    and merge its ``values`` over the cloud's keys; returns the values and region names."""
    values = dict(values)
    regions = _regions(values, origins)
    names = [r["name"] if isinstance(r, dict) else r for r in regions]
    chosen = requested if requested is not None else values.get("region_name")
    if chosen is None and names:
        chosen = names[0]
    if names and chosen not in names:
        blamed = origins.with_argument("region_name") if requested is not None else origins
        raise blamed.error(
            "region_name", f"{chosen!r} is not one of the cloud's regions: {', '.join(names)}"
        )
    for region in regions:
        if isinstance(region, dict) and region["name"] == chosen:
            extra = region.get("values") or {}
            origins.set(
                extra, origins.where.get("regions", origins.where.get("region_name", "argument"))
            )
            values = merge(values, extra)
    if chosen is not None:
        values["region_name"] = chosen
    return values, names


def _take_auth(values: dict[str, Any], origins: _Origins) -> tuple[str, dict[str, Any]]:
    """The auth type and the auth plugin's options (top-level keys it declares moved
    under ``auth``); pops them from ``values``."""
    auth = values.pop("auth", None) or {}
    if not isinstance(auth, dict):
        raise origins.error(
            "auth", f"expected a mapping of auth options, got {type(auth).__name__}"
        )
    auth = dict(auth)
    auth_type = values.pop("auth_type", None) or _auth_type_for({**values, **auth})
    if all(key in _TOP_LEVEL or key.endswith(_SERVICE_KEY_ENDINGS) for key in values):
        return auth_type, auth  # no key the auth plugin could claim
    option_names = _auth_option_names(auth_type)
    for key in list(values):
        if key in option_names and key not in _TOP_LEVEL:
            auth.setdefault(key, values.pop(key))
    return auth_type, auth


def _take_timeout(values: dict[str, Any], origins: _Origins) -> float | None:
    """``api_timeout`` in seconds, a positive number."""
    timeout = values.pop("api_timeout", None)
    if timeout in (None, ""):
        return None
    try:
        seconds = float(timeout)
    except (TypeError, ValueError):
        seconds = -1.0
    if not seconds > 0:
        raise origins.error("api_timeout", f"expected a number of seconds, got {timeout!r}")
    return seconds


def _take_cache(values: dict[str, Any], origins: _Origins) -> CacheSettings | None:
    """The ``cache`` section; None without one (its module is then never imported)."""
    raw = values.pop("cache", None)
    if raw is None:
        return None
    from openstack_core._cache import settings_from

    return settings_from(raw, origins.error)


def _finish(
    values: dict[str, Any], files: list[str], origins: _Origins, regions: list[str]
) -> CloudConfig:
    """The CloudConfig of the merged ``values``; what no step takes is ``options``."""
    auth_type, auth = _take_auth(values, origins)
    verify = take_verify(values, origins)
    cert = take_cert(values, origins)
    api_timeout = _take_timeout(values, origins)
    cache = _take_cache(values, origins)
    return CloudConfig(
        name=origins.cloud,
        auth_type=auth_type,
        auth=auth,
        region_name=values.pop("region_name", None),
        interface=values.pop("interface", None) or "public",
        verify=verify,
        cert=cert,
        api_timeout=api_timeout,
        options=values,
        files=files,
        regions=regions,
        origins=origins.where,
        cache=cache,
    )
