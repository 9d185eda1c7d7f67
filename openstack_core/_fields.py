"""Attribute descriptors of a Resource and the conversions between JSON and Python.

A field maps a PEP 8 attribute name to where the value lives in the server's answer:
the JSON body (:class:`Body`), a header (:class:`Header`), every header with a prefix
(:class:`HeaderDict`), a path parameter (:class:`URI`) or nowhere on the server
(:class:`Computed`). Reading converts lazily: a listing wraps the server's dicts and
pays for a conversion only when an attribute is read.

Each kind accepts only the options it honours; any other raises ``TypeError`` when the
class is defined, so a declaration never silently means less than it says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, overload

from requests.structures import CaseInsensitiveDict

from openstack_core import exceptions

if TYPE_CHECKING:
    from typing import Self

    from openstack_core._resource_base import ResourceBase

__all__ = ["REMOVE", "URI", "Body", "Computed", "Field", "Header", "HeaderDict"]

if TYPE_CHECKING:
    # A field declared without type= holds Any: the default keeps mypy --strict from
    # asking plugin authors to annotate every Body("name").
    from typing_extensions import TypeVar

    T = TypeVar("T", default=Any)
else:
    from typing import TypeVar

    T = TypeVar("T")


class _Remove:
    """The type of :data:`REMOVE`."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "resource.REMOVE"

    def __reduce__(self) -> str:
        return "REMOVE"


#: Returned by :meth:`Resource.value_for_server` (or assigned through it) to remove a
#: key from the body instead of storing a value; a JSON patch then sends ``remove``.
REMOVE: Any = _Remove()

_PLAIN = frozenset((str, int, float, bool))
_TRUE = frozenset(("true", "1", "yes", "on"))


def convert(type_: Any, value: Any, list_type: Any) -> Any:
    """Turn a raw JSON value into the declared type; a value that won't convert is kept."""
    if type_ is bool:
        if isinstance(value, str):
            return value.strip().lower() in _TRUE
        return bool(value)
    if type_ is list:
        if list_type is not None and isinstance(value, list):
            return [convert(list_type, v, None) for v in value]
        return value
    if isinstance(type_, type) and isinstance(value, type_):
        return value
    if isinstance(type_, type) and issubclass(type_, _base.ResourceBase):
        return type_._from_body(value) if isinstance(value, dict) else value
    try:
        return type_(value)
    except (TypeError, ValueError):
        return value


def to_wire(type_: Any, value: Any) -> Any:
    """What is stored in the body when an attribute is set."""
    cls = value.__class__
    if cls in _PLAIN and (type_ is None or type_ is cls):
        return value  # the common case, first: a JSON scalar that already has its type
    if value is None or value is REMOVE:
        return value
    ResourceBase = _base.ResourceBase  # noqa: N806 (a class, read once)
    if isinstance(value, ResourceBase):
        return value._body
    if type_ in (int, float, str) and not isinstance(value, type_):
        return type_(value)
    if type_ is bool and isinstance(value, str):
        return value.strip().lower() in _TRUE
    if cls is list and any(isinstance(v, ResourceBase) for v in value):
        # Nested Resources (list_type=SomeResource) are sent as their JSON dicts.
        return [v._body if isinstance(v, ResourceBase) else v for v in value]
    return value


def write_body(instance: ResourceBase, name: str, value: Any) -> None:
    """Record a change of body key ``name`` (``REMOVE`` removes the key).

    A value (not a removal) first goes through the resource's ``value_for_server`` hook. The first
    change of a key remembers its previous value, from which a JSON patch is computed.
    """
    if value is not REMOVE:
        value = instance.value_for_server(name, value)
    body = instance._body
    dirty = instance._dirty
    if dirty is None:
        dirty = instance._dirty = {}
    if name not in dirty:
        dirty[name] = body.get(name, REMOVE)
    if value is REMOVE:
        body.pop(name, None)
    else:
        body[name] = value


