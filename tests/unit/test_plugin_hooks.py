"""The plugin API hooks and helpers of the core, through mocked HTTP only.

The example vendor plugin (tests/third_party) exercises the same hooks end to end on a
Connection; these tests pin the core's side of each contract on bare Proxy classes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
import requests_mock

from openstack_core import exceptions, plugins, proxy, resource
from openstack_core.testing import AUTH_URL, FakeCloud

WIDGETS = "https://widgets.example.com/v1"


class Widget(resource.Resource):
    """A resource with a Nova-style action and a sub-collection."""

    resource_key = "widget"
    resources_key = "widgets"
    base_path = "/widgets"
    allow_fetch = allow_list = True
    _max_microversion = "1.5"

    color = resource.Body("color")
    etag = resource.Header("ETag")


class WidgetProxy(proxy.Proxy):
    """Records every request it makes."""

    service_type = "acme-widgets"
    api_version = 1
    plugin_api_version = "1.1"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.records: list[proxy.RequestRecord] = []

    def on_response(self, record: proxy.RequestRecord) -> None:
        """Keep the record."""
        self.records.append(record)


@pytest.fixture
def mock() -> Iterator[requests_mock.Mocker]:
    with requests_mock.Mocker() as m:
        yield m


@pytest.fixture
def cloud(mock: requests_mock.Mocker) -> FakeCloud:
    cloud = FakeCloud(mock)
    cloud.add_service("acme-widgets", WIDGETS, microversions=("1.0", "1.9"))
    return cloud


# -- on_response ------------------------------------------------------------------------


def test_on_response_sees_method_url_status_and_time(mock: Any, cloud: FakeCloud) -> None:
    mock.get(f"{WIDGETS}/widgets/w1", json={"widget": {"id": "w1"}})
    mock.get(f"{WIDGETS}/widgets/gone", status_code=404, json={"message": "no such widget"})
    widgets = cloud.proxy(WidgetProxy)
    widgets.request("/widgets/w1", "GET")
    with pytest.raises(exceptions.NotFoundException):
        widgets.request("/widgets/gone", "GET")
    ok, missing = widgets.records
    assert (ok.service_type, ok.method, ok.url, ok.status_code) == (
        "acme-widgets",
        "GET",
        f"{WIDGETS}/widgets/w1",
        200,
    )
    assert ok.elapsed >= 0 and ok.exception is None and ok.response is not None
    assert (missing.status_code, missing.exception) == (404, None)


def test_on_response_sees_failures_without_a_response(mock: Any, cloud: FakeCloud) -> None:
    mock.get(f"{WIDGETS}/widgets", exc=requests.exceptions.ConnectionError("refused"))
    widgets = cloud.proxy(WidgetProxy, connect_retries=0)
    with pytest.raises(exceptions.SDKConnectionError) as err:
        widgets.request("/widgets", "GET")
    (record,) = widgets.records
    assert record.status_code is None and record.response is None
    assert record.exception is err.value and record.url == "/widgets"


def test_a_failing_on_response_names_the_hook(mock: Any, cloud: FakeCloud) -> None:
    class Broken(WidgetProxy):
        """Its metrics hook is buggy."""

        def on_response(self, record: proxy.RequestRecord) -> None:
            """Fails."""
            raise KeyError("counter")

    mock.get(f"{WIDGETS}/widgets", json={"widgets": []})
    with pytest.raises(
        exceptions.SDKException, match=r"Broken\.on_response raised KeyError"
    ) as err:
        cloud.proxy(Broken).request("/widgets", "GET")
    assert isinstance(err.value.__cause__, KeyError)


# -- error mapping ----------------------------------------------------------------------


class RemappingProxy(WidgetProxy):
    """Maps the service's 400 ``W.404`` to NotFoundException."""

    def exception_for_response(
        self, response: requests.Response, error_message: str | None = None
    ) -> exceptions.HttpException:
        """Acme's error code for a missing widget."""
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and body.get("code") == "W.404":
            return exceptions.exception_from_response(
                response,
                cls=exceptions.NotFoundException,
                details=body.get("text"),
                error_message=error_message,
            )
        return super().exception_for_response(response, error_message)


