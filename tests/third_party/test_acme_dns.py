"""The example third-party plugin, end to end through discovery and mocked HTTP."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest
import requests_mock

from openstack_core import exceptions, plugins
from openstack_core.testing import FakeCloud

DNS = "https://dns.example.com"
KM = "https://key-manager.example.com/v1"


@pytest.fixture
def mock() -> Any:
    with requests_mock.Mocker() as m:
        yield m


@pytest.fixture
def cloud(mock: requests_mock.Mocker) -> FakeCloud:
    cloud = FakeCloud(mock)
    cloud.add_service("dns", DNS, discovery=False)
    cloud.add_service("key-manager", KM)
    return cloud


def _base(cloud: FakeCloud) -> str:
    return f"{DNS}/v2/{cloud.project_id}"


def test_endpoint_template_and_signature(mock: Any, cloud: FakeCloud) -> None:
    mock.get(f"{_base(cloud)}/zones", json={"zones": [{"id": "z1", "name": "example.org."}]})
    mock.get(f"{KM}/secrets", json={"secrets": []})
    conn = cloud.connection(
        dns_access_key_id="AK", dns_secret_key="SK", key_manager_api_version="1"
    )
    assert [z.name for z in conn.dns.zones()] == ["example.org."]
    sent = mock.last_request
    expected = hmac.new(
        b"SK", f"GET\n/v2/{cloud.project_id}/zones".encode(), hashlib.sha256
    ).hexdigest()
    assert sent.headers["X-Acme-Signature"] == f"AK:{expected}"
    list(conn.key_manager.secrets())
    assert "X-Acme-Signature" not in mock.last_request.headers  # only Acme's service signs


def test_no_signature_without_keys(mock: Any, cloud: FakeCloud) -> None:
    mock.get(f"{_base(cloud)}/zones", json={"zones": []})
    list(cloud.connection().dns.zones())
    assert "X-Acme-Signature" not in mock.last_request.headers


def test_response_envelope(mock: Any, cloud: FakeCloud) -> None:
    mock.get(f"{_base(cloud)}/zones/z1", json={"result": {"id": "z1", "ttl": "300"}})
    zone = cloud.connection().dns.get_zone("z1")
    assert zone.id == "z1" and zone.ttl == 300


def test_custom_pagination_key(mock: Any, cloud: FakeCloud) -> None:
    url = f"{_base(cloud)}/zones/z1/recordsets"
    mock.get(
        url,
        [
            {"json": {"recordsets": [{"id": "r1", "type": "A"}], "page": {"next_marker": "r1"}}},
            {"json": {"recordsets": [{"id": "r2", "type": "MX"}], "page": {}}},
        ],
    )
    records = list(cloud.connection().dns.recordsets("z1", limit=1))
    assert [(r.id, r.type, r.zone_id) for r in records] == [("r1", "A", "z1"), ("r2", "MX", "z1")]
    assert mock.last_request.qs == {"limit": ["1"], "marker": ["r1"]}


def test_service_specific_error_mapping(mock: Any, cloud: FakeCloud) -> None:
    mock.get(
        f"{_base(cloud)}/zones/gone",
        status_code=400,
        json={"error_code": "DNS.0302", "error_msg": "The zone does not exist."},
    )
    mock.get(f"{KM}/secrets", status_code=400, json={"error_code": "DNS.0302"})
    conn = cloud.connection(key_manager_api_version="1")
    with pytest.raises(exceptions.NotFoundException, match="The zone does not exist"):
        conn.dns.get_zone("gone")
    with pytest.raises(exceptions.BadRequestException):  # other services map as before
        list(conn.key_manager.secrets())


def test_user_setting_overrides_template(mock: Any, cloud: FakeCloud) -> None:
    mock.get("https://dns.internal/v2/zones", json={"zones": []})
    conn = cloud.connection(dns_endpoint_override="https://dns.internal/v2")
    assert list(conn.dns.zones()) == []


def test_example_plugin_conforms() -> None:
    assert plugins.check_plugin("acme-openstack-dns") == []
