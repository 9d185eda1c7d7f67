"""Verifying plugin classes against the declared plugin API, when they are defined.

:func:`verify` runs from ``__init_subclass__`` of Resource, Proxy, Pagination and
FakeService (``openstack_core.fakes``) for every class defined outside openstack-core.
It looks at the class's own namespace and
at any plugin mixin in its MRO (once per mixin):

* a name that is a core member of the base (Proxy, Resource, Pagination,
  FakeService) but not a declared hook is an override of something internal, or of a helper;
* a name that is private to any core class is shadowed (a plugin ``_request`` would
  replace keystoneauth1's on every call);
* a method whose code refers to a core private name uses the internals.

The scan reads ``co_names`` (the attribute and global names a function's code uses),
so it costs a set intersection per function; only a hit disassembles the function to
find the line. Dunder names and names the plugin API declares are never flagged.
"""

from __future__ import annotations

import contextlib
import functools
import sys
import types
from collections.abc import Iterator
from typing import Any, NamedTuple

from openstack_core import plugin_api

__all__ = ["PluginAPIError", "Problem", "class_problems", "collecting", "verify"]

# Class-machinery names Python or typing put in a class namespace.
_MACHINERY = frozenset(
    {
        "__module__",
        "__qualname__",
        "__doc__",
        "__slots__",
        "__annotations__",
        "__dict__",
        "__weakref__",
        "__orig_bases__",
        "__parameters__",
        "__firstlineno__",
        "__static_attributes__",
        "__classcell__",
        "__type_params__",
        "__abstractmethods__",
        "_abc_impl",
        "__annotate__",
        "__annotate_func__",
        "__annotations_cache__",
        # The tables ResourceBase.__init_subclass__ computes and sets on each class.
        "_fields",
        "_body_names",
        "_path_params",
        "_uri_names",
        "_alternate_id",
        # The routes FakeService.__init_subclass__ collects on each fake class.
        "_routes",
        "_route_index",
    }
)

#: What to use instead of a core internal a plugin reached for.
_INSTEAD = {
    "_body": "read attributes or to_dict(); record server values with set_from_server()",
    "_set_attributes": "set_from_server() for server values, attribute assignment for changes",
    "_set_extra": "allow_extra_attributes = True",
    "_unknown_attr": "allow_extra_attributes = True or attribute_synonyms",
    "_write_body": "the value_for_server() hook, or attribute assignment",
    "_wrap": "the request_body() hook",
    "_check_allowed": "the allow_* flags (create, fetch, ... check them)",
    "_headers_to_send": "Header and HeaderDict fields",
    "_headers": "Header and HeaderDict fields",
    "_uri": "URI fields",
    "_computed": "Computed fields",
    "_dirty": "is_dirty",
    "_dirty_headers": "is_dirty",
    "_microversion": "the microversion property",
    "_from_body": "existing()",
    "_fields": "keys() or to_dict()",
    "_body_names": "extra_attributes()",
    "_render_path": "resource_path()",
    "_url_path": "resource_path()",
    "_pages": "list()",
    "_split_params": "list() or find()",
    "_patch_document": "commit()",
    "_decode": "openstack_core.resource.decode_json()",
    "_request": "request()",
    "_endpoint_for_request": "get_endpoint(), or the resolve_endpoint() hook",
    "_resolve_catalog_type": "catalog_endpoint()",
    "_translate_ksa_error": "request(), which raises openstack_core exceptions",
    "_server_version_range": "microversion_for()",
    "_version_range": "microversion_for()",
    "_call_response_hook": "the on_response() hook",
    "_init_observers": "the on_response() hook, or openstack_core.observe for applications",
    "_exception_from_hook": "the exception_for_response() hook",
    "get_endpoint": "the resolve_endpoint() hook",
    "get_endpoint_data": "the resolve_endpoint() hook",
}

#: Private instance attributes the core sets (not visible on the classes), by base.
_INSTANCE_PRIVATES_OF = {
    "Proxy": frozenset(
        {
            "_version_range",
            "_catalog_type_pending",
            "_resolved_endpoint",
            "_resolved_with",
            "_warned_discovery",
            "_observers",
            "_scope_openers",
            "_has_response_hook",
            "_observed",
        }
    ),
    "FakeService": frozenset({"_context"}),
    "Accounts": frozenset({"_context"}),
}
_INSTANCE_PRIVATES = frozenset().union(*_INSTANCE_PRIVATES_OF.values())


