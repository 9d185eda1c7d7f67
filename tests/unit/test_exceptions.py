"""HTTP errors become our exceptions, with the server's message in every body shape."""

from __future__ import annotations

from typing import Any

import pytest
import requests_mock
from keystoneauth1 import exceptions as ksa_exc

from openstack_core import _error_body, exceptions
from openstack_core.testing import FakeCloud
from tests.unit.helpers import COMPUTE, ComputeProxy, Server, setup_compute


@pytest.fixture
def mock() -> Any:
    with requests_mock.Mocker() as m:
        yield m


@pytest.fixture
def compute(mock: requests_mock.Mocker) -> ComputeProxy:
    return setup_compute(mock, FakeCloud(mock))


WEBOB_404 = (
    "<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n"
    "  The resource could not be found.<br /><br />\n\n\n\n </body>\n</html>"
)


@pytest.mark.parametrize(
    ("page", "message"),
    [
        # nginx: everything is in the title and the heading that repeats it.
        (
            "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad "
            "Gateway</h1></center><hr><center>nginx</center></body></html>",
            "502 Bad Gateway: nginx",
        ),
        # A maintenance page: its title and heading say different things, both kept;
        # styles and scripts are not text.
        (
            "<html><head><title>Maintenance</title><style>p {color: red}</style></head>"
            "<body><script>track()</script><h1>Back at 14:00 UTC</h1><p>Sorry.</p>"
            "<h1>Status</h1></body></html>",
            "Maintenance: Back at 14:00 UTC: Sorry. Status",
        ),
        ("<p>only &amp; text</p>", "only & text"),
    ],
)
def test_html_error_pages_keep_their_title_and_heading(page: str, message: str) -> None:
    assert _error_body.message_from_html(page) == message


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        (
            {"itemNotFound": {"code": 404, "message": "Instance abc could not be found."}},
            "application/json",
            "Instance abc could not be found.",
        ),
        (
            {"errors": [{"status": 404, "title": "Not Found", "detail": "No resource provider"}]},
            "application/json",
            "No resource provider",
        ),
        (
            {"error": {"code": 404, "title": "Not Found", "message": "Could not find project"}},
            "application/json",
            "Could not find project",
        ),
        ({"message": "flat"}, "application/json", "flat"),
        (WEBOB_404, "text/html; charset=UTF-8", "404 Not Found: The resource could not be found."),
        ("plain words\n", "text/plain", "plain words"),
    ],
)
def test_error_body_shapes(
    mock: Any, compute: ComputeProxy, body: Any, content_type: str, message: str
) -> None:
    kwargs = {"json": body} if isinstance(body, dict) else {"text": body}
    mock.get(
        f"{COMPUTE}/servers/abc",
        status_code=404,
        headers={"Content-Type": content_type, "x-openstack-request-id": "req-42"},
        **kwargs,
    )
    with pytest.raises(exceptions.NotFoundException) as err:
        compute.get("/servers/abc")
    exc = err.value
    assert exc.details == message
    assert exc.status_code == 404 and exc.http_status == 404
    assert exc.request_id == "req-42"
    assert exc.method == "GET" and exc.url == f"{COMPUTE}/servers/abc"
    text = str(exc)
    assert text.startswith(f"GET {COMPUTE}/servers/abc returned HTTP 404 (request id req-42)")
    assert message in text
    assert exceptions.ResourceNotFound is exceptions.NotFoundException


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, exceptions.BadRequestException),
        (401, exceptions.UnauthorizedException),
        (403, exceptions.ForbiddenException),
        (409, exceptions.ConflictException),
        (412, exceptions.PreconditionFailedException),
        (413, exceptions.RequestEntityTooLarge),
        (500, exceptions.ServerError),
        (502, exceptions.ServerError),
        (418, exceptions.HttpException),
    ],
)
def test_status_classes(mock: Any, compute: ComputeProxy, status: int, cls: type) -> None:
    mock.post(
        f"{COMPUTE}/servers/a/action",
        status_code=status,
        headers={"x-compute-request-id": "req-c"},
        json={
            "conflictingRequest": {
                "message": "Cannot 'reboot' instance while it is in vm_state stopped"
            }
        },
    )
    with pytest.raises(cls) as err:
        compute.post("/servers/a/action", json={"reboot": {"type": "SOFT"}})
    assert type(err.value) is cls
    assert err.value.request_id == "req-c"


def test_hints_tell_what_to_do(mock: Any, compute: ComputeProxy) -> None:
    mock.get(f"{COMPUTE}/servers/a", status_code=403, json={"forbidden": {"message": "Policy"}})
    with pytest.raises(exceptions.ForbiddenException, match="lack the role or policy"):
        compute.get("/servers/a")


def test_429_has_retry_after(mock: Any, compute: ComputeProxy) -> None:
    mock.get(f"{COMPUTE}/servers", status_code=429, headers={"Retry-After": "7"}, text="slow")
    with pytest.raises(exceptions.TooManyRequests) as err:
        compute.get("/servers")
    assert err.value.retry_after == 7.0
    assert "Retry after 7 seconds" in str(err.value)