def test_exception_from_response_with_class_and_context(mock: Any, cloud: FakeCloud) -> None:
    mock.get(
        f"{WIDGETS}/widgets/w9",
        status_code=400,
        json={"code": "W.404", "text": "no widget w9"},
        headers={"X-OpenStack-Request-Id": "req-1"},
    )
    widgets = cloud.proxy(RemappingProxy)
    with pytest.raises(exceptions.NotFoundException) as err:
        widgets._get(Widget, "w9")
    exc = err.value
    assert (exc.status_code, exc.request_id, exc.method) == (400, "req-1", "GET")
    assert exc.url == f"{WIDGETS}/widgets/w9"
    assert exc.details == "No Widget found for w9 (no widget w9)"


def test_error_hook_and_default_mapping_survive_non_json(mock: Any, cloud: FakeCloud) -> None:
    mock.get(
        f"{WIDGETS}/widgets",
        status_code=502,
        text="<html><title>502 Bad Gateway</title></html>",
        headers={"Content-Type": "text/html", "X-OpenStack-Request-Id": "req-2"},
    )
    with pytest.raises(exceptions.ServerError) as err:
        cloud.proxy(RemappingProxy).request("/widgets", "GET")
    assert (err.value.status_code, err.value.request_id) == (502, "req-2")
    assert "502 Bad Gateway" in str(err.value)


def test_a_failing_error_hook_still_raises_the_services_error(mock: Any, cloud: FakeCloud) -> None:
    class Careless(WidgetProxy):
        """Assumes every error body is JSON."""

        def exception_for_response(
            self, response: requests.Response, error_message: str | None = None
        ) -> exceptions.HttpException:
            """Crashes on HTML."""
            response.json()
            raise AssertionError("unreachable")

    mock.get(f"{WIDGETS}/widgets", status_code=503, text="<h1>down</h1>")
    with pytest.raises(exceptions.ServerError) as err:
        cloud.proxy(Careless, status_code_retries=0).request("/widgets", "GET")
    assert "Careless.exception_for_response failed" in str(err.value)
    assert isinstance(err.value.__cause__, ValueError)


def test_authentication_errors_do_not_reach_the_services_hook(mock: Any) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("acme-widgets", WIDGETS)
    # Keystone's answer happens to carry the service's error code: still a 401.
    mock.post(f"{AUTH_URL}/auth/tokens", status_code=401, json={"code": "W.404"})
    with pytest.raises(exceptions.UnauthorizedException) as err:
        cloud.proxy(RemappingProxy).request("/widgets", "GET")
    assert err.value.url == f"{AUTH_URL}/auth/tokens"


# -- plugin API version -----------------------------------------------------------------


@pytest.mark.parametrize("declared", ["1.0", "1.1"])
def test_plugin_api_versions_accepted(declared: str) -> None:
    cls = type("P", (WidgetProxy,), {"plugin_api_version": declared, "__doc__": "P."})
    assert plugins.contract_violations(cls, plugins.EntryName("acme-widgets", 1)) == []


@pytest.mark.parametrize(
    ("declared", "says"),
    [
        ("3.0", "loads plugin API 1.0-1.1, 2.0-2.1"),
        ("0.9", "loads plugin API 1.0-1.1, 2.0-2.1"),
        ("1.2", "upgrade openstack-core"),
        ("2.2", "upgrade openstack-core"),
        ("2", "must look like '2.0'"),
        (2.0, "must look like '2.0'"),
    ],
)
def test_plugin_api_versions_refused(declared: object, says: str) -> None:
    cls = type("P", (WidgetProxy,), {"plugin_api_version": declared, "__doc__": "P."})
    (problem,) = plugins.contract_violations(cls, plugins.EntryName("acme-widgets", 1))
    assert says in problem and repr(declared) in problem


# -- catalog types and endpoints --------------------------------------------------------


class CatalogTypeProxy(WidgetProxy):
    """Catalogued as ``widgets`` or ``acme-widget-service`` by different clouds."""

    catalog_types = ("widgets", "acme-widget-service")
    endpoint_template = "{endpoint}/%(project_id)s"


def test_catalog_types_find_the_endpoint(mock: Any) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service(
        "acme-widget-service", "https://w.example.com/v1", microversions=("1.0", "1.9")
    )
    url = f"https://w.example.com/v1/{cloud.project_id}/widgets"
    mock.get(url, json={"widgets": [{"id": "w1"}]})
    widgets = cloud.proxy(CatalogTypeProxy)
    assert [w.id for w in widgets._list(Widget)] == ["w1"]
    assert mock.last_request.url == url
    # The microversion header names the service, not the catalog entry it was found as.
    assert mock.last_request.headers["OpenStack-API-Version"] == "acme-widgets 1.5"
    assert widgets.get_endpoint() == f"https://w.example.com/v1/{cloud.project_id}"