class PluginAPIError(TypeError):
    """A plugin class goes beyond the declared plugin API (raised when it is defined)."""


class Problem(NamedTuple):
    """One place where a plugin class goes beyond the declared API."""

    where: str  # "<file>:<line>"
    qualname: str  # "pkg.module.Class.member"
    rule: str  # "override", "shadow" or "private"
    message: str
    module: str  # the module that defines the class


_collected: list[Problem] | None = None
_checked_mixins: set[type] = set()


@contextlib.contextmanager
def collecting() -> Iterator[list[Problem]]:
    """Within this block :func:`verify` records problems instead of raising (what
    ``check-plugin`` uses to report them all)."""
    global _collected
    previous, _collected = _collected, []
    try:
        yield _collected
    finally:
        _collected = previous


@functools.cache
def _sdk_bases() -> dict[str, type]:
    from openstack_core._resource import Resource
    from openstack_core.pagination import Pagination
    from openstack_core.proxy import Proxy

    return {"Proxy": Proxy, "Resource": Resource, "Pagination": Pagination}


def _bases() -> dict[str, type]:
    """The core's base classes a plugin class may derive from, the most derived first.
    FakeService (and Accounts, the base of identity fakes) count once their module is
    imported: no class can derive from them before, and a plugin that ships no fake
    never pays for importing them."""
    bases = dict(_sdk_bases())
    accounts = sys.modules.get("openstack_core._local.accounts")
    if accounts is not None:
        bases["Accounts"] = accounts.Accounts
    fakes = sys.modules.get("openstack_core._local.service")
    if fakes is not None:
        bases["FakeService"] = fakes.FakeService
    return bases


#: A base whose plugin API includes another's: an Accounts is a FakeService.
_EXTENDS = {"Accounts": "FakeService"}


def _declared(owner: str, *kinds: str) -> dict[str, plugin_api.Member]:
    """The members ``owner`` declares, with those of the base it extends."""
    members = dict(plugin_api.members_of(_EXTENDS[owner], *kinds)) if owner in _EXTENDS else {}
    members.update(plugin_api.members_of(owner, *kinds))
    return members


@functools.cache
def _core_names(owner: str) -> frozenset[str]:
    names = set(dir(_bases()[owner]))
    names |= _INSTANCE_PRIVATES_OF.get(owner, frozenset())
    return frozenset(names)


@functools.cache
def _allowed(owner: str) -> frozenset[str]:
    """What a plugin class of ``owner`` may define: hooks and settable compat names."""
    kinds = (plugin_api.HOOK, plugin_api.COMPAT) if owner == "Resource" else (plugin_api.HOOK,)
    return frozenset(_declared(owner, *kinds))


def _private_names() -> frozenset[str]:
    """Underscore names internal to the core (on any base), minus declared ones."""
    return _private_names_of(tuple(_bases()))


@functools.cache
def _private_names_of(owners: tuple[str, ...]) -> frozenset[str]:
    names = set(_INSTANCE_PRIVATES)
    for owner in owners:
        names |= {n for n in _core_names(owner) if n.startswith("_") and not n.startswith("__")}
    declared = {m.name for m in plugin_api.MEMBERS}
    return frozenset(names - declared)


def _owner_of(cls: type) -> str | None:
    for owner, base in _bases().items():
        if issubclass(cls, base):
            return owner
    return None


def _is_core(klass: type) -> bool:
    module = klass.__module__
    return module == "builtins" or module.startswith(("openstack_core.", "keystoneauth1.", "abc"))


def _functions(value: Any) -> list[types.FunctionType]:
    if isinstance(value, (classmethod, staticmethod)):
        value = value.__func__
    if isinstance(value, property):
        return [
            f for f in (value.fget, value.fset, value.fdel) if isinstance(f, types.FunctionType)
        ]
    if isinstance(value, functools.partialmethod):
        value = value.func
    return [value] if isinstance(value, types.FunctionType) else []


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _line_of(code: types.CodeType, name: str) -> int:
    import dis

    for instruction in dis.get_instructions(code):
        if instruction.argval == name and instruction.positions is not None:
            return instruction.positions.lineno or code.co_firstlineno
    return code.co_firstlineno


