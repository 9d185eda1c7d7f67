"""The Resource class: a declared REST resource and its HTTP operations.

``create``, ``fetch``, ``head``, ``commit``, ``delete``, ``list`` and ``find`` take the
service's Proxy as their first argument (openstacksdk calls it ``session``) and go
through :meth:`Proxy.request`, so errors, microversions, retries and observers apply.
The hooks a plugin overrides are named in :mod:`openstack_core.plugin_api`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from openstack_core import exceptions
from openstack_core._fields import REMOVE
from openstack_core._page_progress import ProgressGuard
from openstack_core._resource_base import ResourceBase

if TYPE_CHECKING:
    import requests

    from openstack_core.proxy import Proxy

__all__ = ["Resource", "decode_json"]

R = TypeVar("R", bound="Resource")


def decode_json(response: requests.Response, what: str = "the answer") -> Any:
    """The decoded JSON body of ``response``, or None when it has no body.

    A body that is not JSON raises InvalidResponse naming ``what``, the method, the
    URL, the status and the content type.
    """
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError as exc:
        request = response.request
        where = f"{request.method} {request.url}" if request is not None else response.url
        raise exceptions.InvalidResponse(
            f"{what}: {where} answered HTTP {response.status_code} with a body that is "
            f"not JSON ({response.headers.get('Content-Type')})",
            response,
        ) from exc


def _no_progress(
    what: str, problem: str, response: requests.Response, following: Mapping[str, Any]
) -> exceptions.InvalidResponse:
    request = response.request
    where = f"{request.method} {request.url}" if request is not None else response.url
    request_id = exceptions.request_id_of(response)
    return exceptions.InvalidResponse(
        f"{what}: {where}"
        + (f" (request id {request_id})" if request_id else "")
        + f": {problem} (next: {dict(following)}); stopping instead of looping forever. "
        "The service's paging is broken: report it to the cloud operator, and pass "
        "max_items= or paginated=False to read what it sends meanwhile",
        response,
    )


class Resource(ResourceBase):
    """Base class of every REST resource; see :mod:`openstack_core.resource`.

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
    ``create_method``, ``create_requires_id``, ``create_exclude_id_from_body``
        POST to the collection, or PUT to ``base_path/<id>``.
    ``requires_id``
        Whether fetch, commit and delete address ``base_path/<id>``.
    ``log_bodies``, ``allow_extra_attributes``, ``attribute_synonyms``
        Secrets kept out of logs; free-form keys; other names for attributes.
    ``_query_mapping``, ``_max_microversion``, ``pagination``
        Accepted list filters, highest microversion understood, paging strategy.
    """

    # -- hooks --------------------------------------------------------------------------

    @classmethod
    def extract_one(cls, data: Any) -> Any:
        """Hook: the resource's dict in a decoded response body.

        The default unwraps ``resource_key`` when present; override it for services with
        unusual envelopes.
        """
        if cls.resource_key and isinstance(data, dict) and cls.resource_key in data:
            return data[cls.resource_key]
        return data

    @classmethod
    def extract_list(cls, data: Any) -> list[Any]:
        """Hook: the list of raw items in one decoded page.

        The default takes ``resources_key`` from a dict, or the body itself when
        ``resources_key`` is None (a service answering a bare JSON list).
        """
        if cls.resources_key:
            if not isinstance(data, dict) or cls.resources_key not in data:
                keys = sorted(data) if isinstance(data, dict) else type(data).__name__
                raise exceptions.InvalidResponse(
                    f"{cls.__qualname__}: expected key {cls.resources_key!r} in the list "
                    f"response, got {keys}"
                )
            items = data[cls.resources_key]
        else:
            items = data if data is not None else []
        if not isinstance(items, list):
            raise exceptions.InvalidResponse(
                f"{cls.__qualname__}: the list response holds {type(items).__name__}, not a list"
            )
        return items

    def translate_response(self, response: requests.Response, *, merge: bool = True) -> None:
        """Hook: take the server's view of the resource from ``response``.

        The body goes through :meth:`extract_one`; ``merge=True`` keeps attributes the
        answer does not mention, ``merge=False`` replaces the body (what ``fetch``
        does). Headers are kept for ``Header`` fields and nothing stays dirty. Call it
        after a request of your own whose answer is this resource; override it when the
        answer needs the response itself (an id in ``Location``, data in headers).
        ``create``, ``fetch``, ``head`` and ``commit`` all come through here.
        """
        data = decode_json(response, type(self).__qualname__)
        if data is not None:
            body = self.extract_one(data)
            if isinstance(body, dict):
                self._body = {**self._body, **body} if merge else body
        self._headers = response.headers
        self._dirty = None
        self._dirty_headers = None

    def request_body(
        self,
        body: dict[str, Any],
        *,
        operation: str,
        microversion: str | None,
        prepend_key: bool = True,
    ) -> Any:
        """Hook: the JSON to send for ``operation`` (``"create"`` or ``"commit"``).

        ``body`` holds the server-side names and values to send (for create, every set
        attribute; for commit, the changed ones). The default wraps it in
        ``resource_key`` when ``prepend_key`` is true. Override it when the request
        spells keys differently from the answer, depends on the negotiated
        ``microversion``, or puts something beside the resource; return None to send
        no body at all (a create carried by headers and the URL alone).
        """
        if prepend_key and self.resource_key:
            return {self.resource_key: body}
        return body

    # -- requests -----------------------------------------------------------------------

    @classmethod
    def _check_allowed(cls, action: str) -> None:
        if not getattr(cls, f"allow_{action}"):
            raise exceptions.MethodNotSupported(cls, action)

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

    def _translate(self, response: requests.Response, merge: bool) -> None:
        # Plugin API 1.0's name of translate_response(); kept for 1.x plugins.
        self.translate_response(response, merge=merge)

    def invoke_action(
        self,
        proxy: Proxy,
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
        negotiated = proxy.microversion_for(
            type(self), "action", microversion, required_microversion
        )
        if body is not None:
            kwargs["json"] = body
        kwargs.setdefault("log", self.log_bodies)
        response = proxy.request(
            self.resource_path(*segments, requires_id=requires_id),
            method,
            microversion=negotiated,
            **kwargs,
        )
        self._microversion = negotiated
        return response

    def create(
        self: R,
        proxy: Proxy,
        prepend_key: bool = True,
        base_path: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        microversion: str | None = None,
        **params: Any,
    ) -> R:
        """Create the resource on the server and take the server's answer.

        The body is what :meth:`request_body` returns for ``"create"``; ``params`` are
        sent as the query string.
        """
        self._check_allowed("create")
        microversion = proxy.microversion_for(type(self), "create", microversion)
        requires_id = self.create_method == "PUT" or self.create_requires_id
        body = dict(self._body)
        if self.create_exclude_id_from_body:
            body.pop("id", None)
        payload = self.request_body(
            body, operation="create", microversion=microversion, prepend_key=prepend_key
        )
        response = proxy.request(
            self._url_path(base_path, requires_id=requires_id),
            self.create_method,
            json=payload,
            headers=self._headers_to_send(headers),
            microversion=microversion,
            params=params or None,
            log=self.log_bodies,
        )
        self._microversion = microversion
        self.translate_response(response, merge=True)
        return self

    def fetch(
        self: R,
        proxy: Proxy,
        requires_id: bool = True,
        base_path: str | None = None,
        error_message: str | None = None,
        skip_cache: bool = False,
        *,
        microversion: str | None = None,
        **params: Any,
    ) -> R:
        """Reload the resource from the server (``params`` go to the query string)."""
        self._check_allowed("fetch")
        microversion = proxy.microversion_for(type(self), "fetch", microversion)
        response = proxy.request(
            self._url_path(base_path, requires_id and self.requires_id),
            "GET",
            microversion=microversion,
            params=params or None,
            error_message=error_message,
            log=self.log_bodies,
        )
        self._microversion = microversion
        self.translate_response(response, merge=False)
        return self

    def head(
        self: R, proxy: Proxy, base_path: str | None = None, *, microversion: str | None = None
    ) -> R:
        """Refresh the resource from a HEAD request (headers only; through
        :meth:`translate_response`, so a plugin's override sees it too)."""
        self._check_allowed("head")
        microversion = proxy.microversion_for(type(self), "head", microversion)
        response = proxy.request(
            self._url_path(base_path, self.requires_id), "HEAD", microversion=microversion
        )
        self._microversion = microversion
        self.translate_response(response, merge=True)
        return self

    def _patch_document(self) -> list[dict[str, Any]]:
        ops = []
        for name, before in (self._dirty or {}).items():
            if name == "id":
                continue
            after = self._body.get(name, REMOVE)
            path = "/" + name.replace("~", "~0").replace("/", "~1")
            if after is REMOVE:
                if before is not REMOVE:
                    ops.append({"op": "remove", "path": path})
            elif before is REMOVE:
                ops.append({"op": "add", "path": path, "value": after})
            elif before != after:
                ops.append({"op": "replace", "path": path, "value": after})
        return ops

    def commit(
        self: R,
        proxy: Proxy,
        prepend_key: bool = True,
        has_body: bool = True,
        retry_on_conflict: bool | None = None,
        base_path: str | None = None,
        *,
        headers: Mapping[str, str] | None = None,
        microversion: str | None = None,
        if_revision: int | None = None,
        **kwargs: Any,
    ) -> R:
        """Send the unsaved changes; does nothing when there are none.

        ``if_revision`` makes the update conditional (``If-Match: revision_number=N``,
        Neutron's revision check): the server answers 412 when the resource changed.
        """
        self._check_allowed("patch" if self.commit_jsonpatch else "commit")
        if not self.is_dirty:
            return self
        microversion = proxy.microversion_for(type(self), "commit", microversion)
        send_headers = self._headers_to_send(headers)
        if if_revision is not None:
            send_headers["If-Match"] = f"revision_number={if_revision}"
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
            body = self.request_body(
                changed, operation="commit", microversion=microversion, prepend_key=prepend_key
            )
            method = self.commit_method
        if retry_on_conflict is not None:
            kwargs.setdefault("retriable_status_codes", [409] if retry_on_conflict else [])
        kwargs.setdefault("log", self.log_bodies)
        response = proxy.request(
            self._url_path(base_path, self.requires_id),
            method,
            # A change of header fields only (e.g. object metadata) sends no body.
            json=body if has_body and self._dirty else None,
            headers=send_headers,
            microversion=microversion,
            **kwargs,
        )
        self._microversion = microversion
        self.translate_response(response, merge=True)
        return self

    def delete(
        self: R,
        proxy: Proxy,
        error_message: str | None = None,
        *,
        microversion: str | None = None,
        if_revision: int | None = None,
        **kwargs: Any,
    ) -> R:
        """Delete the resource on the server (``if_revision`` as for :meth:`commit`)."""
        self._check_allowed("delete")
        microversion = proxy.microversion_for(type(self), "delete", microversion)
        if if_revision is not None:
            kwargs["headers"] = {
                **(kwargs.get("headers") or {}),
                "If-Match": f"revision_number={if_revision}",
            }
        response = proxy.request(
            self._url_path(None, self.requires_id),
            "DELETE",
            microversion=microversion,
            error_message=error_message,
            **kwargs,
        )
        self._microversion = microversion
        self._headers = response.headers
        return self

    # -- listing ------------------------------------------------------------------------

    @classmethod
    def _split_params(
        cls, params: Mapping[str, Any], base_path: str
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """Separate path parameters (by URI field name or attribute) from query filters."""
        path_params = cls._path_params if base_path == cls.base_path else None
        if path_params is None:
            from openstack_core._paths import path_params as parse

            path_params = parse(base_path)
        uri: dict[str, Any] = {}
        query: dict[str, Any] = {}
        fields = cls._fields
        uri_attrs = {a: n for n, a in cls._uri_names.items()}
        for key, value in params.items():
            name = uri_attrs.get(key, key) if key in fields else key
            if name in path_params:
                uri[name] = value
            else:
                query[key] = value
        return uri, query

    @classmethod
    def list(
        cls: type[R],
        proxy: Proxy,
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
            proxy, path, query, uri or None, microversion, headers, paginated, max_items
        )

    @classmethod
    def _pages(
        cls: type[R],
        proxy: Proxy,
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
        microversion = proxy.microversion_for(cls, "list", microversion)
        from_body = cls._from_body
        strategy = cls.pagination
        guard = ProgressGuard(query, getattr(strategy, "marker_key", "marker"))
        remaining = max_items
        what = f"{cls.__qualname__} list"
        while True:
            # log_bodies=False: a listing can hold the same secrets as one resource
            # (Keystone lists credentials with their blobs).
            response = proxy.request(
                path,
                "GET",
                params=query,
                headers=headers,
                microversion=microversion,
                log=cls.log_bodies,
            )
            data = decode_json(response, what)
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
            problem = guard.problem(query, following, items)
            if problem is not None:
                raise _no_progress(what, problem, response, following)
            query = following
            # Let go of this page before the next is fetched and decoded: otherwise two
            # pages of decoded items (and two response bodies) are alive at the peak.
            del response, data, items

    @classmethod
    def find(
        cls: type[R],
        proxy: Proxy,
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
                found = candidate.fetch(proxy, microversion=microversion)
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
                for item in cls.list(proxy, microversion=microversion, **uri, **filters)
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
