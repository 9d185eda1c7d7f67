"""Declarative REST resources: the building block of every service plugin.

A Resource subclass declares where it lives and what it holds::

    class Flavor(resource.Resource):
        resource_key = "flavor"
        resources_key = "flavors"
        base_path = "/flavors"
        allow_create = allow_fetch = allow_delete = allow_list = True
        _query_mapping = resource.QueryParameters("sort_key", is_public="is_public")
        _max_microversion = "2.61"

        name = resource.Body("name")
        is_public = resource.Body("os-flavor-access:is_public", type=bool)

An instance wraps the decoded JSON dict of the server's answer and converts a value only
when the attribute is read, so building one costs about as much as keeping the dict.
Everything that depends only on the class (field tables, path parameters, checks) is
computed once, when the class is defined, and a badly declared class raises ``TypeError``
right there.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar
from urllib.parse import quote

from requests.structures import CaseInsensitiveDict

from openstack_core import exceptions
from openstack_core.pagination import LinksPagination, Pagination

if TYPE_CHECKING:
    import requests

    from openstack_core.proxy import Proxy

__all__ = [
    "URI",
    "Body",
    "Computed",
    "Header",
    "QueryParameters",
    "Resource",
    "csv",
    "quote_segment",
    "wait_for_delete",
    "wait_for_status",
]

R = TypeVar("R", bound="Resource")

_MISSING: Any = object()
_PATH_PARAM = re.compile(r"%\((\w+)\)s")
_MICROVERSION = re.compile(r"^\d+\.\d+$")
_COMMIT_METHODS = ("PUT", "PATCH", "POST")
_CREATE_METHODS = ("POST", "PUT")


def quote_segment(value: object) -> str:
    """Percent-encode one path segment so that no value can leave its place in the URL.

    Slashes, ``?``, ``#`` and ``%`` are encoded. The dot segments ``.`` and ``..`` are
    refused: ``requests`` decodes ``%2E`` back to ``.``, and a dot segment would address
    the parent collection, so no encoding keeps them in place.
    """
    text = quote(str(value), safe="")
    if text in (".", ".."):
        raise exceptions.InvalidRequest(
            f"{value!r} cannot be used as a path segment: it would address the parent "
            "URL instead of a resource"
        )
    return text


def csv(value: Any) -> str:
    """Query formatter for parameters that take a comma-separated list (e.g. tags)."""
    if isinstance(value, str):
        return value
    return ",".join(str(v) for v in value)


def _convert(type_: Any, value: Any, list_type: Any) -> Any:
    """Turn a raw JSON value into the declared type; a value that won't convert is kept."""
    if type_ is bool:
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes", "on")
        return bool(value)
    if type_ is list:
        if list_type is not None and isinstance(value, list):
            return [_convert(list_type, v, None) for v in value]
        return value
    if isinstance(type_, type) and isinstance(value, type_):
        return value
    if isinstance(type_, type) and issubclass(type_, Resource):
        return type_._from_body(value) if isinstance(value, dict) else value
    try:
        return type_(value)
    except (TypeError, ValueError):
        return value


_PLAIN = frozenset((str, int, float, bool))


def _to_wire(type_: Any, value: Any) -> Any:
    """What is stored in the body when an attribute is set."""
    cls = value.__class__
    if cls in _PLAIN and (type_ is None or type_ is cls):
        return value  # the common case, first: a JSON scalar that already has its type
    if value is None:
        return None
    if isinstance(value, Resource):
        return value._body
    if type_ in (int, float, str) and not isinstance(value, type_):
        return type_(value)
    if type_ is bool and isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes", "on")
    if cls is list and any(isinstance(v, Resource) for v in value):
        # Nested Resources (list_type=SomeResource) are sent as their JSON dicts.
        return [v._body if isinstance(v, Resource) else v for v in value]
    return value


class _Field:
    """Base of the attribute descriptors; ``name`` is the server-side name."""

    __slots__ = ("alias", "alternate_id", "attr", "default", "list_type", "name", "type")

    def __init__(
        self,
        name: str,
        *,
        type: Any = None,
        default: Any = None,
        alias: str | None = None,
        list_type: Any = None,
        alternate_id: bool = False,
    ) -> None:
        self.name = name
        self.type = type
        self.default = default
        self.alias = alias
        self.list_type = list_type
        self.alternate_id = alternate_id
        self.attr = name

    def __set_name__(self, owner: type, attr: str) -> None:
        self.attr = attr

    def _conversion_error(
        self, owner: type, value: Any, exc: Exception
    ) -> exceptions.InvalidRequest:
        """The error for a value that ``_to_wire`` cannot store: it names the field."""
        expected = getattr(self.type, "__name__", repr(self.type))
        return exceptions.InvalidRequest(
            f"{owner.__qualname__}.{self.attr} expects {expected}, got "
            f"{type(value).__name__} {value!r} ({exc})"
        )

    def _default(self) -> Any:
        default = self.default
        if isinstance(default, (list, dict, set)):
            return type(default)(default)  # never hand out the shared declaration object
        return default

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