class Field(Generic[T]):
    """Base of the attribute descriptors; ``name`` is the server-side name.

    Field kinds are the core's: a plugin declares fields with the kinds below and
    their options, never by subclassing (the plugin API lists what each accepts).
    """

    __slots__ = (
        "alias",
        "alternate_id",
        "attr",
        "default",
        "fallback",
        "list_type",
        "name",
        "type",
    )

    #: The options this kind honours besides ``name``; others are refused.
    options: frozenset[str] = frozenset()

    @overload
    def __init__(
        self,
        name: str,
        *,
        type: None = None,
        default: Any = None,
        alias: str | None = None,
        list_type: Any = None,
        alternate_id: bool = False,
        fallback: Callable[[Mapping[str, Any]], Any] | None = None,
    ) -> None: ...

    @overload
    def __init__(
        self: Field[T],
        name: str,
        *,
        type: type[T] | Callable[[Any], T],
        default: Any = None,
        alias: str | None = None,
        list_type: Any = None,
        alternate_id: bool = False,
        fallback: Callable[[Mapping[str, Any]], Any] | None = None,
    ) -> None: ...

    def __init__(
        self,
        name: str,
        *,
        type: Any = None,
        default: Any = None,
        alias: str | None = None,
        list_type: Any = None,
        alternate_id: bool = False,
        fallback: Callable[[Mapping[str, Any]], Any] | None = None,
    ) -> None:
        given = {
            "type": type is not None,
            "default": default is not None,
            "alias": alias is not None,
            "list_type": list_type is not None,
            "alternate_id": alternate_id,
            "fallback": fallback is not None,
        }
        refused = sorted(k for k, set_ in given.items() if set_ and k not in self.options)
        if refused:
            kind = self.__class__.__name__
            raise TypeError(
                f"{kind}({name!r}) does not support {', '.join(refused)}: a {kind} "
                f"field takes {', '.join(sorted(self.options)) or 'no options'}"
            )
        if list_type is not None and type is not list:
            raise TypeError(f"{self.__class__.__name__}({name!r}): list_type needs type=list")
        if alias is not None and fallback is not None:
            raise TypeError(
                f"{self.__class__.__name__}({name!r}): alias and fallback both say what "
                "to read when the key is absent; keep one"
            )
        self.name = name
        self.type = type
        self.default = default
        self.alias = alias
        self.list_type = list_type
        self.alternate_id = alternate_id
        self.fallback = fallback
        self.attr = name

    def __set_name__(self, owner: type, attr: str) -> None:
        self.attr = attr

    def conversion_error(
        self, owner: type, value: Any, exc: Exception
    ) -> exceptions.InvalidRequest:
        """The error for a value that cannot be stored: it names the class and field."""
        expected = getattr(self.type, "__name__", repr(self.type))
        return exceptions.InvalidRequest(
            f"{owner.__qualname__}.{self.attr} expects {expected}, got "
            f"{type(value).__name__} {value!r} ({exc})"
        )

    def absent(self, instance: ResourceBase) -> Any:
        """The value read when the server sent nothing: alias, then default."""
        if self.alias is not None:
            return getattr(instance, self.alias)
        default = self.default
        if isinstance(default, (list, dict, set)):
            return type(default)(default)  # never hand out the shared declaration object
        return default

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T | None: ...

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        raise NotImplementedError  # every kind defines its own

    def __set__(self, instance: Any, value: Any) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


class Body(Field[T]):
    """An attribute kept in the JSON body under the server-side ``name``.

    ``type`` converts on read (``bool``, ``int``, ``list`` with ``list_type``, a Resource
    subclass for nested objects, or any callable); ``default`` is returned when the key is
    absent; ``alias`` names another attribute to read when this one is absent;
    ``fallback(body)`` computes the value from the rest of the raw body instead (e.g.
    the first of a list the server sends under an older name); ``alternate_id=True``
    makes this attribute the resource's id when the body has none (a name that
    identifies the resource, as Swift's containers or Nova's keypairs).
    """

    __slots__ = ()
    options = frozenset(("type", "default", "alias", "list_type", "alternate_id", "fallback"))

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T | None: ...

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        try:
            value = instance._body[self.name]
        except KeyError:
            if self.fallback is not None:
                return self.fallback(instance._body)
            return self.absent(instance)
        type_ = self.type
        # The common cases (no type, or the JSON value already has it) skip convert.
        if type_ is None or value is None or (value.__class__ is type_ and type_ is not list):
            return value
        return convert(type_, value, self.list_type)

    def __set__(self, instance: Any, value: Any) -> None:
        try:
            wire = to_wire(self.type, value)
        except (TypeError, ValueError) as exc:
            raise self.conversion_error(type(instance), value, exc) from exc
        write_body(instance, self.name, wire)

    def __delete__(self, instance: Any) -> None:
        write_body(instance, self.name, REMOVE)