def test_no_catalog_type_found_names_every_type(mock: Any) -> None:
    cloud = FakeCloud(mock)
    with pytest.raises(exceptions.EndpointNotFound) as err:
        cloud.proxy(CatalogTypeProxy).request("/widgets", "GET")
    assert "'acme-widgets' or 'widgets' or 'acme-widget-service'" in str(err.value)


def test_get_endpoint_is_the_url_requests_use(mock: Any) -> None:
    class Templated(WidgetProxy):
        """Project id in the path."""

        endpoint_template = "{endpoint}/%(project_id)s"

    cloud = FakeCloud(mock)
    cloud.add_service("acme-widgets", "https://t.example.com/v2", microversions=("1.0", "1.3"))
    widgets = cloud.proxy(Templated)
    expected = f"https://t.example.com/v2/{cloud.project_id}"
    assert widgets.get_endpoint() == expected  # before any request...
    mock.get(f"{expected}/widgets", json={"widgets": []})
    # Version discovery still asks the catalog URL, never the unsubstituted template.
    assert list(widgets._list(Widget)) == []
    assert mock.last_request.headers["OpenStack-API-Version"] == "acme-widgets 1.3"
    assert widgets.get_endpoint() == expected  # ...and after it


# -- resource helpers -------------------------------------------------------------------


def test_resource_path_encodes_id_and_segments() -> None:
    widget = Widget.existing(id="a/b")
    assert widget.resource_path() == "/widgets/a%2Fb"
    assert widget.resource_path("os-extra_specs", "k/1") == "/widgets/a%2Fb/os-extra_specs/k%2F1"
    assert widget.resource_path(requires_id=False) == "/widgets"


def test_invoke_action_negotiates_and_translate_response_merges(
    mock: Any, cloud: FakeCloud
) -> None:
    mock.post(
        f"{WIDGETS}/widgets/w1/action",
        json={"widget": {"color": "red"}},
        headers={"ETag": "e2"},
    )
    mock.post(f"{WIDGETS}/widgets/w1/actions/paint", status_code=204)
    widgets = cloud.proxy(WidgetProxy)
    widget = Widget.existing(id="w1", color="blue")
    response = widget.invoke_action(widgets, {"paint": {"color": "red"}})
    assert mock.last_request.json() == {"paint": {"color": "red"}}
    assert mock.last_request.headers["OpenStack-API-Version"] == "acme-widgets 1.5"
    widget.translate_response(response)
    assert (widget.id, widget.color, widget.etag, widget.microversion) == ("w1", "red", "e2", "1.5")
    widget.invoke_action(widgets, path=("actions", "paint"), microversion="1.2")
    assert mock.last_request.body is None
    assert mock.last_request.headers["OpenStack-API-Version"] == "acme-widgets 1.2"
    with pytest.raises(exceptions.NotSupported, match=r"2\.0"):
        widget.invoke_action(widgets, {}, required_microversion="2.0")


def test_microversion_for_and_its_old_name(mock: Any, cloud: FakeCloud) -> None:
    widgets = cloud.proxy(WidgetProxy)
    assert widgets.microversion_for(Widget, "list") == "1.5"
    assert widgets._microversion_for(Widget, "list", requested="1.1") == "1.1"


def test_translate_response_override_applies_to_fetch(mock: Any, cloud: FakeCloud) -> None:
    class Located(Widget):
        """Takes its id from the Location header."""

        def translate_response(self, response: requests.Response, *, merge: bool = True) -> None:
            """Body, then the id from Location."""
            super().translate_response(response, merge=merge)
            self.set_from_server(id=response.headers["Location"].rsplit("/", 1)[-1])

    mock.get(
        f"{WIDGETS}/widgets/old",
        json={"widget": {"color": "green"}},
        headers={"Location": f"{WIDGETS}/widgets/new"},
    )
    widget = cloud.proxy(WidgetProxy)._get(Located, "old")
    assert (widget.id, widget.color) == ("new", "green")
