"""Path parameters stay inside their segment, whatever they contain."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from openstack_core import exceptions
from tests.faults.conftest import Connect
from tests.faults.server import FaultServer

NASTY = ["a/b", "../flavors", "a?b=c", "a#frag", "a%2Fb", "naïve-ü/ñ", "a b+c", "%"]


@pytest.mark.parametrize("value", NASTY)
def test_ids_are_one_encoded_segment(cloud: FaultServer, connect: Connect, value: str) -> None:
    conn = connect()
    with pytest.raises(exceptions.NotFoundException):
        conn.compute.get_server(value)
    with pytest.raises(exceptions.NotFoundException):
        conn.image.get_image(value)
    segment = quote(value, safe="")
    assert [r.raw_path for r in cloud.calls("GET", r"/compute/v2.1/servers/.*")] == [
        f"/compute/v2.1/servers/{segment}"
    ]
    assert [r.raw_path for r in cloud.calls("GET", r"/image/v2/images/.*")] == [
        f"/image/v2/images/{segment}"
    ]


@pytest.mark.parametrize("value", [".", ".."])
def test_dot_segments_are_refused_before_sending(
    cloud: FaultServer, connect: Connect, value: str
) -> None:
    conn = connect()
    with pytest.raises(exceptions.InvalidRequest, match="cannot be used as a path segment"):
        conn.compute.get_server(value)
    assert cloud.calls("GET", r"/compute/v2.1/.+") == []


def test_query_values_stay_values(cloud: FaultServer, connect: Connect) -> None:
    conn = connect()
    assert list(conn.compute.servers(name="a&limit=1#x")) == []
    (request,) = cloud.calls("GET", "/compute/v2.1/servers/detail")
    assert request.query == {"name": "a&limit=1#x"}
