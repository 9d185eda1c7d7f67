"""The example third-party plugin, end to end through discovery and mocked HTTP."""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

import pytest
import requests_mock

from openstack_core import exceptions, plugins
from openstack_core.testing import AUTH_URL, FakeCloud, local_cloud

DNS = "https://dns.example.com"
KM = "https://key-manager.example.com/v1"
COMPUTE = "https://compute.example.com/v2.1"


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
        headers={"X-OpenStack-Request-Id": "req-dns-1"},
    )
    mock.get(f"{KM}/secrets", status_code=400, json={"error_code": "DNS.0302"})
    conn = cloud.connection(key_manager_api_version="1")
    with pytest.raises(exceptions.NotFoundException) as err:
        conn.dns.get_zone("gone")
    exc = err.value
    assert (exc.status_code, exc.request_id, exc.method) == (400, "req-dns-1", "GET")
    assert exc.url == f"{_base(cloud)}/zones/gone"
    assert exc.details == "No Zone found for gone (The zone does not exist.)"
    with pytest.raises(exceptions.BadRequestException):  # other services map as before
        list(conn.key_manager.secrets())


def test_error_body_that_is_not_json(mock: Any, cloud: FakeCloud) -> None:
    mock.get(
        f"{_base(cloud)}/zones",
        status_code=502,
        text="<html><title>502 Bad Gateway</title><body>upstream down</body></html>",
        headers={"Content-Type": "text/html", "X-OpenStack-Request-Id": "req-dns-2"},
    )
    with pytest.raises(exceptions.ServerError) as err:
        list(cloud.connection().dns.zones())
    assert (err.value.status_code, err.value.request_id) == (502, "req-dns-2")
    assert "upstream down" in str(err.value)


@pytest.mark.parametrize(
    ("keystone", "expected"),
    [
        (
            {"status_code": 401, "json": {"error_code": "DNS.0302"}},
            exceptions.UnauthorizedException,
        ),
        (
            {"status_code": 503, "text": "<h1>Service Unavailable</h1>"},
            exceptions.ServerError,
        ),
    ],
)
def test_authentication_errors_map_the_default_way(
    mock: Any, cloud: FakeCloud, keystone: dict[str, Any], expected: type[Exception]
) -> None:
    # Keystone fails while authenticating for a DNS call: its answer is no DNS error,
    # so Acme's error hook must not see it, and the error is the one compute gets.
    cloud.add_service("compute", COMPUTE)
    mock.post(f"{AUTH_URL}/auth/tokens", **keystone)
    with pytest.raises(expected) as dns_error:
        list(cloud.connection().dns.zones())
    with pytest.raises(expected) as compute_error:
        list(cloud.connection().compute.flavors())
    assert type(dns_error.value) is type(compute_error.value)
    assert dns_error.value.url == f"{AUTH_URL}/auth/tokens"


def test_metrics_hook_sees_only_dns_calls(
    mock: Any, cloud: FakeCloud, caplog: pytest.LogCaptureFixture
) -> None:
    cloud.add_service("compute", COMPUTE, microversions=("2.1", "2.96"))
    mock.get(f"{_base(cloud)}/zones", json={"zones": []})
    mock.get(f"{_base(cloud)}/zones/gone", status_code=404)
    mock.get(f"{COMPUTE}/flavors/detail", json={"flavors": []})
    mock.get(f"{KM}/secrets", json={"secrets": []})
    conn = cloud.connection(key_manager_api_version="1")
    with caplog.at_level(logging.INFO, logger="acme_dns.metrics"):
        list(conn.dns.zones())
        list(conn.compute.flavors())
        list(conn.key_manager.secrets())
        with pytest.raises(exceptions.NotFoundException):
            conn.dns.get_zone("gone")
    lines = [
        r.getMessage().rsplit(" ", 1)[0] for r in caplog.records if r.name == "acme_dns.metrics"
    ]
    assert lines == [f"GET {_base(cloud)}/zones 200", f"GET {_base(cloud)}/zones/gone 404"]


