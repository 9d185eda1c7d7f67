"""The functions declared CRUD methods are made of.

Each template below is compiled once, with placeholder argument names (``value``,
``parent``). :func:`make` gives each declaration a real function of its own: the same
code object with the argument names of that method (``network``, ``qos_policy``),
its own closure (the Resource, the declared base path, the parent's URI attribute), its
name, qualified name, docstring and annotations. So a declared method is an ordinary
Python function: the interpreter binds its arguments (by position or by name) and
raises its usual TypeErrors, ``inspect.signature`` and ``help()`` read it natively, and
creating one costs about a microsecond, with nothing imported.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["TEMPLATES", "make"]


def _parent_id(value: Any) -> Any:
    """A parent given as a Resource or a dict stands for its id."""
    if isinstance(value, Mapping):
        return value.get("id")
    return getattr(value, "id", value) if not isinstance(value, str) else value


def _server_names(resource: Any, names: Any) -> list[str]:
    """The server-side names of ``names`` (attribute or server names) for ``?fields=``."""
    if isinstance(names, str):
        names = [names]
    declared = resource._fields
    return [getattr(declared.get(name), "name", name) for name in names]


def _templates() -> dict[str, Callable[..., Any]]:
    # Placeholders: every function made from these gets cells of its own for them.
    resource: Any = None
    declared_path: Any = None
    parent_attr: Any = None

    def lister(self: Any, *, base_path: Any = None, **query: Any) -> Any:
        return resource.list(self, base_path=base_path or declared_path, **query)

    def child_lister(self: Any, parent: Any, *, base_path: Any = None, **query: Any) -> Any:
        query[parent_attr] = _parent_id(parent)
        return resource.list(self, base_path=base_path or declared_path, **query)

    def getter(self: Any, value: Any, *, base_path: Any = None) -> Any:
        return self._get(resource, value, base_path=base_path or declared_path)

    def fields_getter(self: Any, value: Any, *, fields: Any = None, base_path: Any = None) -> Any:
        path = base_path or declared_path
        if not fields:
            return self._get(resource, value, base_path=path)
        return self._get_resource(resource, value).fetch(
            self,
            base_path=path,
            error_message=f"No {resource.__name__} found for {value}",
            fields=_server_names(resource, fields),
        )

    def child_getter(self: Any, value: Any, parent: Any, *, base_path: Any = None) -> Any:
        owner = {parent_attr: _parent_id(parent)}
        return self._get(resource, value, base_path=base_path or declared_path, **owner)

    def finder(self: Any, name_or_id: Any, ignore_missing: Any = True, **query: Any) -> Any:
        return resource.find(self, name_or_id, ignore_missing=ignore_missing, **query)

    def child_finder(
        self: Any, name_or_id: Any, parent: Any, ignore_missing: Any = True, **query: Any
    ) -> Any:
        query[parent_attr] = _parent_id(parent)
        return resource.find(self, name_or_id, ignore_missing=ignore_missing, **query)

    def creator(self: Any, *, base_path: Any = None, **attrs: Any) -> Any:
        return self._create(resource, base_path=base_path or declared_path, **attrs)

    def child_creator(self: Any, parent: Any, *, base_path: Any = None, **attrs: Any) -> Any:
        attrs[parent_attr] = _parent_id(parent)
        return self._create(resource, base_path=base_path or declared_path, **attrs)

    def updater(self: Any, value: Any, *, base_path: Any = None, **attrs: Any) -> Any:
        return self._update(resource, value, base_path=base_path or declared_path, **attrs)

    def revision_updater(
        self: Any, value: Any, if_revision: Any = None, *, base_path: Any = None, **attrs: Any
    ) -> Any:
        path = base_path or declared_path
        return self._update(resource, value, base_path=path, if_revision=if_revision, **attrs)

    def child_updater(
        self: Any, value: Any, parent: Any, *, base_path: Any = None, **attrs: Any
    ) -> Any:
        attrs[parent_attr] = _parent_id(parent)
        return self._update(resource, value, base_path=base_path or declared_path, **attrs)

    def child_revision_updater(
        self: Any,
        value: Any,
        parent: Any,
        if_revision: Any = None,
        *,
        base_path: Any = None,
        **attrs: Any,
    ) -> Any:
        attrs[parent_attr] = _parent_id(parent)
        path = base_path or declared_path
        return self._update(resource, value, base_path=path, if_revision=if_revision, **attrs)

    def deleter(self: Any, value: Any, ignore_missing: Any = True) -> None:
        self._delete(resource, value, ignore_missing=ignore_missing)

    def revision_deleter(
        self: Any, value: Any, ignore_missing: Any = True, if_revision: Any = None
    ) -> None:
        self._delete(resource, value, ignore_missing=ignore_missing, if_revision=if_revision)

    def child_deleter(self: Any, value: Any, parent: Any, ignore_missing: Any = True) -> None:
        owner = {parent_attr: _parent_id(parent)}
        self._delete(resource, value, ignore_missing=ignore_missing, **owner)

    def child_revision_deleter(
        self: Any, value: Any, parent: Any, ignore_missing: Any = True, if_revision: Any = None
    ) -> None:
        owner = {parent_attr: _parent_id(parent)}
        self._delete(
            resource, value, ignore_missing=ignore_missing, if_revision=if_revision, **owner
        )

    # Only the templates' code and the names of their free variables are used: every
    # function made from them gets cells of its own.
    return {
        name: function
        for name, function in locals().items()
        if isinstance(function, types.FunctionType)
    }


#: The templates by name: ``lister``, ``child_lister``, ``getter``, ... (see above).
TEMPLATES = _templates()


def make(
    template: str,
    *,
    name: str,
    qualname: str,
    module: str,
    doc: str,
    names: Mapping[str, str],
    closure: Mapping[str, Any],
    annotations: Mapping[str, str],
) -> Callable[..., Any]:
    """A function made from ``template``: its arguments renamed by ``names``
    (placeholder -> name), its free variables taken from ``closure``."""
    source = TEMPLATES[template]
    code = source.__code__
    varnames = tuple(names.get(v, v) for v in code.co_varnames)
    code = code.replace(co_varnames=varnames, co_name=name, co_qualname=qualname)
    cells = tuple(types.CellType(closure[free]) for free in code.co_freevars)
    function = types.FunctionType(code, source.__globals__, name, source.__defaults__, cells)
    function.__kwdefaults__ = dict(source.__kwdefaults__ or {})
    function.__qualname__ = qualname
    function.__module__ = module
    function.__doc__ = doc
    function.__annotations__ = {names.get(k, k): v for k, v in annotations.items()}
    return function
