"""The plugin conformance checker: each style rule of docs/plugins.md as a check.

``python -m openstack_core check-plugin NAME`` and :func:`check_plugin` accept a
distribution (``openstack-compute``), an entry point (``compute.v2``) or a module
(``openstack_compute`` or ``openstack_compute.v2._proxy``). The plugin's package is
imported, its Proxy classes and every Resource class defined in the package are
inspected, and each violation names the class and attribute at fault.

Two more kinds of rule come from elsewhere and are reported here too: the plugin API's
definition-time checks (:mod:`openstack_core._enforcement`: overriding, shadowing or
using core internals, rule ``plugin-api``) and the source scan
(:mod:`openstack_core._static_check`: private imports and module attributes, deprecated
1.x names in 2.x plugins), both with file and line.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import inspect
import pkgutil
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from openstack_core import _enforcement, exceptions, plugin_api
from openstack_core._fields import Field
from openstack_core._lazy import LazyResource, resolved
from openstack_core._static_check import scan_module
from openstack_core.crud import Method
from openstack_core.plugin_api import NAMESPACE, EntryName, contract_violations, parse_name
from openstack_core.proxy import Proxy
from openstack_core.resource import URI, Resource

_SNAKE = re.compile(r"^_?[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_SEGMENT = re.compile(r"^[a-z0-9]+([-_.][a-z0-9]+)*$")
# OpenStack's API extensions keep an upper-case prefix in their paths (Keystone's
# /v3/OS-FEDERATION, /v3/OS-TRUST, /v3/OS-INHERIT): the server's spelling, no typo.
_EXTENSION = re.compile(r"^OS-[A-Z0-9]+(-[A-Z0-9]+)*$")
_PARAM = re.compile(r"^%\(\w+\)s$")
# get_x() is absent on purpose: singletons (limits, import info, schemas) take no id.
_NAME_RULES = {
    "find_": "takes name_or_id and an ignore_missing keyword",
    "update_": "takes the resource (id or object) as its first argument",
    "delete_": "takes the resource (id or object) as its first argument",
}
# Verbs that name a CRUD operation the conventions spell otherwise: prefix -> convention.
# Every other verb is an action and keeps openstacksdk's name (reboot_server,
# add_tag_to_server, flavor_add_tenant_access, fetch_server_metadata, ...).
_SYNONYMS = {
    "list": "list",
    "show": "get",
    "retrieve": "get",
    "describe": "get",
    "read": "get",
    "new": "create",
    "make": "create",
    "destroy": "delete",
    "del": "delete",
    "erase": "delete",
    "modify": "update",
    "edit": "update",
    "search": "find",
    "lookup": "find",
}
_CRUD = ("get", "find", "create", "update", "delete")


@dataclass(frozen=True)
class Violation:
    """One broken rule: ``where`` is the class or attribute, ``rule`` a short name."""

    where: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.rule}] {self.message}"


@dataclass(frozen=True)
class _Target:
    """A Proxy to check and how the installed metadata names it."""

    proxy: Any
    #: The parsed entry-point name; None when none names it or the name is malformed.
    entry: EntryName | None
    #: The entry-point name as written, when an entry point names this Proxy.
    registered_as: str | None


def _qualname(obj: type) -> str:
    return f"{obj.__module__}.{obj.__qualname__}"


def _malformed(name: str, proxy: Any) -> str:
    service_type = getattr(proxy, "service_type", "") or name.split(".", 1)[0].lower()
    major = getattr(proxy, "api_version", 0) or "<major>"
    return (
        f"entry point name {name!r} is malformed: it must be <service-type>.v<major>, a "
        f"lower-case service type with dashes and the API's major version, e.g. "
        f'"{service_type}.v{major}"; the core ignores it, so the plugin is never loaded'
    )


def _resolve(name: str, problems: list[Violation]) -> tuple[list[_Target], ModuleType | None]:
    """The Proxy classes behind ``name``, and the module to scan for Resources (None:
    the top-level package of each Proxy)."""
    entries = list(importlib.metadata.entry_points(group=NAMESPACE))
    by_dist = [ep for ep in entries if ep.dist is not None and ep.dist.name == name]
    by_name = [ep for ep in entries if ep.name == name]
    chosen = by_dist or by_name
    if chosen:
        found: list[_Target] = []
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
            entry = parse_name(ep.name)
            if entry is None:
                problems.append(
                    Violation(f"{ep.name} = {ep.value}", "entry-point", _malformed(ep.name, loaded))
                )
            found.append(_Target(loaded, entry, ep.name))
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
    candidates = [
        obj
        for module_ in _walk(module, problems)
        for obj in vars(module_).values()
        if isinstance(obj, type)
        and issubclass(obj, Proxy)
        and obj is not Proxy
        and obj.__module__ == module_.__name__
    ]
    if not candidates:
        raise exceptions.PluginLoadError(f"module {name!r} defines no Proxy subclass")
    registered = {ep.value.replace(" ", ""): ep.name for ep in entries}
    # A Proxy class that another Proxy of the package builds on (a mixin grouping
    # methods, a shared base) is checked as part of that Proxy, not as a plugin.
    bases = {base for cls in candidates for base in cls.__mro__[1:]}
    targets = []
    for cls in candidates:
        registered_as = registered.get(f"{cls.__module__}:{cls.__qualname__}")
        if registered_as is None and cls in bases:
            continue
        entry = parse_name(registered_as) if registered_as is not None else None
        if registered_as is not None and entry is None:
            problems.append(
                Violation(_qualname(cls), "entry-point", _malformed(registered_as, cls))
            )
        targets.append(_Target(cls, entry, registered_as))
    return targets, module


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


def _lazy_references(packages: dict[str, ModuleType], problems: list[Violation]) -> list[Violation]:
    """Every lazy resource reference (``resource.lazy``) bound in the packages' modules
    must name a Resource class: resolving them imports their modules now."""
    found = []
    for package in packages.values():
        for module in _walk(package, problems):
            for name, value in vars(module).items():
                if not isinstance(value, LazyResource):
                    continue
                try:
                    resolved(value)
                except exceptions.PluginLoadError as exc:
                    found.append(Violation(f"{module.__name__}.{name}", "lazy", str(exc)))
    return found


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


def _own_members(cls: type, core: type) -> list[tuple[type, str, Any]]:
    """(defining class, name, function or property) of the public members ``cls`` gets
    from plugin code: its own and its plugin bases' and mixins', not the core's."""
    core_classes = set(core.__mro__)
    members = []
    for klass in cls.__mro__:
        if klass in core_classes:
            continue
        for name, value in vars(klass).items():
            if name.startswith("_") or hasattr(core, name):
                continue
            if isinstance(value, (classmethod, staticmethod)):
                value = value.__func__
            if isinstance(value, Method):
                # A declared CRUD method: its generated function (a broken lazy
                # reference in it is reported by _lazy_references).
                try:
                    value = value.function
                except exceptions.PluginLoadError:
                    continue
            if inspect.isfunction(value) or isinstance(value, property):
                members.append((klass, name, value))
    return members


