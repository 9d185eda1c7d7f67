"""What is sent again after a 401, what never is (one-shot bodies), and how broken reads
and read timeouts are reported; 429 and Retry-After are in test_retries."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import requests
import requests_mock

from openstack_core import _resend, exceptions
from openstack_core.testing import FakeCloud
from tests.unit.helpers import COMPUTE, ComputeProxy, Server


@pytest.fixture
def cloud(fake_cloud: FakeCloud) -> FakeCloud:
    fake_cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.96"))
    return fake_cloud


@pytest.fixture
def mock(cloud: FakeCloud) -> requests_mock.Mocker:
    return cloud.mocker


def _calls(mock: requests_mock.Mocker, method: str, url: str) -> list[Any]:
    return [r for r in mock.request_history if r.method == method and r.url == url]


def _logins(mock: requests_mock.Mocker) -> int:
    return len([r for r in mock.request_history if r.path.endswith("/auth/tokens")])


# -- 401 --------------------------------------------------------------------------------


def test_a_401_renews_the_token_and_resends_a_replayable_body(
    mock: requests_mock.Mocker, cloud: FakeCloud
) -> None:
    compute = cloud.proxy(ComputeProxy)
    mock.post(
        f"{COMPUTE}/servers",
        [{"status_code": 401}, {"status_code": 202, "json": {"server": {"id": "s"}}}],
    )
    response = compute.request("/servers", "POST", json={"server": {"name": "a"}})
    assert response.status_code == 202
    first, second = _calls(mock, "POST", f"{COMPUTE}/servers")
    assert first.body == second.body
    assert _logins(mock) == 2


def test_a_one_shot_body_is_never_resent(mock: requests_mock.Mocker, cloud: FakeCloud) -> None:
    # keystoneauth1 would resend the consumed generator: an empty body, stored as data.
    compute = cloud.proxy(ComputeProxy)
    mock.put(f"{COMPUTE}/data", [{"status_code": 401}, {"status_code": 204}])
    with pytest.raises(exceptions.BodyNotResent) as caught:
        compute.request("/data", "PUT", data=iter([b"abc", b"def"]))
    assert isinstance(caught.value, exceptions.UnauthorizedException)
    assert "send the data again from its start" in str(caught.value)
    assert len(_calls(mock, "PUT", f"{COMPUTE}/data")) == 1
    assert _logins(mock) == 2  # the token was renewed, for the caller's next attempt


def test_a_one_shot_body_gets_no_connect_or_status_retries(
    mock: requests_mock.Mocker, cloud: FakeCloud, monkeypatch: pytest.MonkeyPatch
) -> None:
    delays: list[float] = []
    monkeypatch.setattr("time.sleep", delays.append)
    compute = cloud.proxy(ComputeProxy, connect_retries=3, status_code_retries=3)
    mock.put(f"{COMPUTE}/data", [{"status_code": 503}, {"status_code": 204}])
    with pytest.raises(exceptions.ServerError):
        compute.request("/data", "PUT", data=iter([b"abc"]))
    mock.put(f"{COMPUTE}/data", exc=requests.exceptions.ConnectionError("reset"))
    with pytest.raises(exceptions.SDKConnectionError):
        compute.request("/data", "PUT", data=iter([b"abc"]))
    assert len(_calls(mock, "PUT", f"{COMPUTE}/data")) == 2
    assert delays == []


def test_a_401_with_allow_reauth_false_is_final(
    mock: requests_mock.Mocker, cloud: FakeCloud
) -> None:
    compute = cloud.proxy(ComputeProxy)
    mock.get(f"{COMPUTE}/servers/a", [{"status_code": 401}, {"json": {"server": {"id": "a"}}}])
    with pytest.raises(exceptions.UnauthorizedException):
        compute.request("/servers/a", "GET", allow_reauth=False)
    assert _logins(mock) == 1


class _Plugin:
    """An auth plugin counting logins; its token changes at each one."""

    def __init__(self) -> None:
        self.token: str | None = "t1"
        self.logins = 0

    def get_headers(self, session: Any) -> dict[str, str]:
        if self.token is None:
            self.logins += 1
            self.token = f"t{self.logins + 1}"
        return {"X-Auth-Token": self.token}

    def invalidate(self) -> bool:
        self.token = None
        return True


class _Session:
    def get_auth_headers(self, auth: _Plugin) -> dict[str, str]:
        return auth.get_headers(self)

    def invalidate(self, auth: _Plugin) -> bool:
        return auth.invalidate()


def _rejected(token: str) -> requests.Response:
    response = requests.Response()
    response.status_code = 401
    response.request = requests.Request("GET", "http://x/", headers={"X-Auth-Token": token})
    response.request = response.request.prepare()  # type: ignore[assignment]
    return response


def test_renew_token_logs_in_once_for_every_caller_of_the_same_token() -> None:
    # keystoneauth1 asks invalidate() of every caller: the second one finds nothing to
    # invalidate (and gives up with a 401) or throws away the first one's new token.
    plugin, session = _Plugin(), _Session()
    assert _resend.renew_token(session, plugin, _rejected("t1"))  # type: ignore[arg-type]
    assert plugin.logins == 1 and plugin.token == "t2"
    # A caller whose request carried t1 too: t2 is used, nobody logs in again.
    assert _resend.renew_token(session, plugin, _rejected("t1"))  # type: ignore[arg-type]
    assert plugin.logins == 1 and plugin.token == "t2"
    # t2 revoked in turn: one more login.
    assert _resend.renew_token(session, plugin, _rejected("t2"))  # type: ignore[arg-type]
    assert plugin.logins == 2


def test_renew_token_under_threads() -> None:
    plugin, session = _Plugin(), _Session()
    barrier = threading.Barrier(16)
    results: list[bool] = []

    def renew() -> None:
        barrier.wait()
        results.append(_resend.renew_token(session, plugin, _rejected("t1")))  # type: ignore[arg-type]

    threads = [threading.Thread(target=renew) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True] * 16
    assert plugin.logins == 1


def test_renew_token_gives_up_when_the_plugin_cannot_renew() -> None:
    plugin, session = _Plugin(), _Session()
    plugin.invalidate = lambda: False  # type: ignore[method-assign]
    assert not _resend.renew_token(session, plugin, _rejected("t1"))  # type: ignore[arg-type]


# -- broken reads and timeouts -----------------------------------------------------------


def test_a_connection_broken_while_reading_is_a_connection_error(
    mock: requests_mock.Mocker, cloud: FakeCloud
) -> None:
    mock.get(
        f"{COMPUTE}/servers/a",
        exc=requests.exceptions.ChunkedEncodingError("Connection broken: IncompleteRead"),
    )
    with pytest.raises(exceptions.SDKConnectionError) as caught:
        cloud.proxy(ComputeProxy)._get(Server, "a")
    assert "broke while the answer was being read" in str(caught.value)
    assert "IncompleteRead" in str(caught.value)


def test_a_read_timeout_says_so_and_names_api_timeout(
    mock: requests_mock.Mocker, cloud: FakeCloud
) -> None:
    mock.get(f"{COMPUTE}/servers/a", exc=requests.exceptions.ReadTimeout("read timed out"))
    compute = cloud.proxy(ComputeProxy)
    compute.session.timeout = 7.5
    with pytest.raises(exceptions.SDKConnectionError) as caught:
        compute._get(Server, "a")
    message = str(caught.value)
    assert "timed out: the service sent no answer within 7.5 seconds (api_timeout)" in message
    assert "raise api_timeout" in message
    assert "could not connect" not in message


def test_a_connect_timeout_is_still_could_not_connect(
    mock: requests_mock.Mocker, cloud: FakeCloud
) -> None:
    mock.get(f"{COMPUTE}/servers/a", exc=requests.exceptions.ConnectTimeout("connect timeout"))
    with pytest.raises(exceptions.SDKConnectionError, match="could not connect"):
        cloud.proxy(ComputeProxy)._get(Server, "a")
