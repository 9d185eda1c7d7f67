"""Declarative CRUD: a plugin declares its resources, the core writes the methods.

::

    from openstack_core import crud, proxy

    class Proxy(proxy.Proxy):
        networks = crud.lister(Network)
        get_network = crud.getter(Network)
        find_network = crud.finder(Network)
        create_network = crud.creator(Network)
        update_network = crud.updater(Network, if_revision=True)
        delete_network = crud.deleter(Network, if_revision=True)

gives openstacksdk's methods and signatures: ``networks(**query)``,
``get_network(network)``, ``find_network(name_or_id, ignore_missing=True, **query)``,
``create_network(**attrs)``, ``update_network(network, if_revision=None, **attrs)`` and
``delete_network(network, ignore_missing=True, if_revision=None)``. The first argument
takes the name the method's name gives it (``network``), positionally or by keyword;
it may be an id, a dict or a Resource. Every method also takes ``base_path=`` by
keyword. A resource under a parent (``/qos/policies/<id>/bandwidth_limit_rules``) names
its ``URI`` field, and ``arg=`` renames the first argument:
``crud.getter(BandwidthLimitRule, parent="qos_policy_id", arg="qos_rule")`` gives
``get_qos_bandwidth_limit_rule(qos_rule, qos_policy)``, the parent an id or a Resource.
``crud.getter(Network, fields=True)`` adds Neutron's field selection:
``get_network(network, *, fields=None)`` sends ``fields=`` with the server names of
the attributes asked for (``fields=["is_shared"]`` asks for ``shared``).

Each declaration is a descriptor whose ``__get__`` returns a bound method, typed for
type checkers (``conn.network.get_network(...)`` is a ``Network``), documented for
``help()`` and ``inspect.signature``. To do more, define the method yourself in the
Proxy: your definition replaces the declaration.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from types import MethodType
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from openstack_core._crud_calls import (
    ChildCreateCall,
    ChildDeleteCall,
    ChildFindCall,
    ChildGetCall,
    ChildListCall,
    ChildUpdateCall,
    CreateCall,
    DeleteCall,
    FindCall,
    GetCall,
    GetFieldsCall,
    ListCall,
    UpdateCall,
)
from openstack_core._fields import Body
from openstack_core._resource import Resource

if TYPE_CHECKING:
    from openstack_core.proxy import Proxy

__all__ = ["Method", "creator", "deleter", "finder", "getter", "lister", "updater"]

R = TypeVar("R", bound=Resource)
C = TypeVar("C")

_UNSET: Any = object()


class Method(Generic[C]):
    """A declared Proxy method: a descriptor giving a bound method typed as ``C``.

    ``function`` is the plain function (its ``__name__``, ``__doc__`` and
    ``__signature__`` are filled in when the class is created).
    """

    __slots__ = ("_build", "_describe", "function", "resource")

    def __init__(
        self,
        resource: type[Resource],
        build: Callable[[str], Callable[..., Any]],
        describe: Callable[[str], tuple[str, inspect.Signature]],
    ) -> None:
        self.resource = resource
        self._build = build
        self._describe = describe
        self.function: Callable[..., Any] = _undeclared

    def __set_name__(self, owner: type, name: str) -> None:
        function = self._build(name)
        doc, signature = self._describe(name)
        function.__name__ = name
        function.__qualname__ = f"{owner.__qualname__}.{name}"
        function.__module__ = owner.__module__
        function.__doc__ = doc
        function.__signature__ = signature  # type: ignore[attr-defined]
        self.function = function

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Callable[..., Any]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> C: ...

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        # On the class, the plain function (what help(), inspect and documentation
        # tools expect of a method); on an instance, a bound method.
        if instance is None:
            return self.function
        return MethodType(self.function, instance)

    def __repr__(self) -> str:
        name = getattr(self.function, "__qualname__", "?")
        return f"<crud method {name} of {self.resource.__name__}>"


def _undeclared(*args: Any, **kwargs: Any) -> Any:
    raise TypeError("a crud method must be declared in a class body (name = crud.getter(...))")


def _noun(method_name: str, verb: str) -> str:
    """``get_network`` -> ``network``; ``networks`` -> ``networks``."""
    return method_name[len(verb) + 1 :] if method_name.startswith(verb + "_") else method_name


def _parent_arg(parent: str, parent_arg: str | None) -> str:
    return parent_arg or parent.removesuffix("_id")


def _take(value: Any, kwargs: dict[str, Any], name: str, method: str) -> Any:
    """The positional argument, or the same argument passed by its keyword name."""
    if value is not _UNSET:
        return value
    if name in kwargs:
        return kwargs.pop(name)
    raise TypeError(f"{method}() missing 1 required positional argument: {name!r}")


def _server_names(resource: type[Resource], names: Any) -> list[str]:
    """The server-side names of ``names`` (attribute or server names) for ``?fields=``."""
    if isinstance(names, str):
        names = [names]
    declared = resource._fields
    found = []
    for name in names:
        field = declared.get(name)
        found.append(field.name if isinstance(field, Body) else name)
    return found


def _parent_id(value: Any) -> Any:
    return value.id if isinstance(value, Resource) else value


_P = inspect.Parameter
_SELF = _P("self", _P.POSITIONAL_OR_KEYWORD)
_BASE_PATH = _P("base_path", _P.KEYWORD_ONLY, default=None, annotation="str | None")
_IGNORE = _P("ignore_missing", _P.POSITIONAL_OR_KEYWORD, default=True, annotation="bool")
_FIELDS = _P("fields", _P.KEYWORD_ONLY, default=None, annotation="list[str] | None")
_IF_REVISION = _P("if_revision", _P.POSITIONAL_OR_KEYWORD, default=None, annotation="int | None")


def _positional(name: str, annotation: str = "Any") -> inspect.Parameter:
    return _P(name, _P.POSITIONAL_OR_KEYWORD, annotation=annotation)


def _var(name: str) -> inspect.Parameter:
    return _P(name, _P.VAR_KEYWORD, annotation="Any")


def _filters(resource: type[Resource]) -> str:
    names = [n for n in resource._query_mapping.names if n not in ("limit", "marker")]
    return ", ".join(f"``{n}``" for n in names) or "none"


# -- the declarations -------------------------------------------------------------------


@overload
def lister(
    resource: type[R], *, base_path: str | None = None, parent: None = None
) -> Method[ListCall[R]]: ...


@overload
def lister(
    resource: type[R], *, parent: str, parent_arg: str | None = None, base_path: str | None = None
) -> Method[ChildListCall[R]]: ...


def lister(
    resource: type[R],
    *,
    base_path: str | None = None,
    parent: str | None = None,
    parent_arg: str | None = None,
) -> Method[Any]:
    """Declare ``xs(**query)``: iterate over ``resource`` (``Resource.list``), one page
    in memory at a time; ``limit`` is the page size, ``max_items`` the total."""
    declared_path = base_path
    kind = resource.__name__

    def build(name: str) -> Callable[..., Any]:
        if parent is None:

            def method(self: Proxy, *, base_path: str | None = None, **query: Any) -> Iterator[R]:
                return resource.list(self, base_path=base_path or declared_path, **query)

            return method
        arg = _parent_arg(parent, parent_arg)

        def child_method(
            self: Proxy,
            parent_value: Any = _UNSET,
            /,
            *,
            base_path: str | None = None,
            **query: Any,
        ) -> Iterator[R]:
            owner = _take(parent_value, query, arg, name)
            query[parent] = _parent_id(owner)
            return resource.list(self, base_path=base_path or declared_path, **query)

        return child_method

    def describe(name: str) -> tuple[str, inspect.Signature]:
        params = [_SELF]
        of = ""
        if parent is not None:
            params.append(_positional(_parent_arg(parent, parent_arg)))
            of = f" of a {_parent_arg(parent, parent_arg)} (id or object)"
        params += [_BASE_PATH, _var("query")]
        doc = (
            f"Iterate over {kind} resources{of}.\n\nQuery filters: {_filters(resource)}; "
            "``limit`` is the page size, ``max_items`` the total number yielded."
        )
        return doc, inspect.Signature(params, return_annotation=f"Iterator[{kind}]")

    return Method(resource, build, describe)


@overload
def getter(
    resource: type[R],
    *,
    base_path: str | None = None,
    parent: None = None,
    arg: str | None = None,
    fields: Literal[False] = False,
) -> Method[GetCall[R]]: ...


@overload
def getter(
    resource: type[R],
    *,
    fields: Literal[True],
    base_path: str | None = None,
    parent: None = None,
    arg: str | None = None,
) -> Method[GetFieldsCall[R]]: ...


@overload
def getter(
    resource: type[R],
    *,
    parent: str,
    parent_arg: str | None = None,
    base_path: str | None = None,
    arg: str | None = None,
) -> Method[ChildGetCall[R]]: ...


def getter(
    resource: type[R],
    *,
    base_path: str | None = None,
    parent: str | None = None,
    parent_arg: str | None = None,
    arg: str | None = None,
    fields: bool = False,
) -> Method[Any]:
    """Declare ``get_x(x)``: fetch one ``resource`` by id, dict or object; a missing
    one raises NotFoundException. ``fields=True`` adds a keyword ``fields``: the
    attributes to ask for (Neutron's ``?fields=``); the others read as unset."""
    declared_path = base_path
    kind = resource.__name__
    if fields and parent is not None:
        raise TypeError("crud.getter: fields=True is for resources without a parent")

    def build(name: str) -> Callable[..., Any]:
        first = arg or _noun(name, "get")
        if parent is None:

            def method(
                self: Proxy, value: Any = _UNSET, /, *, base_path: str | None = None, **kwargs: Any
            ) -> R:
                target = _take(value, kwargs, first, name)
                selected = kwargs.pop("fields", None) if fields else None
                if kwargs:
                    raise TypeError(f"{name}() got unexpected arguments {sorted(kwargs)}")
                if not selected:
                    return self._get(resource, target, base_path=base_path or declared_path)
                return self._get_resource(resource, target).fetch(
                    self,
                    base_path=base_path or declared_path,
                    error_message=f"No {kind} found for {target}",
                    fields=_server_names(resource, selected),
                )

            return method
        owner_arg = _parent_arg(parent, parent_arg)

        def child_method(
            self: Proxy,
            value: Any = _UNSET,
            parent_value: Any = _UNSET,
            /,
            *,
            base_path: str | None = None,
            **kwargs: Any,
        ) -> R:
            target = _take(value, kwargs, first, name)
            owner = _parent_id(_take(parent_value, kwargs, owner_arg, name))
            if kwargs:
                raise TypeError(f"{name}() got unexpected arguments {sorted(kwargs)}")
            return self._get(
                resource, target, base_path=base_path or declared_path, **{parent: owner}
            )

        return child_method

    def describe(name: str) -> tuple[str, inspect.Signature]:
        params = [_SELF, _positional(arg or _noun(name, "get"))]
        if parent is not None:
            params.append(_positional(_parent_arg(parent, parent_arg)))
        if fields:
            params.append(_FIELDS)
        params.append(_BASE_PATH)
        doc = f"Get one {kind} by id or object; a missing one raises NotFoundException."
        if fields:
            doc += " ``fields`` names the attributes to fetch (the others read as unset)."
        return doc, inspect.Signature(params, return_annotation=kind)

    return Method(resource, build, describe)


@overload
def finder(
    resource: type[R], *, parent: None = None, arg: str | None = None
) -> Method[FindCall[R]]: ...


@overload
def finder(
    resource: type[R], *, parent: str, parent_arg: str | None = None, arg: str | None = None
) -> Method[ChildFindCall[R]]: ...


def finder(
    resource: type[R],
    *,
    parent: str | None = None,
    parent_arg: str | None = None,
    arg: str | None = None,
) -> Method[Any]:
    """Declare ``find_x(name_or_id, ignore_missing=True, **query)``: the ``resource``
    whose id, or else name, is ``name_or_id`` (``Resource.find``); ``arg=`` renames
    the first argument (openstacksdk's ``find_qos_bandwidth_limit_rule(qos_rule_id,
    qos_policy)``)."""
    kind = resource.__name__
    first = arg or "name_or_id"

    def build(name: str) -> Callable[..., Any]:
        owner_arg = _parent_arg(parent, parent_arg) if parent is not None else None

        def method(
            self: Proxy,
            name_or_id: Any = _UNSET,
            *args: Any,
            **query: Any,
        ) -> R | None:
            target = _take(name_or_id, query, first, name)
            rest = list(args)
            if parent is not None and owner_arg is not None:
                owner = rest.pop(0) if rest else _take(_UNSET, query, owner_arg, name)
                query[parent] = _parent_id(owner)
            ignore_missing = rest.pop(0) if rest else query.pop("ignore_missing", True)
            if rest:
                raise TypeError(f"{name}() takes too many positional arguments")
            return resource.find(self, target, ignore_missing=ignore_missing, **query)

        return method

    def describe(name: str) -> tuple[str, inspect.Signature]:
        params = [_SELF, _positional(first, "str")]
        if parent is not None:
            params.append(_positional(_parent_arg(parent, parent_arg)))
        params += [_IGNORE, _var("query")]
        doc = (
            f"The {kind} whose id, or else name, is ``{first}``; None when there is none "
            "and ``ignore_missing`` is true (else NotFoundException); DuplicateResource "
            f"when several have that name.\n\nQuery filters: {_filters(resource)}."
        )
        return doc, inspect.Signature(params, return_annotation=f"{kind} | None")

    return Method(resource, build, describe)


@overload
def creator(
    resource: type[R], *, base_path: str | None = None, parent: None = None
) -> Method[CreateCall[R]]: ...


@overload
def creator(
    resource: type[R], *, parent: str, parent_arg: str | None = None, base_path: str | None = None
) -> Method[ChildCreateCall[R]]: ...


def creator(
    resource: type[R],
    *,
    base_path: str | None = None,
    parent: str | None = None,
    parent_arg: str | None = None,
) -> Method[Any]:
    """Declare ``create_x(**attrs)``: create a ``resource`` from its attributes."""
    declared_path = base_path
    kind = resource.__name__

    def build(name: str) -> Callable[..., Any]:
        if parent is None:

            def method(self: Proxy, *, base_path: str | None = None, **attrs: Any) -> R:
                return self._create(resource, base_path=base_path or declared_path, **attrs)

            return method
        arg = _parent_arg(parent, parent_arg)

        def child_method(
            self: Proxy,
            parent_value: Any = _UNSET,
            /,
            *,
            base_path: str | None = None,
            **attrs: Any,
        ) -> R:
            attrs[parent] = _parent_id(_take(parent_value, attrs, arg, name))
            return self._create(resource, base_path=base_path or declared_path, **attrs)

        return child_method

    def describe(name: str) -> tuple[str, inspect.Signature]:
        params = [_SELF]
        if parent is not None:
            params.append(_positional(_parent_arg(parent, parent_arg)))
        params += [_BASE_PATH, _var("attrs")]
        doc = f"Create a {kind} from its attributes (as keyword arguments)."
        return doc, inspect.Signature(params, return_annotation=kind)

    return Method(resource, build, describe)


@overload
def updater(
    resource: type[R],
    *,
    base_path: str | None = None,
    if_revision: bool = False,
    parent: None = None,
    arg: str | None = None,
) -> Method[UpdateCall[R]]: ...


@overload
def updater(
    resource: type[R],
    *,
    parent: str,
    parent_arg: str | None = None,
    base_path: str | None = None,
    if_revision: bool = False,
    arg: str | None = None,
) -> Method[ChildUpdateCall[R]]: ...


def updater(
    resource: type[R],
    *,
    base_path: str | None = None,
    if_revision: bool = False,
    parent: str | None = None,
    parent_arg: str | None = None,
    arg: str | None = None,
) -> Method[Any]:
    """Declare ``update_x(x, **attrs)``: send the changed attributes of a ``resource``
    (``if_revision=True`` adds Neutron's revision check: ``if_revision=N`` makes the
    update conditional, 412 when the resource changed)."""
    declared_path = base_path
    kind = resource.__name__

    def build(name: str) -> Callable[..., Any]:
        first = arg or _noun(name, "update")
        owner_arg = _parent_arg(parent, parent_arg) if parent is not None else None

        def method(
            self: Proxy,
            value: Any = _UNSET,
            *args: Any,
            base_path: str | None = None,
            **attrs: Any,
        ) -> R:
            target = _take(value, attrs, first, name)
            rest = list(args)
            if parent is not None and owner_arg is not None:
                owner = rest.pop(0) if rest else _take(_UNSET, attrs, owner_arg, name)
                attrs[parent] = _parent_id(owner)
            revision = None
            if if_revision:
                revision = rest.pop(0) if rest else attrs.pop("if_revision", None)
            if rest:
                raise TypeError(f"{name}() takes too many positional arguments")
            return self._update(
                resource,
                target,
                base_path=base_path or declared_path,
                if_revision=revision,
                **attrs,
            )

        return method

    def describe(name: str) -> tuple[str, inspect.Signature]:
        params = [_SELF, _positional(arg or _noun(name, "update"))]
        if parent is not None:
            params.append(_positional(_parent_arg(parent, parent_arg)))
        if if_revision:
            params.append(_IF_REVISION)
        params += [_BASE_PATH, _var("attrs")]
        doc = f"Change attributes of a {kind} (id or object); only changed ones are sent."
        if if_revision:
            doc += (
                " ``if_revision`` makes it conditional on the resource's revision_number "
                "(PreconditionFailedException when it changed)."
            )
        return doc, inspect.Signature(params, return_annotation=kind)

    return Method(resource, build, describe)


@overload
def deleter(
    resource: type[Resource],
    *,
    if_revision: bool = False,
    parent: None = None,
    arg: str | None = None,
) -> Method[DeleteCall]: ...


@overload
def deleter(
    resource: type[Resource],
    *,
    parent: str,
    parent_arg: str | None = None,
    if_revision: bool = False,
    arg: str | None = None,
) -> Method[ChildDeleteCall]: ...


def deleter(
    resource: type[Resource],
    *,
    if_revision: bool = False,
    parent: str | None = None,
    parent_arg: str | None = None,
    arg: str | None = None,
) -> Method[Any]:
    """Declare ``delete_x(x, ignore_missing=True)``: delete a ``resource``; a missing
    one is ignored unless ``ignore_missing=False`` (then NotFoundException)."""
    kind = resource.__name__

    def build(name: str) -> Callable[..., Any]:
        first = arg or _noun(name, "delete")
        owner_arg = _parent_arg(parent, parent_arg) if parent is not None else None

        def method(self: Proxy, value: Any = _UNSET, *args: Any, **kwargs: Any) -> None:
            target = _take(value, kwargs, first, name)
            rest = list(args)
            attrs: dict[str, Any] = {}
            if parent is not None and owner_arg is not None:
                owner = rest.pop(0) if rest else _take(_UNSET, kwargs, owner_arg, name)
                attrs[parent] = _parent_id(owner)
            ignore_missing = rest.pop(0) if rest else kwargs.pop("ignore_missing", True)
            revision = None
            if if_revision:
                revision = rest.pop(0) if rest else kwargs.pop("if_revision", None)
            if rest or kwargs:
                extra = sorted(kwargs) or "positional arguments"
                raise TypeError(f"{name}() got unexpected {extra}")
            self._delete(
                resource, target, ignore_missing=ignore_missing, if_revision=revision, **attrs
            )

        return method

    def describe(name: str) -> tuple[str, inspect.Signature]:
        params = [_SELF, _positional(arg or _noun(name, "delete"))]
        if parent is not None:
            params.append(_positional(_parent_arg(parent, parent_arg)))
        params.append(_IGNORE)
        if if_revision:
            params.append(_IF_REVISION)
        doc = (
            f"Delete a {kind} (id or object); a missing one is ignored unless "
            "``ignore_missing=False`` (then NotFoundException)."
        )
        return doc, inspect.Signature(params, return_annotation="None")

    return Method(resource, build, describe)