def _documented(where: str, value: Any) -> list[Violation]:
    kind = "property" if isinstance(value, property) else "public method"
    doc = value.__doc__ if isinstance(value, property) else inspect.getdoc(value)
    if doc:
        return []
    return [Violation(where, "documented", f"{kind} has no docstring")]


def _check_names(cls: type[Resource]) -> list[Violation]:
    """snake_case attribute names, and docstrings on the Resource's own methods."""
    where = _qualname(cls)
    found = []
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
    for klass, name, value in _own_members(cls, Resource):
        if isinstance(value, Field):
            continue
        found.extend(_documented(f"{_qualname(klass)}.{name}", value))
    return found


def _check_resource(cls: type[Resource]) -> list[Violation]:
    where = _qualname(cls)
    found = []
    if not cls.__doc__:
        found.append(Violation(where, "documented", "the Resource class has no docstring"))
    found.extend(_check_names(cls))
    if not cls.base_path:
        # A shared base of other Resources (common fields, no collection of its own).
        return found
    for segment in cls.base_path.strip("/").split("/"):
        if segment and not any(p.match(segment) for p in (_PARAM, _SEGMENT, _EXTENSION)):
            found.append(
                Violation(
                    f"{where}.base_path",
                    "path-segment",
                    f"segment {segment!r} of {cls.base_path!r} is not lower case with hyphens",
                )
            )
    # resources_key None with allow_list is a listing answered as a bare JSON list
    # (extract_list's default), not a mistake.
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


def _plural(noun: str) -> str:
    if noun.endswith("s"):
        return noun
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    return noun + "s"


def _suggestion(convention: str, noun: str) -> str:
    return f"{_plural(noun)}()" if convention == "list" else f"{convention}_{noun}()"


