"""Unit tests of the template plugin: exact requests and parsed attributes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests_mock
from openstack_example.v1._proxy import Proxy

from openstack_core import exceptions
from openstack_core.testing import FakeCloud, local_cloud

URL = "https://example.example.com/v1"


@pytest.fixture
def mock() -> Iterator[requests_mock.Mocker]:
    with requests_mock.Mocker() as m:
        yield m


@pytest.fixture
def service(mock: requests_mock.Mocker) -> Proxy:
    cloud = FakeCloud(mock)
    cloud.add_service("example", URL)
    return cloud.proxy(Proxy)  # no need to install the distribution for unit tests


def test_list_with_filters(mock: Any, service: Proxy) -> None:
    mock.get(f"{URL}/widgets", json={"widgets": [{"id": "w1", "size": "3", "enabled": True}]})
    widgets = list(service.widgets(color="red", sort_key="name"))
    assert mock.last_request.qs == {"color": ["red"], "sort": ["name"]}
    assert (widgets[0].size, widgets[0].is_enabled) == (3, True)


def test_create_sends_server_names(mock: Any, service: Proxy) -> None:
    mock.post(f"{URL}/widgets", json={"widget": {"id": "w2", "color": "blue"}})
    widget = service.create_widget(color="blue", is_enabled=False)
    assert mock.last_request.json() == {"widget": {"color": "blue", "enabled": False}}
    assert widget.id == "w2"


def test_update_sends_only_changes(mock: Any, service: Proxy) -> None:
    mock.put(f"{URL}/widgets/w1", json={"widget": {"id": "w1", "size": 5}})
    assert service.update_widget("w1", size=5).size == 5
    assert mock.last_request.json() == {"widget": {"size": 5}}


def test_delete_missing(mock: Any, service: Proxy) -> None:
    mock.delete(f"{URL}/widgets/w9", status_code=404)
    service.delete_widget("w9")
    with pytest.raises(exceptions.NotFoundException):
        service.delete_widget("w9", ignore_missing=False)


def test_reached_through_the_connection(mock: Any) -> None:
    # Needs the distribution installed (pip install -e .): its entry point is read then.
    cloud = FakeCloud(mock)
    cloud.add_service("example", URL)
    mock.get(f"{URL}/widgets", json={"widgets": [{"id": "w1"}]})
    conn = cloud.connection()
    assert isinstance(conn.example, Proxy)
    assert [w.id for w in conn.example.widgets()] == ["w1"]


def test_find_by_name(mock: Any, service: Proxy) -> None:
    mock.get(f"{URL}/widgets/big", status_code=404)
    mock.get(f"{URL}/widgets", json={"widgets": [{"id": "w1", "name": "big"}]})
    found = service.find_widget("big")
    assert found is not None and found.id == "w1"


def test_on_the_local_cloud() -> None:
    # The plugin's own fake (openstack_example/v1/_fake.py), found through its entry
    # point like the Proxy: the whole plugin against stateful widgets, no HTTP mocked.
    with local_cloud() as conn:
        widget = conn.example.create_widget(name="big", color="red", size=3)
        assert conn.example.find_widget("big").id == widget.id
        assert conn.example.update_widget(widget, size=5).size == 5
        assert [w.id for w in conn.example.widgets(color="red")] == [widget.id]
        conn.example.delete_widget(widget)
        with pytest.raises(exceptions.NotFoundException):
            conn.example.get_widget(widget.id)
