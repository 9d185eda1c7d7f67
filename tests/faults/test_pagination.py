"""Endless pagination in several shapes: the listing stops with InvalidResponse."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from openstack_core import exceptions
from tests.faults.conftest import Connect
from tests.faults.server import Answer, FaultServer, Request

LIST = "/compute/v2.1/servers/detail"


def _page(ids: list[str], next_query: str | None, header: bool = False) -> Answer:
    body: dict[str, object] = {"servers": [{"id": i, "name": i} for i in ids]}
    headers: dict[str, str] = {}
    if next_query is not None:
        href = f"http://example.invalid/v2.1/servers/detail?{next_query}"
        if header:
            headers["Link"] = f'<{href}>; rel="next"'
        else:
            body["servers_links"] = [{"rel": "next", "href": href}]
    answer = Answer.json(body)
    answer.headers.update(headers)
    return answer


def same_link(request: Request) -> Answer:
    return _page(["a", "b"], "marker=b")


def marker_kept_page_changes(request: Request) -> Answer:
    # The shape: ?marker=X&page=N, the server ignoring page.
    page = int(request.query.get("page", "1"))
    if "marker" not in request.query:
        return _page(["a", "b"], "marker=b&page=2")
    return _page(["c", "d"], f"marker=b&page={page + 1}")


def two_links_in_a_cycle(request: Request) -> Answer:
    if request.query.get("marker") == "b":
        return _page(["c", "d"], "marker=z")
    return _page(["a", "b"], "marker=b")


def new_marker_same_items(request: Request) -> Answer:
    return _page(["a", "b"], f"marker={uuid.uuid4().hex}")


def empty_pages_same_marker(request: Request) -> Answer:
    if "marker" not in request.query:
        return _page(["a", "b"], "marker=b")
    return _page([], "marker=b&page=x" + uuid.uuid4().hex[:4])


def empty_pages_new_markers(request: Request) -> Answer:
    return _page([], f"marker={uuid.uuid4().hex}")


def link_header_to_itself(request: Request) -> Answer:
    return _page(["a"], "limit=1", header=True)


@pytest.mark.parametrize(
    ("responder", "reason"),
    [
        (same_link, "same next page twice"),
        (marker_kept_page_changes, "repeats the items of an earlier page"),
        (two_links_in_a_cycle, "same next page twice"),
        (new_marker_same_items, "repeats the items of an earlier page"),
        (empty_pages_same_marker, "empty page links to a next page with the same marker"),
        (empty_pages_new_markers, "5 empty pages in a row"),
        (link_header_to_itself, "same next page twice"),
    ],
)
def test_endless_pagination_stops(
    cloud: FaultServer, connect: Connect, responder: Callable[[Request], Answer], reason: str
) -> None:
    conn = connect()
    cloud.route("GET", LIST, responder)
    seen = []
    with pytest.raises(exceptions.InvalidResponse) as caught:
        for server in conn.compute.servers(limit=1 if responder is link_header_to_itself else None):
            seen.append(server.id)
            assert len(seen) < 100
    message = str(caught.value)
    assert reason in message
    assert f"GET {cloud.base}{LIST}" in message
    assert "request id req-" in message
    assert "max_items" in message
    assert len(cloud.calls("GET", LIST)) <= 6


def test_long_listing_pages_through(cloud: FaultServer, connect: Connect) -> None:
    conn = connect()
    assert [s.id for s in conn.compute.servers(limit=7)] == [s["id"] for s in cloud.servers]
    assert len(cloud.calls("GET", LIST)) == 8