class IdBody(Body[T]):
    """The ``id`` attribute: falls back to the class's ``alternate_id`` field."""

    __slots__ = ()

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T | None: ...

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance._body.get(self.name)
        if value is None:
            alternate = type(instance)._alternate_id
            if alternate is not None:
                return instance._body.get(alternate)
        return value


def _set_header(instance: Any, name: str, value: Any) -> None:
    headers = CaseInsensitiveDict(instance._headers or {})
    headers[name] = value
    instance._headers = headers
    instance._dirty_headers = {*(instance._dirty_headers or ()), name}


class Header(Field[T]):
    """An attribute carried in an HTTP header (case-insensitive ``name``).

    Setting it sends the header with the next create or commit; ``type`` converts the
    header's text on read, ``alias`` reads another attribute when the header is absent.
    """

    __slots__ = ()
    options = frozenset(("type", "default", "alias", "list_type"))

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T | None: ...

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        headers = instance._headers
        value = headers.get(self.name) if headers is not None else None
        if value is None:
            return self.absent(instance)
        return value if self.type is None else convert(self.type, value, self.list_type)

    def __set__(self, instance: Any, value: Any) -> None:
        _set_header(instance, self.name, value)


class HeaderDict(Field[dict[str, str]]):
    """Every header whose name starts with ``prefix``, as a dict without the prefix.

    ``metadata = HeaderDict("X-Container-Meta-")`` reads ``X-Container-Meta-Color: red``
    as ``{"Color": "red"}``. Setting a dict sends one header per key with the next
    create or commit; a key set to ``None`` is sent with an empty value, which is how
    Swift removes a metadata key. Header names are case-insensitive: compare keys
    with ``.lower()``.
    """

    __slots__ = ()
    options = frozenset()

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> dict[str, str]: ...

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        headers = instance._headers
        if not headers:
            return {}
        prefix = self.name.lower()
        size = len(prefix)
        return {
            name[size:]: value for name, value in headers.items() if name.lower().startswith(prefix)
        }

    def __set__(self, instance: Any, value: Any) -> None:
        if not isinstance(value, Mapping):
            raise exceptions.InvalidRequest(
                f"{type(instance).__qualname__}.{self.attr} takes a mapping of header "
                f"names (without {self.name!r}) to values, not {type(value).__name__}"
            )
        for key, item in value.items():
            _set_header(instance, f"{self.name}{key}", "" if item is None else str(item))


class URI(Field[T]):
    """A path parameter of ``base_path`` (``%(name)s``), e.g. the parent server's id."""

    __slots__ = ()
    options = frozenset(("default", "alias"))

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T | None: ...

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        uri = instance._uri
        value = uri.get(self.name) if uri is not None else None
        if value is None:
            return self.absent(instance)
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        # Copy on write: list() shares one dict between all the items of a listing.
        instance._uri = {**(instance._uri or {}), self.name: value}


class Computed(Field[T]):
    """A client-side attribute that is never sent to the server."""

    __slots__ = ()
    options = frozenset(("type", "default", "alias"))

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T | None: ...

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        computed = instance._computed
        value = computed.get(self.name) if computed is not None else None
        if value is None:
            return self.absent(instance)
        return value if self.type is None else convert(self.type, value, None)

    def __set__(self, instance: Any, value: Any) -> None:
        instance._computed = {**(instance._computed or {}), self.name: value}


# Last: _resource_base imports this module, and conversions need its class at call time.
from openstack_core import _resource_base as _base  # noqa: E402
