"""Metrics and tracing settings, read as openstacksdk reads them, and the backends built
from them.

Sources, lowest precedence first (each a mapping of sections, merged key by key):

1. the ``metrics:`` mapping at the top level of clouds.yaml, then of secure.yaml;
2. the cloud's own ``metrics:`` entry (and its ``additional_metric_tags``, which
   openstacksdk adds to InfluxDB tags);
3. ``STATSD_HOST``, ``STATSD_PORT`` and ``STATSD_PREFIX`` (unless ``load_envvars`` is
   false);
4. the Connection's keywords: ``statsd_config``, ``influxdb_config``,
   ``prometheus_config``, ``opentelemetry_config``, and the deprecated
   ``statsd_host``/``statsd_port``/``statsd_prefix`` and ``collector_registry``.

Sections: ``statsd`` (``host``, ``port``, ``prefix``), ``influxdb`` (openstacksdk's
``host``, ``port``, ``username``, ``password``, ``database``, ``measurement``,
``timeout``, ``use_udp``, ``additional_metric_tags``, plus ``token``, ``org``,
``bucket``, ``ssl``, ``verify_ssl`` for InfluxDB 2 and 3), ``prometheus``
(``collector_registry``) and ``opentelemetry`` (``enabled``, ``propagate``,
``tracer_provider``, ``meter_provider``). An unknown section or key is an error naming
it and where it was set.

A configured backend whose library is missing raises :class:`ConfigException` naming
the extra to install; nothing is imported for a backend that is not configured.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import warnings
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from openstack_core._config_files import merge
from openstack_core.exceptions import ConfigException

if TYPE_CHECKING:
    from openstack_core._config import CloudConfig
    from openstack_core._observe import Backend

__all__ = ["ARGUMENTS", "backends", "proxy_backends", "settings"]

#: Connection keywords this module takes out of the configuration arguments.
ARGUMENTS = frozenset(
    {
        "statsd_config",
        "influxdb_config",
        "prometheus_config",
        "opentelemetry_config",
        "statsd_host",
        "statsd_port",
        "statsd_prefix",
        "collector_registry",
    }
)

_KEYS: dict[str, frozenset[str]] = {
    "statsd": frozenset({"host", "port", "prefix"}),
    "influxdb": frozenset(
        {
            "host",
            "port",
            "username",
            "password",
            "database",
            "measurement",
            "timeout",
            "use_udp",
            "additional_metric_tags",
            "token",
            "org",
            "bucket",
            "ssl",
            "verify_ssl",
        }
    ),
    "prometheus": frozenset({"collector_registry"}),
    "opentelemetry": frozenset({"enabled", "propagate", "tracer_provider", "meter_provider"}),
}

#: section -> (extra, distribution, top-level module of the library)
_LIBRARIES: dict[str, tuple[str, str, str]] = {
    "statsd": ("statsd", "statsd", "statsd"),
    "prometheus": ("prometheus", "prometheus-client", "prometheus_client"),
    "influxdb": ("influxdb", "influxdb-client", "influxdb_client"),
    "opentelemetry": ("otel", "opentelemetry-api", "opentelemetry"),
}


def settings(
    file_metrics: list[tuple[str, Any]],
    cloud: str,
    cloud_values: dict[str, Any],
    cloud_origin: str,
    arguments: dict[str, Any],
    *,
    load_envvars: bool,
) -> dict[str, dict[str, Any]]:
    """The merged metrics sections; pops ``metrics`` and ``additional_metric_tags``
    from ``cloud_values`` and the keywords of :data:`ARGUMENTS` from ``arguments``.

    ``file_metrics`` are the top-level ``metrics`` of each file read, with its path;
    ``cloud_origin`` says where the cloud's entry was read. Each section also gets a
    ``_where`` key saying where its settings were set, for error messages.
    """
    merged: dict[str, dict[str, Any]] = {}
    for path, metrics in file_metrics:
        _merge_sections(merged, metrics, f"metrics in {path}")
    cloud_where = f"clouds.{cloud}.metrics {cloud_origin}"
    _merge_sections(merged, cloud_values.pop("metrics", None), cloud_where)
    tags = cloud_values.pop("additional_metric_tags", None)
    if tags is not None:
        _merge_sections(
            merged,
            {"influxdb": {"additional_metric_tags": tags}},
            f"clouds.{cloud}.additional_metric_tags {cloud_origin}",
        )
    if load_envvars:
        env = {
            key: os.environ[f"STATSD_{key.upper()}"]
            for key in ("host", "port", "prefix")
            if os.environ.get(f"STATSD_{key.upper()}")
        }
        if env:
            _merge_sections(merged, {"statsd": env}, "set by STATSD_* variables")
    _merge_sections(merged, _keywords(arguments), "passed as arguments")
    for section, values in merged.items():
        _check(section, values)
    return merged


def _keywords(arguments: dict[str, Any]) -> dict[str, Any]:
    """The sections given as Connection keywords; pops them from ``arguments``."""
    given = {key: arguments.pop(key) for key in ARGUMENTS if key in arguments}
    old_names = ("statsd_host", "statsd_port", "statsd_prefix")
    legacy = {k: given.pop(k) for k in old_names if k in given}
    if legacy:
        if given.get("statsd_config") is not None:
            raise ConfigException(
                f"{', '.join(sorted(legacy))} and statsd_config are both given: "
                "put everything into statsd_config"
            )
        warnings.warn(
            "statsd_host, statsd_port and statsd_prefix are deprecated (as in openstacksdk): "
            "pass statsd_config={'host': ..., 'port': ..., 'prefix': ...}",
            DeprecationWarning,
            stacklevel=5,
        )
        given["statsd_config"] = {k[len("statsd_") :]: v for k, v in legacy.items()}
    registry = given.pop("collector_registry", None)
    if registry is not None:
        if given.get("prometheus_config") is not None:
            raise ConfigException(
                "collector_registry and prometheus_config are both given: pass "
                "prometheus_config={'collector_registry': registry} only"
            )
        warnings.warn(
            "collector_registry is deprecated (as in openstacksdk): pass "
            "prometheus_config={'collector_registry': registry}",
            DeprecationWarning,
            stacklevel=5,
        )
        given["prometheus_config"] = {"collector_registry": registry}
    sections = {}
    for key, value in given.items():
        if value is None:
            continue
        if not isinstance(value, Mapping):
            raise ConfigException(
                f"argument {key}: expected a mapping of settings, got {type(value).__name__}"
            )
        sections[key[: -len("_config")]] = dict(value)
    return sections


def _merge_sections(merged: dict[str, dict[str, Any]], sections: Any, where: str) -> None:
    if sections is None:
        return
    if not isinstance(sections, Mapping):
        raise ConfigException(f"{where}: expected a mapping of sections, got {sections!r}")
    for section, values in sections.items():
        if section not in _KEYS:
            raise ConfigException(
                f"{where}: unknown metrics section {section!r}; the sections are "
                + ", ".join(sorted(_KEYS))
            )
        if values is None:
            values = {}
        if not isinstance(values, Mapping):
            raise ConfigException(
                f"{where}: {section}: expected a mapping of settings, got {values!r}"
            )
        unknown = sorted(set(values) - _KEYS[section])
        if unknown:
            raise ConfigException(
                f"{where}: {section}: unknown settings {', '.join(map(str, unknown))}; "
                f"{section} takes {', '.join(sorted(_KEYS[section]))}"
            )
        current = merged.get(section, {})
        wheres = [*current.get("_where", ()), where]
        merged[section] = {**merge(current, dict(values)), "_where": wheres}


_NUMBERS: dict[str, tuple[type, str]] = {
    "port": (int, "a port number"),
    "timeout": (float, "a number of seconds"),
}
_FLAGS = ("use_udp", "ssl", "verify_ssl", "propagate", "enabled")


def _check(section: str, values: dict[str, Any]) -> None:
    """Type checks of the settings a file can hold; errors say where they were set."""
    where = " or ".join(values["_where"])

    def error(key: str, expected: str) -> ConfigException:
        return ConfigException(
            f"{section}.{key} ({where}): expected {expected}, got {values[key]!r}"
        )

    for key, (kind, what) in _NUMBERS.items():
        if values.get(key) not in (None, ""):
            try:
                values[key] = kind(values[key])
            except (TypeError, ValueError):
                raise error(key, what) from None
    for key in _FLAGS:
        value = values.get(key)
        if value is None or isinstance(value, bool) or (key == "enabled" and value == "auto"):
            continue
        flag = _flag(value)
        if flag is None:
            raise error(key, "true, false or auto" if key == "enabled" else "true or false")
        values[key] = flag
    tags = values.get("additional_metric_tags")
    if tags is not None and not isinstance(tags, Mapping):
        raise error("additional_metric_tags", "a mapping of tag names to values")


def _flag(value: Any) -> bool | None:
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    return None


# -- building the backends ----------------------------------------------------------------


def backends(config: CloudConfig) -> list[Backend]:
    """The backends ``config.metrics`` configures, libraries imported only for them."""
    metrics = config.metrics
    built: list[Backend] = []
    statsd = metrics.get("statsd")
    if statsd and (statsd.get("host") or statsd.get("port")):
        built.append(_build("statsd", statsd, lambda m: m.from_settings(statsd)))
    influxdb = metrics.get("influxdb")
    if influxdb and influxdb.get("host"):
        built.append(_build("influxdb", influxdb, lambda m: m.from_settings(influxdb)))
    prometheus = metrics.get("prometheus")
    if prometheus is not None:
        built.append(_build("prometheus", prometheus, lambda m: m.from_settings(prometheus)))
    otel = metrics.get("opentelemetry", {})
    enabled = otel.get("enabled", "auto")
    if enabled == "auto":
        given = otel.get("tracer_provider") or otel.get("meter_provider")
        enabled = bool(given) or opentelemetry_in_use()
    if enabled is True:
        built.append(_build("opentelemetry", otel, lambda m: m.from_settings(otel)))
    return built


_MODULES = {
    "statsd": "openstack_core._metrics_statsd",
    "prometheus": "openstack_core._metrics_prometheus",
    "influxdb": "openstack_core._metrics_influxdb",
    "opentelemetry": "openstack_core._otel",
}


def _build(section: str, values: Mapping[str, Any], make: Callable[[Any], Backend]) -> Backend:
    """``make(backend module)``; a missing library is an error naming the extra."""
    extra, distribution, library = _LIBRARIES[section]
    try:
        return make(importlib.import_module(_MODULES[section]))
    except ImportError as exc:
        if (exc.name or "").split(".")[0] != library:
            raise
        where = " or ".join(values.get("_where", ())) or "passed as arguments"
        installed = [dist for _, dist, lib in _LIBRARIES.values() if _importable(lib)]
        raise ConfigException(
            f"{section} metrics are configured ({where}) but {distribution} is not "
            f"installed: pip install 'openstack-core[{extra}]'. Installed metrics "
            f"libraries: {', '.join(installed) or 'none'}"
        ) from exc


def _importable(module: str) -> bool:
    if module in sys.modules:
        return sys.modules[module] is not None
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def opentelemetry_in_use() -> bool:
    """Whether the application has set an OpenTelemetry tracer or meter provider.

    Costs a dictionary lookup when it has not even imported the OpenTelemetry API.
    """
    if sys.modules.get("opentelemetry.trace") is None:
        return False
    from openstack_core import _otel

    return _otel.providers_configured()


def proxy_backends(
    *,
    statsd_client: Any,
    statsd_prefix: str | None,
    prometheus_counter: Any,
    prometheus_histogram: Any,
    influxdb_config: Mapping[str, Any] | None,
    influxdb_client: Any,
) -> list[Backend]:
    """Backends from openstacksdk's Proxy arguments (clients built by the caller)."""
    found: list[Backend] = []
    if statsd_client is not None:
        from openstack_core import _metrics_statsd

        found.append(_metrics_statsd.Statsd(statsd_client, statsd_prefix))
    if prometheus_counter is not None or prometheus_histogram is not None:
        from openstack_core import _metrics_prometheus

        found.append(_metrics_prometheus.Prometheus(prometheus_counter, prometheus_histogram))
    if influxdb_client is not None:
        from openstack_core import _metrics_influxdb

        found.append(_metrics_influxdb.from_client(influxdb_client, influxdb_config or {}))
    return found
