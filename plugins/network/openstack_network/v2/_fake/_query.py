"""Neutron's listings: filters, tag filters, sorting, pagination links and ``fields=``.

What ``neutron.api.api_common`` does, on the views a fake already computed for the
caller: unknown filters are refused (``filter-validation``), repeated values are ORed,
``sort_key``/``sort_dir`` come in pairs, the order always ends with the id, a page is
what follows the marker in that order (``page_reverse=True``: what precedes it), and
``<resources>_links`` carry ``next`` and ``previous`` links built from the request's
own query, as Neutron builds them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode

from openstack_core import fakes

View = dict[str, Any]
#: Query parameters that are not attribute filters.
CONTROLS = frozenset(
    {"fields", "sort_key", "sort_dir", "limit", "marker", "page_reverse"}
    | {"tags", "tags-any", "not-tags", "not-tags-any"}
)
_TRUE = ("true", "1", "yes", "y", "t", "on")
_FALSE = ("false", "0", "no", "n", "f", "off")


def bad_request(message: str) -> fakes.Fault:
    """A 400 of the API layer (webob's ``HTTPBadRequest``)."""
    return fakes.Fault(400, message, type="HTTPBadRequest")


def fields_of(request: fakes.Request) -> list[str]:
    """The attributes ``fields=`` asks for (none: all)."""
    return [name for name in request.args("fields") if name]


def select(view: View, fields: Sequence[str]) -> View:
    """Only the asked-for attributes of a view (all without ``fields=``)."""
    if not fields:
        return view
    return {key: value for key, value in view.items() if key in fields}


def as_bool(text: str) -> bool | None:
    """Neutron's ``convert_to_boolean`` of a query value; None if it is not one."""
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    return None


def value_matches(value: Any, wanted: str) -> bool:
    """Whether an attribute's value equals one query value (converted to its type)."""
    if isinstance(value, bool):
        return as_bool(wanted) is value
    if isinstance(value, int):
        return wanted.strip().lstrip("-").isdigit() and int(wanted) == value
    if isinstance(value, list):
        return any(value_matches(item, wanted) for item in value)
    if value is None:
        return False
    return str(value) == wanted


def plain_match(view: View, key: str, values: list[str]) -> bool:
    """Whether the view's attribute equals one of the query's values (they are ORed)."""
    return any(value_matches(view.get(key), value) for value in values)


def filters(request: fakes.Request, allowed: Iterable[str]) -> dict[str, list[str]]:
    """The attribute filters of the query; 400 for one the resource does not have."""
    known = set(allowed)
    found: dict[str, list[str]] = {}
    invalid = []
    for key, values in request.query.items():
        if key in CONTROLS:
            continue
        if key not in known:
            invalid.append(key)
            continue
        found[key] = values
    if invalid:
        raise bad_request(f"{invalid} is invalid attribute for filtering")
    return found


def _tags(request: fakes.Request, name: str) -> set[str]:
    return {tag for value in request.args(name) for tag in value.split(",") if tag}


def tags_match(request: fakes.Request, view: View) -> bool:
    """``tags`` (all of), ``tags-any``, ``not-tags`` (not all of), ``not-tags-any``."""
    have = set(view.get("tags") or ())
    every, some = _tags(request, "tags"), _tags(request, "tags-any")
    not_every, not_any = _tags(request, "not-tags"), _tags(request, "not-tags-any")
    if every and not every <= have:
        return False
    if some and not some & have:
        return False
    if not_every and not_every <= have:
        return False
    return not (not_any and not_any & have)


def sorts(request: fakes.Request, sortable: Iterable[str]) -> list[tuple[str, bool]]:
    """``[(key, ascending)]`` from ``sort_key``/``sort_dir``, with Neutron's 400s."""
    keys = [k for k in request.args("sort_key") if k]
    directions = [d for d in request.args("sort_dir") if d]
    if len(keys) != len(directions):
        raise bad_request("The number of sort_keys and sort_dirs must be same")
    known = set(sortable)
    absent = [key for key in keys if key not in known]
    if absent:
        raise bad_request(f"{absent} is invalid attribute for sort_keys")
    wrong = [d for d in directions if d not in ("asc", "desc")]
    if wrong:
        raise bad_request(
            f"{wrong} is invalid value for sort_dirs, valid value is 'asc' and 'desc'"
        )
    return [(key, direction == "asc") for key, direction in zip(keys, directions, strict=True)]


def _compare(order: Sequence[tuple[str, bool]], one: View, two: View) -> int:
    for key, ascending in order:
        a, b = one.get(key), two.get(key)
        if a == b:
            continue
        if a is None or b is None:
            result = -1 if a is None else 1
        else:
            try:
                result = -1 if a < b else 1
            except TypeError:  # values that do not order (dicts): by their text
                result = -1 if str(a) < str(b) else 1
        return result if ascending else -result
    return 0


def ordered(
    views: Iterable[View], order: Sequence[tuple[str, bool]], key: str = "id"
) -> list[View]:
    """The views in the asked order, ties (and no order) by id, as the database gives."""
    full = [*order, (key, True)]
    return sorted(views, key=functools.cmp_to_key(functools.partial(_compare, full)))


def limit_of(request: fakes.Request) -> int:
    """The page size (0: everything), with Neutron's 400."""
    text = request.arg("limit") or "0"
    try:
        limit = int(text)
    except ValueError:
        limit = -1
    if limit < 0:
        raise fakes.Fault(
            400,
            f"Bad limit request: Limit must be an integer 0 or greater and not '{text}'.",
            type="BadRequest",
        )
    return limit


def _href(request: fakes.Request, pairs: list[tuple[str, str]]) -> str:
    return f"{request.service_url}{request.path}?{urlencode(pairs)}"


def links(
    request: fakes.Request, page: Sequence[View], limit: int, reverse: bool, key: str = "id"
) -> list[View]:
    """Neutron's ``next`` and ``previous`` links of a page (``api_common``)."""
    query = parse_qsl(request.query_string, keep_blank_values=True)
    found = []
    if not (len(page) < limit and not reverse):
        pairs = [(k, v) for k, v in query if k not in ("marker", "page_reverse")]
        if page:
            pairs.append(("marker", str(page[-1][key])))
        found.append({"rel": "next", "href": _href(request, pairs)})
    if not (len(page) < limit and reverse):
        pairs = [(k, v) for k, v in query if k not in ("marker", "page_reverse")]
        if page:
            pairs.append(("marker", str(page[0][key])))
        pairs.append(("page_reverse", "True"))
        found.append({"rel": "previous", "href": _href(request, pairs)})
    return found


def listing(
    request: fakes.Request,
    plural: str,
    views: Iterable[View],
    *,
    attributes: Iterable[str],
    marker_of: Callable[[str], View],
    matches: Callable[[View, str, list[str]], bool] | None = None,
    key: str = "id",
) -> View:
    """The answer to ``GET /<plural>``: the views filtered, sorted, paged and cut to
    ``fields``. ``marker_of(id)`` gives the marker's view (or raises the resource's
    404); ``matches(view, key, values)`` decides special filters (``fixed_ips``);
    ``key`` is the primary key (``network_id`` of IP availabilities)."""
    names = set(attributes)
    wanted = filters(request, names)
    order = sorts(request, names)
    limit = limit_of(request)
    test = matches or plain_match
    kept = [
        view
        for view in views
        if tags_match(request, view) and all(test(view, k, v) for k, v in wanted.items())
    ]
    kept = ordered(kept, order, key)
    reverse = (request.arg("page_reverse") or "False").lower() == "true"
    marker = request.arg("marker") if limit else None
    if marker:
        anchor = marker_of(marker)
        full = [*order, (key, True)]
        if reverse:
            kept = [v for v in kept if _compare(full, v, anchor) < 0]
        else:
            kept = [v for v in kept if _compare(full, v, anchor) > 0]
    if limit:
        page = kept[-limit:] if reverse else kept[:limit]
    else:
        page = kept
    answer: View = {plural: [select(view, fields_of(request)) for view in page]}
    found = links(request, page, limit, reverse, key) if limit else []
    if found:
        answer[f"{plural}_links"] = found
    return answer