class Body(_Field):
    """An attribute kept in the JSON body under the server-side ``name``.

    ``type`` converts on read (``bool``, ``int``, ``list`` with ``list_type``, a Resource
    subclass for nested objects, or any callable); ``default`` is returned when the key is
    absent; ``alias`` names another attribute to read when this one is absent;
    ``alternate_id=True`` makes this attribute the resource's id when the body has none.
    """

    __slots__ = ()

    def __get__(self, instance: Resource | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        try:
            value = instance._body[self.name]
        except KeyError:
            if self.alias is not None:
                return getattr(instance, self.alias)
            return self._default()
        type_ = self.type
        # The common cases (no type, or the JSON value already has it) skip _convert.
        if type_ is None or value is None or (value.__class__ is type_ and type_ is not list):
            return value
        return _convert(type_, value, self.list_type)

    def __set__(self, instance: Resource, value: Any) -> None:
        try:
            wire = _to_wire(self.type, value)
        except (TypeError, ValueError) as exc:
            raise self._conversion_error(type(instance), value, exc) from exc
        instance._write_body(self.name, wire)

    def __delete__(self, instance: Resource) -> None:
        instance._write_body(self.name, _MISSING)


class _IdBody(Body):
    """The ``id`` attribute: falls back to the class's ``alternate_id`` field."""

    __slots__ = ()

    def __get__(self, instance: Resource | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = instance._body.get(self.name)
        if value is None:
            alternate = type(instance)._alternate_id
            if alternate is not None:
                return instance._body.get(alternate)
        return value


class Header(_Field):
    """An attribute carried in an HTTP header (case-insensitive ``name``)."""

    __slots__ = ()

    def __get__(self, instance: Resource | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        headers = instance._headers
        value = headers.get(self.name) if headers is not None else None
        if value is None:
            return self._default()
        return value if self.type is None else _convert(self.type, value, self.list_type)

    def __set__(self, instance: Resource, value: Any) -> None:
        headers = CaseInsensitiveDict(instance._headers or {})
        headers[self.name] = value
        instance._headers = headers
        instance._dirty_headers = {*(instance._dirty_headers or ()), self.name}


class URI(_Field):
    """A path parameter of ``base_path`` (``%(name)s``), e.g. the parent server's id."""

    __slots__ = ()

    def __get__(self, instance: Resource | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        uri = instance._uri
        value = uri.get(self.name) if uri is not None else None
        if value is None:
            return self._default()
        return value

    def __set__(self, instance: Resource, value: Any) -> None:
        # Copy on write: list() shares one dict between all the items of a listing.
        instance._uri = {**(instance._uri or {}), self.name: value}


class Computed(_Field):
    """A client-side attribute that is never sent to the server."""

    __slots__ = ()

    def __get__(self, instance: Resource | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        computed = instance._computed
        value = computed.get(self.name) if computed is not None else None
        return self._default() if value is None else value

    def __set__(self, instance: Resource, value: Any) -> None:
        instance._computed = {**(instance._computed or {}), self.name: value}


class QueryParameters:
    """The query filters a resource's list call accepts.

    Positional names are sent as they are; keyword arguments map a client name to the
    server's (``changes_since="changes-since"``) or to ``{"name": ..., "type": formatter}``
    (``tags={"name": "tags", "type": resource.csv}``). ``limit`` and ``marker`` are
    included unless ``include_pagination_defaults=False``.
    """

    __slots__ = ("_formatters", "_mapping")

    def __init__(
        self, *names: str, include_pagination_defaults: bool = True, **mappings: Any
    ) -> None:
        mapping: dict[str, str] = {}
        formatters: dict[str, Callable[[Any], Any]] = {}
        if include_pagination_defaults:
            mapping.update(limit="limit", marker="marker")
        for name in names:
            mapping[name] = name
        for client, server in mappings.items():
            if isinstance(server, dict):
                mapping[client] = server.get("name", client)
                if server.get("type") is not None:
                    formatters[client] = server["type"]
            else:
                mapping[client] = server
        self._mapping = mapping
        self._formatters = formatters

    @property
    def names(self) -> list[str]:
        """The client-side names of every accepted filter."""
        return sorted(self._mapping)

    def extend(self, *names: str, **mappings: Any) -> QueryParameters:
        """A copy with more filters; how subclasses add to their parent's filters."""
        new = QueryParameters(*names, include_pagination_defaults=False, **mappings)
        new._mapping = {**self._mapping, **new._mapping}
        new._formatters = {**self._formatters, **new._formatters}
        return new

    def transpose(
        self, query: Mapping[str, Any], owner: str, allow_unknown: bool = False
    ) -> dict[str, Any]:
        """Server-side query parameters for ``query``; ``None`` values are left out.

        Client or server names are accepted. An unknown filter raises
        :class:`~openstack_core.exceptions.InvalidResourceQuery` naming the valid ones.
        """
        result: dict[str, Any] = {}
        server_names = set(self._mapping.values())
        for key, value in query.items():
            if value is None:
                continue
            if key in self._mapping:
                formatter = self._formatters.get(key)
                result[self._mapping[key]] = formatter(value) if formatter else value
            elif key in server_names or allow_unknown:
                result[key] = value
            else:
                raise exceptions.InvalidResourceQuery(
                    f"{owner} has no query filter {key!r}; valid filters: {', '.join(self.names)}"
                )
        return result


def _split_path_params(base_path: str) -> tuple[str, ...]:
    return tuple(_PATH_PARAM.findall(base_path))


class _ResourceMeta(type):
    """Gives every Resource subclass ``__slots__ = ()`` unless it declares its own.

    Without it each instance would carry a ``__dict__``, breaking the promise that a
    Resource costs about as much memory as the JSON dict it wraps.
    """

    def __new__(
        mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any], **kwargs: Any
    ) -> _ResourceMeta:
        namespace.setdefault("__slots__", ())
        return super().__new__(mcs, name, bases, namespace, **kwargs)


class Resource(metaclass=_ResourceMeta):
    """Base class of every REST resource; see the module docstring for an example.

    Class attributes a subclass sets:

    ``base_path``
        Collection path, with ``%(name)s`` path parameters declared as :class:`URI`.
    ``resource_key`` / ``resources_key``
        Envelope key of one resource / of a list (``"server"`` / ``"servers"``), or None.
    ``allow_create`` ... ``allow_patch``
        Which operations the service supports; others raise MethodNotSupported.
    ``commit_method``, ``commit_jsonpatch``, ``patch_media_type``
        How :meth:`commit` sends changes: the dirty body with PUT/POST/PATCH, or an RFC
        6902 JSON patch of only the changed paths when ``commit_jsonpatch`` is set.
    ``create_method``, ``create_requires_id``
        POST to the collection, or PUT to ``base_path/<id>``.
    ``requires_id``
        Whether fetch, commit and delete address ``base_path/<id>``.
    ``_query_mapping``, ``_max_microversion``, ``pagination``
        Accepted list filters, highest microversion understood, paging strategy.
    """

    __slots__ = (
        "__weakref__",
        "_body",
        "_computed",
        "_dirty",
        "_dirty_headers",
        "_headers",
        "_microversion",
        "_uri",
    )

    base_path: ClassVar[str] = ""
    resource_key: ClassVar[str | None] = None
    resources_key: ClassVar[str | None] = None
    allow_create: ClassVar[bool] = False
    allow_fetch: ClassVar[bool] = False
    allow_commit: ClassVar[bool] = False
    allow_delete: ClassVar[bool] = False
    allow_list: ClassVar[bool] = False
    allow_head: ClassVar[bool] = False
    allow_patch: ClassVar[bool] = False
    commit_method: ClassVar[str] = "PUT"
    commit_jsonpatch: ClassVar[bool] = False
    patch_media_type: ClassVar[str] = "application/json-patch+json"
    create_method: ClassVar[str] = "POST"
    create_requires_id: ClassVar[bool] = False
    create_exclude_id_from_body: ClassVar[bool] = False
    requires_id: ClassVar[bool] = True
    _query_mapping: ClassVar[QueryParameters] = QueryParameters()
    _max_microversion: ClassVar[str | None] = None
    pagination: ClassVar[Pagination] = LinksPagination()

    # Computed once per class by __init_subclass__.
    _fields: ClassVar[dict[str, _Field]] = {}
    _body_names: ClassVar[dict[str, str]] = {}
    _path_params: ClassVar[tuple[str, ...]] = ()
    _uri_names: ClassVar[dict[str, str]] = {}
    _alternate_id: ClassVar[str | None] = None

    id = _IdBody("id")
    name = Body("name")
    location = Computed("location")

    # Instance state (slots):
    _body: dict[str, Any]
    _dirty: dict[str, Any] | None  # server name -> value before the first change
    _headers: Mapping[str, Any] | None
    _dirty_headers: set[str] | None
    _uri: dict[str, Any] | None
    _computed: dict[str, Any] | None
    _microversion: str | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: dict[str, _Field] = {}
        for klass in reversed(cls.__mro__):
            for attr, value in vars(klass).items():
                if isinstance(value, _Field):
                    fields[attr] = value
                elif attr in fields and klass is cls:
                    raise TypeError(
                        f"{cls.__qualname__}.{attr} replaces the field "
                        f"{fields[attr]!r} with a non-field {type(value).__name__}"
                    )
        cls._fields = fields
        cls._check(fields)
        body_names: dict[str, str] = {}
        alternate = None
        for attr, field in fields.items():
            if type(field) in (Body, _IdBody):
                if field.alternate_id:
                    alternate = field.name
                if attr != "id" or field.name != "id":
                    body_names.setdefault(field.name, attr)
        cls._body_names = body_names
        cls._alternate_id = alternate
        cls._path_params = _split_path_params(cls.base_path)
        cls._uri_names = {f.name: a for a, f in fields.items() if isinstance(f, URI)}

    @classmethod
    def _check(cls, fields: dict[str, _Field]) -> None:
        """Reject declarations that would only fail later, at request time."""
        name = cls.__qualname__
        seen: dict[str, str] = {}
        for attr, field in fields.items():
            if attr in _RESERVED:
                raise TypeError(f"{name}.{attr}: a field may not shadow Resource.{attr}()")
            if field.alias is not None and field.alias not in fields:
                raise TypeError(f"{name}.{attr}: alias {field.alias!r} is not a field of {name}")
            if type(field) is Body and field.name in seen and attr != "id":
                raise TypeError(
                    f"{name}: fields {seen[field.name]!r} and {attr!r} both map the body key "
                    f"{field.name!r}; keep one and use alias= for the other name"
                )
            if type(field) is Body:
                seen.setdefault(field.name, attr)
        for attr, field in fields.items():
            # Reading an absent field follows its alias: a cycle would recurse forever.
            chain = [attr]
            target = field.alias
            while target is not None:
                if target in chain:
                    raise TypeError(
                        f"{name}.{attr}: alias cycle {' -> '.join([*chain, target])}; "
                        "an alias must end at a field that has none"
                    )
                chain.append(target)
                target = fields[target].alias
        uri_names = {f.name for f in fields.values() if isinstance(f, URI)}
        for param in _split_path_params(cls.base_path):
            if param not in uri_names:
                raise TypeError(
                    f"{name}.base_path {cls.base_path!r} uses %({param})s but {name} "
                    f"declares no URI({param!r}) field"
                )
        if cls.commit_method not in _COMMIT_METHODS:
            raise TypeError(f"{name}.commit_method must be one of {_COMMIT_METHODS}")
        if cls.create_method not in _CREATE_METHODS:
            raise TypeError(f"{name}.create_method must be one of {_CREATE_METHODS}")
        for key in ("resource_key", "resources_key"):
            value = getattr(cls, key)
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{name}.{key} must be a str or None, not {value!r}")
        mv = cls._max_microversion
        if mv is not None and not (isinstance(mv, str) and _MICROVERSION.match(mv)):
            raise TypeError(f"{name}._max_microversion must look like '2.61', not {mv!r}")
        if not isinstance(cls._query_mapping, QueryParameters):
            raise TypeError(f"{name}._query_mapping must be a QueryParameters instance")
        if not isinstance(cls.pagination, Pagination):
            raise TypeError(f"{name}.pagination must be a Pagination instance")

    # -- construction -------------------------------------------------------------------

    def __init__(self, /, **attrs: Any) -> None:
        # Positional-only self: bodies may have a "self" key (Glance's link to itself).
        self._body = {}
        self._dirty = None
        self._headers = None
        self._dirty_headers = None
        self._uri = None
        self._computed = None
        self._microversion = None
        self._update(attrs, dirty=True)

    @classmethod
    def new(cls: type[R], /, **attrs: Any) -> R:
        """A resource not yet saved: every given attribute is sent on create."""
        return cls(**attrs)

    @classmethod
    def existing(cls: type[R], /, connection: Any = None, **attrs: Any) -> R:
        """A resource that exists on the server (nothing is dirty); ``connection`` is
        accepted for openstacksdk compatibility and ignored."""
        res = cls._from_body({})
        res._update(attrs, dirty=False)
        return res

    @classmethod
    def _from_body(
        cls: type[R],
        body: dict[str, Any],
        uri: dict[str, Any] | None = None,
        microversion: str | None = None,
    ) -> R:
        """Wrap a decoded server dict without copying it: the hot path of listing."""
        self = object.__new__(cls)
        self._body = body
        self._dirty = None
        self._headers = None
        self._dirty_headers = None
        self._uri = uri
        self._computed = None
        self._microversion = microversion
        return self

    def _update(self, attrs: Mapping[str, Any], dirty: bool = True) -> None:
        """Set attributes by Python name (or a body's server-side name)."""
        fields = self._fields
        for key, value in attrs.items():
            attr: str | None = key
            field = fields.get(key)
            if field is None:
                attr = self._body_names.get(key) or self._uri_names.get(key)
                field = fields.get(attr) if attr else None
            if field is None:
                self._unknown_attr(key, value, dirty)
                continue
            if isinstance(field, Body) and (attr == "id" or not dirty):
                # The id is identity, never part of a change; existing() is not a change.
                try:
                    self._body[field.name] = _to_wire(field.type, value)
                except (TypeError, ValueError) as exc:
                    raise field._conversion_error(type(self), value, exc) from exc
            elif not dirty and isinstance(field, Header):
                headers = CaseInsensitiveDict(self._headers or {})
                headers[field.name] = value
                self._headers = headers
            else:
                field.__set__(self, value)  # type: ignore[attr-defined]

    def _unknown_attr(self, key: str, value: Any, dirty: bool) -> None:
        """Called for a keyword that is no declared field; subclasses may keep it."""
        raise TypeError(
            f"{type(self).__qualname__} has no attribute {key!r}; known attributes: "
            f"{', '.join(sorted(self._fields))}"
        )

    def _write_body(self, name: str, value: Any) -> None:
        """Record a change to body key ``name`` (``_MISSING`` removes the key)."""
        body = self._body
        dirty = self._dirty
        if dirty is None:
            dirty = self._dirty = {}
        if name not in dirty:
            dirty[name] = body.get(name, _MISSING)
        if value is _MISSING:
            body.pop(name, None)
        else:
            body[name] = value

    # -- introspection ------------------------------------------------------------------

    @property
    def microversion(self) -> str | None:
        """The microversion the last request for this resource used."""
        return self._microversion

    @property
    def is_dirty(self) -> bool:
        """Whether there are unsaved changes."""
        return bool(self._dirty) or bool(self._dirty_headers)

    def to_dict(
        self,
        body: bool = True,
        headers: bool = True,
        computed: bool = True,
        ignore_none: bool = False,
        original_names: bool = False,
    ) -> dict[str, Any]:
        """The declared attributes as a plain dict (nested Resources become dicts).

        ``original_names=True`` gives the server-side names instead.
        """
        result: dict[str, Any] = {}
        for attr, field in self._fields.items():
            kind = type(field)
            if (
                (not body and kind in (Body, _IdBody))
                or (not headers and kind is Header)
                or (not computed and kind is Computed)
            ):
                continue
            value = getattr(self, attr)
            if isinstance(value, Resource):
                value = value.to_dict(ignore_none=ignore_none, original_names=original_names)
            elif isinstance(value, list):
                value = [
                    v.to_dict(ignore_none=ignore_none, original_names=original_names)
                    if isinstance(v, Resource)
                    else v
                    for v in value
                ]
            if ignore_none and value is None:
                continue
            result[field.name if original_names else attr] = value
        return result

    def __getitem__(self, key: str) -> Any:
        """openstacksdk's dict-style read access: ``server["name"]``."""
        if key in self._fields:
            return getattr(self, key)
        if key in self._body_names:
            return getattr(self, self._body_names[key])
        raise KeyError(key)

    def __repr__(self) -> str:
        # Only the type, id and name: never a body that may hold a password or key.
        cls = type(self)
        name = self._body.get("name")
        label = f", name={name!r}" if isinstance(name, str) else ""
        return f"{cls.__module__}.{cls.__qualname__}(id={self.id!r}{label})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Resource)
        return self._body == other._body and (self._uri or {}) == (other._uri or {})

    __hash__ = None  # type: ignore[assignment]

    # -- URLs ---------------------------------------------------------------------------

    @classmethod
    def _render_path(cls, base_path: str, uri: Mapping[str, Any] | None) -> str:
        if not cls._path_params and base_path == cls.base_path:
            return base_path
        values = {}
        for param in _split_path_params(base_path):
            value = uri.get(param) if uri else None
            if value is None or value == "":
                raise exceptions.InvalidRequest(
                    f"{cls.__qualname__} needs the path parameter {param!r} for "
                    f"{base_path!r}; pass {param}=..."
                )
            values[param] = quote_segment(value)
        return base_path % values

    def _url(self, base_path: str | None = None, requires_id: bool = True) -> str:
        path = self._render_path(base_path or self.base_path, self._uri)
        if not requires_id:
            return path
        id_ = self.id
        if id_ is None or id_ == "":
            raise exceptions.InvalidRequest(
                f"{type(self).__qualname__} has no id; set one, or use find() by name"
            )
        return f"{path.rstrip('/')}/{quote_segment(id_)}"

    def resource_path(
        self, *segments: object, base_path: str | None = None, requires_id: bool = True
    ) -> str:
        """This resource's path relative to the endpoint, for requests of your own.

        ``base_path`` (default the class's) with its path parameters filled in, then the
        id unless ``requires_id=False``, then ``segments``; the id, parameters and each
        segment are percent-encoded, so ``resource_path("os-extra_specs", key)`` gives
        ``/flavors/<id>/os-extra_specs/<key>`` for any ``key``.
        """
        path = self._url(base_path, requires_id)
        if not segments:
            return path
        return "/".join([path.rstrip("/"), *(quote_segment(s) for s in segments)])

    # -- requests -----------------------------------------------------------------------

    @classmethod
    def _check_allowed(cls, action: str) -> None:
        if not getattr(cls, f"allow_{action}"):
            raise exceptions.MethodNotSupported(cls, action)

    @classmethod
    def _decode(cls, response: requests.Response) -> Any:
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            request = response.request
            raise exceptions.InvalidResponse(
                f"{request.method} {request.url} answered HTTP {response.status_code} "
                f"with a body that is not JSON ({response.headers.get('Content-Type')})",
                response,
            ) from exc

    @classmethod
    def extract_one(cls, data: Any) -> Any:
        """The resource's dict in a decoded response body (public translation hook).

        The default unwraps ``resource_key`` when present; plugins override it for
        services with unusual envelopes.
        """
        if cls.resource_key and isinstance(data, dict) and cls.resource_key in data:
            return data[cls.resource_key]
        return data

    @classmethod
    def extract_list(cls, data: Any) -> list[Any]:
        """The list of raw items in one decoded page (public translation hook)."""
        if cls.resources_key:
            if not isinstance(data, dict) or cls.resources_key not in data:
                keys = sorted(data) if isinstance(data, dict) else type(data).__name__
                raise exceptions.InvalidResponse(
                    f"{cls.__qualname__}: expected key {cls.resources_key!r} in the list "
                    f"response, got {keys}"
                )
            items = data[cls.resources_key]
        else:
            items = data
        if not isinstance(items, list):
            raise exceptions.InvalidResponse(
                f"{cls.__qualname__}: the list response holds {type(items).__name__}, not a list"
            )
        return items

    def _translate(self, response: requests.Response, merge: bool) -> None:
        # create, fetch and commit come through here, so an override of the public
        # translate_response applies to them too.
        self.translate_response(response, merge=merge)

    def translate_response(self, response: requests.Response, *, merge: bool = True) -> None:
        """Take the server's view of the resource from ``response`` (public hook).

        The body goes through :meth:`extract_one`; ``merge=True`` keeps attributes the
        answer does not mention, ``merge=False`` replaces the body (what ``fetch``
        does). Headers are kept for ``Header`` fields and nothing stays dirty. Call it
        after a request of your own whose answer is this resource; override it when the
        answer needs the response itself (an id in ``Location``, data in headers).
        """
        data = self._decode(response)
        if data is not None:
            body = self.extract_one(data)
            if isinstance(body, dict):
                self._body = {**self._body, **body} if merge else body
        self._headers = response.headers
        self._dirty = None
        self._dirty_headers = None

    def _headers_to_send(self, extra: Mapping[str, str] | None) -> dict[str, str]:
        headers: dict[str, str] = {}
        if self._dirty_headers and self._headers is not None:
            for name in self._dirty_headers:
                value = self._headers.get(name)
                if value is not None:
                    headers[name] = str(value)
        if extra:
            headers.update(extra)
        return headers

    def _wrap(self, body: Any, prepend_key: bool) -> Any:
        if prepend_key and self.resource_key:
            return {self.resource_key: body}
        return body

    def invoke_action(
        self,
        session: Proxy,
        body: Any = None,
        *,
        path: str | tuple[str, ...] = "action",
        method: str = "POST",
        microversion: str | None = None,
        required_microversion: str | None = None,
        requires_id: bool = True,
        **kwargs: Any,
    ) -> requests.Response:
        """Send an action to this resource and return the response; HTTP errors raise.

        The default is Nova's style, ``POST <base_path>/<id>/action`` with ``body`` as
        JSON; ``path=("actions", "deactivate")`` gives Glance's. The microversion is
        negotiated as for ``create``/``fetch`` (``microversion`` wins;
        ``required_microversion`` is the minimum the action needs). Other keywords go to
        :meth:`Proxy.request` (``headers=``, ``params=``, ``log=False``, ...). Call
        :meth:`translate_response` on the answer when it is the resource.
        """
        segments = (path,) if isinstance(path, str) else path
        negotiated = session.microversion_for(
            type(self), "action", microversion, required_microversion
        )
        if body is not None:
            kwargs["json"] = body
        response = session.request(
            self.resource_path(*segments, requires_id=requires_id),
            method,
            microversion=negotiated,
            **kwargs,
        )
        self._microversion = negotiated
        return response

    def create(
        self: R,
        session: Proxy,
        prepend_key: bool = True,
        base_path: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        microversion: str | None = None,
        **params: Any,
    ) -> R:
        """Create the resource on the server and take the server's answer."""
        self._check_allowed("create")
        microversion = session._microversion_for(type(self), "create", microversion)
        if self.create_method == "PUT" or self.create_requires_id:
            url = self._url(base_path, requires_id=True)
        else:
            url = self._url(base_path, requires_id=False)
        body = dict(self._body)
        if self.create_exclude_id_from_body:
            body.pop("id", None)
        response = session.request(
            url,
            self.create_method,
            json=self._wrap(body, prepend_key),
            headers=self._headers_to_send(headers),
            microversion=microversion,
            params=params or None,
        )
        self._microversion = microversion
        self._translate(response, merge=True)
        return self

    def fetch(
        self: R,
        session: Proxy,
        requires_id: bool = True,
        base_path: str | None = None,
        error_message: str | None = None,
        skip_cache: bool = False,
        *,
        microversion: str | None = None,
        **params: Any,
    ) -> R:
        """Reload the resource from the server."""
        self._check_allowed("fetch")
        microversion = session._microversion_for(type(self), "fetch", microversion)
        response = session.request(
            self._url(base_path, requires_id and self.requires_id),
            "GET",
            microversion=microversion,
            params=params or None,
            error_message=error_message,
        )
        self._microversion = microversion
        self._translate(response, merge=False)
        return self

    def head(
        self: R, session: Proxy, base_path: str | None = None, *, microversion: str | None = None
    ) -> R:
        """Refresh the header attributes with a HEAD request."""
        self._check_allowed("head")
        microversion = session._microversion_for(type(self), "head", microversion)
        response = session.request(
            self._url(base_path, self.requires_id), "HEAD", microversion=microversion
        )
        self._microversion = microversion
        self._headers = response.headers
        return self

    def _patch_document(self) -> list[dict[str, Any]]:
        ops = []
        for name, before in (self._dirty or {}).items():
            if name == "id":
                continue
            after = self._body.get(name, _MISSING)
            path = "/" + name.replace("~", "~0").replace("/", "~1")
            if after is _MISSING:
                if before is not _MISSING:
                    ops.append({"op": "remove", "path": path})
            elif before is _MISSING:
                ops.append({"op": "add", "path": path, "value": after})
            elif before != after:
                ops.append({"op": "replace", "path": path, "value": after})
        return ops

    def commit(
        self: R,
        session: Proxy,
        prepend_key: bool = True,
        has_body: bool = True,
        retry_on_conflict: bool | None = None,
        base_path: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        microversion: str | None = None,
        **kwargs: Any,
    ) -> R:
        """Send the unsaved changes; does nothing when there are none."""
        self._check_allowed("patch" if self.commit_jsonpatch else "commit")
        if not self.is_dirty:
            return self
        microversion = session._microversion_for(type(self), "commit", microversion)
        send_headers = self._headers_to_send(headers)
        body: Any
        if self.commit_jsonpatch:
            body = self._patch_document()
            if not body and not self._dirty_headers:
                # The changes cancel out (set, then set back): nothing to send.
                self._dirty = None
                return self
            send_headers["Content-Type"] = self.patch_media_type
            method = "PATCH"
        else:
            changed = {k: self._body[k] for k in (self._dirty or {}) if k in self._body}
            changed.pop("id", None)
            body = self._wrap(changed, prepend_key)
            method = self.commit_method
        if retry_on_conflict is not None:
            kwargs.setdefault("retriable_status_codes", [409] if retry_on_conflict else [])
        response = session.request(
            self._url(base_path, self.requires_id),
            method,
            # A change of header fields only (e.g. object metadata) sends no body.
            json=body if has_body and self._dirty else None,
            headers=send_headers,
            microversion=microversion,
            **kwargs,
        )
        self._microversion = microversion
        self._translate(response, merge=True)
        return self

    def delete(
        self: R,
        session: Proxy,
        error_message: str | None = None,
        *,
        microversion: str | None = None,
        **kwargs: Any,
    ) -> R:
        """Delete the resource on the server."""
        self._check_allowed("delete")
        microversion = session._microversion_for(type(self), "delete", microversion)
        response = session.request(
            self._url(None, self.requires_id),
            "DELETE",
            microversion=microversion,
            error_message=error_message,
            **kwargs,
        )
        self._microversion = microversion
        self._headers = response.headers
        return self

    @classmethod
    def _split_params(
        cls, params: Mapping[str, Any], base_path: str
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Separate path parameters (by URI field name or attribute) from query filters."""
        path_params = _split_path_params(base_path)
        uri: dict[str, Any] = {}
        query: dict[str, Any] = {}
        for key, value in params.items():
            name = (
                cls._fields[key].name
                if key in cls._fields and isinstance(cls._fields[key], URI)
                else key
            )
            if name in path_params:
                uri[name] = value
            else:
                query[key] = value
        return uri, query

    @classmethod
    def list(
        cls: type[R],
        session: Proxy,
        paginated: bool = True,
        base_path: str | None = None,
        allow_unknown_params: bool = False,
        *,
        microversion: str | None = None,
        headers: Mapping[str, str] | None = None,
        max_items: int | None = None,
        **params: Any,
    ) -> Iterator[R]:
        """Iterate over the collection, one page in memory at a time.

        ``limit`` is the page size sent to the server, ``max_items`` the total number of
        resources yielded; ``paginated=False`` stops after the first page.
        """
        cls._check_allowed("list")
        if max_items is not None and max_items < 0:
            raise exceptions.InvalidRequest(
                f"{cls.__qualname__}.list: max_items must be 0 or more, not {max_items}"
            )
        path_template = base_path or cls.base_path
        uri, filters = cls._split_params(params, path_template)
        query = cls._query_mapping.transpose(
            filters, cls.__qualname__, allow_unknown=allow_unknown_params
        )
        path = cls._render_path(path_template, uri)
        # Arguments are checked now; nothing is sent until the first item is wanted.
        return cls._pages(
            session, path, query, uri or None, microversion, headers, paginated, max_items
        )

    @classmethod
    def _pages(
        cls: type[R],
        session: Proxy,
        path: str,
        query: dict[str, Any],
        uri: dict[str, Any] | None,
        microversion: str | None,
        headers: Mapping[str, str] | None,
        paginated: bool,
        max_items: int | None,
    ) -> Iterator[R]:
        if max_items == 0:
            return
        microversion = session._microversion_for(cls, "list", microversion)
        from_body = cls._from_body
        strategy = cls.pagination
        # Pages already asked for, as sorted (key, str(value)) pairs: a link repeating
        # the first page (limit=1 sent as "1") is caught too.
        seen = {tuple(sorted((k, str(v)) for k, v in query.items()))}
        remaining = max_items
        while True:
            response = session.request(
                path, "GET", params=query, headers=headers, microversion=microversion
            )
            data = cls._decode(response)
            items = cls.extract_list(data)
            for raw in items:
                yield from_body(raw, uri, microversion)
                if remaining is not None:
                    remaining -= 1
                    if remaining <= 0:
                        return
            if not paginated:
                return
            following = strategy.next_page(response, data, items, query, cls.resources_key)
            if following is None:
                return
            key = tuple(sorted((k, str(v)) for k, v in following.items()))
            if following == query or key in seen:
                raise exceptions.InvalidResponse(
                    f"{cls.__qualname__} list: the server sent the same next page twice "
                    f"({path} with {following}); stopping instead of looping forever",
                    response,
                )
            seen.add(key)
            query = following
            # Let go of this page before the next is fetched and decoded: otherwise two
            # pages of decoded items (and two response bodies) are alive at the peak.
            del response, data, items

    @classmethod
    def find(
        cls: type[R],
        session: Proxy,
        name_or_id: str,
        ignore_missing: bool = True,
        *,
        microversion: str | None = None,
        **params: Any,
    ) -> R | None:
        """The resource whose id, or else whose name, is ``name_or_id``.

        The by-id fetch counts only when the server answers with that resource (its id or
        name is ``name_or_id``); a 404, 400 or 403 answer falls through to the search by
        name. Raises DuplicateResource when several have that name; returns None when
        none matches and ``ignore_missing`` is true, else raises NotFoundException.
        """
        uri, filters = cls._split_params(params, cls.base_path)
        # "." and ".." can only be names: as a path segment they would address the parent.
        if cls.allow_fetch and str(name_or_id) not in (".", ".."):
            candidate = cls.existing(id=name_or_id)
            candidate._uri = uri or None
            try:
                found = candidate.fetch(session, microversion=microversion)
            except (
                exceptions.NotFoundException,
                # Some services answer 400 to an id of the wrong form (not a UUID), or
                # 403 where listing is still allowed; the name search may yet succeed.
                exceptions.BadRequestException,
                exceptions.ForbiddenException,
            ):
                pass
            else:
                # A name such as "detail" can hit another route (GET /servers/detail is
                # the list): whatever answered is not the resource that was asked for.
                if found.id is not None and (
                    str(found.id) == str(name_or_id) or found.name == name_or_id
                ):
                    return found
        matches: list[R] = []
        if cls.allow_list:
            if "name" in cls._query_mapping.names:
                filters = {**filters, "name": name_or_id}
            matches = [
                item
                for item in cls.list(session, microversion=microversion, **uri, **filters)
                if item.id == name_or_id or item.name == name_or_id
            ]
        return cls.pick_match(matches, name_or_id, ignore_missing)

    @classmethod
    def pick_match(
        cls: type[R], matches: Sequence[R], name_or_id: Any, ignore_missing: bool = True
    ) -> R | None:
        """The one resource in ``matches``, the result of searching for ``name_or_id``.

        How :meth:`find` ends, public for plugins whose search differs (a service whose
        name filter is a pattern, or that has no filter at all): several matches raise
        DuplicateResource listing their ids; none returns None when ``ignore_missing``
        is true, else raises NotFoundException.
        """
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            ids = ", ".join(str(m.id) for m in matches)
            raise exceptions.DuplicateResource(
                f"More than one {cls.__qualname__} is named {name_or_id!r} (ids: {ids}); use an id"
            )
        if ignore_missing:
            return None
        raise exceptions.NotFoundException(
            f"No {cls.__qualname__} found for {name_or_id!r}", details=name_or_id
        )


_RESERVED = frozenset(
    name
    for name, value in vars(Resource).items()
    if callable(value) or isinstance(value, (classmethod, staticmethod, property))
) - {"__weakref__"}


def wait_for_status(
    session: Proxy,
    resource: R,
    status: str,
    failures: list[str] | None = None,
    interval: float | None = 2,
    wait: float | None = None,
    attribute: str = "status",
    callback: Callable[[Any], None] | None = None,
) -> R:
    """Poll ``resource`` until its ``attribute`` equals ``status`` (case-insensitive).

    Raises ResourceFailure when it reaches one of ``failures`` (default ``["ERROR"]``) and
    ResourceTimeout after ``wait`` seconds (``None`` waits forever). ``callback`` gets the
    resource's ``progress`` attribute (or None) after every poll.
    """
    wanted = status.lower()
    failed = {f.lower() for f in (failures if failures is not None else ["ERROR"])}
    deadline = None if wait is None else time.monotonic() + wait
    current = getattr(resource, attribute)
    while True:
        if isinstance(current, str) and current.lower() == wanted:
            return resource
        if isinstance(current, str) and current.lower() in failed:
            raise exceptions.ResourceFailure(
                f"{resource!r} reached {attribute} {current!r} while waiting for {status!r}"
            )
        if deadline is not None and time.monotonic() >= deadline:
            raise exceptions.ResourceTimeout(
                f"Timed out after {wait} s waiting for {resource!r} to reach {attribute} "
                f"{status!r}; it is {current!r}"
            )
        time.sleep(interval or 0)
        resource = resource.fetch(session, skip_cache=True)
        current = getattr(resource, attribute)
        if callback is not None:
            callback(resource._body.get("progress"))


def wait_for_delete(
    session: Proxy,
    resource: R,
    interval: float | None = 2,
    wait: float | None = None,
    callback: Callable[[Any], None] | None = None,
) -> R:
    """Poll until fetching ``resource`` answers 404; ResourceTimeout after ``wait`` s."""
    deadline = None if wait is None else time.monotonic() + wait
    while True:
        try:
            resource = resource.fetch(session, skip_cache=True)
        except exceptions.NotFoundException:
            return resource
        if callback is not None:
            callback(resource._body.get("progress"))
        if deadline is not None and time.monotonic() >= deadline:
            raise exceptions.ResourceTimeout(
                f"Timed out after {wait} s waiting for {resource!r} to be deleted"
            )
        time.sleep(interval or 0)
