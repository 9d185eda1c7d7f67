"""What a Resource is without HTTP: its declaration, its state and attribute access.

Everything that depends only on the class (the field table, path parameters, the
checks) is computed once when the class is defined, and a badly declared class raises
``TypeError`` right there. An instance wraps the decoded JSON dict of the server's
answer without copying it. The HTTP operations live in :mod:`openstack_core._resource`.
"""

from __future__ import annotations

import re
from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from types import MappingProxyType
from typing import Any, ClassVar, TypeVar

from requests.structures import CaseInsensitiveDict

from openstack_core import _paths, exceptions
from openstack_core._fields import (
    URI,
    Body,
    Computed,
    Field,
    Header,
    HeaderDict,
    IdBody,
    to_wire,
    write_body,
)
from openstack_core._query import QueryParameters
from openstack_core.pagination import LinksPagination, Pagination

__all__ = ["ResourceBase"]

B = TypeVar("B", bound="ResourceBase")

_MICROVERSION = re.compile(r"^\d+\.\d+$")
_COMMIT_METHODS = ("PUT", "PATCH", "POST")
_CREATE_METHODS = ("POST", "PUT")
_BODY_KINDS = (Body, IdBody)


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


class ResourceBase(metaclass=_ResourceMeta):
    """The declaration, state and attribute access of a Resource (no HTTP here).

    Instances are read-only mappings over their attribute names, as openstacksdk's
    resources are: ``server["name"]``, ``"name" in server``, ``dict(server)``,
    ``server.get("name")``, ``len(server)``. Server-side names are accepted by
    ``[]``, ``get`` and ``in`` too.
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
    #: Whether keystoneauth1 may log this resource's request and answer bodies at
    #: DEBUG. False for resources whose bodies hold secrets (passwords, private keys,
    #: console tokens): create, fetch, commit and actions then send ``log=False``.
    log_bodies: ClassVar[bool] = True
    #: Whether keywords that are no declared attribute are kept in the body under
    #: their own name (free-form properties, as Glance's), instead of a TypeError.
    allow_extra_attributes: ClassVar[bool] = False
    #: Other names accepted on set for an attribute, e.g. ``{"owner_id": "owner"}``.
    attribute_synonyms: ClassVar[Mapping[str, str]] = MappingProxyType({})
    _query_mapping: ClassVar[QueryParameters] = QueryParameters()
    _max_microversion: ClassVar[str | None] = None
    pagination: ClassVar[Pagination] = LinksPagination()

    # Computed once per class by __init_subclass__.
    _fields: ClassVar[dict[str, Field[Any]]] = {}
    _body_names: ClassVar[dict[str, str]] = {}
    _path_params: ClassVar[tuple[str, ...]] = ()
    _uri_names: ClassVar[dict[str, str]] = {}
    _alternate_id: ClassVar[str | None] = None

    id = IdBody[Any]("id")  # a string almost everywhere, an integer in a few Nova APIs
    # Read as str | None by type checkers (``server.name``); no conversion at run time.
    name = Body[str]("name")
    location = Computed[Any]("location")

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
        if not cls.__module__.startswith("openstack_core."):
            # First, before the core adds its computed tables to the class.
            from openstack_core import plugin_api

            plugin_api.verify_class(cls)
        fields: dict[str, Field[Any]] = {}
        for klass in reversed(cls.__mro__):
            for attr, value in vars(klass).items():
                if isinstance(value, Field):
                    fields[attr] = value
                elif attr in fields and klass is cls:
                    raise TypeError(
                        f"{cls.__qualname__}.{attr} replaces the field "
                        f"{fields[attr]!r} with a non-field {type(value).__name__}"
                    )
        cls._fields = fields
        cls._check_declaration(fields)
        body_names: dict[str, str] = {}
        alternate = None
        for attr, field in fields.items():
            if type(field) in _BODY_KINDS:
                if field.alternate_id:
                    alternate = field.name
                if attr != "id" or field.name != "id":
                    body_names.setdefault(field.name, attr)
        cls._body_names = body_names
        cls._alternate_id = alternate
        cls._path_params = _paths.path_params(cls.base_path)
        cls._uri_names = {f.name: a for a, f in fields.items() if isinstance(f, URI)}

    @classmethod
    def _check_declaration(cls, fields: dict[str, Field[Any]]) -> None:
        """Reject declarations that would only fail later, at request time."""
        name = cls.__qualname__
        seen: dict[str, str] = {}
        core = cls.__module__.startswith("openstack_core.")
        reserved = frozenset() if core else _reserved()
        for attr, field in fields.items():
            if attr in reserved:
                raise TypeError(f"{name}.{attr}: a field may not shadow Resource.{attr}")
            if field.alias is not None and field.alias not in fields:
                raise TypeError(f"{name}.{attr}: alias {field.alias!r} is not a field of {name}")
            # The id may map the key of another attribute (id = Body("name"): a resource
            # identified by its name), whichever of the two is declared first.
            if type(field) is Body and attr != "id":
                if field.name in seen:
                    raise TypeError(
                        f"{name}: fields {seen[field.name]!r} and {attr!r} both map the body "
                        f"key {field.name!r}; keep one and use alias= for the other name"
                    )
                seen[field.name] = attr
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
        for param in _paths.path_params(cls.base_path):
            if param not in uri_names:
                raise TypeError(
                    f"{name}.base_path {cls.base_path!r} uses %({param})s but {name} "
                    f"declares no URI({param!r}) field"
                )
        for synonym, target in cls.attribute_synonyms.items():
            if target not in fields:
                raise TypeError(
                    f"{name}.attribute_synonyms maps {synonym!r} to {target!r}, which is not "
                    f"a field of {name}"
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
        self._set_attributes(attrs, dirty=True)

    @classmethod
    def new(cls: type[B], /, **attrs: Any) -> B:
        """A resource not yet saved: every given attribute is sent on create."""
        return cls(**attrs)

    @classmethod
    def existing(cls: type[B], /, connection: Any = None, **attrs: Any) -> B:
        """A resource that exists on the server (nothing is dirty); ``connection`` is
        accepted for openstacksdk compatibility and ignored."""
        res = cls._from_body({})
        res._set_attributes(attrs, dirty=False)
        return res

    @classmethod
    def _from_body(
        cls: type[B],
        body: dict[str, Any],
        uri: dict[str, Any] | None = None,
        microversion: str | None = None,
    ) -> B:
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

    def set_from_server(self, /, **attrs: Any) -> None:
        """Set attributes to values the server holds: nothing becomes dirty.

        For a plugin method whose request changed the resource on the server (a tag
        added, metadata replaced): ``image.set_from_server(tags=[...])`` keeps the
        object in step without sending the value again on the next commit.
        """
        self._set_attributes(attrs, dirty=False)

    def value_for_server(self, server_name: str, value: Any) -> Any:
        """Hook: the value stored (and later sent) when body key ``server_name`` is set.

        Called for every change (not for values from the server). Return ``value``, a
        converted value, or :data:`~openstack_core.resource.REMOVE` to remove the key
        (for services where null is no valid value, e.g. Glance's properties).
        """
        return value

    def _set_attributes(self, attrs: Mapping[str, Any], dirty: bool = True) -> None:
        """Set attributes by Python name, server-side name or synonym."""
        cls = type(self)
        fields = cls._fields
        for key, value in attrs.items():
            attr: str | None = key
            field = fields.get(key)
            if field is None:
                attr = cls._body_names.get(key) or cls._uri_names.get(key)
                if attr is None:
                    attr = cls.attribute_synonyms.get(key)
                field = fields.get(attr) if attr else None
            if field is None:
                self._set_extra(key, value, dirty)
                continue
            if attr == "id" and type(field) in _BODY_KINDS:
                # The id is identity, never part of a change. A resource identified by
                # another field (alternate_id) is addressed through that field.
                alternate = cls._alternate_id
                if (
                    type(field) is IdBody
                    and alternate is not None
                    and "id" not in self._body
                    and alternate not in attrs
                    and cls._body_names[alternate] not in attrs
                ):
                    self._body[alternate] = value
                else:
                    self._body[field.name] = value
            elif not dirty and type(field) in _BODY_KINDS:
                try:
                    self._body[field.name] = to_wire(field.type, value)
                except (TypeError, ValueError) as exc:
                    raise field.conversion_error(cls, value, exc) from exc
            elif not dirty and isinstance(field, Header):
                headers = CaseInsensitiveDict(self._headers or {})
                headers[field.name] = value
                self._headers = headers
            elif not dirty and isinstance(field, HeaderDict):
                headers = CaseInsensitiveDict(self._headers or {})
                for name, item in (value or {}).items():
                    headers[f"{field.name}{name}"] = item
                self._headers = headers
            else:
                field.__set__(self, value)

    def _set_extra(self, key: str, value: Any, dirty: bool) -> None:
        cls = type(self)
        if not cls.allow_extra_attributes:
            raise TypeError(
                f"{cls.__qualname__} has no attribute {key!r}; known attributes: "
                f"{', '.join(sorted(cls._fields))}"
            )
        if dirty:
            write_body(self, key, value)
        else:
            self._body[key] = value

    def extra_attributes(self) -> dict[str, Any]:
        """Body keys that are no declared attribute (a copy), e.g. Glance's free-form
        image properties; ``allow_extra_attributes`` lets them be set by name.

        There is no ``del res.<extra>``: a class defining ``__delattr__`` makes every
        attribute store of its instances take CPython's slow path (one type slot serves
        both), which would triple the cost of wrapping each item of a listing. Remove
        an extra key by setting it to a value ``value_for_server`` turns into
        :data:`~openstack_core.resource.REMOVE` (Glance's ``None``).
        """
        declared = type(self)._body_names
        return {k: v for k, v in self._body.items() if k not in declared and k != "id"}

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
        """The declared attributes as a plain dict (nested Resources become dicts), as
        JSON takes it: ``json.dumps(server.to_dict())``.

        ``original_names=True`` gives the server-side names instead.
        """
        result: dict[str, Any] = {}
        for attr, field in self._fields.items():
            kind = type(field)
            if (
                (not body and kind in _BODY_KINDS)
                or (not headers and kind in (Header, HeaderDict))
                or (not computed and kind is Computed)
            ):
                continue
            value = getattr(self, attr)
            if isinstance(value, ResourceBase):
                value = value.to_dict(ignore_none=ignore_none, original_names=original_names)
            elif isinstance(value, list):
                value = [
                    v.to_dict(ignore_none=ignore_none, original_names=original_names)
                    if isinstance(v, ResourceBase)
                    else v
                    for v in value
                ]
            if ignore_none and value is None:
                continue
            result[field.name if original_names else attr] = value
        return result

    # -- read-only Mapping over the attribute names ----------------------------------------

    def __getitem__(self, key: str) -> Any:
        """``server["name"]``: an attribute by name (or by its server-side name)."""
        fields = self._fields
        if key in fields:
            return getattr(self, key)
        attr = self._body_names.get(key)
        if attr is not None:
            return getattr(self, attr)
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        """The attribute names, as ``dict(server)`` and ``list(server)`` use them."""
        return iter(self._fields)

    def __len__(self) -> int:
        """The number of declared attributes."""
        return len(self._fields)

    def __contains__(self, key: object) -> bool:
        """Whether ``key`` names an attribute (or a server-side name of one)."""
        return key in self._fields or key in self._body_names

    def keys(self) -> KeysView[str]:
        """The attribute names."""
        return KeysView(self)

    def values(self) -> ValuesView[Any]:
        """The attribute values, converted as attribute access converts them."""
        return ValuesView(self)

    def items(self) -> ItemsView[str, Any]:
        """``(name, value)`` pairs of every attribute."""
        return ItemsView(self)

    def get(self, key: str, default: Any = None) -> Any:
        """An attribute by name (or server-side name); ``default`` if there is none."""
        try:
            return self[key]
        except KeyError:
            return default

    def __repr__(self) -> str:
        # Only the type, id and name: never a body that may hold a password or key.
        cls = type(self)
        name = self._body.get("name")
        label = f", name={name!r}" if isinstance(name, str) else ""
        return f"{cls.__module__}.{cls.__qualname__}(id={self.id!r}{label})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, ResourceBase)
        return self._body == other._body and (self._uri or {}) == (other._uri or {})

    __hash__ = None  # type: ignore[assignment]

    # -- paths --------------------------------------------------------------------------

    @classmethod
    def _render_path(cls, base_path: str, uri: Mapping[str, Any] | None) -> str:
        if not cls._path_params and base_path == cls.base_path:
            return base_path
        return _paths.render(cls.__qualname__, base_path, uri)

    def _url_path(self, base_path: str | None = None, requires_id: bool = True) -> str:
        path = self._render_path(base_path or self.base_path, self._uri)
        if not requires_id:
            return path
        id_ = self.id
        if id_ is None or id_ == "":
            raise exceptions.InvalidRequest(
                f"{type(self).__qualname__} has no id; set one, or use find() by name"
            )
        return f"{path.rstrip('/')}/{_paths.quote_segment(id_)}"

    def resource_path(
        self, *segments: object, base_path: str | None = None, requires_id: bool = True
    ) -> str:
        """This resource's path relative to the endpoint, for requests of your own.

        ``base_path`` (default the class's) with its path parameters filled in, then the
        id unless ``requires_id=False``, then ``segments``; the id, parameters and each
        segment are percent-encoded, so ``resource_path("os-extra_specs", key)`` gives
        ``/flavors/<id>/os-extra_specs/<key>`` for any ``key``.
        """
        path = self._url_path(base_path, requires_id)
        if not segments:
            return path
        return "/".join([path.rstrip("/"), *(_paths.quote_segment(s) for s in segments)])

    def _url(self, base_path: str | None = None, requires_id: bool = True) -> str:
        # Plugin API 1.0's name of resource_path() without segments; kept for 1.x plugins.
        return self._url_path(base_path, requires_id)


Mapping.register(ResourceBase)


def _reserved() -> frozenset[str]:
    """Names a field may not take: every method, classmethod and property of Resource."""
    global _RESERVED
    if _RESERVED is None:
        from openstack_core._resource import Resource

        names: set[str] = set()
        for klass in Resource.__mro__:
            for name, value in vars(klass).items():
                if callable(value) or isinstance(value, (classmethod, staticmethod, property)):
                    names.add(name)
        _RESERVED = frozenset(names - {"__weakref__"})
    return _RESERVED


_RESERVED: frozenset[str] | None = None