def _naming(method: str, name: str, params: list[inspect.Parameter]) -> list[Violation]:
    """openstacksdk's names: xs(), get_x(), find_x(), create_x(), update_x(), delete_x()."""
    found = []
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    verb, _, rest = name.partition("_")
    head, _, last = name.rpartition("_")
    suggested = None
    if rest and verb in _SYNONYMS:
        suggested = _suggestion(_SYNONYMS[verb], rest)
    elif name.startswith("get_all_") and len(name) > len("get_all_"):
        suggested = _suggestion("list", name[len("get_all_") :])
    elif head and (last in _CRUD or last in _SYNONYMS) and not name.startswith("wait_for_"):
        noun = head.removeprefix("get_") if last == "list" else head
        suggested = _suggestion(_SYNONYMS.get(last, last), noun)
    elif rest and verb in ("add", "remove"):
        # add_/remove_ attach to or detach from another resource (add_tag_to_server,
        # add_member(image), remove_member(member, image)). Taking nothing, or only the
        # thing it names, it is a create or a delete.
        names = [p.name for p in positional if p.name != "ignore_missing"]
        if verb == "add" and not names:
            suggested = _suggestion("create", rest)
        if verb == "remove" and names == [rest]:
            suggested = _suggestion("delete", rest)
    if suggested is not None:
        found.append(
            Violation(
                method,
                "naming",
                f"{name}() is what openstacksdk's conventions call {suggested}; rename it "
                "(actions keep a verb of their own, as in reboot_server)",
            )
        )
    for prefix, rule in _NAME_RULES.items():
        if name.startswith(prefix) and not positional:
            found.append(Violation(method, "naming", f"{prefix}x() {rule}"))
    if name.startswith("find_") and "ignore_missing" not in {p.name for p in params}:
        found.append(Violation(method, "naming", f"find_x() {_NAME_RULES['find_']}"))
    return found


def _check_proxy(target: _Target) -> list[Violation]:
    cls = target.proxy
    where = _qualname(cls)
    found = []
    entry = target.entry
    if target.registered_as is None:
        declared = (
            f'"{cls.service_type}.v{cls.api_version}"'
            if cls.service_type and cls.api_version
            else '"<service-type>.v<major>"'
        )
        found.append(
            Violation(
                where,
                "entry-point",
                f"no installed entry point in {NAMESPACE} names this Proxy: declare "
                f'{declared} = "{cls.__module__}:{cls.__qualname__}" in pyproject.toml and '
                "install the distribution (pip install -e .)",
            )
        )
    if entry is None:
        entry = EntryName(cls.service_type or "?", cls.api_version)
    for problem in contract_violations(cls, entry):
        found.append(Violation(where, "contract", problem))
    if not cls.__doc__:
        found.append(Violation(where, "documented", "the Proxy class has no docstring"))
    for klass, name, value in _own_members(cls, Proxy):
        member = f"{_qualname(klass)}.{name}"
        if not _SNAKE.match(name):
            kind = "property" if isinstance(value, property) else "method"
            found.append(Violation(member, "snake-case", f"{kind} names are snake_case"))
        found.extend(_documented(member, value))
        if inspect.isfunction(value):
            params = list(inspect.signature(value).parameters.values())
            if params and params[0].name in ("self", "cls"):
                params = params[1:]
            found.extend(_naming(member, name, params))
    return found


def _scope(proxy_cls: type) -> str:
    """The package a Proxy's Resources live in: its module's package, or the module
    itself for a single-module plugin."""
    module = proxy_cls.__module__
    parent = module.rpartition(".")[0]
    return parent or module


def _check_microversions(
    scope: str, proxies: list[Any], resources: list[type[Resource]]
) -> list[Violation]:
    """A microversioned service's Resources each say the highest microversion they
    understand; otherwise every call would silently use the service's oldest.

    ``proxies`` are the Proxies whose package is ``scope`` (``openstack_compute.v2``):
    one service version, whose Resources live there.
    """
    mine = [r for r in resources if r.__module__ == scope or r.__module__.startswith(scope + ".")]
    declaring = [p for p in proxies if getattr(p, "microversioned", False) is True]
    inferred = [r for r in mine if r._max_microversion]
    if declaring:
        why = f"{_qualname(declaring[0])} declares microversioned = True"
    elif inferred:
        why = (
            f"other Resources of {scope} declare _max_microversion (e.g. "
            f"{inferred[0].__qualname__}), so the service is microversioned (say so with "
            "microversioned = True on its Proxy)"
        )
    else:
        return []
    return [
        Violation(
            f"{_qualname(r)}._max_microversion",
            "microversion",
            f"{why}, but {r.__qualname__} declares no _max_microversion: set it to the "
            "highest microversion this Resource understands",
        )
        for r in mine
        if r.base_path and r._max_microversion is None
    ]