def test_catalog_lists_the_service_under_its_own_type(mock: Any) -> None:
    cloud = FakeCloud(mock)
    cloud.add_service("acme-dns", "https://acme-dns.example.com", discovery=False)
    url = f"https://acme-dns.example.com/v2/{cloud.project_id}/zones"
    mock.get(url, json={"zones": [{"id": "z1"}]})
    conn = cloud.connection()
    assert [z.id for z in conn.dns.zones()] == ["z1"]
    assert mock.last_request.url == url
    assert conn.dns.get_endpoint() == f"https://acme-dns.example.com/v2/{cloud.project_id}"


def test_zone_action(mock: Any, cloud: FakeCloud) -> None:
    mock.post(f"{_base(cloud)}/zones/z1/tasks/abandon", status_code=204)
    cloud.connection().dns.abandon_zone("z1")
    assert mock.last_request.method == "POST" and mock.last_request.body is None


def test_user_setting_overrides_template(mock: Any, cloud: FakeCloud) -> None:
    mock.get("https://dns.internal/v2/zones", json={"zones": []})
    conn = cloud.connection(dns_endpoint_override="https://dns.internal/v2")
    assert list(conn.dns.zones()) == []


def test_example_plugin_conforms() -> None:
    assert plugins.check_plugin("acme-openstack-dns") == []


# -- plugins written for plugin API 1.x keep loading -------------------------------------


def test_acme_dns_is_a_plugin_api_1_plugin() -> None:
    import acme_dns

    assert acme_dns.Proxy.plugin_api_version == "1.1"
    assert plugins.check_plugin("acme-openstack-dns") == []


def test_a_plugin_api_1_0_plugin_using_the_1_0_names_loads_and_works(
    mock: Any, cloud: FakeCloud
) -> None:
    from acme_dns import Proxy, Zone

    class OldZone(Zone):
        """Written for plugin API 1.0: calls the names 1.0 documented."""

        def refresh(self, session: Any) -> OldZone:
            """GET the zone with 1.0's _url(), _translate() and _microversion_for()."""
            version = session._microversion_for(type(self), "fetch")
            self._translate(session.request(self._url(), "GET", microversion=version), True)
            return self

    class OldProxy(Proxy):
        """Declares 1.0."""

        plugin_api_version = "1.0"

    assert plugins.contract_violations(OldProxy, plugins.EntryName("dns", 2)) == []
    mock.get(f"{_base(cloud)}/zones/z1", json={"result": {"id": "z1", "ttl": 60}})
    conn = cloud.connection(extra_services={"dns": OldProxy})
    zone = OldZone.existing(id="z1").refresh(conn.dns)
    assert zone.ttl == 60


# -- the vendor's fake, on the local cloud -----------------------------------------------


def test_acme_dns_on_the_local_cloud() -> None:
    from acme_dns import Zone

    # The Proxy's endpoint template, envelope, pagination and error hooks against Acme's
    # own fake (acme_dns/_fake.py), found through its openstack_core.fakes entry point.
    with local_cloud() as conn:
        zone = Zone.new(name="example.org.", email="admin@example.org", ttl=300).create(conn.dns)
        project = conn.current_project_id
        assert conn.dns.get_endpoint().endswith(f"/acme-dns/v2/{project}")
        assert [z.name for z in conn.dns.zones()] == ["example.org."]
        assert conn.dns.get_zone(zone.id).ttl == 300
        assert [r.type for r in conn.dns.recordsets(zone, limit=1)] == ["SOA", "NS"]
        conn.dns.abandon_zone(zone)
        with pytest.raises(exceptions.NotFoundException) as missing:
            conn.dns.get_zone(zone.id)
        assert missing.value.status_code == 400 and "The zone does not exist." in str(missing.value)
