"""The core against a real Keystone: auth methods, catalog, regions, interfaces.

Only Keystone runs for these tests. Services the catalog needs for region and
interface selection are registered with URLs that are never contacted
(``skip_discovery``), so the tests see exactly the catalog Keystone returns.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from keystoneauth1 import adapter

import openstack_core
from openstack_core import exceptions
from openstack_core.proxy import Proxy
from tests.functional.harness.fixtures import clean_environ
from tests.functional.harness.stack import Stack

UNUSED = "http://127.0.0.1:9"  # discard port: registered in the catalog, never contacted


class IdentityProxy(Proxy):
    """A bare identity Proxy declared here; the core ships no identity plugin."""

    service_type = "identity"
    api_version = 3
    plugin_api_version = "1.0"


class DnsProxy(Proxy):
    """A bare dns Proxy, for a service the harness registers with fake URLs."""

    service_type = "dns"
    api_version = 2
    plugin_api_version = "1.0"


class KeyManagerProxy(Proxy):
    """A bare key-manager Proxy: the catalog has no key-manager service."""

    service_type = "key-manager"
    api_version = 1
    plugin_api_version = "1.0"


@pytest.fixture(scope="module")
def dns_catalog(functional_stack: Stack) -> dict[str, str]:
    """A dns service with public and internal endpoints in RegionOne and a public
    one in RegionTwo."""
    stack = functional_stack
    stack.admin_session().post(
        stack.keystone_url + "/regions", json={"region": {"id": "RegionTwo"}}
    )
    urls = {
        "public": f"{UNUSED}/dns-public",
        "internal": f"{UNUSED}/dns-internal",
        "two": f"{UNUSED}/dns-region-two",
    }
    service_id = stack.register("dns", "designate", urls["public"])
    for interface, region, url in (
        ("internal", "RegionOne", urls["internal"]),
        ("public", "RegionTwo", urls["two"]),
    ):
        stack.admin_session().post(
            stack.keystone_url + "/endpoints",
            json={
                "endpoint": {
                    "service_id": service_id,
                    "interface": interface,
                    "url": url,
                    "region_id": region,
                }
            },
        )
    return urls


def test_password_authorize(admin_conn, functional_stack):
    token = admin_conn.authorize()
    assert token
    assert admin_conn.current_project_id == functional_stack.ids["admin_project"]


def test_non_admin_password_authorize(demo_conn, functional_stack):
    assert demo_conn.authorize()
    assert demo_conn.current_project_id == functional_stack.ids["demo_project"]


def test_wrong_password_is_an_sdk_exception(clouds_yaml, functional_stack):
    conn = openstack_core.connect(cloud="demo", auth={"password": "not-the-password"})
    with pytest.raises(exceptions.SDKException):
        conn.authorize()


def test_token_auth(demo_conn, functional_stack, clouds_yaml):
    token = demo_conn.authorize()
    with openstack_core.connect(
        auth_url=functional_stack.keystone_url,
        auth={"token": token, "project_id": functional_stack.ids["demo_project"]},
        region_name="RegionOne",
        extra_services={"identity": IdentityProxy},
    ) as by_token:
        assert by_token.current_project_id == functional_stack.ids["demo_project"]
        response = by_token.identity.get("/auth/projects")
        names = [p["name"] for p in response.json()["projects"]]
        assert names == ["demo"]


def test_application_credential_created_then_used(demo_conn, functional_stack, clouds_yaml):
    user_id = functional_stack.ids["demo_user"]
    identity = adapter.Adapter(demo_conn.session, service_type="identity", interface="public")
    created = identity.post(
        f"/users/{user_id}/application_credentials",
        json={"application_credential": {"name": "functional-appcred"}},
        log=False,
    ).json()["application_credential"]
    try:
        with openstack_core.connect(
            auth_url=functional_stack.keystone_url,
            auth={
                "application_credential_id": created["id"],
                "application_credential_secret": created["secret"],
            },
            region_name="RegionOne",
        ) as by_appcred:
            assert by_appcred.authorize()
            assert by_appcred.current_project_id == functional_stack.ids["demo_project"]
            assert by_appcred.has_catalog_entry("identity")
    finally:
        identity.delete(f"/users/{user_id}/application_credentials/{created['id']}")


def test_catalog_lists_identity_not_unregistered_types(admin_conn):
    assert admin_conn.has_catalog_entry("identity")
    assert not admin_conn.has_catalog_entry("key-manager")


def test_interface_and_region_selection(clouds_yaml, dns_catalog):
    def endpoint(**kwargs) -> str:
        with openstack_core.connect(
            cloud="demo", extra_services={"dns": DnsProxy}, **kwargs
        ) as conn:
            return str(conn.dns.get_endpoint(skip_discovery=True))

    assert endpoint() == dns_catalog["public"]
    assert endpoint(interface="internal") == dns_catalog["internal"]
    assert endpoint(region_name="RegionTwo") == dns_catalog["two"]
    with openstack_core.connect(cloud="demo", region_name="RegionTwo") as conn:
        assert conn.has_catalog_entry("dns")
    with openstack_core.connect(cloud="demo", interface="internal", region_name="RegionTwo") as c:
        assert not c.has_catalog_entry("dns")


def test_service_missing_from_catalog_raises_endpoint_not_found(clouds_yaml):
    with openstack_core.connect(
        cloud="demo", extra_services={"key-manager": KeyManagerProxy}
    ) as conn:
        with pytest.raises(exceptions.EndpointNotFound) as caught:
            conn.key_manager.get("/secrets")
    assert caught.value.service_type == "key-manager"
    assert caught.value.region_name == "RegionOne"


def test_missing_region_raises_endpoint_not_found(clouds_yaml):
    with openstack_core.connect(
        cloud="demo", region_name="NoSuchRegion", extra_services={"identity": IdentityProxy}
    ) as conn:
        with pytest.raises(exceptions.EndpointNotFound) as caught:
            conn.identity.get("/auth/projects")
    assert caught.value.region_name == "NoSuchRegion"


def test_real_version_discovery_through_a_proxy(clouds_yaml):
    with openstack_core.connect(cloud="demo", extra_services={"identity": IdentityProxy}) as c:
        response = c.identity.get("/auth/projects")
        assert response.status_code == 200
        assert c.identity.get_endpoint().rstrip("/").endswith("/v3")


def test_token_reused_across_calls(clouds_yaml):
    with openstack_core.connect(cloud="demo", extra_services={"identity": IdentityProxy}) as c:
        sent: list[tuple[str, str]] = []
        c.session.session.hooks["response"].append(
            lambda response, **kwargs: sent.append((response.request.method, response.url))
        )
        for _ in range(5):
            c.identity.get("/auth/projects")
        c.authorize()
        assert c.has_catalog_entry("identity")
    token_posts = [s for s in sent if s[0] == "POST" and s[1].endswith("/auth/tokens")]
    assert len(token_posts) == 1
    assert sum(1 for s in sent if s[1].endswith("/auth/projects")) == 5


def test_cli_services_against_the_cloud(clouds_yaml):
    env = clean_environ()
    env["OS_CLIENT_CONFIG_FILE"] = str(clouds_yaml)
    done = subprocess.run(
        [sys.executable, "-m", "openstack_core", "services", "--os-cloud", "admin"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    header = done.stdout.splitlines()[0].split()
    assert header[:3] == ["SERVICE", "PLUGIN", "VERSIONS"]
    assert "CATALOG" in header


def test_cli_services_unknown_cloud_fails(clouds_yaml):
    env = clean_environ()
    env["OS_CLIENT_CONFIG_FILE"] = str(clouds_yaml)
    done = subprocess.run(
        [sys.executable, "-m", "openstack_core", "services", "--os-cloud", "nope"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode != 0
    assert "nope" in done.stderr