def _plugin_classes(packages: dict[str, ModuleType], problems: list[Violation]) -> list[type]:
    """Every Proxy, Resource, Pagination and FakeService subclass defined in the packages."""
    from openstack_core._local.service import FakeService
    from openstack_core.pagination import Pagination

    found: dict[str, type] = {}
    for package in packages.values():
        for module in _walk(package, problems):
            for obj in vars(module).values():
                if (
                    isinstance(obj, type)
                    and issubclass(obj, (Proxy, Resource, Pagination, FakeService))
                    and obj.__module__ == module.__name__
                ):
                    found[_qualname(obj)] = obj
    return list(found.values())


def _plugin_api_violations(
    packages: dict[str, ModuleType], proxies: list[Any], problems: list[Violation]
) -> list[Violation]:
    """The definition-time plugin API checks and the source scan, with file and line."""
    found = []
    seen: set[type] = set()
    for cls in _plugin_classes(packages, problems):
        for problem in _enforcement.class_problems(cls, seen):
            found.append(
                Violation(problem.qualname, "plugin-api", f"{problem.message} ({problem.where})")
            )
    majors = {plugin_api.declared_major(p) for p in proxies}
    strict = any(m is not None and m >= 2 for m in majors)
    for package in packages.values():
        for module in _walk(package, problems):
            path = getattr(module, "__file__", None)
            if not path:
                continue
            for finding in scan_module(Path(path), strict=strict):
                found.append(Violation(finding.where, finding.rule, finding.message))
    return found


def _check_fakes(targets: list[_Target], problems: list[Violation]) -> list[Violation]:
    """The fakes the plugin's distributions register (``openstack_core.fakes``): each
    entry point imports, is a FakeService, and matches its name (rule ``fake``)."""
    from openstack_core._local.loader import fake_contract_violations

    dists = {
        ep.dist.name
        for ep in importlib.metadata.entry_points(group=NAMESPACE)
        if ep.dist is not None and any(ep.name == t.registered_as for t in targets)
    }
    found = []
    for ep in importlib.metadata.entry_points(group=plugin_api.FAKES_NAMESPACE):
        if ep.dist is None or ep.dist.name not in dists:
            continue
        where = f"{ep.name} = {ep.value}"
        entry = parse_name(ep.name)
        if entry is None:
            found.append(Violation(where, "fake", _malformed(ep.name, None)))
            continue
        try:
            loaded = ep.load()
        except Exception as exc:
            problems.append(
                Violation(where, "import", f"cannot be imported: {type(exc).__name__}: {exc}")
            )
            continue
        found.extend(Violation(where, "fake", p) for p in fake_contract_violations(loaded, entry))
    return found


def check_plugin(name: str) -> list[Violation]:
    """Every conformance violation of plugin ``name``; an empty list when it conforms.

    ``name`` is a distribution, an entry point name or a module. Raises PluginLoadError
    when it names nothing that can be found; import failures are violations. Plugin
    classes that break the plugin API are reported (rule ``plugin-api``) instead of
    failing the import, as they would when the core loads the plugin.
    """
    with _enforcement.collecting() as collected:
        try:
            return _check_plugin(name)
        finally:
            # A module imported here despite breaking the plugin API must not stay
            # importable in this process: loading the plugin must still fail.
            for module in {problem.module for problem in collected}:
                sys.modules.pop(module, None)


def _check_plugin(name: str) -> list[Violation]:
    violations: list[Violation] = []
    packages: dict[str, ModuleType] = {}
    targets, scope = _resolve(name, violations)
    if scope is not None:
        packages[scope.__name__] = scope
    proxies = []
    for target in targets:
        proxy_cls = target.proxy
        if not (isinstance(proxy_cls, type) and issubclass(proxy_cls, Proxy)):
            violations.append(
                Violation(
                    str(target.entry or target.registered_as),
                    "contract",
                    f"{proxy_cls!r} is not a Proxy subclass",
                )
            )
            continue
        proxies.append(proxy_cls)
        if scope is None:
            package = _package_of(proxy_cls)
            packages[package.__name__] = package
    # Lazy references first: checking a Proxy's methods resolves them.
    violations.extend(_lazy_references(packages, violations))
    for target in targets:
        if target.proxy in proxies:
            violations.extend(_check_proxy(target))
    resources = [r for package in packages.values() for r in _resources(package, violations)]
    for resource_cls in resources:
        violations.extend(_check_resource(resource_cls))
    by_scope: dict[str, list[Any]] = {}
    for proxy_cls in proxies:
        by_scope.setdefault(_scope(proxy_cls), []).append(proxy_cls)
    for package_name, scoped in by_scope.items():
        violations.extend(_check_microversions(package_name, scoped, resources))
    violations.extend(_check_fakes(targets, violations))
    violations.extend(_plugin_api_violations(packages, proxies, violations))
    # Mixins and shared bases are reached from several classes: report each once.
    return list(dict.fromkeys(violations))
