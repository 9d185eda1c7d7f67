"""The plugin conformance checker: each style rule of docs/plugins.md as a check.

``python -m openstack_core check-plugin NAME`` and :func:`check_plugin` accept a
distribution (``openstack-compute``), an entry point (``compute.v2``) or a module
(``openstack_compute`` or ``openstack_compute.v2._proxy``). The plugin's package is
imported, its Proxy classes and every Resource class defined in the package are
inspected, and each violation names the class and attribute at fault.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import pkgutil
import re
from dataclasses import dataclass
from types import ModuleType

from openstack_core import exceptions
from openstack_core.plugins import NAMESPACE, EntryName, contract_violations, parse_name
from openstack_core.proxy import Proxy
from openstack_core.resource import URI, Resource

_SNAKE = re.compile(r"^_?[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_SEGMENT = re.compile(r"^[a-z0-9]+([-_.][a-z0-9]+)*$")
_PARAM = re.compile(r"^%\(\w+\)s$")
# get_x() is absent on purpose: singletons (limits, import info, schemas) take no id.
_NAME_RULES = {
    "find_": "takes name_or_id and an ignore_missing keyword",
    "update_": "takes the resource (id or object) as its first argument",
    "delete_": "takes the resource (id or object) as its first argument",
}


@dataclass(frozen=True)
class Violation:
    """One broken rule: ``where`` is the class or attribute, ``rule`` a short name."""

    where: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.rule}] {self.message}"


def _qualname(obj: type) -> str:
    return f"{obj.__module__}.{obj.__qualname__}"


Target = tuple[EntryName | None, type[Proxy]]


def _resolve(name: str, problems: list[Violation]) -> tuple[list[Target], ModuleType | None]:
    """The Proxy classes behind ``name`` with their entry names, and the module to scan
    for Resources (None: the top-level package of each Proxy)."""
    entries = list(importlib.metadata.entry_points(group=NAMESPACE))
    by_dist = [ep for ep in entries if ep.dist is not None and ep.dist.name == name]
    by_name = [ep for ep in entries if ep.name == name]
    chosen = by_dist or by_name
    if chosen:
        found: list[Target] = []
        for ep in chosen:
            try:
                loaded = ep.load()
            except Exception as exc:
                problems.append(
                    Violation(
                        f"{ep.name} = {ep.value}",
                        "import",
                        f"cannot be imported: {type(exc).__name__}: {exc}",
                    )
                )
                continue
            found.append((parse_name(ep.name), loaded))
        return found, None
    try:
        module = importlib.import_module(name)
    except ImportError as exc:
        installed = sorted({ep.dist.name for ep in entries if ep.dist is not None})
        raise exceptions.PluginLoadError(
            f"{name!r} is neither an installed plugin distribution, an entry point of "
            f"{NAMESPACE}, nor an importable module. Installed plugin distributions: "
            f"{', '.join(installed) or 'none'}"
        ) from exc
    proxies = [
        obj
        for module_ in _walk(module, problems)
        for obj in vars(module_).values()
        if isinstance(obj, type)
        and issubclass(obj, Proxy)
        and obj is not Proxy
        and obj.__module__ == module_.__name__
    ]
    if not proxies:
        raise exceptions.PluginLoadError(f"module {name!r} defines no Proxy subclass")
    registered = {ep.value: parse_name(ep.name) for ep in entries}
    return [(registered.get(f"{p.__module__}:{p.__qualname__}"), p) for p in proxies], module


def _walk(module: ModuleType, problems: list[Violation]) -> list[ModuleType]:
    """``module`` and, for a package, every submodule; import failures are violations."""
    modules = [module]
    path = getattr(module, "__path__", None)
    if path is not None:
        for info in pkgutil.walk_packages(path, prefix=module.__name__ + "."):
            try:
                modules.append(importlib.import_module(info.name))
            except Exception as exc:
                problems.append(Violation(info.name, "import", f"{type(exc).__name__}: {exc}"))
    return modules


def _package_of(cls: type) -> ModuleType:
    top = cls.__module__.split(".")[0]
    return importlib.import_module(top)


def _resources(package: ModuleType, problems: list[Violation]) -> list[type[Resource]]:
    seen: dict[str, type[Resource]] = {}
    for module in _walk(package, problems):
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, Resource)
                and obj.__module__ == module.__name__
            ):
                seen[_qualname(obj)] = obj
    return list(seen.values())


def _check_resource(cls: type[Resource], microversioned: bool) -> list[Violation]:
    where = _qualname(cls)
    found = []
    if not cls.__doc__:
        found.append(Violation(where, "documented", "the Resource class has no docstring"))
    for attr in cls._fields:
        if not _SNAKE.match(attr):
            found.append(
                Violation(
                    f"{where}.{attr}",
                    "snake-case",
                    f"attribute {attr!r} is not PEP 8 snake_case; keep the server's name in "
                    "the field, e.g. Body('serverName'), and name the attribute server_name",
                )
            )
    for segment in cls.base_path.strip("/").split("/"):
        if segment and not _PARAM.match(segment) and not _SEGMENT.match(segment):
            found.append(
                Violation(
                    f"{where}.base_path",
                    "path-segment",
                    f"segment {segment!r} of {cls.base_path!r} is not lower case with hyphens",
                )
            )
    custom_list = "extract_list" in vars(cls) or any(
        "extract_list" in vars(base) for base in cls.__mro__[1:] if base is not Resource
    )
    if cls.allow_list and not cls.resources_key and not custom_list:
        found.append(
            Violation(
                f"{where}.resources_key",
                "keys",
                "allow_list is True but resources_key is None and extract_list is not overridden",
            )
        )
    if cls.resources_key and not cls.allow_list:
        found.append(
            Violation(
                f"{where}.resources_key",
                "keys",
                f"resources_key is {cls.resources_key!r} but allow_list is False",
            )
        )
    single = cls.allow_create or cls.allow_fetch or cls.allow_commit or cls.allow_head
    if cls.resource_key and not single:
        found.append(
            Violation(
                f"{where}.resource_key",
                "keys",
                f"resource_key is {cls.resource_key!r} but no create/fetch/commit/head is allowed",
            )
        )
    if microversioned and cls._max_microversion is None and cls.base_path:
        found.append(
            Violation(
                f"{where}._max_microversion",
                "microversion",
                "other resources of this microversioned service declare _max_microversion; "
                "this one does not",
            )
        )
    for attr, field in cls._fields.items():
        if isinstance(field, URI) and field.name not in cls._path_params and attr != "location":
            found.append(
                Violation(
                    f"{where}.{attr}",
                    "uri",
                    f"URI field {field.name!r} is not a path parameter of {cls.base_path!r}",
                )
            )
    return found


def _check_proxy(cls: type[Proxy], entry: EntryName | None) -> list[Violation]:
    where = _qualname(cls)
    found = []
    if entry is None:
        found.append(
            Violation(
                where,
                "entry-point",
                f"no entry point in {NAMESPACE} names this Proxy; declare "
                f'"<service-type>.v<major>" = "{cls.__module__}:{cls.__qualname__}"',
            )
        )
        entry = EntryName(cls.service_type or "?", cls.api_version)
    for problem in contract_violations(cls, entry):
        found.append(Violation(where, "contract", problem))
    if not cls.__doc__:
        found.append(Violation(where, "documented", "the Proxy class has no docstring"))
    for name, member in inspect.getmembers(cls, inspect.isfunction):
        if name.startswith("_") or hasattr(Proxy, name):
            continue
        method = f"{where}.{name}"
        if not _SNAKE.match(name):
            found.append(Violation(method, "snake-case", "method names are snake_case"))
        if not inspect.getdoc(member):
            found.append(Violation(method, "documented", "public method has no docstring"))
        params = list(inspect.signature(member).parameters.values())[1:]
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        for prefix, rule in _NAME_RULES.items():
            if name.startswith(prefix) and not positional:
                found.append(Violation(method, "naming", f"{prefix}x() {rule}"))
        if name.startswith("find_") and "ignore_missing" not in {p.name for p in params}:
            found.append(Violation(method, "naming", f"find_x() {_NAME_RULES['find_']}"))
    return found


def check_plugin(name: str) -> list[Violation]:
    """Every conformance violation of plugin ``name``; an empty list when it conforms.

    ``name`` is a distribution, an entry point name or a module. Raises PluginLoadError
    when it names nothing that can be found; import failures are violations.
    """
    violations: list[Violation] = []
    packages: dict[str, ModuleType] = {}
    targets, scope = _resolve(name, violations)
    if scope is not None:
        packages[scope.__name__] = scope
    for entry, proxy_cls in targets:
        if not (isinstance(proxy_cls, type) and issubclass(proxy_cls, Proxy)):
            violations.append(
                Violation(str(entry), "contract", f"{proxy_cls!r} is not a Proxy subclass")
            )
            continue
        violations.extend(_check_proxy(proxy_cls, entry))
        if scope is None:
            package = _package_of(proxy_cls)
            packages[package.__name__] = package
    for package in packages.values():
        resources = _resources(package, violations)
        microversioned = any(r._max_microversion for r in resources)
        for resource_cls in resources:
            violations.extend(_check_resource(resource_cls, microversioned))
    return violations
