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

Each declaration is a descriptor that holds a real function made for it (see
:mod:`openstack_core._crud_templates`) the first time it is looked up, so a Proxy of a
hundred declarations is defined as fast as one of a few: on an instance it binds as
any method, on the class it is that function, so ``help()`` and ``inspect.signature``
read it as written, and type checkers see the call shape with the Resource type
(``conn.network.get_network(...)`` is a ``Network``). The Resource may be a lazy
reference (``resource.lazy``), imported at that first lookup. To do more, define the
method yourself in the Proxy: your definition replaces the declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from types import MethodType
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

from openstack_core import _lazy
from openstack_core._crud_templates import make
from openstack_core._resource import Resource

if TYPE_CHECKING:
    # Call shapes for type checkers only: defining their Protocols costs a process
    # about 0.3 ms, which the first conn.<service> would pay.
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

__all__ = ["Method", "creator", "deleter", "finder", "getter", "lister", "updater"]

R = TypeVar("R", bound=Resource)
C = TypeVar("C")


class Method(Generic[C]):
    """A declared Proxy method: a descriptor giving a bound method typed as ``C``.

    ``function`` is the function made for the declaration; ``resource`` the Resource it
    serves. The function is made, and its docstring written, the first time the method
    is looked up (a Proxy declares dozens of methods and a program calls a few): a
    declaration costs its class nothing more than a name. One may name a lazy reference
    (``resource.lazy(...)``): its class is imported then.
    """

    __slots__ = ("_function", "_name", "_owner", "_template", "_variant", "resource")

    def __init__(self, resource: type[Resource], template: str, variant: _Variant) -> None:
        self.resource = resource
        self._template = template
        self._variant = variant
        self._function: Callable[..., Any] | None = None
        self._owner: type | None = None
        self._name = ""

    @property
    def function(self) -> Callable[..., Any]:
        """The function made for the declaration (what the class attribute is)."""
        return self._function or self._make()

    def __set_name__(self, owner: type, name: str) -> None:
        self._owner = owner
        self._name = name
        self._function = None

    def _make(self) -> Callable[..., Any]:
        """Make the function: the Resource's class (imported now if the declaration
        named a lazy reference) in its closure, its filters in the docstring."""
        owner, name = self._owner, self._name
        if owner is None:
            return _undeclared
        variant = self._variant
        resource = self.resource = _lazy.resolved(self.resource)
        kind = resource.__name__
        function = make(
            self._template,
            name=name,
            qualname=f"{owner.__qualname__}.{name}",
            module=owner.__module__,
            doc=variant.doc(kind, resource),
            names=variant.names(name),
            closure={
                "resource": resource,
                "declared_path": variant.base_path,
                "parent_attr": variant.parent,
            },
            annotations=variant.annotations(kind),
        )
        self._function = function
        return function

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Callable[..., Any]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> C: ...

    def __get__(self, instance: object, owner: type | None = None) -> Any:
        # On the class, the plain function (what help(), inspect and documentation
        # tools expect of a method); on an instance, a bound method.
        function = self._function or self._make()
        if instance is None:
            return function
        return MethodType(function, instance)

    def __repr__(self) -> str:
        owner = self._owner.__qualname__ + "." if self._owner is not None else ""
        return f"<crud method {owner}{self._name or '?'} of {self.resource.__name__}>"


def _undeclared(*args: Any, **kwargs: Any) -> Any:
    raise TypeError("a crud method must be declared in a class body (name = crud.getter(...))")


def _filters(resource: type[Resource]) -> str:
    names = [n for n in resource._query_mapping.names if n not in ("limit", "marker")]
    return ", ".join(f"``{n}``" for n in names) or "none"