def test_raise_exc_false_returns_response(mock: Any, compute: ComputeProxy) -> None:
    mock.get(f"{COMPUTE}/servers/a", status_code=404)
    assert compute.get("/servers/a", raise_exc=False).status_code == 404


def test_error_message_from_caller_is_kept_with_server_message(
    mock: Any, compute: ComputeProxy
) -> None:
    mock.get(f"{COMPUTE}/servers/zz", status_code=404, json={"itemNotFound": {"message": "gone"}})
    with pytest.raises(exceptions.NotFoundException, match=r"No Server found for zz \(gone\)"):
        compute._get(Server, "zz")


def test_not_found_context_is_left_out_of_other_errors(mock: Any, compute: ComputeProxy) -> None:
    mock.get(
        f"{COMPUTE}/servers/zz",
        status_code=403,
        json={"forbidden": {"message": "Policy does not allow this."}},
    )
    with pytest.raises(exceptions.ForbiddenException) as err:
        compute._get(Server, "zz")
    assert "No Server found" not in str(err.value)
    assert err.value.details == "Policy does not allow this."


def test_hint_after_a_server_message_ending_in_a_full_stop(
    mock: Any, compute: ComputeProxy
) -> None:
    mock.get(
        f"{COMPUTE}/servers/a",
        status_code=403,
        json={"forbidden": {"message": "Policy does not allow this."}},
    )
    with pytest.raises(exceptions.ForbiddenException) as err:
        compute.get("/servers/a")
    assert "Policy does not allow this. The credentials lack" in str(err.value)
    assert ".." not in str(err.value)


@pytest.mark.parametrize(
    ("ksa_error", "ours"),
    [
        (ksa_exc.ConnectFailure("refused"), exceptions.SDKConnectionError),
        (ksa_exc.SSLError("certificate verify failed"), exceptions.SSLError),
        (ksa_exc.ConnectTimeout("slow"), exceptions.SDKConnectionError),
    ],
)
def test_transport_errors_are_ours_with_cause(
    mock: Any, compute: ComputeProxy, ksa_error: Exception, ours: type
) -> None:
    mock.get(f"{COMPUTE}/servers/a", exc=ksa_error)
    with pytest.raises(ours) as err:
        compute.get("/servers/a")
    assert err.value.__cause__ is ksa_error
    assert "GET /servers/a (compute service)" in str(err.value)
    assert isinstance(err.value, ConnectionError)


def test_unreachable_keystone_names_authentication_as_the_failed_step(mock: Any) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.96"))
    mock.post(
        f"{cloud.auth_url}/auth/tokens",
        [
            {"exc": ksa_exc.ConnectFailure("refused")},
            {"json": cloud.token, "headers": {"X-Subject-Token": "t"}, "status_code": 201},
        ],
    )
    proxy = cloud.proxy(ComputeProxy)
    with pytest.raises(exceptions.SDKConnectionError) as err:
        proxy.get("/servers")
    assert str(err.value).startswith(
        f"authentication at {cloud.auth_url} (needed for GET /servers (compute service)): "
        "could not connect"
    )
    # Once authenticated, a connection failure is the service's.
    mock.get(f"{COMPUTE}/servers/a", exc=ksa_exc.ConnectFailure("refused"))
    with pytest.raises(exceptions.SDKConnectionError) as err:
        proxy.get("/servers/a")
    assert str(err.value).startswith("GET /servers/a (compute service): could not connect")


def test_missing_catalog_entry_names_type_region_interface(mock: Any) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("image", "https://image.example.com/v2")
    proxy = cloud.proxy(ComputeProxy)
    with pytest.raises(exceptions.EndpointNotFound) as err:
        proxy.get("/servers")
    exc = err.value
    assert (exc.service_type, exc.region_name, exc.interface) == (
        "compute",
        "RegionOne",
        "public",
    )
    assert "'compute' endpoint for region 'RegionOne'" in str(exc)
    assert "compute_endpoint_override" in str(exc)


def test_auth_failure_is_unauthorized(mock: Any) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("compute", COMPUTE)
    mock.post(
        f"{cloud.auth_url}/auth/tokens",
        status_code=401,
        json={
            "error": {
                "code": 401,
                "message": "The request you have made requires authentication.",
                "title": "Unauthorized",
            }
        },
    )
    proxy = cloud.proxy(ComputeProxy)
    with pytest.raises(exceptions.UnauthorizedException) as err:
        proxy.get("/servers")
    assert "requires authentication" in str(err.value)
    assert "fake-password" not in str(err.value)


def test_tree_roots() -> None:
    for name in exceptions.__all__:
        obj = getattr(exceptions, name)
        if isinstance(obj, type):
            assert issubclass(obj, exceptions.SDKException), name
    assert issubclass(exceptions.ServiceNotInstalled, AttributeError)
    assert issubclass(exceptions.InvalidRequest, ValueError)
    assert issubclass(exceptions.PluginConflictError, exceptions.PluginLoadError)


def test_config_exception_says_where() -> None:
    exc = exceptions.ConfigException("bad", file="/x/clouds.yaml", line=3)
    assert str(exc) == "/x/clouds.yaml:3: bad" and exc.line == 3