def _file_of(klass: type) -> str:
    module = sys.modules.get(klass.__module__)
    return str(getattr(module, "__file__", None) or klass.__module__)


def _class_line(klass: type, name: str) -> int:
    try:
        import inspect

        lines, start = inspect.getsourcelines(klass)
    except (OSError, TypeError):
        return 0
    for offset, line in enumerate(lines):
        if line.lstrip().startswith((f"{name} ", f"{name}=", f"{name}:", f"def {name}(")):
            return start + offset
    return start


def _advice(name: str) -> str:
    instead = _INSTEAD.get(name)
    if instead:
        return f"use {instead}"
    return "use only the plugin API (openstack_core.plugin_api lists it; docs/plugins.md)"


def _namespace_problems(klass: type, owner: str) -> list[Problem]:
    core = _core_names(owner)
    allowed = _allowed(owner)
    private = _private_names()
    helpers = _declared(owner, plugin_api.HELPER, plugin_api.COMPAT)
    found: list[Problem] = []
    file = _file_of(klass)
    prefix = f"{klass.__module__}.{klass.__qualname__}"
    for name, value in vars(klass).items():
        if name in _MACHINERY:
            continue
        functions = _functions(value)
        if functions and all(f.__module__.startswith("openstack_core.") for f in functions):
            continue  # put there by the core itself
        line = functions[0].__code__.co_firstlineno if functions else 0
        if name in core and name not in allowed:
            if name in helpers:
                what = (
                    f"overrides {owner}.{name}, a helper of the plugin API (call it, never "
                    "override it)"
                )
            else:
                what = f"overrides {owner}.{name}, which is internal to openstack-core"
            found.append(
                Problem(
                    f"{file}:{line or _class_line(klass, name)}",
                    f"{prefix}.{name}",
                    "override",
                    f"{what}; {_advice(name)}",
                    klass.__module__,
                )
            )
        elif name not in core and name in private:
            found.append(
                Problem(
                    f"{file}:{line or _class_line(klass, name)}",
                    f"{prefix}.{name}",
                    "shadow",
                    f"shadows {name!r}, a name internal to openstack-core (its classes use "
                    "it); rename it",
                    klass.__module__,
                )
            )
        for function in functions:
            for code in _codes(function.__code__):
                for used in sorted(private.intersection(code.co_names)):
                    found.append(
                        Problem(
                            f"{file}:{_line_of(code, used)}",
                            f"{prefix}.{name}",
                            "private",
                            f"uses {used!r}, internal to openstack-core; {_advice(used)}",
                            klass.__module__,
                        )
                    )
    return found


def class_problems(cls: type, seen_mixins: set[type] | None = None) -> list[Problem]:
    """Every problem of ``cls`` and of the plugin mixins in its MRO (a mixin already
    in ``seen_mixins`` is not checked again; it is added once checked)."""
    owner = _owner_of(cls)
    if owner is None:
        return []
    seen = _checked_mixins if seen_mixins is None else seen_mixins
    found = _namespace_problems(cls, owner)
    for klass in cls.__mro__[1:]:
        if _is_core(klass) or klass is object or _owner_of(klass) is not None:
            continue
        # A plain mixin (no core base): checked with the first class that uses it.
        if klass in seen:
            continue
        seen.add(klass)
        found.extend(_namespace_problems(klass, owner))
    return found


def verify(cls: type) -> None:
    """Raise TypeError listing ``cls``'s problems (record them in :func:`collecting`)."""
    problems = class_problems(cls)
    if not problems:
        return
    if _collected is not None:
        _collected.extend(problems)
        return
    lines = "\n".join(f"  {p.where}: {p.qualname} {p.message}" for p in problems)
    raise PluginAPIError(
        f"{cls.__module__}.{cls.__qualname__} goes beyond the openstack-core plugin API "
        f"(plugin API {plugin_api.PLUGIN_API_VERSION}):\n{lines}"
    )