class _Variant:
    """What distinguishes one declaration: the verb, the parent, the argument names."""

    __slots__ = ("arg", "base_path", "parent", "parent_arg", "returns", "summary", "verb")

    def __init__(
        self,
        verb: str,
        summary: str,
        returns: str,
        *,
        base_path: str | None = None,
        parent: str | None = None,
        parent_arg: str | None = None,
        arg: str | None = None,
    ) -> None:
        self.verb = verb
        self.summary = summary
        self.returns = returns
        self.base_path = base_path
        self.parent = parent
        self.parent_arg = parent_arg or (parent.removesuffix("_id") if parent else None)
        self.arg = arg

    def names(self, method: str) -> dict[str, str]:
        """The placeholder argument names and the ones this method takes."""
        names = {}
        if self.verb == "find":
            if self.arg:
                names["name_or_id"] = self.arg
        elif self.verb:
            prefix = self.verb + "_"
            names["value"] = self.arg or (
                method[len(prefix) :] if method.startswith(prefix) else "value"
            )
        if self.parent_arg:
            names["parent"] = self.parent_arg
        return names

    def annotations(self, kind: str) -> dict[str, str]:
        """Annotations as strings, for help() and inspect."""
        return {
            "value": "Any",
            "parent": "Any",
            "name_or_id": "str",
            "ignore_missing": "bool",
            "if_revision": "int | None",
            "fields": "list[str] | None",
            "base_path": "str | None",
            "return": self.returns.format(kind=kind),
        }

    def doc(self, kind: str, resource: type[Resource]) -> str:
        """The method's docstring."""
        return self.summary.replace("{kind}", kind).replace("{filters}", _filters(resource))


_LIST = (
    "Iterate over {kind} resources{of}.\n\nQuery filters: {filters}; ``limit`` is the page "
    "size, ``max_items`` the total number yielded."
)
_GET = "Get one {kind} by id or object; a missing one raises NotFoundException."
_FIELDS = " ``fields`` names the attributes to fetch (the others read as unset)."
_FIND = (
    "The {kind} whose id, or else name, is ``name_or_id``; None when there is none and "
    "``ignore_missing`` is true (else NotFoundException); DuplicateResource when several "
    "have that name.\n\nQuery filters: {filters}."
)
_CREATE = "Create a {kind} from its attributes (as keyword arguments)."
_UPDATE = "Change attributes of a {kind} (id or object); only changed ones are sent."
_REVISION = (
    " ``if_revision`` makes it conditional on the resource's revision_number "
    "(PreconditionFailedException when it changed)."
)
_DELETE = (
    "Delete a {kind} (id or object); a missing one is ignored unless "
    "``ignore_missing=False`` (then NotFoundException)."
)


def _of(parent: str | None, parent_arg: str | None) -> str:
    if parent is None:
        return ""
    name = parent_arg or parent.removesuffix("_id")
    return f" of a {name} (id or object)"


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
    summary = _LIST.replace("{of}", _of(parent, parent_arg))
    variant = _Variant(
        "",
        summary,
        "Iterator[{kind}]",
        base_path=base_path,
        parent=parent,
        parent_arg=parent_arg,
    )
    return Method(resource, "child_lister" if parent else "lister", variant)


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
    if fields and parent is not None:
        raise TypeError("crud.getter: fields=True is for resources without a parent")
    variant = _Variant(
        "get",
        _GET + (_FIELDS if fields else ""),
        "{kind}",
        base_path=base_path,
        parent=parent,
        parent_arg=parent_arg,
        arg=arg,
    )
    template = "child_getter" if parent else ("fields_getter" if fields else "getter")
    return Method(resource, template, variant)


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
    whose id, or else name, is ``name_or_id`` (``Resource.find``); ``arg=`` names
    that first argument otherwise (``qos_rule_id``)."""
    variant = _Variant(
        "find", _FIND, "{kind} | None", parent=parent, parent_arg=parent_arg, arg=arg
    )
    return Method(resource, "child_finder" if parent else "finder", variant)


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
    variant = _Variant(
        "", _CREATE, "{kind}", base_path=base_path, parent=parent, parent_arg=parent_arg
    )
    return Method(resource, "child_creator" if parent else "creator", variant)


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
    variant = _Variant(
        "update",
        _UPDATE + (_REVISION if if_revision else ""),
        "{kind}",
        base_path=base_path,
        parent=parent,
        parent_arg=parent_arg,
        arg=arg,
    )
    template = ("child_" if parent else "") + ("revision_" if if_revision else "") + "updater"
    return Method(resource, template, variant)


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
    variant = _Variant(
        "delete",
        _DELETE + (_REVISION if if_revision else ""),
        "None",
        parent=parent,
        parent_arg=parent_arg,
        arg=arg,
    )
    template = ("child_" if parent else "") + ("revision_" if if_revision else "") + "deleter"
    return Method(resource, template, variant)
