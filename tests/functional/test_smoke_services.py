"""Smoke tests of the harness: Glance and Nova answer through the catalog."""

from __future__ import annotations

import time

from keystoneauth1 import adapter


def test_glance_lists_images(glance_service, admin_conn):
    image = adapter.Adapter(admin_conn.session, service_type="image", region_name="RegionOne")
    response = image.get("/v2/images")
    assert response.status_code == 200
    assert "images" in response.json()


def test_nova_boots_a_server(nova_service, demo_conn):
    compute = adapter.Adapter(
        demo_conn.session,
        service_type="compute",
        region_name="RegionOne",
        default_microversion="2.37",
    )
    body = {
        "server": {
            "name": "smoke",
            "imageRef": nova_service.ids["image"],
            "flavorRef": nova_service.ids["flavor_m1.tiny"],
            "networks": "none",
        }
    }
    server = compute.post("/servers", json=body).json()["server"]
    try:
        deadline = time.monotonic() + 120
        while True:
            status = compute.get(f"/servers/{server['id']}").json()["server"]["status"]
            if status in ("ACTIVE", "ERROR") or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert status == "ACTIVE"
    finally:
        compute.delete(f"/servers/{server['id']}")
